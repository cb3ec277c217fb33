"""Every grade cell scored again where the learner's code cannot reach it: in the instructor's process.

Why: nbgrader runs the learner's notebook and then the hidden tests in one kernel, and takes each
test cell's shown value as its points (no value and no error is full marks). The helpers a test
calls are names and modules in that kernel, so a learner's cell can rebind ``grade``, patch
``course.grading``, silence the display hook, or write keys into the ``responses.json`` the tests
read. So after nbgrader's autograde of each submission, ``course grade`` (its ``_after_grading``)
scores again, here, every grade cell that needs nothing from the learner's kernel (each widget
exercise's ``grade(...)``, and code checks of a saved message): the instructor's own cell from the
source notebook, hidden test and all, runs in a fresh namespace with the course's helpers, the
exercise's rules built from the source notebook's question cell, and the answers as submitted.
Its score is written into the gradebook (the grade's ``auto_score``), whatever the kernel said.

The answers are the submitted ``responses.json`` (the layout's submitted folder, which no kernel
writes), plus the answers the learner's notebook gave in code while it was graded (the instructor
notebooks answer that way, and so may a learner): those are read from the graded copy's record of
code answers and replayed by the store's own rule (a code answer never replaces a later click),
but only where a cell of the submitted notebook calls that exercise's ``.answer(...)`` (with that
very value, when the argument is written out): an answer a kernel wrote into the file by hand is
not counted.

A cell that needs the learner's code (the guard function, ``complete_email``) can only be run in
the kernel. For those the kernel's score stands, read against the cell's own printed verdict
(``check_code`` prints ``<id> · <earned> of <points> points``): a cell that shows no value, or a
value its verdict contradicts, was tampered with, and scores the lower (no value: zero). A learner
who rewrites the display hook and stdout alike can still forge it, in-process; that is what
:mod:`course.instructor.tampering` flags for review by hand.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import functools
import inspect
import io
import json
import os
import re
import shutil
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..layout import CourseLayout

__all__ = ["SourceCell", "checked", "rescore", "source_cells"]

HELPERS = frozenset({"grade", "saved", "check_code", "try_code", "raises"})  # what a test cell may call unbound
KERNEL_STATE = frozenset({"globals", "locals", "vars", "eval", "exec", "get_ipython", "__import__", "open"})
MAX_BYTES = 5_000_000  # responses.MAX_BYTES: a larger answers file is damage, set aside by the store too
MAX_NOTEBOOK_BYTES = 20_000_000  # submissions.MAX_NOTEBOOK_BYTES
TOLERANCE = 1e-6
_MISSING = object()


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
            tree = _parse(cell.source)
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


def _parse(source: str) -> ast.Module | None:
    lines = ["#" + line if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
    try:
        return ast.parse("\n".join(lines))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _bound_variables(tree: ast.Module) -> dict[str, str]:
    """exercise id -> variable, for each ``name = Kind("id", ...)`` in a question cell."""
    found = {}
    for node in ast.walk(tree):
        if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Call) and node.value.args):
            first = _literal(node.value.args[0])
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


def _literal(node: ast.AST | None) -> Any:
    if node is None:
        return _MISSING
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return _MISSING


# -- the exercise's rules, from its question cell ---------------------------------------------------

def _accepted(cls: type) -> set[str]:
    names = set()
    for klass in cls.__mro__:
        if "__init__" in vars(klass):
            names.update(p.name for p in inspect.signature(vars(klass)["__init__"]).parameters.values()
                         if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD))
    return names - {"self", "exercise_id"}


def _rules(spec: Spec, plain_key: Any):
    """The exercise's rules as the learner's kernel builds them; a release without digests gets
    them from the plain key (the hidden test's key check then passes by construction)."""
    from ..answers import make_key

    arguments = {k: v for k, v in spec.arguments.items() if k in _accepted(spec.cls)}
    if spec.cls.needs_key and not arguments.get("key"):
        arguments["key"] = make_key(spec.cls.kind, spec.exercise_id, plain_key)
    return spec.cls(spec.exercise_id, **arguments)


# -- the answers: as submitted, plus the code answers the notebook really gives ---------------------

def _read_json(path: Path, limit: int) -> Any:
    try:
        if not path.is_file() or path.stat().st_size > limit:
            return None
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return None


def _code_table(path: Path) -> dict[str, Any]:
    from ..responses import valid_exercise_id

    raw = _read_json(path, MAX_BYTES)
    codes = raw.get("from_code") if isinstance(raw, dict) else None
    if not isinstance(codes, dict):
        return {}
    return {k: v for k, v in codes.items() if valid_exercise_id(k) and v is not None}


def _answer_calls(folder: Path) -> dict[str, list[Any]]:
    """variable -> the argument of each ``variable.answer(...)`` in the submitted notebooks' code."""
    calls: dict[str, list[Any]] = {}
    for path in sorted(folder.glob("*.ipynb")):
        nb = _read_json(path, MAX_NOTEBOOK_BYTES)
        for cell in nb.get("cells", []) if isinstance(nb, dict) and isinstance(nb.get("cells"), list) else []:
            source = cell.get("source", "") if isinstance(cell, dict) and cell.get("cell_type") == "code" else ""
            if isinstance(source, list):
                source = "".join(s for s in source if isinstance(s, str))
            tree = _parse(source) if isinstance(source, str) else None
            for node in ast.walk(tree) if tree is not None else ():
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "answer"
                        and isinstance(node.func.value, ast.Name)):
                    calls.setdefault(node.func.value.id, []).append(_literal(node.args[0]) if node.args else _MISSING)
    return calls


