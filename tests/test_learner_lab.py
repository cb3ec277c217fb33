"""A learner's JupyterLab shows none of nbgrader's instructor tools; an instructor's keeps them.

Why: nbgrader installs Create Assignment, Formgrader and the course list into every JupyterLab of
its environment, so a learner opening the course (``make start``, ``course start``, or their server
on a JupyterHub) met the instructor's menu items and pages. ``course start`` runs JupyterLab with
the course's learner config folder (:data:`course.start.LEARNER_CONFIG`) first on
``JUPYTER_CONFIG_PATH``; a JupyterHub sets the same variable for learners' servers. The names are
checked against the nbgrader installed here, so a rename in nbgrader fails this test instead of
quietly showing the tools again.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from course import start

REPO = Path(__file__).resolve().parents[1]
INSTRUCTOR_PLUGINS = {"@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:formgrader",
                      "@jupyter/nbgrader:course-list"}
LEARNER_PLUGINS = {"@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:validate-assignment",
                   "@jupyter/nbgrader:menu"}  # fetching, validating and submitting stay
INSTRUCTOR_EXTENSIONS = {"nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list"}

# the page config JupyterLab's handler sends to the browser, with JUPYTER_CONFIG_PATH as given in
# argv[1] (one process computes both, since jupyter_core reads the variable at every call)
PAGE_CONFIG = """
import json, os, sys
from jupyter_core.paths import jupyter_path
from jupyterlab_server.config import get_page_config
out = []
for config_path in sys.argv[1:]:
    os.environ["JUPYTER_CONFIG_PATH"] = config_path
    out.append(get_page_config(jupyter_path("labextensions"))["disabledExtensions"])
print(json.dumps(out))
"""


def _nbgrader_plugins() -> set[str]:
    """Every JupyterLab plugin id nbgrader's lab extension defines, read from its installed bundle."""
    import re

    from jupyter_core.paths import jupyter_path

    found = set()
    for root in jupyter_path("labextensions"):
        for bundle in Path(root, "@jupyter", "nbgrader", "static").glob("*.js"):
            found |= set(re.findall(r'"(@jupyter/nbgrader:[a-z-]+)"', bundle.read_text(encoding="utf-8")))
    return found


def _disabled_plugins(env: dict, *config_paths: str) -> list[set[str]]:
    """The JupyterLab plugins disabled in the page sent to the browser, for each JUPYTER_CONFIG_PATH."""
    done = subprocess.run([sys.executable, "-c", PAGE_CONFIG, *config_paths], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return [set(disabled) if isinstance(disabled, list) else {name for name, off in disabled.items() if off}
            for disabled in json.loads(done.stdout)]


def _clean_env(tmp_path: Path) -> dict:
    """This environment with a Jupyter config folder of its own: never the user's ~/.jupyter."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env.update(JUPYTER_CONFIG_DIR=str(tmp_path / "config"), JUPYTER_DATA_DIR=str(tmp_path / "data"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    return env


def test_the_learner_config_names_nbgraders_own_tools():
    from jupyter_core.paths import jupyter_config_path

    plugins = _nbgrader_plugins()
    assert INSTRUCTOR_PLUGINS | LEARNER_PLUGINS <= plugins, f"nbgrader's plugins here: {sorted(plugins)}"
    page = json.loads((start.LEARNER_CONFIG / "labconfig" / "page_config.json").read_text())
    assert {name for name, off in page["disabledExtensions"].items() if off} == INSTRUCTOR_PLUGINS
    server = json.loads((start.LEARNER_CONFIG / "jupyter_server_config.json").read_text())
    extensions = server["ServerApp"]["jpserver_extensions"]
    assert extensions == {name: False for name in INSTRUCTOR_EXTENSIONS}
    enabled = {}  # what nbgrader's installation turns on in this environment
    for folder in jupyter_config_path():
        conf = Path(folder, "jupyter_server_config.d", "nbgrader.json")
        if conf.is_file():
            enabled.update(json.loads(conf.read_text())["ServerApp"]["jpserver_extensions"])
    assert INSTRUCTOR_EXTENSIONS <= {name for name, on in enabled.items() if on}, enabled


def test_course_start_runs_jupyterlab_with_the_learner_config_first(monkeypatch):
    calls = []
    monkeypatch.setattr(start.subprocess, "call", lambda cmd, **kw: calls.append(kw) or 0)
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", "/somewhere/else")
    assert start.start(root=REPO, open_browser=False) == 0
    assert calls[0]["env"]["JUPYTER_CONFIG_PATH"].split(os.pathsep) == [str(start.LEARNER_CONFIG), "/somewhere/else"]
    again = start.learner_environment(calls[0]["env"])  # applied twice, it is still there once
    assert again["JUPYTER_CONFIG_PATH"] == calls[0]["env"]["JUPYTER_CONFIG_PATH"]


def test_the_page_a_learner_gets_disables_the_instructor_tools_and_an_instructors_does_not(tmp_path):
    env = _clean_env(tmp_path)
    learner, instructor = _disabled_plugins(env, start.learner_environment(env)["JUPYTER_CONFIG_PATH"], "")
    assert INSTRUCTOR_PLUGINS <= learner and not LEARNER_PLUGINS & learner
    assert not INSTRUCTOR_PLUGINS & instructor


def _serve(env: dict, tmp_path: Path, port: int):
    """JupyterLab on the learner notebooks, as `course start` runs it; the caller stops it."""
    cmd = start.lab_command(root=REPO, port=port, open_browser=False)
    cmd += ["--ServerApp.token=t", "--ServerApp.ip=127.0.0.1", "--ServerApp.port_retries=0"]
    if "--allow-root" not in cmd and hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(tmp_path / f"lab-{port}.log", "w")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token=t", timeout=2).close()
            return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    proc.wait()
    pytest.fail("JupyterLab did not start:\n" + (tmp_path / f"lab-{port}.log").read_text())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _status(port: int, path: str) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}?token=t", timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.slow  # two JupyterLab servers, a few seconds each
def test_a_learners_server_has_no_formgrader_and_an_instructors_has(tmp_path):
    for who, env in (("learner", start.learner_environment(_clean_env(tmp_path))), ("instructor", _clean_env(tmp_path))):
        port = _free_port()
        proc = _serve(env, tmp_path, port)
        try:
            formgrader = _status(port, "/formgrader")
            page = urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token=t", timeout=10).read().decode()
        finally:
            proc.terminate()  # our own server, by its process
            proc.wait(timeout=30)
        disabled = page.split('"disabledExtensions": [', 1)[1].split("]", 1)[0]
        hidden = {name for name in INSTRUCTOR_PLUGINS if f'"{name}"' in disabled}
        if who == "learner":
            assert formgrader == 404 and hidden == INSTRUCTOR_PLUGINS
        else:
            assert formgrader in (200, 302) and not hidden
