"""One catalogue of an assignment's exercises and graded cells, read from its instructor notebooks.

Why one: the facilitator's dashboard, the live tally, the cohort report, its misconceptions, the
grade exports and the feedback all need to know the same things of an assignment (which cells
are graded, for how many points, under which rubric step; what each exercise asks, its options
and its right answer). Each used to parse the solutions on its own, and they could disagree.
This module parses them once per change of the notebooks and every consumer reads the result.

Why read and not run: the dashboard needs each question's prompt, kind, options and right answer
the moment it opens, on a machine that may have none of the scenario's state, and running a
scenario notebook takes seconds and writes a responses file. The notebooks are plain data to a
parser: each ``*-question`` cell calls one exercise constructor with literal arguments, each
hidden test names the plain answer (``grade('id', key=...)``), and each graded cell carries its
points (nbgrader's metadata) and its rubric step (``"course": {"step": ...}``). The explanations
a learner sees only after answering are veiled (:func:`course.keys.veil`, opened with the exercise
id) or, in notebooks from before, sealed with the right answer; the catalogue opens both forms,
so the facilitator can reveal them to the room.

Arguments that are not literals (a key computed from data, say) are skipped: that exercise simply
has no plain key, and the dashboard shows the spread of answers without a "right" mark.

Both sides use it, so importing it stays cheap: nbformat, the exercise classes (ipywidgets) and
nbgrader's configuration are imported only when a catalogue is read.
"""

from __future__ import annotations

import ast
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import keys, rubric

__all__ = ["MISSING", "Catalogue", "CatalogueError", "ExerciseInfo", "GradedCell", "cell_kind", "constructor_calls",
           "course_root",
           "literal", "load", "notebook_graded_cells", "parse_cell"]


class CatalogueError(ValueError):
    """No such assignment, no course to read it from, or a graded cell without a valid rubric step."""


@dataclass(frozen=True)
class ExerciseInfo:
    """One widget exercise of an assignment, as the room's dashboard and the report show it."""

    id: str
    kind: str  # an exercise kind id: "single_choice", "numeric", ...
    step: str
    points: float
    prompt: str
    notebook: str  # the notebook's file name
    number: int  # 1, 2, ... in the assignment's order
    options: tuple[str, ...] = ()  # single and multiple choice: the options; ordering and categorise: the items
    categories: tuple[str, ...] = ()  # categorise only
    key: Any = None  # the plain right answer from the hidden test (canonical form), None if unknown
    key_verified: bool = False  # True when the plain key hashes to the exercise's own salted key
    explanations: dict[str, str] = field(default_factory=dict)  # option or item -> plain explanation
    explanation: str = ""  # the closing explanation, plain ("" when sealed and unopened, or none)
    decimals: int = 0  # numeric answers: the precision they are judged at
    unit: str = ""  # numeric answers: "%", say
    after: str | None = None  # the decision it follows, whose branch decides its key (course.story)
    branch_keys: dict[str, Any] = field(default_factory=dict)  # after a decision: branch -> plain key

    @property
    def has_key(self) -> bool:
        return self.key is not None

    @property
    def label(self) -> str:
        return f"Q{self.number}"


@dataclass(frozen=True)
class GradedCell:
    """One grade or task cell: what the gradebook scores (its grade id) and what the rubric counts it under."""

    grade_id: str
    kind: str  # the exercise's kind for a widget exercise's grade cell, else "code", "written" or "task" (:func:`cell_kind`)
    step: str | None  # from the cell's "course": {"step": ...} metadata; None when the author left it out
    points: float  # nbgrader's points for the cell
    notebook: str  # the notebook's file name


