"""Grades out of nbgrader's gradebook: per learner, per rubric step, as CSV for people and for Canvas.

Why our own export and not ``nbgrader export``: nbgrader knows cells and points, not the
recovery-step rubric, so its CSV has one total per assignment. The rubric is the spine of the
course (``course/rubric.py``): instructors want each learner's points per step. The step of every
grade cell is written in its cell metadata in ``solutions/`` (``"course": {"step": "own"}``);
the course's catalogue (:mod:`course.catalogue`) reads it, :func:`cohort_scores` joins it with the
gradebook, and the two writers format the result. The feedback and the cohort report read
:func:`cohort_scores` too, so all three agree; ``course grade`` computes it once and hands the
same learners to all three (the ``learners`` argument).

The gradebook is read through ``nbgrader.api.Gradebook`` at the course's ``db_url`` (SQLite by
default, PostgreSQL on a shared hub), never by opening the SQLite file ourselves.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .. import catalogue, rubric
from ..layout import CourseLayout
from ..responses import replaced_atomically

from . import nbgrader_api

__all__ = ["LearnerScores", "Completion", "step_map", "cohort_scores", "completions", "write_grades_csv",
           "write_canvas_csv", "CANVAS_IDENTITY_COLUMNS"]


@dataclass(frozen=True)
class LearnerScores:
    """One learner's grade for one assignment, split by rubric step and by exercise (grade id).

    ``per_exercise`` holds None for a cell that waits for manual grading (the drafted messages'
    task cells, until the instructor scores them in formgrader); such a cell counts as 0 in the
    totals, as in nbgrader's own, and ``needs_manual_grade`` says the grade is not final.
    """

    student_id: str
    total: float
    max_total: float
    per_step: dict[str, float]
    per_step_max: dict[str, float]
    per_exercise: dict[str, float | None]
    needs_manual_grade: bool


def step_map(*, root: Path, assignment: str) -> dict[str, str]:
    """grade_id -> rubric step id, for every grade and task cell of the assignment's solutions
    (the catalogue's :attr:`~course.catalogue.Catalogue.steps`, as a dict of the caller's own)."""
    return dict(catalogue.load(assignment, root=root).steps)


def _gradebook(root: Path):
    return nbgrader_api.gradebook(CourseLayout.of(root))


def _round(value: float) -> float:
    return round(float(value), 2)


def cohort_scores(*, root: Path, assignment: str) -> list[LearnerScores]:
    """Every learner who submitted the assignment, sorted by student id, scored per rubric step."""
    from nbgrader.api import MissingEntry

    steps = catalogue.load(assignment, root=root).steps
    learners = []
    with _gradebook(root) as gradebook:
        try:
            record = gradebook.find_assignment(assignment)
        except MissingEntry:
            return []  # built but nothing autograded yet: no learner has a grade
        max_total = _round(record.max_score)
        for submission in sorted(record.submissions, key=lambda s: s.student.id):
            per_step = dict.fromkeys(rubric.STEP_IDS, 0.0)
            per_step_max = dict.fromkeys(rubric.STEP_IDS, 0.0)
            per_exercise: dict[str, float | None] = {}
            pending = False
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    step_id = steps.get(grade.name)
                    if step_id is None:
                        layout = CourseLayout.of(root)
                        raise ValueError(f"{assignment}: the gradebook has grade cell {grade.name!r}, which "
                                         f"{layout.name(layout.source, folder=True)} no longer has; "
                                         "autograde again after building")
                    per_step[step_id] += grade.score
                    per_step_max[step_id] += grade.max_score
                    per_exercise[grade.name] = None if grade.needs_manual_grade else _round(grade.score)
                    pending = pending or bool(grade.needs_manual_grade)
            learners.append(LearnerScores(
                student_id=submission.student.id,
                total=_round(sum(per_step.values())),
                max_total=max_total,
                per_step={s: _round(v) for s, v in per_step.items()},
                per_step_max={s: _round(v) for s, v in per_step_max.items()},
                per_exercise=per_exercise,
                needs_manual_grade=pending,
            ))
    return learners


@dataclass(frozen=True)
class Completion:
    """Whether a learner has completed the course, and when (the grades CSV's last two columns).

    ``completed``: every assignment of the course (each folder of the layout's source, as
    ``course build`` builds them) has a submission of theirs in the gradebook, and no grade of any
    of them waits for manual grading. ``on``: then, the day of the latest of those submissions
    (nbgrader's submission time, from ``timestamp.txt``, which ``nbgrader collect`` and ``course
    import`` write; UTC), None where no submission has one recorded."""

    completed: bool = False
    on: date | None = None


def completions(*, root: Path) -> dict[str, Completion]:
    """Student id -> :class:`Completion`, for every learner with a submission of any assignment.

    Why from the gradebook and every assignment, not the assignment being exported: completing the
    course is a fact about all of them, and the gradebook is where grading and formgrader's manual
    scores meet. An assignment not built or graded yet means nobody has completed the course."""
    from nbgrader.api import MissingEntry

    layout = CourseLayout.of(root)
    if layout.db_url.startswith("sqlite:///") and not Path(layout.db_url[len("sqlite:///"):].split("?", 1)[0]).exists():
        return {}  # no gradebook yet (learners given by the caller): nobody graded, and none is made here
    assignments = layout.assignments()
    seen: dict[str, list] = {}  # student -> [submitted count, all graded, latest timestamp]
    with _gradebook(root) as gradebook:
        for name in assignments:
            try:
                record = gradebook.find_assignment(name)
            except MissingEntry:
                continue
            for submission in record.submissions:
                row = seen.setdefault(submission.student.id, [0, True, None])
                row[0] += 1
                row[1] = row[1] and not submission.needs_manual_grade
                stamp = submission.timestamp
                if stamp is not None and (row[2] is None or stamp > row[2]):
                    row[2] = stamp
    result = {}
    for student, (count, graded, latest) in seen.items():
        done = bool(assignments) and count == len(assignments) and graded
        result[student] = Completion(done, latest.date() if done and latest is not None else None)
    return result


def _number(value: float) -> str:
    return f"{_round(value):g}"


def _target(root: Path, path: Path | None, default: str) -> Path:
    target = Path(path) if path is not None else CourseLayout.of(root).exports / default
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def write_grades_csv(*, root: Path, assignment: str, path: Path | None = None,
                     learners: list[LearnerScores] | None = None) -> Path:
    """One row per learner: student_id, total, max, the points of each rubric step in rubric order,
    needs_manual_grade, stale_manual_scores (the grade ids whose manual score was given to an
    earlier submission, :mod:`course.instructor.manual_grades`, space-separated), and whether and
    when they completed the course (:func:`completions`): ``completed`` ("true" once every
    assignment of the course is submitted and graded, manual grades included; else "false") and
    ``completed_on`` (then the day of their last submission, YYYY-MM-DD, UTC; blank otherwise, or
    where no submission time is recorded). The two are the course's, the same in every
    assignment's CSV, as of when the CSV was written (``course grade`` and ``course feedback``
    write it again). Default path: <the layout's exports folder>/<assignment>-grades.csv. ``learners``: the
    cohort's scores when the caller has them already (default: :func:`cohort_scores`)."""
    from .manual_grades import stale_scores

    learners = cohort_scores(root=root, assignment=assignment) if learners is None else learners
    stale: dict[str, list[str]] = {}  # student -> the grade ids whose manual score is an earlier submission's
    if any(learner.needs_manual_grade for learner in learners):  # a stale score always waits for a grade
        for score in stale_scores(CourseLayout.of(root), assignment):
            stale.setdefault(score.student, []).append(score.grade_id)
    rows = [[learner.student_id, _number(learner.total), _number(learner.max_total),
             *(_number(learner.per_step[s]) for s in rubric.STEP_IDS),
             "true" if learner.needs_manual_grade else "false",
             " ".join(stale.get(learner.student_id, []))] for learner in learners]  # formatted before any file is touched
    done = completions(root=root) if learners else {}
    target = _target(root, path, f"{assignment}-grades.csv")
    with replaced_atomically(target, newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["student_id", "total", "max", *rubric.STEP_IDS, "needs_manual_grade", "stale_manual_scores",
                         "completed", "completed_on"])
        for row in rows:
            completion = done.get(row[0], Completion())
            writer.writerow([*row, "true" if completion.completed else "false",
                             completion.on.isoformat() if completion.on else ""])
    return target


