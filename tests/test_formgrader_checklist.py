"""The instructor sees a drafted message beside its checklist, right above the manual score.

A drafted message's hidden test (``grade('spam-reply')``) prints its text review, as every grade
cell does, and in a kernel also displays the message (left) and the checker's checklist (right) as
HTML (:meth:`course.answers.drafted_message.DraftedMessageRules.review_display`). Formgrader shows
that output just above the ``spam-reply-manual`` task cell the instructor scores; the feedback
shows it to the learner. Outside a kernel (plain Python, ``course grade``'s rescoring) nothing is
displayed and the score is the same.

The fast tests check the block and where it is displayed; the slow ones grade a small 01-bulk-spam
cohort with ``course grade`` (tests/message_cohort.py) and read the autograded notebooks and the
feedback. tests/test_browser_formgrader.py opens formgrader's manual-grading page on it.
"""

from __future__ import annotations

import html
import json
import re

import pytest

from course import message_checker
from course.answers.drafted_message import DraftedMessageRules, plain_checklist, side_by_side
from course.exercises import DraftedMessage
from course.grading import grade

HOSTILE = 'It was the vendor\'s fault, not mine. <script>alert("x")</script>\nSign up for our webinar & save!'
GOOD = ("I'm sorry: I sent you last year's figures, and that was my mistake. "
        "Here are the right ones, and I now check the year before I send.")


def _message(store, points=3):
    return DraftedMessage("reply", step="own", points=points, prompt="Your reply", max_words=150, store=store)


class _Kernel:
    """Stands in for IPython's shell inside a kernel (``get_ipython().kernel`` is set there)."""

    kernel = object()


@pytest.fixture
def shown(monkeypatch):
    """What grade() displays: each bundle handed to IPython's display, as in a kernel."""
    import IPython
    import IPython.display

    bundles = []
    monkeypatch.setattr(IPython, "get_ipython", lambda: _Kernel())
    monkeypatch.setattr(IPython.display, "display", lambda obj, raw=False: bundles.append((obj, raw)))
    return bundles


def test_the_block_puts_the_message_left_and_the_checklist_right_escaped():
    report = message_checker.check_message(HOSTILE, max_words=150)
    block = side_by_side(HOSTILE, report)
    assert "<script>" not in block and html.escape(HOSTILE) in block, "the learner's text is escaped, line breaks kept"
    checklist = message_checker.checklist_html(report)
    assert checklist in block, "the checker's own checklist, through its public API"
    assert block.index(html.escape(HOSTILE)) < block.index(checklist), "the message first (left), the checklist after"
    assert "flex-wrap:wrap" in block and "white-space:pre-wrap" in block, "two columns that wrap on a narrow screen"
    assert f"The message ({len(HOSTILE.split())} words)" in block
    assert 'role="group"' in block and "aria-label=" in block


def test_the_plain_text_names_every_finding_by_its_label():
    report = message_checker.check_message(HOSTILE, max_words=150)
    text = plain_checklist(report)
    for finding in report.findings:
        assert finding.label in text and finding.quote in text
    for component in report.missing:
        assert f"{message_checker.pattern(component).label}: missing" in text
    assert ("no red flags found" in text) == (not report.red_flags)


def test_an_empty_message_shows_as_empty():
    block = side_by_side("   ", message_checker.check_message("   "))
    assert "(empty)" in block and "(0 words)" in block


def test_in_a_kernel_grade_displays_the_block_after_its_text_review(store, capsys, shown):
    _message(store).answer(HOSTILE)
    earned = grade("reply")
    out, err = capsys.readouterr()
    assert err == "" and out.startswith("reply · ") and HOSTILE.strip() in out, "the text review stays on stdout"
    [(bundle, raw)] = shown
    rules = DraftedMessageRules("reply", step="own", points=3, max_words=150)
    report = rules.report(HOSTILE)
    assert raw and bundle == {"text/html": side_by_side(HOSTILE, report), "text/plain": plain_checklist(report)}
    assert earned == round(3 * report.score, 2), "displaying changes no score"


def test_outside_a_kernel_grade_displays_nothing_and_scores_the_same(store, capsys, monkeypatch):
    import IPython
    import IPython.display

    bundles = []
    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: bundles.append(a))
    monkeypatch.setattr(IPython, "get_ipython", lambda: None)  # plain python: no shell at all
    _message(store).answer(GOOD)
    earned = grade("reply")
    assert bundles == [] and GOOD in capsys.readouterr().out
    assert earned == round(3 * message_checker.check_message(GOOD, max_words=150).score, 2)


def test_other_kinds_display_nothing(store, shown):
    from samples import SC_OPTIONS, SC_RIGHT

    from course.exercises import SingleChoice, make_key

    SingleChoice("sc", options=SC_OPTIONS, step="assess", points=2, prompt="First move?",
                 key=make_key("single_choice", "sc", SC_RIGHT), store=store).answer(SC_RIGHT)
    grade("sc", key=SC_RIGHT)
    assert shown == []


def test_no_answer_displays_nothing(store, capsys, shown):
    _message(store)
    assert grade("reply") == 0.0
    assert shown == [] and "no answer was saved" in capsys.readouterr().out


# -- the graded notebook, the feedback (slow: nbgrader and course grade) ---------------------------------------


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    from message_cohort import graded_spam_course

    return graded_spam_course(tmp_path_factory.mktemp("formgrader-checklist") / "course")


def _cell(root, student, grade_id):
    from message_cohort import NOTEBOOK

    from course.layout import CourseLayout

    nb = json.loads((CourseLayout.of(root).graded(student, "01-bulk-spam") / NOTEBOOK).read_text(encoding="utf-8"))
    cells = nb["cells"]
    index = next(i for i, c in enumerate(cells) if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id)
    return cells, index


