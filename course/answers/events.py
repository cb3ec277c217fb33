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
    """One answer just checked and saved: which exercise, of which kind and rubric step, the value,
    its score, and where it stands among the learner's checks.

    ``value`` is the normalised, JSON-ready answer; ``score`` the fraction of full marks against
    the practice key (None when unknown, and for kinds judged by rules, the checklist's score).
    ``attempt`` is the learner's number of checks with this one (``Answer.checks``: 1 is their
    first try), and ``first_value`` / ``first_score`` their first checked answer and its score, as
    ``responses.json`` keeps it: a workshop joined after the first check still learns the first
    try, so the facilitator sees what the room knew before it learned from the feedback."""

    exercise_id: str
    kind: str
    step: str
    value: Any
    score: float | None = None
    attempt: int = 1
    first_value: Any = None  # None: this answer is the first (a record from before first tries)
    first_score: float | None = None

    @property
    def is_first(self) -> bool:
        """True when this answer is the learner's first check of the exercise."""
        return self.attempt <= 1 and (self.first_value is None or self.first_value == self.value)

    @property
    def first(self) -> tuple[Any, float | None]:
        """The learner's first checked answer and its score (this one's, when it is the first)."""
        if self.first_value is None:
            return self.value, self.score
        return self.first_value, self.first_score


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
