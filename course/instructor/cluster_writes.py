"""The parent's gradebook writes of ``course grade --scheduler`` (:mod:`.cluster` says how the sides fit).

Why a module of its own: this is what runs in the parent's writer processes, one returned
submission at a time: nbgrader's own autograde on the real submission and gradebook, with what the
worker already did left out (the worker sanitized, executed and limited the notebook; the parent
does not do it again) and :class:`WorkerOutputs` handing over the notebook as the worker left it,
so that nbgrader's ``SaveAutoGrades`` and ``AssignLatePenalties`` score it into the real gradebook;
then what the learner's kernel left beside it, the course's rescoring and flags, and the earlier
autograded folder kept until the new one is good, all through :func:`.autograde.grade_one`, as a
local worker grades.
"""

from __future__ import annotations

import hashlib
import json
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

__all__ = ["WorkerOutputs", "autograde_chain", "replay_config", "split_chain", "start_writer", "write_in_writer"]

DIGESTS = "digests.json"  # beside each returned folder: the submitted notebooks the worker graded


def autograde_chain(layout: CourseLayout, config) -> list:
    """nbgrader's autograde preprocessors as the course configures them, as classes."""
    from nbgrader.converters import Autograde
    from traitlets.utils.importstring import import_item

    merged = load_config(layout.root)
    merged.merge(config)
    chain = []
    for step in Autograde.class_traits()["autograde_preprocessors"].get(Autograde(config=merged)):
        chain.append(import_item(step) if isinstance(step, str) else step)
    return chain


class WorkerOutputs(NbGraderPreprocessor):
    """In the parent, in place of nbgrader's sanitizing: the notebook as a Dask worker sanitized,
    executed and limited it, handed over only if the worker graded this very submission (the
    SHA-256 of the submitted notebook it unpacked is this one's)."""

    directory = Unicode("", help="where the workers' autograded folders are unpacked, STUDENT/ASSIGNMENT/").tag(config=True)

    def preprocess(self, nb, resources):
        import nbformat

        info = resources["nbgrader"]
        returned = Path(self.directory) / info["student"]
        name = f"{info['notebook']}.ipynb"
        path = returned / info["assignment"] / name
        if not path.is_file():
            raise RuntimeError(f"no executed {name} came back from the worker")
        graded = json.loads((returned / f"{info['assignment']}.{DIGESTS}").read_text(encoding="utf-8"))
        submitted = Path(resources["metadata"]["path"]) / name
        if graded.get(name) != hashlib.sha256(submitted.read_bytes()).hexdigest():
            raise RuntimeError(f"the worker graded another {name} than this submission's (it changed since?)")
        return nbformat.read(path, as_version=4), resources


def split_chain(layout: CourseLayout, config) -> tuple[list, list]:
    """nbgrader's autograde steps as the course configures them, cut where grades are first saved:
    the worker's (``Execute`` and every step that changes the notebook) and the parent's
    (``SaveAutoGrades`` and what follows it: the steps that write the gradebook)."""
    from nbgrader.preprocessors import Execute, SaveAutoGrades

    chain = autograde_chain(layout, config)
    saving = [i for i, step in enumerate(chain) if issubclass(step, SaveAutoGrades)]
    executing = [i for i, step in enumerate(chain) if issubclass(step, Execute)]
    cut = saving[0] if saving else (executing[-1] + 1 if executing else 0)
    return chain[:cut], chain[cut:]


def replay_config(layout: CourseLayout, config, directory: Path):
    """The run's config for the parent's autograde: no sanitizing but :class:`WorkerOutputs`, and of
    the autograde steps only the parent's half of :func:`split_chain` (the worker ran the rest)."""
    from traitlets.config import Config

    replay = Config()
    replay.merge(config)
    replay.Autograde.sanitize_preprocessors = [WorkerOutputs]
    replay.Autograde.autograde_preprocessors = split_chain(layout, config)[1]
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
    worker's executed notebooks (its grades saved, nothing run again), what the kernel left beside
    them, the course's rescoring."""
    started = time.monotonic()
    folder = returned / student / assignment
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        if outcome.get("autograded") is not None:
            unpack(outcome["autograded"], folder)
            (folder.parent / f"{assignment}.{DIGESTS}").write_text(json.dumps(outcome.get("digests", {})),
                                                                   encoding="utf-8")
        written = autograde.grade_one(api, layout, assignment, student, after_autograde=lambda graded: mirror(folder, graded))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        (folder.parent / f"{assignment}.{DIGESTS}").unlink(missing_ok=True)
    written["written_in"] = time.monotonic() - started
    written["seconds"] += outcome.get("seconds", 0.0)
    if not outcome["success"]:  # the parent's autograde kept nbgrader's books; the reason is the worker's
        written.update(success=False, reasons=[], error=outcome.get("error") or written["error"])
    return written
