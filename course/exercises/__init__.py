"""The widget exercises: one base class, one small module per exercise type.

Scenario notebooks compose these from data (prompts, options, explanations, salted keys); a new
scenario never needs new widget code. Each widget is a panel over the kind's answer rules in
:mod:`course.answers`, which hold everything about judging an answer.
"""

from .. import answers
from ..answers import make_key, seal_explanations, seal_solution
from .base import MODES, Check, Exercise, get_mode, set_mode
from .categorise import Categorise
from .decision import Decision
from .drafted_message import DraftedMessage
from .item_set import ItemSet
from .multiple_choice import MultipleChoice
from .numeric import Numeric
from .ordering import Ordering
from .single_choice import SingleChoice

_PANELS = {cls.kind: cls for cls in (SingleChoice, MultipleChoice, Ordering, Categorise, Numeric, ItemSet,
                                     DraftedMessage, Decision)}
# kind id -> widget class, in the order of the one registry of kinds (a kind without a panel fails here)
KINDS = {kind: _PANELS[kind] for kind in answers.KINDS}

__all__ = [
    "Categorise", "Check", "Decision", "DraftedMessage", "Exercise", "ItemSet", "KINDS", "MODES", "MultipleChoice",
    "Numeric", "Ordering",
    "SingleChoice", "get_mode", "make_key", "seal_explanations", "seal_solution", "set_mode",
]