@dataclass(frozen=True)
class Catalogue:
    """An assignment's widget exercises (numbered Q1, Q2, ...) and every graded cell, in notebook order."""

    assignment: str
    exercises: tuple[ExerciseInfo, ...]
    graded_cells: tuple[GradedCell, ...]

    def get(self, exercise_id: str) -> ExerciseInfo | None:
        """The widget exercise with this id, None for a code or task cell (or an unknown id)."""
        return self._exercises.get(exercise_id)

    def cell(self, grade_id: str) -> GradedCell | None:
        """The graded cell with this grade id, None if the assignment has none."""
        return self._cells.get(grade_id)

    def step_of(self, grade_id: str) -> str:
        """The rubric step id a graded cell counts towards; one clear line if it has none, or an unknown one."""
        cell = self.cell(grade_id)
        if cell is None:
            raise CatalogueError(f"{self.assignment}: no grade or task cell {grade_id!r} in its notebooks")
        if not cell.step:
            raise CatalogueError(f'{self.assignment}/{cell.notebook}: grade cell {grade_id!r} has no '
                                 '"course": {"step": ...} metadata naming its rubric step')
        return rubric.step(cell.step).id  # an unknown step id raises ValueError naming the valid ones

    @functools.cached_property
    def steps(self) -> dict[str, str]:
        """grade id -> rubric step id for every graded cell; raises on the first cell without a valid step."""
        return {cell.grade_id: self.step_of(cell.grade_id) for cell in self.graded_cells}

    @property
    def max_points(self) -> float:
        """The assignment's points: the sum of its graded cells' nbgrader points."""
        return sum(cell.points for cell in self.graded_cells)

    @functools.cached_property
    def _exercises(self) -> dict[str, ExerciseInfo]:
        return {e.id: e for e in self.exercises}

    @functools.cached_property
    def _cells(self) -> dict[str, GradedCell]:
        return {c.grade_id: c for c in self.graded_cells}


def cell_kind(cell_type: str, nbgrader: dict) -> str:
    """What a graded cell that is no widget exercise's is: ``"code"`` (a code cell: a code exercise's
    tests, or code graded by hand), ``"written"`` (a markdown grade and solution cell: nbgrader's
    "manually graded answer", which its feedback calls a "Written response": text the learner
    writes in the cell itself, such as the personal
    reflection that ends each case) or ``"task"`` (a markdown task cell: nbgrader's "manually
    graded task", scored from work elsewhere in the notebook, such as a drafted message)."""
    if cell_type == "code":
        return "code"
    return "written" if nbgrader.get("grade") and nbgrader.get("solution") else "task"


def course_root(start: str | os.PathLike | None = None) -> Path:
    """The course folder: ``$COURSE_ROOT`` (set by ``course workshop dashboard``), else found upwards."""
    from .layout import find_root

    configured = os.environ.get("COURSE_ROOT", "").strip()
    if configured and start is None:
        return Path(configured)
    return find_root(start)


def load(assignment: str, *, root: str | os.PathLike | None = None) -> Catalogue:
    """The catalogue of one assignment, read from its source notebooks; read again only when one changes.

    The notebooks are found through the course's layout (nbgrader_config.py's source folder). An
    unknown assignment raises :class:`CatalogueError` in one line naming the valid ones."""
    root = Path(root) if root is not None else course_root()
    notebooks = _source_notebooks(root, assignment)
    stamps = tuple((str(p), s.st_mtime_ns, s.st_size) for p, s in ((p, p.stat()) for p in notebooks))
    return _read(assignment, stamps)


