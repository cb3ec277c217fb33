"""The Dask worker's side of ``course grade --scheduler`` (:mod:`.cluster` says how the two sides fit).

Why a module of its own: this is all a worker runs, and all it needs of the course package besides
what a local grading worker needs (:func:`.autograde.prepare_worker`): the plugin that makes a Dask
worker process a grading worker for one run, and the task that grades one submission there. The
parent imports it to send them; it imports nothing of the parent.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import sqlite3
import tarfile
import tempfile
import threading
import time
from pathlib import Path

from distributed.diagnostics.plugin import WorkerPlugin

from . import autograde, nbgrader_api

__all__ = ["GradingPlugin", "grade_remote", "sandbox_said", "digests", "pack", "unpack", "PLUGIN_NAME", "METADATA",
           "RETRIES", "GRADEBOOK"]

PLUGIN_NAME = "course-grade"
METADATA = "course-grade"  # the scheduler's metadata: [METADATA, run, student] -> workers that started it
RETRIES = 1  # a submission whose worker died is tried on another worker this many times
GRADEBOOK = "course-grade-gradebook.db"  # the throwaway gradebook, in the worker's copy of the course


# -- bytes on the wire --------------------------------------------------------------------------------

def pack(folder: Path) -> bytes:
    """A folder as a gzipped tar (fast: most of a notebook compresses well), symbolic links as links."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", compresslevel=1) as tar:
        for path in sorted(folder.iterdir()):
            tar.add(path, arcname=str(path.relative_to(folder)))
    return buffer.getvalue()


def unpack(data: bytes, folder: Path) -> None:
    """Extract :func:`pack`'s bytes into ``folder``; a link out of it, or an absolute one, is refused."""
    folder.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        tar.extractall(folder, filter="data")


def digests(folder: Path) -> dict[str, str]:
    """The SHA-256 of each notebook in a submission folder, by name: which copy a worker graded."""
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.glob("*.ipynb"))}


# -- the worker side ----------------------------------------------------------------------------------

_WORKER: dict = {}  # this worker process's run: run, api, layout, folder, why (no sandbox), error
_ONE_AT_A_TIME = threading.Lock()  # one nbgrader API and one sandbox slot per worker process


class GradingPlugin(WorkerPlugin):
    """Makes a Dask worker a grading worker of one run: the course's bytes unpacked in the worker's
    own folder, then :func:`.autograde.prepare_worker`; ``teardown`` undoes it all."""

    name = PLUGIN_NAME

    def __init__(self, run: str, course: bytes, config, warm_kernels: bool, sandbox: str):
        self.run, self.course, self.config = run, course, config
        self.warm_kernels, self.sandbox = warm_kernels, sandbox

    def setup(self, worker) -> None:
        from .sandbox import resolve

        _WORKER.clear()
        _WORKER["run"] = self.run
        try:
            sandboxed, why = resolve(self.sandbox)  # require: SandboxUnavailable, and the run stops
            folder = Path(tempfile.mkdtemp(prefix="course-grade-", dir=worker.local_directory))
            _WORKER.update(folder=folder, why=why)
            unpack(self.course, folder)
            config = self.config.copy()
            config.CourseDirectory.db_url = f"sqlite:///{folder / GRADEBOOK}"
            _unsynced(folder / GRADEBOOK)
            jail_folder = tempfile.mkdtemp(prefix="course-sandbox-") if sandboxed else None  # short: socket paths
            _WORKER["jail_folder"] = jail_folder
            _WORKER["api"], _WORKER["layout"] = autograde.prepare_worker(folder, config, self.warm_kernels, jail_folder)
        except Exception as problem:
            _WORKER["error"] = f"{type(problem).__name__}: {problem}"
            raise

    def teardown(self, worker) -> None:
        from .sandbox import leave
        from .warm_kernels import stop_server

        with _ONE_AT_A_TIME:
            _unsynced(None)
            stop_server()
            leave()
            os.environ.pop("JUPYTER_DEFAULT_PROVISIONER_NAME", None)
            for name in ("folder", "jail_folder"):
                if _WORKER.get(name):
                    shutil.rmtree(_WORKER[name], ignore_errors=True)
            _WORKER.clear()


_UNSYNCED: list = []  # the connect listener of this worker's throwaway gradebook, while it has one


def _unsynced(path: Path | None) -> None:
    """Write the throwaway gradebook at ``path`` without waiting for the disk (``None``: stop).

    Why: nbgrader commits each row it records, and SQLite waits for the disk at each commit; this
    gradebook is thrown away when the run ends and rebuilt from the parent's bytes if the worker
    dies, so no commit of it needs to survive a crash. Only connections to that file are changed."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    for listener in _UNSYNCED:
        event.remove(Engine, "connect", listener)
    _UNSYNCED.clear()
    if path is None:
        return
    wanted = {str(path), str(path.absolute()), str(path.resolve())}

    def listener(connection, _record) -> None:
        if isinstance(connection, sqlite3.Connection):
            if wanted & {row[2] for row in connection.execute("PRAGMA database_list")}:
                connection.execute("PRAGMA synchronous = OFF")
                connection.execute("PRAGMA journal_mode = MEMORY")

    event.listen(Engine, "connect", listener)
    _UNSYNCED.append(listener)


def sandbox_said() -> str:
    """Run on each worker: why it grades without a sandbox ("" when sandboxed or told not to)."""
    return _WORKER.get("why", "")


def grade_remote(assignment: str, student: str, submission: bytes, run: str) -> dict:
    """A Dask task: autograde one submission (its folder's bytes) on this worker; return the
    autograded folder's bytes. A third attempt (two workers died on it) grades nothing."""
    from distributed import get_client, get_worker

    with _ONE_AT_A_TIME:
        started = time.monotonic()
        here = get_worker().address
        client = get_client()
        earlier = client.get_metadata([METADATA, run, student], []) or []
        if len(earlier) > RETRIES:
            return {"success": False, "died": earlier, "seconds": 0.0, "worker": here}
        client.set_metadata([METADATA, run, student], [*earlier, here])
        if _WORKER.get("run") != run or "api" not in _WORKER:
            why = _WORKER.get("error") or "it has not set up this grading run"
            return {"success": False, "error": f"worker {here} cannot grade: {why}", "seconds": 0.0, "worker": here}
        api, layout = _WORKER["api"], _WORKER["layout"]
        submitted, graded = layout.submission(student, assignment), layout.graded(student, assignment)
        try:
            for folder in (submitted, graded):
                shutil.rmtree(folder, ignore_errors=True)
            unpack(submission, submitted)
            graded_copies = digests(submitted)
            outcome = autograde.autograde_once_more_if_no_kernel(api, assignment, student)
            success = bool(outcome.get("success")) and graded.is_dir()
            return {"success": success, "error": nbgrader_api.first_error(outcome),
                    "autograded": pack(graded) if success else None, "worker": here,
                    "digests": graded_copies,
                    "seconds": time.monotonic() - started}
        except (OSError, tarfile.TarError) as problem:
            return {"success": False, "error": f"the submission could not be unpacked on worker {here}: {problem}",
                    "seconds": time.monotonic() - started, "worker": here}
        finally:
            for folder in (submitted, graded):
                shutil.rmtree(folder, ignore_errors=True)
