"""``course report``: write the cohort report of a graded assignment (HTML with charts)."""

from __future__ import annotations

import os

from ..layout import CourseLayout
from . import CommandError

__all__ = ["main"]


def main(*, assignment: str, root: str | os.PathLike[str] | None = None) -> int:
    """Write the report into the layout's reports folder and say where it is."""
    from ..instructor.report import build_report

    layout = CourseLayout.of(root)
    layout.check_assignment(assignment)
    try:
        path = build_report(root=layout.root, assignment=assignment)
    except ValueError as problem:
        raise CommandError(str(problem)) from None
    print(f"report: {layout.name(path)} (open it in a browser; it prints well too)")
    return 0