# Canvas's gradebook import (Grades > Import) reads a CSV shaped like its own gradebook export:
# the five identity columns below, in this order, then one column per assignment titled
# "Assignment Name (canvas_id)" (a title without an id creates a new assignment), and a second
# row "Points Possible" holding each assignment's points. Canvas matches a row to a learner by
# ID, SIS User ID or SIS Login ID, so one of them suffices; blank cells change nothing.
# Sources: Instructure, "How do I import grades in the Gradebook?"
# (https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-the-Gradebook/ta-p/807),
# as summarised by the Ohio State CarmenCanvas guide "Import a CSV file to Carmen grades"
# (https://teaching.resources.osu.edu/toolsets/carmencanvas/guides/calculating-final-grades/import-csv-file-carmen-grades):
# "Student Name OR Student ID OR Student SIS User ID ... SIS Login ID ... Section ... Assignment Name";
# the column order is the one a CityU TA guide found Canvas to insist on
# (github.com/myl7/mylmoe, docs/posts/cityu-ta-upload-canvas-grade.md).
#
# The mapping from nbgrader's student record, column by column. nbgrader's student id is the
# learner's login on the JupyterHub (or the folder name under grading/submitted/), which at a
# university is the institution's login: Canvas calls that the SIS Login ID. Canvas's own user
# number goes in ID only where the gradebook has it (nbgrader's Student.lms_user_id, meant for
# this). What we do not know (SIS User ID, Section) stays empty rather than guessed.
CANVAS_IDENTITY_COLUMNS: dict[str, str] = {
    "Student": "last_name, first_name from the gradebook, when both are recorded",
    "ID": "Student.lms_user_id (Canvas's user number), when recorded",
    "SIS User ID": "(left empty: nbgrader does not know it)",
    "SIS Login ID": "Student.id, nbgrader's student id",
    "Section": "(left empty: nbgrader does not know it)",
}


