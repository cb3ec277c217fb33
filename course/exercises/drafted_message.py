"""A message the learner drafts in a text area, with the message checker's checklist beside it.

The checklist updates as the learner types and is shown in both modes: it is a writing aid. The
rules (the checker's score; no key) are :mod:`course.answers.drafted_message`; the instructor
scores the same message against the rubric in a manually graded cell.

Attempts count editing sessions, not keystrokes: the draft is saved as the learner types (so
nothing is lost), and saves less than ``DRAFT_PAUSE_SECONDS`` apart are one attempt; a pause longer
than that, then more typing, is a new attempt. (One reply was once stored as 117 attempts.)
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ..answers.drafted_message import MAX_CHARACTERS, DraftedMessageRules
from .base import Check, Exercise, from_rules

__all__ = ["DraftedMessage", "DRAFT_PAUSE_SECONDS", "MAX_CHARACTERS"]

DRAFT_PAUSE_SECONDS = 300.0  # five minutes without typing ends an editing session


class DraftedMessage(Exercise):
    """A message the learner drafts; judged by the message checker's rules."""

    rules_class = DraftedMessageRules
    max_words = from_rules("max_words")
    session_seconds = DRAFT_PAUSE_SECONDS

    def __init__(self, exercise_id: str, *, max_words: int = 200, placeholder: str = "", **kwargs: Any):
        self.placeholder = placeholder or "Write your message here. The checklist below updates as you type."
        super().__init__(exercise_id, max_words=max_words, **kwargs)

    def report(self, value: str | None = None):
        """The checker's findings (a ``message_checker.Report``) for a message (the saved one by default)."""
        return self.rules.report(self._value if value is None else value)

    def feedback(self, value: str, check: Check) -> str:
        from .. import message_checker

        return message_checker.checklist_html(self.report(value))

    def _build_control(self) -> widgets.Widget:
        self._text = widgets.Textarea(
            value="", placeholder=self.placeholder, description="Your message:", rows=8,
            continuous_update=True, style={"description_width": "initial"}, layout=widgets.Layout(width="auto"),
        )
        self._text.observe(lambda change: self._answer_changed(change["new"]), names="value")
        return self._text

    def _saved_text(self) -> str:
        return "✓ Draft saved: it is saved as you type."  # a count of keystroke batches means nothing

    def _report(self, value: Any) -> None:
        # the checklist is a writing aid, shown in both modes; graded mode hides only the score
        super()._report(value)
        if not self._feedback.value:
            self._feedback.value = self.feedback(value, self.check(value))

    def _show_value(self, value: str) -> None:
        self._text.value = value
