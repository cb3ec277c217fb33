"""The ``course`` subcommands: one module each, with one ``main`` taking keyword-only arguments.

Why functions and not argparse handlers: the command line (:mod:`course.cli`) only parses and
forwards ``vars(args)``, so a subcommand can be called from Python (a test, a notebook, a script)
with the same defaults as from a shell, and the two cannot drift apart. Each ``main`` prints what
the command prints and returns its exit status. A problem the user can fix (a wrong name, a
missing folder) raises :class:`CommandError`, :class:`course.layout.UnknownAssignment` or
:class:`course.layout.CourseNotFound`, which the command line prints as one line with exit status 2.

Each module imports only the standard library and :mod:`course.layout` at the top, so that
``course --help`` stays quick; the work is imported when a command runs.
"""

from __future__ import annotations

__all__ = ["CommandError"]


class CommandError(Exception):
    """A problem the user can fix, said in one line (``course: error: ...``, exit status 2)."""