def _given_in_code(spec: Spec | None, value: Any, calls: dict[str, list[Any]]) -> bool:
    """Whether the submitted notebook itself gives this code answer: a call of the exercise's
    ``.answer``, with an argument worked out in code or written out as this very value."""
    if spec is None or spec.variable is None:
        return False
    arguments = calls.get(spec.variable, [])
    for argument in arguments:
        if argument is _MISSING:
            return True
        try:
            rules = _rules(spec, argument)
            if json.loads(json.dumps(rules.normalise(argument))) == value:
                return True
        except Exception:  # noqa: BLE001 - a literal that is no answer gives no answer
            continue
    return False


def _answers(submitted: Path, graded: Path, specs: dict[str, Spec], scratch: Path) -> tuple[Path, list[str]]:
    """The answers file the course scores: the submitted one, with the notebook's code answers replayed."""
    from ..responses import FILENAME, ResponsesStore

    target = scratch / FILENAME
    handed_in = submitted / FILENAME
    if handed_in.is_file() and handed_in.stat().st_size <= MAX_BYTES:
        shutil.copyfile(handed_in, target)
    store = ResponsesStore(target)
    before = _code_table(handed_in)
    calls = None
    refused = []
    with contextlib.redirect_stdout(io.StringIO()):  # the store's notes about a damaged file
        for exercise_id, value in _code_table(graded / FILENAME).items():
            if exercise_id in before and before[exercise_id] == value:
                continue  # the learner's own kernel recorded it: already in the file handed in
            calls = _answer_calls(submitted) if calls is None else calls
            if not _given_in_code(specs.get(exercise_id), value, calls):
                refused.append(exercise_id)
                continue
            try:
                store.save(exercise_id, value, from_code=True)
            except (ValueError, TypeError, OSError, TimeoutError):
                refused.append(exercise_id)
    reasons = []
    if refused:
        reasons.append(f"responses.json was given answers while it was graded that no cell of the notebook gives "
                       f"({', '.join(sorted(refused)[:4])}{', …' if len(refused) > 4 else ''}); they were not counted")
    return target, reasons


# -- scoring one cell ---------------------------------------------------------------------------------

@contextlib.contextmanager
def _answers_at(path: Path):
    """``load_answers()`` in an instructor's cell reads ``$COURSE_RESPONSES``: point it at ``path``."""
    previous = os.environ.get("COURSE_RESPONSES")
    os.environ["COURSE_RESPONSES"] = str(path)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("COURSE_RESPONSES", None)
        else:
            os.environ["COURSE_RESPONSES"] = previous


