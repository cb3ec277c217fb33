"""The parent's gradebook writes of ``course grade --scheduler`` (:mod:`.cluster` says how the sides fit).

Why a module of its own: this is what runs in the parent's writer processes, one returned
submission at a time: nbgrader's own autograde on the real submission and gradebook, with
:class:`WorkerOutputs` in place of ``Execute`` (the notebook as the Dask worker executed it), then
what the learner's kernel left beside it, the course's rescoring and flags, and the earlier
autograded folder kept until the new one is good, all through :func:`.autograde.grade_one`, as a
local worker grades.
"""

from __future__ import annotations

import signal
import shutil
import time
from pathlib import Path

from nbgrader.preprocessors.base import NbGraderPreprocessor
from traitlets import Unicode

from . import autograde
from ..layout import CourseLayout, load_config
from .cluster_worker import unpack
from .sandbox import mirror

__all__ = ["WorkerOutputs", "autograde_chain", "replay_config", "start_writer", "write_in_writer"]


def autograde_chain(layout: CourseLayout, config, change) -> list:
    """nbgrader's autograde preprocessors as the course configures them, each passed through
    ``change(class)``, which returns what goes in its place (None: nothing)."""
    from nbgrader.converters import Autograde
    from traitlets.utils.importstring import import_item

    merged = load_config(layout.root)
    merged.merge(config)
    chain = []
    for step in Autograde.class_traits()["autograde_preprocessors"].get(Autograde(config=merged)):
        replaced = change(import_item(step) if isinstance(step, str) else step)
        if replaced is not None:
            chain.append(replaced)
    return chain


class WorkerOutputs(NbGraderPreprocessor):
    """In the parent, in place of nbgrader's ``Execute``: the notebook as a Dask worker executed it."""

    directory = Unicode("", help="where the workers' autograded folders are unpacked, STUDENT/ASSIGNMENT/").tag(config=True)

    def preprocess(self, nb, resources):
        import nbformat

        info = resources["nbgrader"]
        path = Path(self.directory) / info["student"] / info["assignment"] / f"{info['notebook']}.ipynb"
        if not path.is_file():
            raise RuntimeError(f"no executed {info['notebook']}.ipynb came back from the worker")
        executed = nbformat.read(path, as_version=4)
        if [(c.cell_type, c.source) for c in executed.cells] != [(c.cell_type, c.source) for c in nb.cells]:
            raise RuntimeError(f"the worker executed another {info['notebook']}.ipynb than this submission's")
        return executed, resources


def replay_config(layout: CourseLayout, config, directory: Path):
    """The run's config with nbgrader's Execute replaced by :class:`WorkerOutputs` in autograde."""
    from nbgrader.preprocessors import Execute
    from traitlets.config import Config

    replay = Config()
    replay.merge(config)
    replay.Autograde.autograde_preprocessors = autograde_chain(
        layout, config, lambda step: WorkerOutputs if issubclass(step, Execute) else step)
    replay.WorkerOutputs.directory = str(directory)
    return replay


_WRITER: dict = {}  # a writer process's API and layout


def start_writer(root: str, config) -> None:
    """A process of the parent that writes returned submissions into the gradebook, as a local
    pool's worker grades (one API kept between submissions); it runs no kernel."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    _WRITER["api"], _WRITER["layout"] = autograde.prepare_worker(root, config, False, None)


def write_in_writer(assignment: str, student: str, outcome: dict, returned: str) -> dict:
    return _write(_WRITER["api"], _WRITER["layout"], assignment, student, outcome, Path(returned))


def _write(api, layout: CourseLayout, assignment: str, student: str, outcome: dict, returned: Path) -> dict:
    """The parent's half of one submission: nbgrader's autograde on the real gradebook with the
    worker's executed notebooks, what the kernel left beside them, the course's rescoring."""
    started = time.monotonic()
    folder = returned / student / assignment
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        if outcome.get("autograded") is not None:
            unpack(outcome["autograded"], folder)
        written = autograde.grade_one(api, layout, assignment, student, after_autograde=lambda graded: mirror(folder, graded))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    written["written_in"] = time.monotonic() - started
    written["seconds"] += outcome.get("seconds", 0.0)
    if not outcome["success"]:  # the parent's autograde kept nbgrader's books; the reason is the worker's
        written.update(success=False, reasons=[], error=outcome.get("error") or written["error"])
    return written
