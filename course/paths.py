"""Where the course lives on disk: the folder holding ``nbgrader_config.py``.

Why search upwards: the ``course`` command is run from the repository root, from a notebook
folder, or from a test's temporary copy; each finds its own course the way git finds its repo.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["CourseNotFound", "find_root", "assignments"]

CONFIG = "nbgrader_config.py"


class CourseNotFound(Exception):
    """No ``nbgrader_config.py`` here or in any folder above."""


def find_root(start: str | os.PathLike[str] | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: the working folder) with nbgrader_config.py."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG).is_file():
            return folder
    raise CourseNotFound(f"no {CONFIG} in {here} or any folder above it; run this inside the course folder")


def assignments(root: Path) -> list[str]:
    """The assignments of a course: each folder of solutions/ that holds a notebook, sorted."""
    source = root / "solutions"
    if not source.is_dir():
        return []
    return sorted(p.name for p in source.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))
