"""Formgrader's manual-grading page shows a drafted message beside its checklist, above the score box.

A real nbgrader formgrader (a Jupyter server of our own, over a small 01-bulk-spam cohort graded by
``course grade``: tests/message_cohort.py) in Debian's headless Chromium. On the hostile learner's
page: the message (left, its markup shown as text, its script never run) and the checker's
checklist (right) sit in the spam-reply cell's output, and the next score box below is the one the
instructor fills in, spam-reply-manual. On a narrow window the two columns wrap into one.
Screenshots: test-artifacts/formgrader-checklist.png, formgrader-checklist-narrow.png and
formgrader-checklist-perfect.png (the model reply, its findings quoted).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from jupyterlab_browser import CHROMIUM, TOKEN, artifacts, chromium_page, free_port, screenshot_on_failure, unavailable

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def formgrader(tmp_path_factory):
    from message_cohort import graded_spam_course

    if not Path(CHROMIUM).exists():
        unavailable(f"{CHROMIUM} is missing: run scripts/ensure-chromium to install Debian's chromium")
    root = graded_spam_course(tmp_path_factory.mktemp("formgrader") / "course")
    home = tmp_path_factory.mktemp("formgrader-home")  # never the user's ~/.jupyter
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_DATA_DIR=str(home / "data"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"))
    env.pop("JUPYTER_CONFIG_PATH", None)  # the environment's own config: nbgrader's extensions on
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    log_path = home / "formgrader.log"
    port = free_port()
    cmd = [sys.executable, "-m", "jupyter_server", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.token={TOKEN}", "--ServerApp.port_retries=0", f"--ServerApp.root_dir={root}"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, env=env, cwd=root, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/formgrader?token={TOKEN}", timeout=5).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("formgrader did not start:\n" + log_path.read_text())
                time.sleep(0.3)
        yield url, root
    finally:
        proc.terminate()  # our own server, by its PID
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        (artifacts() / "formgrader.log").write_text(log_path.read_text())


def _submission(root: Path, student: str) -> str:
    from message_cohort import NOTEBOOK

    from course.instructor import nbgrader_api
    from course.layout import CourseLayout

    with nbgrader_api.gradebook(CourseLayout.of(root)) as gradebook:
        return gradebook.find_submission_notebook(Path(NOTEBOOK).stem, "01-bulk-spam", student).id


NEXT_SCORE_BOX = """block => {
  const boxes = [...document.querySelectorAll('input.score')];
  const after = boxes.find(b => block.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
  return after ? after.id : null;
}"""


def _message_reviews(page, url: str, root, student: str):
    """Open a learner's submission in formgrader and wait for its drafted messages' reviews."""
    page.goto(f"{url}/formgrader/submissions/{_submission(root, student)}/?token={TOKEN}")
    block = page.locator(".course-message-review")
    block.first.wait_for(timeout=30_000)
    return block


def test_the_manual_grading_page_shows_the_message_beside_its_checklist(formgrader):
    from message_cohort import HOSTILE_REPLY

    url, root = formgrader
    with chromium_page() as page:
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.set_viewport_size({"width": 1280, "height": 1000})
        with screenshot_on_failure(page, "formgrader-checklist-failure.png"):
            block = _message_reviews(page, url, root, "hostile")
            assert block.count() == 1, "one drafted message written: one review"
            message = block.locator(".course-message-text")
            checklist = block.locator(".message-checklist")
            assert message.inner_text().strip() == HOSTILE_REPLY.strip(), "the markup shows as text"
            assert "Apology components" in checklist.inner_text() and "Red flags" in checklist.inner_text()
            left, right = message.bounding_box(), checklist.bounding_box()
            assert left["x"] + left["width"] <= right["x"], "the message on the left, the checklist on the right"
            assert abs(left["y"] - right["y"]) < 60, "side by side"
            assert block.evaluate(NEXT_SCORE_BOX) == "spam-reply-manual", "right above the manual score box"
            manual = page.locator("input.score#spam-reply-manual")
            _below_the_bar(page, block)
            assert manual.bounding_box()["y"] < 1000, "the score box in the same screenful as the review"
            page.screenshot(path=str(artifacts() / "formgrader-checklist.png"))
            assert dialogs == [], "the learner's script never runs"

            page.set_viewport_size({"width": 560, "height": 1000})
            time.sleep(0.5)
            left, right = message.bounding_box(), checklist.bounding_box()
            assert right["y"] >= left["y"] + left["height"] - 1, "on a narrow window the checklist wraps below"
            _below_the_bar(page, block)
            page.screenshot(path=str(artifacts() / "formgrader-checklist-narrow.png"))


def test_a_message_with_findings_quotes_them_beside_it(formgrader):
    url, root = formgrader
    with chromium_page() as page:
        page.set_viewport_size({"width": 1280, "height": 1000})
        with screenshot_on_failure(page, "formgrader-checklist-perfect-failure.png"):
            block = _message_reviews(page, url, root, "perfect")
            assert block.count() == 2, "the holding note and the reply: one review each"
            reply = block.nth(1)
            assert reply.evaluate(NEXT_SCORE_BOX) == "spam-reply-manual"
            present = reply.locator(".message-checklist li.present")
            assert present.count() >= 1 and "present, “" in present.first.inner_text(), "a tick, a word and the quote"
            _below_the_bar(page, reply)
            page.screenshot(path=str(artifacts() / "formgrader-checklist-perfect.png"))


def _below_the_bar(page, block) -> None:
    """Scroll the review to the top of the window, just below formgrader's fixed navigation bar."""
    bar = page.locator(".navbar").first.bounding_box()["height"] if page.locator(".navbar").count() else 60
    page.evaluate("([el, bar]) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - bar - 20)",
                  [block.element_handle(), bar])
    time.sleep(0.2)