def _score_here(cell: SourceCell, specs: dict[str, Spec], answers: Path) -> float | None:
    """The cell's score run here, as nbgrader would read it (an error is 0); None if it shows no number."""
    from .. import code_checks, grading
    from ..answers import registry
    from ..responses import ResponsesStore

    store = ResponsesStore(answers)

    def grade(exercise_id: str, key: Any = None) -> float:
        spec = specs.get(exercise_id)
        if spec is None:
            raise LookupError(f"{exercise_id}: no question cell creates it")
        registry.register(_rules(spec, key), store=store)
        return grading.grade(exercise_id, key)

    namespace = {"__name__": "__course_rescoring__", "__builtins__": builtins, "grade": grade,
                 "saved": lambda exercise_id: None, "try_code": lambda checks: None,
                 "check_code": code_checks.check_code, "raises": code_checks.raises}
    tree = _parse(cell.source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    value = None
    try:
        with (_answers_at(answers), contextlib.redirect_stdout(io.StringIO()),
              contextlib.redirect_stderr(io.StringIO()), warnings.catch_warnings()):
            warnings.simplefilter("ignore")
            exec(compile(tree, f"<{cell.grade_id}>", "exec"), namespace)  # noqa: S102 - the instructor's cell
            if last is not None:
                value = eval(compile(ast.Expression(last.value), f"<{cell.grade_id}>", "eval"), namespace)  # noqa: S307
    except Exception:  # noqa: BLE001 - as in nbgrader: a test cell that raises scores 0
        return 0.0
    finally:
        registry.clear()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


_VERDICT = re.compile(r"^(?P<id>[\w-]+) · (?P<earned>\d+(?:\.\d+)?) of ")


def _checked_kernel_score(cell: SourceCell, notebook: Path, recorded: float) -> tuple[float | None, str]:
    """The kernel's score of a cell only it could run, held against what the cell itself shows:
    (the score to keep, why) or (None, "") when the cell's outputs agree with the score recorded."""
    nb = _read_json(notebook, MAX_NOTEBOOK_BYTES)
    cells = nb.get("cells") if isinstance(nb, dict) else None
    found = next((c for c in cells or [] if isinstance(c, dict)
                  and (c.get("metadata") or {}).get("nbgrader", {}).get("grade_id") == cell.grade_id), None)
    if found is None:
        return None, ""
    outputs = [o for o in found.get("outputs") or [] if isinstance(o, dict)]
    if any(o.get("output_type") == "error" or (o.get("output_type") == "stream" and o.get("name") == "stderr")
           for o in outputs):
        return None, ""  # nbgrader scored it 0 already
    shown = next((o for o in outputs if o.get("output_type") == "execute_result"), None)
    if shown is None:
        return (0.0, "shows no score") if cell.shows_value else (None, "")
    if not cell.checks_code:
        return None, ""
    printed = "".join("".join(o.get("text", "")) if isinstance(o.get("text"), list) else str(o.get("text", ""))
                      for o in outputs if o.get("output_type") == "stream")
    verdicts = [float(m["earned"]) for m in map(_VERDICT.match, printed.splitlines()) if m and m["id"] == cell.grade_id]
    if not verdicts:
        return 0.0, "prints no verdict"
    if abs(min(verdicts) - recorded) > TOLERANCE:
        return min(min(verdicts), recorded), "shows another score than it printed"
    return None, ""


# -- one submission -----------------------------------------------------------------------------------

def rescore(layout: CourseLayout, assignment: str, student: str, gradebook) -> list[str]:
    """Score the submission's grade cells again outside its kernel, write the course's scores into
    the gradebook, and return one-line reasons to look at it (empty when all agreed)."""
    from nbgrader.api import MissingEntry

    from .tampering import tampering_reasons

    specs, cells = source_cells(layout, assignment)
    graded = layout.graded(student, assignment)
    disagreed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="course-rescoring-") as scratch:
        answers, reasons = _answers(layout.submission(student, assignment), graded, specs, Path(scratch))
        for cell in cells:
            try:
                recorded = gradebook.find_grade(cell.grade_id, Path(cell.notebook).stem, assignment, student)
            except MissingEntry:
                continue
            if recorded.auto_score is None:
                continue
            why = ""
            if cell.outside:
                score = _score_here(cell, specs, answers)
            else:
                score, why = _checked_kernel_score(cell, graded / cell.notebook, float(recorded.auto_score))
            if score is None or abs(score - float(recorded.auto_score)) <= TOLERANCE:
                continue
            disagreed.append(f"{cell.grade_id} {float(recorded.auto_score):g} → {score:g}" + (f" ({why})" if why else ""))
            recorded.auto_score = score
        gradebook.db.commit()
    if disagreed:
        reasons.insert(0, f"the notebook's own grading disagreed with the course's on {len(disagreed)} cell(s): "
                          f"{'; '.join(disagreed[:5])}{'; …' if len(disagreed) > 5 else ''}; the course's scores were kept")
    return reasons + tampering_reasons(layout, assignment, student)


def checked(layout: CourseLayout, assignment: str, student: str, gradebook) -> list[str]:
    """:func:`rescore`, never failing the grading run: what cannot be scored again is one line to look at."""
    try:
        return rescore(layout, assignment, student, gradebook)
    except Exception as problem:  # noqa: BLE001 - one learner's odd submission must not stop the others
        gradebook.db.rollback()
        return [f"the course could not score this submission again ({type(problem).__name__}: {str(problem)[:120]}); "
                "nbgrader's scores stand: review it by hand"]
