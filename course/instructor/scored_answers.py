"""The answers ``course grade`` scores: the ``responses.json`` as submitted, plus the code answers
the submitted notebook itself gives.

Why not the graded copy's file: the learner's kernel wrote it, and a kernel can write anything
(keys read from disk, keys known some other way). The submitted file no kernel has touched. But a
notebook may answer in code (the instructor notebooks do, and so may a learner who never clicked),
and those answers reach the file only when the notebook runs; so the graded copy's record of code
answers (``from_code``) is replayed on the submitted file by the store's own rule (a code answer
never replaces a later click), and only where a cell of the submitted notebook calls that
exercise's ``.answer(...)``, with that very value when the argument is written out. An answer a
kernel put into the file by hand counts for nothing, whatever it claims.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import shutil
from pathlib import Path
from typing import Any

from .source_cells import MISSING, Spec, literal, parse, rules

__all__ = ["answers_file", "read_json"]

MAX_BYTES = 5_000_000  # responses.MAX_BYTES: a larger answers file is damage, set aside by the store too
MAX_NOTEBOOK_BYTES = 20_000_000  # submissions.MAX_NOTEBOOK_BYTES


def read_json(path: Path, limit: int) -> Any:
    """A learner's JSON file, or None: missing, a symbolic link (it could point at another
    learner's answers or at any file the instructor can read), larger than ``limit`` bytes, or not JSON."""
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > limit:
            return None
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return None


def _code_table(path: Path) -> dict[str, Any]:
    from ..responses import valid_exercise_id

    raw = read_json(path, MAX_BYTES)
    codes = raw.get("from_code") if isinstance(raw, dict) else None
    if not isinstance(codes, dict):
        return {}
    return {k: v for k, v in codes.items() if valid_exercise_id(k) and v is not None}


def _answer_calls(folder: Path) -> dict[str, list[Any]]:
    """variable -> the argument of each ``variable.answer(...)`` in the submitted notebooks' code."""
    calls: dict[str, list[Any]] = {}
    for path in sorted(folder.glob("*.ipynb")):
        nb = read_json(path, MAX_NOTEBOOK_BYTES)
        for cell in nb.get("cells", []) if isinstance(nb, dict) and isinstance(nb.get("cells"), list) else []:
            source = cell.get("source", "") if isinstance(cell, dict) and cell.get("cell_type") == "code" else ""
            if isinstance(source, list):
                source = "".join(s for s in source if isinstance(s, str))
            tree = parse(source) if isinstance(source, str) else None
            for node in ast.walk(tree) if tree is not None else ():
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "answer"
                        and isinstance(node.func.value, ast.Name)):
                    calls.setdefault(node.func.value.id, []).append(literal(node.args[0]) if node.args else MISSING)
    return calls


def _given_in_code(spec: Spec | None, value: Any, calls: dict[str, list[Any]]) -> bool:
    """Whether the submitted notebook itself gives this code answer: a call of the exercise's
    ``.answer``, with an argument worked out in code or written out as this very value."""
    if spec is None or spec.variable is None:
        return False
    arguments = calls.get(spec.variable, [])
    for argument in arguments:
        if argument is MISSING:
            return True
        try:
            exercise = rules(spec, argument)
            if json.loads(json.dumps(exercise.normalise(argument))) == value:
                return True
        except Exception:  # noqa: BLE001 - a literal that is no answer gives no answer
            continue
    return False


def answers_file(submitted: Path, graded: Path, specs: dict[str, Spec], scratch: Path) -> tuple[Path, list[str]]:
    """The answers file the course scores: the submitted one, with the notebook's code answers replayed."""
    from ..responses import FILENAME, ResponsesStore

    target = scratch / FILENAME
    handed_in = submitted / FILENAME
    reasons = []
    if handed_in.is_symlink():  # another learner's answers, say: scored as no answers at all
        reasons.append("responses.json was handed in as a symbolic link; it was not read")
    elif handed_in.is_file() and handed_in.stat().st_size <= MAX_BYTES:
        shutil.copyfile(handed_in, target)
    store = ResponsesStore(target)
    before = _code_table(handed_in)
    calls = None
    refused = []
    with contextlib.redirect_stdout(io.StringIO()), store.batch():  # notes about a damaged file; one write
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
    if refused:
        reasons.append(f"responses.json was given answers while it was graded that no cell of the notebook gives "
                       f"({', '.join(sorted(refused)[:4])}{', …' if len(refused) > 4 else ''}); they were not counted")
    return target, reasons


