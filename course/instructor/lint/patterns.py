"""The findings across a bank: patterns no single question shows (:mod:`.rules` defines each code).

Why apart from the one-question rules: a bank is an assignment's questions or the whole course's,
so the same rules run twice over different sets, and a repeated prompt needs every notebook of
the course even when one assignment is audited.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from .bank import Case, Notebook, Question
from .rules import BANK_RATE, MIN_BANK, Finding, finding_at, keys_of, length

__all__ = ["bank_findings", "course_findings", "repeated_prompts"]


def course_findings(cases: list[Case], start: Notebook | None) -> Iterator[Finding]:
    """The course-wide bank's findings, accepted in the start page's metadata (where there is none,
    they are still said, at the first notebook, with nowhere to accept them)."""
    questions = [q for case in cases for q in case.questions]
    if start is not None:
        yield from bank_findings(questions, "the course", (start,), (start,))
    elif cases:
        yield from bank_findings(questions, "the course", cases[0].notebooks[:1], ())


def repeated_prompts(case: Case, everyone: list[Question]) -> Iterator[Finding]:
    """One assignment's exercises whose prompt another exercise of the course shares."""
    return _repeated_prompts(list(case.questions), everyone)


def bank_findings(questions: Iterable[Question], bank: str, shown_at: tuple[Notebook, ...],
                  accepted_in: tuple[Notebook, ...]) -> Iterator[Finding]:
    """The bank-wide findings of these questions (an assignment's, or the whole course's)."""
    if not shown_at:
        return
    singles = [(q, keys_of(q.info)[0]) for q in questions if q.info.kind == "single_choice" and q.info.key is not None
               and len(q.info.options) >= 2]

    def finding(code: str, message: str) -> Finding:
        return Finding(code=code, notebook=shown_at[0], cell=None, subject=bank, message=message,
                       accept_notebooks=accepted_in)

    if len(singles) >= MIN_BANK:
        longest = [q.info.id for q, key in singles
                   if all(length(key) > length(o) for o in q.info.options if o != key)]
        if len(longest) > BANK_RATE * len(singles):
            yield finding("bank-longest-key", f"the key is the longest option in {len(longest)} of {len(singles)} "
                                              f"single-choice questions ({len(longest) / len(singles):.0%}; at most "
                                              f"{BANK_RATE:.0%} wanted): {', '.join(longest)}")
        positions = Counter(q.info.options.index(key) + 1 for q, key in singles)
        for position, count in sorted(positions.items()):
            if count > BANK_RATE * len(singles):
                ids = [q.info.id for q, key in singles if q.info.options.index(key) + 1 == position]
                yield finding("bank-key-position", f"the key is option {position} in {count} of {len(singles)} "
                                                   f"single-choice questions ({count / len(singles):.0%}; at most "
                                                   f"{BANK_RATE:.0%} wanted): {', '.join(ids)}")
    multiples = [q for q in questions if q.info.kind == "multiple_choice" and q.info.key is not None]
    if len(multiples) >= MIN_BANK:
        shapes = Counter((len(q.info.key), len(q.info.options)) for q in multiples)
        (right, of), count = shapes.most_common(1)[0]
        if count > len(multiples) / 2:
            ids = [q.info.id for q in multiples if (len(q.info.key), len(q.info.options)) == (right, of)]
            yield finding("bank-choice-shape", f"{count} of {len(multiples)} multiple-choice questions have "
                                               f"{right} right of {of}: {', '.join(ids)}")


def _normal(prompt: str) -> str:
    return " ".join(prompt.casefold().split()).strip(" .?!:;")


def _repeated_prompts(questions: list[Question], everyone: list[Question]) -> Iterator[Finding]:
    by_prompt: dict[str, list[Question]] = {}
    for q in everyone:
        if _normal(q.info.prompt):
            by_prompt.setdefault(_normal(q.info.prompt), []).append(q)
    for q in questions:
        same = [o for o in by_prompt.get(_normal(q.info.prompt), []) if o is not q]
        if same:
            yield finding_at(q, "repeated-prompt", f"{q.info.prompt!r} is also the prompt of "
                                            + ", ".join(f"{o.info.id} ({o.notebook.name})" for o in same))
