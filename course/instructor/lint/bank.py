"""The question bank as the audit reads it: each exercise with the cells around it.

Why beside the catalogue and not in it: the catalogue (:mod:`course.catalogue`) says what each
exercise asks and what its key is, which is all its other readers need. The audit also needs
where each exercise sits (its question cell and grade cell, by number, so a finding can name the
cell), the markdown just above its question (where a key may be given away), what the author
wrote in the cells' metadata (the acceptances) and which constructors carry no rubric step at
all (the catalogue skips those, having nothing to file them under). The notebooks are read as
plain JSON, which is also how the acceptances are written back (:mod:`.acceptances`).
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from pathlib import Path

from ... import catalogue, rubric
from ...layout import CourseLayout

__all__ = ["Case", "GradedPlace", "Notebook", "Question", "StepSlip", "read_case", "start_page"]

START_PAGE = "index.ipynb"  # the course's start page: where course-wide acceptances live


@dataclass(frozen=True)
class Notebook:
    """One source notebook as JSON: its path, cells and metadata."""

    path: Path
    name: str  # as the author knows it: "01-bulk-spam/bulk-spam.ipynb"
    cells: tuple[dict, ...]
    metadata: dict

    @classmethod
    def read(cls, path: Path, name: str) -> Notebook:
        nb = json.loads(path.read_text(encoding="utf-8"))
        return cls(path=path, name=name, cells=tuple(nb.get("cells", ())), metadata=nb.get("metadata") or {})

    def source(self, index: int) -> str:
        text = self.cells[index].get("source", "")
        return "".join(text) if isinstance(text, list) else str(text)

    def meta(self, index: int) -> dict:
        return self.cells[index].get("metadata") or {}

    def markdown_before(self, index: int) -> str:
        """The markdown cells directly above cell ``index`` (up to the first cell that is code or graded)."""
        texts = []
        at = index - 1
        while at >= 0 and self.cells[at].get("cell_type") == "markdown" and not _graded(self.meta(at)):
            texts.insert(0, self.source(at))
            at -= 1
        return "\n\n".join(texts)


@dataclass(frozen=True)
class Question:
    """One widget exercise: the catalogue's record, and where it sits."""

    info: catalogue.ExerciseInfo
    notebook: Notebook
    cell: int  # its question cell
    grade_cell: int | None  # its grade cell (grade_id == the exercise id), None if it has none
    explained: frozenset[str]  # the options or items given a non-empty explanation (sealed or not)

    @property
    def before(self) -> str:
        return self.notebook.markdown_before(self.cell)

    @property
    def cells(self) -> tuple[int, ...]:
        """The cells whose metadata may accept one of its findings: the question cell and the grade cell."""
        return (self.cell,) if self.grade_cell is None else (self.cell, self.grade_cell)


@dataclass(frozen=True)
class GradedPlace:
    """One grade or task cell (widget, code or manual), where it sits."""

    cell: catalogue.GradedCell
    notebook: Notebook
    index: int


@dataclass(frozen=True)
class StepSlip:
    """An exercise constructor whose ``step=`` is missing or names no rubric step."""

    exercise_id: str
    step: object  # what was given: None when absent
    notebook: Notebook
    cell: int
    grade_cell: int | None


@dataclass(frozen=True)
class Case:
    """One assignment's bank: its notebooks, exercises and graded cells, in notebook order."""

    assignment: str
    notebooks: tuple[Notebook, ...]
    questions: tuple[Question, ...]
    graded: tuple[GradedPlace, ...]
    step_slips: tuple[StepSlip, ...]


