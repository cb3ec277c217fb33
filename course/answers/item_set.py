"""Item set: a set the learner computes with pandas (a suppression list of addresses, say).

Why a kind of its own: the answer can hold thousands of items, far too many to click, so it is
recorded from code (``exercise.answer(my_set)``), and judged as a set. Practice mode can only
tell an exact match (the key is one salted digest of the whole set; thousands of per-item
digests would bloat the notebook) plus the expected size, if the author gives it. Grading, which
has the plain key, gives partial credit like multiple choice: each right item earns a share, each
wrong item takes one back, never below zero.
"""

from __future__ import annotations

from typing import Any

from .base import Check, Rules

__all__ = ["ItemSetRules"]


class ItemSetRules(Rules):
    """A set of strings, recorded from code and judged as a set."""

    kind = "item_set"
    constructor = "ItemSet"
    title = "a list computed with pandas"
    row_label = "size of the list"
    reveal = "computed"
    worked_out = "built their list"
    choice_name = None

    def __init__(self, exercise_id: str, *, noun: str = "items", expected_size: int | None = None, **spec: Any):
        self.noun = noun
        self.expected_size = expected_size
        super().__init__(exercise_id, **spec)

    def normalise(self, value: Any) -> list[str]:
        if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
            raise ValueError(f"give a collection of {self.noun} (a set, a list or a pandas Series), not one string")
        items = list(value.tolist() if hasattr(value, "tolist") else value)
        bad = next((v for v in items if not isinstance(v, str)), None)
        if bad is not None:
            raise ValueError(f"every entry must be text; {bad!r} is not")
        return ItemSetRules.canonical(items)

    @staticmethod
    def canonical(value: Any) -> list[str]:
        items = value.tolist() if hasattr(value, "tolist") else value
        return sorted({v.strip() for v in items if v.strip()})

    @staticmethod
    def parts(value: list[str]) -> list[str]:
        return ["set=" + "\n".join(value)]

    @staticmethod
    def score(right: int, wrong: int, key_size: int) -> float:
        return 1.0 if right else 0.0

    @staticmethod
    def explanation_part(name: str, answer: Any) -> str:
        raise ValueError("an item-set exercise has no per-item explanations; use the closing explanation")

    def grade(self, value: list[str], plain_key: Any) -> Check:
        key = set(self.normalise(plain_key))
        mine = set(value)
        right, wrong = sorted(mine & key), sorted(mine - key)
        fraction = max(0.0, (len(right) - len(wrong)) / len(key)) if key else 0.0
        return Check(min(1.0, fraction), tuple(right), tuple(wrong))

    @staticmethod
    def same_answer(value: Any, key: Any, *, decimals: int = 0) -> bool:
        return sorted(set(value)) == sorted(set(key))

    def describe(self, value: list[str]) -> str:
        return f"Your list has {len(value):,} {self.noun}."

    def review(self, value: list[str], check: Check) -> str:
        missing_note = ""
        if not check.complete:
            missing_note = (f" {len(check.right):,} of them belong on it and {len(check.wrong):,} do not; "
                            "compare your conditions with each part of the task.")
        return self.describe(value) + missing_note
