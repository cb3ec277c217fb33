"""A Wheel-of-Misfortune drill in real JupyterLab: the room votes, the facilitator reveals and moves on.

What it proves, as a room would meet it, in two sessions of one JupyterLab (each session's store a
temporary folder every kernel reaches through $COURSE_WORKSHOP_STORE):

1. The real case, 01-bulk-spam, its decision and consequences as the course has them (the
   catalogue read from solutions/, the consequences from the scenario's DECISIONS). The
   facilitator opens the dashboard notebook in headless Chromium, only the session code typed in,
   and switches it to a drill with the keyboard; the decision shows with its options, "0 of 3
   voted" and a timer that counts down by itself. Ana votes in her own notebook in a page of her
   own (Run All, choose, Decide: her kernel publishes the vote); Ben and Cy vote through the
   participant's own code path in this process (`Membership.publish` of the saved answer, what a
   joined kernel does), which spares two more kernels on two shared cores. The counts come in, no
   names anywhere; Reveal shows the consequence of the majority's choice, and of it alone, then
   the why. axe-core finds no serious violation in the drill's view (when installed: scripts/ensure-axe).
2. A case of two decisions declared here (handed to the dashboard as its catalogue), for what one
   decision cannot show: Next moves to the second decision with a fresh clock, a split room (a
   tie) reveals the consequence of each tied option, a short timer reaches "Time is up" while a
   late vote still counts, and Reveal again follows the new majority.

Screenshots of each stage go to test-artifacts/browser-drill-*.png (see tests/jupyterlab_browser.py).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pytest

from jupyterlab_browser import (REPO, TOKEN, artifacts, chromium_page, free_port, screenshot_on_failure, start_lab,
                                wait_for_voila)
from playwright.sync_api import expect

from course import catalogue, scenarios
from course.answers.events import SavedAnswer
from course.workshop.participant import Membership
from course.workshop.store import open_store

pytestmark = pytest.mark.browser

ASSIGNMENT = "01-bulk-spam"
NOTEBOOK = "bulk-spam.ipynb"
PEOPLE = ("Ana", "Ben", "Cy")
SLOW = 90_000  # ms: two shared cores
AXE = REPO / ".cache/axe/node_modules/axe-core/axe.min.js"

# Part 2's case, declared here (handed to the dashboard as its catalogue): two decisions with their
# options, best option and explanations, and each option's consequence.
BLAST = "Email an apology to all 10,000 contacts now"
ONE_BY_ONE = "Pause the sends and answer the people who wrote, one by one"
SELLER = "Ask the list seller to send an apology on your behalf"
QUIET = "Send the right file quietly to the finance lead only"
OPEN = "Tell the client, and everyone who received the file"
DECISIONS = [
    dict(id="spam-first-reply", kind="decision", step="fix", points=3.0, number=7, notebook="bulk-spam.ipynb",
         prompt="It is 10:30 and the complaints are arriving. What do you do in the first hour?",
         options=(BLAST, ONE_BY_ONE, SELLER), key=ONE_BY_ONE,
         explanations={BLAST: "A second mass email to people who never consented repeats the offence.",
                       ONE_BY_ONE: "Stop the damage from growing first, then answer the people who wrote.",
                       SELLER: "The seller repairs nothing for the people you emailed."}),
    dict(id="spam-second-move", kind="decision", step="own", points=3.0, number=9, notebook="bulk-spam.ipynb",
         prompt="The finance lead has the wrong file. What do you do?", options=(QUIET, OPEN), key=OPEN),
]
CONSEQUENCES = {
    "spam-first-reply": {
        BLAST: "Within the hour, a second wave of complaints arrives: 140 more people mark you as spam.",
        ONE_BY_ONE: "By noon the send is paused and the angriest replies have an answer. "
                    "The complaint rate stops rising.",
        SELLER: "The seller never answers, and your name is still on the email."},
    "spam-second-move": {
        QUIET: "Thursday's budget meeting used last year's figures.",
        OPEN: "The client thanks you for the call and moves the budget meeting."},
}


def _facilitator_copy(lab_root, code: str, folder: str, *, declared: bool = False) -> str:
    """The dashboard notebook with the session code typed in; ``declared``: with part 2's case too."""
    from course.workshop.dashboard import notebook_path

    nb = nbformat.read(notebook_path(), as_version=4)
    source = nb.cells[0].source
    assert 'code = ""' in source and "Dashboard(code)" in source
    nb.cells[0].source = source.replace('code = ""', f'code = "{code}"')
    if declared:
        declare = nbformat.v4.new_code_cell(
            "from course.catalogue import ExerciseInfo\n"
            f"CATALOGUE = [ExerciseInfo(**d) for d in {DECISIONS!r}]\n"
            f"CONSEQUENCES = {json.dumps(CONSEQUENCES, ensure_ascii=False)}\n")
        nb.cells[0].source = nb.cells[0].source.replace(
            "Dashboard(code)", "Dashboard(code, catalogue=CATALOGUE, consequences=lambda d: CONSEQUENCES.get(d.id, {}))")
        nb.cells.insert(0, declare)
    (lab_root / folder).mkdir()
    nbformat.write(nb, lab_root / folder / "dashboard.ipynb")
    return f"{folder}/dashboard.ipynb"


