"""Every exercise created in this kernel, keyed by its id.

Why: a grade cell names an exercise by id and needs its points, step and explanations; the
progress summary needs every exercise of the notebook. Re-running an exercise's cell replaces
the old entry, so the registry always reflects the latest definition. Imports no ipywidgets.
"""

from __future__ import annotations

__all__ = ["register", "get", "all_exercises", "clear"]

_EXERCISES: dict = {}


def register(exercise) -> None:
    """Remember an exercise under its id (replacing an earlier one with the same id)."""
    _EXERCISES.pop(exercise.id, None)
    _EXERCISES[exercise.id] = exercise


def get(exercise_id: str):
    """The exercise with this id; a clear error if its cell has not been run in this kernel."""
    try:
        return _EXERCISES[exercise_id]
    except KeyError:
        raise LookupError(
            f"exercise {exercise_id!r} is not defined in this kernel: run the cell that creates it first "
            "(Run > Run All Cells)"
        ) from None


def all_exercises() -> list:
    """Every exercise in the order its cell was (last) run."""
    return list(_EXERCISES.values())


def clear() -> None:
    """Forget every exercise (tests use it to start clean)."""
    _EXERCISES.clear()
