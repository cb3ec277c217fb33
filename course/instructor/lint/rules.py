"""What the audit finds: each guideline for writing questions that a program can check, defined exactly.

Why these and why so exact: a learner who has never read the case can still score by picking the
longest option, by always picking option 2, by ticking "3 of 5", or by copying the paragraph just
above the question (Haladyna, Downing & Rodriguez 2002, Applied Measurement in Education
15(3):309-333; a review of this course measured each of these in its own bank). An author who is
told "your key looks too long" argues; one who is told "your key is 85 characters, the next
longest option 43" fixes it. So each rule below has a code (what
an acceptance names), a threshold, and a message with the figures that crossed it.

The rules, with their codes:

- ``longest-key`` (exercise): a single choice whose key is longer than every other option by at
  least 20% and 8 characters (lengths in characters, spaces collapsed); a multiple choice whose
  every key is longer than every wrong option by that margin.
- ``bank-longest-key`` (bank): in an assignment's or the course's single-choice questions with a
  plain key, the key is the longest option (strictly) in more than 40% of them.
- ``bank-key-position`` (bank): in the same questions, one position (1, 2, ... in the authored order)
  holds the key in more than 40% of them.
- ``bank-choice-shape`` (bank): more than half of the multiple-choice questions with a plain key
  share one shape, "k right of n options".
- ``repeated-prompt`` (exercise): its prompt, compared without case, spacing or end punctuation,
  is another exercise's prompt (in any notebook of the course).
- ``key-in-markdown`` (exercise): a single or multiple choice key whose distinctive words stand in
  the markdown just above its question: at least 3 of them, and at least 40% of them. A key's
  distinctive words are its words of 4 letters or more, less a few common ones (:data:`COMMON`),
  that no wrong option and not the prompt uses; words are compared by their first 6 letters, so
  "consent" and "consented" are one word.
- ``few-options`` (exercise): a single or multiple choice with fewer than 3 options.
- ``unexplained-option`` (exercise): a wrong option of a single or multiple choice (any option,
  where the key is not plain) without a non-empty explanation.
- ``thin-step`` (case): in an assignment, counting every graded cell (widget, code and manual), a
  rubric step holds under 15% of the points (a step with no graded cell holds 0%).
- ``no-step`` (exercise or graded cell): an exercise constructor without ``step=``, or a grade or
  task cell without ``"course": {"step": ...}`` metadata, or either naming no rubric step.
- ``internal-note`` (cell; in :mod:`.learner_view`): text a learner sees holds a note meant for authors or the instructor
  (:data:`INTERNAL_NOTES`: an nbval marker, a seed, "For the instructor", the old "if you are not
  answering by clicking" line, a path into the authors' shared folder, nbgrader's "YOUR ANSWER
  HERE" or "YOUR CODE HERE", a TODO or FIXME as authors write one: followed by a colon, or
  opening a line, a comment, a list item or a bracket). A learner sees every markdown cell and every code
  cell but the question cells ``course build`` hides, less what nbgrader takes out of the release
  (BEGIN/END SOLUTION and HIDDEN TESTS blocks, a written answer's model text). A TODO inside
  quotation marks, backticks, a Python string or a markdown quote (``>``) is the story's own text
  (case 03's draft says "TODO: attach the two case studies"), and so is a sentence that mentions
  a TODO ("she saw the TODO note"), not an author's.
- ``no-rubric`` (graded cell; in :mod:`.learner_view`): a manually graded cell (an nbgrader task cell, or a grade and
  solution cell: a written answer) with no table of levels in its own text or in the markdown cell
  just above it: a markdown table whose header has a "Points" column and at least two rows whose
  points are a number; and the table's highest level must be the cell's points. The instructor
  scores such a cell in formgrader, which shows the notebook's cells around it: without levels
  written there, two instructors score one answer differently.

A bank is too small to show a pattern below 3 questions of the kind: a rate over a bank of one
or two questions is luck, so those rules look only at banks of 3 or more (the course-wide bank
still counts every assignment's questions).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from ... import rubric
from .bank import Case, Notebook, Question

__all__ = ["CODES", "Finding", "case_findings", "finding_at", "keys_of", "length"]

CODES = {
    "longest-key": "the key is the longest option by a clear margin",
    "bank-longest-key": "across a bank, the key is the longest option too often",
    "bank-key-position": "across a bank, the key sits in one position too often",
    "bank-choice-shape": "across a bank, most multiple-choice questions have one 'k of n' shape",
    "repeated-prompt": "the prompt is another exercise's prompt",
    "key-in-markdown": "the key's distinctive words stand in the markdown just before the question",
    "few-options": "fewer than 3 options",
    "unexplained-option": "a wrong option has no explanation",
    "thin-step": "a rubric step holds under 15% of the case's points",
    "no-step": "no rubric step",
    "internal-note": "text a learner sees holds a note meant for authors or the instructor",
    "no-rubric": "a manually graded cell with no table of levels beside it",
    "bad-acceptance": "an acceptance naming no finding code, or with an empty reason (it accepts nothing)",
}

MARGIN_RATIO = 1.2  # "a clear margin": the key at least 20% longer ...
MARGIN_CHARS = 8  # ... and at least 8 characters longer than the next longest option
BANK_RATE = 0.4  # a longest-key rate or one key position above 40% of a bank
MIN_BANK = 3  # the fewest questions of a kind in which a rate means anything
MIN_OPTIONS = 3
STEP_SHARE = 0.15
GIVEAWAY_WORDS = 3  # key-in-markdown: at least 3 distinctive words of the key in the markdown ...
GIVEAWAY_SHARE = 0.4  # ... and at least 40% of them
STEM = 6  # words compared by their first 6 letters
COMMON = frozenset("""
    about after again also been before being both could does done down each even every from have
    here into just like made make more most much must need only other over same should some such
    than that their them then there these they this those very want were what when where which
    while will with would your yours