def _participant_copy(lab_root, code: str, name: str) -> str:
    """The case's learner notebook as one participant gets it, with the join line filled in."""
    shutil.copytree(lab_root / ASSIGNMENT, lab_root / name)
    path = lab_root / name / NOTEBOOK
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code" and 'join(code="", name="")' in c.source]
    assert len(cells) == 1, "the learner notebook has one join line near the top"
    cells[0].source = cells[0].source.replace('join(code="", name="")', f'join(code="{code}", name="{name}")')
    nbformat.write(nb, path)
    return f"{name}/{NOTEBOOK}"


def _run_all(page, lab, path: str, workspace: str) -> None:
    """Open a notebook in a JupyterLab workspace of its own (so pages never share tabs) and run it all."""
    page.goto(f"{lab.url}/lab/workspaces/{workspace}/tree/{path}?token={TOKEN}&reset")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=SLOW)
    expect(page.locator(".jp-StatusBar-Widget", has_text="Idle").first).to_be_visible(timeout=SLOW)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()


def _vote(store, code: str, name: str, decision, option: str) -> None:
    """One participant's decision, published as a joined notebook publishes its checked answer."""
    exercise_id, step = (decision["id"], decision["step"]) if isinstance(decision, dict) else (decision.id, decision.step)
    problem = Membership(store, code, name).publish(SavedAnswer(
        exercise_id=exercise_id, kind="decision", step=step, value=option, score=None, attempt=1))
    assert problem is None, problem


def _shot(page, name: str) -> None:
    page.screenshot(path=str(artifacts() / f"browser-drill-{name}.png"))


def _counts(drill) -> list[int]:
    return [int(re.match(r"\d+", t).group()) for t in drill.locator(".course-drill-count").all_inner_texts()]


def _press(page, button) -> None:
    """Operate a button from the keyboard: focus it, then Enter, as a facilitator without a mouse would."""
    button.focus()
    expect(button).to_be_focused()
    page.keyboard.press("Enter")


_RUN_AXE = """async (tags) => {
  const result = await axe.run({include: [['.course-drill']]}, {runOnly: {type: 'tag', values: tags},
                                resultTypes: ['violations']});
  return result.violations.map(rule => ({id: rule.id, impact: rule.impact,
                                         nodes: rule.nodes.map(n => ({impact: n.impact, html: n.html,
                                                                      summary: n.failureSummary}))}));
}"""


