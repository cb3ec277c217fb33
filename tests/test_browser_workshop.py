"""A live workshop in real JupyterLab: three participants answer, the facilitator's dashboard follows.

What it proves, as a room would meet it: a session is created in a store (a temporary folder that
every kernel reaches through $COURSE_WORKSHOP_STORE); three participants open their own copy of
the orientation notebook with the join line filled in, run it and answer by clicking, each in a
page of their own; the facilitator's dashboard, opened first in its own page, refreshes by itself
and shows who is present and how the answers spread, names hidden; the facilitator reveals the
explanations of one question, and shows the names on request. Then the same dashboard is served
with Voilà, the session code in the page's address, and follows a change made after it opened.

Screenshots of the dashboard at each stage go to test-artifacts/ (see tests/jupyterlab_browser.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pytest

from jupyterlab_browser import (REPO, TOKEN, artifacts, chromium_page, free_port, screenshot_on_failure, start_lab,
                                wait_for_voila)
from playwright.sync_api import expect

from course.workshop.store import open_store

pytestmark = pytest.mark.browser

ASSIGNMENT = "00-orientation"
NOTEBOOK = "orientation.ipynb"
PEOPLE = {"p1": "Ana", "p2": "Ben", "p3": "Cy"}
Q1 = "orient-first-move"
Q1_PROMPT = "What do you do in the next ten minutes?"
RIGHT = "Check what was sent, to whom, and whether they have used it"
WRONG = "Recall the message in Outlook and get on with the day"
Q2 = "orient-assess-questions"
Q2_PROMPT = "Before you contact anyone, which questions do you answer?"
TICK = "Has anyone already used the numbers?"
SLOW = 90_000  # ms: two shared cores run four kernels and four pages here


def _participant_copy(lab_root: Path, folder: str, code: str, name: str) -> None:
    """The orientation notebook as one participant gets it, with the join line filled in."""
    shutil.copytree(lab_root / ASSIGNMENT, lab_root / folder)
    path = lab_root / folder / NOTEBOOK
    nb = nbformat.read(path, as_version=4)
    call = f'join(code="{code}", name="{name}")'
    cells = [c for c in nb.cells if c.cell_type == "code" and 'join(code="", name="")' in c.source]
    assert len(cells) == 1, "the learner notebook has one join line near the top"
    cells[0].source = cells[0].source.replace('join(code="", name="")', call)
    nbformat.write(nb, path)


def _facilitator_copy(lab_root: Path, code: str) -> str:
    """The dashboard notebook with the session code typed in, as a facilitator would."""
    from course.workshop.dashboard import notebook_path

    nb = nbformat.read(notebook_path(), as_version=4)
    source = nb.cells[0].source
    assert 'code = ""' in source
    nb.cells[0].source = source.replace('code = ""', f'code = "{code}"')
    (lab_root / "facilitator").mkdir()
    nbformat.write(nb, lab_root / "facilitator" / "dashboard.ipynb")
    return "facilitator/dashboard.ipynb"


def run_all(page, lab, path: str, workspace: str) -> None:
    """Open a notebook in a JupyterLab workspace of its own and run all its cells.

    Why not the shared run_all: JupyterLab keeps its layout per workspace on the server, so with
    one shared workspace every participant's page would also reopen the others' notebooks (and
    the facilitator's), and Run All could land in the wrong one."""
    page.goto(f"{lab.url}/lab/workspaces/{workspace}/tree/{path}?token={TOKEN}&reset")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=SLOW)
    expect(page.locator(".jp-StatusBar-Widget", has_text="Idle").first).to_be_visible(timeout=SLOW)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()


def _shot(locator, name: str) -> None:
    locator.scroll_into_view_if_needed()
    locator.screenshot(path=str(artifacts() / f"browser-workshop-{name}.png"))


def _answer_radio(page, option: str) -> None:
    first = page.locator(".course-exercise", has_text=Q1_PROMPT)
    first.get_by_role("radio", name=option).click()
    expect(first).to_contain_text("Saved (answered once)", timeout=30_000)
    expect(first).not_to_contain_text("⚠", timeout=5_000)  # published to the session without a problem


