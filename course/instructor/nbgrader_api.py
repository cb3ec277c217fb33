"""The one place the course talks to nbgrader's Python API.

Why a module of its own: every command that drives nbgrader (build now; grade and report later)
needs the same three things: the course's own nbgrader_config.py loaded as a traitlets Config,
the environment's bin/ on PATH (nbgrader creates the gradebook by running ``alembic``), and the
API object. Doing it once keeps the commands and plain ``nbgrader`` in agreement.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..paths import CONFIG

__all__ = ["load_config", "api", "db_url"]


def load_config(root: Path):
    """The course's nbgrader_config.py as a traitlets Config, with the root made absolute."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader(CONFIG, path=str(root)).load_config()
    config.CourseDirectory.root = str(root)
    return config


def db_url(root: Path) -> str:
    """The course's gradebook URL, without building a whole API (which also checks the exchange)."""
    from nbgrader.coursedir import CourseDirectory

    return CourseDirectory(config=load_config(root)).db_url


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
    merged = load_config(root)
    if config is not None:
        merged.merge(config)
    coursedir = CourseDirectory(config=merged)
    if coursedir.db_url.startswith("sqlite:///"):
        # SQLite creates the file but not its folder, and grading/ is not in the repository
        Path(coursedir.db_url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    return NbGraderAPI(coursedir=coursedir, config=merged)
