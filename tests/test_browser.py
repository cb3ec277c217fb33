"""The orientation notebook in a real JupyterLab, driven in headless Chromium: click, type, save.

What it proves, as a learner would meet it: the learner notebook (copied as shipped, with no
responses.json) runs with Run > Run All Cells in practice mode, its widgets render, clicking a
radio option gives practice feedback and saves the answer to responses.json beside the notebook,
and a checkbox can be ticked with the keyboard alone.

It needs Debian's Chromium at /usr/bin/chromium (run scripts/ensure-chromium). Without it the test
is skipped, except on CI (CI=true), where a missing browser is a failure. Screenshots go to
$COURSE_TEST_ARTIFACTS, or test-artifacts/ in the repository (git-ignored); look at them.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import socket
import subprocess
from contextlib import contextmanager
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENT = "00-orientation"
NOTEBOOK = "orientation.ipynb"
CHROMIUM = "/usr/bin/chromium"
CHROME_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-dev-shm-usage"]
TOKEN = "course-browser-test"

FIRST_ID = "orient-first-move"
FIRST_PROMPT = "What do you do in the first few minutes?"
WRONG = "Recall the message and consider it handled"
RIGHT = "Pause, then check exactly what was sent, to whom, and whether they have used it yet"
TICK_ID = "orient-assess-questions"
TICK_PROMPT = "Which questions belong in assessing the damage?"
TICK = "Has anyone already acted on it?"


def _on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _unavailable(reason: str) -> None:
    """Skip for a missing browser tool on a workstation; fail on CI, where it must be there."""
    if _on_ci():
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    _unavailable("playwright is not installed: pip install -e '.[test]'")


def _artifacts() -> Path:
    folder = Path(os.environ.get("COURSE_TEST_ARTIFACTS") or REPO / "test-artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(predicate, timeout: float, what: str):
    """Poll predicate() until it returns something truthy; fail with `what` after timeout seconds."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(0.2)
    pytest.fail(f"timed out after {timeout:g} s waiting for {what} (last seen: {last!r})")


def _answers(folder: Path) -> dict:
    try:
        return json.loads((folder / "responses.json").read_text(encoding="utf-8")).get("answers", {})
    except (FileNotFoundError, ValueError):  # not written yet, or caught between writes
        return {}


class Lab:
    """A JupyterLab server of our own: its URL, its notebook folder, its runtime folder and log."""

    def __init__(self, url: str, root: Path, runtime_dir: Path, log: Path):
        self.url, self.root, self.runtime_dir, self.log = url, root, runtime_dir, log
        self.nb_dir = root / ASSIGNMENT  # the orientation notebook's folder

    def api(self, path: str):
        with urllib.request.urlopen(f"{self.url}{path}?token={TOKEN}", timeout=5) as response:
            return json.load(response)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} is missing: run scripts/ensure-chromium to install Debian's chromium")

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
        port = _free_port()
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
        shutil.copyfile(log_path, _artifacts() / "browser-jupyterlab.log")


@pytest.fixture()
def page():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        try:
            yield browser.new_page(viewport={"width": 1280, "height": 900})
        finally:
            browser.close()


def _kernel_facts(lab: Lab) -> dict:
    """Ask the notebook's kernel (as a second client, silently) which Python it is and where it runs."""
    from jupyter_client import BlockingKernelClient

    sessions = [s for s in lab.api("/api/sessions") if s["path"].endswith(NOTEBOOK)]
    assert sessions, "JupyterLab has no session for the notebook"
    client = BlockingKernelClient(connection_file=str(lab.runtime_dir / f"kernel-{sessions[0]['kernel']['id']}.json"))
    client.load_connection_file()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=30)
        expressions = {
            "executable": "__import__('sys').executable",
            "cwd": "__import__('os').getcwd()",
            "course": "__import__('course').__file__",
            "mode": "__import__('course.exercises.base', fromlist=['get_mode']).get_mode()",
        }
        msg_id = client.execute("", silent=True, store_history=False, user_expressions=expressions)
        reply = client.get_shell_msg(timeout=30)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = client.get_shell_msg(timeout=30)
    finally:
        client.stop_channels()
    results = reply["content"]["user_expressions"]
    failed = {k: v for k, v in results.items() if v.get("status") != "ok"}
    assert not failed, f"the kernel could not evaluate {failed}"
    return {k: ast.literal_eval(v["data"]["text/plain"]) for k, v in results.items()}  # reprs of str