def _identities(root: Path) -> dict[str, dict[str, str]]:
    found = {}
    with _gradebook(root) as gradebook:
        for student in gradebook.students:
            name = f"{student.last_name}, {student.first_name}" if student.last_name and student.first_name else ""
            found[student.id] = {"Student": name, "ID": student.lms_user_id or "", "SIS User ID": "",
                                 "SIS Login ID": student.id, "Section": ""}
    return found


def write_canvas_csv(*, root: Path, assignment: str, path: Path | None = None,
                     points_possible: float | None = None, canvas_id: str | int | None = None,
                     title: str | None = None, include_incomplete: bool = False,
                     learners: list[LearnerScores] | None = None) -> Path:
    """A CSV for Canvas's gradebook import: the assignment's total per learner.

    ``title`` names the Canvas assignment (default: the assignment folder's name) and
    ``canvas_id`` its Canvas number, giving the column "title (canvas_id)"; without an id Canvas
    creates a new assignment on import. ``points_possible`` defaults to the assignment's maximum.
    The course's completion (the grades CSV's ``completed_on``) is not in it: Canvas takes every
    column after the identity columns for an assignment to import.
    A learner whose grade still waits for manual grading gets an empty cell (Canvas leaves the
    grade as it is) unless ``include_incomplete``: an import should not publish a total that
    is about to rise. Default path: <the layout's exports folder>/<assignment>-canvas.csv. ``learners``: the
    cohort's scores when the caller has them already (default: :func:`cohort_scores`).
    """
    learners = cohort_scores(root=root, assignment=assignment) if learners is None else learners
    if points_possible is None:  # nobody graded yet: the assignment's points from its solutions
        points_possible = learners[0].max_total if learners else catalogue.load(assignment, root=root).max_points
    column = title or assignment
    if canvas_id is not None:
        column = f"{column} ({canvas_id})"
    identities = _identities(root)
    target = _target(root, path, f"{assignment}-canvas.csv")
    with replaced_atomically(target, newline="") as file:
        writer = csv.writer(file)
        writer.writerow([*CANVAS_IDENTITY_COLUMNS, column])
        writer.writerow(["Points Possible", "", "", "", "", _number(points_possible)])
        for learner in learners:
            who = identities.get(learner.student_id, {"SIS Login ID": learner.student_id})
            score = "" if learner.needs_manual_grade and not include_incomplete else _number(learner.total)
            writer.writerow([*(who.get(c, "") for c in CANVAS_IDENTITY_COLUMNS), score])
    return target
