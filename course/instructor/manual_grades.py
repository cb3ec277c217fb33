"""Manual scores that belong to an earlier submission, and the scores ``course grade`` reports.

Why: nbgrader keeps a manual score (the instructor's score of a drafted message, or an override of
an automatic one) across autograde re-runs, because its gradebook has one grade per learner and
cell, not one per submission. When a learner resubmits with a new message, the grade for the old
message stays: for a task cell (the drafted-message cells are task cells) nbgrader does not even
mark it for review, so it counted in the Canvas total, unflagged.

How a stale score is told apart: right after ``course grade`` autogrades a changed submission,
every manual score in the gradebook was given before that run, so to the submission graded
before it. ``course grade``'s record (the layout's state folder) holds the fingerprint of that
earlier submission; if the new one differs, each manual score of the learner is stale. It is
recorded in ``<state>/manual/<assignment>.json`` and marked as needing a grade in the gradebook
(formgrader lists it again; the Canvas export leaves the total empty, as for any unscored
manual cell). It stops being stale when the instructor scores it again (formgrader clears
"needs manual grade" on saving, and any other change of the score counts too), or when it is
cleared (:func:`clear_stale`, ``course grade ASSIGNMENT --clear-stale-manual``).

Also here, because manual scores are what made it wrong: the scores in ``course grade``'s summary
table are read from the gradebook at the end of the run for every learner, not only those graded
in it (:func:`scores_from_gradebook`); a learner left unchanged used to show the score recorded
when they were last graded, before the instructor's manual scores.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..layout import CourseLayout
from ..responses import write_json_atomically

from . import nbgrader_api

__all__ = ["StaleScore", "flag_resubmissions", "stale_scores", "clear_stale", "scores_from_gradebook",
           "clear_command", "state_path"]


STALE_NOTE = " given to an earlier submission; "


@dataclass(frozen=True)
class StaleScore:
    """A manual score given to an earlier submission of the learner's than the one now graded."""

    student: str
    grade_id: str
    notebook: str
    score: float
    since: str  # when ``course grade`` found it stale (UTC, ISO 8601)

    def describe(self, assignment: str) -> str:
        return (f"{self.notebook}.ipynb: {self.grade_id} keeps the manual score {self.score:g}{STALE_NOTE}"
                f"score it again in formgrader, or clear it: {clear_command(assignment, self.student)}")


def clear_command(assignment: str, student: str | None = None) -> str:
    return f"course grade {assignment} --clear-stale-manual" + (f" --student {student}" if student else "")


def state_path(layout: CourseLayout, assignment: str) -> Path:
    return layout.state / "manual" / f"{assignment}.json"


def _load(layout: CourseLayout, assignment: str) -> dict:
    try:
        found = json.loads(state_path(layout, assignment).read_text(encoding="utf-8"))
        return found if isinstance(found, dict) else {}
    except (OSError, ValueError):
        return {}


