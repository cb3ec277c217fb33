"""The completion record: exact mastery figures from crafted answers, the page, and `course record`.

Why a crafted release: the figures are worked by hand from a few question cells written here (the
rules' scoring of each kind is in the comments), so they test the record's sums and not the
course's current notebooks. One test reads the real orientation with the hand-worked partial
answers of tests/worked_answers.py, whose points per step the grade export's test asserts too.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from worked_answers import PARTIAL_ANSWERS, responses_json

from course import completion
from course.answers import make_key
from course.catalogue import constructor_calls
from course.cli import main as cli
from course.commands import CommandError
from course.commands import record as record_command
from course.layout import UnknownAssignment

REPO = Path(__file__).resolve().parents[1]
DAY = date(2026, 12, 2)

PICK = ["Alpha move", "Beta move", "Gamma move"]
MANY = ["Call the client first", "Check the sent folder", "Blame the template", "Wait for the weekend"]
ORDER = ["Stop the send", "Tell the owner", "Fix the list"]
LATER = ["Keep a checklist by the send button", "Promise to be more careful"]


def _question(exercise_id: str, call: str) -> dict:
    return {"cell_type": "code", "execution_count": None, "outputs": [], "source": f"q_{exercise_id.replace('-', '_')} = {call}",
            "metadata": {"nbgrader": {"grade": False, "solution": False, "locked": True,
                                      "grade_id": f"{exercise_id}-question"}}}


def _grade_cell(exercise_id: str, step: str, points: float) -> dict:
    return {"cell_type": "code", "execution_count": None, "outputs": [], "source": f'saved("{exercise_id}")',
            "metadata": {"nbgrader": {"grade": True, "solution": False, "locked": True, "grade_id": exercise_id,
                                      "points": points},
                         "course": {"step": step, "exercise": exercise_id}}}


def _written(grade_id: str, step: str, points: float) -> dict:
    return {"cell_type": "markdown", "source": "YOUR ANSWER HERE",
            "metadata": {"nbgrader": {"grade": True, "solution": True, "locked": False, "grade_id": grade_id,
                                      "points": points}, "course": {"step": step}}}


def _key(kind: str, exercise_id: str, answer, keyed: bool) -> str:
    return f", key={make_key(kind, exercise_id, answer)!r}" if keyed else ""


def _notebook(title: str, cells: list[dict]) -> dict:
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
            "cells": [{"cell_type": "markdown", "metadata": {}, "source": [f"# {title}\n", "\n", "The story."]},
                      *cells]}


def make_release(folder: Path, *, keyed: bool = True) -> Path:
    """Two crafted assignments: 01-alpha (three exercises and a written reflection) and 02-beta
    (two exercises). ``keyed=False``: the graded flavour, no key argument anywhere."""
    alpha = [
        _question("t-pick", f"SingleChoice('t-pick', step='assess', points=2, prompt='Which first?', "
                            f"options={PICK!r}{_key('single_choice', 't-pick', 'Beta move', keyed)})"),
        _grade_cell("t-pick", "assess", 2),
        _question("t-many", f"MultipleChoice('t-many', step='own', points=3, prompt='Which help?', "
                            f"options={MANY!r}{_key('multiple_choice', 't-many', MANY[:2], keyed)})"),
        _grade_cell("t-many", "own", 3),
        _question("t-count", "Numeric('t-count', step='fix', points=2, prompt='How many?', decimals=0"
                             f"{_key('numeric', 't-count', 42, keyed)})"),
        _grade_cell("t-count", "fix", 2),
        _written("t-reflection", "reflect", 3),
    ]
    beta = [
        _question("t-order", f"Ordering('t-order', step='rebuild', points=4, prompt='In which order?', "
                             f"items={ORDER!r}{_key('ordering', 't-order', ORDER, keyed)})"),
        _grade_cell("t-order", "rebuild", 4),
        _question("t-later", f"SingleChoice('t-later', step='reflect', points=2, prompt='What now?', "
                             f"options={LATER!r}{_key('single_choice', 't-later', LATER[0], keyed)})"),
        _grade_cell("t-later", "reflect", 2),
    ]
    for name, notebook, title, cells in (("01-alpha", "alpha", "Case A: the first test", alpha),
                                         ("02-beta", "beta", "Case B: the second test", beta)):
        (folder / name).mkdir(parents=True, exist_ok=True)
        (folder / name / f"{notebook}.ipynb").write_text(json.dumps(_notebook(title, cells)), encoding="utf-8")
    return folder


def _entry(first, value, time="2026-11-24T10:00:00.000+00:00", attempts=1) -> dict:
    return {"value": value, "first": first, "time": time, "attempts": attempts}


ALPHA_ANSWERS = {
    "t-pick": dict(_entry("Alpha move", "Beta move", attempts=2),  # first wrong (0), final right (2), after
                   revealed="2026-11-24T10:05:00.000+00:00"),  # asking to see the answer
    # multiple choice scores (right - wrong) / |key|: first 1 right -> 1/2 * 3 = 1.5; final 2 right and
    # 1 wrong -> (2 - 1) / 2 * 3 = 1.5
    "t-many": _entry(MANY[:1], MANY[:3], attempts=2),
    "t-count": _entry(7, 42, time="2026-11-26T18:30:00.000+00:00", attempts=2),  # first 0, final 2
}
BETA_ANSWERS = {
    # ordering scores the share of pairs in order: the first two swapped -> 2 of 3 pairs -> 4 * 2/3 = 2.67
    "t-order": _entry(ORDER[1::-1] + ORDER[2:], ORDER[1::-1] + ORDER[2:], time="2026-11-28T09:00:00.000+00:00"),
    # t-later: not answered -> 0, and 02-beta is not completed
}


def _answers_file(folder: Path, entries: dict) -> None:
    (folder / "responses.json").write_text(json.dumps({"schema": 1, "answers": entries}), encoding="utf-8")


@pytest.fixture
def release(tmp_path) -> Path:
    folder = make_release(tmp_path / "notebooks")
    _answers_file(folder / "01-alpha", ALPHA_ANSWERS)
    _answers_file(folder / "02-beta", BETA_ANSWERS)
    return folder


@pytest.fixture
def course_root(tmp_path, release) -> Path:
    shutil.copy(REPO / "nbgrader_config.py", tmp_path)
    return tmp_path


def _by_step(record):
    return {s.step: s for s in record.steps}


# -- the figures --------------------------------------------------------------------------------


def test_first_try_and_final_per_step_are_the_worked_sums(release):
    record = completion.collect(release, made_on=DAY)
    steps = _by_step(record)
    assert [(s.step, s.first, s.final, s.possible, s.answered, s.total) for s in record.steps] == [
        ("assess", 0, 2, 2, 1, 1),
        ("own", 1.5, 1.5, 3, 1, 1),
        ("fix", 0, 2, 2, 1, 1),
        ("reflect", 0, 0, 2, 0, 1),  # t-later unanswered; the written reflection is the instructor's
        ("rebuild", 2.67, 2.67, 4, 1, 1),
    ]
    assert steps["reflect"].instructor == 3 and sum(s.instructor for s in record.steps) == 3
    assert (record.first, record.final, record.possible) == (4.17, 8.17, 13)
    assert record.unjudged == 0
    assert steps["assess"].revealed == 1 and record.revealed == 1
    assert "You asked to see the answer at 1 exercise; their final score includes what you saw" in _text(
        completion.render(record))


def test_a_case_is_completed_when_every_widget_exercise_has_a_checked_answer(release):
    record = completion.collect(release, made_on=DAY)
    alpha, beta = record.cases
    assert (alpha.assignment, alpha.title, alpha.answered, alpha.total, alpha.completed) == (
        "01-alpha", "Case A: the first test", 3, 3, True)
    assert alpha.last_answer == date(2026, 11, 26), "the date of the case's latest answer"
    assert (beta.title, beta.answered, beta.total, beta.completed) == ("Case B: the second test", 1, 2, False)
    assert [c.assignment for c in record.completed] == ["01-alpha"]
    drafts = json.loads((release / "02-beta" / "responses.json").read_text())
    drafts["drafts"] = {"t-later": LATER[0]}  # moved but never checked: not an answer
    (release / "02-beta" / "responses.json").write_text(json.dumps(drafts))
    assert not completion.collect(release).cases[1].completed


def test_only_the_assignments_asked_for(release):
    record = completion.collect(release, assignments=["02-beta"], made_on=DAY)
    assert [c.assignment for c in record.cases] == ["02-beta"]
    assert (record.first, record.final, record.possible) == (2.67, 2.67, 6)


def test_an_entry_from_before_first_tries_were_kept_counts_its_answer_as_both(release):
    _answers_file(release / "01-alpha", {"t-pick": {"value": "Beta move", "time": "2026-11-24T10:00:00+00:00",
                                                    "attempts": 1}})
    steps = _by_step(completion.collect(release))
    assert (steps["assess"].first, steps["assess"].final) == (2, 2)


def test_the_real_orientation_with_the_worked_partial_answers(tmp_path):
    """The worked partial answers' points per step (tests/test_exports.py asserts the same sums
    from the gradebook): the record judges as grading does."""
    release = tmp_path / "notebooks"
    shutil.copytree(REPO / "notebooks" / "00-orientation", release / "00-orientation",
                    ignore=shutil.ignore_patterns("responses*.json"))
    (release / "00-orientation" / "responses.json").write_text(responses_json(PARTIAL_ANSWERS))
    record = completion.collect(release)
    assert {s.step: s.first for s in record.steps} == pytest.approx(
        {"assess": 4, "own": 5.7, "fix": 4.5, "reflect": 7.4, "rebuild": 0})
    assert {s.step: s.final for s in record.steps} == {s.step: s.first for s in record.steps}
    assert {s.step: s.possible for s in record.steps} == {"assess": 6, "own": 13, "fix": 6, "reflect": 8, "rebuild": 6}
    assert record.cases[0].title.startswith("Orientation")
    assert (record.cases[0].answered, record.cases[0].completed) == (len(PARTIAL_ANSWERS), False)


def test_a_graded_release_says_what_was_answered_and_scores_nothing(tmp_path):
    release = make_release(tmp_path / "notebooks", keyed=False)
    _answers_file(release / "01-alpha", ALPHA_ANSWERS)
    record = completion.collect(release, made_on=DAY)
    assert record.possible == 0 and record.first == record.final == 0
    assert record.unjudged == record.keyless == 5 and record.answered == 3
    assert [c.completed for c in record.cases] == [True, False]
    assert "3 exercises answered" in completion.summary_line(record)
    page = _text(completion.render(record))
    assert "5 of the exercises came without their answer key" in page
    assert "First try" in page and "%" not in page.split("Mastery per rubric step")[1].split("Cases")[0]


def test_a_drafted_message_counts_by_its_checklist_and_never_shows(tmp_path):
    release = tmp_path / "notebooks"
    (release / "01-msg").mkdir(parents=True)
    cells = [_question("t-msg", "DraftedMessage('t-msg', step='own', points=3, prompt='Write to them.')"),
             _grade_cell("t-msg", "own", 3)]
    (release / "01-msg" / "msg.ipynb").write_text(json.dumps(_notebook("Case M: a message", cells)))
    message = "I sent the wrong file this morning. That was my mistake. The right one is attached, and I check before sending now."
    _answers_file(release / "01-msg", {"t-msg": _entry(message, message)})
    record = completion.collect(release)
    own = _by_step(record)["own"]
    assert own.possible == 3 and 0 < own.final <= 3 and own.first == own.final
    assert record.cases[0].completed
    assert "wrong file" not in completion.render(record)


# -- the page -----------------------------------------------------------------------------------


def _text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _every_option_and_item(release: Path) -> set[str]:
    found = set()
    for notebook in release.glob("*/*.ipynb"):
        for cell in json.loads(notebook.read_text())["cells"]:
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            for call in constructor_calls(source) if cell["cell_type"] == "code" else ():
                found.update(call.get("options") or call.get("items") or ())
                found.update(call.get("categories") or ())
                found.add(call.get("prompt", ""))
    return {f for f in found if f}


def _answer_texts(value) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return {str(k) for k in value} | {str(v) for v in value.values()}
    if isinstance(value, list):
        return {str(v) for v in value}
    return {str(value)} if len(str(value)) > 2 else set()


def test_no_answer_option_item_or_prompt_text_appears_on_the_page(release, tmp_path):
    page = completion.render(completion.collect(release, name="Ada Lovelace", made_on=DAY))
    answers = {t for entry in {**ALPHA_ANSWERS, **BETA_ANSWERS}.values()
               for t in _answer_texts(entry["value"]) | _answer_texts(entry["first"])}
    for text in _every_option_and_item(release) | answers:
        assert text not in page and text not in html.unescape(page), text
    # the real orientation, every option, item and category of it, with the worked answers
    real = tmp_path / "real"
    shutil.copytree(REPO / "notebooks" / "00-orientation", real / "00-orientation",
                    ignore=shutil.ignore_patterns("responses*.json"))
    (real / "00-orientation" / "responses.json").write_text(responses_json(PARTIAL_ANSWERS))
    page = html.unescape(completion.render(completion.collect(real)))
    leaks = [t for t in _every_option_and_item(real) | {t for v in PARTIAL_ANSWERS.values() for t in _answer_texts(v)}
             if t in page]
    assert not leaks


def test_the_page_is_one_accessible_printable_page(release):
    page = completion.render(completion.collect(release, name="Ada <Lovelace>", made_on=DAY))
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert page.count("<main>") == 1 and page.count("<h1>") == 1 and page.count("<h2 ") == 2
    assert "<title>" in page and '<meta charset="utf-8">' in page
    assert "Ada &lt;Lovelace&gt;" in page and "<Lovelace>" not in page, "the name is escaped"
    unnamed = completion.render(completion.collect(release, made_on=DAY))
    assert "This record belongs to" in unnamed and "(space for a name)" in unnamed, "a line to write a name on"
    assert page.count("<table>") == 2 and page.count("<caption>") == 2
    assert page.count("<th scope=\"col\">") == 8
    assert page.count("<th scope='row'>") == 5 + 2, "a row header per rubric step and per case"
    assert "1 Assess the damage" in page and "Case A: the first test" in page
    assert '<time datetime="2026-12-02">2 December 2026</time>' in page
    for widget in ("<script", "<input", "<button", "<form", "<iframe", "<img", "<canvas", "<svg"):
        assert widget not in page, widget
    style = page.split("<style>")[1].split("</style>")[0]
    assert "@page" in style and "@media print" in style and "break-inside: avoid" in style
    assert "background-color" not in style and "url(" not in style, "nothing that a printer drops or fetches"


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_colour_on_the_page_reads_in_black_and_white():
    """WCAG's contrast ratio against the white page: 7:1 (AAA) for every text and border colour."""
    colours = set(re.findall(r"#[0-9a-fA-F]{6}\b", completion.STYLE)) - {"#ffffff"}
    assert colours
    for colour in colours:
        assert (1.05) / (_luminance(colour) + 0.05) >= 7, colour


