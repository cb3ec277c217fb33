"""``course feedback``: refresh feedback and the grade exports from the gradebook, re-running nothing.

Why a command of its own: after the instructor scores the drafted messages in formgrader (or
changes any score there), the gradebook has changed but the learners' feedback pages and the
grade CSVs still show the scores of the last ``course grade``. Regrading (``course grade --force``)
would re-execute every notebook to refresh a few numbers. This reads the gradebook, writes each
learner's safe feedback (nbgrader's converter with the course's preprocessors, which only read
the autograded notebook and the gradebook) and both grade exports, ready for
``nbgrader release_feedback``.
"""

from __future__ import annotations

import os
import sys

from ..layout import CourseLayout
from . import CommandError

__all__ = ["main"]


def main(*, assignment: str, student: str | None = None, root: str | os.PathLike[str] | None = None) -> int:
    """Write the feedback of every graded learner (or one) and the cohort's grade exports; exit
    status 1 when a learner's feedback could not be written."""
    from ..instructor.exports import cohort_scores
    from ..instructor.manual_grades import clear_command, stale_scores
    from ..instructor.outputs import write_outputs

    layout = CourseLayout.of(root)
    layout.check_assignment(assignment)
    try:
        graded = [learner.student_id for learner in cohort_scores(root=layout.root, assignment=assignment)]
    except ValueError as problem:  # the gradebook has a cell the solutions no longer have
        raise CommandError(str(problem)) from None
    if not graded:
        raise CommandError(f"no graded submissions of {assignment} in the gradebook: run `course grade {assignment}` "
                           "first")
    if student is not None and student not in graded:
        raise CommandError(f"{student} has no graded submission of {assignment} (graded: {', '.join(graded)})")
    wanted = [student] if student else graded
    # in the gradebook, but no autograded notebook to show (its grading failed before it was written)
    missing = [s for s in wanted if not any(layout.graded(s, assignment).glob("*.ipynb"))]
    for name in missing:
        print(f"course: no feedback for {name}: no autograded notebook in "
              f"{layout.name(layout.graded(name, assignment), folder=True)}; run `course grade {assignment} "
              f"--student {name}`", file=sys.stderr)
    out = write_outputs(root=layout.root, assignment=assignment, students=[s for s in wanted if s not in missing])
    if out.feedback_problem:
        print(f"course: feedback not written: {out.feedback_problem}", file=sys.stderr)
    print(f"feedback: {len(out.feedback)} file(s) in {layout.name(layout.feedback, folder=True)}; "
          f"grades per rubric step: {layout.name(out.grades)}; for Canvas: {layout.name(out.canvas)}")
    stale = stale_scores(layout, assignment, students=[student] if student else None)
    if stale:
        print(f"{len(stale)} manual score(s) were given to an earlier submission (the grades CSV's "
              f"stale_manual_scores column); score them again in formgrader, or clear them: "
              f"{clear_command(assignment, student)}")
    return 1 if out.feedback_problem or missing else 0
