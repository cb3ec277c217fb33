"""Every exercise created in this kernel, keyed by its id: the registry of :mod:`course.answers.registry`.

Why here too: notebooks and tests have always reached it as ``course.exercises.registry``; it is
the same registry (one dict), kept where grading can use it without importing ipywidgets.
"""

from __future__ import annotations

from ..answers.registry import Entry, all_exercises, clear, entry, get, register

__all__ = ["Entry", "register", "get", "entry", "all_exercises", "clear"]
