"""The grades CSV's completion columns, on a copy of the shared graded cohort.

Why a copy: completing the course takes manual scores for every drafted message and reflection,
which the instructor gives in formgrader; the test gives them in a copy of the gradebook, so the
shared cohort stays as autograde left it. The copy's course keeps only the assignments the cohort
was graded on, so the test does not depend on how many assignments the course has.
"""

from __future__ import annotations

import csv
import shutil
from datetime import datetime

from cohort import ORIENTATION, SPAM

from course.instructor import exports
from course.layout import CourseLayout

# the tests that take graded_cohort (the session's graded course) are marked slow by conftest.py


def _by_student(path) -> dict[str, dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))
    return {row[0]: dict(zip(rows[0], row)) for row in rows[1:]}


def _score_by_hand(gradebook, assignment: str, student: str) -> None:
    """What formgrader does when the instructor scores a cell: a manual score, no longer waiting."""
    for notebook in gradebook.find_submission(assignment, student).notebooks:
        for grade in notebook.grades:
            if grade.needs_manual_grade:
                grade.manual_score = grade.max_score
                grade.needs_manual_grade = False
    gradebook.db.commit()


def test_completed_on_is_the_last_submissions_day_once_every_assignment_is_submitted_and_graded(graded_cohort,
                                                                                                 tmp_path):
    from nbgrader.api import Gradebook

    root = tmp_path / "course"
    shutil.copytree(graded_cohort.root, root, ignore=shutil.ignore_patterns("feedback", "reports", "exports"))
    layout = CourseLayout.of(root)
    for folder in layout.source.iterdir():
        if folder.is_dir() and folder.name not in graded_cohort.learners:
            shutil.rmtree(folder)
    assignments = sorted(graded_cohort.learners)
    assert layout.assignments() == assignments

    before = _by_student(exports.write_grades_csv(root=root, assignment=ORIENTATION))
    assert {s: (r["completed"], r["completed_on"]) for s, r in before.items()} == {
        "blank": ("false", ""), "partial": ("false", ""), "perfect": ("false", "")}, "messages wait for a grade"

    with Gradebook(layout.db_url, layout.course_id) as gradebook:
        for assignment in assignments:
            _score_by_hand(gradebook, assignment, "perfect")
    undated = exports.completions(root=root)
    assert undated["perfect"] == exports.Completion(True, None), "submissions put in place carry no time"
    assert not undated["partial"].completed and not undated["spam-only"].completed

    with Gradebook(layout.db_url, layout.course_id) as gradebook:
        for day, assignment in enumerate(assignments, start=20):
            gradebook.update_or_create_submission(assignment, "perfect", timestamp=datetime(2026, 11, day, 23, 30))
        for assignment in assignments[:-1]:
            _score_by_hand(gradebook, assignment, "partial")  # the last assignment still waits
    last_day = f"2026-11-{19 + len(assignments)}"
    for assignment in (ORIENTATION, SPAM):
        rows = _by_student(exports.write_grades_csv(root=root, assignment=assignment))
        assert (rows["perfect"]["completed"], rows["perfect"]["completed_on"]) == ("true", last_day)
        assert (rows["partial"]["completed"], rows["partial"]["completed_on"]) == ("false", "")
    assert _by_student(exports.write_grades_csv(root=root, assignment=SPAM))["spam-only"]["completed"] == "false"

    canvas = exports.write_canvas_csv(root=root, assignment=ORIENTATION)
    header = canvas.read_text(encoding="utf-8").splitlines()[0]
    assert header == "Student,ID,SIS User ID,SIS Login ID,Section,00-orientation", "Canvas reads every other column as an assignment"
