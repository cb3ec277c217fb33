"""Ordering as a list box with Move up / Move down buttons, checked with the Check button.

Why a list box and buttons rather than drag and drop: both work with the keyboard alone and are
announced properly by screen readers. The items start in the learner's own order
(:mod:`course.exercises.display_order`), never the right one where the panel can tell (practice
mode, with the key's digests); a move is a draft until Check (graded mode: every move is saved,
and "Save this order" saves the order as it stands). The rules (the share of pairs of items in the
right relative order) are :mod:`course.answers.ordering`.
"""

from __future__ import annotations


import ipywidgets as widgets

from ..answers.ordering import OrderingRules
from . import display_order
from .base import Check, Exercise, from_rules, verdict

__all__ = ["Ordering"]


class Ordering(Exercise):
    """Put the items in the right order; they start in the learner's own order."""

    rules_class = OrderingRules
    check_button = True
    items = from_rules("items")

    def feedback(self, value: list[str], check: Check) -> str:
        # judged by pairs: an item is marked right when every pair it is in is in the right order;
        # every item's why is shown, a misplaced one's above all (teach on failure)
        out = self.rules.out_of_order(value, check)
        rows = "".join(f"<li>{verdict(item not in out)} {self._sentence(item)}"
                       f"{self._explain(item, self.explanation_part(item, value))}</li>"
                       for item in value)
        return (f"<p>{len(check.right)} of {len(check.right) + len(check.wrong)} pairs of items in the right "
                f"order.</p><ol>{rows}</ol>" + self._closing(check))

    def solution_html(self, right: list[str]) -> str:
        rows = "".join(f"<li>{self._sentence(item)}{self._explain(item, '')}</li>" for item in right)
        return f"<ol>{rows}</ol>"

    def start_order(self) -> list[str]:
        """The learner's starting order: their own shuffle, never the right order where it is known."""
        right = None if self.rules.keyless else (lambda order: self.rules.check(order).complete)
        return display_order.shuffled(self.items, self.id, self.learner, avoid=right)

    def _current(self) -> list[str]:
        return list(self._order)

    def _build_control(self) -> widgets.Widget:
        self._order = self.start_order()
        self._list = widgets.Select(
            options=self._labelled(), rows=len(self.items), description="Order:",
            layout=widgets.Layout(width="auto"),
        )
        # no icons: an icon font's glyph becomes part of the button's accessible name (" Move up")
        up = widgets.Button(description="Move up", tooltip="Move the selected item up")
        down = widgets.Button(description="Move down", tooltip="Move the selected item down")
        keep = widgets.Button(description="Save this order", tooltip="Save the order as it stands")
        up.on_click(lambda _: self._move(-1))
        down.on_click(lambda _: self._move(+1))
        keep.on_click(lambda _: self._answer_changed(list(self._order)))
        if self.practice():
            keep.layout.display = "none"  # practice: Check saves the order as it stands
        return widgets.VBox([self._list, widgets.HBox([up, down, keep])])

    def _labelled(self) -> list[tuple[str, str]]:
        return [(f"{n}. {item}", item) for n, item in enumerate(self._order, start=1)]

    def _move(self, offset: int) -> None:
        item = self._list.value
        if item is None:
            self._status.value = self._status_html("Select an item in the list first, then move it.")
            return
        i = self._order.index(item)
        j = i + offset
        if not 0 <= j < len(self._order):
            return
        self._order[i], self._order[j] = self._order[j], self._order[i]
        self._refresh(selected=item)
        self._answer_changed(list(self._order))

    def _refresh(self, selected: str | None) -> None:
        with self._saving_off():
            self._list.options = self._labelled()
            self._list.value = selected

    def _show_value(self, value: list[str]) -> None:
        self._order = list(value)
        self._refresh(selected=None)
