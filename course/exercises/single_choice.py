"""Single choice: pick the one best option (radio buttons).

Used for "what do you do first?" decisions, where the distractors are the tempting anti-patterns.
All or nothing: the best move is the best move.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

import ipywidgets as widgets

from .base import Check, Exercise, options_list, verdict

__all__ = ["SingleChoice"]


class SingleChoice(Exercise):
    """One question, several options, one best answer."""

    kind = "single_choice"

    def __init__(self, exercise_id: str, *, options: Iterable[str], **kwargs: Any):
        self.options = options_list(options, "options", exercise_id)
        super().__init__(exercise_id, **kwargs)

    def normalise(self, value: Any) -> str:
        if isinstance(value, str) and value in self.options:
            return value
        listed = "; ".join(f"“{o}”" for o in self.options)
        raise ValueError(f"{value!r} is not one of the options. Choose one of: {listed}")

    @staticmethod
    def parts(value: str) -> list[str]:
        return [f"choice={value}"]

    @staticmethod
    def score(right: int, wrong: int, key_size: int) -> float:
        return 1.0 if right else 0.0

    @staticmethod
    def explanation_part(name: str, answer: str) -> str:
        return SingleChoice.parts(name)[0]

    def describe(self, value: str) -> str:
        return f"You chose “{value}”."

    def review(self, value: str, check: Check) -> str:
        why = self.explanation_text(value, self.parts(value)[0])
        return f"{self.describe(value)} {why}".strip()

    def feedback(self, value: str, check: Check) -> str:
        return (f"<p>{verdict(check.complete)} {html.escape(self.describe(value))}{self._explain(value, self.parts(value)[0])}</p>"
                + self._closing(check))

    def _build_control(self) -> widgets.Widget:
        self._radio = widgets.RadioButtons(
            options=self.options, value=None, layout=widgets.Layout(width="auto")
        )
        self._radio.observe(lambda change: self._answer_changed(change["new"]), names="value")
        return self._radio

    def _show_value(self, value: str) -> None:
        self._radio.value = value
