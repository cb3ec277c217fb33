"""``course build``: regenerate the learner notebooks from the instructor's with nbgrader."""

from __future__ import annotations

import os

from ..layout import CourseLayout
from . import CommandError

__all__ = ["main"]


def main(*, assignment: str | None = None, root: str | os.PathLike[str] | None = None) -> int:
    """Build one assignment (default: every one, and the start page); print what was built."""
    from ..instructor.build import BuildError, build

    layout = CourseLayout.of(root)
    try:
        built = build(root=layout.root, assignment=assignment)
    except BuildError as problem:
        raise CommandError(str(problem)) from None
    for b in built:
        print(f"built {layout.name(layout.released(b.assignment), folder=True)} from "
              f"{layout.name(layout.source / b.assignment, folder=True)}: {', '.join(b.notebooks)}")
    return 0
