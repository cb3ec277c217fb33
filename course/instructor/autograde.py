"""``course grade``: autograde a cohort in parallel, with nbgrader's own pipeline, one failure at a time.

Why not ``nbgrader autograde``: it grades one submission after another in one process, with no
progress, and a broken submission is a line lost in a long log (nbgrader issues #174, #1456).
Here a pool of worker processes stays alive between submissions (each imports nbgrader and opens
the course once), grades through ``NbGraderAPI.autograde`` (so scores are nbgrader's own), shows
a progress bar, and ends with a table of what was flagged or failed and why.

Why the gradebook stays sound with many workers: each worker's writes are short transactions, and
SQLite is opened with a busy timeout so that a writer waits for another instead of failing with
"database is locked". Every learner's submission is graded at most once at a time.

Re-runs grade only what is new or changed: each submission's fingerprint (a hash of its files)
is kept in the layout's state folder (``grading/.course-grade/<assignment>.json`` as the course
ships). An unchanged submission that failed fails
again, so it is skipped too, unless its worker crashed (that may not happen twice); ``--student``
and ``--force`` regrade regardless.

The same run grades on a Dask cluster (``--scheduler``, :mod:`.cluster`): :func:`grade` with a
runner, whose workers are made by :func:`prepare_worker` as the local pool's are, and whose parent
writes each returned submission through :func:`grade_one` as a local worker does.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import tempfile
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import manual_grades, nbgrader_api, rescoring
from .. import speedups
from ..grading import GRADED_ANSWER_VARIABLE
from ..layout import CourseLayout
from ..responses import write_json_atomically
from .submissions import Submission, code_answer_reasons, find_submissions, inspect

__all__ = ["GradeResult", "GradeError", "grade", "autograde_once_more_if_no_kernel", "SQLITE_BUSY_TIMEOUT"]

SQLITE_BUSY_TIMEOUT = 300  # seconds a gradebook writer waits for another before giving up


class GradeError(Exception):
    """The grading run cannot start (no submissions, no such learner); one line says why.

    A wrong assignment name is :class:`course.layout.UnknownAssignment`, as in every command."""


@dataclass
class GradeResult:
    """What happened to one learner's submission."""

    student: str
    status: str  # graded | flagged (graded, but look) | failed (not graded) | unchanged (skipped)
    score: float | None = None
    max_score: float | None = None
    reasons: list[str] = field(default_factory=list)
    seconds: float = 0.0
    fingerprint: str = ""
    graded_answer: str = "latest"  # the grading policy it was graded by (c.CourseLayout.graded_answer)


def _config(layout: CourseLayout, *, cell_timeout: int | None):
    """The run's nbgrader config on top of the course's: a patient SQLite, our kernel settings."""
    from traitlets.config import Config

    config = Config()
    db_url = layout.db_url
    if db_url.startswith("sqlite:///") and "?" not in db_url:
        config.CourseDirectory.db_url = f"{db_url}?timeout={SQLITE_BUSY_TIMEOUT}"
    # the notebook has run to its end when the kernel is shut down: waiting for a graceful exit
    # only leaves a core idle (about a sixth of the run); nothing graded is lost by stopping it
    config.Execute.shutdown_kernel = "immediate"
    # no one sees an autograded notebook's widgets: feedback drops them (course.feedback), and their
    # saved state (about 300 models per notebook here) would only be parsed, copied and written
    config.Execute.store_widget_state = False
    if cell_timeout is not None:
        config.Execute.timeout = cell_timeout
    return config


# -- the worker side: one API per process, kept between submissions -------------------------------

_API = None
_LAYOUT: CourseLayout | None = None