""".split())
CHOICE_KINDS = ("single_choice", "multiple_choice")


@dataclass(frozen=True)
class Finding:
    """One finding: its code, where it is, and what crossed the line; ``accepted`` is the author's reason."""

    code: str
    notebook: Notebook
    cell: int | None  # the cell it points at; None for a bank or case finding (the notebook's metadata)
    subject: str  # the exercise or grade id, or the bank: "assignment 01-bulk-spam", "the course"
    message: str
    accept_cells: tuple[int, ...] = ()  # the cells whose metadata may accept it (none: the notebook's)
    accept_notebooks: tuple[Notebook, ...] = ()  # the notebooks whose metadata may accept it
    accepted: str | None = None

    def line(self) -> str:
        where = f"cell {self.cell}" if self.cell is not None else "notebook metadata"
        text = f"{self.notebook.name} {where} {self.subject}: {self.code}: {self.message}"
        return f"accepted   {text} (reason: {self.accepted})" if self.accepted else f"UNACCEPTED {text}"


def case_findings(case: Case) -> Iterator[Finding]:
    """Every exercise's and graded cell's findings in one assignment, then the case's (its bank's: :mod:`.patterns`)."""
    for q in case.questions:
        yield from _exercise_findings(q)
    yield from _step_slips(case)
    yield from _thin_steps(case)


# --- one exercise ------------------------------------------------------------------------------------

def _exercise_findings(q: Question) -> Iterator[Finding]:
    info = q.info
    if info.kind not in CHOICE_KINDS:
        return
    keys = keys_of(info)
    if len(info.options) < MIN_OPTIONS:
        yield finding_at(q, "few-options", f"{len(info.options)} option(s); write at least {MIN_OPTIONS} plausible ones")
    if keys is not None:
        yield from _longest_key(q, keys)
        yield from _giveaway(q, keys)
    wrong = [o for o in info.options if keys is None or o not in keys]
    missing = [o for o in wrong if o not in q.explained]
    if missing:
        yield finding_at(q, "unexplained-option", "no explanation for " + "; ".join(repr(o) for o in missing))


def keys_of(info) -> list[str] | None:
    """The right options of a choice question, or None where its key is not plain."""
    if info.key is None:
        return None
    return [info.key] if info.kind == "single_choice" else [str(k) for k in info.key]


def length(text: str) -> int:
    """An option's length as a reader sees it: characters, runs of spaces counted once."""
    return len(" ".join(text.split()))


