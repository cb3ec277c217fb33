"""Warm kernels change how fast a notebook is graded, never what it shows or scores.

Every assignment's solutions notebook is graded by three learners, with kernels from the warm
server (one worker, so the second and third kernels are spares started while the previous
notebook ran) and with ordinary kernels, and the graded notebooks are compared output by output. Only what
differs between any two runs is set aside: widget model ids (random), PNG bytes (rendering), and
how stdout happens to be split into chunks.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import nbformat
from cohort import copy_course

from course.instructor.autograde import grade
from course.layout import CourseLayout
from course.instructor.warm_kernels import _Forked, _kernel_argv

# the test that grades the course takes built_course, so conftest.py marks it slow; the rest are quick

REPO = Path(__file__).resolve().parents[1]
LEARNERS = ("learner1", "learner2", "learner3")
MODEL_ID = re.compile(r"model_id.{4}[0-9a-f]{32}")


def _graded_copy(built_course: Path, tmp_path: Path, warm: bool, learners: tuple[str, ...]) -> Path:
    root = copy_course(built_course, tmp_path / ("warm" if warm else "cold"), instructor_answers=False)
    cwd = Path.cwd()
    os.chdir(root)
    try:
        for assignment in CourseLayout.of(root).assignments():
            for learner in learners:
                folder = root / "grading" / "submitted" / learner / assignment
                folder.mkdir(parents=True)
                for notebook in (root / "solutions" / assignment).glob("*.ipynb"):
                    shutil.copy(notebook, folder)
            results = grade(root=root, assignment=assignment, progress=False, warm_kernels=warm, workers=1)
            assert len(results) == len(learners) and all(r.status != "failed" for r in results), results
    finally:
        os.chdir(cwd)
    return root / "grading" / "autograded"


def _outputs(cell) -> tuple:
    stream = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.output_type == "stream")
    rich = [(o.output_type, {k: "<png>" if k == "image/png" else MODEL_ID.sub("model_id", str(v))
                             for k, v in o.get("data", {}).items()})
            for o in cell.get("outputs", []) if o.output_type != "stream"]
    return stream, rich


def test_warm_and_cold_kernels_give_the_same_outputs(built_course, tmp_path):
    warm = _graded_copy(built_course, tmp_path, warm=True, learners=LEARNERS)
    cold = _graded_copy(built_course, tmp_path, warm=False, learners=LEARNERS[:1])
    notebooks = sorted(p.relative_to(warm) for p in warm.rglob("*.ipynb"))
    assert len(notebooks) == len(CourseLayout.of(REPO).assignments()) * len(LEARNERS)
    for rel in notebooks:
        a = nbformat.read(warm / rel, as_version=4)
        b = nbformat.read(cold / LEARNERS[0] / Path(*rel.parts[1:]), as_version=4)  # one cold run is the reference
        assert len(a.cells) == len(b.cells)
        for n, (x, y) in enumerate(zip(a.cells, b.cells)):
            if x.cell_type == "code":
                assert _outputs(x) == _outputs(y), f"{rel}, cell {n}: {x.source[:60]!r}"
        images = sum("image/png" in o.get("data", {}) for c in a.cells for o in c.get("outputs", []))
        assert images == sum("image/png" in o.get("data", {}) for c in b.cells for o in c.get("outputs", []))


def test_only_this_environments_ipykernel_is_forked():
    import sys

    assert _kernel_argv([sys.executable, "-m", "ipykernel_launcher", "-f", "c.json"]) == ["-f", "c.json"]
    assert _kernel_argv(["/usr/bin/some-other-python", "-m", "ipykernel_launcher", "-f", "c.json"]) is None
    assert _kernel_argv([sys.executable, "-m", "irkernel"]) is None


def test_a_forked_kernel_handle_reports_exit_and_survives_signals_after_it():
    import subprocess

    child = subprocess.Popen(["sleep", "30"])
    handle = _Forked(child.pid)
    assert handle.poll() is None
    handle.terminate()
    child.wait()  # reap it here, as the fork server does for its kernels
    assert handle.wait(timeout=5) == 0
    handle.kill()  # no error once it is gone


def test_the_server_started_ahead_is_the_one_used_and_a_broken_one_means_ordinary_kernels(monkeypatch):
    import sys

    from course.instructor import warm_kernels

    server_class = warm_kernels._ForkServer
    monkeypatch.setattr(server_class, "_instance", None)
    monkeypatch.setattr(server_class, "_failed", False)
    warm_kernels.start_server()  # returns at once: the imports happen in the background
    early = server_class._instance
    assert early is not None and not early._ready
    try:
        assert server_class.get() is early and early._ready
    finally:
        early.process.kill()
        early.process.wait()

    # a server that dies before it is ready: no warm kernels for this worker, and no error
    monkeypatch.setattr(server_class, "_instance", None)
    monkeypatch.setattr(sys, "executable", shutil.which("false"))
    warm_kernels.start_server()
    assert server_class.get() is None and server_class._failed


def test_a_spare_kernel_matches_a_launch_by_its_arguments_without_the_connection_file():
    from course.instructor.warm_kernels import _without_connection_file

    assert _without_connection_file(["-f", "/run/kernel-1.json"]) == []
    assert _without_connection_file(["--debug", "-f", "k.json"]) == ["--debug"]
    assert _without_connection_file(["--f=k.json"]) is None  # named another way: no spare, a plain fork
    assert _without_connection_file(["--debug"]) is None  # no connection file at all


def test_spares_are_started_handed_over_and_used(tmp_path):
    """One worker's fork server: the first kernel is forked, the second is the spare made meanwhile."""
    from jupyter_client.manager import KernelManager

    from course.instructor import warm_kernels

    os.environ["JUPYTER_DEFAULT_PROVISIONER_NAME"] = warm_kernels.PROVISIONER_NAME
    try:
        from jupyter_client.provisioning.factory import KernelProvisionerFactory

        KernelProvisionerFactory.clear_instance()
        taken = []
        original = warm_kernels._ForkServer.take_spare

        def counting(self, *args):
            result = original(self, *args)
            taken.append(result is not None)
            return result

        warm_kernels._ForkServer.take_spare = counting
        cwds = []
        for n in range(2):
            folder = tmp_path / f"nb{n}"
            folder.mkdir()
            km = KernelManager(kernel_name="python3")
            km.start_kernel(cwd=str(folder), env={**os.environ, "COURSE_PROBE": str(n)})
            client = km.client()
            client.start_channels()
            client.wait_for_ready(timeout=60)
            reply = client.execute_interactive(
                "import gc, os, sys; print(os.getcwd(), os.environ.get('COURSE_PROBE'), sys.path[0],"
                " gc.get_freeze_count() > 100_000)", timeout=60,
                output_hook=lambda msg: cwds.append(msg["content"].get("text", "").split())
                if msg["msg_type"] == "stream" else None)
            assert reply["content"]["status"] == "ok"
            client.stop_channels()
            km.shutdown_kernel(now=True)
        assert taken == [False, True], taken  # the second kernel was the spare
        # each kernel runs in its notebook's folder, with its environment, importing from there
        # first; the preloaded heap is frozen, out of the kernel's garbage collections
        assert cwds == [[str(tmp_path / f"nb{n}"), str(n), str(tmp_path / f"nb{n}"), "True"] for n in range(2)], cwds
    finally:
        warm_kernels._ForkServer.take_spare = original
        os.environ.pop("JUPYTER_DEFAULT_PROVISIONER_NAME", None)
        KernelProvisionerFactory.clear_instance()
