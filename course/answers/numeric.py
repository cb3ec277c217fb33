"""Numeric answer: the learner computes a figure with pandas, then records it.

Why rounding is part of the question: a rate computed as 2.0449... and one typed as 2.04 are the
same answer, so the exercise states its precision (``decimals``) and judges the rounded value.
The answer is kept as given (``normalise`` does not round), so that a slip can still be told
from it: 0.125 rounded to one place would be 0.1, and nobody could say it was 12.5 % as a
fraction. All or nothing: a different figure means a different calculation (bounces counted as
delivered, complaints divided by the whole list), and the review says so kindly.

Typed numbers: a decimal comma is read as one ("12,5" is 12.5, not 125). A comma followed by
exactly three digits, in groups ("4,050", "9,595", "1,234,567"), separates thousands, as in
English: "4,050" is four thousand and fifty. Where a point and a comma both appear, the last one
is the decimal mark ("1.234,5" and "1,234.5"). Spaces, thin spaces and underscores group digits.

Slips, named in the feedback instead of "check your calculation" (:meth:`NumericRules.slip`):
a fraction where a percentage is asked (0.125 for 12.5 %) or a percentage where a fraction is
(12.5 for 0.125), a figure 1,000 times too big (a decimal comma before three digits, "1,250" for
1.25), rounding to fewer places than asked, and one step off in the last place (digits cut off
instead of rounded). Each is found by trying the slipped variants against the key: its digests in
practice mode, the plain key in grading, through the same code, so both say the same.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from .. import keys
from .base import Check, Rules

__all__ = ["NumericRules", "NumericCheck", "parse_number"]

_GROUPED = re.compile(r"[-+]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d*)?")  # 4,050  9,595  1,234,567.5 (never 0,125)


def parse_number(text: str) -> float:
    """A typed number, with a decimal comma or point and digits grouped as people write them."""
    t = re.sub(r"[\s_\u00a0\u202f\u2009']", "", text)
    if "," in t and "." in t:  # the last of the two is the decimal mark
        t = t.replace(".", "").replace(",", ".") if t.rindex(",") > t.rindex(".") else t.replace(",", "")
    elif "," in t:
        t = t.replace(",", "") if _GROUPED.fullmatch(t) else t.replace(",", ".", 1) if t.count(",") == 1 else t
    elif t.count(".") > 1 and re.fullmatch(r"[-+]?\d{1,3}(?:\.\d{3})+", t):  # 1.234.567
        t = t.replace(".", "")
    return float(t)


@dataclass(frozen=True)
class NumericCheck(Check):
    """A check of one figure, with the slip it shows, if any ("" when none is recognised)."""

    slip: str = ""


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
            text = value.strip()
            if self.unit and text.endswith(self.unit):
                text = text[: -len(self.unit)]
            try:
                number = parse_number(text)
            except ValueError:
                raise ValueError(f"{value!r} is not a number; type digits only, for example 1234.5") from None
        if isinstance(number, bool) or not isinstance(number, (int, float)) and not hasattr(number, "__float__"):
            raise ValueError(f"give a number, not {type(value).__name__}")
        number = float(number)
        if not math.isfinite(number):
            raise ValueError("give a finite number")
        return number

    def rounded(self, value: float) -> float:
        """The figure at the exercise's precision: what is judged."""
        return round(float(value), self.decimals)

    def formatted(self, value: float) -> str:
        """The figure as the learner reads it: thousands separated, at the exercise's precision, with its unit."""
        return f"{value:,.{self.decimals}f}{self.unit}"

    def given(self, value: float) -> str:
        """The figure as given, with as many places as it has (at least the precision asked, at most 6
        more), thousands separated, no unit."""
        return f"{value:,.{max(self.decimals, min(_places(value), self.decimals + 6))}f}"

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

    def _judge(self, value: Any, digests) -> NumericCheck:
        digests = set(digests)
        check = super()._judge(self.rounded(value), digests)
        slip = "" if check.complete else self.slip(
            float(value), lambda figure: keys.digest(self.id, self.parts(self.rounded(figure))[0]) in digests)
        return NumericCheck(check.fraction, check.right, check.wrong, slip=slip)

    def slip(self, value: float, is_right) -> str:
        """The slip that turns ``value`` into the right figure, said kindly, or "" if none does.

        ``is_right(figure)`` says whether a figure is right at the exercise's precision (against
        the digests or the plain key). Never says the right figure: only what kind of slip it is."""
        d = self.decimals
        asks_percent = self.unit.strip() == "%"
        if asks_percent and is_right(value * 100):
            return (f"{self.given(value)} looks like a fraction: the question asks for a percentage, so multiply "
                    "by 100 (a share of 0.125 is 12.5%).")
        if not asks_percent and is_right(value / 100) and abs(value / 100) <= 1:
            return (f"{self.given(value)} looks like a percentage: the question asks for a fraction, so divide "
                    "by 100 (12.5% is a share of 0.125).")
        if is_right(value / 1000):
            return ("Your figure is 1,000 times the right size. A comma before three digits separates thousands "
                    "(1,250 is one thousand two hundred and fifty): for a decimal, type a point (1.250) or a "
                    "comma before fewer digits (1,25).")
        if asks_percent and is_right(value / 100):
            return "Your figure is 100 times the right size: multiply by 100 only once to make a percentage."
        places = _places(value)
        for fewer in range(max(0, d - 3), d) if places < d else ():
            step = 10 ** -d
            span = round(0.5 * 10 ** (d - fewer))
            if any(is_right(value + k * step) for k in range(-span, span + 1)) and places <= fewer:
                return (f"You gave {fewer} decimal place{'s' * (fewer != 1)} and the question asks for {d}: "
                        f"round to {d} place{'s' * (d != 1)}, not fewer.")
        step = 10 ** -d
        if d and (is_right(value + step) or is_right(value - step)):  # (a count one off is no rounding slip)
            return (f"One step off in the last place: round to {d} decimal place{'s' * (d != 1)} rather than "
                    "cutting the extra digits off (3.146 rounds to 3.15).")
        return ""

    @staticmethod
    def same_answer(value: Any, key: Any, *, decimals: int = 0) -> bool:
        return round(float(value), decimals) == round(float(key), decimals)

    def describe(self, value: float) -> str:
        # a figure typed with a few more places than asked is shown as typed (0.125, not 0.1), one
        # computed to the last digit at the precision asked
        shown = self.given(value) + self.unit if self.decimals < _places(value) <= self.decimals + 3 else None
        return f"You recorded {shown or self.formatted(value)}."

    def review(self, value: float, check: Check) -> str:
        if check.complete:
            return self.describe(value)
        slip = getattr(check, "slip", "")
        return f"{self.describe(value)} {slip or 'Check what the calculation divides by, and which rows it counts.'}"


def _places(value: float) -> int:
    """How many decimal places a figure was given with (0.125 has 3; 4.0 has 0), up to 9."""
    for places in range(10):
        if round(value, places) == value:
            return places
    return 10
