"""Ordering: put items in sequence.

Partial credit: the share of items in their right place.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .base import Check, Rules, options_list

__all__ = ["OrderingRules"]


class OrderingRules(Rules):
    """Put the items in the right order; they are shown in the order given."""

    kind = "ordering"
    constructor = "Ordering"
    title = "put in order"
    column_label = "place in the order (1 = first)"
    reveal = "order"
    choice_name = "ordering"

    def __init__(self, exercise_id: str, *, items: Iterable[str], **spec: Any):
        self.items = options_list(items, "items", exercise_id)
        super().__init__(exercise_id, **spec)

    def normalise(self, value: Any) -> list[str]:
        if isinstance(value, str) or not isinstance(value, (list, tuple)):
            raise ValueError("give the items as a list, first to last")
        if not all(isinstance(v, str) for v in value) or len(value) != len(self.items) or set(value) != set(self.items):
            raise ValueError("list every item exactly once: " + "; ".join(f"“{i}”" for i in self.items))
        return list(value)

    @staticmethod
    def parts(value: list[str]) -> list[str]:
        return [f"position {n}={item}" for n, item in enumerate(value, start=1)]

    @staticmethod
    def score(right: int, wrong: int, key_size: int) -> float:
        return right / key_size

    @staticmethod
    def explanation_part(name: str, answer: list[str]) -> str:
        return OrderingRules.parts(answer)[list(answer).index(name)]

    @staticmethod
    def same_answer(value: Any, key: Any, *, decimals: int = 0) -> bool:
        return list(value) == list(key)

    def describe(self, value: list[str]) -> str:
        return "Your order: " + "; ".join(f"{n}. {item}" for n, item in enumerate(value, start=1)) + "."

    def review(self, value: list[str], check: Check) -> str:
        return f"{len(check.right)} of {len(value)} items in the right place."

    @staticmethod
    def wrong_labels(value: Any, key: Any, options: Iterable[str], categories: Iterable[str]) -> list[str]:
        options = set(options)
        if not (isinstance(value, list) and all(v in options for v in value)):
            return []
        return [f"“{item}” in place {n}" for n, item in enumerate(value, start=1)
                if not (isinstance(key, list) and n <= len(key) and key[n - 1] == item)]
