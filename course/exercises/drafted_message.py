"""Drafted message: the learner writes a reply or a correction, with a live checklist beside it.

Why rules and not a key: there is no one right message. The message checker
(``course.message_checker``) finds the apology components and the red flags, quoting the words
that triggered each, and updates the checklist as the learner types. Its score is a small
automated part of the grade; the instructor scores the same message against the rubric in a
manually graded cell, because judgment is what matters here.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from .base import Check, Exercise

__all__ = ["DraftedMessage"]

MAX_CHARACTERS = 10_000  # a message, not an essay; keeps the answers file small


class DraftedMessage(Exercise):
    """A message the learner drafts; judged by the message checker's rules."""

    kind = "drafted_message"
    needs_key = False

    def __init__(self, exercise_id: str, *, max_words: int = 200, placeholder: str = "", **kwargs: Any):
        self.max_words = max_words
        self.placeholder = placeholder or "Write your message here. The checklist below updates as you type."
        super().__init__(exercise_id, **kwargs)

    def normalise(self, value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError("give the message as text")
        if len(value) > MAX_CHARACTERS:
            raise ValueError(f"that is {len(value):,} characters; a message this long would not be read")
        return value

    @staticmethod
    def parts(value: str) -> list[str]:
        return []

    @staticmethod
    def score(right: int, wrong: int, key_size: int) -> float:
        return 0.0

    @staticmethod
    def explanation_part(name: str, answer: Any) -> str:
        raise ValueError("a drafted message has no per-option explanations")

    def report(self, value: str | None = None):
        """The checker's findings (a ``message_checker.Report``) for a message (the saved one by default)."""
        from .. import message_checker  # imported on first use: the first exercise must appear fast

        return message_checker.check_message(self._value if value is None else value, max_words=self.max_words)

    def check(self, value: Any = None) -> Check:
        value = self._value if value is None else self.normalise(value)
        if not value or not value.strip():
            return Check(0.0, (), ())
        report = self.report(value)
        return Check(report.score, tuple(sorted(report.components)), tuple(sorted(report.red_flags)))

    def grade_check(self, value: str, plain_key: Any) -> Check:
        return self.check(value)

    def describe(self, value: str) -> str:
        return f"Your message ({len(value.split())} words)."

    def review(self, value: str, check: Check) -> str:
        report = self.report(value)
        found = ", ".join(report.present) or "none"
        flags = ", ".join(sorted(report.red_flags)) or "none"
        return (f"Automated checklist: apology components found: {found}; red flags: {flags}. "
                f"Your instructor also reads the message itself.\n--- your message ---\n{value.strip()}\n---")

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
