"""``course start``: open the course in JupyterLab at its start page.

Why not plain ``jupyter lab``: learners should land on the start page, see only the learner
notebooks (the layout's release folder), and never meet a browser error on a machine with no display (a server, a container,
CI). The server prints the URL with its token; open it in any browser. Nor should they meet
nbgrader's instructor tools (Create Assignment, Formgrader, the course list): the server runs with
:data:`LEARNER_CONFIG` first on ``JUPYTER_CONFIG_PATH``, which turns them off and keeps the
Assignments tab a learner fetches and submits with. A learner's server on a JupyterHub takes the same
folder (the README says how); an instructor's own ``jupyter lab`` keeps every tool.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from .instructor.build import START_PAGE
from .layout import CourseLayout
from .setup_hint import STARTUP

__all__ = ["LEARNER_CONFIG", "has_display", "lab_command", "learner_environment", "start"]

# a Jupyter config folder: labconfig/page_config.json disables nbgrader's instructor plugins in
# JupyterLab, jupyter_server_config.json its formgrader and course-list server extensions
LEARNER_CONFIG = Path(__file__).with_name("learner_jupyter")


def has_display() -> bool:
    """True where a browser can open a window: macOS, Windows, or a Linux with X or Wayland."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def lab_command(*, root: Path, port: int | None = None, open_browser: bool | None = None) -> list[str]:
    """The JupyterLab command line that serves the release folder and opens the start page."""
    cmd = [
        sys.executable, "-m", "jupyterlab",
        f"--ServerApp.root_dir={CourseLayout.of(root).release}",
        f"--LabApp.default_url=/lab/tree/{START_PAGE}",
    ]
    if port is not None:
        cmd.append(f"--ServerApp.port={port}")
    if not (has_display() if open_browser is None else open_browser):
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # containers and CI run as root; the server refuses otherwise
    return cmd


def learner_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """``environ`` (default: this process's) with :data:`LEARNER_CONFIG` first on JUPYTER_CONFIG_PATH,
    and ``PYTHONSTARTUP`` naming the course's kernel start-up file (:mod:`course.setup_hint`).

    First, so it outranks the environment's own config (where nbgrader enables its tools), but the
    learner's ~/.jupyter still comes before it: this hides tools, it guards nothing. A learner's
    formgrader would run with the learner's rights, which cannot read the instructor's gradebook."""
    env = dict(os.environ if environ is None else environ)
    paths = [p for p in env.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep) if p and p != str(LEARNER_CONFIG)]
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join([str(LEARNER_CONFIG), *paths])
    own = env.get("PYTHONSTARTUP", "")
    if own and own != str(STARTUP):
        env["COURSE_OWN_PYTHONSTARTUP"] = own  # the course's start-up file runs it after its own work
    env["PYTHONSTARTUP"] = str(STARTUP)  # kernels inherit it: a cell run before setup says so (course.setup_hint)
    return env


def start(*, root: Path, port: int | None = None, open_browser: bool | None = None) -> int:
    """Run JupyterLab until it is stopped (Ctrl+C); return its exit code."""
    layout = CourseLayout.of(root)
    page = layout.name(layout.release / START_PAGE, folder=False)
    if not (layout.release / START_PAGE).is_file():
        print(f"course: error: {page} is missing; run `course build` first", file=sys.stderr)
        return 1
    cmd = lab_command(root=root, port=port, open_browser=open_browser)
    print(f"Starting JupyterLab on the course's start page, {page}.")
    if "--no-browser" in cmd:
        print("No display here, so no browser opens: copy the http://127.0.0.1 address printed below "
              "into a browser. Stop the server with Ctrl+C.")
    try:
        return subprocess.call(cmd, env=learner_environment())
    except KeyboardInterrupt:
        return 0
