"""Which checked answer is graded, end to end: ``course grade`` under the latest and the first-try policy.

A small cohort of 00-orientation in a copy of the session's built course: ``perfect`` hands in the
instructor's notebook (answers given in code, once: first try and latest are one), and
``changed-mind`` a learner notebook whose responses.json holds, per exercise, a first checked
answer and a latest one that differ (wrong then right, right then wrong), one from before first
tries were kept, and a draft that was never checked. The same submissions are graded by
``course grade`` under the default policy, then again after the instructor sets
``c.CourseLayout.graded_answer = "first"``, and by plain ``nbgrader autograde`` under that setting.
Every score is exact, and the kernel must agree with the course's own scoring (no submission is
flagged as disagreeing).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cohort import copy_course

from course import catalogue
from course.instructor.autograde import grade
from course.instructor.outputs import write_outputs
from course.instructor.report import build_report
from course.layout import CourseLayout

pytestmark = pytest.mark.slow

ASSIGNMENT, NOTEBOOK = "00-orientation", "orientation.ipynb"
BIN = Path(sys.executable).parent
AT = "2026-11-24T10:00:00.000+00:00"
APOSTROPHE = "(?:'|&#x27;|&#39;|’)"  # as HTML escapes it, or markdown renders it
FULL_MARKS = 39.0
# the cells changed-mind answered (every other cell scores 0 under both policies)
LATEST = {"orient-first-move": 3.0, "orient-final-say": 0.0, "orient-why-chain": 3.0, "orient-call-order": 3.0}
FIRST = {"orient-first-move": 0.0, "orient-final-say": 3.0, "orient-why-chain": 3.0, "orient-call-order": 3.0}


def _changed_mind(root: Path) -> dict:
    exercises = {e.id: e for e in catalogue.load(ASSIGNMENT, root=root).exercises}

    def right(exercise_id):
        return exercises[exercise_id].key

    def wrong(exercise_id):
        return next(o for o in exercises[exercise_id].options if o != right(exercise_id))

    def entry(value, first, attempts):
        return {"value": value, "first": first, "time": AT, "attempts": attempts}

    return {"schema": 1, "answers": {
        "orient-first-move": entry(right("orient-first-move"), wrong("orient-first-move"), 2),  # learned
        "orient-final-say": entry(wrong("orient-final-say"), right("orient-final-say"), 2),  # talked out of it
        "orient-why-chain": entry(right("orient-why-chain"), right("orient-why-chain"), 1),
        # an answer from before first tries were kept: its only answer is both
        "orient-call-order": {"value": right("orient-call-order"), "time": AT, "attempts": 3},
    }, "drafts": {"orient-team-guide": right("orient-team-guide")[0]}}  # moved, never checked: never graded
    # (the first of its two acceptable orders)


def _submit(root: Path) -> None:
    layout = CourseLayout.of(root)
    for student, notebook in (("perfect", layout.source), ("changed-mind", layout.release)):
        folder = layout.submission(student, ASSIGNMENT)
        folder.mkdir(parents=True)
        shutil.copy(notebook / ASSIGNMENT / NOTEBOOK, folder / NOTEBOOK)
    (layout.submission("changed-mind", ASSIGNMENT) / "responses.json").write_text(json.dumps(_changed_mind(root)))


def _set_policy(root: Path, policy: str) -> None:
    config = root / "nbgrader_config.py"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('c.CourseLayout.graded_answer = "latest"',
                                   f'c.CourseLayout.graded_answer = "{policy}"'), encoding="utf-8")
    assert CourseLayout.of(root).graded_answer == policy


def _grades(root: Path) -> dict:
    from nbgrader.api import Gradebook

    with Gradebook(CourseLayout.of(root).db_url) as gradebook:
        return {(s.student_id, g.name): g.score
                for s in gradebook.assignment_submissions(ASSIGNMENT) for nb in s.notebooks for g in nb.grades}


def _course_grade(root: Path) -> dict:
    cwd = Path.cwd()
    os.chdir(root)
    try:
        results = {r.student: r for r in grade(root=root, assignment=ASSIGNMENT, workers=2, progress=False)}
        write_outputs(root=root, assignment=ASSIGNMENT, students=sorted(results))
        report = build_report(root=root, assignment=ASSIGNMENT).read_text(encoding="utf-8")
    finally:
        os.chdir(cwd)
    feedback = (CourseLayout.of(root).feedback_for("changed-mind", ASSIGNMENT) / "orientation.html").read_text(
        encoding="utf-8")
    graded = (CourseLayout.of(root).graded("changed-mind", ASSIGNMENT) / NOTEBOOK).read_text(encoding="utf-8")
    return {"results": results, "grades": _grades(root), "feedback": feedback, "report": report, "graded": graded}


@pytest.fixture(scope="module")
def runs(built_course, tmp_path_factory):
    """course grade under the latest, then under the first-try policy, in one course."""
    root = copy_course(built_course, tmp_path_factory.mktemp("policy") / "course", instructor_answers=False)
    _submit(root)
    latest = _course_grade(root)
    _set_policy(root, "first")
    first = _course_grade(root)
    return {"latest": latest, "first": first}


def _expect(grades: dict, expected: dict) -> None:
    learner = {cell: score for (student, cell), score in grades.items() if student == "changed-mind"}
    assert learner == {cell: expected.get(cell, 0.0) for cell in learner}
    assert len(learner) == 14
    assert sum(score for (student, _), score in grades.items() if student == "perfect") == FULL_MARKS


def test_course_grade_scores_the_latest_checked_answer_by_default(runs):
    run = runs["latest"]
    _expect(run["grades"], LATEST)
    assert all(r.graded_answer == "latest" for r in run["results"].values())
    for result in run["results"].values():
        assert not any("disagreed" in reason for reason in result.reasons), result.reasons
    assert re.search(rf"graded on your latest checked answer \(the rubric{APOSTROPHE}s rule\)", run["feedback"])
    assert re.search(rf"graded on the learner{APOSTROPHE}s latest checked answer", run["report"])
    # the grading kernel's live progress summary is replaced by the gradebook's table in feedback
    assert "Your scores per rubric step as graded" in run["feedback"]
    summary = r"first try [\d.]+ · final [\d.]+ of \d+ points"
    assert re.search(summary, run["graded"]), "the grading kernel drew its summary"
    assert not re.search(summary, run["feedback"]), "feedback shows the gradebook's table instead"


def test_course_grade_scores_the_first_checked_answer_under_the_first_try_policy(runs):
    run = runs["first"]
    _expect(run["grades"], FIRST)
    results = run["results"]
    assert {r.status for r in results.values()} <= {"graded", "flagged"}, "a new policy grades everyone again"
    assert all(r.graded_answer == "first" for r in results.values())
    for result in results.values():  # the kernel was told the policy: it agrees with the course's scoring
        assert not any("disagreed" in reason for reason in result.reasons), result.reasons
    assert re.search(rf"graded on your first checked answer \(the instructor{APOSTROPHE}s first-try policy\)",
                     run["feedback"])
    assert re.search(rf"graded on the learner{APOSTROPHE}s first checked answer", run["report"])


def test_plain_nbgrader_autograde_reads_the_policy_of_the_course_it_grades(built_course, tmp_path):
    root = copy_course(built_course, tmp_path / "course", instructor_answers=False)
    _submit(root)
    _set_policy(root, "first")
    env = {k: v for k, v in os.environ.items() if k not in ("COURSE_GRADED_ANSWER", "COURSE_MODE", "COURSE_RESPONSES")}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    run = subprocess.run([BIN / "nbgrader", "autograde", ASSIGNMENT], cwd=root, env=env, capture_output=True,
                         text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    _expect(_grades(root), FIRST)
