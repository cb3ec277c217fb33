"""Categorise: sort each item into one of a few categories.

Used for "productive or unproductive?" and "now, this week, or never?". Partial credit: the share
of items sorted into their right category. An answer may be partial while the learner works;
unsorted items simply earn nothing yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .base import Check, Rules, options_list

__all__ = ["CategoriseRules"]


class CategoriseRules(Rules):
    """Sort every item into one of the categories."""

    kind = "categorise"
    constructor = "Categorise"
    title = "sort into categories"
    reveal = "categories"
    choice_name = "categorise"

    def __init__(self, exercise_id: str, *, items: Iterable[str], categories: Iterable[str], **spec: Any):
        self.items = options_list(items, "items", exercise_id)
        self.categories = options_list(categories, "categories", exercise_id)
        super().__init__(exercise_id, **spec)

    def normalise(self, value: Any) -> dict[str, str]:
        if not isinstance(value, Mapping):
            raise ValueError("give a dict from each item to its category, for example {\"item\": \"category\"}")
        for item, category in value.items():
            if item not in self.items:
                raise ValueError(f"{item!r} is not one of the items")
            if category is not None and category not in self.categories:
                raise ValueError(f"{category!r} is not a category; use one of: {', '.join(self.categories)}")
        return {i: value[i] for i in self.items if value.get(i) is not None}

    @staticmethod
    def parts(value: dict[str, str]) -> list[str]:
        return [f"{item} -> {category}" for item, category in value.items()]

    @staticmethod
    def score(right: int, wrong: int, key_size: int) -> float:
        return right / key_size

    @staticmethod
    def explanation_part(name: str, answer: dict[str, str]) -> str:
        return CategoriseRules.parts({name: answer[name]})[0]

    @staticmethod
    def same_answer(value: Any, key: Any, *, decimals: int = 0) -> bool:
        return dict(value) == dict(key)

    def describe(self, value: dict[str, str]) -> str:
        if not value:
            return "You have not sorted any item yet."
        return "You sorted: " + "; ".join(f"“{i}” as {c}" for i, c in value.items()) + "."

    def review(self, value: dict[str, str], check: Check) -> str:
        return f"{len(check.right)} of {len(self.items)} items sorted into the right category."

    @staticmethod
    def wrong_labels(value: Any, key: Any, options: Iterable[str], categories: Iterable[str]) -> list[str]:
        if not isinstance(value, dict):
            return []
        options, categories = set(options), set(categories)
        return [f"“{item}” → {category}" for item, category in value.items()
                if item in options and category in categories
                and not (isinstance(key, dict) and key.get(item) == category)]
