"""Autograde reproduces each learner's path through case 01's decision (issue 17 §1), and grades
each learner against the key of their own branch.

Three learners hand in the learner notebook of 01 with answers typed in code only (no answers file:
everything they answered, autograde must work out again by running their notebook): Ana decided
to blast the apology, Ben to answer one by one; each computes day two's complaint rate in code from
`story.load("responses")`. Dan clicked: the quiet way first, then explored the blast (practice),
his day-two rate saved on his graded branch. `course grade` runs the notebooks from the top, so the
story below the decision must be each learner's own branch: Ana's notebook shows day two's second
wave, Ben's a quiet day, and each follow-up scores full marks on its own branch.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest
from cohort import copy_course

from course.instructor import nbgrader_api
from course.instructor.autograde import grade

pytestmark = pytest.mark.slow

SPAM, NOTEBOOK = "01-bulk-spam", "bulk-spam.ipynb"
DECISION, FOLLOW = "spam-sorry-send", "spam-day-two-rate"
BLAST = "Email one short apology to all 10,000 today, as the speaker asks"
QUIET = "Answer the people who wrote, one by one, and email nobody else"
NO_FILE = "no responses.json: every widget exercise scores 0 unless answered in code"
FOLLOW_CODE = ('day_two = responses[responses["received_at"] >= "2024-10-09 09:00"]\n'
               'q_day_two_rate.answer(100 * (day_two["kind"] == "spam_complaint").sum() '
               '/ (send_log["status"] == "delivered").sum())')


def _hand_in(root: Path, student: str, decision: str | None, answers: dict | None = None) -> None:
    folder = root / "grading" / "submitted" / student / SPAM
    folder.mkdir(parents=True)
    nb = nbformat.read(root / "notebooks" / SPAM / NOTEBOOK, as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id == f"{DECISION}-answer" and decision is not None:
            cell.source = f"q_sorry_send.answer({decision!r})"
        elif grade_id == f"{FOLLOW}-answer" and decision is not None:
            cell.source = FOLLOW_CODE
    nbformat.write(nb, folder / NOTEBOOK)
    if answers is not None:
        (folder / "responses.json").write_text(json.dumps(answers))


@pytest.fixture(scope="module")
def graded(built_course, tmp_path_factory):
    root = copy_course(built_course, tmp_path_factory.mktemp("decisions") / "course", instructor_answers=False)
    _hand_in(root, "ana", BLAST)
    _hand_in(root, "ben", QUIET)
    stamp = "2026-12-02T10:00:00.000+00:00"
    _hand_in(root, "dan", None, {"schema": 1, "answers": {
        DECISION: {"value": BLAST, "first": QUIET, "time": stamp, "attempts": 2},
        FOLLOW: {"value": 0.042, "first": 0.042, "time": stamp, "attempts": 1}}})
    cwd = Path.cwd()
    os.chdir(root)
    try:
        results = {r.student: r for r in grade(root=root, assignment=SPAM, workers=2, progress=False)}
    finally:
        os.chdir(cwd)
    with _gradebook(root) as gradebook:
        scores = {(s.student_id, g.name): g.score for s in gradebook.assignment_submissions(SPAM)
                  for nb in s.notebooks for g in nb.grades}
    return root, results, scores


def _gradebook(root: Path):
    from nbgrader.api import Gradebook

    return Gradebook(nbgrader_api.api(root).coursedir.db_url)


def _story_output(root: Path, student: str) -> str:
    nb = nbformat.read(root / "grading" / "autograded" / student / SPAM / NOTEBOOK, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code" and c.source.startswith('responses = story.load('))
    return "".join(o.get("text", "") or o.get("data", {}).get("text/plain", "") for o in cell.outputs)


def test_each_learner_is_graded_on_their_own_branch(graded):
    _, results, scores = graded
    # Ana and Ben handed in no answers file (all their answers are code): flagged for that alone
    assert {s: (r.status, r.reasons) for s, r in results.items()} == {
        "ana": ("flagged", [NO_FILE]), "ben": ("flagged", [NO_FILE]), "dan": ("graded", [])}
    assert (scores["ana", DECISION], scores["ana", FOLLOW]) == (0.0, 1.0)
    assert (scores["ben", DECISION], scores["ben", FOLLOW]) == (2.0, 1.0)
    assert (scores["dan", DECISION], scores["dan", FOLLOW]) == (2.0, 1.0), "graded on his first decision"


def test_autograde_runs_each_notebook_down_the_learners_own_branch(graded):
    root, _, _ = graded
    ana, ben, dan = (_story_output(root, s) for s in ("ana", "ben", "dan"))
    assert "spam_complaint    152" in ana and "angry_reply" in ana, ana
    assert "spam_complaint     4" in ben and "angry_reply" not in ben, ben
    assert "spam_complaint     4" in dan, "a grading kernel follows the graded branch, not the one explored"
    answered = json.loads((root / "grading" / "autograded" / "ana" / SPAM / "responses.json").read_text())
    assert answered["answers"][FOLLOW]["value"] == pytest.approx(1.584, abs=5e-4)
