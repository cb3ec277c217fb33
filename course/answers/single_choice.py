"""Single choice: pick the one best option.

Used for "what do you do first?" decisions, where the distractors are the tempting anti-patterns.
All or nothing: the best move is the best move.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .base import Check, Rules, options_list

__all__ = ["SingleChoiceRules"]


class SingleChoiceRules(Rules):
    """One question, several options, one best answer."""

    kind = "single_choice"
    constructor = "SingleChoice"
    title = "one choice"
    reveal = "choices"
    choice_name = "single choice"

    def __init__(self, exercise_id: str, *, options: Iterable[str], **spec: Any):
        self.options = options_list(options, "options", exercise_id)
        super().__init__(exercise_id, **spec)

    def normalise(self, value: Any) -> str:
        if isinstance(value, str) and value in self.options:
            return value
        listed = "; ".join(f"“{o}”" for o in self.options)
        raise ValueError(f"{value!r} is not one of the options. Choose one of: {listed}")

    @staticmethod
    def parts(value: str) -> list[str]:
        return [f"choice={value}"]

    @staticmethod
    def score(right: int, wrong: int, key_size: int) -> float:
        return 1.0 if right else 0.0

    @staticmethod
    def explanation_part(name: str, answer: str) -> str:
        return SingleChoiceRules.parts(name)[0]

    @staticmethod
    def same_answer(value: Any, key: Any, *, decimals: int = 0) -> bool:
        return value == key

    def describe(self, value: str) -> str:
        return f"You chose “{value}”."

    def review(self, value: str, check: Check) -> str:
        why = self.explanation_text(value, self.parts(value)[0])
        return f"{self.describe(value)} {why}".strip()

    @staticmethod
    def wrong_labels(value: Any, key: Any, options: Iterable[str], categories: Iterable[str]) -> list[str]:
        if isinstance(value, str) and value in set(options):
            return [] if value == key else [value]
        return []