def _clearly_longer(long: int, short: int) -> bool:
    return long >= MARGIN_RATIO * short and long - short >= MARGIN_CHARS


def _longest_key(q: Question, keys: list[str]) -> Iterator[Finding]:
    wrong = [length(o) for o in q.info.options if o not in keys]
    if not wrong or not keys:
        return
    if q.info.kind == "single_choice":
        key = length(keys[0])
        if _clearly_longer(key, max(wrong)):
            yield finding_at(q, "longest-key", f"the key is {key} characters, the longest other option "
                                        f"{max(wrong)} ({key / max(wrong):.2f}x)")
    else:
        shortest = min(length(k) for k in keys)
        if _clearly_longer(shortest, max(wrong)):
            yield finding_at(q, "longest-key", f"every key is longer than every wrong option: the shortest key "
                                        f"{shortest} characters, the longest wrong option {max(wrong)} "
                                        f"({shortest / max(wrong):.2f}x)")


def _words(text: str) -> dict[str, str]:
    """The words of 4 letters or more, less the common ones: each cut to its first :data:`STEM` letters
    (what is compared) -> the word as first written (what a message shows)."""
    found: dict[str, str] = {}
    for word in re.findall(r"[a-z0-9£%]+", text.lower().replace("’", "'").replace("'s ", " ")):
        if len(word) >= 4 and word not in COMMON:
            found.setdefault(word[:STEM], word)
    return found


def _giveaway(q: Question, keys: list[str]) -> Iterator[Finding]:
    before = _words(q.before)
    if not before:
        return
    others = set(_words(q.info.prompt))
    for option in q.info.options:
        if option not in keys:
            others |= set(_words(option))
    for key in keys:
        words = _words(key)
        distinctive = set(words) - others
        shown = sorted(distinctive & set(before))
        if len(shown) >= GIVEAWAY_WORDS and len(shown) >= GIVEAWAY_SHARE * len(distinctive):
            yield finding_at(q, "key-in-markdown", f"{len(shown)} of the {len(distinctive)} distinctive words of the key "
                                            f"{key!r} stand in the markdown just above: "
                                            + ", ".join(words[s] for s in shown))


def finding_at(q: Question, code: str, message: str) -> Finding:
    """A finding of one exercise: shown at its question cell, accepted in its question or grade cell."""
    return Finding(code=code, notebook=q.notebook, cell=q.cell, subject=q.info.id, message=message,
                   accept_cells=q.cells)


# --- steps ---------------------------------------------------------------------------------------

def _step_slips(case: Case) -> Iterator[Finding]:
    for slip in case.step_slips:
        said = "has no step=" if slip.step is None else f"has step={slip.step!r}, which is no rubric step"
        cells = (slip.cell,) if slip.grade_cell is None else (slip.cell, slip.grade_cell)
        yield Finding(code="no-step", notebook=slip.notebook, cell=slip.cell, subject=slip.exercise_id,
                      message=f"the exercise {said} (valid: {', '.join(rubric.STEP_IDS)})", accept_cells=cells)
    for place in case.graded:
        step = place.cell.step
        if step in rubric.STEP_IDS:
            continue
        said = 'has no "course": {"step": ...} metadata' if not step else f"names step {step!r}, which is no rubric step"
        yield Finding(code="no-step", notebook=place.notebook, cell=place.index, subject=place.cell.grade_id,
                      message=f"the graded cell {said} (valid: {', '.join(rubric.STEP_IDS)})",
                      accept_cells=(place.index,))


def _thin_steps(case: Case) -> Iterator[Finding]:
    total = sum(place.cell.points for place in case.graded)
    if total <= 0:
        return
    points = Counter()
    for place in case.graded:
        points[place.cell.step] += place.cell.points
    for step in rubric.STEP_IDS:
        share = points[step] / total
        if share < STEP_SHARE:
            yield Finding(code="thin-step", notebook=case.notebooks[0], cell=None, subject=f"assignment {case.assignment}",
                          message=f"step {step!r} holds {points[step]:g} of {total:g} points ({share:.0%}; at least "
                                  f"{STEP_SHARE:.0%} wanted), counting every graded cell",
                          accept_notebooks=case.notebooks)