def _save(layout: CourseLayout, assignment: str, record: dict) -> None:
    path = state_path(layout, assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_json_atomically(path, {s: v for s, v in sorted(record.items()) if v})


def _previous_fingerprints(layout: CourseLayout, assignment: str) -> dict[str, str]:
    """Each learner's submission as ``course grade`` last graded it (its record is saved after
    :func:`flag_resubmissions` runs, so this is the one before)."""
    try:
        state = json.loads(layout.state_file(assignment).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(state, dict):
        return {}
    return {s: r.get("fingerprint", "") for s, r in state.items() if isinstance(r, dict)}


def _manual_grades(gradebook, assignment: str, student: str):
    """(notebook name, grade) for every grade of the learner's submission that holds a manual score."""
    from nbgrader.api import MissingEntry

    try:
        submission = gradebook.find_submission(assignment, student)
    except MissingEntry:
        return []
    return [(notebook.name, grade) for notebook in submission.notebooks for grade in notebook.grades
            if grade.manual_score is not None]


def _still_stale(entry: dict, grade) -> bool:
    """Stale until the instructor scores it again: a new value, or formgrader's save (which marks
    the grade as no longer needing a manual grade), or a cleared score."""
    return (grade is not None and grade.manual_score is not None and grade.needs_manual_grade
            and abs(float(grade.manual_score) - float(entry["score"])) < 1e-9)


def flag_resubmissions(layout: CourseLayout, assignment: str, results: dict) -> None:
    """After autograding ``results`` (student -> GradeResult, this run's): find the manual scores
    given to an earlier submission, record them, mark them for grading in the gradebook, and add
    a reason to each learner's result (which makes it flagged)."""
    previous = _previous_fingerprints(layout, assignment)
    record = _load(layout, assignment)
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with nbgrader_api.gradebook(layout) as gradebook:
        for student, result in results.items():
            if result.status == "failed" or not result.fingerprint:
                continue
            changed = previous.get(student) not in (None, "", result.fingerprint)
            mine = record.get(student, {})
            for notebook, grade in _manual_grades(gradebook, assignment, student):
                entry = mine.get(grade.name)
                if entry is not None and _still_stale(entry, grade):
                    continue  # already stale: still the earlier submission's score
                if changed:
                    mine[grade.name] = {"notebook": notebook, "score": float(grade.manual_score), "since": now}
                    grade.needs_manual_grade = True
                else:
                    mine.pop(grade.name, None)
            gradebook.db.commit()
            record[student] = mine
    _save(layout, assignment, record)
    for stale in stale_scores(layout, assignment, students=list(results)):
        result = results[stale.student]
        result.reasons.append(stale.describe(assignment))
        if result.status == "graded":
            result.status = "flagged"


def stale_scores(layout: CourseLayout, assignment: str, *, students: list[str] | None = None) -> list[StaleScore]:
    """The manual scores still stale, by student then grade id (those scored again or cleared since
    are forgotten)."""
    record = _load(layout, assignment)
    if not record:
        return []
    found, changed = [], False
    with nbgrader_api.gradebook(layout) as gradebook:
        for student in sorted(record):
            mine = record[student]
            grades = dict((g.name, g) for _, g in _manual_grades(gradebook, assignment, student))
            for grade_id in sorted(mine):
                entry = mine[grade_id]
                if not _still_stale(entry, grades.get(grade_id)):
                    del mine[grade_id]
                    changed = True
                elif students is None or student in students:
                    found.append(StaleScore(student, grade_id, entry["notebook"], float(entry["score"]),
                                            entry["since"]))
    if changed:
        _save(layout, assignment, record)
    return found


def clear_stale(layout: CourseLayout, assignment: str, *, student: str | None = None) -> list[StaleScore]:
    """Remove the stale manual scores (all, or one learner's) from the gradebook, so that each
    waits for the instructor's score of the new submission; return those cleared."""
    cleared = stale_scores(layout, assignment, students=None if student is None else [student])
    if not cleared:
        return []
    with nbgrader_api.gradebook(layout) as gradebook:
        for stale in cleared:
            grade = gradebook.find_grade(stale.grade_id, stale.notebook, assignment, stale.student)
            grade.manual_score = None
            grade.needs_manual_grade = True
        gradebook.db.commit()
    stale_scores(layout, assignment)  # forgets the cleared ones
    return cleared


def scores_from_gradebook(layout: CourseLayout, assignment: str, results) -> None:
    """Every score in ``course grade``'s summary from the gradebook as it is now, including those of
    learners not graded in this run, and each open stale manual score as a note of its learner."""
    from nbgrader.api import MissingEntry

    results = list(results)
    for result in results:  # a note kept from an earlier run may have been settled since
        result.reasons[:] = [r for r in result.reasons if STALE_NOTE not in r]
    with nbgrader_api.gradebook(layout) as gradebook:
        for result in results:
            if result.status == "failed" or (result.status == "unchanged" and result.score is None):
                continue  # not graded now, or its last grading failed: the gradebook holds an older one
            try:
                submission = gradebook.find_submission(assignment, result.student)
            except MissingEntry:
                continue
            result.score, result.max_score = float(submission.score), float(submission.max_score)
    by_student = {r.student: r for r in results}
    for stale in stale_scores(layout, assignment, students=list(by_student)):
        note = stale.describe(assignment)
        if note not in by_student[stale.student].reasons:
            by_student[stale.student].reasons.append(note)
