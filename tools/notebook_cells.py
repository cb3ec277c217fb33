"""The cells the notebook-writing scripts in tools/ add to solutions/: one copy of how they are made.

Why: each script (add_decision_01.py, ...) writes a case's new cells as plain JSON, and every
grade cell must carry the same nbgrader and course metadata (a test checks it), so they share these
builders. Run the scripts as `python tools/<script>.py`: this folder is then on the import path.
"""

from __future__ import annotations


def md(text: str) -> dict:
    """A markdown cell."""
    return {"cell_type": "markdown", "metadata": {}, "source": text.strip("\n").splitlines(keepends=True)}


def code(text: str, grade_id: str | None = None, *, grade: bool = False, solution: bool = False,
         locked: bool = True, points: float | None = None, step: str | None = None) -> dict:
    """A code cell; with a grade id, its nbgrader metadata, and with a step, the course's (a grade cell)."""
    meta: dict = {}
    if grade_id:
        nbg = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution,
               "task": False}
        if points is not None:
            nbg["points"] = points
        meta["nbgrader"] = nbg
    if step:
        meta["course"] = {"exercise": grade_id, "step": step}
    return {"cell_type": "code", "execution_count": None, "metadata": meta, "outputs": [],
            "source": text.strip("\n").splitlines(keepends=True)}


def src(cell: dict) -> str:
    """A cell's source as one string."""
    return "".join(cell["source"])
