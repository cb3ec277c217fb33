"""Multiple choice: tick every option that applies.

Partial credit: each right tick earns a share, each wrong tick takes one back, never below zero,
so ticking everything is no strategy.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .base import Check, Rules, options_list

__all__ = ["MultipleChoiceRules"]


class MultipleChoiceRules(Rules):
    """One question, several options, any number of right ones."""

    kind = "multiple_choice"
    constructor = "MultipleChoice"
    title = "tick all that apply"
    axis_label = "participants who ticked it"
    reveal = "choices"
    choice_name = "multiple choice"

    def __init__(self, exercise_id: str, *, options: Iterable[str], **spec: Any):
        self.options = options_list(options, "options", exercise_id)
        super().__init__(exercise_id, **spec)

    def normalise(self, value: Any) -> list[str]:
        if isinstance(value, str) or not isinstance(value, (list, tuple, set, frozenset)):
            raise ValueError("give a list of the options you pick, for example [\"first option\", \"third option\"]")
        unknown = [v for v in value if not isinstance(v, str) or v not in self.options]
        if unknown:
            raise ValueError(f"{unknown[0]!r} is not one of the options")
        picked = set(value)
        return [o for o in self.options if o in picked]

    @staticmethod
    def parts(value: list[str]) -> list[str]:
        return [f"pick={v}" for v in value]

    @staticmethod
    def score(right: int, wrong: int, key_size: int) -> float:
        return max(0.0, (right - wrong) / key_size)

    @staticmethod
    def explanation_part(name: str, answer: list[str]) -> str:
        return MultipleChoiceRules.parts([name])[0]

    @staticmethod
    def same_answer(value: Any, key: Any, *, decimals: int = 0) -> bool:
        return set(value) == set(key)

    def describe(self, value: list[str]) -> str:
        if not value:
            return "You picked none of the options."
        return "You picked " + "; ".join(f"“{v}”" for v in value) + "."

    def review(self, value: list[str], check: Check) -> str:
        text = f"{self.describe(value)} {len(check.right)} of {len(self.key)} strong picks found"
        return text + (f"; {len(check.wrong)} of your picks would backfire." if check.wrong else ".")

    @staticmethod
    def wrong_labels(value: Any, key: Any, options: Iterable[str], categories: Iterable[str]) -> list[str]:
        if not isinstance(value, list):
            return []
        options = set(options)
        return [v for v in value if v in options and not (isinstance(key, list) and v in key)]
