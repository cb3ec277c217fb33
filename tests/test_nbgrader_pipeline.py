"""The whole nbgrader pipeline on a copy of the course: build, then autograde three submissions.

Why a copy: building writes a gradebook and autograding writes grading/, and neither may touch
the repository. The course is the session's shared one (tests/cohort.py): built once, with three
learners per assignment graded by plain nbgrader. The expected scores of the partial submission
are worked out by hand in tests/worked_answers.py, exercise by exercise, so that the test checks
the grading rules rather than repeating them.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from worked_answers import (  # noqa: F401 (re-exported: other tests import the worked answers from here)
    ASSIGNMENTS,
    PARTIAL_ANSWERS,
    PARTIAL_EXPECTED,
    SOLUTION_RUN_ANSWERS,
    SPAM_PARTIAL_EXPECTED,
    _spam_partial_answers,
)

from course.instructor import nbgrader_api
from course.layout import CourseLayout

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENT = "00-orientation"  # the assignment whose responses are checked in detail
STUDENTS = ("blank", "perfect", "partial")


@pytest.fixture(scope="module")
def graded(graded_cohort):
    """The shared cohort's root, and per assignment and student: (score per exercise, total, manual cells)."""
    from nbgrader.api import Gradebook

    root = graded_cohort.root
    scores = {}
    with Gradebook(nbgrader_api.api(root).coursedir.db_url) as gradebook:
        for assignment, (notebook, *_rest) in ASSIGNMENTS.items():
            for student in STUDENTS:
                submission = gradebook.find_submission_notebook(notebook, assignment, student)
                per_cell = {g.name: g.score for g in submission.grades if g.auto_score is not None}
                manual = {g.name for g in submission.grades if g.needs_manual_grade}
                total = gradebook.find_submission(assignment, student).score
                scores[assignment, student] = (per_cell, total, manual)
    return root, scores


def test_the_instructors_answers_left_in_solutions_reach_no_release(graded):
    root, _ = graded
    layout = CourseLayout.of(root)
    answers = json.loads((layout.source / ASSIGNMENT / "responses.json").read_text())["answers"]
    assert set(answers) == set(SOLUTION_RUN_ANSWERS)  # the cohort's build did have them to leak
    assert not (root / "notebooks" / ASSIGNMENT / "responses.json").exists()


def _exercise_ids(root: Path, assignment: str) -> set[str]:
    notebook = ASSIGNMENTS[assignment][0]
    nb = nbformat.read(root / "solutions" / assignment / f"{notebook}.ipynb", as_version=4)
    return {c.metadata["nbgrader"]["grade_id"] for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade")}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_blank_submission_scores_zero_on_every_exercise(graded, assignment):
    root, scores = graded
    per_cell, total, _ = scores[assignment, "blank"]
    assert set(per_cell) == _exercise_ids(root, assignment)
    assert len(per_cell) >= 8
    assert all(score == 0 for score in per_cell.values()), per_cell
    assert total == 0


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_solutions_notebook_submitted_as_is_gets_full_marks(graded, assignment):
    _, scores = graded
    per_cell, total, manual = scores[assignment, "perfect"]
    _, autograded_points, manual_points, *_ = ASSIGNMENTS[assignment]
    # a drafted message's checklist could leave the solutions short of full marks, a sum of cells
    # rounded to cents that the gradebook adds in its own order
    assert total == pytest.approx(autograded_points), per_cell
    assert bool(manual) == bool(manual_points), "manually graded cells wait for the instructor"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_partial_submission_scores_exactly_as_worked_by_hand(graded, assignment):
    _, scores = graded
    per_cell, total, _ = scores[assignment, "partial"]
    expected = ASSIGNMENTS[assignment][4]
    wrong = {k: (per_cell.get(k), v) for k, v in expected.items() if per_cell.get(k) != pytest.approx(v)}
    assert not wrong, f"(got, expected) per exercise: {wrong}"
    assert set(per_cell) == set(expected)
    assert total == pytest.approx(sum(expected.values()))


def test_autograde_leaves_the_learners_answers_as_submitted(graded):
    root, _ = graded
    autograded = root / "grading" / "autograded" / "partial" / ASSIGNMENT / "responses.json"
    answers = json.loads(autograded.read_text())["answers"]
    assert {k: v["value"] for k, v in answers.items()} == PARTIAL_ANSWERS
    assert not (root / "grading" / "autograded" / "blank" / ASSIGNMENT / "responses.json").exists()


def test_the_committed_learner_notebooks_equal_what_nbgrader_generates_now(graded):
    root, _ = graded
    generated = sorted(p.relative_to(root / "notebooks") for p in (root / "notebooks").rglob("*") if p.is_file())
    committed = sorted(p.relative_to(REPO / "notebooks") for p in (REPO / "notebooks").rglob("*") if p.is_file()
                       and "responses" not in p.name and ".ipynb_checkpoints" not in p.parts)
    assert generated == committed, "run `course build` and commit notebooks/"
    for rel in generated:
        assert (root / "notebooks" / rel).read_bytes() == (REPO / "notebooks" / rel).read_bytes(), (
            f"notebooks/{rel} is out of date: run `course build` and commit it"
        )
