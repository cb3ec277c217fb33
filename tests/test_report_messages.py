"""The cohort report's drafted messages: how often each finding appeared, and the messages to read first.

A small cohort of 01-bulk-spam, with its scores given (``exports.cohort_scores`` replaced, as
tests/test_report.py does) and its messages in grading/autograded/<learner>/01-bulk-spam/responses.json
of a course made of the config and the assignment's solutions. No gradebook, no nbgrader: fast.
Finding ids and labels are never written here: they come from the checker, whose rules change.
"""

from __future__ import annotations

import html
import re
import shutil
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
from worked_answers import responses_json

from course import message_checker
from course.instructor import exports, report
from course.instructor.drafted_messages import ExerciseMessages, Message, drafted_messages, excerpt
from course.layout import CONFIG, CourseLayout

REPO = Path(__file__).resolve().parents[1]
SPAM = "01-bulk-spam"
STEPS_MAX = {"assess": 11.0, "own": 12.0, "fix": 16.0, "reflect": 9.0, "rebuild": 9.0}

GOOD = ("You're right, and I'm sorry. I emailed you from a purchased list without your consent: that was my "
        "mistake. I have removed your address and deleted the list.")
BLAME = "Sorry, but the list seller lied to us. It was their fault. Sign up for the teleclass!"
HOSTILE = 'I apologise. <img src=x onerror=alert(1)> I removed you. ' + "More words here. " * 20
# learner -> (their spam-reply, the gradebook's score of spam-reply of 3, of spam-reply-manual of 3 or None)
COHORT = {
    "ann": (GOOD, 3.0, 0.0),     # the checker gives full marks, the instructor none: a gap of 100
    "bob": (BLAME, 1.5, 1.5),    # they agree: a gap of 0
    "cat": (HOSTILE, 0.0, 2.0),  # a gap of 67
    "dan": (GOOD, 3.0, None),    # not scored by hand yet: listed as such, not as a disagreement
    "eve": (None, 0.0, 0.0),     # wrote no message (and scored 0 by hand)
}


def _learner(student: str, reply_score: float, manual: float | None):
    per_exercise = {"spam-reply": reply_score, "spam-reply-manual": manual, "spam-holding": 0.0}
    return exports.LearnerScores(
        student_id=student, total=reply_score + (manual or 0.0), max_total=57.0,
        per_step={s: 0.0 for s in STEPS_MAX} | {"own": reply_score + (manual or 0.0)}, per_step_max=STEPS_MAX,
        per_exercise=per_exercise, needs_manual_grade=manual is None)


@pytest.fixture
def course(tmp_path, monkeypatch):
    root = tmp_path / "course"
    root.mkdir()
    shutil.copy(REPO / CONFIG, root)
    layout = CourseLayout.of(root)
    shutil.copytree(REPO / "solutions" / SPAM, layout.source / SPAM, ignore=shutil.ignore_patterns("responses*.json"))
    learners = []
    for student, (message, score, manual) in COHORT.items():
        folder = layout.graded(student, SPAM)
        folder.mkdir(parents=True)
        (folder / "responses.json").write_text(responses_json({"spam-reply": message} if message else {}))
        learners.append(_learner(student, score, manual))
    monkeypatch.setattr(exports, "cohort_scores", lambda **_: learners)
    return root


def _groups(root):
    return {g.exercise.id: g for g in drafted_messages(root=root, assignment=SPAM)}


def test_each_drafted_message_exercise_with_the_cohorts_messages(course):
    groups = _groups(course)
    assert list(groups) == ["spam-holding", "spam-reply"], "every drafted message, in notebook order"
    holding, reply = groups["spam-holding"], groups["spam-reply"]
    assert holding.messages == () and holding.manual_id is None and set(holding.unanswered) == set(COHORT)
    assert [m.student_id for m in reply.messages] == ["ann", "bob", "cat", "dan"] and reply.unanswered == ("eve",)
    assert reply.manual_id == "spam-reply-manual" and reply.points == 3 and reply.manual_points == 3


def test_each_finding_is_counted_once_per_message(course):
    reply = _groups(course)["spam-reply"]
    expected = Counter()
    for student in ("ann", "bob", "cat", "dan"):  # the question cell's limit: 150 words
        expected.update({f.id for f in message_checker.check_message(COHORT[student][0], max_words=150).findings})
    counts = {finding: n for finding, _kind, n in reply.frequencies()}
    assert {f: n for f, n in counts.items() if n} == dict(expected)
    good = message_checker.check_message(GOOD, max_words=150)
    assert all(counts[f.id] >= 2 for f in good.findings), "ann and dan wrote the same words"
    components = [f for f, kind, _ in reply.frequencies() if kind == "component"]
    assert components == list(good.present + good.missing), "every component, found or not, most important first"