def _run_all(page, lab: Lab, path: str) -> None:
    page.goto(f"{lab.url}/lab/tree/{path}?token={TOKEN}")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
    expect(page.locator(".jp-StatusBar-Widget", has_text="Idle").first).to_be_visible(timeout=60_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()


@contextmanager
def _screenshot_on_failure(page, name: str):
    """Keep a picture of the page when a browser test fails: the first thing to look at."""
    try:
        yield
    except BaseException:
        try:
            page.screenshot(path=str(_artifacts() / name))
        except Exception:  # the page may be gone; the original failure matters more
            pass
        raise


def test_orientation_answers_by_click_and_keyboard(lab, page):
    artifacts = _artifacts()
    with _screenshot_on_failure(page, "browser-failure.png"):
        _run_all(page, lab, f"{ASSIGNMENT}/{NOTEBOOK}")

        # the first exercise renders, and no widget failed to
        first = page.locator(".course-exercise", has_text=FIRST_PROMPT)
        expect(first.get_by_role("radio", name=RIGHT)).to_be_visible(timeout=60_000)
        expect(first).to_have_count(1)
        assert page.get_by_text("Error displaying widget").count() == 0
        expect(first).to_contain_text("Not answered yet.")

        # a wrong click first: practice feedback says so, and the answer is saved
        first.get_by_role("radio", name=WRONG).click()
        expect(first).to_contain_text("✘ Not quite", timeout=30_000)
        expect(first).to_contain_text("Saved (answered once)")
        # then the right one
        first.get_by_role("radio", name=RIGHT).click()
        expect(first).to_contain_text("✔ Right", timeout=30_000)
        expect(first).not_to_contain_text("✘ Not quite")
        expect(first).to_contain_text("Saved (answered 2 times)")

        saved = _wait_for(lambda: (_answers(lab.nb_dir).get(FIRST_ID) or {}).get("attempts") == 2
                          and _answers(lab.nb_dir)[FIRST_ID], 30, f"{FIRST_ID} saved twice in responses.json")
        assert saved["value"] == RIGHT

        # keyboard only: focus a checkbox of the multiple-choice panel, press Space
        ticks = page.locator(".course-exercise", has_text=TICK_PROMPT)
        box = ticks.get_by_role("checkbox", name=TICK)
        expect(box).to_be_attached(timeout=30_000)
        box.focus()
        box.press("Space")
        expect(box).to_be_checked(timeout=10_000)
        expect(ticks).to_contain_text("Saved (answered once)", timeout=30_000)
        saved = _wait_for(lambda: _answers(lab.nb_dir).get(TICK_ID), 30, f"{TICK_ID} in responses.json")
        assert saved["value"] == [TICK]
        assert _answers(lab.nb_dir)[FIRST_ID]["value"] == RIGHT  # the other answer is untouched

        # all cells ran without an error output, and no widget failed to render
        expect(page.locator(".course-exercise")).to_have_count(12, timeout=30_000)
        assert page.get_by_text("Error displaying widget").count() == 0
        assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
        assert page.get_by_text("Traceback").count() == 0
        assert page.get_by_text("official Jupyter news").count() == 0

        # the kernel is this environment's Python, imports the course and runs in the notebook's folder
        facts = _kernel_facts(lab)
        assert Path(facts["executable"]).resolve() == Path(sys.executable).resolve(), facts
        assert Path(facts["cwd"]).resolve() == lab.nb_dir.resolve(), facts
        assert facts["course"].endswith("__init__.py"), facts
        assert facts["mode"] == "practice", facts

        # screenshots to look at: the page after answering, then each exercise panel
        first.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / "browser-orientation-page.png"))
        first.screenshot(path=str(artifacts / "browser-exercise-01-orient-first-move.png"))
        panels = page.locator(".course-exercise")
        for number in range(2, panels.count() + 1):
            panel = panels.nth(number - 1)
            kinds = [c[len("course-"):] for c in (panel.get_attribute("class") or "").split()
                     if c.startswith("course-") and c != "course-exercise"]
            panel.screenshot(path=str(artifacts / f"browser-exercise-{number:02d}-{'-'.join(kinds)}.png"))


SPAM = "01-bulk-spam"
REPLY_PROMPT = "Your reply to the furious recipient"
REPLY = "I'm sorry: emailing you was my mistake. I have removed your address."


def test_bulk_spam_a_figure_and_a_drafted_reply_typed_in_the_browser(lab, page):
    """Case 1 in real JupyterLab: type a computed figure, draft a reply, watch the checklist."""
    artifacts = _artifacts()
    folder = lab.root / SPAM
    with _screenshot_on_failure(page, "browser-bulk-spam-failure.png"):
        _run_all(page, lab, f"{SPAM}/bulk-spam.ipynb")
        expect(page.locator(".course-exercise")).to_have_count(15, timeout=90_000)
        assert page.get_by_text("Error displaying widget").count() == 0

        # a figure computed with pandas, typed into the box and confirmed with Enter
        delivered = page.locator(".course-exercise", has_text="How many messages were delivered?")
        box = delivered.get_by_role("textbox")
        box.fill("9,595")
        box.press("Enter")
        expect(delivered).to_contain_text("✔ Right", timeout=30_000)
        saved = _wait_for(lambda: _answers(folder).get("spam-delivered"), 30, "spam-delivered in responses.json")
        assert saved["value"] == 9595

        # the drafted reply: the checklist follows the typing, quoting what it found
        reply = page.locator(".course-exercise", has_text=REPLY_PROMPT)
        text = reply.locator("textarea")
        expect(text).to_be_visible(timeout=30_000)
        text.click()
        page.keyboard.type(REPLY, delay=5)
        expect(reply).to_contain_text("Acknowledgment of responsibility: present", timeout=30_000)
        expect(reply).to_contain_text("“my mistake”")
        expect(reply).to_contain_text("Offer of repair: present")
        _wait_for(lambda: (_answers(folder).get("spam-reply") or {}).get("value") == REPLY, 30,
                  "the whole reply in responses.json")

        assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
        assert page.get_by_text("Traceback").count() == 0
        delivered.screenshot(path=str(artifacts / "browser-bulk-spam-numeric.png"))
        reply.screenshot(path=str(artifacts / "browser-bulk-spam-drafted-reply.png"))