def _outputs(cell) -> list[dict]:
    """The cell's outputs, a print that reached the notebook in several stream messages as one
    (a busy kernel may flush stdout in pieces)."""
    merged: list[dict] = []
    for output in cell["outputs"]:
        text = "".join(output["text"]) if output["output_type"] == "stream" else None
        if text is not None and merged and merged[-1]["output_type"] == "stream" and merged[-1]["name"] == output["name"]:
            merged[-1]["text"] += text
        else:
            merged.append(dict(output, text=text) if text is not None else output)
    return merged


def _saved_message(root, student, exercise_id):
    from course.layout import CourseLayout
    from course.responses import load_answers

    return load_answers(CourseLayout.of(root).graded(student, "01-bulk-spam") / "responses.json")[exercise_id].value


@pytest.mark.slow
@pytest.mark.parametrize("student", ["perfect", "hostile"])
def test_the_autograded_test_cell_shows_the_message_beside_its_checklist(graded, student):
    from message_cohort import HOSTILE_REPLY

    cells, index = _cell(graded, student, "spam-reply")
    message = _saved_message(graded, student, "spam-reply")
    if student == "hostile":
        assert message == HOSTILE_REPLY
    outputs = _outputs(cells[index])
    kinds = [o["output_type"] for o in outputs]
    assert kinds == ["stream", "display_data", "execute_result"], kinds
    assert outputs[0]["name"] == "stdout" and outputs[0]["text"].startswith("spam-reply · ")
    shown = "".join(outputs[1]["data"]["text/html"])
    report = message_checker.check_message(message, max_words=150)  # the question cell's max_words
    assert message_checker.checklist_html(report) in shown
    assert html.escape(message.strip()) in shown
    assert shown.index(html.escape(message.strip())) < shown.index('class="message-checklist"')
    assert "<script>" not in shown
    assert float("".join(outputs[2]["data"]["text/plain"])) == round(3 * report.score, 2)
    # right above the instructor's score: the next cell is the manually graded task
    below = cells[index + 1]["metadata"]["nbgrader"]
    assert below["grade_id"] == "spam-reply-manual" and below["task"]


@pytest.mark.slow
def test_no_message_no_checklist(graded):
    cells, index = _cell(graded, "blank", "spam-reply")
    assert [o["output_type"] for o in _outputs(cells[index])] == ["stream", "execute_result"]


@pytest.mark.slow
def test_the_feedback_shows_the_checklist_beside_the_message_and_no_key(graded):
    from message_cohort import HOSTILE_REPLY

    from course.instructor.feedback import write_feedback

    written = {p.parent.parent.name: p for p in write_feedback(root=graded, assignment="01-bulk-spam")}
    page = written["hostile"].read_text(encoding="utf-8")
    assert '<script>alert("x")</script>' not in page
    # nbconvert writes the output's HTML again (attributes in another order): read it, not its bytes
    block = page[page.index('class="course-message-review"'):]
    assert block.index(html.escape(HOSTILE_REPLY.strip(), quote=False)) < block.index('class="message-checklist"')
    report = message_checker.check_message(HOSTILE_REPLY, max_words=150)
    checklist = block[block.index('class="message-checklist"'):]
    checklist = checklist[:checklist.index("</section>")]
    for component in (*report.present, *report.missing):
        assert f"<strong>{html.escape(message_checker.pattern(component).label, quote=False)}</strong>" in checklist
    for finding in report.findings:
        assert html.escape(finding.quote, quote=False) in checklist
    assert "BEGIN HIDDEN TESTS" not in page and not re.search(r"grade\(\s*['\"]spam-reply", page)
    perfect = written["perfect"].read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in perfect and 'class="course-message-review"' in perfect


@pytest.mark.slow
def test_the_report_reads_both_scores_from_the_gradebook(graded, tmp_path):
    """End to end: the manual score given as formgrader gives it, the report's messages to read first."""
    from cohort import copy_course

    from course.instructor import report
    from course.instructor.nbgrader_api import gradebook
    from course.layout import CourseLayout

    root = copy_course(graded, tmp_path / "course")
    with gradebook(CourseLayout.of(root)) as gb:  # as tests/exchange_roles.py's score(): formgrader's way
        grade_ = gb.find_grade_by_id(gb.find_grade("spam-reply-manual", "bulk-spam", "01-bulk-spam", "perfect").id)
        grade_.manual_score = 0.0
        grade_.needs_manual_grade = False
        gb.db.commit()
    page = report.build_report(root=root, assignment="01-bulk-spam").read_text(encoding="utf-8")
    section = re.search(r'<section id="drafted-messages">(.*?)</section>', page, flags=re.S).group(1)
    reply = section[section.index("spam-reply ·"):]
    assert "2 message(s); no message from 1 learner(s): blank" in reply
    first = reply[reply.index("Messages to read first"):]
    first = first[:first.index("</table>")]
    automated = message_checker.check_message(_saved_message(root, "perfect", "spam-reply"), max_words=150).score
    assert re.findall(r'<th scope="row">(\w+)</th>', first) == ["perfect"]
    # the gradebook's automated score (3 points times the checker's score, to 2 places) against 0 by hand
    assert f'<td class="num">{round(3 * automated, 2):.2f} of 3' in first and "0.00 of 3 (0%)" in first
    waiting = reply[reply.index("Not scored by hand yet"):]
    assert re.findall(r'<th scope="row">(\w+)</th>', waiting[:waiting.index("</table>")]) == ["hostile"]
