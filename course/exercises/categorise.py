"""Categorise: sort each item into one of a few categories (one drop-down per item).

Used for "productive or unproductive?" and "now, this week, or never?". Partial credit: the share
of items sorted into their right category. An answer may be partial while the learner works;
unsorted items simply earn nothing yet.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any

import ipywidgets as widgets

from .base import Check, Exercise, options_list, verdict

__all__ = ["Categorise"]

_UNSORTED = "— choose —"  # shown as a real option: ipywidgets shows value None as an empty box


class Categorise(Exercise):
    """Sort every item into one of the categories."""

    kind = "categorise"

    def __init__(self, exercise_id: str, *, items: Iterable[str], categories: Iterable[str], **kwargs: Any):
        self.items = options_list(items, "items", exercise_id)
        self.categories = options_list(categories, "categories", exercise_id)
        super().__init__(exercise_id, **kwargs)

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
        return Categorise.parts({name: answer[name]})[0]

    def describe(self, value: dict[str, str]) -> str:
        if not value:
            return "You have not sorted any item yet."
        return "You sorted: " + "; ".join(f"“{i}” as {c}" for i, c in value.items()) + "."

    def review(self, value: dict[str, str], check: Check) -> str:
        return f"{len(check.right)} of {len(self.items)} items sorted into the right category."

    def feedback(self, value: dict[str, str], check: Check) -> str:
        right = set(check.right)
        rows = "".join(
            f"<li>{verdict(p in right)} “{html.escape(i)}” as <em>{html.escape(c)}</em>.{self._explain(i, p) if p in right else ''}</li>"
            for (i, c), p in zip(value.items(), self.parts(value))
        )
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
