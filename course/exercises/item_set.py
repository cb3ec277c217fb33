"""A set the learner computes with pandas, recorded from code (``exercise.answer(my_set)``).

The panel shows only the size and a sample of what was recorded: thousands of items are too many
to click or to show. The rules (judged as a set; partial credit when graded) are
:mod:`course.answers.item_set`.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..answers.item_set import ItemSetRules
from .base import Check, Exercise, from_rules, verdict

__all__ = ["ItemSet"]


class ItemSet(Exercise):
    """A set of strings, recorded from code and judged as a set."""

    rules_class = ItemSetRules
    noun = from_rules("noun")
    expected_size = from_rules("expected_size")

    def feedback(self, value: list[str], check: Check) -> str:
        size = f" The right list has {self.expected_size:,} {self.noun}." if self.expected_size else ""
        hint = "" if check.complete else f" Not the same set yet.{size}"
        return f"<p>{verdict(check.complete)} {html.escape(self.describe(value))}{html.escape(hint)}</p>" + self._closing(check)

    def solution_html(self, right: list[str]) -> str:
        return f"<p>{len(right):,} {html.escape(self.noun)}: {html.escape(', '.join(right))}</p>"

    def _build_control(self) -> widgets.Widget:
        self._preview = widgets.HTML(
            "<p>Compute this with pandas, then record it in the cell below with "
            "<code>.answer(...)</code>: the comment there shows how.</p>"
        )
        return self._preview

    def _show_value(self, value: list[str]) -> None:
        sample = ", ".join(value[:3]) + (", …" if len(value) > 3 else "")
        self._preview.value = f"<p>Recorded {len(value):,} {html.escape(self.noun)}: {html.escape(sample)}</p>"
