"""What a learner reads, as ``course lint`` audits it: notes meant for authors or the instructor left in
learner-visible text (``internal-note``), and manually graded cells with no table of levels beside
them (``no-rubric``). The codes and their thresholds are described with the others in :mod:`.rules`;
these two read a notebook's cells as the release shows them, not its questions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .bank import Case, Notebook
from .rules import Finding


def case_findings(case: Case) -> Iterator[Finding]:
    """Every internal note in the case's notebooks, and every manually graded cell without levels."""
    for notebook in case.notebooks:
        yield from internal_notes(notebook)
    yield from _no_rubric(case)


# --- what a learner reads ----------------------------------------------------------------------------

# (what the message calls it, the pattern): each note an author or instructor wrote for themselves
INTERNAL_NOTES = (
    ("an nbval marker", re.compile(r"NBVAL_[A-Z_]*")),
    ("a seed", re.compile(r"\(seed\b[^)]*\)?|\bseeds? \d+", re.IGNORECASE)),
    ("a note for the instructor", re.compile(r"for the instructor", re.IGNORECASE)),
    ("the old answer-cell line", re.compile(r"if you are not answering by clicking", re.IGNORECASE)),
    # a planning note's path (written with [/] so that this file does not cite one itself)
    ("a path into the authors' shared folder", re.compile(r"\bshared[/](?:[\w-]+\.md|seeds|reviews)\b")),
    ("nbgrader's stub", re.compile(r"YOUR ANSWER HERE|YOUR CODE HERE")),
)
# a to-do as authors write one: "TODO:" anywhere, or TODO/FIXME opening a line, a comment, a list
# item or a bracket; a sentence that talks about a TODO ("Dana saw the TODO note") is the story's
AUTHOR_TODO = ("an author's to-do", re.compile(r"(?:^[ \t]*(?:[-*]|\d+\.)?[ \t]*|[#(\[][ \t]*)(?:TODO|FIXME)\b"
                                               r"|\b(?:TODO|FIXME)\b:", re.MULTILINE))
_BLOCKS = re.compile(r"^[ \t]*### BEGIN (SOLUTION|HIDDEN TESTS)[^\n]*\n.*?^[ \t]*### END \1[^\n]*$",
                     re.MULTILINE | re.DOTALL)
# quoted text, where a TODO is the story's: in quotation marks, in backticks, in a markdown quote (and
# in a code cell's single-quoted strings; in prose a single quote is mostly an apostrophe)
_QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”|`[^`\n]*`|^[ \t]*>.*$', re.MULTILINE)
_CODE_STRINGS = re.compile(r"'[^'\n]*'")


def learner_text(notebook: Notebook, index: int) -> str:
    """What a learner reads of one cell in the release ("" for a cell they do not see)."""
    cell = notebook.cells[index]
    flags = notebook.meta(index).get("nbgrader") or {}
    source = notebook.source(index)
    if cell.get("cell_type") == "markdown" and flags.get("solution") and "### BEGIN SOLUTION" not in source:
        return ""  # a written answer: the release holds nbgrader's stub, not the model text
    if cell.get("cell_type") == "code":
        from ..build import is_question_cell

        if is_question_cell(cell):
            return ""  # released with its source hidden
    elif cell.get("cell_type") != "markdown":
        return ""
    return _BLOCKS.sub("", source)


def internal_notes(notebook: Notebook) -> Iterator[Finding]:
    """Each cell whose learner-visible text holds an internal note (accepted in that cell's metadata)."""
    for index in range(len(notebook.cells)):
        text = learner_text(notebook, index)
        if not text:
            continue
        found = [(what, match.group(0)) for what, pattern in INTERNAL_NOTES for match in pattern.finditer(text)]
        label, pattern = AUTHOR_TODO
        unquoted = _QUOTED.sub("", text)
        if notebook.cells[index].get("cell_type") == "code":
            unquoted = _CODE_STRINGS.sub("", unquoted)
        found += [(label, re.sub(r"[^A-Z]", "", match.group(0))) for match in pattern.finditer(unquoted)]
        if found:
            notes = "; ".join(f"{what} ({said.strip()!r})" for what, said in dict.fromkeys(found))
            grade_id = (notebook.meta(index).get("nbgrader") or {}).get("grade_id")
            subject = grade_id or f"{notebook.cells[index].get('cell_type', 'cell')} cell"
            yield Finding(code="internal-note", notebook=notebook, cell=index, subject=subject,
                          message=f"a learner would read {notes}", accept_cells=(index,))


def manually_graded(flags: dict) -> bool:
    """An nbgrader task cell, or a grade cell that is also a solution cell (a written answer)."""
    return bool(flags.get("task") or (flags.get("grade") and flags.get("solution")))


_ROW = re.compile(r"^[ \t]*\|(.*)\|[ \t]*$")
_RULE = re.compile(r"^[\s|:\-]+$")


def levels(text: str) -> list[float]:
    """The points of each level row of the first markdown table with a "Points" column (none: [])."""
    lines = text.split("\n")
    for at, line in enumerate(lines[:-1]):
        header = _ROW.match(line)
        if not header or not _RULE.match(lines[at + 1]) or "|" not in lines[at + 1]:
            continue
        names = [name.strip().strip("*_ ").lower() for name in header.group(1).split("|")]
        if "points" not in names:
            continue
        column, found = names.index("points"), []
        for row in lines[at + 2:]:
            cells = _ROW.match(row)
            if not cells:
                break
            values = [value.strip().strip("*_ ") for value in cells.group(1).split("|")]
            number = re.match(r"\d+(?:\.\d+)?", values[column]) if column < len(values) else None
            if number:
                found.append(float(number.group(0)))
        return found
    return []


def _no_rubric(case: Case) -> Iterator[Finding]:
    for place in case.graded:
        nb, index = place.notebook, place.index
        if not manually_graded(nb.meta(index).get("nbgrader") or {}):
            continue
        texts = [nb.source(index)]
        if index > 0 and nb.cells[index - 1].get("cell_type") == "markdown":
            texts.append(nb.source(index - 1))
        tables = [found for found in map(levels, texts) if len(found) >= 2]
        problem = None
        if not tables:
            problem = ("no table of levels in the cell or the markdown cell just above it (a markdown table "
                       "with a \"Points\" column and a row for each level, from full marks to 0)")
        elif max(tables[0]) != place.cell.points:
            problem = (f"its table of levels tops out at {max(tables[0]):g} points, but the cell is worth "
                       f"{place.cell.points:g}")
        if problem:
            yield Finding(code="no-rubric", notebook=nb, cell=index, subject=place.cell.grade_id,
                          message=f"manually graded ({place.cell.points:g} points): {problem}",
                          accept_cells=(index,))
