"""``course build``: regenerate the learner notebooks from the instructor's with nbgrader.

``--graded`` also writes the graded flavour (no key material, graded mode by itself) where
nbgrader's ``release_assignment`` can publish it (:mod:`course.instructor.graded_release`).
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

from ..layout import CourseLayout
from . import CommandError

__all__ = ["main"]


def main(*, assignment: str | None = None, graded: bool = False, to: str | os.PathLike[str] | None = None,
         root: str | os.PathLike[str] | None = None) -> int:
    """Build one assignment (default: every one, and the start page); print what was built.

    With ``graded``, also write each built assignment's graded flavour to ``to``/ASSIGNMENT/
    (default: the layout's graded release folder) and say how to publish it."""
    from ..instructor.build import BuildError, build

    if to is not None and not graded:
        raise CommandError("--to is where the graded release goes: give --graded too")
    layout = CourseLayout.of(root)
    try:
        built = build(root=layout.root, assignment=assignment)
    except BuildError as problem:
        raise CommandError(str(problem)) from None
    for b in built:
        print(f"built {layout.name(layout.released(b.assignment), folder=True)} from "
              f"{layout.name(layout.source / b.assignment, folder=True)}: {', '.join(b.notebooks)}")
    if graded:
        _graded(layout, [b.assignment for b in built], Path(to) if to is not None else None,
                start_page=assignment is None)
    return 0


def _graded(layout: CourseLayout, assignments: list[str], to: Path | None, *, start_page: bool) -> None:
    from ..instructor.graded_release import GradedReleaseError, write_graded, write_graded_start_page

    try:
        written = [write_graded(layout, name, to) for name in assignments]
        if start_page:
            write_graded_start_page(layout, to)
    except GradedReleaseError as problem:
        raise CommandError(str(problem)) from None
    for g in written:
        print(f"graded release {layout.name(g.folder, folder=True)} (no key material, graded mode): "
              f"{', '.join(g.notebooks)}")
    if written:
        folder = layout.name(written[0].folder.parent, folder=False)
        name = written[0].assignment if len(written) == 1 else "ASSIGNMENT"
        print(f"publish it with: nbgrader release_assignment {name} "
              f"--CourseDirectory.release_directory={shlex.quote(folder)}")
