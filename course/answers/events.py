"""The one hook between a saved answer and whoever wants to hear of it (a live workshop, say).

Why a hook and not a call: the exercises run in every learner's kernel and must not depend on the
workshop, which depends on them (its catalogue reads the exercises). So an exercise announces a
plain record of each saved answer here, and the workshop's participant side subscribes when a
learner joins a room and unsubscribes when they leave. Nothing here imports anything of the course.

A listener returns None when all went well, or one line saying why the answer did not get where
it was going (the learner sees it on the exercise's status line; the answer itself is already
saved in responses.json). A listener that raises is reported the same way, never re-raised.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["SavedAnswer", "Listener", "subscribe", "unsubscribe", "listening", "publish"]


@dataclass(frozen=True)
class SavedAnswer:
    """One answer just saved: which exercise, of which kind and rubric step, the value, its score.

    ``value`` is the normalised, JSON-ready answer; ``score`` the fraction of full marks against
    the practice key (None when unknown, and for kinds judged by rules, the checklist's score)."""

    exercise_id: str
    kind: str
    step: str
    value: Any
    score: float | None = None


Listener = Callable[[SavedAnswer], "str | None"]

_listeners: list[Listener] = []


def subscribe(listener: Listener) -> None:
    """Hear of every answer saved in this kernel from now on (subscribing twice changes nothing)."""
    if listener not in _listeners:
        _listeners.append(listener)


def unsubscribe(listener: Listener) -> None:
    """Stop hearing of saved answers (a listener not subscribed is ignored)."""
    if listener in _listeners:
        _listeners.remove(listener)


def listening() -> bool:
    """True when someone listens: an exercise builds a record only then (scoring costs a little)."""
    return bool(_listeners)


def publish(record: SavedAnswer) -> str | None:
    """Tell every listener of one saved answer; None when all is well, else the problems in one line."""
    problems = []
    for listener in list(_listeners):
        try:
            problem = listener(record)
        except Exception as error:  # a listener's failure must never reach the learner as an exception
            problem = " ".join(str(error).split()) or type(error).__name__
        if problem:
            problems.append(problem)
    return " ".join(problems) or None
