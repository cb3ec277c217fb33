"""A Wheel-of-Misfortune drill in real JupyterLab: the room votes, the facilitator reveals and moves on.

What it proves, as a room would meet it: a session is created in a store (a temporary folder that
every kernel reaches through $COURSE_WORKSHOP_STORE); the facilitator opens the dashboard notebook
in headless Chromium and, with the keyboard alone, switches it to a drill; the first decision shows
with its options, "0 of 3 voted" and a timer that counts down by itself; three participants vote
(each vote published through the participant's own code path, `Membership.publish` of the saved
answer, as a joined notebook does) and the counts come in, no names anywhere; the facilitator
presses Reveal and the room's majority choice's consequence appears, then the why; Next shows the
second decision, where a split room (a tie) reveals the consequence of each tied option, and a
short timer reaches "Time is up" while votes still count. axe-core finds no serious violation in
the drill's view, when it is installed (scripts/ensure-axe).

Screenshots of each stage go to test-artifacts/browser-drill-*.png (see tests/jupyterlab_browser.py).
"""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from jupyterlab_browser import REPO, TOKEN, artifacts, chromium_page, screenshot_on_failure, start_lab
from playwright.sync_api import expect

from course.answers.events import SavedAnswer
from course.workshop.participant import Membership
from course.workshop.store import open_store

pytestmark = pytest.mark.browser

ASSIGNMENT = "01-bulk-spam"
PEOPLE = ("Ana", "Ben", "Cy")
SLOW = 90_000  # ms: two shared cores
AXE = REPO / ".cache/axe/node_modules/axe-core/axe.min.js"

# The case's decisions, declared here (the catalogue of the case is handed to the dashboard): two
# decisions with their options, best option and explanations, and each option's consequence.
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


def _facilitator_copy(lab_root, code: str) -> str:
    """The dashboard notebook with the session code typed in and the case's decisions declared."""
    from course.workshop.dashboard import notebook_path

    nb = nbformat.read(notebook_path(), as_version=4)
    source = nb.cells[0].source
    assert 'code = ""' in source and "Dashboard(code)" in source
    declare = nbformat.v4.new_code_cell(
        "from course.catalogue import ExerciseInfo\n"
        f"CATALOGUE = [ExerciseInfo(**d) for d in {DECISIONS!r}]\n"
        f"CONSEQUENCES = {json.dumps(CONSEQUENCES, ensure_ascii=False)}\n")
    nb.cells[0].source = source.replace('code = ""', f'code = "{code}"').replace(
        "Dashboard(code)", "Dashboard(code, catalogue=CATALOGUE, consequences=lambda d: CONSEQUENCES.get(d.id, {}))")
    nb.cells.insert(0, declare)
    (lab_root / "facilitator").mkdir()
    nbformat.write(nb, lab_root / "facilitator" / "dashboard.ipynb")
    return "facilitator/dashboard.ipynb"


def _vote(store, code: str, name: str, decision: dict, option: str) -> None:
    """One participant's decision, published as a joined notebook publishes its checked answer."""
    problem = Membership(store, code, name).publish(SavedAnswer(
        exercise_id=decision["id"], kind="decision", step=decision["step"], value=option, score=None, attempt=1))
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


