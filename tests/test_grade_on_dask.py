"""``course grade --scheduler``: a hostile cohort graded on a real Dask cluster, one worker killed midway.

``scripts/dask-cluster`` starts a ``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1,
each working in a folder of its own outside the course, so that nothing of the course reaches a
worker but the bytes ``course grade`` sends; the fixture stops them after, even on failure. A
small cohort of 00-orientation (the quickest notebook: honest, broken and cheating learners, made
with the helpers of tests/cohort.py, benchmarks/grade_cohort.py and tests/cheats.py) is submitted
to two identical copies of the built course: plain sequential ``nbgrader autograde`` grades one,
``course grade --scheduler`` the other, while a watcher kills worker 1 (SIGKILL) half a second into
its second submission. That submission must be graded again on worker 2, and every grade of every
honest or broken learner must be nbgrader's own; a cheat scores no more than the blank submission
and is flagged, as in the local pool (tests/test_hostile_cohort.py).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest
from cheats import READ_SOLUTIONS, REBIND_NAMES
from cohort import HANDED_IN, NOTEBOOK, ORIENTATION, copy_course, submit
from worked_answers import PARTIAL_ANSWERS, responses_json

from course.commands import CommandError
from course.commands import grade as grade_command
from course.instructor.cluster import _died, grade
from course.instructor.cluster_worker import METADATA, grade_remote
from course.layout import CourseLayout

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
from grade_cohort import _env, break_submission  # noqa: E402 - the benchmark's broken submissions, its environment

BIN = Path(sys.executable).parent
SCRIPT = REPO / "scripts" / "dask-cluster"
UNAVAILABLE = 3
ASSIGNMENT = ORIENTATION
BROKEN = ("endless-loop", "missing-notebook", "not-json-notebook", "edited-test-cell", "huge-responses",
          "raises-on-import")
CHEATS = {"rebind-names": REBIND_NAMES, "read-solutions": READ_SOLUTIONS}
FIRST_ANSWER = "orient-first-move-answer"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """(the scheduler's address, the folder holding cluster.json and the workers' folders)."""
    handle = tmp_path_factory.mktemp("dask-cluster")
    try:
        started = subprocess.run([sys.executable, str(SCRIPT), "start", str(handle), "2"], capture_output=True,
                                 text=True, timeout=300, env=_env(), cwd=handle)
        if started.returncode == UNAVAILABLE and os.environ.get("CI", "").lower() != "true":
            pytest.skip(f"no Dask here: {started.stderr.strip()}")
        assert started.returncode == 0, started.stderr
        yield started.stdout.strip(), handle
    finally:
        subprocess.run([sys.executable, str(SCRIPT), "stop", str(handle)], capture_output=True, timeout=120)


def _submit(root: Path) -> None:
    layout = CourseLayout.of(root)
    notebook = f"{NOTEBOOK[ASSIGNMENT]}.ipynb"
    for student in ("perfect", "partial", "blank"):
        submit(root, ASSIGNMENT, student, HANDED_IN[ASSIGNMENT][student])
    for kind in BROKEN:
        folder = layout.submitted / kind / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / notebook).write_bytes((layout.release / ASSIGNMENT / notebook).read_bytes())
        (folder / "responses.json").write_text(responses_json(PARTIAL_ANSWERS))
        break_submission(folder / notebook, folder, kind)
    for cheat, code in CHEATS.items():
        folder = submit(root, ASSIGNMENT, cheat, HANDED_IN[ASSIGNMENT]["blank"])
        nb = nbformat.read(folder / notebook, as_version=4)
        next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == FIRST_ANSWER).source = code
        nbformat.write(nb, folder / notebook)


class _Killer(threading.Thread):
    """Kills worker 1 with SIGKILL half a second after it starts its second submission, then notes
    which learner's submission was started again elsewhere (read from the run's scheduler metadata)."""

    def __init__(self, address: str, handle: Path):
        super().__init__(daemon=True)
        self.address, self.handle = address, handle
        self.done = threading.Event()
        self.killed_at: str | None = None
        self.retried: dict[str, list[str]] = {}

    def run(self) -> None:
        from distributed import Client

        pid = json.loads((self.handle / "cluster.json").read_text())["workers"]["worker-1"]
        with Client(self.address, timeout=30, set_as_default=False) as client:
            victim = next(a for a, w in client.scheduler_info(n_workers=-1)["workers"].items()
                          if w["name"] == "worker-1")
            while not self.done.is_set():
                starts = {s: w for run in (client.get_metadata([METADATA], {}) or {}).values() if run
                          for s, w in run.items()}
                if self.killed_at is None and sum(victim in w for w in starts.values()) >= 2:
                    time.sleep(0.5)
                    os.kill(pid, signal.SIGKILL)
                    self.killed_at = victim
                self.retried.update({s: w for s, w in starts.items() if len(w) > 1})
                time.sleep(0.1)


def _grades(root: Path) -> dict:
    from nbgrader.api import Gradebook

    with Gradebook(CourseLayout.of(root).db_url) as gradebook:
        return {(s.student_id, g.name): g.score
                for s in gradebook.assignment_submissions(ASSIGNMENT) for nb in s.notebooks for g in nb.grades}


@pytest.fixture(scope="module")
def graded(built_course, cluster, tmp_path_factory):
    """(plain nbgrader's grades, ours, course grade's results by learner, the killer, our course's root)."""
    address, handle = cluster
    plain = copy_course(built_course, tmp_path_factory.mktemp("plain") / "course", instructor_answers=False)
    _submit(plain)
    ours = tmp_path_factory.mktemp("ours") / "course"
    copy_course(plain, ours)
    subprocess.run([BIN / "nbgrader", "autograde", ASSIGNMENT, "--Execute.timeout=5"], cwd=plain, env=_env(),
                   capture_output=True, timeout=900)
    killer = _Killer(address, handle)
    killer.start()
    cwd = Path.cwd()
    os.chdir(ours)
    try:
        results = {r.student: r for r in grade(scheduler=address, root=ours, assignment=ASSIGNMENT,
                                               progress=False, cell_timeout=5)}
    finally:
        os.chdir(cwd)
        killer.done.set()
        killer.join(timeout=30)
    return _grades(plain), _grades(ours), results, killer, ours


def test_a_worker_killed_mid_submission_loses_only_that_attempt(graded):
    *_, results, killer, _ = graded
    assert killer.killed_at is not None, "worker 1 never started a second submission"
    assert len(killer.retried) == 1, killer.retried
    (student, workers), = killer.retried.items()
    assert workers[0] == killer.killed_at and workers[1] != killer.killed_at
    assert results[student].status in ("graded", "flagged"), results[student]
    assert not any("crashed" in r for r in results[student].reasons)


def test_every_honest_or_broken_grade_is_plain_nbgraders(graded):
    plain, ours, results, *_ = graded
    honest = {k: v for k, v in plain.items() if k[0] not in CHEATS}
    assert honest, "plain nbgrader graded nothing"
    assert {k: v for k, v in ours.items() if k[0] not in CHEATS} == honest
    assert results["perfect"].score == 39 and results["blank"].score == 0


def test_broken_submissions_fail_or_are_flagged_alone_with_one_line(graded):
    *_, results, _, _ = graded
    assert results["not-json-notebook"].status == "failed"
    assert all("\n" not in reason for r in results.values() for reason in r.reasons)
    assert any("time limit" in reason for reason in results["endless-loop"].reasons)
    assert all(results[s].status in ("graded", "flagged") for s in ("perfect", "partial", "blank", *CHEATS))


@pytest.mark.parametrize("cheat", list(CHEATS))
def test_a_cheat_gains_nothing_and_is_flagged(graded, cheat):
    plain, ours, results, *_ = graded
    total = lambda grades, student: sum(v or 0 for (s, _), v in grades.items() if s == student)  # noqa: E731
    assert total(plain, cheat) > total(plain, "blank"), "the cheat earns marks under plain nbgrader"
    assert total(ours, cheat) <= total(ours, "blank")
    assert results[cheat].status == "flagged"
    assert any("touches the grading machinery" in r for r in results[cheat].reasons), results[cheat].reasons


def test_a_third_attempt_grades_nothing_and_names_the_workers_that_died(graded, cluster):
    """Two workers died on this submission already (as the scheduler's metadata says): the attempt
    on the worker left refuses, and the learner's one line names both and says "crashed" (so the
    next run tries it again)."""
    from distributed import Client

    address, _ = cluster
    dead = ["tcp://10.0.0.7:40001", "tcp://10.0.0.8:40002"]
    with Client(address, timeout=30, set_as_default=False) as client:
        client.set_metadata([METADATA, "a-test-run", "partial"], dead)
        try:
            outcome = client.submit(grade_remote, ASSIGNMENT, "partial", b"", "a-test-run", pure=False).result()
        finally:
            client.set_metadata([METADATA, "a-test-run"], None)
    assert list(outcome["died"]) == dead and not outcome["success"]
    line = _died(outcome["died"])
    assert "\n" not in line and "crashed" in line and all(worker in line for worker in dead)


def test_nothing_of_the_course_stays_on_a_worker_after_the_run(graded, cluster):
    """The worker that lived: the run's end removed the course's bytes (the killed one could not)."""
    _, handle = cluster
    kept = list((handle / "worker-2").rglob("*"))
    left = [p for p in kept if p.suffix in (".ipynb", ".db") or p.name in ("responses.json", "nbgrader_config.py")]
    assert kept and not left, left


def test_a_missing_scheduler_is_one_line_and_loses_nothing(graded):
    *_, ours = graded
    before = _grades(ours), sorted(p.relative_to(ours) for p in (ours / "grading").rglob("*"))
    with pytest.raises(CommandError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9") as raised:
        grade_command.main(assignment=ASSIGNMENT, scheduler="tcp://127.0.0.1:9", force=True, quiet=True,
                           root=ours)
    assert "\n" not in str(raised.value)
    assert (_grades(ours), sorted(p.relative_to(ours) for p in (ours / "grading").rglob("*"))) == before


def test_a_returned_notebook_of_another_copy_is_refused_and_the_earlier_grade_stands(graded, tmp_path):
    """The parent saves a worker's grades only for the very submission it sent: here the worker's
    bytes come back with the digest of another copy of the notebook (the learner's submission
    changed since, say). The write fails with one line, and the grades and folder of the earlier
    run stand."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from course.instructor import autograde
    from course.instructor.cluster_worker import digests, pack
    from course.instructor.cluster_writes import replay_config, start_writer, write_in_writer

    *_, ours = graded
    layout = CourseLayout.of(ours)
    before = _grades(ours)
    folder = layout.graded("perfect", ASSIGNMENT)
    kept = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    genuine = digests(layout.submission("perfect", ASSIGNMENT))
    assert genuine, "the perfect learner's submission has no notebook"
    outcome = {"success": True, "seconds": 1.0, "autograded": pack(folder), "error": None,
               "digests": {name: "0" * 64 for name in genuine}}
    config = replay_config(layout, autograde._config(layout, cell_timeout=5), tmp_path / "returned")
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"), initializer=start_writer,
                             initargs=(str(ours), config)) as writer:
        written = writer.submit(write_in_writer, ASSIGNMENT, "perfect", outcome, str(tmp_path / "returned")).result()
    assert not written["success"]
    assert "graded another" in written["error"] and "\n" not in written["error"], written["error"]
    assert _grades(ours) == before
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == kept