def test_the_summary_line(release):
    record = completion.collect(release, made_on=DAY)
    assert completion.summary_line(record) == (
        "1 of 2 cases completed; final 63% and first try 32% of 13 points judged here")


# -- writing, and the command -------------------------------------------------------------------


def test_writing_replaces_the_record_whole_or_not_at_all(release, monkeypatch):
    path, _ = completion.write_record(release, name="Ada", made_on=DAY)
    assert path == release / "completion-record.html"
    good = path.read_text()

    def broken(record):
        raise RuntimeError("rendering failed")

    monkeypatch.setattr(completion, "render", broken)
    with pytest.raises(RuntimeError):
        completion.write_record(release)
    monkeypatch.undo()
    with pytest.raises(completion.RecordError, match="no exercise has a checked answer"):
        for folder in release.iterdir():
            if folder.is_dir():
                (folder / "responses.json").unlink()
        completion.write_record(release)
    assert path.read_text() == good
    assert sorted(p.name for p in release.iterdir() if p.is_file()) == ["completion-record.html"], "no temporary left"


def test_course_record_writes_and_says_where(course_root, capsys, monkeypatch):
    monkeypatch.chdir(course_root)
    assert cli(["record", "--name", "Ada Lovelace"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["completion record: notebooks/completion-record.html (open it in a browser; it prints to one "
                   "page, or to PDF)",
                   "1 of 2 cases completed; final 63% and first try 32% of 13 points judged here"]
    page = (course_root / "notebooks" / "completion-record.html").read_text()
    assert "Ada Lovelace" in page
    assert cli(["record", "01-alpha", "--to", str(course_root / "mine.html")]) == 0
    assert "1 of 1 cases completed" in capsys.readouterr().out
    assert (course_root / "mine.html").is_file()


@pytest.mark.parametrize("argv, message", [
    (["record", "99-nothing"], "no assignment '99-nothing' in notebooks/; valid assignments: 01-alpha, 02-beta"),
    (["record", "--to", "missing/folder/record.html"], "the folder missing/folder does not exist"),
])
def test_course_record_refuses_bad_input_in_one_line(course_root, capsys, monkeypatch, argv, message):
    monkeypatch.chdir(course_root)
    (course_root / "notebooks" / "completion-record.html").write_text("an earlier record")
    assert cli(argv) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and message in captured.err and "Traceback" not in captured.err
    assert (course_root / "notebooks" / "completion-record.html").read_text() == "an earlier record"


def test_course_record_before_any_answer(course_root, capsys, monkeypatch):
    monkeypatch.chdir(course_root)
    for answers in (course_root / "notebooks").glob("*/responses.json"):
        answers.unlink()
    assert cli(["record"]) == 2
    assert capsys.readouterr().err == ("course: error: no exercise has a checked answer yet: answer the exercises of "
                                       "an assignment, then make the record\n")
    with pytest.raises(CommandError):
        record_command.main(root=course_root)
    with pytest.raises(UnknownAssignment):
        record_command.main(assignments=["nope"], root=course_root)


def test_course_record_without_a_release(tmp_path, capsys, monkeypatch):
    shutil.copy(REPO / "nbgrader_config.py", tmp_path)
    monkeypatch.chdir(tmp_path)
    assert cli(["record"]) == 2
    assert "no assignments in notebooks" in capsys.readouterr().err


def test_a_corrupt_answers_file_is_set_aside_with_one_line_and_the_rest_still_counts(course_root, capsys,
                                                                                      monkeypatch):
    monkeypatch.chdir(course_root)
    (course_root / "notebooks" / "02-beta" / "responses.json").write_text("{not json")
    assert cli(["record"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("02-beta: responses.json could not be read because it is not valid JSON")
    assert list((course_root / "notebooks" / "02-beta").glob("responses.corrupt-*.json"))
    # 01-alpha alone: final 2 + 1.5 + 2 = 5.5 and first try 1.5, of the 13 points of both cases
    assert out.splitlines()[-1] == "1 of 2 cases completed; final 42% and first try 12% of 13 points judged here"
    (course_root / "notebooks" / "01-alpha" / "responses.json").write_text("[]")
    assert cli(["record"]) == 2
    captured = capsys.readouterr()
    assert "no exercise has a checked answer yet" in captured.err and "Traceback" not in captured.err + captured.out


# -- from a notebook cell -------------------------------------------------------------------------


def test_show_record_writes_the_file_and_shows_a_link(release, monkeypatch, capsys):
    monkeypatch.chdir(release / "02-beta")
    monkeypatch.delenv("COURSE_NO_FRONTEND", raising=False)
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, **kw: shown.append(obj))
    assert completion.show_record(name="Ada") is None
    assert (release / "completion-record.html").is_file()
    bundle = shown[0]._repr_mimebundle_()
    assert "href='../completion-record.html'" in bundle["text/html"]
    assert "1 of 2 cases completed" in bundle["text/plain"]


def test_show_record_never_raises_and_writes_nothing_while_grading(release, monkeypatch, capsys):
    from course.speedups import NO_FRONTEND

    monkeypatch.chdir(release / "02-beta")
    monkeypatch.setenv(NO_FRONTEND, "1")
    completion.show_record()
    assert not (release / "completion-record.html").exists()
    assert capsys.readouterr().out.count("\n") == 1
    monkeypatch.delenv(NO_FRONTEND)
    for answers in release.glob("*/responses.json"):
        answers.unlink()
    completion.show_record()
    assert capsys.readouterr().out == ("No completion record yet: no exercise has a checked answer yet: answer the "
                                       "exercises of an assignment, then make the record.\n")


def test_importing_the_record_imports_no_widgets_and_nothing_of_the_instructor():
    code = ("import sys, course.completion; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('ipywidgets', 'nbgrader') "
            "or m.startswith('course.instructor')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(REPO)}).stdout
    assert out.strip() == "[]"


def test_a_notebook_that_cannot_be_read_is_one_line(course_root, capsys, monkeypatch):
    monkeypatch.chdir(course_root)
    (course_root / "notebooks" / "02-beta" / "beta.ipynb").write_text("{half a notebook")
    assert cli(["record"]) == 2
    assert capsys.readouterr().err == ("course: error: 02-beta/beta.ipynb cannot be read as a notebook; fetch or "
                                       "build that assignment again\n")


def test_a_question_cell_these_rules_cannot_build_counts_as_answered_and_is_said_so(release):
    notebook = release / "02-beta" / "beta.ipynb"
    nb = json.loads(notebook.read_text())
    cell = next(c for c in nb["cells"] if "t-order" in c["source"])
    cell["source"] = cell["source"].replace("key=[", "key={'one branch': [").replace("])", "]})")
    notebook.write_text(json.dumps(nb))
    record = completion.collect(release)
    rebuild = _by_step(record)["rebuild"]
    assert (rebuild.possible, rebuild.answered, rebuild.total, rebuild.unjudged, rebuild.keyless) == (0, 1, 1, 1, 0)
    assert record.cases[1].answered == 1
    assert "1 of the exercises could not be scored by this version of the course" in _text(completion.render(record))


def test_a_case_that_unfolds_counts_the_learners_own_branch_and_their_first_decision(tmp_path):
    """Case 01's decision (issue 17): a learner who first blasted the apology, then explored the quiet
    way, is scored on the blast (0 of 2, first and final alike), and their day-two rate on the blast's
    branch (1.584%, right there: 1 of 1); the other branch's figure would be wrong on theirs."""
    release = tmp_path / "notebooks"
    shutil.copytree(REPO / "notebooks" / "01-bulk-spam", release / "01-bulk-spam",
                    ignore=shutil.ignore_patterns("responses*.json", ".responses*"))
    blast = "Email one short apology to all 10,000 today, as the speaker asks"
    quiet = "Answer the people who wrote, one by one, and email nobody else"
    _answers_file(release / "01-bulk-spam", {"spam-sorry-send": _entry(blast, quiet, attempts=2),
                                             "spam-day-two-rate": _entry(1.584, 1.584)})
    record = completion.collect(release)
    by_step = {s.step: s for s in record.steps}
    assert (by_step["fix"].first, by_step["fix"].final) == (0, 0)
    assert (by_step["assess"].first, by_step["assess"].final) == (1, 1)
    _answers_file(release / "01-bulk-spam", {"spam-sorry-send": _entry(blast, blast),
                                             "spam-day-two-rate": _entry(0.042, 0.042)})
    assert {s.step: s.final for s in completion.collect(release).steps}["assess"] == 0
