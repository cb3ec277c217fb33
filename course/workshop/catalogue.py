"""An assignment's exercises, read from its instructor notebooks without running them.

Why read and not run: the facilitator's dashboard needs each question's prompt, kind, options and
right answer the moment it opens, on a machine that may have none of the scenario's state, and
running a scenario notebook takes seconds and writes a responses file. The notebooks are plain
data to a parser: each ``*-question`` cell calls one exercise constructor with literal arguments,
and each hidden test names the plain answer (``grade('id', key=...)``). The explanations a learner
sees only after answering are sealed with the right answer; holding the answer, the catalogue
opens them, so the facilitator can reveal them to the room.

Arguments that are not literals (a key computed from data, say) are skipped: that exercise simply
has no plain key, and the dashboard shows the spread of answers without a "right" mark.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from .. import keys
from ..layout import CourseLayout, UnknownAssignment, find_root
from ..exercises import KINDS

__all__ = ["ExerciseInfo", "load", "course_root", "CatalogueError"]

_CLASSES = {cls.__name__: cls for cls in KINDS.values()}


class CatalogueError(ValueError):
    """No such assignment, or no course to read it from."""


@dataclass(frozen=True)
class ExerciseInfo:
    """One exercise of an assignment, as the room's dashboard shows it."""

    id: str
    kind: str
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

    @property
    def has_key(self) -> bool:
        return self.key is not None

    @property
    def label(self) -> str:
        return f"Q{self.number}"


def course_root(start: str | os.PathLike | None = None) -> Path:
    """The course folder: ``$COURSE_ROOT`` (set by ``course workshop dashboard``), else found upwards."""
    configured = os.environ.get("COURSE_ROOT", "").strip()
    if configured and start is None:
        return Path(configured)
    return find_root(start)


def _source_folder(root: Path, assignment: str) -> Path:
    """The assignment's folder in nbgrader's source, as the course's layout has it (checked).

    A missing or unreadable nbgrader_config.py must not hide the dashboard's questions: then the
    folders are read where the course ships them."""
    try:
        layout = CourseLayout.of(root)
    except Exception:  # noqa: BLE001 - whatever the config raised, the shipped layout still reads
        layout = CourseLayout.shipped(root)
    try:
        return layout.source / layout.check_assignment(assignment)
    except UnknownAssignment as problem:
        raise CatalogueError(str(problem)) from None


def load(assignment: str, *, root: str | os.PathLike | None = None) -> list[ExerciseInfo]:
    """Every widget exercise of an assignment, in notebook order, read from its solutions notebooks."""
    root = Path(root) if root is not None else course_root()
    notebooks = sorted(_source_folder(root, assignment).glob("*.ipynb"))
    found: list[dict] = []
    plain_keys: dict[str, Any] = {}
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            tree = _parse(cell.source)
            if tree is None:
                continue
            grade_id = (cell.metadata.get("nbgrader") or {}).get("grade_id", "")
            if grade_id.endswith("-question"):
                found.extend(dict(call, notebook=path.name) for call in _constructor_calls(tree))
            plain_keys.update(_hidden_keys(tree))
    exercises = []
    for number, call in enumerate(found, start=1):
        exercises.append(_info(call, plain_keys.get(call["id"]), number))
    return exercises


def _parse(source: str) -> ast.Module | None:
    """The cell as Python; IPython magics and shell lines become comments; None if it still fails."""
    lines = ["#" + line if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError:
        return None


_MISSING = object()


def _literal(node: ast.AST | None) -> Any:
    if node is None:
        return _MISSING
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return _MISSING


def _constructor_calls(tree: ast.Module):
    """Each ``SingleChoice('id', step=..., ...)`` (any exercise class) with its literal arguments."""
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute))):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
        cls = _CLASSES.get(name)
        if cls is None:
            continue
        arguments = {k.arg: _literal(k.value) for k in node.keywords if k.arg}
        exercise_id = _literal(node.args[0]) if node.args else arguments.get("exercise_id", _MISSING)
        arguments = {k: v for k, v in arguments.items() if v is not _MISSING}
        if not isinstance(exercise_id, str) or not isinstance(arguments.get("step"), str):
            continue  # no literal id or step: nothing to show it by
        yield dict(arguments, id=exercise_id, cls=cls)


def _hidden_keys(tree: ast.Module) -> dict[str, Any]:
    """``grade('id', key=<literal>)`` calls: exercise id -> plain key."""
    found = {}
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "grade"):
            continue
        exercise_id = _literal(node.args[0]) if node.args else _MISSING
        key = next((_literal(k.value) for k in node.keywords if k.arg == "key"), _MISSING)
        if key is _MISSING and len(node.args) > 1:
            key = _literal(node.args[1])
        if isinstance(exercise_id, str) and key is not _MISSING and key is not None:
            found[exercise_id] = key
    return found


def _info(call: dict, plain_key: Any, number: int) -> ExerciseInfo:
    cls = call["cls"]
    exercise_id = call["id"]
    key = verified = None
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
    )


def _open_explanations(cls, exercise_id: str, key: Any, texts: Any) -> dict[str, str]:
    """Each option's (or item's) explanation in plain text, opened as the learner's right answer would.

    Choice options open with the option itself; an ordering item with its right place and a
    categorised item with its right category, so those need the plain key. Texts that stay
    sealed are left out rather than shown as gibberish."""
    if not isinstance(texts, dict):
        return {}
    opened = {}
    for name, text in texts.items():
        if not isinstance(text, str):
            continue
        if keys.is_sealed(text):
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
    if not keys.is_sealed(text):
        return text
    if key is None:
        return ""
    try:
        return keys.unseal(exercise_id, cls.parts(key), text) or ""
    except (ValueError, TypeError, AttributeError, KeyError):
        return ""
