"""The one place the course talks to nbgrader's Python API.

Why a module of its own: every command that drives nbgrader (build, grade, feedback) needs the
same three things: the course's own nbgrader_config.py loaded as a traitlets Config (read by
:mod:`course.layout`, which also names every folder), the environment's bin/ on PATH (nbgrader
creates the gradebook by running ``alembic``), and the API object. Doing it once keeps the
commands and plain ``nbgrader`` in agreement.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from ..layout import CourseLayout, load_config, sqlite_folder

__all__ = ["api", "gradebook", "first_error"]


def _ensure_bin_on_path() -> None:
    bin_dir = str(Path(sys.executable).parent)
    parts = os.environ.get("PATH", "").split(os.pathsep)
    if bin_dir not in parts:
        os.environ["PATH"] = os.pathsep.join([bin_dir, *parts])


def api(root: Path, config=None):
    """An NbGraderAPI for the course at ``root`` (extra config merged over the course's own)."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    _ensure_bin_on_path()
    merged = load_config(Path(root))
    if config is not None:
        merged.merge(config)
    coursedir = CourseDirectory(config=merged)
    # SQLite creates the file but not its folder (nbgrader_config.py creates it too; a config that
    # moves the gradebook may not)
    folder = sqlite_folder(coursedir.db_url)
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    return NbGraderAPI(coursedir=coursedir, config=merged)


def gradebook(layout: CourseLayout):
    """The course's gradebook (a context manager), opened for the course's id as nbgrader opens it,
    without building a whole API (which also checks the exchange)."""
    from nbgrader.api import Gradebook

    _ensure_bin_on_path()  # a new gradebook is created with ``alembic``
    return Gradebook(layout.db_url, layout.course_id)


def first_error(outcome: dict) -> str:
    """What went wrong, in nbgrader's words: the first ERROR entry of its log (its error ends with
    "Please see the above traceback", which says nothing); past its generic "There was an error
    processing assignment", the exception the logged traceback ends with."""
    entries = re.split(r"^\[(?=[A-Z]+\] )", outcome.get("log") or "", flags=re.M)
    for entry in entries:
        level, _, text = entry.partition("] ")
        lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
        if level != "ERROR" or not lines or lines[0].startswith(("There was an error processing", "Please see")):
            continue
        return lines[-1] if lines[0].startswith("Traceback") else lines[0]
    detail = (outcome.get("error") or "").strip().splitlines()
    return detail[-1] if detail else ""
