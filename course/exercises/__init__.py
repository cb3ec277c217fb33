"""The widget exercises: one base class, one small module per exercise type.

Scenario notebooks compose these from data (prompts, options, explanations, salted keys); a new
scenario never needs new widget code.
"""

from .base import MODES, Check, Exercise, get_mode, set_mode
from .categorise import Categorise
from .multiple_choice import MultipleChoice
from .ordering import Ordering
from .single_choice import SingleChoice

KINDS = {cls.kind: cls for cls in (SingleChoice, MultipleChoice, Ordering, Categorise)}

__all__ = [
    "Categorise", "Check", "Exercise", "KINDS", "MODES", "MultipleChoice", "Ordering",
    "SingleChoice", "get_mode", "make_key", "set_mode",
]


def make_key(kind: str, exercise_id: str, answer) -> list[str]:
    """The salted digests an exercise carries for this plain answer (what `course key` prints)."""
    from .. import keys

    try:
        cls = KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown exercise kind {kind!r}; valid kinds: {', '.join(KINDS)}") from None
    if kind in ("multiple_choice",):
        answer = list(answer)
    return list(keys.digests(exercise_id, cls.parts(answer)))
