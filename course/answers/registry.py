"""Every exercise defined in this kernel, keyed by its id: its rules, where its answers are saved,
and the panel that shows it (if one was built).

Why: a grade cell names an exercise by id and needs its rules (points, step, how to judge the
saved answer) and its responses file; the progress summary needs every exercise of the notebook.
Grading needs no widget, so an exercise may be registered as a rules object alone. Re-running an
exercise's cell replaces the old entry, so the registry always reflects the latest definition.
Imports no ipywidgets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..responses import ResponsesStore
from .base import Rules

__all__ = ["Entry", "NotRunYet", "register", "get", "entry", "all_exercises", "clear"]


class NotRunYet(LookupError):
    """A grade cell (or code) named an exercise whose question cell has not run in this kernel.

    Shown by IPython as its one line (``_render_traceback_``), not a traceback through the
    course's source: the learner's next step is to run the question's cell, nothing else."""

    def _render_traceback_(self) -> list[str]:
        return [str(self)]


@dataclass(frozen=True)
class Entry:
    """One registered exercise: its rules, its responses store, and its panel (None without a widget)."""

    rules: Rules
    own_store: ResponsesStore | None = None  # where a bare rules object's answers are read
    panel: Any = None

    @property
    def store(self) -> ResponsesStore:
        """Where its answers are saved: the panel's store (as it is now), else the one registered with it."""
        if self.panel is not None:  # a panel after a decision: responses.json, never a branch explored
            return getattr(self.panel, "graded_store", self.panel.store)
        return self.own_store if self.own_store is not None else ResponsesStore()

    @property
    def exercise(self) -> Any:
        """What was registered: the panel when there is one, else the rules."""
        return self.rules if self.panel is None else self.panel


_EXERCISES: dict[str, Entry] = {}


def register(exercise: Any, *, store: ResponsesStore | None = None) -> None:
    """Remember an exercise under its id (replacing an earlier one with the same id).

    ``exercise`` is a panel (it carries ``.rules`` and ``.store``) or a bare rules object, whose
    answers are then read from ``store`` (default: responses.json where it is looked for when read)."""
    if isinstance(exercise, Rules):
        found = Entry(exercise, store)
    else:
        found = Entry(getattr(exercise, "registered_rules", exercise.rules), None, exercise)
    _EXERCISES.pop(found.rules.id, None)
    _EXERCISES[found.rules.id] = found


def entry(exercise_id: str) -> Entry:
    """The registered exercise with this id; a clear error if its cell has not been run in this kernel."""
    try:
        return _EXERCISES[exercise_id]
    except KeyError:
        raise NotRunYet(
            f"exercise {exercise_id!r} is not defined in this kernel: run the cell that creates it first "
            "(Run > Run All Cells)"
        ) from None


def get(exercise_id: str) -> Any:
    """The exercise with this id as registered: its panel, or its rules when no widget was built."""
    return entry(exercise_id).exercise


def all_exercises() -> list:
    """Every exercise in the order its cell was (last) run (panels, or rules when no widget was built)."""
    return [e.exercise for e in _EXERCISES.values()]


def clear() -> None:
    """Forget every exercise (tests use it to start clean)."""
    _EXERCISES.clear()
