"""The widget exercises: one base class, one small module per exercise type.

Scenario notebooks compose these from data (prompts, options, explanations, salted keys); a new
scenario never needs new widget code.
"""

from .base import MODES, Check, Exercise, get_mode, set_mode
from .categorise import Categorise
from .drafted_message import DraftedMessage
from .item_set import ItemSet
from .multiple_choice import MultipleChoice
from .numeric import Numeric
from .ordering import Ordering
from .single_choice import SingleChoice

KINDS = {cls.kind: cls for cls in (SingleChoice, MultipleChoice, Ordering, Categorise, Numeric, ItemSet,
                                   DraftedMessage)}

__all__ = [
    "Categorise", "Check", "DraftedMessage", "Exercise", "ItemSet", "KINDS", "MODES", "MultipleChoice",
    "Numeric", "Ordering",
    "SingleChoice", "get_mode", "make_key", "seal_explanations", "set_mode",
]


def make_key(kind: str, exercise_id: str, answer) -> list[str]:
    """The salted digests an exercise carries for this plain answer (what `course key` prints)."""
    from .. import keys

    try:
        cls = KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown exercise kind {kind!r}; valid kinds: {', '.join(KINDS)}") from None
    return list(keys.digests(exercise_id, cls.parts(cls.canonical(answer))))


def seal_explanations(kind: str, exercise_id: str, answer, explanations=None, explanation: str = ""):
    """Seal an exercise's texts for the learner notebook (what `course key` prints).

    Each option's or item's explanation is sealed with the answer part that should open it (the
    option when chosen; the item when placed right); the closing explanation with the whole
    right answer. Returns ``(explanations, explanation)`` ready to paste.
    """
    from .. import keys

    make_key(kind, exercise_id, answer)  # the same checks of kind and answer
    cls = KINDS[kind]
    sealed = {}
    for name, text in (explanations or {}).items():
        try:
            part = cls.explanation_part(name, answer)
        except (ValueError, KeyError):
            raise ValueError(f"{name!r} is explained but is not an item of the answer") from None
        sealed[name] = keys.seal(exercise_id, [part], text)
    closing = keys.seal(exercise_id, cls.parts(cls.canonical(answer)), explanation) if explanation else ""
    return sealed, closing
