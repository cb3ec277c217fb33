"""Drafted message: the learner writes a reply or a correction.

Why rules and not a key: there is no one right message. The message checker
(``course.message_checker``) finds the apology components and the red flags, quoting the words
that triggered each. Its score is a small automated part of the grade; the instructor scores the
same message against the rubric in a manually graded cell, because judgment is what matters here.
"""

from __future__ import annotations

from typing import Any

from .base import NOTHING, Check, Rules

__all__ = ["DraftedMessageRules", "MAX_CHARACTERS"]

MAX_CHARACTERS = 10_000  # a message, not an essay; keeps the answers file small


class DraftedMessageRules(Rules):
    """A message the learner drafts; judged by the message checker's rules."""

    kind = "drafted_message"
    constructor = "DraftedMessage"
    needs_key = False
    title = "a drafted message"
    row_label = "checklist score"
    axis_label = "drafts with this checklist score"
    reveal = "checklist"
    choice_name = None

    def __init__(self, exercise_id: str, *, max_words: int = 200, **spec: Any):
        self.max_words = max_words
        super().__init__(exercise_id, **spec)

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

    def report(self, value: str):
        """The checker's findings (a ``message_checker.Report``) for a message."""
        from .. import message_checker  # imported on first use: the first exercise must appear fast

        return message_checker.check_message(value, max_words=self.max_words)

    def check(self, value: Any) -> Check:
        if not value or not value.strip():
            return NOTHING
        report = self.report(value)
        return Check(report.score, tuple(sorted(report.components)), tuple(sorted(report.red_flags)))

    def grade(self, value: str, plain_key: Any) -> Check:
        return self.check(value)

    def describe(self, value: str) -> str:
        return f"Your message ({len(value.split())} words)."

    def review(self, value: str, check: Check) -> str:
        report = self.report(value)
        found = ", ".join(report.present) or "none"
        flags = ", ".join(sorted(report.red_flags)) or "none"
        return (f"Automated checklist: apology components found: {found}; red flags: {flags}. "
                f"Your instructor also reads the message itself.\n--- your message ---\n{value.strip()}\n---")
