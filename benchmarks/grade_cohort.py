"""Time ``course grade`` against plain sequential ``nbgrader autograde`` on the same cohort.

Why this benchmark: an instructor grades a whole class at once, and nbgrader's one-by-one
autograde is slow on the notebooks of this course (each starts a kernel that imports pandas and
matplotlib). The target is ``course grade`` at least 3 times faster on 2 cores, with scores
identical to nbgrader's own. A mixed cohort keeps it honest: perfect, partial, blank, and broken
submissions (a missing or renamed notebook, edited or deleted test cells, a corrupt, mistyped or
50 MB responses.json, a notebook that raises, one with an endless loop, one that is not JSON).

It builds identical copies of the course in a temporary folder, grades one with each tool,
compares every grade with nbgrader's, and prints the times and their ratio. With ``--scheduler``
a third copy is graded on a Dask cluster (``course grade --scheduler``), and the Dask path's cost
per submission is printed against the local pool's (target: within 10%, with 2 workers of one
thread against the local pool's 2 workers). It prints figures only; it asserts nothing about time.

    python benchmarks/grade_cohort.py [--learners 60] [--assignment 01-bulk-spam] [--timeout 30]
                                      [--scheduler tcp://HOST:PORT | --scheduler local [--dask-workers 2]]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
BROKEN = ("missing-notebook", "renamed-notebook", "edited-test-cell", "deleted-test-cell", "not-json-responses",
          "mistyped-responses", "huge-responses", "raises-on-import", "endless-loop", "not-json-notebook")


def _env() -> dict:
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("COURSE_MODE", None)
    env.pop("COURSE_RESPONSES", None)
    return env


def _perfect_answers(root: Path, assignment: str, notebook: str) -> dict:
    """Run the solutions notebook once in a scratch folder and keep the answers it saves."""
    from nbclient import NotebookClient

    scratch = Path(tempfile.mkdtemp(prefix="answers-"))
    shutil.copy(root / "solutions" / assignment / notebook, scratch)
    nb = nbformat.read(scratch / notebook, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(scratch)}}).execute()
    return json.loads((scratch / "responses.json").read_text())


def _cohort(root: Path, assignment: str, learners: int) -> dict[str, str]:
    """Write the submissions; return student id -> kind."""
    rng = random.Random(20261124)
    release = root / "notebooks" / assignment
    notebook = sorted(p.name for p in release.glob("*.ipynb"))[0]
    perfect = _perfect_answers(root, assignment, notebook)
    kinds = list(BROKEN)
    rest = learners - len(kinds)
    kinds += ["perfect"] * (rest * 2 // 5) + ["blank"] * (rest // 5)
    kinds += ["partial"] * (learners - len(kinds))
    plan = {}
    for n, kind in enumerate(kinds, start=1):
        student = f"learner{n:03d}-{kind}"
        folder = root / "grading" / "submitted" / student / assignment
        folder.mkdir(parents=True)
        source = root / "solutions" / assignment / notebook if kind == "perfect" else release / notebook
        shutil.copy(source, folder / notebook)
        if kind == "partial":
            keep = {k: v for k, v in perfect["answers"].items() if rng.random() < 0.6}
            (folder / "responses.json").write_text(json.dumps({"schema": 1, "answers": keep}))
        elif kind in BROKEN:
            (folder / "responses.json").write_text(json.dumps(perfect))
            break_submission(folder / notebook, folder, kind)
        plan[student] = kind
    return plan


def break_submission(path: Path, folder: Path, kind: str) -> None:
    """Make the submission at ``folder`` (its notebook at ``path``) one of the BROKEN kinds
    (tests/test_grade_on_dask.py makes its broken learners with it too)."""
    nb = nbformat.read(path, as_version=4)
    answer = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution"))
    grade = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    if kind == "missing-notebook":
        path.unlink()
        return
    if kind == "renamed-notebook":
        path.rename(path.with_name(path.stem + "-final.ipynb"))
        return
    if kind == "not-json-notebook":
        path.write_text("{ this is not a notebook")
        return
    if kind == "edited-test-cell":
        grade[0].source = "print('full marks please')\n10"
    elif kind == "deleted-test-cell":
        nb.cells.remove(grade[1])
    elif kind == "raises-on-import":
        answer.source = "import a_module_that_does_not_exist"
    elif kind == "endless-loop":
        answer.source = "while True:\n    pass"
    elif kind == "not-json-responses":
        (folder / "responses.json").write_text("{'answers': oops")
    elif kind == "mistyped-responses":
        (folder / "responses.json").write_text(json.dumps({"schema": 1, "answers": {"x": 5, "y": [1, 2]}}))
    elif kind == "huge-responses":
        (folder / "responses.json").write_text(json.dumps({"schema": 1, "answers": {}, "pad": "x" * 50_000_000}))
    nbformat.write(nb, path)


def _scores(root: Path, assignment: str) -> dict:
    sys.path.insert(0, str(REPO))
    from nbgrader.api import Gradebook

    from course.instructor import nbgrader_api

    with Gradebook(nbgrader_api.api(root).coursedir.db_url) as gradebook:
        scores = {}
        for submission in gradebook.assignment_submissions(assignment):
            for notebook in submission.notebooks:
                for g in notebook.grades:
                    scores[submission.student_id, notebook.name, g.name] = g.score
        return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=60)
    parser.add_argument("--assignment", default="01-bulk-spam")
    parser.add_argument("--timeout", type=int, default=30, help="nbgrader's per-cell time limit, for both runs")
    parser.add_argument("--workers", type=int, default=None, help="course grade's workers (default: cores)")
    parser.add_argument("--sandbox", choices=("auto", "require", "off"), default="require",
                        help="course grade's sandbox for the learners' kernels (default: require, as graded for real)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="also grade on this Dask scheduler (tcp://HOST:PORT), or `local`: a scheduler and "
                             "--dask-workers workers started here on 127.0.0.1 (scripts/dask-cluster)")
    parser.add_argument("--dask-workers", type=int, default=2, help="with --scheduler local: how many (default 2)")
    args = parser.parse_args()
    if args.learners < len(BROKEN) + 3:
        parser.error(f"--learners must be at least {len(BROKEN) + 3}")

    work = Path(tempfile.mkdtemp(prefix="grade-cohort-"))
    print(f"building a cohort of {args.learners} submissions of {args.assignment} in {work}", flush=True)
    first = work / "nbgrader"
    first.mkdir()
    shutil.copy(REPO / "nbgrader_config.py", first)
    shutil.copytree(REPO / "solutions", first / "solutions", ignore=shutil.ignore_patterns("responses*.json"))
    subprocess.run([BIN / "course", "build", args.assignment], cwd=first, env=_env(), check=True,
                   stdout=subprocess.DEVNULL)
    plan = _cohort(first, args.assignment, args.learners)
    second = work / "course-grade"
    shutil.copytree(first, second)
    third = work / "course-grade-dask"
    if args.scheduler:
        shutil.copytree(first, third)

    started = time.perf_counter()
    subprocess.run([BIN / "nbgrader", "autograde", args.assignment, f"--Execute.timeout={args.timeout}"],
                   cwd=first, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sequential = time.perf_counter() - started
    print(f"nbgrader autograde (sequential): {sequential:.1f} s", flush=True)

    # grading alone, as nbgrader autograde does: no feedback or exports afterwards
    command = [BIN / "course", "grade", args.assignment, "--quiet", "--no-exports", f"--timeout={args.timeout}",
               f"--sandbox={args.sandbox}"]
    local = command + ([f"--workers={args.workers}"] if args.workers else [])
    started = time.perf_counter()
    if subprocess.run(local, cwd=second, env=_env(), stdout=subprocess.DEVNULL).returncode == 2:
        return 2  # course grade could not start (it said why: no sandbox, for instance)
    parallel = time.perf_counter() - started
    print(f"course grade (parallel, {args.workers or os.cpu_count()} workers, sandbox {args.sandbox}): "
          f"{parallel:.1f} s", flush=True)

    a = _scores(first, args.assignment)
    differing = _compare(a, _scores(second, args.assignment), len(plan), "course grade")
    print(f"speed-up: {sequential / parallel:.2f}x on {os.cpu_count()} cores (target: at least 3x)")

    if args.scheduler:
        with _cluster(args.scheduler, args.dask_workers, work) as address:
            started = time.perf_counter()
            done = subprocess.run(command + [f"--scheduler={address}"], cwd=third, env=_env(), stdout=subprocess.PIPE,
                                  text=True)
            on_dask = time.perf_counter() - started
            if done.returncode == 2:
                return 2
        print(f"course grade --scheduler ({address}): {on_dask:.1f} s", flush=True)
        print("".join(f"  {line}\n" for line in done.stdout.splitlines() if line.startswith("gradebook writes")), end="")
        differing += _compare(a, _scores(third, args.assignment), len(plan), "course grade --scheduler")
        n = len(plan)
        print(f"per submission: nbgrader {sequential / n:.2f} s, local pool {parallel / n:.2f} s, "
              f"Dask {on_dask / n:.2f} s; the Dask path's overhead against the local pool: "
              f"{(on_dask - parallel) / n:+.3f} s a submission ({(on_dask / parallel - 1) * 100:+.1f}%; target: within 10%)")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if not differing else 1


def _compare(a: dict, b: dict, learners: int, name: str) -> list:
    """Print how ``b``'s grades compare with nbgrader's ``a``; return the keys that differ."""
    differing = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
    graded = len({k[0] for k in b})
    print(f"{name}: grades compared: {len(set(a) | set(b))} ({graded} learners graded of {learners}); "
          f"differing: {len(differing)}", flush=True)
    for key in differing[:10]:
        print(f"  {key}: nbgrader {a.get(key)} vs {name} {b.get(key)}")
    return differing


@contextlib.contextmanager
def _cluster(scheduler: str, workers: int, work: Path):
    """The scheduler's address; ``local``: a cluster of our own on 127.0.0.1 (scripts/dask-cluster),
    ``workers`` workers of one thread each working in folders outside the course, stopped after."""
    if scheduler != "local":
        yield scheduler
        return
    script, handle = REPO / "scripts" / "dask-cluster", work / "dask-cluster"
    try:
        started = subprocess.run([sys.executable, script, "start", handle, str(workers)], capture_output=True,
                                 text=True, env=_env(), check=True)
        yield started.stdout.strip()
    finally:
        subprocess.run([sys.executable, script, "stop", handle], capture_output=True)


if __name__ == "__main__":
    sys.exit(main())
