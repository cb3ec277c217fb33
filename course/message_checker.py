"""The message checker: which apology components a drafted message has, and which red flags, each with its words.

Why rules and not a model: a learner must see *why* the checklist ticked a box, so every finding
quotes the exact words that triggered it, and an instructor can read every rule in
``course.message_patterns``. The same check serves the live checklist widget (it runs on every
keystroke, so it is plain compiled regexes: about a millisecond for a 200-word message, see
``benchmarks/message_checker.py``) and grading (``Report.score``). It imports no widget code, so
test cells and the grading pipeline can use it without ipywidgets.

Its limits, stated plainly: it recognises phrasings, not meaning. "Hit send too early lol" admits
the slip without an "I" and is missed. On messages written after the rules were fixed it found most
components (regret always, acknowledgment nine times in ten, an explanation half the time) but
almost no red flag put in new words; ``tests/message_corpus.py`` has the figures. So the checklist
words an empty red-flag list modestly, and the drafted-message exercise pairs this small automated
score with a manually graded cell.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from course.message_patterns import (
    COMPONENT,
    COMPONENTS,
    DEFAULT_MAX_WORDS,
    PATTERNS,
    RED_FLAG,
    TOO_LONG,
    Pattern,
    expand,
    pattern,
)

__all__ = ["Finding", "Report", "check_message", "checklist_html", "show", "QUOTE_WORDS"]

# How many words beyond the limit the too_long finding quotes: enough to find the place, short
# enough for a checklist line.
QUOTE_WORDS = 8

_WORD = re.compile(r"\S+")


def _compile(p: Pattern) -> re.Pattern[str]:
    """One regex per pattern, its alternatives fenced by word boundaries, so one search finds the first match.

    The match is group 1, after one consumed non-word character; ``check_message`` searches the
    text with a space put in front. That is a word boundary before the phrase whatever character
    it starts with, and it is fast: a pattern that begins with a character set lets ``re`` skip
    every position inside a word, which made the check about four times faster than a leading
    ``(?<!\\w)`` (case-insensitive alternations get no such skip). ``(?!\\w)`` closes each one.
    """
    alternatives = "|".join(rf"(?:{expand(r)})(?!\w)" for r in p.regexes)
    return re.compile(rf"[^\w]({alternatives})", re.IGNORECASE)


# Compiled once at import: the widget calls check_message on every keystroke.
_COMPILED: tuple[tuple[Pattern, re.Pattern[str]], ...] = tuple((p, _compile(p)) for p in PATTERNS if p.regexes)
_TOTAL_COMPONENT_WEIGHT = sum(p.weight for p in COMPONENTS)
_COMPONENTS_BY_IMPORTANCE = tuple(p.id for p in sorted(COMPONENTS, key=lambda p: -p.weight))  # stable: ties keep order


@dataclass(frozen=True)
class Finding:
    """One component found or one red flag raised, with the exact words of the message that triggered it."""

    id: str
    kind: str
    label: str
    quote: str
    why: str
    weight: float


@dataclass(frozen=True)
class Report:
    """What the checker found in one message, in text order, and the score grading takes from it.

    ``max_words`` is the limit the too_long rule used, kept so the checklist can say "limit 200".
    """

    findings: tuple[Finding, ...]
    word_count: int
    max_words: int = DEFAULT_MAX_WORDS

    @property
    def components(self) -> set[str]:
        """The ids of the apology components present."""
        return {f.id for f in self.findings if f.kind == COMPONENT}

    @property
    def red_flags(self) -> set[str]:
        """The ids of the red flags raised."""
        return {f.id for f in self.findings if f.kind == RED_FLAG}

    @property
    def present(self) -> tuple[str, ...]:
        """The component ids found, most important first (the order reviews list them in)."""
        return tuple(c for c in _COMPONENTS_BY_IMPORTANCE if c in self.components)

    @property
    def missing(self) -> tuple[str, ...]:
        """The component ids absent, most important first: the order in which the learner should add them."""
        present = self.components
        return tuple(c for c in _COMPONENTS_BY_IMPORTANCE if c not in present)

    @property
    def score(self) -> float:
        """The automated score, 0 to 1.

        The rule: the weights of the components present divided by the weights of all six (so
        acknowledgment counts 4/14, forgiveness 1/14; see ``course.message_patterns``), minus
        each red flag's weight (0.15 apiece), clamped to [0, 1]. A deduction rather than a
        multiplier, so one red flag costs the same in a strong draft as in a weak one; each is
        counted once however often its words appear.
        """
        earned = sum(f.weight for f in self.findings if f.kind == COMPONENT)
        penalty = sum(f.weight for f in self.findings if f.kind == RED_FLAG)
        return min(1.0, max(0.0, earned / _TOTAL_COMPONENT_WEIGHT - penalty))


def _finding(p: Pattern, quote: str) -> Finding:
    return Finding(id=p.id, kind=p.kind, label=p.label, quote=quote, why=p.why, weight=p.weight)


def check_message(text: str, *, max_words: int = DEFAULT_MAX_WORDS) -> Report:
    """Check a drafted message: at most one finding per pattern (its first match), in the order they occur in the text.

    ``max_words`` is the too_long limit; a message of exactly ``max_words`` words is not too long.
    Its finding quotes the first few words beyond the limit, so the learner sees where to cut.
    """
    if max_words < 1:
        raise ValueError(f"max_words must be at least 1, not {max_words}")
    located: list[tuple[int, Finding]] = []
    padded = " " + text  # see _compile: the space is the boundary before a phrase at the very start
    for p, regex in _COMPILED:
        m = regex.search(padded)
        if m:
            located.append((m.start(1) - 1, _finding(p, m.group(1))))
    words = list(_WORD.finditer(text))
    if len(words) > max_words:
        beyond = words[max_words : max_words + QUOTE_WORDS]
        start, end = beyond[0].start(), beyond[-1].end()
        located.append((start, _finding(pattern(TOO_LONG), text[start:end])))
    located.sort(key=lambda pair: pair[0])  # stable: at one position, components before red flags
    return Report(findings=tuple(f for _, f in located), word_count=len(words), max_words=max_words)


def checklist_html(report: Report) -> str:
    """The checklist as accessible HTML: a tick or a cross plus words on every line, never colour alone.

    Components come in order of importance, each found one with its quote; red flags come with
    their quote and why they matter. Every piece of learner text is escaped: a message may contain
    anything, including markup.
    """
    esc = html.escape
    found = {f.id: f for f in report.findings}
    lines = ['<div class="message-checklist" role="group" aria-label="Message checklist">']
    lines.append("<h4>Apology components</h4>")
    lines.append("<ul>")
    for component_id in _COMPONENTS_BY_IMPORTANCE:
        p = pattern(component_id)
        f = found.get(component_id)
        if f is not None:
            lines.append(
                f'<li class="present"><span aria-hidden="true">✔</span> <strong>{esc(p.label)}</strong>: '
                f"present, “{esc(f.quote)}”</li>"
            )
        else:
            lines.append(
                f'<li class="missing"><span aria-hidden="true">✘</span> <strong>{esc(p.label)}</strong>: '
                f"missing. {esc(p.why)}</li>"
            )
    lines.append("</ul>")
    lines.append("<h4>Red flags</h4>")
    lines.append("<ul>")
    flags = [f for f in report.findings if f.kind == RED_FLAG]
    for f in flags:
        lines.append(
            f'<li class="red-flag"><span aria-hidden="true">✘</span> <strong>{esc(f.label)}</strong>: '
            f"“{esc(f.quote)}”. {esc(f.why)}</li>"
        )
    if not flags:
        # Worded modestly on purpose: the rules know common phrasings, and miss red flags put in new words.
        lines.append(
            '<li class="no-red-flags"><span aria-hidden="true">✔</span> No red flags found among the phrasings '
            "the checker knows. Read it once more as the person who receives it.</li>"
        )
    lines.append("</ul>")
    lines.append(f"<p>{report.word_count} words (limit {report.max_words}).</p>")
    lines.append("</div>")
    return "\n".join(lines)



def show(text: str, *, max_words: int = DEFAULT_MAX_WORDS) -> Report:
    """Display the checklist for a message written in a code cell (the widget shows it by itself).

    For messages a learner writes as text in code, such as a complete email; returns the report."""
    from IPython.display import HTML, display

    report = check_message(text, max_words=max_words)
    display(HTML(checklist_html(report)))
    return report
