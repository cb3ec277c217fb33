"""``course grade``: autograde every new or changed submission of an assignment in parallel, then
write feedback for the learners just graded and the cohort's grade exports."""

from __future__ import annotations

import os
import sys

from ..layout import CourseLayout
from . import CommandError

__all__ = ["main", "summary_table"]


def main(*, assignment: str, workers: int | None = None, student: str | None = None, force: bool = False,
         timeout: int | None = None, quiet: bool = False, exports: bool = True, clear_stale_manual: bool = False,
         sandbox: str = "auto", scheduler: str | None = None, root: str | os.PathLike[str] | None = None) -> int:
    """Grade, print one line per learner, write the outputs; exit status 1 when a submission failed.

    ``clear_stale_manual``: grade nothing; clear the manual scores given to an earlier submission
    than the one graded (all, or the ``student``'s), then refresh feedback and exports.
    ``sandbox``: auto grades in a bubblewrap sandbox where it works and says in one line when it
    cannot; require refuses to grade without one; off never sandboxes (course.instructor.sandbox).
    ``scheduler``: a Dask scheduler's address: grade on its workers (course.instructor.cluster), each
    of which decides ``sandbox`` for itself and says when it grades without one."""
    from ..grading import policy_text
    from ..instructor.autograde import GradeError, grade
    from ..instructor.outputs import write_outputs
    from ..instructor.sandbox import SandboxUnavailable, resolve

    layout = CourseLayout.of(root)
    if clear_stale_manual:
        return _clear_stale_manual(layout, assignment, student, exports)
    run = grade
    if scheduler is not None:
        try:
            from ..instructor.cluster import grade as run
        except ImportError as problem:
            raise CommandError(f"grading on Dask needs the package {problem.name or 'distributed'}: "
                               "pip install 'recovering-from-mistakes[cluster]'") from None
        options = {"scheduler": scheduler, "sandbox": sandbox}
    else:
        try:
            sandboxed, why = resolve(sandbox)
        except SandboxUnavailable as problem:
            raise CommandError(str(problem)) from None
        if why:
            print(f"grading without a sandbox (learners' code can read the course folder): {why}")
        options = {"workers": workers, "sandbox": "require" if sandboxed else "off"}
    try:
        results = run(root=layout.root, assignment=assignment, student=student, force=force,
                      progress=not quiet, cell_timeout=timeout, **options)
    except GradeError as problem:
        raise CommandError(str(problem)) from None
    print(summary_table(results))
    print(f"{policy_text(layout.graded_answer)} (c.CourseLayout.graded_answer = {layout.graded_answer!r})")
    graded = [r.student for r in results if r.status in ("graded", "flagged")]
    if exports and not graded:  # the gradebook may be the one that failed: the last good exports stay
        failed = sum(r.status == "failed" for r in results)
        why = f"all {failed} failed" if failed == len(results) else "nothing was graded in this run"
        print(f"exports kept as they were ({why}): {layout.name(layout.exports, folder=True)}")
    elif exports:
        out = write_outputs(root=layout.root, assignment=assignment, students=graded)
        if out.feedback_problem:
            print(f"course: feedback not written: {out.feedback_problem}", file=sys.stderr)
        print(f"feedback: {len(out.feedback)} file(s) in {layout.name(layout.feedback, folder=True)}; "
              f"grades per rubric step: {layout.name(out.grades)}; for Canvas: {layout.name(out.canvas)}")
    return 1 if any(r.status == "failed" for r in results) else 0


def _clear_stale_manual(layout: CourseLayout, assignment: str, student: str | None, exports: bool) -> int:
    from ..instructor.manual_grades import clear_stale
    from ..instructor.outputs import write_outputs

    layout.check_assignment(assignment)
    cleared = clear_stale(layout, assignment, student=student)
    if not cleared:
        print(f"no manual score of {assignment} was given to an earlier submission"
              + (f" of {student}'s" if student else ""))
        return 0
    for stale in cleared:
        print(f"cleared: {stale.student} {stale.notebook}.ipynb: {stale.grade_id} (was {stale.score:g}); "
              "score it in formgrader")
    if exports:
        out = write_outputs(root=layout.root, assignment=assignment, students=sorted({s.student for s in cleared}))
        if out.feedback_problem:
            print(f"course: feedback not written: {out.feedback_problem}", file=sys.stderr)
        print(f"feedback: {len(out.feedback)} file(s) in {layout.name(layout.feedback, folder=True)}; "
              f"grades per rubric step: {layout.name(out.grades)}; for Canvas: {layout.name(out.canvas)}")
    return 0


def summary_table(results) -> str:
    """One line per learner, reasons indented beneath, and the counts at the end."""
    lines = [f"{'learner':<24} {'status':<10} {'score':>13}  notes"]
    for r in results:
        score = f"{r.score:g} / {r.max_score:g}" if r.score is not None else "-"
        notes = r.reasons or [""]
        lines.append(f"{r.student[:24]:<24} {r.status:<10} {score:>13}  {notes[0]}")
        lines.extend(f"{'':<50}{note}" for note in notes[1:])
    counts = {s: sum(r.status == s for r in results) for s in ("graded", "flagged", "failed", "unchanged")}
    lines.append(", ".join(f"{n} {s}" for s, n in counts.items() if n) + f" ({len(results)} submissions)")
    return "\n".join(lines)
