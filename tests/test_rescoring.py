"""The course's own scoring of a submission, outside the learner's kernel, piece by piece (no nbgrader).

tests/test_hostile_cohort.py runs it end to end on a cohort of cheats; here each piece is checked
on the course's own notebooks: which cells can be scored outside the kernel, that doing so gives
each cell's full points for the right answers and nothing for a forged answers file, that a code
answer counts only where the notebook gives it, and that the tampering scan names the cheats and
nothing of an honest notebook.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cheats import FORGE_DISPLAY, PATCH_MODULE, READ_SOLUTIONS, REBIND_NAMES, SILENCE_DISPLAY, WRITE_KEYS
from worked_answers import NAIVE_GUARD, responses_json

from course import catalogue
from course.answers.ordering import orders_of
from course.instructor import rescoring
from course.instructor.scored_answers import answers_file
from course.instructor.source_cells import source_cells
from course.instructor.tampering import _editable_code, _locked, touches
from course.layout import CourseLayout

REPO = Path(__file__).resolve().parents[1]
LAYOUT = CourseLayout.of(REPO)
ASSIGNMENTS = LAYOUT.assignments()


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_widget_grade_cell_is_scored_outside_the_kernel_and_learner_code_is_not(assignment):
    specs, cells = source_cells(LAYOUT, assignment)
    widgets = {e.id for e in catalogue.load(assignment, root=REPO).exercises}
    outside = {c.grade_id for c in cells if c.outside}
    assert widgets <= outside
    assert widgets <= set(specs)
    assert "wrong-guard" not in outside  # it needs the learner's function
    if assignment == "03-premature-send":
        # both check a saved drafted message only (the complete email is no longer typed into a cell)
        assert {"premature-follow-up-content", "premature-complete"} <= outside


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_right_answers_score_full_points_outside_the_kernel(assignment, tmp_path):
    specs, cells = source_cells(LAYOUT, assignment)
    # an ordering with several acceptable orders has them all as its key: its first is a right answer
    keys = {e.id: orders_of(e.key)[0] if e.kind == "ordering" else e.key
            for e in catalogue.load(assignment, root=REPO).exercises if e.key is not None}
    answers = tmp_path / "responses.json"
    answers.write_text(responses_json(keys))
    for cell in cells:
        if cell.grade_id in keys:
            assert rescoring.score_outside(cell, specs, answers) == cell.points, cell.grade_id


def _forged(ids: list[str]) -> str:
    odd = [{"nested": [1, {"x": None}]}, 10 ** 400, ["a"] * 3, None, True, -1.5, "x" * 100_000, [[["deep"]]]]
    answers = {i: {"value": odd[n % len(odd)], "attempts": "many", "time": 5} for n, i in enumerate(ids)}
    answers.update({"no-such-exercise": {"value": 1}, "../x": {"value": 1}, "": 3})
    return json.dumps({"schema": 1, "answers": answers, "from_code": {i: {"a": [1]} for i in ids}})


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
@pytest.mark.parametrize("forged", ["types", "huge", "not-json", "not-a-dict"])
def test_a_forged_answers_file_scores_nothing_and_raises_nothing(assignment, forged, tmp_path):
    specs, cells = source_cells(LAYOUT, assignment)
    ids = sorted(specs)
    text = {"types": _forged(ids), "huge": json.dumps({"schema": 1, "answers": {}, "pad": "x" * 6_000_000}),
            "not-json": "{'answers': oops", "not-a-dict": "[1, 2, 3]"}[forged]
    submitted, graded = tmp_path / "submitted", tmp_path / "graded"
    for folder in (submitted, graded):
        folder.mkdir()
        (folder / "responses.json").write_text(text)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    answers, reasons = answers_file(submitted, graded, specs, scratch)
    for cell in cells:
        if cell.outside:
            assert rescoring.score_outside(cell, specs, answers) in (0.0, None), cell.grade_id


def test_an_answers_file_handed_in_as_a_link_is_not_read(tmp_path):
    """A submission's responses.json that links to another learner's (or any file the instructor
    can read) scores as no answers at all, with one reason."""
    assignment = "00-orientation"
    specs, cells = source_cells(LAYOUT, assignment)
    # an ordering with several acceptable orders has them all as its key: its first is a right answer
    keys = {e.id: orders_of(e.key)[0] if e.kind == "ordering" else e.key
            for e in catalogue.load(assignment, root=REPO).exercises if e.key is not None}
    classmate, submitted, graded, scratch = (tmp_path / n for n in ("classmate", "submitted", "graded", "scratch"))
    for folder in (classmate, submitted, graded, scratch):
        folder.mkdir()
    (classmate / "responses.json").write_text(responses_json(keys))
    (submitted / "responses.json").symlink_to(classmate / "responses.json")
    answers, reasons = answers_file(submitted, graded, specs, scratch)
    assert reasons == ["responses.json was handed in as a symbolic link; it was not read"]
    assert not answers.exists()
    for cell in cells:
        if cell.outside and cell.grade_id in keys:
            assert rescoring.score_outside(cell, specs, answers) in (0.0, None), cell.grade_id


def test_a_code_answer_counts_only_where_a_cell_of_the_notebook_gives_it(tmp_path):
    assignment = "00-orientation"
    specs, cells = source_cells(LAYOUT, assignment)
    # an ordering with several acceptable orders (orient-team-guide): the notebook answers with its first
    keys = {e.id: orders_of(e.key)[0] if e.kind == "ordering" else e.key
            for e in catalogue.load(assignment, root=REPO).exercises}
    submitted, graded, scratch = tmp_path / "submitted", tmp_path / "graded", tmp_path / "scratch"
    for folder in (submitted, graded, scratch):
        folder.mkdir()
    # the instructor's notebook answers every exercise in code: each of those answers counts
    shutil.copy(LAYOUT.source / assignment / "orientation.ipynb", submitted)
    entries = {k: {"value": v, "time": "2026-12-01T10:00:00.000+00:00", "attempts": 1} for k, v in keys.items()}
    (graded / "responses.json").write_text(json.dumps({"schema": 1, "answers": entries, "from_code": keys}))
    answers, reasons = answers_file(submitted, graded, specs, scratch)
    assert not reasons
    assert set(json.loads(answers.read_text())["answers"]) == set(keys)
    # the learner notebook gives none of them: the same record, written by a kernel, counts for nothing
    (submitted / "orientation.ipynb").unlink()
    shutil.copy(LAYOUT.release / assignment / "orientation.ipynb", submitted)
    (scratch / "responses.json").unlink()
    answers, reasons = answers_file(submitted, graded, specs, scratch)
    assert "no cell of the notebook gives" in reasons[0]
    assert not answers.exists()
    # a written-out answer counts only as written: another value under the same call is refused
    nb = json.loads((LAYOUT.source / assignment / "orientation.ipynb").read_text())
    (submitted / "orientation.ipynb").write_text(json.dumps(nb))
    wrong = dict(keys, **{"orient-first-move": "Email the client at once with a full apology and an explanation"})
    (graded / "responses.json").write_text(json.dumps({"schema": 1, "answers": {}, "from_code": wrong}))
    for leftover in scratch.iterdir():
        leftover.unlink()
    answers, reasons = answers_file(submitted, graded, specs, scratch)
    assert reasons and "(orient-first-move)" in reasons[0]
    assert set(json.loads(answers.read_text())["answers"]) == set(keys) - {"orient-first-move"}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_honest_editable_cell_touches_the_grading_machinery(assignment):
    locked = _locked(LAYOUT, assignment)
    for folder in (LAYOUT.source, LAYOUT.release):
        for path in sorted((folder / assignment).glob("*.ipynb")):
            for source in _editable_code(path, locked):
                assert touches(source) == [], (path.name, source[:80])
    assert touches(NAIVE_GUARD) == []


@pytest.mark.parametrize("cheat, expected", [
    (REBIND_NAMES, "rebinds grade"), (PATCH_MODULE, "import course.grading"), (SILENCE_DISPLAY, ".displayhook"),
    (FORGE_DISPLAY, "get_ipython"),
    (READ_SOLUTIONS, "'solutions'"), (WRITE_KEYS.format(keys={"a": 1}), "'responses.json'"),
    ("sys.modules['course.grading'] = None", ".modules"), ("import builtins\nbuiltins.all = any", "import builtins"),
    ("import os\nos._exit(0)", "._exit"), ("%config ZMQInteractiveShell.ast_node_interactivity = 'none'", "%config"),
    ("all = lambda *a: True", "rebinds all"), ("import gc, ctypes", "import ctypes"),
    ("!cat ../../../solutions/*/*.ipynb", "!cat"),
])
def test_the_tampering_scan_names_what_a_cheat_touches(cheat, expected):
    assert any(expected in found for found in touches(cheat)), touches(cheat)
