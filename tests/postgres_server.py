"""A real PostgreSQL server for the tests, started by ``scripts/postgres`` and stopped after.

Why a real server and not SQLite alone: a PostgreSQL gradebook enforces what SQLite lets pass
(nbgrader's foreign key to the course), needs a driver SQLite does not, and runs the workshop
store's upserts with other SQL (``least``/``greatest``). The README promises PostgreSQL, so the
pipeline and the store run on one.

The script installs Debian's postgresql package where it can (as root) and says "unavailable"
(exit 3) where it cannot: then the tests that need the server skip, except under ``CI=true``,
where they fail, so CI never passes without having run them. ``tests/conftest.py`` holds the
session fixture ``postgres`` (one server for the whole run).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "postgres"
UNAVAILABLE = 3  # the script's exit status where PostgreSQL cannot be installed here

__all__ = ["Server", "running_server"]


@dataclass(frozen=True)
class Server:
    """One running server: ``url`` is its database ``gradebook``; :meth:`database` makes others."""

    handle: Path  # the folder the script keeps the server's details in
    url: str

    def database(self, name: str) -> str:
        """The URL of database ``name`` on this server, created if it is not there yet."""
        return _script("start", self.handle, name)


def _script(*args) -> str:
    run = subprocess.run([str(SCRIPT), *map(str, args)], capture_output=True, text=True, timeout=600)
    if run.returncode == UNAVAILABLE and os.environ.get("CI", "").lower() != "true":
        pytest.skip(f"no PostgreSQL server here: {run.stderr.strip()}")
    if run.returncode != 0:
        pytest.fail(f"scripts/postgres {' '.join(map(str, args))} failed ({run.returncode}): {run.stderr.strip()}",
                    pytrace=False)
    return run.stdout.strip()


@contextmanager
def running_server(handle: Path) -> Iterator[Server]:
    """A server for the ``with`` block, stopped (and its data removed) afterwards."""
    url = _script("start", handle)
    try:
        yield Server(handle, url)
    finally:
        subprocess.run([str(SCRIPT), "stop", str(handle)], capture_output=True, timeout=120)