def read_case(layout: CourseLayout, assignment: str) -> Case:
    """Read one (checked) assignment: the catalogue, and its notebooks as JSON."""
    found = catalogue.load(assignment, root=layout.root)
    notebooks = tuple(Notebook.read(path, f"{assignment}/{path.name}")
                      for path in layout.source_notebooks(assignment))
    by_name = {nb.path.name: nb for nb in notebooks}
    grade_cells = {(nb.path.name, nb.meta(i).get("nbgrader", {}).get("grade_id")): i
                   for nb in notebooks for i in range(len(nb.cells)) if _graded(nb.meta(i))}
    questions, slips = [], []
    calls = {}  # exercise id -> (notebook, question cell, its raw constructor arguments)
    for nb in notebooks:
        for index in range(len(nb.cells)):
            grade_id = nb.meta(index).get("nbgrader", {}).get("grade_id", "")
            if nb.cells[index].get("cell_type") != "code" or not grade_id.endswith("-question"):
                continue
            for call in catalogue.constructor_calls(nb.source(index)):
                calls.setdefault(call["id"], (nb, index, call))
            for exercise_id, step in _steps_given(nb.source(index)):
                if not _valid_step(step):
                    slips.append(StepSlip(exercise_id, step, nb, index, grade_cells.get((nb.path.name, exercise_id))))
    for info in found.exercises:
        nb, index, call = calls.get(info.id) or _elsewhere(by_name[info.notebook], info)
        explanations = call.get("explanations", info.explanations)  # raw where the cell has them: sealed ones count
        questions.append(Question(info=info, notebook=nb, cell=index,
                                  grade_cell=grade_cells.get((nb.path.name, info.id)),
                                  explained=_explained(explanations, info.explanations)))
    graded = tuple(GradedPlace(cell=cell, notebook=by_name[cell.notebook],
                               index=grade_cells[(cell.notebook, cell.grade_id)])
                   for cell in found.graded_cells)
    return Case(assignment=assignment, notebooks=notebooks, questions=tuple(questions), graded=graded,
                step_slips=tuple(slips))


def _elsewhere(nb: Notebook, info: catalogue.ExerciseInfo) -> tuple[Notebook, int, dict]:
    """Where the catalogue found an exercise whose constructor is not in its question cell's code (a
    question kept as data, say): its ``-question`` cell, else its grade cell, else the first cell."""
    for wanted in (f"{info.id}-question", info.id):
        for index in range(len(nb.cells)):
            if nb.meta(index).get("nbgrader", {}).get("grade_id") == wanted:
                return nb, index, {}
    return nb, 0, {}


def start_page(layout: CourseLayout) -> Notebook | None:
    """The course's start page in the source (course-wide acceptances live in its metadata), if any."""
    path = layout.source / START_PAGE
    return Notebook.read(path, START_PAGE) if path.is_file() else None


def _graded(meta: dict) -> bool:
    nbgrader = meta.get("nbgrader") or {}
    return bool(nbgrader.get("grade") or nbgrader.get("task"))


def _valid_step(step: object) -> bool:
    if not isinstance(step, str):
        return False
    try:
        rubric.step(step)
    except ValueError:
        return False
    return True


def _steps_given(source: str) -> list[tuple[str, object]]:
    """(exercise id, its ``step=`` literal or None) of each exercise constructor in a cell."""
    from ...answers import KINDS

    tree = catalogue.parse_cell(source)
    if tree is None:
        return []
    constructors = {cls.constructor for cls in KINDS.values()}
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute))):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
        if name not in constructors or not node.args:
            continue
        exercise_id = catalogue.literal(node.args[0])
        if not isinstance(exercise_id, str):
            continue
        step = next((catalogue.literal(k.value) for k in node.keywords if k.arg == "step"), None)
        found.append((exercise_id, None if step is catalogue.MISSING else step))
    return found


def _explained(raw: object, opened: dict[str, str]) -> frozenset[str]:
    """The options with an explanation: a non-empty text the catalogue opened, or a sealed one it could not."""
    if not isinstance(raw, dict):
        return frozenset()
    return frozenset(str(name) for name, text in raw.items()
                     if isinstance(text, str) and text.strip() and (str(name) not in opened or opened[str(name)].strip()))
