"""``course import``: import submissions downloaded from an LMS (a zip or a folder).

(The module is ``import_`` because ``import`` is a Python keyword; the command is ``course import``.)
"""

from __future__ import annotations

import os
from pathlib import Path

from ..layout import CourseLayout
from . import CommandError

__all__ = ["main"]


def main(*, assignment: str, source: str | os.PathLike[str], pattern: str | None = None, force: bool = False,
         root: str | os.PathLike[str] | None = None) -> int:
    """Import into the layout's submitted folder; print who was imported, and what was skipped and why."""
    from ..instructor.lms_import import import_submissions

    layout = CourseLayout.of(root)
    try:
        result = import_submissions(root=layout.root, assignment=assignment, source=Path(source),
                                    pattern=pattern, force=force)
    except ValueError as problem:
        raise CommandError(str(problem)) from None
    print(f"imported {len(result.imported)} submission(s) of {assignment} into "
          f"{layout.name(layout.submitted, folder=True)}: " + (", ".join(result.imported) or "none"))
    for note in result.warnings:
        print(f"  note: {note}")
    for skipped in result.skipped:
        print(f"  skipped {skipped.entry}: {skipped.reason}")
    return 0
