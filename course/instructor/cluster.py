"""``course grade ASSIGNMENT --scheduler tcp://HOST:PORT``: a cohort graded on a Dask distributed cluster.

Why Dask: a cohort of thousands outgrows one machine, and the field already runs Dask clusters
(``dask scheduler`` and ``dask worker`` by hand, or a cluster from dask-kubernetes, dask-jobqueue or
dask-gateway); the course brings no scheduler of its own, only what a worker does with a submission.

- **Each Dask worker** needs the course package installed, not the course folder, and no shared
  filesystem. When a run starts, :class:`.cluster_worker.GradingPlugin` (a distributed ``WorkerPlugin``) brings it,
  as bytes, what grading needs of the course: ``nbgrader_config.py``, the files nbgrader copies from
  the assignment's source folder (never a notebook of it: no solution leaves the instructor's
  machine) and a throwaway gradebook holding the assignment alone (no learner, no grade). Its
  ``setup`` then does, once per worker process, what a local pool's worker does as it starts
  (:func:`.autograde.prepare_worker`): the sandbox (decided on the worker, whose bwrap it is), the
  warm kernels, one nbgrader API. Each submission travels as the bytes of the learner's folder, is
  autograded by nbgrader there, against the throwaway gradebook, and comes back as the bytes of
  the autograded folder.
- **The parent** (``course grade`` on the instructor's machine) alone writes the real gradebook,
  in a few processes of its own (``WRITERS``, so that the writes keep pace with many workers).
  nbgrader's autograde steps are cut in two where grades are first saved
  (:func:`.cluster_writes.split_chain`): the worker sanitizes, executes and limits the notebook and
  saves no grade; as each submission comes back, one of the parent's writers runs nbgrader's own
  autograde on the real submission and gradebook with only the other half, ``SaveAutoGrades``
  and ``AssignLatePenalties``, and :class:`.cluster_writes.WorkerOutputs` in place of sanitizing,
  handing over the notebook as the worker left it (only if the SHA-256 of the submitted notebook
  the worker graded is this submission's). So nbgrader itself keeps its books (student,
  submission and timestamp, missing notebooks, late penalties, its handling of a failure) and
  scores each cell from the outputs the worker's kernel gave, as sequential ``nbgrader
  autograde`` would, and nothing is run twice; then come the course's rescoring and flags and the
  setting-aside of the earlier autograded folder, by the same :func:`.autograde.grade_one` as the
  local pool's.
- **A worker that dies** mid-submission loses that attempt only: the scheduler hands the task to
  another worker. Each attempt first writes its worker into the scheduler's metadata, so a third
  attempt (two workers lost to it) refuses to grade and the learner fails with one line naming
  them; a scheduler that gives up sooner (``allowed-failures`` below 1) raises ``KilledWorker``,
  and the parent sends the submission once more itself.

One grading run at a time per cluster: a worker holds one course's plugin (a new run replaces it).
Each worker grades one submission at a time, so start workers with ``--nthreads 1`` and as many
``--nworkers`` as cores.
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
import time
import uuid
from collections import deque
from pathlib import Path


from . import autograde, nbgrader_api
from ..layout import CONFIG, CourseLayout, load_config
from .autograde import GradeError, GradeResult
from .cluster_worker import (GRADEBOOK, METADATA, PLUGIN_NAME, RETRIES, GradingPlugin, grade_remote, pack,
                             sandbox_said)
from .cluster_writes import replay_config, split_chain, start_writer, write_in_writer
from .sandbox import SandboxUnavailable

__all__ = ["grade", "WRITERS"]

CONNECT_TIMEOUT = 10  # seconds to reach the scheduler before saying it is not there
WORKERS_TIMEOUT = 60  # seconds to wait for a first worker to join, or for one to come back when all are gone
WATCH_EVERY = 5  # seconds between looks at the cluster while no submission comes back
POLL = 0.2  # seconds between looks at the workers' and the writers' results
# the parent's processes writing returned submissions into the gradebook: nbgrader's autograde
# (its grade-saving steps only) and the course's rescoring, a second or two each on one core
WRITERS = min(os.cpu_count() or 1, 4)


def grade(*, scheduler: str, **options) -> list[GradeResult]:
    """:func:`.autograde.grade` (the same options, re-runs and summary), with each submission graded
    on a worker of the Dask cluster at ``scheduler`` instead of in a local pool."""
    options.pop("workers", None)  # the cluster's workers are the workers
    return autograde.grade(**options, runner=functools.partial(_run, scheduler))


def _course_pack(layout: CourseLayout, assignment: str, scratch: Path) -> bytes:
    """What a worker needs of the course: its config, the source files nbgrader copies into every
    autograded folder, and a gradebook holding this assignment alone."""
    from nbgrader import utils

    config = load_config(layout.root)
    course = scratch / "course"
    course.mkdir()
    shutil.copy(layout.root / CONFIG, course / CONFIG)
    source = layout.source / assignment
    excluded = set(config.Autograde.get("exclude_overwriting", {}).get(assignment, []))
    ignore = list(config.CourseDirectory.get("ignore", [])) + ["*.ipynb"]
    for name in utils.find_all_files(str(source), ignore):
        relative = os.path.relpath(name, source)
        if relative in excluded:
            continue
        target = course / _inside(layout, layout.source) / assignment / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(name, target)
    (course / _inside(layout, layout.source) / assignment).mkdir(parents=True, exist_ok=True)
    _assignment_gradebook(layout, assignment, course / GRADEBOOK)
    return pack(course)


def _inside(layout: CourseLayout, folder: Path) -> Path:
    try:
        return folder.resolve().relative_to(layout.root.resolve())
    except ValueError:
        raise GradeError(f"grading on Dask needs every folder inside the course: {folder} is not") from None


def _assignment_gradebook(layout: CourseLayout, assignment: str, path: Path) -> None:
    """A new SQLite gradebook with the assignment's notebooks and cells as the real one records them
    (what autograde reads: nbgrader's checksums and sources of locked cells, points, kernelspecs),
    written in one transaction (nbgrader's ``add_*`` commit each row: seconds of disk syncs)."""
    from nbgrader.api import Assignment, Gradebook, GradeCell, Notebook, SolutionCell, SourceCell, TaskCell

    with nbgrader_api.gradebook(layout) as real, Gradebook(f"sqlite:///{path}", layout.course_id) as copy:
        found = real.find_assignment(assignment)
        made = Assignment(name=assignment, duedate=found.duedate, course_id=copy.course_id)
        for nb in found.notebooks:
            notebook = Notebook(name=nb.name, assignment=made, kernelspec=nb.kernelspec)
            for c in nb.grade_cells:
                GradeCell(name=c.name, notebook=notebook, max_score=c.max_score, cell_type=c.cell_type)
            for c in nb.solution_cells:
                SolutionCell(name=c.name, notebook=notebook)
            for c in nb.task_cells:
                TaskCell(name=c.name, notebook=notebook, max_score=c.max_score, cell_type=c.cell_type)
            for c in nb.source_cells:
                SourceCell(name=c.name, notebook=notebook, cell_type=c.cell_type, locked=c.locked, source=c.source,
                           checksum=c.checksum)
        copy.db.add(made)
        copy.db.commit()


# -- the parent side ----------------------------------------------------------------------------------

def _worker_config(layout: CourseLayout, config):
    """The run's config for the workers: the course's id (a worker's environment may say otherwise),
    and the worker's half of the autograde steps (:func:`.cluster_writes.split_chain`): no grades
    written to the throwaway gradebook (the parent writes the real ones)."""
    from traitlets.config import Config

    worker = Config()
    worker.merge(config)
    worker.CourseDirectory.course_id = layout.course_id
    worker.Autograde.autograde_preprocessors = split_chain(layout, config)[0]
    return worker


def _connect(address: str):
    from distributed import Client

    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except Exception as problem:  # noqa: BLE001 - refused, timed out, TLS, a wrong address: one line
        reason = " ".join(str(problem).split()) or type(problem).__name__
        raise GradeError(f"cannot reach the Dask scheduler at {address}: {reason[:200]}") from None
    try:
        client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
    except Exception:  # noqa: BLE001 - a timeout, or the scheduler went away
        client.close()
        raise GradeError(f"the Dask scheduler at {address} has no workers (none joined within "
                         f"{WORKERS_TIMEOUT} s): start some with `dask worker {address}`") from None
    return client


def _run(address: str, layout: CourseLayout, assignment: str, todo, tally, config, *, warm_kernels: bool,
         sandbox: str) -> None:
    """Grade ``todo`` on the cluster, recording each outcome in ``tally`` as it comes back."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    run = uuid.uuid4().hex[:12]
    scratch = Path(tempfile.mkdtemp(prefix="course-grade-dask-"))
    # forked now, before the Dask client starts its thread (a fork copies no thread)
    writers = ProcessPoolExecutor(max_workers=WRITERS, mp_context=multiprocessing.get_context("fork"),
                                  initializer=start_writer,
                                  initargs=(str(layout.root), replay_config(layout, config, scratch / "returned")))
    writers.submit(int)  # a fork-started pool starts all its processes on the first submission
    client = None
    try:
        client = _connect(address)
        plugin = GradingPlugin(run, _course_pack(layout, assignment, scratch), _worker_config(layout, config),
                               warm_kernels, sandbox)
        try:
            client.register_plugin(plugin)
        except SandboxUnavailable as problem:
            raise GradeError(f"a Dask worker cannot grade sandboxed: {problem}") from None
        except Exception as problem:  # noqa: BLE001 - a worker without the course package, say
            raise GradeError(f"the Dask workers could not set up grading: {type(problem).__name__}: "
                             f"{' '.join(str(problem).split())[:200]}") from None
        for worker, why in sorted(client.run(sandbox_said).items()):
            if why:
                print(f"worker {worker} grades without a sandbox (learners' code can read its files): {why}")
        with client.as_current():  # distributed.wait's client
            writing = _grade_all(client, writers, assignment, todo, tally, run, scratch / "returned")
        if writing:  # what bounds the cluster's size: past this many submissions a second, workers wait
            print(f"gradebook writes on this machine: {sum(writing) / len(writing):.2f} s a submission, "
                  f"{WRITERS} at a time")
    finally:
        writers.shutdown(wait=True, cancel_futures=True)
        if client is not None:
            try:
                client.unregister_worker_plugin(PLUGIN_NAME)
                client.set_metadata([METADATA, run], None)
            except Exception:  # noqa: BLE001 - a scheduler gone already keeps nothing of ours
                pass
            client.close()
        shutil.rmtree(scratch, ignore_errors=True)


def _grade_all(client, writers, assignment: str, todo, tally, run: str, returned: Path) -> list[float]:
    """Keep every worker thread busy with a few submissions in hand (the scheduler holds only those
    bytes at a time), and have each one written into the gradebook as it comes back; return how
    long each write took."""
    from concurrent.futures import FIRST_COMPLETED
    from concurrent.futures import wait as wait_for_writers
    from concurrent.futures.process import BrokenProcessPool

    from distributed import wait
    from distributed.scheduler import KilledWorker

    pending = deque(todo)
    owner, sent, writing, took = {}, {}, {}, []
    window = max(2 * sum(client.nthreads().values()), 2)
    alone_since, looked = None, time.monotonic()  # when the cluster was last seen with no worker; last looked

    def send(sub) -> None:
        sent[sub.student] = sent.get(sub.student, 0) + 1
        future = client.submit(grade_remote, assignment, sub.student, pack(sub.folder), run, pure=False,
                               key=f"course-grade-{run}-{sent[sub.student]}-{sub.student}")
        owner[future] = sub

    for _ in range(min(window, len(pending))):
        send(pending.popleft())
    while owner or writing:
        finished = set()
        if owner:
            try:
                finished = wait(list(owner), timeout=POLL, return_when="FIRST_COMPLETED").done
            except TimeoutError:
                pass
        else:
            wait_for_writers(list(writing), timeout=POLL, return_when=FIRST_COMPLETED)
        for future in finished:
            sub = owner.pop(future)
            try:
                outcome = future.result()
            except KilledWorker:  # the scheduler gave up on it before we did
                started = client.get_metadata([METADATA, run, sub.student], []) or []
                if len(started) <= RETRIES and sent[sub.student] <= RETRIES:
                    send(sub)
                    continue
                tally.record(sub.student, None, crash=_died(started))
            except Exception as problem:  # noqa: BLE001 - the task itself failed: this learner alone
                if client.status != "running":
                    raise GradeError(f"the Dask scheduler went away during the run ({type(problem).__name__}); "
                                     "what was graded is in the gradebook: run the command again") from None
                tally.record(sub.student, {"success": False, "seconds": 0.0,
                                           "error": f"the Dask task failed: {type(problem).__name__}: {problem}"})
            else:
                if "died" in outcome:
                    tally.record(sub.student, None, crash=_died(outcome["died"]))
                else:
                    writing[writers.submit(write_in_writer, assignment, sub.student, outcome, str(returned))] = sub
            future.release()
            if pending:
                send(pending.popleft())
        for future in [f for f in writing if f.done()]:
            sub = writing.pop(future)
            try:
                written = future.result()
            except BrokenProcessPool:
                raise GradeError("the process writing grades into the gradebook crashed; what was graded is "
                                 "in the gradebook: run the command again") from None
            took.append(written.pop("written_in"))
            tally.record(sub.student, written)
        if finished:
            alone_since = None
        elif owner and time.monotonic() - looked > WATCH_EVERY:  # a cluster with no worker left waits for ever
            looked = time.monotonic()
            alone_since = None if client.nthreads() else alone_since or looked
            if alone_since is not None and looked - alone_since > WORKERS_TIMEOUT:
                for future, sub in [*owner.items(), *((None, s) for s in pending)]:
                    tally.record(sub.student, None, crash="no Dask worker was left to grade it (they crashed or "
                                                         f"left, {WORKERS_TIMEOUT} s ago): not graded")
                    if future is not None:
                        future.cancel()
                owner.clear()
                pending.clear()
    return took


def _died(workers: list[str]) -> str:
    """The one line of a learner whose grading crashed its workers ("crashed": the next run tries again)."""
    if not workers:
        return "the Dask workers given this submission crashed before grading it: not graded"
    return (f"{'each grading worker' if len(workers) > 1 else 'its grading worker'} crashed on this submission "
            f"({', '.join(workers)}): not graded")
