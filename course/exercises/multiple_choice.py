"""Multiple choice: tick every option that applies (checkboxes).

Partial credit: each right tick earns a share, each wrong tick takes one back, never below zero,
so ticking everything is no strategy.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

import ipywidgets as widgets

from .base import Check, Exercise, options_list, verdict

__all__ = ["MultipleChoice"]


class MultipleChoice(Exercise):
    """One question, several options, any number of right ones."""

    kind = "multiple_choice"

    def __init__(self, exercise_id: str, *, options: Iterable[str], **kwargs: Any):
        self.options = options_list(options, "options", exercise_id)
        super().__init__(exercise_id, **kwargs)

    def normalise(self, value: Any) -> list[str]:
        if isinstance(value, str) or not isinstance(value, (list, tuple, set, frozenset)):
            raise ValueError("give a list of the options you pick, for example [\"first option\", \"third option\"]")
        unknown = [v for v in value if not isinstance(v, str) or v not in self.options]
        if unknown:
            raise ValueError(f"{unknown[0]!r} is not one of the options")
        picked = set(value)
        return [o for o in self.options if o in picked]

    @staticmethod
    def parts(value: list[str]) -> list[str]:
        return [f"pick={v}" for v in value]

    @staticmethod
    def score(right: int, wrong: int, key_size: int) -> float:
        return max(0.0, (right - wrong) / key_size)

    @staticmethod
    def explanation_part(name: str, answer: list[str]) -> str:
        return MultipleChoice.parts([name])[0]

    def describe(self, value: list[str]) -> str:
        if not value:
            return "You picked none of the options."
        return "You picked " + "; ".join(f"“{v}”" for v in value) + "."

    def review(self, value: list[str], check: Check) -> str:
        text = f"{self.describe(value)} {len(check.right)} of {len(self.key)} strong picks found"
        return text + (f"; {len(check.wrong)} of your picks would backfire." if check.wrong else ".")

    def feedback(self, value: list[str], check: Check) -> str:
        right = set(check.right)
        rows = "".join(
            f"<li>{verdict(p in right)} “{html.escape(v)}”.{self._explain(v, p)}</li>"
            for v, p in zip(value, self.parts(value))
        )
        found = len(check.right)
        summary = f"You have found {found} of {len(self.key)}"
        if check.wrong:
            summary += f", and {len(check.wrong)} of your picks would backfire"
        return f"<p>{summary}.</p><ul>{rows}</ul>" + self._closing(check)

    def _build_control(self) -> widgets.Widget:
        self._boxes = [
            widgets.Checkbox(value=False, description=o, indent=False, layout=widgets.Layout(width="auto"))
            for o in self.options
        ]
        for box in self._boxes:
            box.observe(lambda change: self._answer_changed(self._ticked()), names="value")
        return widgets.VBox(self._boxes)

    def _ticked(self) -> list[str]:
        return [box.description for box in self._boxes if box.value]

    def _show_value(self, value: list[str]) -> None:
        for box in self._boxes:
            box.value = box.description in value