def test_frequencies_count_messages_not_mentions():
    def report(*found, missing=()):
        findings = tuple(SimpleNamespace(id=i, kind=k) for i, k in found)
        return SimpleNamespace(findings=findings, present=tuple(i for i, k in found if k == "component"),
                               missing=missing)

    messages = tuple(Message(s, "text", r, 0.5, None) for s, r in [
        ("a", report(("x", "component"), ("f", "red_flag"), ("g", "red_flag"), missing=("y",))),
        ("b", report(("x", "component"), ("y", "component"), ("g", "red_flag"))),
        ("c", report(("y", "component"), ("g", "red_flag"), missing=("x",))),
    ])
    group = ExerciseMessages(SimpleNamespace(id="q"), 3.0, "q-manual", 3.0, messages, ())
    assert group.frequencies() == [("x", "component", 2), ("y", "component", 2), ("g", "red_flag", 3),
                                   ("f", "red_flag", 1)]


def test_the_largest_disagreement_comes_first_and_the_unscored_apart(course):
    reply = _groups(course)["spam-reply"]
    order = [(m.student_id, round(m.automated, 2), round(m.manual, 2), round(m.gap, 2)) for m in reply.to_read_first()]
    assert order == [("ann", 1.0, 0.0, 1.0), ("cat", 0.0, 0.67, 0.67), ("bob", 0.5, 0.5, 0.0)]
    assert [m.student_id for m in reply.not_scored()] == ["dan"]


def test_a_tie_is_broken_by_learner_and_the_gradebooks_score_is_the_automated_one():
    messages = tuple(Message(s, "t", None, a, m) for s, a, m in [("z", 1.0, 0.5), ("k", 0.0, 0.5), ("m", 0.9, 0.9)])
    group = ExerciseMessages(SimpleNamespace(id="q"), 3.0, "q-manual", 3.0, messages, ())
    assert [m.student_id for m in group.to_read_first()] == ["k", "z", "m"]


def test_an_excerpt_is_one_short_line():
    assert excerpt("Hello,\n\nYou're right.") == "Hello, You're right."
    long = excerpt("word " * 100)
    assert len(long) <= 142 and long.endswith(" …") and "\n" not in long


def _section(page: str) -> str:
    match = re.search(r'<section id="drafted-messages">(.*?)</section>', page, flags=re.S)
    assert match, "no drafted-messages section"
    return match.group(1)


def test_the_report_shows_the_frequencies_and_the_messages_to_read_first(course, tmp_path):
    page = report.build_report(root=course, assignment=SPAM, path=tmp_path / "r.html").read_text(encoding="utf-8")
    section = _section(page)
    assert page.index('id="misconceptions"') < page.index('id="drafted-messages"') < page.index('id="needs-help"')
    reply = section[section.index("spam-reply ·"):]
    frequencies = reply[:reply.index("</table>")]
    for finding, kind, n in _groups(course)["spam-reply"].frequencies():
        label = html.escape(message_checker.pattern(finding).label)
        assert re.search(rf'<th scope="row">{re.escape(label)}</th><td>{kind.replace("_", " ")}</td>'
                         rf'<td class="num">{n}</td><td class="num">{round(100 * n / 4)}%</td>', frequencies), label
    first = reply[reply.index("Messages to read first"):]
    first = first[:first.index("</table>")]
    assert re.findall(r'<th scope="row">(\w+)</th>', first) == ["ann", "cat", "bob"]
    assert '<td class="num">3.00 of 3 (100%)</td><td class="num">0.00 of 3 (0%)</td><td class="num">100</td>' in first
    waiting = reply[reply.index("Not scored by hand yet"):]
    assert re.findall(r'<th scope="row">(\w+)</th>', waiting[:waiting.index("</table>")]) == ["dan"]
    assert "no message from 1 learner(s): eve" in reply
    holding = section[section.index("spam-holding ·"):section.index("spam-reply ·")]
    assert "No messages written." in holding


def test_the_learners_words_are_escaped(course, tmp_path):
    page = report.build_report(root=course, assignment=SPAM, path=tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<img src=x" not in page and html.escape("<img src=x onerror=alert(1)>") in page
    assert "More words here. More words here." in page and page.count("More words here.") < 20, "an excerpt"


def test_an_assignment_without_drafted_messages_has_no_such_section(monkeypatch, tmp_path):
    learner = exports.LearnerScores(
        student_id="ann", total=1.0, max_total=33.0,
        per_step={"assess": 1.0, "own": 0.0, "fix": 0.0, "reflect": 0.0, "rebuild": 0.0},
        per_step_max={"assess": 5.0, "own": 11.0, "fix": 5.0, "reflect": 6.0, "rebuild": 6.0},
        per_exercise={"orient-first-move": 1.0}, needs_manual_grade=False)
    monkeypatch.setattr(exports, "cohort_scores", lambda **_: [learner])
    page = report.build_report(root=REPO, assignment="00-orientation", path=tmp_path / "r.html").read_text()
    assert 'id="drafted-messages"' not in page


def test_a_long_list_of_learners_without_a_message_is_cut_short():
    students = tuple(f"s{i:02}" for i in range(13))
    assert report._names(students) == "s00, s01, s02, s03, s04, s05, s06, s07, s08, s09 and 3 more"
    assert report._names(("ann", "bob")) == "ann, bob"