def _start_worker(root: str, config, warm_kernels: bool, jail_folder: str | None = None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    prepare_worker(root, config, warm_kernels, jail_folder)


def prepare_worker(root: str | Path, config, warm_kernels: bool, jail_folder: str | None = None):
    """Make this process a grading worker of the course at ``root``: its environment, its sandbox, its
    warm kernels and one nbgrader API, kept between submissions. The local pool calls it as each
    worker process starts; on Dask, :mod:`.cluster`'s worker plugin, once per Dask worker. Returns
    the API and the layout."""
    global _API, _LAYOUT
    os.environ.pop("COURSE_MODE", None)  # grading reads answers; no practice feedback needed either way
    os.environ.pop("COURSE_RESPONSES", None)
    # the kernels' widgets have no one to talk to but this worker: they send nothing
    os.environ[speedups.NO_FRONTEND] = "1"
    _LAYOUT = CourseLayout.of(Path(root))
    # the course's grading policy, for every kernel this worker starts (they cannot read the course's
    # config from inside the sandbox): grade() scores the same answer as the rescoring here
    os.environ[GRADED_ANSWER_VARIABLE] = _LAYOUT.graded_answer
    jail = None
    if jail_folder is not None:  # every kernel of this worker runs in its sandbox (course.instructor.sandbox)
        from .sandbox import enter

        jail = enter(_LAYOUT.autograded, _LAYOUT.state / "sandbox", jail_folder)
    if warm_kernels or jail is not None:  # kernels through the course's provisioner (course.instructor.warm_kernels)
        from .warm_kernels import use_in_worker

        use_in_worker(warm=warm_kernels)  # after the environment is set: the server sees what its kernels start from
    speedups.validate_schemas_once()
    _API = nbgrader_api.api(Path(root), config)
    return _API, _LAYOUT


def _grade_in_worker(assignment: str, student: str) -> dict:
    return grade_one(_API, _LAYOUT, assignment, student)


def grade_one(api, layout: CourseLayout, assignment: str, student: str, *, after_autograde=None) -> dict:
    """nbgrader's autograde of one submission through ``api``, the course's own scores after it, and
    the learner's earlier autograded folder kept until the new one is good.

    The local pool's workers call it with their own API; the Dask path (:mod:`.cluster`) calls it in
    the parent, with an API whose autograde takes the executed notebooks from the worker that ran
    them, and ``after_autograde(folder)`` to copy what the learner's kernel left beside them."""
    started = time.monotonic()
    folder = layout.graded(student, assignment)
    try:
        kept = _set_aside(folder, layout.state / "previous" / student / assignment)
    except OSError as problem:
        return {"student": student, "success": False, "seconds": time.monotonic() - started,
                "error": f"the earlier autograded folder could not be set aside: {problem}"}
    outcome = autograde_once_more_if_no_kernel(api, assignment, student)
    if outcome.get("success") and after_autograde is not None:
        try:
            after_autograde(folder)
        except OSError as problem:
            outcome = {"success": False, "error": f"the graded folder could not be completed: {problem}"}
    reasons = _rescore(api, layout, assignment, student) if outcome.get("success") else []
    if kept is not None:
        _settle(folder, kept, succeeded=bool(outcome.get("success")))
        try:  # previous/<student>/, this learner's alone (graded by one worker at a time)
            kept.parent.rmdir()
        except OSError:  # another assignment of theirs is set aside there
            pass
    return {"student": student, "success": bool(outcome.get("success")), "reasons": reasons,
            "error": nbgrader_api.first_error(outcome), "seconds": time.monotonic() - started}


def autograde_once_more_if_no_kernel(api, assignment: str, student: str) -> dict:
    """nbgrader's autograde of one submission, as its outcome; run a second time if the first failed
    only because the notebook's kernel did not start (:func:`_kernel_did_not_start`)."""
    outcome = _autograde(api, assignment, student)
    if not outcome.get("success") and _kernel_did_not_start(outcome):
        outcome = _autograde(api, assignment, student)
    return outcome


def _autograde(api, assignment: str, student: str) -> dict:
    try:
        return api.autograde(assignment, student, force=True, create=True)
    except Exception as problem:  # nbgrader raised instead of reporting: still one learner's failure
        return {"success": False, "error": f"{type(problem).__name__}: {problem}"}


# nbclient's words when the notebook's kernel never answered: before any of the learner's code ran
_KERNEL_START_FAILURES = ("Error occurred while starting new kernel client", "Kernel didn't respond in",
                          "Kernel died before replying to kernel_info")


def _kernel_did_not_start(outcome: dict) -> bool:
    """Whether nbgrader failed because the kernel did not start (on a loaded machine it can miss
    nbclient's start-up timeout). No learner's code has run then, so grading again once is safe and
    is what an instructor would do by hand; a second failure is reported as it is."""
    text = f"{outcome.get('log') or ''}\n{outcome.get('error') or ''}"
    return any(words in text for words in _KERNEL_START_FAILURES)


def _rescore(api, layout: CourseLayout, assignment: str, student: str) -> list[str]:
    """The course's own scores, out of the learner's kernel's reach (:mod:`course.instructor.rescoring`),
    written into the gradebook straight after nbgrader's: in the local pool here in the worker (in the
    parent they would follow the whole cohort one learner at a time, on one core, after the pool is
    done); on Dask in the parent, which alone writes the gradebook, as each submission comes back."""
    try:
        gradebook = api.gradebook  # the run's gradebook URL: a patient SQLite, as nbgrader's own writes
    except Exception as problem:  # noqa: BLE001 - nbgrader's scores stand, and the line says so
        return [f"the course could not score this submission again (the gradebook: {type(problem).__name__}); "
                "nbgrader's scores stand: review it by hand"]
    try:
        return rescoring.checked(layout, assignment, student, gradebook)
    finally:
        gradebook.close()


def _set_aside(folder: Path, aside: Path) -> Path | None:
    """Move the learner's earlier autograded folder out of nbgrader's way, so that a failed run
    can put it back: with ``force`` nbgrader removes it before grading, and removes whatever it
    wrote when grading fails, which used to leave the learner with nothing. A copy set aside by a
    run that died midway is put back first, if nothing has replaced it."""
    if aside.is_dir():
        if not folder.exists():
            folder.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(aside), str(folder))
        else:
            shutil.rmtree(aside)
    if not folder.is_dir():
        return None
    aside.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(folder), str(aside))
    return aside


