"""In a real browser: a learner's JupyterLab has no Formgrader or Create Assignment; an instructor's has.

Why in the browser too: tests/test_learner_lab.py checks the page config and the server, but what a
learner meets is the Nbgrader menu JupyterLab draws from them. A learner's server here is started
as ``course start`` starts it (:func:`course.start.learner_environment`); the instructor's is the
same server without it. Screenshots of both open menus go to test-artifacts/.
"""

from __future__ import annotations

import pytest

from jupyterlab_browser import TOKEN, artifacts, chromium_page, screenshot_on_failure, start_lab
from playwright.sync_api import expect

from course.start import LEARNER_CONFIG, learner_environment

pytestmark = pytest.mark.browser

INSTRUCTOR_ITEMS = {"formgrader", "create assignment", "course list"}  # nbgrader's labels, lowercased


def _nbgrader_tools(tmp_path_factory, who: str, env_extra: dict) -> set[str]:
    """The items of the Nbgrader menu JupyterLab shows (lowercased), and "create assignment panel"
    when the right side bar has nbgrader's Create Assignment tab; with a screenshot of the open menu."""
    with start_lab(tmp_path_factory, env_extra=env_extra, log_name=f"browser-{who}-lab.log") as lab, \
            chromium_page() as page, screenshot_on_failure(page, f"{who}-lab-failure.png"):
        page.goto(f"{lab.url}/lab?token={TOKEN}")
        menu_title = page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").first
        expect(menu_title).to_be_visible(timeout=60_000)
        menu_title.click()
        menu = page.locator("#jp-mainmenu-nbgrader")
        expect(menu).to_be_visible()
        items = {text.strip().lower() for text in menu.locator(".lm-Menu-item:visible .lm-Menu-itemLabel").all_inner_texts()}
        page.screenshot(path=str(artifacts() / f"{who}-lab-nbgrader-menu.png"))
        if page.locator(".jp-SideBar.jp-mod-right .lm-TabBar-tab", has_text="Create Assignment").count():
            items.add("create assignment panel")
        return {item for item in items if item}


def test_a_learners_nbgrader_menu_has_only_the_learners_tools(tmp_path_factory):
    config_path = learner_environment({})["JUPYTER_CONFIG_PATH"]
    assert config_path == str(LEARNER_CONFIG)
    items = _nbgrader_tools(tmp_path_factory, "learner", {"JUPYTER_CONFIG_PATH": config_path})
    assert "assignment list" in items, items
    assert not {item for item in items if any(tool in item for tool in INSTRUCTOR_ITEMS)}, items


def test_an_instructors_nbgrader_menu_keeps_formgrader_and_create_assignment(tmp_path_factory):
    items = _nbgrader_tools(tmp_path_factory, "instructor", {})
    assert {"assignment list", "create assignment", "formgrader", "course list", "create assignment panel"} <= items, items
