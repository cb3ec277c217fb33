"""The orientation notebook in a real JupyterLab, driven in headless Chromium: click, type, save.

What it proves, as a learner would meet it: the learner notebook (copied as shipped, with no
responses.json) runs with Run > Run All Cells in practice mode, its widgets render, clicking a
radio option gives practice feedback and saves the answer to responses.json beside the notebook
(a click is a check), and a checkbox can be ticked and checked with the keyboard alone.

It needs Debian's Chromium at /usr/bin/chromium (run scripts/ensure-chromium). Without it the test
is skipped, except on CI (CI=true), where a missing browser is a failure. Screenshots go to
$COURSE_TEST_ARTIFACTS, or test-artifacts/ in the repository (git-ignored); look at them.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from jupyterlab_browser import (Lab, answers as _answers, artifacts as _artifacts, chromium_page,
                                run_all_alone as _run_all, screenshot_on_failure as _screenshot_on_failure, start_lab,
                                wait_for as _wait_for)
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ASSIGNMENT = "00-orientation"
NOTEBOOK = "orientation.ipynb"
FIRST_ID = "orient-first-move"
FIRST_PROMPT = "What do you do in the next ten minutes?"
WRONG = "Recall the message in Outlook and get on with the day"
RIGHT = "Check what was sent, to whom, and whether they have used it"
TICK_ID = "orient-assess-questions"
TICK_PROMPT = "Before you contact anyone, which questions do you answer?"
TICK = "Has anyone already used the numbers?"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    with start_lab(tmp_path_factory) as running:
        yield running


@pytest.fixture()
def page():
    with chromium_page() as fresh:
        yield fresh


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
        # a tick is a draft: judged by nothing, no try counted, until the learner presses Check
        expect(ticks).to_contain_text("Not checked yet", timeout=30_000)
        assert TICK_ID not in _answers(lab.nb_dir)
        check = ticks.get_by_role("button", name="Check")
        check.focus()
        check.press("Enter")
        expect(ticks).to_contain_text("Saved (answered once)", timeout=30_000)
        expect(ticks).to_contain_text("You have found 1 of 3")
        saved = _wait_for(lambda: _answers(lab.nb_dir).get(TICK_ID), 30, f"{TICK_ID} in responses.json")
        assert saved["value"] == [TICK]
        assert _answers(lab.nb_dir)[FIRST_ID]["value"] == RIGHT  # the other answer is untouched

        # all cells ran without an error output, and no widget failed to render
        expect(page.locator(".course-exercise")).to_have_count(14, timeout=30_000)
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
REPLY_PROMPT = "Your reply to the angry recipient"
REPLY = "I'm sorry: emailing you was my mistake. I have removed your address."


def test_bulk_spam_a_figure_and_a_drafted_reply_typed_in_the_browser(lab, page):
    """Case 1 in real JupyterLab: type a computed figure, draft a reply, watch the checklist."""
    artifacts = _artifacts()
    folder = lab.root / SPAM
    with _screenshot_on_failure(page, "browser-bulk-spam-failure.png"):
        _run_all(page, lab, f"{SPAM}/bulk-spam.ipynb")
        expect(page.locator(".course-exercise")).to_have_count(23, timeout=90_000)
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
