"""What a learner's editable cells touch that an honest answer never needs: the grading machinery.

Why: the course scores every widget answer outside the learner's kernel
(:mod:`course.instructor.rescoring`), but a code exercise (a function the learner writes) can only
be checked by running it, in the kernel, after the learner's own cells. Code running in that
process can always reach what checks it: rebind a helper, patch a module, the display hook,
stdout, the import system, or write files the tests read. No in-process check stops a determined
learner, so ``course grade`` reads each submitted notebook's editable cells (the cells nbgrader does
not restore from the source) and flags one that touches any of it, naming what, for review by hand.

It reads the code, never runs it; it looks for names and strings, so renaming can hide a cheat
from it (that is why it flags rather than scores). Honest answers in this course (pandas, an
``.answer(...)`` call, a guard function, a message) touch none of it.
"""

from __future__ import annotations

import ast
import builtins
import functools
import json
import re
from pathlib import Path

from ..layout import CourseLayout

__all__ = ["tampering_reasons", "touches"]

MAX_NOTEBOOK_BYTES = 20_000_000
HELPERS = {"grade", "saved", "check_code", "try_code", "raises", "load_answers", "summary", "show"}
MODULES = ("course.grading", "course.code_checks", "course.answers", "course.responses", "course.keys",
           "course.exercises", "builtins", "importlib", "gc", "ctypes", "inspect", "sys", "IPython", "ipykernel",
           "nbgrader", "runpy", "pickle", "marshal", "types", "subprocess", "shutil")
ATTRIBUTES = {"modules", "displayhook", "display_pub", "display_formatter", "ast_node_interactivity", "_exit",
              "__code__", "__globals__", "__builtins__", "__dict__", "__class__", "__subclasses__", "meta_path",
              "path_hooks", "excepthook", "stdout", "stderr", "input_transformers_post", "input_transformers_cleanup",
              "register_magic_function", "write_text", "write_bytes", "__file__", "__spec__", "__path__", "__loader__"}
NAMES = {"get_ipython", "__builtins__", "__import__", "globals", "locals", "vars", "exec", "eval", "compile",
         "setattr", "delattr", "open", "breakpoint"}
STRINGS = re.compile(r"(^|[/\\])(solutions|gradebook|autograded|submitted|\.course-grade)([/\\.]|$)|responses\.json"
                     r"|\.ipynb$", re.I)
MAGICS = re.compile(r"^\s*(!|%%?(config|run|load|load_ext|writefile|env|reset|alias|sx|system|bash|sh|script|"
                    r"capture|store|autoawait|xmode|colors|prun|debug|pdb|macro|edit))\b")


def touches(source: str) -> list[str]:
    """What one cell's code touches of the grading machinery, as short names (empty when nothing)."""
    found: set[str] = set()
    lines = []
    for line in source.splitlines():
        magic = MAGICS.match(line)
        if magic:
            found.add(f"the magic {line.strip().split()[0][:20]}")
        lines.append("#" + line if line.lstrip().startswith(("%", "!")) else line)
    try:
        tree = ast.parse("\n".join(lines))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return sorted(found)
    rebindable = HELPERS | set(dir(builtins))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(f"import {a.name}" for a in node.names if a.name.startswith(MODULES))
            found.update(f"rebinds {a.asname or a.name}" for a in node.names if (a.asname or a.name) in rebindable)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            names = [f"{module}.{a.name}" for a in node.names]
            found.update(f"import {n}" for n in [module, *names] if n.startswith(MODULES))
            found.update(f"rebinds {a.asname or a.name}" for a in node.names if (a.asname or a.name) in rebindable)
        elif isinstance(node, ast.Name):
            if node.id in NAMES:
                found.add(node.id)
            if not isinstance(node.ctx, ast.Load) and node.id in rebindable:
                found.add(f"rebinds {node.id}")
        elif isinstance(node, ast.Attribute) and node.attr in ATTRIBUTES:
            found.add(f".{node.attr}")
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name in rebindable:
            found.add(f"rebinds {node.name}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and STRINGS.search(node.value[:500]):
            found.add(repr(node.value[:40]))
    return sorted(found)


def _editable_code(path: Path, locked: set[str]) -> list[str]:
    """The source of each code cell of a submitted notebook that nbgrader does not restore."""
    try:
        if path.stat().st_size > MAX_NOTEBOOK_BYTES:
            return []
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return []
    sources = []
    for cell in nb.get("cells", []) if isinstance(nb, dict) and isinstance(nb.get("cells"), list) else []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        meta = cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {}
        grading = meta.get("nbgrader") if isinstance(meta.get("nbgrader"), dict) else {}
        if grading.get("grade_id") in locked:
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(s for s in source if isinstance(s, str))
        if isinstance(source, str):
            sources.append(source)
    return sources


def _locked(layout: CourseLayout, assignment: str) -> frozenset[str]:
    """The grade ids of the cells nbgrader puts back from the source (locked cells, test cells)."""
    notebooks = layout.source_notebooks(assignment)
    return _locked_in(tuple((str(p), p.stat().st_mtime_ns) for p in notebooks))


@functools.lru_cache(maxsize=16)
def _locked_in(stamps: tuple[tuple[str, int], ...]) -> frozenset[str]:
    ids = set()
    for path, _ in stamps:
        for cell in json.loads(Path(path).read_text(encoding="utf-8")).get("cells", []):
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if meta.get("grade_id") and (meta.get("locked") or (meta.get("grade") and not meta.get("solution"))):
                ids.add(meta["grade_id"])
    return frozenset(ids)


def tampering_reasons(layout: CourseLayout, assignment: str, student: str) -> list[str]:
    """One line per submitted notebook whose editable cells touch the grading machinery, and one for
    Python files handed in beside it (the kernel would import them before the installed course)."""
    folder = layout.submission(student, assignment)
    locked = _locked(layout, assignment)
    reasons = []
    for path in sorted(folder.glob("*.ipynb")):
        found = sorted({what for source in _editable_code(path, locked) for what in touches(source)})
        if found:
            listed = ", ".join(found[:6]) + (", …" if len(found) > 6 else "")
            reasons.append(f"{path.name}: an editable cell touches the grading machinery ({listed}); "
                           "review it by hand: code in the grading kernel can change that kernel's scores")
    modules = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.py"))
    if modules:
        reasons.append(f"Python files were handed in ({', '.join(modules[:3])}): a kernel run in this folder imports "
                       "them before the course's own; review them by hand")
    return reasons
