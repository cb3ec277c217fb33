"""The one place the course talks to nbgrader's Python API.

Why a module of its own: every command that drives nbgrader (build, grade, feedback) needs the
same three things: the course's own nbgrader_config.py loaded as a traitlets Config (read by
:mod:`course.layout`, which also names every folder), the environment's bin/ on PATH (nbgrader
creates the gradebook by running ``alembic``), and the API object. Doing it once keeps the
commands and plain ``nbgrader`` in agreement.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..layout import CourseLayout, load_config

__all__ = ["api", "gradebook"]


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
    if coursedir.db_url.startswith("sqlite:///"):
        # SQLite creates the file but not its folder (nbgrader_config.py creates it too; a config
        # that moves the gradebook may not)
        Path(coursedir.db_url[len("sqlite:///"):].split("?", 1)[0]).parent.mkdir(parents=True, exist_ok=True)
    return NbGraderAPI(coursedir=coursedir, config=merged)


def gradebook(layout: CourseLayout):
    """The course's gradebook (a context manager), opened for the course's id as nbgrader opens it,
    without building a whole API (which also checks the exchange)."""
    from nbgrader.api import Gradebook

    return Gradebook(layout.db_url, layout.course_id)
