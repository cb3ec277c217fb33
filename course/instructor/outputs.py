"""What ``course grade`` writes after grading: feedback for the learners just graded, and the
cohort's grade exports.

Why a step of its own: grading changes the gradebook, and the files the instructor hands on
(each learner's feedback page, the per-step grades CSV, the Canvas CSV) must follow it in the
same run, or they quietly describe the previous grades. Feedback is written only for the
learners just graded (the others' pages are still true); the exports cover the whole cohort.
A feedback failure does not stop the exports: it is reported, and the grades are still written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Outputs", "write_outputs"]


@dataclass(frozen=True)
class Outputs:
    feedback: list[Path] = field(default_factory=list)  # the feedback files written, by student then notebook
    grades: Path | None = None  # the per-rubric-step CSV
    canvas: Path | None = None  # the CSV for Canvas's gradebook import
    feedback_problem: str = ""  # why no feedback was written, when it failed


def write_outputs(*, root: Path, assignment: str, students: list[str]) -> Outputs:
    """Feedback for ``students`` (the learners just graded), then both grade exports of the cohort."""
    from .exports import cohort_scores, write_canvas_csv, write_grades_csv
    from .feedback import FeedbackError, write_feedback

    learners = cohort_scores(root=root, assignment=assignment)  # once: feedback and both exports share it
    problem = ""
    try:
        written = (write_feedback(root=root, assignment=assignment, students=students, learners=learners)
                   if students else [])
    except FeedbackError as failure:
        written, problem = [], str(failure)
    return Outputs(feedback=written, grades=write_grades_csv(root=root, assignment=assignment, learners=learners),
                   canvas=write_canvas_csv(root=root, assignment=assignment, learners=learners),
                   feedback_problem=problem)