def test_a_room_votes_on_each_decision_and_the_facilitator_reveals_the_consequence(tmp_path_factory):
    store_dir = tmp_path_factory.mktemp("drill") / "sessions"
    store = open_store(store_dir)
    code = store.create(ASSIGNMENT, title="Drill room").code
    env = {"COURSE_WORKSHOP_STORE": str(store_dir), "COURSE_ROOT": str(REPO), "COURSE_WORKSHOP": "",
           "COURSE_WORKSHOP_DRILL": "", "COURSE_WORKSHOP_DRILL_MINUTES": "", "QUERY_STRING": ""}
    first, second = DECISIONS
    with start_lab(tmp_path_factory, env_extra=env, log_name="browser-drill-jupyterlab.log") as lab:
        path = _facilitator_copy(lab.root, code)
        with chromium_page() as board, screenshot_on_failure(board, "browser-drill-failure.png"):
            board.set_viewport_size({"width": 1400, "height": 1300})
            board.goto(f"{lab.url}/lab/workspaces/drill/tree/{path}?token={TOKEN}&reset")
            board.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=SLOW)
            expect(board.locator(".jp-StatusBar-Widget", has_text="Idle").first).to_be_visible(timeout=SLOW)
            board.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
            board.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
            dash = board.locator(".course-dashboard")
            expect(dash.locator(".course-dash-present")).to_have_text("0 participants present", timeout=SLOW)
            assert board.get_by_text("Error displaying widget").count() == 0

            # the facilitator switches to the drill from the keyboard
            _press(board, dash.get_by_role("button", name="Run as a drill"))
            drill = dash.locator(".course-drill")
            expect(drill.locator(".course-drill-position")).to_have_text("Decision 1 of 2 · Q7", timeout=30_000)
            expect(dash.get_by_role("button", name="Back to all questions")).to_be_visible()
            expect(dash.locator(".course-dash-card").first).to_be_hidden()
            expect(drill.locator(".course-drill-prompt")).to_have_text(first["prompt"])
            expect(drill.locator(".course-drill-option")).to_have_count(3)
            for option in first["options"]:
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

            # three participants join, then vote one after the other: the counts come in, no names
            for name in PEOPLE:
                store.join(code, name)
            expect(drill.locator(".course-drill-voted")).to_have_text("0 of 3 voted", timeout=SLOW)
            _vote(store, code, "Ana", first, ONE_BY_ONE)
            expect(drill.locator(".course-drill-voted")).to_have_text("1 of 3 voted", timeout=SLOW)
            assert _counts(drill) == [0, 1, 0]
            _vote(store, code, "Ben", first, BLAST)
            _vote(store, code, "Cy", first, ONE_BY_ONE)
            expect(drill.locator(".course-drill-voted")).to_have_text("3 of 3 voted", timeout=SLOW)
            assert _counts(drill) == [1, 2, 0]
            expect(drill.locator(".course-drill-option", has_text=ONE_BY_ONE)).to_contain_text("2 votes")
            for name in PEOPLE:
                expect(dash).not_to_contain_text(name)
            expect(drill.locator(".course-drill-reveal")).to_have_count(0)
            expect(drill).not_to_contain_text("By noon")
            _shot(board, "02-votes-in")

            # Reveal: the consequence of the room's majority choice, and of it alone
            _press(board, drill.get_by_role("button", name="Reveal the consequence"))
            reveal = drill.get_by_role("region", name="The consequence")
            expect(reveal).to_contain_text(f"The room chose “{ONE_BY_ONE}” (2 of 3 votes).", timeout=30_000)
            expect(reveal).to_contain_text(CONSEQUENCES[first["id"]][ONE_BY_ONE])
            expect(reveal).not_to_contain_text("second wave")
            expect(drill.get_by_role("button", name="Reveal again")).to_be_visible()
            # the why comes second, on request: the next control in the tab order
            board.keyboard.press("Tab")
            why_button = drill.get_by_role("button", name="Show the why")
            expect(why_button).to_be_enabled()
            expect(why_button).to_be_focused()
            board.keyboard.press("Enter")
            why = drill.get_by_role("region", name="The why")
            expect(why).to_contain_text(f"✔ {ONE_BY_ONE}", timeout=30_000)
            expect(why).to_contain_text("repeats the offence")
            drill.screenshot(path=str(artifacts() / "browser-drill-03-revealed.png"))
            problems = _axe(board)
            assert not problems, "axe-core found accessibility problems in the drill:\n" + "\n".join(problems)

            # Next: the second decision, a fresh clock; a split room reveals both roads
            _press(board, drill.get_by_role("button", name="Next decision"))
            expect(drill.locator(".course-drill-position")).to_have_text("Decision 2 of 2 · Q9", timeout=30_000)
            expect(drill.locator(".course-drill-prompt")).to_have_text(second["prompt"])
            expect(drill.locator(".course-drill-voted")).to_have_text("0 of 3 voted")
            expect(drill.locator(".course-drill-reveal")).to_have_count(0)
            expect(drill.get_by_role("button", name="Next decision")).to_be_disabled()
            minutes = drill.get_by_label("Minutes per decision:")
            minutes.fill("0.25")  # fifteen seconds, to see the time run out
            minutes.press("Enter")
            _press(board, drill.get_by_role("button", name="Restart timer"))
            expect(timer).to_contain_text(re.compile(r"0:1\d left"), timeout=30_000)
            _vote(store, code, "Ana", second, QUIET)
            _vote(store, code, "Ben", second, OPEN)
            expect(drill.locator(".course-drill-voted")).to_have_text("2 of 3 voted", timeout=SLOW)
            _press(board, drill.get_by_role("button", name="Reveal the consequence"))
            expect(reveal).to_contain_text(f"The room is split: “{QUIET}” and “{OPEN}” have 1 vote each.",
                                           timeout=30_000)
            expect(reveal).to_contain_text(CONSEQUENCES[second["id"]][QUIET])
            expect(reveal).to_contain_text(CONSEQUENCES[second["id"]][OPEN])
            expect(timer).to_contain_text("Time is up", timeout=40_000)
            expect(board.locator(".course-drill-timer.up")).to_have_count(1)
            # time up closes nothing: a late vote still counts, and the majority it makes is flagged
            _vote(store, code, "Cy", second, OPEN)
            expect(drill.locator(".course-drill-voted")).to_have_text("3 of 3 voted", timeout=SLOW)
            expect(reveal).to_contain_text("Votes since the reveal have changed the majority", timeout=30_000)
            _shot(board, "04-split-and-time-up")
            _press(board, drill.get_by_role("button", name="Reveal again"))
            expect(reveal).to_contain_text(f"The room chose “{OPEN}” (2 of 3 votes).", timeout=30_000)
            expect(reveal).not_to_contain_text(CONSEQUENCES[second["id"]][QUIET])

            # back to all questions: the cards return
            _press(board, dash.get_by_role("button", name="Back to all questions"))
            expect(drill).to_be_hidden(timeout=30_000)
            expect(dash.locator(".course-dash-card")).to_have_count(2)
            assert board.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
            assert board.get_by_text("Traceback").count() == 0
