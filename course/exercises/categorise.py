"""Categorise as one drop-down per item; an item not sorted yet shows "— choose —".

The items are listed in the learner's own order (:mod:`course.exercises.display_order`); a choice
is a draft until Check (graded mode: saved at once). The rules (the share of items in their right
category; a partial answer may be checked) are :mod:`course.answers.categorise`.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..answers.categorise import CategoriseRules
from . import display_order
from .base import Check, Exercise, from_rules

__all__ = ["Categorise"]

_UNSORTED = "— choose —"  # shown as a real option: ipywidgets shows value None as an empty box


class Categorise(Exercise):
    """Sort every item into one of the categories."""

    rules_class = CategoriseRules
    check_button = True
    items = from_rules("items")
    categories = from_rules("categories")

    def feedback(self, value: dict[str, str], check: Check) -> str:
        shown = [i for i in self._menus if i in value]  # in the order this learner sees the items
        rows = self._rows(((i, f"“{html.escape(i)}” as <em>{html.escape(value[i])}</em>.", self.parts({i: value[i]})[0])
                           for i in shown), check)
        left = len(self.items) - len(value)
        summary = f"{len(check.right)} of {len(self.items)} sorted into the right category"
        summary += f"; {left} still to sort." if left else "."
        return f"<p>{summary}</p><ul>{rows}</ul>" + self._closing(check)

    def solution_html(self, right: dict[str, str]) -> str:
        rows = "".join(f"<li>“{html.escape(i)}” as <em>{html.escape(c)}</em>.{self._explain(i, '')}</li>"
                       for i, c in right.items())
        return f"<ul>{rows}</ul>"

    def _current(self) -> dict[str, str]:
        return self._sorted()

    def _build_control(self) -> widgets.Widget:
        self._menus = {}
        rows = []
        for item in display_order.shuffled(self.items, self.id, self.learner):
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
