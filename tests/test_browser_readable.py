"""In real JupyterLab: a learner's notebook shows no plumbing, after Run All and when reopened.

What a learner sees is JupyterLab's doing as much as the course's, so this is checked in the
browser: question cells' sources are hidden (JupyterLab shows the first line of a hidden cell,
the question cells' "# Question: answer it below."), and a notebook saved after Run All and
reopened in the next session (a new server on the same Jupyter data folder, as after another
``course start``) shows "Run the notebook to see this exercise." in place of each widget, not
``VBox(children=...`` and not ipywidgets' "Error displaying widget: model not found". Screenshots
go to test-artifacts/.
"""

from __future__ import annotations

import json
import shutil

import pytest
from jupyterlab_browser import TOKEN, artifacts, chromium_page, run_all_alone, screenshot_on_failure, start_lab, wait_for
from playwright.sync_api import expect

from course.exercises.plain import NOT_RUN, WIDGET_VIEW
from course.start import learner_environment

pytestmark = pytest.mark.browser

NOTEBOOK = "00-orientation/orientation.ipynb"
EXERCISES = 14  # the orientation's widget exercises
QUESTION_LINE = "# Question: answer it below."
PLUMBING = ("SingleChoice(", "MultipleChoice(", "Ordering(", "Categorise(", "sealed:", "key=[", "explanations=")


def learner_env(**extra) -> dict:
    """What ``course start`` gives JupyterLab that matters here: the learner config and the start-up file."""
    env = learner_environment({})
    return {"JUPYTER_CONFIG_PATH": env["JUPYTER_CONFIG_PATH"], "PYTHONSTARTUP": env["PYTHONSTARTUP"], **extra}


def shows_no_plumbing(page) -> None:
    placeholders = page.locator(".jp-InputPlaceholder .jp-PlaceholderText").all_inner_texts()
    assert placeholders == [QUESTION_LINE] * EXERCISES, placeholders
    text = page.locator(".jp-Notebook").inner_text()
    assert not [word for word in PLUMBING if word in text], [word for word in PLUMBING if word in text]


def saved_widget_outputs(path) -> int:
    try:
        cells = json.loads(path.read_text())["cells"]
    except (OSError, ValueError):
        return 0
    return sum(WIDGET_VIEW in o.get("data", {}) for c in cells for o in c.get("outputs", []))


def test_question_cells_show_no_code_and_a_reopened_notebook_says_to_run_it(tmp_path_factory):
    with start_lab(tmp_path_factory, env_extra=learner_env(), log_name="browser-readable-lab.log") as lab, \
            chromium_page() as page, screenshot_on_failure(page, "readable-run-all-failure.png"):
        run_all_alone(page, lab, NOTEBOOK)
        wait_for(lambda: page.locator(".course-exercise").count() == EXERCISES, 120, "every exercise's widget")
        expect(page.locator(".jp-StatusBar-Widget", has_text="Idle").first).to_be_visible(timeout=60_000)
        shows_no_plumbing(page)
        question = page.locator(".jp-CodeCell", has=page.locator(".course-single_choice")).first
        question.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts() / "readable-question-after-run-all.png"))
        page.keyboard.press("Control+s")
        saved = lab.root / NOTEBOOK
        # every exercise's widget, and the live progress summary at the end (course/progress.py)
        wait_for(lambda: saved_widget_outputs(saved) == EXERCISES + 1, 30, "the notebook saved with its widgets")
        data_dir = lab.runtime_dir.parent / "data"  # where a server keeps what it trusts
        kept = tmp_path_factory.mktemp("saved") / "orientation.ipynb"
        shutil.copyfile(saved, kept)

    # the next session: a new server, the same Jupyter data folder, the notebook as it was saved
    with start_lab(tmp_path_factory, env_extra=learner_env(JUPYTER_DATA_DIR=str(data_dir)),
                   log_name="browser-readable-reopened-lab.log") as lab, \
            chromium_page() as page, screenshot_on_failure(page, "readable-reopened-failure.png"):
        shutil.copyfile(kept, lab.root / NOTEBOOK)
        page.goto(f"{lab.url}/lab/workspaces/reopened/tree/{NOTEBOOK}?reset&token={TOKEN}")
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
        expect(page.locator(".jp-StatusBar-Widget", has_text="Idle").first).to_be_visible(timeout=60_000)
        notebook = page.locator(".jp-Notebook")
        wait_for(lambda: notebook.inner_text().count(NOT_RUN) == EXERCISES, 30, "the short line for every exercise")
        text = notebook.inner_text()
        assert "VBox(" not in text and "model not found" not in text and "Loading widget" not in text
        assert page.locator(".course-exercise").count() == 0  # nothing was run: no widget, only the line
        shows_no_plumbing(page)
        first = page.locator(".jp-CodeCell", has_text=NOT_RUN).first
        first.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts() / "readable-reopened-before-run-all.png"))
