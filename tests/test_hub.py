"""The course on a real JupyterHub, end to end in headless Chromium, with deploy/jupyterhub/ as shipped.

Why this test: deploy/jupyterhub/ is what an administrator copies, and a hub fails in ways no
single-server test shows: a learner's server that still offers Formgrader, a release a learner
cannot fetch from the shared exchange, a gradebook the instructor's formgrader cannot reach, a
workshop name that is not the hub user's. So this runs the copied configuration itself
(jupyterhub_config.py loaded unchanged, nbgrader_config.py as the global nbgrader config) on a real
JupyterHub from PyPI with configurable-http-proxy from npm (scripts/ensure-chp), the gradebook on
a real PostgreSQL server (tests/postgres_server.py), the workshop store on a shared folder, and
two learners and one instructor as real Unix users (tests/unix_users.py; their environment is
the shared one scripts/exchange-users makes, with the hub extra). Only the authenticator is the
test's own (JupyterHub's SharedPasswordAuthenticator: one password), and the ports are loopback ones.

The path: the instructor builds the graded release of the orientation and releases it, and
opens a live workshop in the shared store. In the browser, learner hub-ana logs in on the hub's
login page, opens Nbgrader > Assignment List, fetches the assignment, opens the notebook, runs it
(the join line joins the workshop as "hub-ana"), answers three questions by clicking, and
submits from the tab; hub-ben does the same, partly. The instructor collects with formgrader's
Collect button, runs ``course grade`` (into PostgreSQL) and releases the feedback; each learner
fetches it from the tab, opens it, and sees their own scores and no key. Formgrader answers on
the instructor's server (and lists the assignment from PostgreSQL) and on no learner's.

Everything started here is stopped, even on failure: the hub (which stops the single-user servers
and the proxy it started), any process left to the test users (by PID), the users themselves, and
the PostgreSQL server (the session fixture). Screenshots go to test-artifacts/hub-*.png.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from jupyterlab_browser import CHROME_ARGS, CHROMIUM, artifacts, free_port, screenshot_on_failure, unavailable, wait_for
from playwright.sync_api import expect, sync_playwright
from test_feedback import assert_no_key_in_feedback
from unix_users import Machine, unix_users

from course import catalogue

pytestmark = [pytest.mark.slow, pytest.mark.browser]

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy" / "jupyterhub"
ROLES = Path(__file__).with_name("exchange_roles.py")
ASSIGNMENT, NOTEBOOK = "00-orientation", "orientation"
SOLUTION = REPO / "solutions" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
COURSE_ID = "recovering-from-mistakes"
TEACHER, ANA, BEN = "hub-teacher", "hub-ana", "hub-ben"
PASSWORD = "course-hub-test"  # SharedPasswordAuthenticator's one password: this test's hub only, never the deploy config
WORKSHOP = "HUBROOM"
GRADED_RELEASE = "graded-release"

# what each learner clicks: (exercise id, prompt, option) for single choices; hub-ben answers partly
FIRST_MOVE = ("orient-first-move", "What do you do in the next ten minutes?")
FINAL_SAY = ("orient-final-say", "It is 11:00. What do you do?")
ONE_OFF = ("orient-one-off", "One-off or pattern?")
CLICKS = {
    ANA: [(*FIRST_MOVE, "Check what was sent, to whom, and whether they have used it"),
          (*FINAL_SAY, "Book a short call before 2 pm, and send the file as well"),
          (*ONE_OFF, "Pattern: the year has slipped three times now")],
    BEN: [(*FIRST_MOVE, "Recall the message in Outlook and get on with the day"),
          (*FINAL_SAY, "Book a short call before 2 pm, and send the file as well")],
}

# the test's own hub settings around the deploy config (loaded unchanged with load_subconfig)
HUB_CONFIG = """c = get_config()
load_subconfig({deploy!r})
# the test's authenticator and loopback ports; the deploy config sets neither
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = {password!r}
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
c.ConfigurableHTTPProxy.command = [{chp!r}]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.Spawner.ip = "127.0.0.1"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.JupyterHub.db_url = "sqlite:///{state}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{state}/jupyterhub_cookie_secret"
c.ConfigurableHTTPProxy.pid_file = "{state}/jupyterhub-proxy.pid"
c.JupyterHub.pid_file = "{state}/jupyterhub.pid"
"""
# each user's JupyterLab without the "Jupyter news?" toast over the page
NO_NEWS = {"fetchNews": "false", "checkForUpdates": False}


def _chp() -> str:
    """configurable-http-proxy from npm, installed by scripts/ensure-chp into .cache/chp."""
    done = subprocess.run([str(REPO / "scripts" / "ensure-chp")], capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        unavailable(f"scripts/ensure-chp could not install configurable-http-proxy: {done.stderr.strip()[-500:]}")
    return done.stdout.strip().splitlines()[-1]


@dataclass
class Hub:
    """The running hub, the users' machine, and what the instructor's commands need."""

    url: str
    machine: Machine
    course: Path
    exchange: Path
    workshops: Path
    config_dir: Path  # the global nbgrader config, as /etc/jupyter would hold it
    db_url: str
    log: Path
    shots: list[str] = field(default_factory=list)

    def instructor_env(self) -> list[str]:
        """The variables the hub gives the instructor's server, for commands run as the instructor."""
        return [f"COURSE_DB_URL={self.db_url}", f"COURSE_ID={COURSE_ID}", f"COURSE_EXCHANGE_ROOT={self.exchange}",
                f"COURSE_WORKSHOP_STORE={self.workshops}", f"JUPYTER_CONFIG_PATH={self.config_dir}"]

    def instructor(self, *args, check: bool = True):
        return self.machine.run(TEACHER, *self.instructor_env(), *args, cwd=self.course, check=check)

    def shot(self, page, name: str) -> None:
        path = artifacts() / f"hub-{name}.png"
        page.screenshot(path=str(path), full_page=False)
        self.shots.append(path.name)


