"""Each exercise kind's answer rules, apart from any widget: one base class, one module per kind.

Why a package of its own: grading (``course.grading.grade``), the workshop and the instructor's
report need to judge and describe answers without ipywidgets, and a rules object is all they
need. The widgets in :mod:`course.exercises` are thin panels over these. Nothing here imports
ipywidgets (a test checks it), the workshop, or the instructor's side.

:data:`KINDS` is the one registry of kinds (kind id -> rules class); every consumer of a kind
asks it, and ``tests/test_answer_kinds.py`` fails when a kind is missing from any of them.
"""

from __future__ import annotations

from typing import Any

from . import events
from .base import Check, Rules
from .categorise import CategoriseRules
from .drafted_message import DraftedMessageRules
from .item_set import ItemSetRules
from .multiple_choice import MultipleChoiceRules
from .numeric import NumericRules
from .ordering import OrderingRules
from .single_choice import SingleChoiceRules

__all__ = [
    "KINDS", "Check", "Rules", "CategoriseRules", "DraftedMessageRules", "ItemSetRules", "MultipleChoiceRules",
    "NumericRules", "OrderingRules", "SingleChoiceRules", "events", "make_key", "rules_for", "seal_explanations",
]

KINDS: dict[str, type[Rules]] = {cls.kind: cls for cls in (
    SingleChoiceRules, MultipleChoiceRules, OrderingRules, CategoriseRules, NumericRules, ItemSetRules,
    DraftedMessageRules)}

_BY_CONSTRUCTOR = {cls.constructor: cls for cls in KINDS.values()}


def rules_for(kind: str) -> type[Rules] | None:
    """The rules class of a kind, named by its id ("single_choice") or by the constructor a notebook
    calls ("SingleChoice"); None for a kind this course does not know (an answer from a newer notebook)."""
    return KINDS.get(kind) or _BY_CONSTRUCTOR.get(kind)


def _kind(kind: str) -> type[Rules]:
    try:
        return KINDS[kind]
    except (KeyError, TypeError):
        raise ValueError(f"unknown exercise kind {kind!r}; valid kinds: {', '.join(KINDS)}") from None


def make_key(kind: str, exercise_id: str, answer: Any) -> list[str]:
    """The salted digests an exercise carries for this plain answer (what `course key` prints)."""
    from .. import keys

    cls = _kind(kind)
    return list(keys.digests(exercise_id, cls.parts(cls.canonical(answer))))


def seal_explanations(kind: str, exercise_id: str, answer: Any, explanations=None, explanation: str = ""):
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
