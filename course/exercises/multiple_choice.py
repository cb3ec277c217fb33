"""Multiple choice as checkboxes: tick every option that applies.

The options are listed in the learner's own order (:mod:`course.exercises.display_order`); a tick
is a draft until Check (graded mode: saved at once). The rules (a share per right tick, one back
per wrong tick, never below zero) are :mod:`course.answers.multiple_choice`.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..answers.multiple_choice import MultipleChoiceRules
from . import display_order
from .base import Check, Exercise, from_rules

__all__ = ["MultipleChoice"]


class MultipleChoice(Exercise):
    """One question, several options, any number of right ones."""

    rules_class = MultipleChoiceRules
    check_button = True
    options = from_rules("options")

    def feedback(self, value: list[str], check: Check) -> str:
        shown = [b.description for b in self._boxes if b.description in value]  # this learner's order
        rows = self._rows(((v, f"“{html.escape(v)}”.", self.parts([v])[0]) for v in shown), check)
        found = len(check.right)
        summary = f"You have found {found} of {len(self.key)}"
        if check.wrong:
            summary += f", and {len(check.wrong)} of your picks would backfire"
        return f"<p>{summary}.</p><ul>{rows}</ul>" + self._closing(check)

    def solution_html(self, right: list[str]) -> str:
        rows = "".join(f"<li>“{html.escape(o)}”.{self._explain(o, '')}</li>" for o in right)
        others = "".join(f"<li>Not “{html.escape(o)}”.{self._explain(o, '')}</li>"
                         for o in self.options if o not in right)
        return f"<p>Tick these:</p><ul>{rows}</ul>" + (f"<p>and leave these:</p><ul>{others}</ul>" if others else "")

    def _current(self) -> list[str]:
        return self._ticked()

    def _build_control(self) -> widgets.Widget:
        self._boxes = [
            widgets.Checkbox(value=False, description=o, indent=False, layout=widgets.Layout(width="auto"))
            for o in display_order.shuffled(self.options, self.id, self.learner)
        ]
        for box in self._boxes:
            box.observe(lambda change: self._answer_changed(self._ticked()), names="value")
        return widgets.VBox(self._boxes)

    def _ticked(self) -> list[str]:
        return [box.description for box in self._boxes if box.value]

    def _show_value(self, value: list[str]) -> None:
        for box in self._boxes:
            box.value = box.description in value
