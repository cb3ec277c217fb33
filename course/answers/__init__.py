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
from .decision import DecisionRules
from .drafted_message import DraftedMessageRules
from .item_set import ItemSetRules
from .multiple_choice import MultipleChoiceRules
from .numeric import NumericRules
from .ordering import OrderingRules
from .single_choice import SingleChoiceRules

__all__ = [
    "KINDS", "Check", "Rules", "CategoriseRules", "DecisionRules", "DraftedMessageRules", "ItemSetRules", "MultipleChoiceRules",
    "NumericRules", "OrderingRules", "SingleChoiceRules", "events", "make_key", "rules_for", "seal_explanations",
    "seal_solution",
]

KINDS: dict[str, type[Rules]] = {cls.kind: cls for cls in (
    SingleChoiceRules, MultipleChoiceRules, OrderingRules, CategoriseRules, NumericRules, ItemSetRules,
    DraftedMessageRules, DecisionRules)}

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
    """Veil an exercise's texts for the learner notebook (what `course key` prints).

    Why veiled, not sealed with the right answer as before: practice feedback explains each wrong
    option or item after a Check, and a reveal shows the closing explanation, so the learner's
    kernel must open every text without the answer (:func:`course.keys.veil`: obfuscation against
    reading the page, no more; the graded release carries none of it). Each name must still be an
    option or item the answer places (the same check as before). Returns ``(explanations,
    explanation)`` ready to paste.
    """
    from .. import keys

    make_key(kind, exercise_id, answer)  # the same checks of kind and answer
    cls = KINDS[kind]
    sealed = {}
    for name, text in (explanations or {}).items():
        try:
            cls.explanation_part(name, answer)
        except (ValueError, KeyError):
            raise ValueError(f"{name!r} is explained but is not an item of the answer") from None
        sealed[name] = keys.veil(exercise_id, text)
    closing = keys.veil(exercise_id, explanation) if explanation else ""
    return sealed, closing


MAX_SOLUTION_ITEMS = 100  # an item set larger than this carries no solution (its explanation says how)


def seal_solution(kind: str, exercise_id: str, answer: Any) -> str:
    """The right answer, veiled, for a practice learner's "Show the answer" (what `course key` prints
    as ``solution=``); '' for a kind judged without a key, or an item set too large to carry."""
    import json

    from .. import keys

    make_key(kind, exercise_id, answer)  # the same checks of kind and answer
    cls = KINDS[kind]
    if not cls.needs_key:
        return ""
    value = cls.canonical(answer)
    if kind == "item_set" and len(value) > MAX_SOLUTION_ITEMS:
        return ""
    return keys.veil(exercise_id, json.dumps(value, ensure_ascii=False, sort_keys=False))
