"""Categorise as one drop-down per item; an item not sorted yet shows "— choose —".

The rules (the share of items in their right category; a partial answer is saved as it grows) are
:mod:`course.answers.categorise`.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..answers.categorise import CategoriseRules
from .base import Check, Exercise, from_rules

__all__ = ["Categorise"]

_UNSORTED = "— choose —"  # shown as a real option: ipywidgets shows value None as an empty box


class Categorise(Exercise):
    """Sort every item into one of the categories."""

    rules_class = CategoriseRules
    items = from_rules("items")
    categories = from_rules("categories")

    def feedback(self, value: dict[str, str], check: Check) -> str:
        rows = self._rows(((i, f"“{html.escape(i)}” as <em>{html.escape(c)}</em>.", p)
                           for (i, c), p in zip(value.items(), self.parts(value))), check, explain_wrong=False)
        left = len(self.items) - len(value)
        summary = f"{len(check.right)} of {len(self.items)} sorted into the right category"
        summary += f"; {left} still to sort." if left else "."
        return f"<p>{summary}</p><ul>{rows}</ul>" + self._closing(check)

    def _build_control(self) -> widgets.Widget:
        self._menus = {}
        rows = []
        for item in self.items:
            menu = widgets.Dropdown(
                options=[(_UNSORTED, "")] + [(c, c) for c in self.categories],
                value="",
                description=item,
                style={"description_width": "65%"},
                layout=widgets.Layout(width="auto"),
            )
            menu.observe(lambda change: self._answer_changed(self._sorted()), names="value")
            self._menus[item] = menu
            rows.append(menu)
        return widgets.VBox(rows)

    def _sorted(self) -> dict[str, str]:
        return {item: menu.value for item, menu in self._menus.items() if menu.value}

    def _show_value(self, value: dict[str, str]) -> None:
        for item, menu in self._menus.items():
            menu.value = value.get(item, "")
