"""Warm kernels change how fast a notebook is graded, never what it shows or scores.

Every assignment's solutions notebook is graded twice, with kernels forked from the warm server
and with ordinary kernels, and the graded notebooks are compared output by output. Only what
differs between any two runs is set aside: widget model ids (random), PNG bytes (rendering), and
how stdout happens to be split into chunks.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from course.autograde import grade
from course.paths import assignments
from course.warm_kernels import _Forked, _kernel_argv

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
MODEL_ID = re.compile(r"model_id.{4}[0-9a-f]{32}")


def _graded_copy(tmp_path: Path, warm: bool) -> Path:
    from course.build import build

    root = tmp_path / ("warm" if warm else "cold")
    root.mkdir()
    shutil.copy(REPO / "nbgrader_config.py", root)
    shutil.copytree(REPO / "solutions", root / "solutions", ignore=shutil.ignore_patterns("responses*.json"))
    build(root=root)
    cwd = Path.cwd()
    os.chdir(root)
    try:
        for assignment in assignments(root):
            folder = root / "grading" / "submitted" / "learner" / assignment
            folder.mkdir(parents=True)
            for notebook in (root / "solutions" / assignment).glob("*.ipynb"):
                shutil.copy(notebook, folder)
            [result] = grade(root=root, assignment=assignment, progress=False, warm_kernels=warm)
            assert result.status != "failed", result
    finally:
        os.chdir(cwd)
    return root / "grading" / "autograded" / "learner"


def _outputs(cell) -> tuple:
    stream = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.output_type == "stream")
    rich = [(o.output_type, {k: "<png>" if k == "image/png" else MODEL_ID.sub("model_id", str(v))
                             for k, v in o.get("data", {}).items()})
            for o in cell.get("outputs", []) if o.output_type != "stream"]
    return stream, rich


def test_warm_and_cold_kernels_give_the_same_outputs(tmp_path):
    warm, cold = _graded_copy(tmp_path, warm=True), _graded_copy(tmp_path, warm=False)
    notebooks = sorted(p.relative_to(cold) for p in cold.rglob("*.ipynb"))
    assert len(notebooks) == len(assignments(REPO))
    for rel in notebooks:
        a, b = nbformat.read(warm / rel, as_version=4), nbformat.read(cold / rel, as_version=4)
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