def _own(path: Path, user: str) -> None:
    for item in [path, *path.rglob("*")]:
        shutil.chown(item, user, user)


def _prepare_instructor(m: Machine, hub: Hub) -> None:
    """The instructor's course folder and nbgrader config (nbgrader's one-grader set-up), the graded
    release through the exchange, and a live workshop in the shared store."""
    course = hub.course
    course.mkdir()
    shutil.copy(REPO / "nbgrader_config.py", course)
    shutil.copytree(REPO / "solutions" / ASSIGNMENT, course / "solutions" / ASSIGNMENT,
                    ignore=shutil.ignore_patterns("responses*.json", ".responses*"))
    own_config = m.home(TEACHER) / ".jupyter" / "nbgrader_config.py"  # README: the instructor's one file
    own_config.parent.mkdir(exist_ok=True)
    own_config.write_text(f"c = get_config()\nload_subconfig({str(course / 'nbgrader_config.py')!r})\n")
    _own(course, TEACHER)
    _own(own_config.parent, TEACHER)

    hub.instructor("course", "build", ASSIGNMENT, "--graded", "--to", GRADED_RELEASE)
    hub.instructor("nbgrader", "release_assignment", ASSIGNMENT, f"--CourseDirectory.release_directory={GRADED_RELEASE}")
    hub.instructor("chmod", "+t", hub.exchange / COURSE_ID / "inbound")
    hub.instructor("course", "workshop", "create", ASSIGNMENT, "--code", WORKSHOP, "--title", "Hub test")


