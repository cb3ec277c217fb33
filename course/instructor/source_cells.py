"""What the instructor's notebooks say about grading, read for scoring outside the learner's kernel.

Why read and not run: ``course grade`` scores each submission again in the instructor's process
(:mod:`course.instructor.rescoring`), and needs for that each exercise's rules (built, as the
learner's kernel builds them, from the literal arguments of its question cell) and each graded
code cell's source with its hidden tests, with whether it needs anything from the learner's kernel
(a name the learner defines, such as the guard function) or only the course's grading helpers.
Read once per change of the source notebooks.
"""

from __future__ import annotations

import ast
import builtins
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..catalogue import MISSING, literal
from ..catalogue import parse_cell as parse
from ..layout import CourseLayout

__all__ = ["HELPERS", "MISSING", "SourceCell", "Spec", "literal", "parse", "rules", "source_cells"]

HELPERS = frozenset({"grade", "saved", "check_code", "try_code", "raises"})  # what a test cell may call unbound
KERNEL_STATE = frozenset({"globals", "locals", "vars", "eval", "exec", "get_ipython", "__import__", "open"})


@dataclass(frozen=True)
class Spec:
    """One widget exercise as its question cell creates it: constructor, literal arguments, variable."""

    exercise_id: str
    cls: type
    arguments: dict = field(hash=False)
    variable: str | None  # the name the question cell binds it to (``first_move``), if any


@dataclass(frozen=True)
class SourceCell:
    """One graded code cell of a source notebook, hidden tests included."""

    grade_id: str
    notebook: str  # the notebook's file name
    source: str
    points: float
    outside: bool  # needs nothing from the learner's kernel: scored again here
    shows_value: bool  # ends in an expression: its shown value is its score
    checks_code: bool  # calls check_code, which prints the verdict read back


def source_cells(layout: CourseLayout, assignment: str) -> tuple[dict[str, Spec], tuple[SourceCell, ...]]:
    """The exercises and graded code cells of an assignment's source notebooks (read again when one changes)."""
    notebooks = layout.source_notebooks(assignment)
    return _read(tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in notebooks))


@functools.lru_cache(maxsize=16)
def _read(stamps: tuple[tuple[str, int, int], ...]) -> tuple[dict[str, Spec], tuple[SourceCell, ...]]:
    import nbformat

    from ..catalogue import constructor_calls

    specs: dict[str, Spec] = {}
    cells: list[SourceCell] = []
    for path, _, _ in stamps:
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader") or {}
            if cell.cell_type != "code":
                continue
            tree = parse(cell.source)
            if tree is None:
                continue
            if meta.get("grade_id", "").endswith("-question"):
                variables = _bound_variables(tree)
                for call in constructor_calls(cell.source):
                    arguments = {k: v for k, v in call.items() if k not in ("id", "cls", "notebook")}
                    specs[call["id"]] = Spec(call["id"], call["cls"], arguments, variables.get(call["id"]))
            if meta.get("grade") and meta.get("grade_id"):
                loaded, free = _names(tree)
                cells.append(SourceCell(
                    grade_id=meta["grade_id"], notebook=Path(path).name, source=cell.source,
                    points=float(meta.get("points") or 0),
                    outside=bool(loaded & {"grade", "check_code"}) and free <= HELPERS and not loaded & KERNEL_STATE,
                    shows_value=bool(tree.body) and isinstance(tree.body[-1], ast.Expr),
                    checks_code="check_code" in cell.source))
    return specs, tuple(cells)


def _bound_variables(tree: ast.Module) -> dict[str, str]:
    """exercise id -> variable, for each ``name = Kind("id", ...)`` in a question cell."""
    found = {}
    for node in ast.walk(tree):
        if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Call) and node.value.args):
            first = literal(node.value.args[0])
            if isinstance(first, str):
                found[first] = node.targets[0].id
    return found


def _names(tree: ast.Module) -> tuple[set[str], set[str]]:
    """The names a cell reads, and those it reads without binding them (builtins aside)."""
    bound, loaded = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    return loaded, loaded - bound - set(dir(builtins))



def rules(spec: Spec, plain_key: Any):
    """The exercise's rules as the learner's kernel builds them; a release without digests gets
    them from the plain key (the hidden test's key check then passes by construction)."""
    from ..answers import make_key

    arguments = {k: v for k, v in spec.arguments.items() if k in spec.cls.arguments()}
    if spec.cls.needs_key and not arguments.get("key"):
        if arguments.get("after") and isinstance(plain_key, dict):  # one key per branch of the decision
            arguments["key"] = {b: make_key(spec.cls.kind, spec.exercise_id, k) for b, k in plain_key.items()}
        elif arguments.get("after"):  # an answer, not a key: rules that only read answers
            arguments["key"] = None
        else:
            arguments["key"] = make_key(spec.cls.kind, spec.exercise_id, plain_key)
    return spec.cls(spec.exercise_id, **arguments)


