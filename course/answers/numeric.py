"""Numeric answer: the learner computes a figure with pandas, then records it.

Why rounding is part of the question: a rate computed as 2.0449... and one typed as 2.04 are the
same answer, so the exercise states its precision (``decimals``) and judges the rounded value.
All or nothing: a different figure means a different calculation (bounces counted as delivered,
complaints divided by the whole list), and the review says so kindly.
"""

from __future__ import annotations

import math
from typing import Any

from .base import Check, Rules

__all__ = ["NumericRules"]


class NumericRules(Rules):
    """One number, judged after rounding to ``decimals`` places (in ``unit``, e.g. "%")."""

    kind = "numeric"
    constructor = "Numeric"
    title = "a figure"
    row_label = "figure given"
    reveal = "computed"
    choice_name = None

    def __init__(self, exercise_id: str, *, decimals: int = 0, unit: str = "", **spec: Any):
        if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 6:
            raise ValueError(f"{exercise_id}: decimals must be a whole number from 0 to 6")
        self.decimals = decimals
        self.unit = unit
        super().__init__(exercise_id, **spec)

    def normalise(self, value: Any) -> float:
        number = value
        if isinstance(value, str):
            text = value.strip().replace(",", "").replace("_", "").replace(" ", "")
            if self.unit and text.endswith(self.unit):
                text = text[: -len(self.unit)]
            try:
                number = float(text)
            except ValueError:
                raise ValueError(f"{value!r} is not a number; type digits only, for example 1234.5") from None
        if isinstance(number, bool) or not isinstance(number, (int, float)) and not hasattr(number, "__float__"):
            raise ValueError(f"give a number, not {type(value).__name__}")
        number = float(number)
        if not math.isfinite(number):
            raise ValueError("give a finite number")
        return round(number, self.decimals)

    def formatted(self, value: float) -> str:
        """The figure as the learner reads it: thousands separated, at the exercise's precision, with its unit."""
        return f"{value:,.{self.decimals}f}{self.unit}"

    @staticmethod
    def canonical(value: Any) -> float:
        return float(value)

    @staticmethod
    def parts(value: float) -> list[str]:
        # repr of the rounded float: round(2.0449, 2) and 2.04 are the same double, so the same part
        return [f"value={float(value)!r}"]

    @staticmethod
    def score(right: int, wrong: int, key_size: int) -> float:
        return 1.0 if right else 0.0

    @staticmethod
    def explanation_part(name: str, answer: Any) -> str:
        raise ValueError("a numeric exercise has no per-option explanations; use the closing explanation")

    @staticmethod
    def same_answer(value: Any, key: Any, *, decimals: int = 0) -> bool:
        return round(float(value), decimals) == round(float(key), decimals)

    def describe(self, value: float) -> str:
        return f"You recorded {self.formatted(value)}."

    def review(self, value: float, check: Check) -> str:
        if check.complete:
            return self.describe(value)
        return f"{self.describe(value)} Check what the calculation divides by, and which rows it counts."