def _axe(page) -> list[str]:
    """Serious or critical WCAG A/AA violations inside the drill's view (axe-core, when installed)."""
    if not AXE.is_file():
        return []
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(_RUN_AXE, ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    (artifacts() / "browser-drill-axe.json").write_text(json.dumps(found, indent=1, ensure_ascii=False))
    return [f"{rule['id']} ({node['impact'] or rule['impact']}): {node['html'][:120]} — {node['summary']}"
            for rule in found for node in rule["nodes"] if (node["impact"] or rule["impact"]) in ("serious", "critical")]


@contextmanager
def _served_drill(code: str, store_dir, env_extra: dict):
    """`course workshop dashboard CODE --drill --minutes 2 --voila` as a facilitator types it; its URL."""
    port = free_port()
    env = dict(os.environ, **env_extra)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    cmd = [str(Path(sys.executable).parent / "course"), "workshop", "dashboard", code, "--drill", "--minutes", "2",
           "--voila", "--port", str(port), "--no-browser", "--store", str(store_dir)]
    with open(artifacts() / "browser-drill-voila.log", "w") as log:
        proc = subprocess.Popen(cmd, env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"

        try:
            wait_for_voila(proc, url, log.name, 90)
            yield url
        finally:
            proc.terminate()  # our own process, by its PID: it stops its Voilà server and tidies up
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def _open_drill(board, lab, path: str, workspace: str):
    """Run the dashboard notebook, then switch it to a drill from the keyboard; the drill's view."""
    _run_all(board, lab, path, workspace)
    dash = board.locator(".course-dashboard")
    expect(dash.locator(".course-dash-present")).to_have_text("0 participants present", timeout=SLOW)
    assert board.get_by_text("Error displaying widget").count() == 0
    _press(board, dash.get_by_role("button", name="Run as a drill"))
    drill = dash.locator(".course-drill")
    expect(drill.locator(".course-drill-position")).to_contain_text("Decision 1 of", timeout=30_000)
    expect(dash.get_by_role("button", name="Back to all questions")).to_be_visible()
    expect(dash.locator(".course-dash-card").first).to_be_hidden()
    return dash, drill


def test_a_room_votes_on_each_decision_and_the_facilitator_reveals_the_consequence(tmp_path_factory):
    store_dir = tmp_path_factory.mktemp("drill") / "sessions"
    store = open_store(store_dir)
    code = store.create(ASSIGNMENT, title="Drill room").code
    code2 = store.create(ASSIGNMENT, title="Two decisions").code
    env = {"COURSE_WORKSHOP_STORE": str(store_dir), "COURSE_ROOT": str(REPO), "COURSE_WORKSHOP": "",
           "COURSE_WORKSHOP_NAME": "", "JUPYTERHUB_USER": "", "COURSE_WORKSHOP_DRILL": "",
           "COURSE_WORKSHOP_DRILL_MINUTES": "", "QUERY_STRING": ""}
    # the case's first decision as the course has it: its best option, and one the room may prefer
    decisions = [e for e in catalogue.load(ASSIGNMENT, root=REPO).exercises if e.kind == "decision"]
    assert decisions, f"{ASSIGNMENT} has a decision"
    real = decisions[0]
    point = scenarios.decision_point(ASSIGNMENT, real.id)
    best = real.key
    other = next(option for option in real.options if option != best)
    told = [p.strip() for p in point.branch_of(best).consequence.split("\n\n") if p.strip()]
    untold = point.branch_of(other).consequence.split("\n\n")[0].strip()
    with start_lab(tmp_path_factory, env_extra=env, log_name="browser-drill-jupyterlab.log") as lab:
        board_path = _facilitator_copy(lab.root, code, "facilitator")
        ana_path = _participant_copy(lab.root, code, "Ana")
        with chromium_page() as board, screenshot_on_failure(board, "browser-drill-failure.png"):
            board.set_viewport_size({"width": 1400, "height": 1300})
            ana = board.context.browser.new_page(viewport={"width": 1280, "height": 900})

            # 1. the real case: the facilitator opens the drill
            dash, drill = _open_drill(board, lab, board_path, "facilitator")
            expect(drill.locator(".course-drill-position")).to_have_text(
                f"Decision 1 of {len(decisions)} · {real.label}")
            expect(drill.locator(".course-drill-prompt")).to_have_text(real.prompt)
            expect(drill.locator(".course-drill-option")).to_have_count(len(real.options))
            for option in real.options:
                expect(drill.locator(".course-drill-options")).to_contain_text(option)
            expect(drill.locator(".course-drill-voted")).to_have_text("0 of 0 voted")
            timer = drill.get_by_role("timer")
            expect(timer).to_contain_text(re.compile(r"[23]:\d\d left"))
            start = timer.inner_text()
            expect(timer).not_to_have_text(start, timeout=10_000)  # it counts down by itself
            expect(timer).to_contain_text(re.compile(r"2:5\d left"))
            for name in ("Previous decision", "Next decision", "Reveal the consequence", "Show the why",
                         "Restart timer"):
                expect(drill.get_by_role("button", name=name)).to_be_visible()
            expect(drill.get_by_role("button", name="Previous decision")).to_be_disabled()
            expect(drill.get_by_role("button", name="Show the why")).to_be_disabled()
            expect(drill.get_by_label("Minutes per decision:")).to_have_value("3")
            _shot(board, "01-first-decision")

            # Ana opens the case in her notebook and joins; Ben and Cy join
            _run_all(ana, lab, ana_path, "ana")
            panel = ana.locator(".course-exercise", has_text=real.prompt)
            expect(panel.get_by_role("radio", name=best, exact=True)).to_be_visible(timeout=SLOW)
            expect(ana.locator(".jp-OutputArea-output", has_text=f"Joined workshop {code} as Ana")).to_have_count(1)
            for name in PEOPLE[1:]:
                store.join(code, name)
            expect(drill.locator(".course-drill-voted")).to_have_text("0 of 3 voted", timeout=SLOW)
            # Ana decides in her notebook: her kernel publishes the vote
            panel.get_by_role("radio", name=best, exact=True).click()
            panel.get_by_role("button", name="Decide").click()
            expect(panel).to_contain_text("✓ Decided", timeout=30_000)
            expect(panel).not_to_contain_text("⚠")  # published to the session without a problem
            panel.scroll_into_view_if_needed()
            panel.screenshot(path=str(artifacts() / "browser-drill-02-ana-decided.png"))
            expect(drill.locator(".course-drill-voted")).to_have_text("1 of 3 voted", timeout=SLOW)
            expected = [1 if option == best else 0 for option in real.options]
            assert _counts(drill) == expected
            _vote(store, code, "Ben", real, other)
            _vote(store, code, "Cy", real, best)
            expect(drill.locator(".course-drill-voted")).to_have_text("3 of 3 voted", timeout=SLOW)
            expected = [2 if option == best else 1 if option == other else 0 for option in real.options]
            assert _counts(drill) == expected
            expect(drill.locator(".course-drill-option", has_text=best)).to_contain_text("2 votes")
            for name in PEOPLE:
                expect(dash).not_to_contain_text(name)
            expect(drill.locator(".course-drill-reveal")).to_have_count(0)
            expect(drill).not_to_contain_text(told[0])
            _shot(board, "03-votes-in")

            # Reveal: the consequence of the room's majority choice, and of it alone
            _press(board, drill.get_by_role("button", name="Reveal the consequence"))
            reveal = drill.get_by_role("region", name="The consequence")
            expect(reveal).to_contain_text(f"The room chose “{best}” (2 of 3 votes).", timeout=30_000)
            for paragraph in told:
                expect(reveal).to_contain_text(paragraph)
            expect(reveal).not_to_contain_text(untold)
            expect(drill.get_by_role("button", name="Reveal again")).to_be_visible()
            # the why comes second, on request: the next control in the tab order
            board.keyboard.press("Tab")
            why_button = drill.get_by_role("button", name="Show the why")
            expect(why_button).to_be_enabled()
            expect(why_button).to_be_focused()
            board.keyboard.press("Enter")
            why = drill.get_by_role("region", name="The why")
            expect(why).to_contain_text(f"✔ {best}", timeout=30_000)
            expect(why).to_contain_text(real.explanations[other])
            drill.screenshot(path=str(artifacts() / "browser-drill-04-revealed.png"))
            problems = _axe(board)
            assert not problems, "axe-core found accessibility problems in the drill:\n" + "\n".join(problems)
            assert board.get_by_text("Traceback").count() == 0

            # the same session on the projector: `course workshop dashboard --drill --minutes 2 --voila`
            # opens straight on the drill, the room's votes in, two minutes on the clock
            with _served_drill(code, store_dir, env) as url:
                projector = board.context.browser.new_page(viewport={"width": 1400, "height": 1000})
                projector.goto(url)
                shown = projector.locator(".course-drill")
                expect(shown.locator(".course-drill-position")).to_have_text(
                    f"Decision 1 of {len(decisions)} · {real.label}", timeout=SLOW)
                expect(shown.locator(".course-drill-voted")).to_have_text("3 of 3 voted")
                expect(shown.get_by_role("timer")).to_contain_text(re.compile(r"(2:00|1:5\d) left"))
                expect(projector.get_by_role("button", name="Back to all questions")).to_be_visible()
                projector.screenshot(path=str(artifacts() / "browser-drill-04b-voila.png"))
                projector.close()

            # 2. two decisions: Next, a split room, the time running out
            first, second = DECISIONS
            path2 = _facilitator_copy(lab.root, code2, "facilitator2", declared=True)
            dash, drill = _open_drill(board, lab, path2, "facilitator2")
            timer = drill.get_by_role("timer")
            reveal = drill.get_by_role("region", name="The consequence")
            expect(drill.locator(".course-drill-position")).to_have_text("Decision 1 of 2 · Q7")
            for name in PEOPLE:
                store.join(code2, name)
            _vote(store, code2, "Ana", first, ONE_BY_ONE)
            _vote(store, code2, "Ben", first, BLAST)
            _vote(store, code2, "Cy", first, ONE_BY_ONE)
            expect(drill.locator(".course-drill-voted")).to_have_text("3 of 3 voted", timeout=SLOW)
            _press(board, drill.get_by_role("button", name="Reveal the consequence"))
            expect(reveal).to_contain_text(CONSEQUENCES[first["id"]][ONE_BY_ONE], timeout=30_000)

            _press(board, drill.get_by_role("button", name="Next decision"))
            expect(drill.locator(".course-drill-position")).to_have_text("Decision 2 of 2 · Q9", timeout=30_000)
            expect(drill.locator(".course-drill-prompt")).to_have_text(second["prompt"])
            expect(drill.locator(".course-drill-voted")).to_have_text("0 of 3 voted")
            expect(drill.locator(".course-drill-reveal")).to_have_count(0)
            expect(drill.get_by_role("button", name="Next decision")).to_be_disabled()
            expect(drill.get_by_role("button", name="Previous decision")).to_be_enabled()
            minutes = drill.get_by_label("Minutes per decision:")
            minutes.fill("0.25")  # fifteen seconds, to see the time run out
            minutes.press("Enter")
            _press(board, drill.get_by_role("button", name="Restart timer"))
            expect(timer).to_contain_text(re.compile(r"0:1\d left"), timeout=30_000)
            _vote(store, code2, "Ana", second, QUIET)
            _vote(store, code2, "Ben", second, OPEN)
            expect(drill.locator(".course-drill-voted")).to_have_text("2 of 3 voted", timeout=SLOW)
            _press(board, drill.get_by_role("button", name="Reveal the consequence"))
            expect(reveal).to_contain_text(f"The room is split: “{QUIET}” and “{OPEN}” have 1 vote each.",
                                           timeout=30_000)
            expect(reveal).to_contain_text(CONSEQUENCES[second["id"]][QUIET])
            expect(reveal).to_contain_text(CONSEQUENCES[second["id"]][OPEN])
            expect(timer).to_contain_text("Time is up", timeout=40_000)
            expect(drill.locator(".course-drill-timer.up")).to_have_count(1)
            # time up closes nothing: a late vote still counts, and the majority it makes is flagged
            _vote(store, code2, "Cy", second, OPEN)
            expect(drill.locator(".course-drill-voted")).to_have_text("3 of 3 voted", timeout=SLOW)
            expect(reveal).to_contain_text("Votes since the reveal have changed the majority", timeout=30_000)
            _shot(board, "05-split-and-time-up")
            _press(board, drill.get_by_role("button", name="Reveal again"))
            expect(reveal).to_contain_text(f"The room chose “{OPEN}” (2 of 3 votes).", timeout=30_000)
            expect(reveal).not_to_contain_text(CONSEQUENCES[second["id"]][QUIET])
            # back one decision: what was revealed there is still shown
            _press(board, drill.get_by_role("button", name="Previous decision"))
            expect(drill.locator(".course-drill-position")).to_have_text("Decision 1 of 2 · Q7", timeout=30_000)
            expect(reveal).to_contain_text(CONSEQUENCES[first["id"]][ONE_BY_ONE])

            # back to all questions: the cards return
            _press(board, dash.get_by_role("button", name="Back to all questions"))
            expect(drill).to_be_hidden(timeout=30_000)
            expect(dash.locator(".course-dash-card")).to_have_count(2)
            assert board.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
            assert board.get_by_text("Traceback").count() == 0

        # the store holds Ana's vote as her notebook sent it: a decision, her first try
        ana_vote = next(p for p in store.participants(code) if p.name == "Ana").first_answers[real.id]
        assert (ana_vote.value, ana_vote.kind) == (best, "decision")
