"""``course record``: the learner's completion record, one printable page with no answers in it."""

from __future__ import annotations

import os

from ..layout import CourseLayout, UnknownAssignment
from . import CommandError

__all__ = ["main"]


def main(*, assignments: list[str] | tuple[str, ...] = (), name: str = "", to: str | None = None,
         root: str | os.PathLike[str] | None = None) -> int:
    """Write the record of the release folder's assignments (``course.completion``) and say where
    it is, with the record in one line. Each assignment's answers are read from the
    responses.json in its release folder, as the notebooks saved them."""
    from ..completion import RecordError, summary_line, write_record

    layout = CourseLayout.of(root)
    try:
        path, record = write_record(layout.release, to, assignments=list(assignments), name=name or "")
    except RecordError as problem:
        message = str(problem).replace(str(layout.release), layout.name(layout.release, folder=True).rstrip("/"))
        if message.startswith("no assignment "):
            raise UnknownAssignment(message) from None
        raise CommandError(message) from None
    print(f"completion record: {layout.name(path)} (open it in a browser; it prints to one page, or to PDF)")
    print(summary_line(record))
    return 0
