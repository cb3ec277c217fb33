"""Shared machinery of the browser tests: our own JupyterLab server, Debian's Chromium, helpers.

Why one module: every browser test (learner notebooks, workshop dashboard, accessibility) needs the
same careful start of a private JupyterLab (its own settings, a free port, the environment's
Python) and the same ways to run a notebook, wait and keep screenshots. A browser tool that is
missing skips the test on a workstation and fails it on CI (CI=true), where it must be there.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROME_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-dev-shm-usage"]
TOKEN = "course-browser-test"


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def unavailable(reason: str) -> None:
    """Skip for a missing browser tool on a workstation; fail on CI, where it must be there."""
    if on_ci():
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    unavailable("playwright is not installed: pip install -e '.[test]'")


def artifacts() -> Path:
    folder = Path(os.environ.get("COURSE_TEST_ARTIFACTS") or REPO / "test-artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout: float, what: str):
    """Poll predicate() until it returns something truthy; fail with `what` after timeout seconds."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(0.2)
    pytest.fail(f"timed out after {timeout:g} s waiting for {what} (last seen: {last!r})")


def wait_for_voila(proc: subprocess.Popen, url: str, log_name: str, timeout: float) -> None:
    """Wait until the Voilà server at ``url`` answers (a 404 counts: it is up); fail at once if it stopped."""

    def up():
        if proc.poll() is not None:
            pytest.fail(f"Voilà stopped: see {log_name}")
        try:
            urllib.request.urlopen(f"{url}/voila/static/", timeout=2).close()
        except urllib.error.HTTPError:
            return True  # it answers, even if with a 404
        except OSError:
            return False
        return True

    wait_for(up, timeout, "Voilà to answer")


def answers(folder: Path) -> dict:
    try:
        return json.loads((folder / "responses.json").read_text(encoding="utf-8")).get("answers", {})
    except (FileNotFoundError, ValueError):  # not written yet, or caught between writes
        return {}


class Lab:
    """A JupyterLab server of our own: its URL, its notebook folder, its runtime folder and log."""

    def __init__(self, url: str, root: Path, runtime_dir: Path, log: Path):
        self.url, self.root, self.runtime_dir, self.log = url, root, runtime_dir, log
        self.nb_dir = root / "00-orientation"  # the orientation notebook's folder

    def api(self, path: str):
        with urllib.request.urlopen(f"{self.url}{path}?token={TOKEN}", timeout=5) as response:
            return json.load(response)


@contextmanager
def start_lab(tmp_path_factory, *, env_extra: dict | None = None, log_name: str = "browser-jupyterlab.log"):
    """Start JupyterLab over a fresh copy of notebooks/ (no answers) and yield a Lab; stop it after."""
    if not Path(CHROMIUM).exists():
        unavailable(f"{CHROMIUM} is missing: run scripts/ensure-chromium to install Debian's chromium")

    # the learner notebooks exactly as a learner gets them (as `course start` serves them), no answers yet
    nb_dir = tmp_path_factory.mktemp("learner") / "notebooks"
    shutil.copytree(REPO / "notebooks", nb_dir,
                    ignore=shutil.ignore_patterns("responses.json", ".responses.json*", ".ipynb_checkpoints"))
    assert not list(nb_dir.rglob("responses.json"))

    home = tmp_path_factory.mktemp("jupyter_home")  # never touch the user's ~/.jupyter
    env = dict(os.environ,
               JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_DATA_DIR=str(home / "data"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"))
    # practice mode, and answers in responses.json beside the notebook (the kernel's working folder)
    env.pop("COURSE_MODE", None)
    env.pop("COURSE_RESPONSES", None)
    env.update(env_extra or {})
    # the kernelspec says "python": make sure that is this environment's Python
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    # no "get notified about official Jupyter news?" toast over the widgets
    notification = home / "settings/@jupyterlab/apputils-extension/notification.jupyterlab-settings"
    notification.parent.mkdir(parents=True)
    notification.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    # every cell attached and laid out: with the default "contentVisibility" windowing, off-screen
    # cells are sized on an estimate and change height as they scroll in, which can shift a panel
    # between scrolling to it and taking its screenshot
    tracker = home / "settings/@jupyterlab/notebook-extension/tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))

    log_path = home / "lab.log"
    proc = None
    for _attempt in range(3):  # a free port can be taken between finding it and binding it
        port = free_port()
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.token={TOKEN}",
               "--ServerApp.port_retries=0",  # a clash fails loudly instead of moving port
               f"--ServerApp.root_dir={nb_dir}",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
        if os.geteuid() == 0:
            cmd.append("--allow-root")
        with open(log_path, "a") as log:
            proc = subprocess.Popen(cmd, env=env, cwd=nb_dir, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2).close()
                break
            except OSError:
                time.sleep(0.3)
        else:
            if proc.poll() is None:  # still running but never answered
                proc.kill()
                proc.wait()
                pytest.fail("JupyterLab did not answer within 60 s:\n" + log_path.read_text())
            if "already in use" in log_path.read_text():
                continue  # lost the race for the port: try another
            pytest.fail("JupyterLab did not start:\n" + log_path.read_text())
        break
    else:
        pytest.fail("JupyterLab found no free port in three tries:\n" + log_path.read_text())

    try:
        yield Lab(url, nb_dir, home / "runtime", log_path)
    finally:
        proc.terminate()  # our own process, by its PID; the server shuts its kernels down
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        shutil.copyfile(log_path, artifacts() / log_name)


@contextmanager
def chromium_page():
    """A fresh headless Chromium page (Debian's binary, never a downloaded one)."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        try:
            yield browser.new_page(viewport={"width": 1280, "height": 900})
        finally:
            browser.close()


def run_all(page, lab: Lab, path: str) -> None:
    page.goto(f"{lab.url}/lab/tree/{path}?token={TOKEN}")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
    expect(page.locator(".jp-StatusBar-Widget", has_text="Idle").first).to_be_visible(timeout=60_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()


@contextmanager
def screenshot_on_failure(page, name: str):
    """Keep a picture of the page when a browser test fails: the first thing to look at."""
    try:
        yield
    except BaseException:
        try:
            page.screenshot(path=str(artifacts() / name))
        except Exception:  # the page may be gone; the original failure matters more
            pass
        raise




def run_all_alone(page, lab: Lab, path: str) -> None:
    """Like run_all, but with the notebook alone in a fresh workspace of its own (?reset).

    Why: JupyterLab reopens the notebooks an earlier page of the same server had open, beside the
    one asked for. While the earlier one is still the current tab its kernel shows Idle, and
    Run > Run All Cells then runs that notebook instead (seen as a flaky second test whose
    notebook never ran). A workspace named after the path, reset on opening, holds just this one."""
    workspace = "test-" + "".join(c if c.isalnum() else "-" for c in path)
    page.goto(f"{lab.url}/lab/workspaces/{workspace}/tree/{path}?reset&token={TOKEN}")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
    expect(page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab")).to_have_count(1)
    expect(page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current")).to_contain_text(Path(path).name)
    expect(page.locator(".jp-StatusBar-Widget", has_text="Idle").first).to_be_visible(timeout=60_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
