"""Item set: a set the learner computes with pandas (a suppression list of addresses, say).

Why a type of its own: the answer can hold thousands of items, far too many to click, so it is
recorded from code (``exercise.answer(my_set)``), and judged as a set. Practice mode can only
tell an exact match (the key is one salted digest of the whole set; thousands of per-item
digests would bloat the notebook) plus the expected size, if the author gives it. Grading, which
has the plain key, gives partial credit like multiple choice: each right item earns a share, each
wrong item takes one back, never below zero.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ..answers.item_set import ItemSetRules
from .base import Check, Exercise, from_rules, verdict

__all__ = ["ItemSet"]


class ItemSet(Exercise):
    """A set of strings, recorded from code and judged as a set."""

    rules_class = ItemSetRules
    noun = from_rules("noun")
    expected_size = from_rules("expected_size")

    def __init__(self, exercise_id: str, *, noun: str = "items", expected_size: int | None = None, **kwargs: Any):
        super().__init__(exercise_id, noun=noun, expected_size=expected_size, **kwargs)

    def feedback(self, value: list[str], check: Check) -> str:
        size = f" The right list has {self.expected_size:,} {self.noun}." if self.expected_size else ""
        hint = "" if check.complete else f" Not the same set yet.{size}"
        return f"<p>{verdict(check.complete)} {html.escape(self.describe(value))}{html.escape(hint)}</p>" + self._closing(check)

    def _build_control(self) -> widgets.Widget:
        self._preview = widgets.HTML(
            "<p>Compute this with pandas, then record it in the cell below with "
            "<code>.answer(...)</code>: the comment there shows how.</p>"
        )
        return self._preview

    def _show_value(self, value: list[str]) -> None:
        sample = ", ".join(value[:3]) + (", …" if len(value) > 3 else "")
        self._preview.value = f"<p>Recorded {len(value):,} {html.escape(self.noun)}: {html.escape(sample)}</p>"