def _settle(folder: Path, aside: Path, *, succeeded: bool) -> None:
    """After grading: drop the earlier folder when the new one is good, else put it back."""
    if succeeded:
        shutil.rmtree(aside, ignore_errors=True)
        return
    if folder.exists():  # whatever a failed run left behind is not a result
        shutil.rmtree(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(aside), str(folder))


# -- the parent side --------------------------------------------------------------------------------

def _load_state(layout: CourseLayout, assignment: str) -> dict:
    try:
        state = json.loads(layout.state_file(assignment).read_text(encoding="utf-8"))
        return state if isinstance(state, dict) else {}
    except (OSError, ValueError):
        return {}


def _save_state(layout: CourseLayout, assignment: str, state: dict) -> None:
    path = layout.state_file(assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_json_atomically(path, state)


def _after_grading(layout: CourseLayout, assignment: str, results: dict[str, GradeResult]) -> None:
    """Fill in scores from the gradebook, and flag what the graded notebooks show went wrong."""
    from nbgrader.api import MissingEntry

    with nbgrader_api.gradebook(layout) as gradebook:
        for student, result in results.items():
            if result.status == "failed":
                continue
            try:
                submission = gradebook.find_submission(assignment, student)
            except MissingEntry:
                result.status, result.reasons = "failed", result.reasons + ["no grades were recorded"]
                continue
            result.score, result.max_score = float(submission.score), float(submission.max_score)
            folder = layout.graded(student, assignment)
            for path in sorted(folder.glob("*.ipynb")):
                if "CellTimeoutError" in path.read_text(encoding="utf-8", errors="replace"):
                    result.reasons.append(f"{path.name}: a cell ran past the time limit and was stopped")
            if any(folder.glob("responses.corrupt-*.json")):
                result.reasons.append("responses.json was unreadable when graded; it was set aside")
            # the run itself may find a code answer that differs (in an answers file from before
            # code answers were recorded), so the graded copy is checked too
            result.reasons.extend(r for r in code_answer_reasons(folder / "responses.json") if r not in result.reasons)
            if result.reasons and result.status == "graded":
                result.status = "flagged"
    manual_grades.flag_resubmissions(layout, assignment, results)  # manual scores of an earlier submission


def _check_gradebook(layout: CourseLayout, assignment: str) -> None:
    """Refuse at once when the gradebook does not know the assignment (a new gradebook, another
    COURSE_DB_URL): nbgrader would fail every learner, one at a time, with a traceback each."""
    from nbgrader.api import MissingEntry

    with nbgrader_api.gradebook(layout) as gradebook:
        try:
            gradebook.find_assignment(assignment)
        except MissingEntry:
            raise GradeError(f"{assignment} is not in the gradebook: run `course build {assignment}` "
                             "first (it records the assignment there)") from None


def grade(*, root: Path, assignment: str, workers: int | None = None, student: str | None = None,
          force: bool = False, progress: bool = True, cell_timeout: int | None = None,
          warm_kernels: bool = True, sandbox: str = "auto", runner=None) -> list[GradeResult]:
    """Autograde every new or changed submission of ``assignment`` (or one ``student``'s) in parallel.

    ``warm_kernels=False`` (or ``COURSE_SPEEDUPS_OFF=warm-kernels``) starts every kernel the ordinary way.
    ``sandbox``: auto (sandboxed where bwrap works), require (or :class:`GradeError`) or off.
    ``runner``: grades the submissions elsewhere than in a local pool, called as
    ``runner(layout, assignment, todo, tally, config, warm_kernels=, sandbox=)`` (the Dask path,
    :func:`.cluster.grade`); the sandbox is then the runner's to decide, where the kernels run."""
    from .build import build
    from .sandbox import SandboxUnavailable, resolve

    sandboxed = False
    if runner is None:  # elsewhere the sandbox is decided where the kernels run
        try:
            sandboxed, _why = resolve(sandbox)
        except SandboxUnavailable as problem:
            raise GradeError(str(problem)) from None

    warm_kernels = warm_kernels and speedups.enabled("warm-kernels")

    layout = CourseLayout.of(root)
    layout.check_assignment(assignment)
    config = _config(layout, cell_timeout=cell_timeout)
    try:
        found = find_submissions(root, assignment, layout.submitted, student)
    except ValueError as problem:
        raise GradeError(str(problem)) from None
    if not found:
        raise GradeError(f"no submissions of {assignment} in {layout.name(layout.submitted, folder=True)}")
    release = layout.released(assignment)
    if not release.is_dir():
        build(root=root, assignment=assignment)  # the gradebook and the release both come from a build
    _check_gradebook(layout, assignment)

    state = _load_state(layout, assignment)
    results: dict[str, GradeResult] = {}
    todo: list[Submission] = []
    for sub in found:
        previous = state.get(sub.student, {})
        crashed = any("crashed" in reason for reason in previous.get("reasons", []))  # may not happen twice
        again = force or student is not None or crashed
        same_policy = previous.get("graded_answer", "latest") == layout.graded_answer  # a new policy: grade again
        if not again and same_policy and previous.get("fingerprint") == sub.fingerprint:
            kept = {k: v for k, v in previous.items() if k in GradeResult.__dataclass_fields__}
            results[sub.student] = GradeResult(**{**kept, "status": "unchanged"})
            continue
        results[sub.student] = GradeResult(sub.student, "graded", reasons=inspect(sub, release),
                                           fingerprint=sub.fingerprint, graded_answer=layout.graded_answer)
        todo.append(sub)

    if runner is not None:
        if todo:
            tally = Tally(results, len(todo), progress)
            try:
                runner(layout, assignment, todo, tally, config, warm_kernels=warm_kernels, sandbox=sandbox)
            finally:
                tally.close()
    else:
        jail_folder = tempfile.mkdtemp(prefix="course-sandbox-") if sandboxed else None  # short: socket paths
        try:
            _run_pool(root, assignment, todo, results, config, workers or os.cpu_count() or 1, progress,
                      (warm_kernels, jail_folder))
        finally:
            if jail_folder is not None:
                shutil.rmtree(jail_folder, ignore_errors=True)
                shutil.rmtree(layout.state / "sandbox", ignore_errors=True)
    _after_grading(layout, assignment, {s.student: results[s.student] for s in todo})
    manual_grades.scores_from_gradebook(layout, assignment, results.values())  # unchanged rows too
    for sub in todo:
        state[sub.student] = asdict(results[sub.student])
    _save_state(layout, assignment, state)
    return [results[s.student] for s in found]


class Tally:
    """The run's progress bar, and each outcome written into its learner's result (both grading paths)."""

    def __init__(self, results: dict[str, GradeResult], total: int, progress: bool):
        from tqdm import tqdm

        self.results = results
        self.failed = 0
        self.bar = tqdm(total=total, unit="submission", disable=not progress or not total, dynamic_ncols=True)

    def record(self, student: str, outcome: dict | None, crash: str = "the grading process crashed on this submission") -> None:
        """``outcome`` is what :func:`grade_one` returned, or None when the process grading it died
        (``crash`` says so: a reason with "crashed" in it is graded again on the next run)."""
        result = self.results[student]
        if outcome is None:
            result.status = "failed"
            result.reasons.append(crash)
        else:
            result.seconds = round(outcome["seconds"], 2)
            result.reasons.extend(outcome.get("reasons", []))  # the course's own scoring (_rescore)
            if not outcome["success"]:
                result.status = "failed"
                result.reasons.append(outcome["error"] or "nbgrader could not grade it")
        self.failed += result.status == "failed"
        self.bar.update(1)
        self.bar.set_postfix(failed=self.failed, remaining=self.bar.total - self.bar.n)

    def close(self) -> None:
        self.bar.close()


def _run_pool(root: Path, assignment: str, todo: list[Submission], results: dict[str, GradeResult],
              config, workers: int, progress: bool, kernels: tuple[bool, str | None]) -> None:
    """Grade the submissions on warm workers; a submission that crashes a worker fails alone."""
    tally = Tally(results, len(todo), progress)
    # when a worker dies, every submission still in the pool is caught up in it: those are
    # regraded one at a time, so that only the one that really crashes is failed
    suspects = _run_batch(root, assignment, todo, config, workers, tally.record, kernels)
    for sub in suspects:
        if _run_batch(root, assignment, [sub], config, 1, tally.record, kernels):
            tally.record(sub.student, None)
    tally.close()


def _run_batch(root: Path, assignment: str, batch: list[Submission], config, workers: int, record,
               kernels: tuple[bool, str | None]) -> list[Submission]:
    """Grade a batch in one pool; return the submissions lost to a crashed worker (not recorded)."""
    lost = []
    if not batch:
        return lost
    with ProcessPoolExecutor(max_workers=min(workers, len(batch)), initializer=_start_worker,
                             initargs=(str(root), config, *kernels)) as pool:
        futures = {pool.submit(_grade_in_worker, assignment, s.student): s for s in batch}
        outstanding = set(futures)
        while outstanding:
            done, outstanding = wait(outstanding, return_when=FIRST_COMPLETED)
            for future in done:
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    lost.append(futures[future])
                    continue
                record(futures[future].student, outcome)
    return lost
