"""Single choice as radio buttons: one per option, one chosen.

The options are listed in the learner's own order (:mod:`course.exercises.display_order`). A
click is a check: it is judged at once (practice mode) with that option's own explanation, right
or wrong. The rules (all or nothing) are :mod:`course.answers.single_choice`.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..answers.single_choice import SingleChoiceRules
from . import display_order
from .base import Check, Exercise, from_rules, verdict

__all__ = ["SingleChoice"]


class SingleChoice(Exercise):
    """One question, several options, one best answer."""

    rules_class = SingleChoiceRules
    options = from_rules("options")

    def feedback(self, value: str, check: Check) -> str:
        return (f"<p>{verdict(check.complete)} {html.escape(self.describe(value))}{self._explain(value, self.parts(value)[0])}</p>"
                + self._closing(check))

    def solution_html(self, right: str) -> str:
        return f"<p>“{html.escape(right)}”.{self._explain(right, '')}</p>"

    def _build_control(self) -> widgets.Widget:
        self._radio = widgets.RadioButtons(
            options=display_order.shuffled(self.options, self.id, self.learner), value=None, layout=widgets.Layout(width="auto")
        )
        self._radio.observe(lambda change: self._answer_changed(change["new"]), names="value")
        return self._radio

    def _show_value(self, value: str) -> None:
        self._radio.value = value
