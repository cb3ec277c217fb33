"""``course lint``: the authoring audit of the question bank (:mod:`course.instructor.lint`)."""

from __future__ import annotations

import os

from ..layout import CourseLayout

__all__ = ["main"]


def main(*, assignment: str | None = None, root: str | os.PathLike[str] | None = None) -> int:
    """Print each finding, one per line (accepted ones with their reason), then a count; exit status 1
    when any finding is not accepted, 0 otherwise."""
    from ..instructor.lint import lint

    layout = CourseLayout.of(root)
    report = lint(root=layout.root, assignment=assignment)
    for line in report.lines():
        print(line)
    bank = assignment or "the course"
    unaccepted, accepted = len(report.unaccepted), len(report.accepted)
    print(f"course lint: {bank}: {unaccepted} finding(s) not accepted, {accepted} accepted with a reason")
    if unaccepted:
        print('fix each, or accept it with a written reason: "course": {"accept": {"CODE": "REASON"}} in the '
              "metadata of the exercise's grade cell (of the notebook, for an assignment's bank or steps; of "
              "the start page, for the course's bank)")
    return 1 if unaccepted else 0