def notebook_graded_cells(path: str | os.PathLike) -> tuple[GradedCell, ...]:
    """Every grade or task cell of one notebook file, in order, from its metadata alone.

    For the learner's kernel (the progress summary at the end of each notebook counts every graded
    cell of its notebook): no course folder, no nbformat, no parsing of code; the notebook is read
    as plain JSON, again only when it changes. A widget exercise's grade cell (one whose ``course``
    metadata names its ``exercise``) has the kind ``"exercise"``; its kind proper needs its question
    cell parsed (:func:`load`). An unreadable notebook has no cells: ``()``."""
    try:
        stat = os.stat(path)
    except OSError:
        return ()
    return _notebook_cells(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _notebook_cells(path: str, _mtime: int, _size: int) -> tuple[GradedCell, ...]:
    import json

    try:
        with open(path, encoding="utf-8") as handle:
            cells = json.load(handle).get("cells")
    except (OSError, ValueError, AttributeError, RecursionError):
        return ()
    found = []
    for cell in cells if isinstance(cells, list) else ():
        meta = cell.get("metadata") if isinstance(cell, dict) else None
        nbgrader = meta.get("nbgrader") if isinstance(meta, dict) else None
        if not isinstance(nbgrader, dict) or not (nbgrader.get("grade") or nbgrader.get("task")):
            continue
        course = meta.get("course") if isinstance(meta.get("course"), dict) else {}
        points = nbgrader.get("points")
        kind = "exercise" if course.get("exercise") else cell_kind(cell.get("cell_type"), nbgrader)
        found.append(GradedCell(grade_id=str(nbgrader.get("grade_id", "")), kind=kind,
                                step=course.get("step") if isinstance(course.get("step"), str) else None,
                                points=float(points) if isinstance(points, (int, float)) else 0.0,
                                notebook=Path(path).name))
    return tuple(found)


def _source_notebooks(root: Path, assignment: str) -> list[Path]:
    from .layout import CourseLayout, UnknownAssignment

    try:
        layout = CourseLayout.of(root)
    except Exception:  # noqa: BLE001 - no or unreadable nbgrader_config.py: the shipped layout still reads
        layout = CourseLayout.shipped(root)
    try:
        return layout.source_notebooks(assignment)
    except UnknownAssignment as problem:
        raise CatalogueError(str(problem)) from None


@functools.lru_cache(maxsize=32)
def _read(assignment: str, stamps: tuple[tuple[str, int, int], ...]) -> Catalogue:
    """Parse the notebooks named in ``stamps`` (path, mtime, size): a changed notebook is a new key."""
    import nbformat

    from .answers import KINDS  # each kind's rules, without ipywidgets

    classes = {cls.constructor: cls for cls in KINDS.values()}
    calls: list[dict] = []
    plain_keys: dict[str, Any] = {}
    graded: list[tuple[dict, str, str | None, str]] = []  # nbgrader metadata, cell type, rubric step, notebook
    for path, _, _ in stamps:
        name = Path(path).name
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader") or {}
            if meta.get("grade") or meta.get("task"):
                step = (cell.metadata.get("course") or {}).get("step")
                graded.append((meta, cell.cell_type, step or None, name))
            if cell.cell_type != "code":
                continue
            tree = parse_cell(cell.source)
            if tree is None:
                continue
            if meta.get("grade_id", "").endswith("-question"):
                calls.extend(dict(call, notebook=name) for call in _constructor_calls(tree, classes))
            plain_keys.update(_hidden_keys(tree))
    exercises = tuple(_info(call, plain_keys.get(call["id"]), number) for number, call in enumerate(calls, start=1))
    kinds = {e.id: e.kind for e in exercises}
    cells = tuple(GradedCell(grade_id=meta["grade_id"],
                             kind=kinds.get(meta["grade_id"]) or cell_kind(cell_type, meta),
                             step=step, points=float(meta.get("points") or 0), notebook=name)
                  for meta, cell_type, step, name in graded)
    return Catalogue(assignment=assignment, exercises=exercises, graded_cells=cells)


def parse_cell(source: str) -> ast.Module | None:
    """A notebook cell as Python, or None where it is not (a learner's cell may be anything).

    IPython magics and shell lines are blanked to spaces of the same length, so the line and
    column of every node match the cell's own text (the graded release cuts key arguments out by
    those offsets, :mod:`course.instructor.key_material`)."""
    lines = [" " * len(line) if line.lstrip().startswith(("%", "!")) else line for line in source.split("\n")]
    try:
        return ast.parse("\n".join(lines))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


MISSING = object()  # an argument that is absent, or no literal


def literal(node: ast.AST | None) -> Any:
    """The value of a literal argument, or :data:`MISSING`."""
    if node is None:
        return MISSING
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return MISSING


def _constructor_calls(tree: ast.Module, classes: dict[str, type]):
    """Each ``SingleChoice('id', step=..., ...)`` (any exercise class) with its literal arguments."""
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute))):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
        cls = classes.get(name)
        if cls is None:
            continue
        arguments = {k.arg: literal(k.value) for k in node.keywords if k.arg}
        exercise_id = literal(node.args[0]) if node.args else arguments.get("exercise_id", MISSING)
        arguments = {k: v for k, v in arguments.items() if v is not MISSING}
        if not isinstance(exercise_id, str) or not isinstance(arguments.get("step"), str):
            continue  # no literal id or step: nothing to show it by
        yield dict(arguments, id=exercise_id, cls=cls)


def constructor_calls(source: str) -> list[dict]:
    """Each exercise constructor call in one cell's code, with its literal arguments, its ``id`` and
    its rules class as ``cls`` (what ``course grade`` builds an exercise's rules from to score it again)."""
    from .answers import KINDS

    tree = parse_cell(source)
    classes = {cls.constructor: cls for cls in KINDS.values()}
    return list(_constructor_calls(tree, classes)) if tree is not None else []


