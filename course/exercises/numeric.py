"""A figure the learner computes with pandas, typed in a box or recorded from code.

The box saves on Enter, on leaving it, or on its button; an emptied box is not an answer. The rules
(judged after rounding to ``decimals``, all or nothing, slips named) are :mod:`course.answers.numeric`.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ..answers.numeric import NumericRules
from .base import Check, Exercise, from_rules, verdict

__all__ = ["Numeric"]


class Numeric(Exercise):
    """One number, judged after rounding to ``decimals`` places (in ``unit``, e.g. "%")."""

    rules_class = NumericRules
    decimals = from_rules("decimals")
    unit = from_rules("unit")

    def feedback(self, value: float, check: Check) -> str:
        slip = getattr(check, "slip", "")  # a slip the rules recognise (a fraction for a percent, ...)
        hint = "" if check.complete else f" {slip or 'Check which rows you counted, and what you divided by.'}"
        return f"<p>{verdict(check.complete)} {html.escape(self.describe(value))}{hint}</p>" + self._closing(check)

    def _build_control(self) -> widgets.Widget:
        self._box = widgets.Text(
            value="", placeholder=f"a number{', in ' + self.unit if self.unit else ''}",
            description="Your answer:", continuous_update=False, style={"description_width": "initial"},
        )
        save = widgets.Button(description="Save answer", tooltip="Save the number in the box")
        save.on_click(lambda _: self._answer_changed(self._box.value))
        self._box.observe(lambda change: self._answer_changed(change["new"]), names="value")
        return widgets.HBox([self._box, save])

    def _answer_changed(self, value: Any) -> None:
        if isinstance(value, str) and not value.strip():
            return  # an emptied box is not an answer
        super()._answer_changed(value)

    def _show_value(self, value: float) -> None:
        self._box.value = self.rules.given(value).replace(",", "")  # as given, not rounded
