"""The whole nbgrader pipeline on a copy of the course: build, then autograde three submissions.

Why a copy: building writes a gradebook and autograding writes grading/, and neither may touch
the repository. The expected scores of the partial submission are worked out by hand below,
exercise by exercise, so that the test checks the grading rules rather than repeating them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from course import nbgrader_api
from course.build import build

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENT = "00-orientation"
NOTEBOOK = "orientation"
TOTAL_POINTS = 33.0

# The partial submission: answers as a learner's clicks would save them, with the points each
# should earn under the rules of design §6 (worked by hand).
PARTIAL_ANSWERS = {
    # single choice, right: 2 of 2
    "orient-first-move": "Pause, then check exactly what was sent, to whom, and whether they have used it yet",
    # multiple choice, key has 3 options: 2 right picks, 1 wrong pick -> (2 - 1) / 3 * 3 = 1.0
    "orient-assess-questions": [
        "Who received it, and how many people?",
        "Whose fault was it?",
        "Has anyone already acted on it?",
    ],
    # ordering, first two swapped: positions 3, 4, 5 right -> 3 / 5 * 3 = 1.8
    "orient-call-order": [
        "Take responsibility: it was your mistake",
        "Say plainly what happened: the report had last year's numbers",
        "Say what it affects, as far as you know",
        "Offer the fix and when they will have it",
        "Ask whether that works for them, or what they would prefer",
    ],
    # categorise, everything "helps": the 3 that do help are right -> 3 / 6 * 3 = 1.5
    "orient-first-message": {
        "I sent you last year's figures by mistake this morning.": "helps",
        "Our system makes the two files look identical, so it was bound to happen.": "helps",
        "That was my error.": "helps",
        "I feel terrible, I haven't slept, I'm so so sorry.": "helps",
        "Apologies if this caused any confusion.": "helps",
        "The corrected report will be with you by 2 pm.": "helps",
    },
    # orient-apology-parts: not answered -> 0
    # single choice, wrong -> 0
    "orient-most-important": "Request for forgiveness",
    # single choice, right -> 2
    "orient-final-say": "Set up the call: the client has the final say on the fix",
    # multiple choice, key has 2 options: 1 right pick -> 1 / 2 * 3 = 1.5
    "orient-never-again": ["Put the reporting year in every file name, and check it before attaching"],
    # categorise, 4 of 5 right ("human error" called a root cause) -> 4 / 5 * 3 = 2.4
    "orient-root-causes": {
        "The client should have noticed the dates.": "not a root cause",
        "I was finishing the report during a call while answering chat messages.": "a root cause to act on",
        "Human error: I'll just be more careful.": "a root cause to act on",
        "Last year's file was copied as a template, so both had the same name.": "a root cause to act on",
        "There is no review step before client reports go out.": "a root cause to act on",
    },
    # ordering, all right -> 3
    "orient-why-chain": [
        "The client received last year's numbers",
        "I attached the wrong file",
        "Both files had the same name",
        "I copied last year's folder as a template",
        "We have no naming convention for reports",
    ],
    # multiple choice, every option ticked: 3 right, 2 wrong -> (3 - 2) / 3 * 3 = 1.0
    "orient-earn-trust": [
        "Deliver the next reports on time and checked",
        "Remind the client often how sorry you are",
        "Share what happened, and the new checklist, with your team",
        "Avoid the client until the dust settles",
        "Check in with the client once the fix is in place",
    ],
    # hand-edited into nonsense (a string where a list belongs) -> 0, and no crash
    "orient-team-guide": "assess, own, fix",
}
PARTIAL_EXPECTED = {
    "orient-first-move": 2.0,
    "orient-assess-questions": 1.0,
    "orient-call-order": 1.8,
    "orient-first-message": 1.5,
    "orient-apology-parts": 0.0,
    "orient-most-important": 0.0,
    "orient-final-say": 2.0,
    "orient-never-again": 1.5,
    "orient-root-causes": 2.4,
    "orient-why-chain": 3.0,
    "orient-earn-trust": 1.0,
    "orient-team-guide": 0.0,
}


SOLUTION_RUN_ANSWERS = {"orient-first-move": PARTIAL_ANSWERS["orient-first-move"],
                        "orient-final-say": PARTIAL_ANSWERS["orient-final-say"]}


def _responses(answers: dict) -> str:
    entries = {k: {"value": v, "time": "2026-11-24T10:00:00.000+00:00", "attempts": 1} for k, v in answers.items()}
    return json.dumps({"schema": 1, "answers": entries})


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Build the course in a temporary folder, submit three learners' work, autograde them all."""
    root = tmp_path_factory.mktemp("course")
    shutil.copy(REPO / "nbgrader_config.py", root)
    shutil.copytree(REPO / "solutions", root / "solutions", ignore=shutil.ignore_patterns("responses*.json"))
    # an instructor ran the solutions in place: their answers must reach neither the release
    # nor any learner's graded copy
    (root / "solutions" / ASSIGNMENT / "responses.json").write_text(_responses(SOLUTION_RUN_ANSWERS))
    build(root=root)
    assert not (root / "notebooks" / ASSIGNMENT / "responses.json").exists()

    release = root / "notebooks" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    submitted = root / "grading" / "submitted"
    for student in ("blank", "perfect", "partial"):
        (submitted / student / ASSIGNMENT).mkdir(parents=True)
    shutil.copy(release, submitted / "blank" / ASSIGNMENT)
    shutil.copy(root / "solutions" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", submitted / "perfect" / ASSIGNMENT)
    shutil.copy(release, submitted / "partial" / ASSIGNMENT)
    (submitted / "partial" / ASSIGNMENT / "responses.json").write_text(_responses(PARTIAL_ANSWERS))

    api = nbgrader_api.api(root)
    for student in ("blank", "perfect", "partial"):
        result = api.autograde(ASSIGNMENT, student, force=True, create=True)
        assert result["success"], result.get("error") or result.get("log")

    from nbgrader.api import Gradebook

    with Gradebook(api.coursedir.db_url) as gradebook:
        scores = {}
        for student in ("blank", "perfect", "partial"):
            notebook = gradebook.find_submission_notebook(NOTEBOOK, ASSIGNMENT, student)
            per_cell = {g.name: g.score for g in notebook.grades}
            total = gradebook.find_submission(ASSIGNMENT, student).score
            scores[student] = (per_cell, total)
    return root, scores


def _exercise_ids(root: Path) -> set[str]:
    nb = nbformat.read(root / "solutions" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    return {c.metadata["nbgrader"]["grade_id"] for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade")}


def test_the_blank_submission_scores_zero_on_every_exercise(graded):
    root, scores = graded
    per_cell, total = scores["blank"]
    assert set(per_cell) == _exercise_ids(root)
    assert len(per_cell) >= 8
    assert all(score == 0 for score in per_cell.values()), per_cell
    assert total == 0


def test_the_solutions_notebook_submitted_as_is_gets_full_marks(graded):
    _, scores = graded
    per_cell, total = scores["perfect"]
    assert total == TOTAL_POINTS, per_cell


def test_the_partial_submission_scores_exactly_as_worked_by_hand(graded):
    _, scores = graded
    per_cell, total = scores["partial"]
    wrong = {k: (per_cell.get(k), v) for k, v in PARTIAL_EXPECTED.items() if per_cell.get(k) != pytest.approx(v)}
    assert not wrong, f"(got, expected) per exercise: {wrong}"
    assert set(per_cell) == set(PARTIAL_EXPECTED)
    assert total == pytest.approx(16.2)


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