def _hidden_keys(tree: ast.Module) -> dict[str, Any]:
    """``grade('id', key=<literal>)`` calls: exercise id -> plain key."""
    found = {}
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "grade"):
            continue
        exercise_id = literal(node.args[0]) if node.args else MISSING
        key = next((literal(k.value) for k in node.keywords if k.arg == "key"), MISSING)
        if key is MISSING and len(node.args) > 1:
            key = literal(node.args[1])
        if isinstance(exercise_id, str) and key is not MISSING and key is not None:
            found[exercise_id] = key
    return found


def _info(call: dict, plain_key: Any, number: int) -> ExerciseInfo:
    cls = call["cls"]
    exercise_id = call["id"]
    key = verified = None
    branch_keys: dict[str, Any] = {}
    after = call.get("after") if isinstance(call.get("after"), str) else None
    if after is not None and isinstance(plain_key, dict) and cls.needs_key:
        # one key per branch: no single key to show, each verified against its own digests
        digests = call.get("key") if isinstance(call.get("key"), dict) else {}
        try:
            branch_keys = {b: cls.canonical(k) for b, k in plain_key.items()}
            verified = bool(digests) and set(digests) == set(branch_keys) and all(
                keys.digests(exercise_id, cls.parts(k)) == tuple(sorted(digests[b])) for b, k in branch_keys.items())
        except (ValueError, TypeError, AttributeError, KeyError):
            branch_keys, verified = {}, None
        plain_key = None
    if plain_key is not None and cls.needs_key:
        try:
            key = cls.canonical(plain_key)
            parts = cls.parts(key)
            digests = call.get("key")
            verified = bool(digests) and keys.digests(exercise_id, parts) == tuple(sorted(digests))
        except (ValueError, TypeError, AttributeError, KeyError):
            key = None
    options = call.get("options") or call.get("items") or ()
    points = call.get("points")
    return ExerciseInfo(
        id=exercise_id, kind=cls.kind, step=call["step"],
        points=float(points) if isinstance(points, (int, float)) and not isinstance(points, bool) else 0.0,
        prompt=str(call.get("prompt", "")), notebook=call["notebook"], number=number,
        options=tuple(str(o) for o in options), categories=tuple(str(c) for c in call.get("categories") or ()),
        key=key, key_verified=bool(verified),
        explanations=_open_explanations(cls, exercise_id, key, call.get("explanations")),
        explanation=_open_closing(cls, exercise_id, key, call.get("explanation")),
        decimals=call.get("decimals", 0) if isinstance(call.get("decimals", 0), int) else 0,
        unit=str(call.get("unit", "")),
        after=after, branch_keys=branch_keys,
    )


def _open_explanations(cls, exercise_id: str, key: Any, texts: Any) -> dict[str, str]:
    """Each option's (or item's) explanation in plain text, opened as the learner's right answer would.

    A veiled text opens with the exercise id. In the older sealed form choice options open with the
    option itself; an ordering item with its right place and a categorised item with its right
    category, so those need the plain key. Texts that stay sealed are left out rather than shown
    as gibberish."""
    if not isinstance(texts, dict):
        return {}
    opened = {}
    for name, text in texts.items():
        if not isinstance(text, str):
            continue
        if keys.is_veiled(text):
            text = keys.unveil(exercise_id, text)
        elif keys.is_sealed(text):
            try:
                part = cls.explanation_part(name, key)
            except (ValueError, KeyError, TypeError, AttributeError, IndexError):
                continue
            text = keys.unseal(exercise_id, [part], text)
        if text:
            opened[str(name)] = text
    return opened


def _open_closing(cls, exercise_id: str, key: Any, text: Any) -> str:
    if not isinstance(text, str) or not text:
        return ""
    if keys.is_veiled(text):
        return keys.unveil(exercise_id, text) or ""
    if not keys.is_sealed(text):
        return text
    if key is None:
        return ""
    try:
        opened = keys.unseal(exercise_id, cls.parts(key), text)
        if opened is None and hasattr(cls, "older_parts"):  # sealed before a kind changed its parts
            opened = keys.unseal(exercise_id, cls.older_parts(key), text)
        return opened or ""
    except (ValueError, TypeError, AttributeError, KeyError):
        return ""
