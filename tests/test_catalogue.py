"""The course's one catalogue (course.catalogue): every graded cell and widget exercise, parsed once.

Why these checks: the dashboard, the tally, the report, its misconceptions, the exports and the
feedback all read this one catalogue, so what it lists must agree with the notebooks as nbgrader
sees them. The expectations come from a second, independent reading (the notebooks' JSON with
the standard library, and the gradebook maxima the export tests work out by hand), not from the
code under test.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from course import catalogue
from course.catalogue import Catalogue, CatalogueError, ExerciseInfo, GradedCell
from course.exercises import KINDS

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENTS = ["00-orientation", "01-bulk-spam", "02-wrong-year-attachment", "03-premature-send", "04-postmortem"]
# the assignment's max in the gradebook and per rubric step, as test_exports / test_feedback find them
GRADEBOOK_MAX = {"00-orientation": 39, "01-bulk-spam": 60}
ORIENTATION_STEP_MAX = {"assess": 6, "own": 13, "fix": 6, "reflect": 8, "rebuild": 6}
# a hidden test with a literal key: grade('id', key=<a string, list, dict or number>)
LITERAL_KEY = re.compile(r"""grade\(\s*'([^']+)'\s*,\s*key\s*=\s*[\[{'"\d-]""")


def _cells(assignment: str, root: Path = REPO) -> list[dict]:
    """Every cell of the assignment's solutions, read as plain JSON (not with nbformat)."""
    found = []
    for path in sorted((root / "solutions" / assignment).glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            found.append(dict(cell, source=source, notebook=path.name))
    return found


def _graded(assignment: str) -> list[tuple[str, str, float, str]]:
    """(grade id, rubric step, points, notebook) of every grade and task cell, in notebook order."""
    return [(c["metadata"]["nbgrader"]["grade_id"], c["metadata"]["course"]["step"],
             float(c["metadata"]["nbgrader"]["points"]), c["notebook"])
            for c in _cells(assignment)
            if c["metadata"].get("nbgrader", {}).get("grade") or c["metadata"].get("nbgrader", {}).get("task")]


def _course_copy(tmp_path: Path, assignment: str) -> Path:
    """A course of one assignment in tmp_path, with the repository's nbgrader_config.py."""
    root = tmp_path / "course"
    shutil.copytree(REPO / "solutions" / assignment, root / "solutions" / assignment)
    shutil.copy(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    return root


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_grade_and_task_cell_with_its_step_and_points(assignment):
    found = catalogue.load(assignment, root=REPO)
    assert isinstance(found, Catalogue) and found.assignment == assignment
    assert [(c.grade_id, c.step, c.points, c.notebook) for c in found.graded_cells] == _graded(assignment)
    assert found.max_points == sum(points for _, _, points, _ in _graded(assignment))
    if assignment in GRADEBOOK_MAX:
        assert found.max_points == GRADEBOOK_MAX[assignment]
    assert found.steps == {grade_id: step for grade_id, step, _, _ in _graded(assignment)}
    for cell in found.graded_cells:
        assert found.step_of(cell.grade_id) == cell.step
        assert found.cell(cell.grade_id) is cell


def test_the_step_maxima_are_the_gradebooks():
    found = catalogue.load("00-orientation", root=REPO)
    per_step = {}
    for cell in found.graded_cells:
        per_step[cell.step] = per_step.get(cell.step, 0) + cell.points
    assert per_step == ORIENTATION_STEP_MAX


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_each_graded_cell_has_its_exercises_kind_or_code_or_task(assignment):
    found = catalogue.load(assignment, root=REPO)
    for cell in found.graded_cells:
        exercise = found.get(cell.grade_id)
        if exercise is not None:
            assert cell.kind == exercise.kind and cell.kind in KINDS, cell.grade_id
            assert cell.points == exercise.points, f"{cell.grade_id}: nbgrader's points and the widget's differ"
            assert cell.step == exercise.step, cell.grade_id
        else:
            assert cell.kind in ("code", "task", "written"), cell.grade_id
    kinds = {c.grade_id: c.kind for c in found.graded_cells}
    if assignment == "01-bulk-spam":
        assert kinds["spam-reply-manual"] == "task"  # the manually graded message
        assert kinds["spam-my-reflection"] == "written"  # the personal reflection, a markdown answer graded by hand


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_exercise_with_a_literal_key_in_its_hidden_test_has_a_verified_key(assignment):
    literal = {m.group(1) for c in _cells(assignment) if c["cell_type"] == "code"
               for m in LITERAL_KEY.finditer(c["source"])}
    questions = [c for c in _cells(assignment) if c["metadata"].get("nbgrader", {}).get("grade_id", "").endswith("-question")]
    found = catalogue.load(assignment, root=REPO)
    assert len(found.exercises) == len(questions)
    assert [e.label for e in found.exercises] == [f"Q{n}" for n in range(1, len(questions) + 1)]
    # every assignment has exercises with a plain key, but 04-postmortem, whose one exercise is a
    # drafted message (judged by rules) and whose write-up is checked for its form
    assert literal or all(e.kind == "drafted_message" for e in found.exercises)
    for e in found.exercises:
        assert isinstance(e, ExerciseInfo) and found.get(e.id) is e
        if e.id in literal and e.after is not None:  # one key per branch of the decision it follows
            assert e.key is None and e.branch_keys and e.key_verified, e.id
        elif e.id in literal:
            assert e.key is not None and e.key_verified, e.id
        else:
            assert e.key is None and not e.key_verified, e.id


def test_the_workshops_catalogue_is_the_same_one():
    from course.workshop import catalogue as workshop

    assert workshop.ExerciseInfo is ExerciseInfo and workshop.CatalogueError is CatalogueError
    assert workshop.load("00-orientation", root=REPO) == list(catalogue.load("00-orientation", root=REPO).exercises)


def test_an_unknown_assignment_is_one_clear_line():
    with pytest.raises(CatalogueError) as problem:
        catalogue.load("07-nope", root=REPO)
    message = str(problem.value)
    assert "\n" not in message and "'07-nope'" in message
    assert all(a in message for a in ASSIGNMENTS), "the message names the valid assignments"
    assert isinstance(problem.value, ValueError)


def test_an_unknown_grade_id_and_a_cell_without_a_step_are_one_line_each(tmp_path):
    root = _course_copy(tmp_path, "00-orientation")
    path = root / "solutions" / "00-orientation" / "orientation.ipynb"
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "orient-final-say")
    del cell.metadata["course"]
    nbformat.write(nb, path)
    found = catalogue.load("00-orientation", root=root)
    assert found.cell("orient-final-say").step is None
    assert found.step_of("orient-first-move") == "assess", "the other cells still have their step"
    for grade_id, words in (("orient-final-say", "has no"), ("no-such-cell", "no grade or task cell")):
        with pytest.raises(CatalogueError, match=words) as problem:
            found.step_of(grade_id)
        assert "\n" not in str(problem.value) and grade_id in str(problem.value)
    with pytest.raises(CatalogueError, match="orient-final-say"):
        found.steps  # noqa: B018 - the whole map refuses too


def _count_reads(monkeypatch) -> list[str]:
    reads: list[str] = []
    real = nbformat.read

    def counting(path, *args, **kwargs):
        reads.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(nbformat, "read", counting)
    return reads


def test_parsed_once_then_read_again_when_a_notebook_changes(tmp_path, monkeypatch):
    root = _course_copy(tmp_path, "01-bulk-spam")
    reads = _count_reads(monkeypatch)
    first = catalogue.load("01-bulk-spam", root=root)
    assert reads == ["bulk-spam.ipynb"]
    again = catalogue.load("01-bulk-spam", root=root)
    assert again is first and reads == ["bulk-spam.ipynb"], "a second load does not read the notebook again"

    path = root / "solutions" / "01-bulk-spam" / "bulk-spam.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == "spam-reply-manual")
    cell["metadata"]["nbgrader"]["points"] = 13  # the instructor rebuilds with the message worth more
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    changed = catalogue.load("01-bulk-spam", root=root)
    assert reads == ["bulk-spam.ipynb", "bulk-spam.ipynb"]
    assert changed.cell("spam-reply-manual").points == 13 and changed.max_points == first.max_points + 10


def test_a_folder_without_nbgrader_config_reads_solutions(tmp_path):
    root = _course_copy(tmp_path, "03-premature-send")
    (root / "nbgrader_config.py").unlink()
    bare = catalogue.load("03-premature-send", root=root)
    assert bare.graded_cells == catalogue.load("03-premature-send", root=REPO).graded_cells


def test_the_catalogue_reads_the_configured_source_folder(tmp_path):
    root = _course_copy(tmp_path, "02-wrong-year-attachment")
    (root / "solutions").rename(root / "instructor-source")
    config = root / "nbgrader_config.py"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'source_directory = "solutions"', 'source_directory = "instructor-source"'), encoding="utf-8")
    found = catalogue.load("02-wrong-year-attachment", root=root)
    assert found.graded_cells == catalogue.load("02-wrong-year-attachment", root=REPO).graded_cells
    with pytest.raises(CatalogueError, match="instructor-source"):
        catalogue.load("00-orientation", root=root)


