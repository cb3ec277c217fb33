"""A cell run before the notebook's setup cell says so in one line, not with a bare NameError.

Why: after a kernel restart nothing of the course is loaded. A learner who runs the question they
were on (``first_move = SingleChoice(...)``) or its answer cell (``first_move.answer(...)``) got
``NameError: name 'SingleChoice' is not defined`` and a traceback. Now they read:
"This notebook's setup cell has not run since the kernel started: run it first (near the top of
the notebook), or choose Run > Run All Cells."

How it gets into a fresh kernel: something must run as the kernel starts, and a kernel imports
nothing of the course by itself. ``course start`` gives the Jupyter server ``PYTHONSTARTUP`` set
to :data:`STARTUP` (:func:`course.start.learner_environment`); kernels inherit the server's
environment, and IPython, ipykernel included, runs that file at start-up (its
``exec_PYTHONSTARTUP``, on by default). The file calls :func:`install`, which hands IPython a
handler for ``NameError`` (``set_custom_exc``). A JupyterHub sets the same variable for learners'
servers (the README says how).

What it does elsewhere: nothing. A plain ``python`` prompt runs the file too and finds no IPython
kernel; a terminal IPython is left alone; a notebook that is not one of the course's (no nbgrader
``setup`` cell) keeps IPython's usual traceback, and so does any NameError once the setup cell has
run, except a question's name (an answer cell run before its question cell, whose source is
hidden in the release): that says to run the question's cell first (:data:`QUESTION_HINT`). It never prints (a grading kernel must write nothing to stderr) and never raises: anything
unexpected gives IPython's own traceback. The error stays an error, so a grade cell that fails
for it still scores zero. Standard library only, read only when a NameError happens.
"""

from __future__ import annotations

import ast
import json
import os
from pathlib import Path
from typing import Any

__all__ = ["HINT", "QUESTION_HINT", "STARTUP", "hint", "install", "setup_names"]

# the file PYTHONSTARTUP names: it only calls install(), and defines no name in the learner's namespace
STARTUP = Path(__file__).with_name("learner_jupyter") / "kernel_startup.py"

HINT = ("{name} is not defined: this notebook's setup cell has not run since the kernel started. "
        "Run the setup cell first (near the top of the notebook), or choose Run > Run All Cells.")
QUESTION_HINT = ("{name} is not defined yet: it is a question of this notebook. Run the question's cell "
                 "first (the one just above, showing “# Question”), or choose Run > Run All Cells.")

SETUP_ID = "setup"  # the nbgrader grade id of every course notebook's setup cell


def install(shell: Any = None) -> bool:
    """Show :data:`HINT` for a NameError in this IPython kernel; True if installed.

    Only in a kernel (ipykernel's shell), so a terminal IPython or plain Python is untouched."""
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        shell = get_ipython()
    if shell is None or type(shell).__name__ != "ZMQInteractiveShell" or shell.custom_exceptions:
        return False  # no kernel, or someone else's handler already: leave it be
    shell.set_custom_exc((NameError,), _handler)
    return True


def _handler(shell: Any, etype: type, value: BaseException, tb: Any, tb_offset: int | None = None) -> None:
    """IPython's custom exception handler (it shows the error itself): the hint as the whole
    traceback, else what IPython shows for any other error."""
    try:
        line = hint(value, shell.user_ns, os.environ.get("JPY_SESSION_NAME"), Path.cwd())
    except Exception:  # never break a learner's error display; never print
        line = None
    if line:
        shell._showtraceback(etype, value, [line])  # the kernel's error message, as for any error
    else:
        shell.showtraceback((etype, value, tb), running_compiled_code=True)


def hint(error: BaseException, namespace: dict, session: str | None, folder: Path) -> str | None:
    """The one line for this NameError, or None where it is not about a setup cell left unrun.

    The notebook is the kernel's session file (``JPY_SESSION_NAME``, which Jupyter Server sets),
    else the only notebook with a setup cell in the kernel's folder."""
    notebook = _notebook(session, folder)
    names = setup_names(notebook)
    missing = getattr(error, "name", None)
    if not names:
        return None
    if not all(name in namespace for name in names):
        return HINT.format(name=f"`{missing}`" if missing else "A name")
    if missing and missing in _bound_by(notebook, lambda grade_id: grade_id.endswith("-question")):
        return QUESTION_HINT.format(name=f"`{missing}`")
    return None


def setup_names(notebook: Path | None) -> set[str]:
    """The names the notebook's setup cell binds (its imports and assignments); empty if none."""
    return _bound_by(notebook, lambda grade_id: grade_id == SETUP_ID)


def _bound_by(notebook: Path | None, wanted) -> set[str]:
    """The names bound by the notebook's nbgrader cells whose grade id is ``wanted``."""
    names: set[str] = set()
    for source in _sources(notebook, wanted) if notebook is not None else ():
        names |= _names(source)
    return names


def _names(source: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names if a.name != "*")
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return names


def _sources(notebook: Path, wanted) -> list[str]:
    """The sources of the notebook's cells whose nbgrader grade id is ``wanted`` (none if unreadable)."""
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError, AttributeError):
        return []
    found = []
    for cell in cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") if isinstance(cell, dict) else None
        if isinstance(grade_id, str) and wanted(grade_id):
            source = cell.get("source", "")
            found.append("".join(source) if isinstance(source, list) else str(source))
    return found


def _notebook(session: str | None, folder: Path) -> Path | None:
    if session and session.endswith(".ipynb"):
        path = Path(session) if os.path.isabs(session) else folder / Path(session).name
        if path.is_file():
            return path
    found = [p for p in sorted(folder.glob("*.ipynb")) if _sources(p, lambda grade_id: grade_id == SETUP_ID)]
    return found[0] if len(found) == 1 else None
