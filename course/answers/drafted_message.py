"""Drafted message: the learner writes a reply or a correction.

Why rules and not a key: there is no one right message. The message checker
(``course.message_checker``) finds the apology components and the red flags, quoting the words
that triggered each. Its score is a small automated part of the grade; the instructor scores the
same message against the rubric in a manually graded cell, because judgment is what matters here.
"""

from __future__ import annotations

import html
from typing import Any

from .base import NOTHING, Check, Rules

__all__ = ["DraftedMessageRules", "MAX_CHARACTERS", "side_by_side", "plain_checklist"]

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
        """The checker's findings (a ``message_checker.Report``) for a message.

        The last one is kept: grading one message asks for its report three times (the score, the
        printed review, the checklist shown beside the message), and a check is a few milliseconds."""
        last = getattr(self, "_last_report", None)
        if last is not None and last[0] == value:
            return last[1]
        from .. import message_checker  # imported on first use: the first exercise must appear fast

        report = message_checker.check_message(value, max_words=self.max_words)
        self._last_report = (value, report)
        return report

    def check(self, value: Any) -> Check:
        if not value or not value.strip():
            return NOTHING
        report = self.report(value)
        return Check(report.score, tuple(sorted(report.components)), tuple(sorted(report.red_flags)))

    def grade(self, value: str, plain_key: Any) -> Check:
        return self.check(value)

    def describe(self, value: str) -> str:
        return f"Your message ({len(value.split())} words)."

    def review_display(self, value: str, check: Check) -> dict[str, str]:
        """The message and the checker's checklist side by side (:func:`side_by_side`): what the
        instructor reads in formgrader right above the manual score, and the learner in feedback;
        in plain text, the checklist alone (the text review above quotes the message)."""
        report = self.report(value)
        return {"text/html": side_by_side(value, report), "text/plain": plain_checklist(report)}

    def review(self, value: str, check: Check) -> str:
        report = self.report(value)
        found = ", ".join(report.present) or "none"
        flags = ", ".join(sorted(report.red_flags)) or "none"
        return (f"Automated checklist: apology components found: {found}; red flags: {flags}. "
                f"Your instructor also reads the message itself.\n--- your message ---\n{value.strip()}\n---")


# Inline styles, not a stylesheet: formgrader's page, the feedback page and JupyterLab's sanitiser
# all keep them. Two columns that wrap into one on a narrow screen (each at least 18em wide).
_ROW = "display:flex;flex-wrap:wrap;gap:0.5em 2em;align-items:flex-start;max-width:100%"
_COLUMN = "flex:1 1 18em;min-width:0"
_TEXT = ("white-space:pre-wrap;overflow-wrap:anywhere;margin:0.3em 0;padding:0.4em 0.8em;"
         "border-left:4px solid #767676;font-family:inherit;font-size:inherit;line-height:1.45")


def side_by_side(text: str, report) -> str:
    """The message (left) and its checklist (right, ``message_checker.checklist_html``) as one HTML block.

    Why beside each other: the instructor scores the message by hand against a rubric and should
    see what the checker found while reading it, each finding with the words that triggered it.
    The message is escaped (a learner may write markup) and keeps its line breaks; the checklist
    says every verdict in words and a tick or a cross, never colour alone; the two columns wrap
    into one on a narrow screen."""
    from .. import message_checker

    shown = html.escape(text.strip()) if text.strip() else "<em>(empty)</em>"
    words = len(text.split())
    return (f'<div class="course-message-review" role="group" '
            f'aria-label="The message and its automated checklist" style="{_ROW}">'
            f'<section class="course-message" style="{_COLUMN}">'
            f'<h4 style="margin:0.2em 0">The message ({words} words)</h4>'
            f'<div class="course-message-text" style="{_TEXT}">{shown}</div></section>'
            f'<section class="course-message-checklist" style="{_COLUMN}">'
            f"{message_checker.checklist_html(report)}</section></div>")


def plain_checklist(report) -> str:
    """The checklist in plain text, for a page that cannot show HTML: each component present or
    missing, then each red flag with its words (labels from the checker's patterns)."""
    from ..message_patterns import pattern

    quotes: dict[str, list[str]] = {}
    for finding in report.findings:
        quotes.setdefault(finding.id, []).append(f"“{finding.quote}”")
    lines = ["Automated checklist:"]
    lines += [f"  ✔ {pattern(c).label}: {', '.join(quotes.get(c, []))}" for c in report.present]
    lines += [f"  ✘ {pattern(c).label}: missing" for c in report.missing]
    flags = [f for f in report.findings if f.id in report.red_flags]  # each with its own words
    lines += [f"  ✘ red flag, {f.label}: “{f.quote}”" for f in flags] or ["  no red flags found"]
    return "\n".join(lines)
