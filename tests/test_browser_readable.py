"""EXPLORE"""
from __future__ import annotations
import json, time, urllib.request
import pytest
from jupyterlab_browser import TOKEN, artifacts, chromium_page, run_all_alone, screenshot_on_failure, start_lab, wait_for
from playwright.sync_api import expect
from course.start import learner_environment

pytestmark = pytest.mark.browser
NB = "00-orientation/orientation.ipynb"

def test_explore(tmp_path_factory):
    env = learner_environment({})
    with start_lab(tmp_path_factory, env_extra={k: env[k] for k in ("JUPYTER_CONFIG_PATH", "PYTHONSTARTUP")}) as lab, chromium_page() as page:
        run_all_alone(page, lab, NB)
        wait_for(lambda: page.locator(".course-exercise").count() >= 12, 90, "widgets")
        time.sleep(2)
        page.screenshot(path=str(artifacts() / "explore-after-run-all.png"), full_page=True)
        text = page.locator(".jp-Notebook").inner_text()
        print("SingleChoice(" in text, "sealed:" in text, text.count("Run the notebook"))
        i = text.index("SingleChoice(")
        print(repr(text[i-300:i+200]))
        cell = page.locator(".jp-CodeCell", has=page.locator(".course-single_choice")).first
        cell.scroll_into_view_if_needed()
        print(cell.evaluate("e => e.className"), cell.locator(".jp-Cell-inputWrapper").evaluate("e => e.className + ' | ' + e.innerHTML.slice(0, 600)"))
        cell.screenshot(path=str(artifacts() / "explore-question.png"))
        return
        time.sleep(2)
        for k in lab.api("/api/kernels"):
            req = urllib.request.Request(f"{lab.url}/api/kernels/{k['id']}?token={TOKEN}", method="DELETE")
            urllib.request.urlopen(req).close()
        time.sleep(1)
        page.goto(f"{lab.url}/lab/workspaces/reopen/tree/{NB}?reset&token={TOKEN}")
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
        time.sleep(8)
        page.screenshot(path=str(artifacts() / "explore-reopened.png"))
        text = page.locator(".jp-Notebook").inner_text()
        print("REOPENED", text.count("Run the notebook"), text.count("model not found"), text.count("Loading widget"), "VBox(" in text)
        nb = json.loads((lab.root / NB).read_text())
        print(nb["metadata"].keys(), sum(1 for c in nb["cells"] for o in c.get("outputs", []) if "application/vnd.jupyter.widget-view+json" in o.get("data", {})))