def test_importing_the_catalogue_is_cheap():
    """Both sides import it; the learner's kernel must not pay for widgets, pandas or nbgrader."""
    code = ("import sys, course.catalogue, course.workshop.catalogue; "
            "print(sorted(m for m in ('ipywidgets', 'pandas', 'nbgrader', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_graded_cells_and_exercises_are_frozen():
    found = catalogue.load("00-orientation", root=REPO)
    for record in (found, found.graded_cells[0], found.exercises[0]):
        with pytest.raises(AttributeError):
            record.points = 99  # type: ignore[misc]
    assert isinstance(found.graded_cells, tuple) and isinstance(found.graded_cells[0], GradedCell)


def test_the_misconceptions_name_choice_kinds_by_kind_id():
    from course.instructor.misconceptions import CHOICE_KINDS

    assert set(CHOICE_KINDS) <= set(KINDS)
    assert set(CHOICE_KINDS) == {"single_choice", "multiple_choice", "ordering", "categorise", "decision"}


def test_course_grade_scores_the_cohort_once_for_feedback_and_both_exports(tmp_path, monkeypatch):
    from course.instructor import exports, feedback

    root = _course_copy(tmp_path, "00-orientation")
    (root / "grading").mkdir()
    calls, handed = [], []
    learner = exports.LearnerScores(
        student_id="ada", total=5.0, max_total=39.0, per_step=dict.fromkeys(ORIENTATION_STEP_MAX, 1.0),
        per_step_max={k: float(v) for k, v in ORIENTATION_STEP_MAX.items()}, per_exercise={},
        needs_manual_grade=False)

    def scores(**_):
        calls.append(1)
        return [learner]

    def fake_feedback(*, root, assignment, students, learners):
        handed.append(learners)
        return []

    monkeypatch.setattr(exports, "cohort_scores", scores)
    monkeypatch.setattr(feedback, "write_feedback", fake_feedback)
    monkeypatch.chdir(root)
    # the Canvas export opens the (new, empty) gradebook; nbgrader creates it by running alembic
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}")
    from course.instructor.outputs import write_outputs

    write_outputs(root=root, assignment="00-orientation", students=["ada"])
    assert len(calls) == 1, "one cohort_scores per `course grade`"
    assert handed == [[learner]]
    grades = (root / "grading" / "exports" / "00-orientation-grades.csv").read_text(encoding="utf-8")
    canvas = (root / "grading" / "exports" / "00-orientation-canvas.csv").read_text(encoding="utf-8")
    assert "ada,5,39," in grades and canvas.splitlines()[-1].endswith(",ada,,5")
