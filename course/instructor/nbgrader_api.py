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

__all__ = ["GradebookUnavailable", "api", "check_gradebook", "gradebook", "first_error"]


class GradebookUnavailable(Exception):
    """The gradebook's database cannot be opened (no driver, no server, no such database, no course
    id for a server): one line, said once before any learner is graded, not a traceback per learner."""


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
    without building a whole API (which also checks the exchange). One that cannot be opened is
    :class:`GradebookUnavailable`."""
    from nbgrader.api import Gradebook, InvalidEntry
    from sqlalchemy.exc import SQLAlchemyError

    _ensure_bin_on_path()  # a new gradebook is created with ``alembic``
    shown = _shown(layout.db_url)
    if not layout.course_id and sqlite_folder(layout.db_url) is None:
        # nbgrader records no course then, and a database server enforces the foreign key to it
        raise GradebookUnavailable(f"the gradebook {shown} needs a course id: set COURSE_ID "
                                   "(or c.CourseDirectory.course_id in nbgrader_config.py)")
    folder = sqlite_folder(layout.db_url)
    if folder is not None:  # SQLite creates the file but not its folder (as in api() above)
        folder.mkdir(parents=True, exist_ok=True)
    try:
        return Gradebook(layout.db_url, layout.course_id)
    except ImportError as problem:  # SQLAlchemy imports the driver when the engine is made
        driver = getattr(problem, "name", None) or "its driver"
        hint = {"psycopg": " (pip install 'psycopg[binary]', or `make install`)",
                "psycopg2": " (or write postgresql://, for the psycopg 3 the course installs)"}.get(driver, "")
        raise GradebookUnavailable(f"the gradebook {shown} needs the Python module {driver}, "
                                   f"which is not installed{hint}") from None
    except (SQLAlchemyError, InvalidEntry) as problem:
        reason = _reason(problem)
        hint = " (create it first: createdb, as the README says)" if "does not exist" in reason else ""
        raise GradebookUnavailable(f"the gradebook {shown} cannot be opened: {reason}{hint}") from None


def check_gradebook(layout: CourseLayout) -> None:
    """Open and close the course's gradebook (creating it, as nbgrader would): a command calls this
    before handing work to nbgrader, which would otherwise bury the reason in its log."""
    gradebook(layout).close()


def _shown(db_url: str) -> str:
    """The database URL with its password hidden, for messages."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(db_url).render_as_string(hide_password=True)
    except ArgumentError:
        return repr(db_url)


def _reason(problem: Exception) -> str:
    """The driver's own first words (SQLAlchemy wraps them in a paragraph of its own)."""
    text = str(getattr(problem, "orig", None) or problem).strip()
    line = " ".join(text.splitlines()[0].split()) if text else type(problem).__name__
    return line[:300]


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