def _start_hub(m: Machine, state: Path, env: dict, config: Path, log: Path, port: int) -> subprocess.Popen:
    with open(log, "ab") as out:
        proc = subprocess.Popen([str(m.venv / "bin" / "jupyterhub"), "-f", str(config)], cwd=state, env=env,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

    def up():
        if proc.poll() is not None:
            pytest.fail(f"JupyterHub stopped at start-up:\n{log.read_text()[-4000:]}", pytrace=False)
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/hub/api/", timeout=2) as response:
                return json.load(response).get("version")
        except (OSError, ValueError):
            return None

    wait_for(up, 90, "JupyterHub to answer on its public port")
    return proc


def _stop_hub(proc: subprocess.Popen, state: Path, users: tuple[str, ...]) -> None:
    """Stop the hub (it stops its users' servers and its proxy), then anything of ours left, by PID."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
    pid_file = state / "jupyterhub-proxy.pid"
    if pid_file.is_file():  # the proxy the hub started, if it outlived the hub
        try:
            os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)
        except (ValueError, ProcessLookupError):
            pass
    for user in users:  # single-user servers and kernels the hub could not stop
        found = subprocess.run(["pgrep", "-u", user], capture_output=True, text=True)
        for pid in found.stdout.split():
            try:
                os.kill(int(pid), signal.SIGKILL)
            except ProcessLookupError:
                pass


@pytest.fixture(scope="module")
def hub(postgres):
    if not Path(CHROMIUM).exists():
        unavailable(f"{CHROMIUM} is missing: run scripts/ensure-chromium to install Debian's chromium")
    chp = _chp()
    users = (TEACHER, ANA, BEN)
    with unix_users(*users, log="hub-users.log") as m:
        shared = m.top / "srv"
        shared.mkdir(mode=0o755)
        exchange, workshops = shared / "exchange", shared / "workshops"
        for folder in (exchange, workshops):  # nbgrader's and the README's: everyone writes, sticky
            folder.mkdir()
            folder.chmod(0o1777)
        config_dir = shared / "etc-jupyter"  # what /etc/jupyter/ holds on a real hub
        config_dir.mkdir(mode=0o755)
        shutil.copy(DEPLOY / "nbgrader_config.py", config_dir / "nbgrader_config.py")
        for user in users:
            settings = m.home(user) / ".jupyter/lab/user-settings/@jupyterlab/apputils-extension"
            settings.mkdir(parents=True)
            (settings / "notification.jupyterlab-settings").write_text(json.dumps(NO_NEWS))
            _own(m.home(user) / ".jupyter", user)
        db_url = postgres.database("hub_gradebook")
        state = m.top / "hub"  # the hub's own files (root's), not the users'
        state.mkdir(mode=0o700)
        log = artifacts() / "hub-jupyterhub.log"
        log.write_text("")
        hub = Hub("", m, m.home(TEACHER) / "course", exchange, workshops, config_dir, db_url, log)
        _prepare_instructor(m, hub)

        port, hub_port, api_port = free_port(), free_port(), free_port()
        config = state / "jupyterhub_config.py"
        config.write_text(HUB_CONFIG.format(
            deploy=str(DEPLOY / "jupyterhub_config.py"), password=PASSWORD, port=port, hub_port=hub_port,
            chp=chp, api_port=api_port, singleuser=str(m.venv / "bin" / "jupyterhub-singleuser"), state=state))
        env = {"PATH": f"{m.venv}/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(state),
               # the deploy config's settings, as an administrator sets them for the hub's service
               "COURSE_HUB_INSTRUCTORS": TEACHER, "COURSE_HUB_LEARNERS": f"{ANA},{BEN}",
               "COURSE_DB_URL": db_url, "COURSE_EXCHANGE_ROOT": str(exchange),
               "COURSE_WORKSHOP_STORE": str(workshops), "COURSE_WORKSHOP": WORKSHOP,
               "COURSE_USER_PYTHON": str(m.venv / "bin" / "python"),
               "COURSE_HUB_JUPYTER_CONFIG": str(config_dir)}
        proc = _start_hub(m, state, env, config, log, port)
        try:
            hub.url = f"http://127.0.0.1:{port}"
            yield hub
        finally:
            _stop_hub(proc, state, users)


# ---- what each person does in the browser ----------------------------------------------------------

def _login(context, hub: Hub, user: str):
    """Log in on the hub's own login page; wait for the user's JupyterLab (the hub spawns it)."""
    page = context.new_page()
    page.goto(f"{hub.url}/hub/login")
    page.locator("#username_input").fill(user)
    page.locator("#password_input").fill(PASSWORD)
    page.locator("#login_submit").click()
    page.wait_for_url(re.compile(rf"/user/{re.escape(user)}/lab"), timeout=180_000)
    expect(page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").first).to_be_visible(timeout=120_000)
    return page


def _nbgrader_menu(page) -> set[str]:
    """The Nbgrader menu's items (lowercased); the menu is left open."""
    page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").first.click()
    menu = page.locator("#jp-mainmenu-nbgrader")
    expect(menu).to_be_visible()
    return {t.strip().lower() for t in menu.locator(".lm-Menu-item:visible .lm-Menu-itemLabel").all_inner_texts()
            if t.strip()}


def _assignments_tab(page):
    """Open Nbgrader > Assignment List: nbgrader's Assignments tab."""
    if not page.locator("#jp-mainmenu-nbgrader").is_visible():
        _nbgrader_menu(page)
    page.locator("#jp-mainmenu-nbgrader .lm-Menu-itemLabel", has_text="Assignment List").first.click()
    tab = page.locator("#assignments").last
    expect(tab).to_be_visible(timeout=30_000)
    return tab


def _refresh(tab) -> None:
    tab.locator("#refresh_assignments_list").click()


def _fetch_and_open(page, hub: Hub, user: str) -> None:
    """Fetch the assignment from the tab, open its notebook from the tab, and run it."""
    tab = _assignments_tab(page)
    released = tab.locator("#released_assignments_list .list_item", has_text=ASSIGNMENT)
    expect(released).to_be_visible(timeout=60_000)
    released.get_by_role("button", name="Fetch").click()
    fetched = tab.locator("#fetched_assignments_list .list_item", has_text=ASSIGNMENT).first
    expect(fetched).to_be_visible(timeout=60_000)
    assert (hub.machine.home(user) / ASSIGNMENT / f"{NOTEBOOK}.ipynb").is_file(), "the fetch put no notebook in ~"
    hub.shot(page, f"{user}-fetched")
    fetched.locator("a.assignment-notebooks-link").click()  # show the assignment's notebooks
    notebook_link = tab.locator("#fetched_assignments_list a", has_text=re.compile(rf"^{NOTEBOOK}$"))
    expect(notebook_link).to_be_visible(timeout=30_000)
    notebook_link.click()
    current = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current")
    expect(current).to_contain_text(f"{NOTEBOOK}.ipynb", timeout=60_000)
    page.wait_for_selector(".jp-NotebookPanel:visible .jp-Cell", timeout=60_000)
    expect(page.locator(".jp-StatusBar-Widget", has_text="Idle").first).to_be_visible(timeout=120_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    # every cell run (the last one draws the progress table) and the kernel idle, before any click:
    # a click on a widget while the kernel still runs the notebook was seen to go unsaved
    progress = page.locator(".jp-Cell", has_text="summary()").last
    expect(progress).to_contain_text("Your answers so far", timeout=180_000)
    expect(page.locator(".jp-StatusBar-Widget", has_text="Idle").first).to_be_visible(timeout=60_000)


def _answer(page, clicks) -> None:
    """Click each chosen option; graded mode saves it at once and judges nothing."""
    for _exercise, prompt, option in clicks:
        panel = page.locator(".course-exercise", has_text=prompt)
        radio = panel.get_by_role("radio", name=option)
        expect(radio).to_be_visible(timeout=120_000)
        radio.click()
        expect(panel).to_contain_text("Saved (answered once). It is graded after you submit.", timeout=30_000)
        expect(panel).not_to_contain_text("Right")  # no key in a graded release: nothing to judge with


def _submit(page, hub: Hub, user: str) -> None:
    page.keyboard.press("Control+s")  # the notebook saved, as a learner does before submitting
    notebook_tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text=f"{NOTEBOOK}.ipynb")
    expect(notebook_tab).not_to_have_class(re.compile(r"\bjp-mod-dirty\b"), timeout=30_000)
    tab = _assignments_tab(page)
    fetched = tab.locator("#fetched_assignments_list .list_item", has_text=ASSIGNMENT).first
    fetched.get_by_role("button", name="Submit").first.click()
    submitted = tab.locator("#submitted_assignments_list .list_item", has_text=ASSIGNMENT).first
    expect(submitted).to_be_visible(timeout=60_000)
    hub.shot(page, f"{user}-submitted")


def _open_feedback(page, hub: Hub, user: str) -> str:
    """Fetch the feedback from the tab, open it from there; return the page's HTML as shown."""
    tab = _assignments_tab(page)
    _refresh(tab)
    submitted = tab.locator("#submitted_assignments_list", has_text=ASSIGNMENT)
    button = submitted.get_by_role("button", name="Fetch Feedback")
    expect(button).to_be_visible(timeout=60_000)
    button.click()
    view = submitted.get_by_text("(view feedback)")
    expect(view).to_be_visible(timeout=60_000)
    view.click()  # nbgrader's link opens the feedback's folder in the file browser: open the page there
    listed = page.locator(".jp-DirListing-item", has_text=f"{NOTEBOOK}.html")
    expect(listed).to_be_visible(timeout=30_000)
    listed.dblclick()
    current = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current")
    expect(current).to_contain_text(f"{NOTEBOOK}.html", timeout=60_000)
    frame = page.frame_locator(".jp-HTMLViewer:visible iframe")
    expect(frame.locator("body")).to_contain_text("Score", timeout=60_000)
    page.wait_for_timeout(500)  # the viewer lays the page out before the picture
    hub.shot(page, f"{user}-feedback")
    steps = frame.get_by_role("heading", name="Your scores by recovery step").first
    steps.scroll_into_view_if_needed()
    hub.shot(page, f"{user}-feedback-steps")
    return frame.locator("html").evaluate("node => node.outerHTML")


@dataclass
class Run:
    """What the end-to-end run saw, for the checks below."""

    hub: Hub
    menus: dict[str, set[str]]  # user -> the Nbgrader menu's items on their hub server
    environments: dict[str, dict[str, str]]  # user -> their server's environment, as the hub set it
    formgrader: dict[str, int]  # user -> HTTP status of /user/<user>/formgrader on their server
    formgrader_assignments: list[str]  # what the instructor's formgrader lists (from PostgreSQL)
    collected: list[str]  # whose submission formgrader's Collect put in the course, with its answers
    joined: dict[str, str]  # learner -> the join line's output in their notebook
    workshop: dict[str, set[str]]  # participant name -> the exercises the workshop store holds
    gradebook: dict  # student -> {"total", "max", "cells": {grade id: [score, points]}}
    feedback: dict[str, str]  # learner -> the feedback page's HTML, as the viewer showed it


def _server_environment(user: str) -> dict[str, str]:
    """The environment the hub gave ``user``'s single-user server, read from /proc (we are root)."""
    found = subprocess.run(["pgrep", "-u", user, "-f", "jupyterhub-singleuser"], capture_output=True, text=True)
    pids = found.stdout.split()
    assert len(pids) == 1, f"{user} has {len(pids)} single-user servers running"
    raw = Path(f"/proc/{pids[0]}/environ").read_bytes()
    return dict(item.split("=", 1) for item in raw.decode().split("\0") if "=" in item)


def _status(context, url: str) -> int:
    """The HTTP status of a page on the user's own server, after its redirects."""
    return context.request.get(url).status


@pytest.fixture(scope="module")
def run(hub: Hub) -> Run:
    menus, environments, formgrader, joined, feedback = {}, {}, {}, {}, {}
    shared = hub.machine.top / "shared"
    shared.mkdir(mode=0o755)
    shutil.copy(ROLES, shared / ROLES.name)
    (shared / ROLES.name).chmod(0o644)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        try:
            contexts = {user: browser.new_context(viewport={"width": 1280, "height": 900}) for user in (TEACHER, ANA, BEN)}
            pages = {}
            for user in (ANA, BEN):  # each learner: log in, fetch, answer by clicking, submit
                page = pages[user] = _login(contexts[user], hub, user)
                with screenshot_on_failure(page, f"hub-{user}-failure.png"):
                    menus[user] = _nbgrader_menu(page)
                    environments[user] = _server_environment(user)
                    page.keyboard.press("Escape")
                    _fetch_and_open(page, hub, user)
                    join = page.locator(".jp-Cell", has_text="join(code=").first.locator(".jp-OutputArea")
                    expect(join).to_contain_text("Joined", timeout=120_000)
                    joined[user] = join.text_content()  # (inner_text is empty for a cell scrolled away)
                    _answer(page, CLICKS[user])
                    hub.shot(page, f"{user}-answered")
                    _submit(page, hub, user)
                    formgrader[user] = _status(contexts[user], f"{hub.url}/user/{user}/formgrader")

            page = pages[TEACHER] = _login(contexts[TEACHER], hub, TEACHER)
            with screenshot_on_failure(page, "hub-teacher-failure.png"):
                menus[TEACHER] = _nbgrader_menu(page)
                environments[TEACHER] = _server_environment(TEACHER)
                page.keyboard.press("Escape")
                formgrader[TEACHER] = _status(contexts[TEACHER], f"{hub.url}/user/{TEACHER}/formgrader")
                listed = contexts[TEACHER].request.get(f"{hub.url}/user/{TEACHER}/formgrader/api/assignments")
                assert listed.ok, f"the instructor's formgrader API: {listed.status} {listed.text()[:300]}"
                assignments = sorted(a["name"] for a in listed.json())
                page.goto(f"{hub.url}/user/{TEACHER}/formgrader")
                row = page.get_by_role("row", name=re.compile(rf"^{ASSIGNMENT} .*released"))
                expect(row).to_be_visible(timeout=60_000)
                hub.shot(page, "teacher-formgrader")
                # the instructor collects in formgrader (its Collect button: nbgrader collect --update)
                row.locator("td.collect a").click()
                done = page.locator("#success-modal")
                expect(done).to_contain_text(f"Successfully collected submissions of '{ASSIGNMENT}'", timeout=120_000)
                expect(done).to_be_visible()
                page.wait_for_timeout(500)  # the dialog's fade-in, for the picture
                hub.shot(page, "teacher-collect-dialog")
                done.get_by_role("button", name="Close").first.click()
                expect(done).to_be_hidden(timeout=10_000)
                expect(row.locator("td.num-submissions")).to_have_text("2", timeout=30_000)
                page.wait_for_timeout(500)  # the backdrop's fade-out
                hub.shot(page, "teacher-collected")
                collected = sorted(p.parent.parent.name for p in
                                   (hub.course / "grading" / "submitted").glob(f"*/{ASSIGNMENT}/responses.json"))

            # ... and grades in their terminal (the README's command, in their own account)
            hub.instructor("course", "grade", ASSIGNMENT, "--quiet")
            hub.instructor("nbgrader", "release_feedback", ASSIGNMENT)
            gradebook = json.loads(hub.instructor("python", shared / ROLES.name, "scores", hub.course,
                                                  ASSIGNMENT).stdout)
            workshop = _workshop_answers(hub)

            for user in (ANA, BEN):  # each learner fetches feedback from the tab and reads it
                with screenshot_on_failure(pages[user], f"hub-{user}-feedback-failure.png"):
                    feedback[user] = _open_feedback(pages[user], hub, user)
        finally:
            browser.close()
    return Run(hub, menus, environments, formgrader, assignments, collected, joined, workshop, gradebook, feedback)


def _workshop_answers(hub: Hub) -> dict[str, set[str]]:
    """Participant name -> exercises, from the session's CSV export (the facilitator's command)."""
    import csv

    out = hub.course / "workshop.csv"
    hub.instructor("course", "workshop", "export", WORKSHOP, "--csv", out)
    names: dict[str, set[str]] = {}
    with open(out, newline="", encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            names.setdefault(row["name"], set()).add(row["exercise"])
    return names


# ---- the checks ---------------------------------------------------------------------------------

INSTRUCTOR_TOOLS = ("formgrader", "create assignment", "course list")


@pytest.mark.parametrize("user", [ANA, BEN])
def test_a_learners_hub_server_has_the_assignments_tab_and_no_instructor_tools(run, user):
    assert "assignment list" in run.menus[user], run.menus[user]
    assert not [item for item in run.menus[user] if any(tool in item for tool in INSTRUCTOR_TOOLS)], run.menus[user]
    assert run.formgrader[user] == 404, "formgrader's server extension is off on a learner's server"


@pytest.mark.parametrize("user", [ANA, BEN])
def test_a_learners_server_runs_graded_with_the_learner_config_and_no_gradebook_url(run, user):
    env = run.environments[user]
    assert env["COURSE_MODE"] == "graded"
    assert env["COURSE_WORKSHOP_NAME"] == user
    assert env["COURSE_WORKSHOP"] == WORKSHOP
    paths = env["JUPYTER_CONFIG_PATH"].split(os.pathsep)
    assert Path(paths[0]).name == "learner_jupyter" and str(run.hub.config_dir) in paths
    assert env["PYTHONSTARTUP"].endswith("kernel_startup.py")
    assert env["COURSE_EXCHANGE_ROOT"] == str(run.hub.exchange)
    assert "COURSE_DB_URL" not in env, "a learner's server must never see the gradebook's URL"


def test_the_instructors_server_has_the_gradebook_url_and_no_learner_settings(run):
    env = run.environments[TEACHER]
    assert env["COURSE_DB_URL"] == run.hub.db_url
    assert env["JUPYTER_CONFIG_PATH"] == str(run.hub.config_dir)
    assert not {"COURSE_MODE", "PYTHONSTARTUP", "COURSE_WORKSHOP_NAME"} & set(env)


def test_the_instructors_hub_server_has_formgrader_on_the_postgresql_gradebook(run):
    assert {"assignment list", "formgrader", "create assignment"} <= run.menus[TEACHER], run.menus[TEACHER]
    assert run.formgrader[TEACHER] == 200
    assert run.formgrader_assignments == [ASSIGNMENT]  # the release recorded it in PostgreSQL
    assert run.collected == [ANA, BEN]  # collected from formgrader, each with their responses.json


@pytest.mark.parametrize("user", [ANA, BEN])
def test_each_learner_joined_the_workshop_under_their_hub_name(run, user):
    assert f"Joined workshop {WORKSHOP} as {user}" in run.joined[user], run.joined[user]
    assert run.workshop[user] == {exercise for exercise, _prompt, _option in CLICKS[user]}


@pytest.mark.parametrize("user", [ANA, BEN])
def test_the_gradebook_holds_what_each_learner_clicked_on_the_hub(run, user):
    book = run.gradebook[user]
    exercises = {e.id: e for e in catalogue.load(ASSIGNMENT, root=REPO).exercises}
    cells = {cell: score for cell, (score, _points) in book["cells"].items()}
    clicked = {exercise: option for exercise, _prompt, option in CLICKS[user]}
    for exercise, info in exercises.items():
        if exercise not in clicked:
            assert cells[exercise] == 0, f"{exercise}: not answered, yet scored {cells[exercise]}"
        elif clicked[exercise] == info.key:
            assert cells[exercise] == info.points, f"{exercise}: the right option, scored {cells[exercise]}"
        else:
            assert cells[exercise] < info.points, f"{exercise}: a wrong option, scored {cells[exercise]}"
    assert sum(cells.values()) > 0  # each learner clicked at least one right option
    assert book["total"] == pytest.approx(sum(cells.values()))
    assert book["max"] == sum(e.points for e in exercises.values())


@pytest.mark.parametrize("user", [ANA, BEN])
def test_each_learner_reads_their_own_scores_in_the_feedback_they_fetched(run, user):
    page = run.feedback[user]
    book = run.gradebook[user]
    header = re.search(r"\(Score: ([\d.]+) / ([\d.]+)\)</h4>", page)
    assert header, "no total score at the top of the feedback"
    assert float(header[1]) == pytest.approx(book["total"], abs=0.005) and float(header[2]) == book["max"]
    per_cell = {gid: float(score) for gid, score, _points in
                re.findall(r'href="#([\w-]+)">[^<]*</a> \(Score: ([\d.]+) / ([\d.]+)\)', page)}
    assert per_cell == {cell: pytest.approx(score, abs=0.005) for cell, (score, _points) in book["cells"].items()}
    other = BEN if user == ANA else ANA
    assert other not in page, "another learner's name in the feedback"


@pytest.mark.parametrize("user", [ANA, BEN])
def test_no_feedback_a_learner_reads_on_the_hub_holds_a_key(run, user):
    page = run.feedback[user]  # the page's text as the learner sees it, scores and all
    assert_no_key_in_feedback(page, page, run.gradebook[user]["cells"], ASSIGNMENT, NOTEBOOK, numeric_keys=False)