def test_three_participants_answer_and_the_dashboard_follows(tmp_path_factory):
    store_dir = tmp_path_factory.mktemp("workshop") / "sessions"
    store = open_store(store_dir)
    code = store.create(ASSIGNMENT, title="Browser room").code
    env = {"COURSE_WORKSHOP_STORE": str(store_dir), "COURSE_ROOT": str(REPO)}
    env_kernels = {"COURSE_WORKSHOP": "", "COURSE_WORKSHOP_NAME": "", "JUPYTERHUB_USER": "", "QUERY_STRING": ""}
    with start_lab(tmp_path_factory, env_extra={**env, **env_kernels}, log_name="browser-workshop-jupyterlab.log") as lab:
        for folder, name in PEOPLE.items():
            _participant_copy(lab.root, folder, code, name)
        board_path = _facilitator_copy(lab.root, code)
        with chromium_page() as board:
            board.set_viewport_size({"width": 1400, "height": 1300})
            # each participant in a page of their own (a browser context each, as on three laptops)
            pages = {folder: board.context.browser.new_page(viewport={"width": 1280, "height": 900}) for folder in PEOPLE}
            with screenshot_on_failure(board, "browser-workshop-failure.png"):
                # the facilitator opens the dashboard first: an empty room
                run_all(board, lab, board_path, "facilitator")
                dash = board.locator(".course-dashboard")
                present = dash.locator(".course-dash-present")
                expect(present).to_have_text("0 participants present", timeout=SLOW)
                card = dash.locator(f".course-dash-card-{Q1}")
                answered = card.locator(".course-dash-answered")
                expect(answered).to_have_text("0 of 0 answered")
                expect(dash.locator(".course-dash-card")).to_have_count(14)
                expect(dash).to_contain_text(code)
                assert board.get_by_text("Error displaying widget").count() == 0
                _shot(dash.locator(".course-dash-header"), "01-empty-room-header")
                _shot(card, "01-empty-room-q1")

                # three participants open their notebooks: each joins as the notebook runs
                for folder, page in pages.items():
                    run_all(page, lab, f"{folder}/{NOTEBOOK}", folder)
                for folder, page in pages.items():
                    first = page.locator(".course-exercise", has_text=Q1_PROMPT)
                    expect(first.get_by_role("radio", name=RIGHT)).to_be_visible(timeout=SLOW)
                    expect(first).to_contain_text("Not answered yet.")
                    joined = page.locator(".jp-OutputArea-output", has_text=f"Joined workshop {code} as {PEOPLE[folder]}")
                    expect(joined).to_have_count(1)
                joined.scroll_into_view_if_needed()
                pages["p3"].screenshot(path=str(artifacts() / "browser-workshop-02-participant-joined.png"))
                expect(present).to_have_text("3 participants present", timeout=SLOW)
                expect(answered).to_have_text("0 of 3 answered", timeout=SLOW)
                dash.locator(".course-dash-header").scroll_into_view_if_needed()
                board.screenshot(path=str(artifacts() / "browser-workshop-02-three-joined.png"))

                # the first answer comes in
                _answer_radio(pages["p1"], RIGHT)
                expect(answered).to_have_text("1 of 3 answered", timeout=SLOW)
                expect(card).to_contain_text("Still answering: Participant 2, Participant 3.")
                _shot(card, "03-one-answered")

                # then the other two
                _answer_radio(pages["p2"], WRONG)
                _answer_radio(pages["p3"], RIGHT)
                expect(answered).to_have_text("3 of 3 answered", timeout=SLOW)
                expect(card).to_contain_text(f"Most chosen: “{RIGHT}” (2 of 3).")
                expect(card).to_contain_text("Everyone present has answered.")
                counts = card.locator("details.course-dash-counts table")
                expect(counts.locator("tr", has_text=RIGHT)).to_contain_text("2")
                expect(counts.locator("tr", has_text=WRONG)).to_contain_text("1")
                # names stay hidden, and nothing gives the answer away yet
                for name in PEOPLE.values():
                    expect(dash).not_to_contain_text(name)
                expect(answered).not_to_contain_text("right")
                expect(card.locator(".course-dash-reveal")).to_have_count(0)
                expect(card).not_to_contain_text("Pausing is not delaying")
                _shot(card, "04-three-answered")

                # the facilitator reveals the explanations of this question
                reveal = card.get_by_role("button", name="Reveal explanations")
                reveal.click()
                expect(card.locator(".course-dash-reveal")).to_contain_text("2 of 3 right (67%).", timeout=30_000)
                expect(card).to_contain_text("Pausing is not delaying")
                expect(card).to_contain_text("Recall rarely reaches")  # each option's explanation too
                expect(card.get_by_role("button", name="Hide explanations")).to_be_visible()
                _shot(card, "05-revealed")

                # and shows the names, on request only
                dash.get_by_role("button", name="Show names").click()
                expect(dash.locator(".course-dash-room")).to_contain_text("Ana: 1 of 14", timeout=30_000)
                expect(dash.locator(".course-dash-room")).to_contain_text("Cy: 1 of 14")
                dash.locator(".course-dash-header").scroll_into_view_if_needed()
                board.screenshot(path=str(artifacts() / "browser-workshop-06-names-shown.png"))
                dash.get_by_role("button", name="Hide names").click()
                expect(dash).not_to_contain_text("Ana", timeout=30_000)

                assert board.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
                assert board.get_by_text("Traceback").count() == 0

            # the store holds each participant once, with the answer each gave
            people = {p.name: p for p in store.participants(code)}
            assert sorted(people) == ["Ana", "Ben", "Cy"]
            assert {n: p.answers[Q1].value for n, p in people.items()} == {"Ana": RIGHT, "Ben": WRONG, "Cy": RIGHT}

            # the same dashboard served with Voilà for the projector, the code in the address
            with _voila(env) as url, screenshot_on_failure(board, "browser-workshop-voila-failure.png"):
                board.goto(f"{url}/?code={code}")
                dash = board.locator(".course-dashboard")
                expect(dash.locator(".course-dash-present")).to_have_text("3 participants present", timeout=SLOW)
                expect(dash.locator(f".course-dash-card-{Q1} .course-dash-answered")).to_have_text("3 of 3 answered")
                second = dash.locator(f".course-dash-card-{Q2} .course-dash-answered")
                expect(second).to_have_text("0 of 3 answered")
                board.screenshot(path=str(artifacts() / "browser-workshop-07-voila.png"))
                # a participant answers after the page opened: Voilà's page follows by itself
                ticks = pages["p2"].locator(".course-exercise", has_text=Q2_PROMPT)
                ticks.get_by_role("checkbox", name=TICK).check()
                expect(ticks).to_contain_text("Not checked yet", timeout=30_000)
                expect(second).to_have_text("0 of 3 answered")  # a tick is a draft: the room sees checks only
                ticks.get_by_role("button", name="Check").click()
                expect(ticks).to_contain_text("Saved (answered once)", timeout=30_000)
                expect(second).to_have_text("1 of 3 answered", timeout=SLOW)
                q2 = dash.locator(f".course-dash-card-{Q2}")
                expect(q2).to_contain_text(f"Most ticked: “{TICK}” (1 of 1).")
                expect(q2).to_contain_text("Still answering: Participant 1, Participant 3.")
                q2.screenshot(
                    path=str(artifacts() / "browser-workshop-08-voila-update.png"))


class _voila:
    """Voilà serving the dashboard notebook on a free port, as `course workshop dashboard --voila` does."""

    def __init__(self, env_extra: dict):
        self.env_extra = env_extra

    def __enter__(self) -> str:
        from course.workshop.dashboard import NOTEBOOK, notebook_path, serve_command

        self.folder = Path(tempfile.mkdtemp(prefix="voila-dashboard-"))
        shutil.copyfile(notebook_path(), self.folder / NOTEBOOK)
        port = free_port()
        cmd = serve_command(folder=self.folder, voila=True, port=port, open_browser=False)
        env = dict(os.environ, **self.env_extra)
        env.pop("COURSE_WORKSHOP", None)  # the code comes from the page's address
        env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
        self.log = open(artifacts() / "browser-workshop-voila.log", "w")
        self.proc = subprocess.Popen(cmd, env=env, cwd=self.folder, stdout=self.log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"

        wait_for_voila(self.proc, url, self.log.name, 60)
        time.sleep(0.5)
        return url

    def __exit__(self, *exc) -> None:
        self.proc.terminate()  # our own process, by its PID
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)
