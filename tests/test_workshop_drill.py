"""The Wheel-of-Misfortune drill: its state (votes, majority, ties, reveal, next, timer) and its view.

Votes reach a real session store (a DirectoryStore in tmp_path) through the participant's own code
path (`Membership.publish` of a `SavedAnswer`, what a joined kernel does after each checked
answer), so a vote counted here is a vote as a notebook sends it. The timer runs on a clock the
test moves by hand: nothing waits on the wall clock.
"""

from __future__ import annotations

import html
import re

import pytest

from course.answers.events import SavedAnswer
from course.catalogue import ExerciseInfo
from course.cli import main
from course.workshop import dashboard, drill
from course.workshop.participant import Membership
from course.workshop.store import open_store

CODE = "DRILL-1"

# A decision as the catalogue lists one (kind "decision"): 01's first-hour move. The texts are the
# test's own, so the rules are checked whatever the case's wording becomes.
BLAST = "Email an apology to all 10,000 contacts now"
PAUSE = "Pause the sends and answer the people who wrote, one by one"
SELLER = "Ask the list seller to send the apology for you"
FIRST = ExerciseInfo(
    id="spam-first-reply", kind="decision", step="fix", points=3.0, number=7, notebook="bulk-spam.ipynb",
    prompt="It is 10:30 and the complaints are arriving. What do you do in the first hour?",
    options=(BLAST, PAUSE, SELLER), key=PAUSE,
    explanations={BLAST: "A second mass email repeats the offence.", PAUSE: "Stop the damage first.",
                  SELLER: "The seller repairs nothing for the people you emailed."},
    explanation="Stop, then answer the people who wrote.")
NOW = "Send the corrected file to the finance lead only"
TELL = "Tell the client, and everyone who received it"
SECOND = ExerciseInfo(
    id="wrong-quiet-fix", kind="decision", step="own", points=3.0, number=9, notebook="wrong-year.ipynb",
    prompt="The finance lead has the wrong file. What do you do?", options=(NOW, TELL), key=TELL)
OTHER = ExerciseInfo(id="spam-delivered", kind="numeric", step="assess", points=1.0, number=1,
                     notebook="bulk-spam.ipynb", prompt="How many messages were delivered?", key=9500)
CONSEQUENCES = {
    "spam-first-reply": {BLAST: "Within the hour a second wave of complaints arrives.",
                         PAUSE: "By noon the angriest replies have an answer.\n\nThe complaint rate stops rising."},
    "wrong-quiet-fix": {NOW: "Thursday's budget meeting used last year's figures.",
                        TELL: "The client thanks you and moves the budget meeting."},
}


def consequences(decision):
    return CONSEQUENCES.get(decision.id, {})


class Clock:
    """A clock the test moves: seconds, like time.monotonic."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def store(tmp_path):
    sessions = open_store(tmp_path / "sessions")
    sessions.create("01-bulk-spam", code=CODE, title="Drill")
    return sessions


def vote(store, name, exercise, value, *, attempt=1, first=None):
    """A vote as a joined notebook sends it: the learner's checked answer, carrying their first try."""
    store.join(CODE, name)
    problem = Membership(store, CODE, name).publish(SavedAnswer(
        exercise_id=exercise.id, kind="decision", step=exercise.step, value=value, score=None,
        attempt=attempt, first_value=first))
    assert problem is None, problem


def test_votes_are_first_tries_counted_once_per_participant_per_option(store):
    vote(store, "Ana", FIRST, BLAST)
    vote(store, "Ana", FIRST, PAUSE, attempt=2, first=BLAST)  # explored the other branch: still votes BLAST
    vote(store, "Ben", FIRST, PAUSE)
    vote(store, "Cy", FIRST, BLAST)
    store.join(CODE, "Dee")  # present, has not voted
    vote(store, "Eve", OTHER, 9500)  # another exercise: not a vote
    votes = drill.count_votes(FIRST, store.participants(CODE))
    assert votes.counts == ((BLAST, 2), (PAUSE, 1), (SELLER, 0))  # the notebook's order of options
    assert (votes.voted, votes.present) == (3, 5)
    assert votes.majority == (BLAST,) and not votes.tie


def test_a_vote_for_an_option_the_catalogue_does_not_know_still_counts(store):
    vote(store, "Ana", FIRST, "An option from a newer notebook")
    votes = drill.count_votes(FIRST, store.participants(CODE))
    assert votes.counts[-1] == ("An option from a newer notebook", 1) and votes.voted == 1


def test_reveal_shows_the_majority_consequence_and_keeps_it_until_revealed_again(store):
    state = drill.Drill([FIRST, SECOND], consequences, clock=Clock())
    vote(store, "Ana", FIRST, PAUSE)
    vote(store, "Ben", FIRST, PAUSE)
    vote(store, "Cy", FIRST, BLAST)
    assert state.revealed is None
    shown = state.reveal(store.participants(CODE))
    assert shown.options == (PAUSE,) and not shown.tie
    assert shown.consequences == ((PAUSE, CONSEQUENCES["spam-first-reply"][PAUSE]),)
    assert shown.headline() == f"The room chose “{PAUSE}” (2 of 3 votes)."
    assert state.revealed is shown
    # votes keep coming (voting never closes); the reveal stands until the facilitator reveals again
    vote(store, "Dee", FIRST, BLAST)
    vote(store, "Eve", FIRST, BLAST)
    room = store.participants(CODE)
    assert state.votes(room).majority == (BLAST,)
    assert state.revealed.options == (PAUSE,) and state.majority_changed(room)
    again = state.reveal(room)
    assert again.options == (BLAST,) and not state.majority_changed(room)
    assert again.headline() == f"The room chose “{BLAST}” (3 of 5 votes)."


def test_a_tie_reveals_every_tied_option_and_nobody_voting_reveals_them_all(store):
    state = drill.Drill([FIRST], consequences, clock=Clock())
    nobody = state.reveal(store.participants(CODE))
    assert nobody.options == (BLAST, PAUSE, SELLER) and not nobody.tie
    assert nobody.headline() == "Nobody has voted yet: here is where each choice leads."
    assert dict(nobody.consequences)[SELLER] == "", "an option the case gives no consequence has none, not an error"

    vote(store, "Ana", FIRST, BLAST)
    vote(store, "Ben", FIRST, PAUSE)
    split = state.reveal(store.participants(CODE))
    assert split.tie and split.options == (BLAST, PAUSE)
    assert split.headline() == f"The room is split: “{BLAST}” and “{PAUSE}” have 1 vote each. Here is where each leads."
    assert [o for o, _ in split.consequences] == [BLAST, PAUSE]
    text = drill._reveal_html(split)
    assert "Within the hour a second wave" in text and "By noon the angriest" in text
    assert f"If the room chooses “{html.escape(PAUSE)}”" in text


def test_next_and_back_move_through_the_decisions_in_order_and_restart_the_timer(store):
    clock = Clock()
    state = drill.Drill([FIRST, SECOND], consequences, clock=clock)
    assert (state.current, state.position, state.is_last) == (FIRST, "Decision 1 of 2", False)
    assert state.back() is False
    state.reveal(store.participants(CODE))
    state.show_why()
    clock.now += 100
    assert state.next() is True
    assert (state.current, state.position, state.is_last) == (SECOND, "Decision 2 of 2", True)
    assert state.revealed is None and not state.why_is_shown, "a new decision starts unrevealed"
    assert state.timer.remaining == 180.0, "Next starts the clock again"
    assert state.next() is False and state.current is SECOND
    clock.now += 30
    assert state.back() is True and state.current is FIRST
    assert state.revealed is not None and state.why_is_shown, "what was revealed stays revealed"
    assert state.timer.remaining == 180.0


def test_a_case_without_decisions_has_no_current_decision():
    state = drill.Drill([], consequences)
    assert state.current is None and state.position == "No decisions"
    with pytest.raises(LookupError):
        state.votes([])
    assert drill.decisions_of([OTHER, FIRST, OTHER, SECOND]) == [FIRST, SECOND]


def test_the_timer_counts_down_says_when_time_is_up_and_never_closes_voting(store):
    clock = Clock()
    timer = drill.Timer(3, clock=clock)
    assert (timer.text(), timer.up) == ("3:00 left", False)
    clock.now += 0.4
    assert timer.text() == "3:00 left", "a started second still shows on the clock"
    clock.now += 60.8  # 61.2 s gone
    assert timer.text() == "1:59 left"
    clock.now += 118.8  # 180 s gone
    assert (timer.text(), timer.up) == ("Time is up", True)
    clock.now += 12.5
    assert timer.text() == "Time is up (0:12 over)"
    timer.set_minutes(5)  # the time already spent still counts
    assert timer.text() == "1:48 left" and not timer.up
    timer.restart()
    assert timer.text() == "5:00 left"
    for wrong in (0, -1):
        with pytest.raises(ValueError, match="more than 0 minutes"):
            timer.set_minutes(wrong)

    # in a drill, time up changes nothing about the votes
    state = drill.Drill([FIRST], consequences, minutes=1, clock=clock)
    clock.now += 61
    assert state.timer.up
    vote(store, "Ana", FIRST, SELLER)
    assert state.votes(store.participants(CODE)).counts[2] == (SELLER, 1)


def test_consequences_come_from_the_scenario_named_by_the_story_or_the_assignment(monkeypatch):
    from types import SimpleNamespace

    from course import scenarios

    point = SimpleNamespace(branches=(SimpleNamespace(option=BLAST, consequence="Wave two."),
                                      SimpleNamespace(option=PAUSE, consequence="Quiet.")))
    asked = []

    def decision_point(scenario, decision_id):
        asked.append((scenario, decision_id))
        if (scenario, decision_id) != ("01-bulk-spam", FIRST.id):
            raise KeyError(decision_id)
        return point

    monkeypatch.setattr(scenarios, "decision_point", decision_point, raising=False)
    lookup = drill.scenario_consequences("01-bulk-spam")
    assert lookup(FIRST) == {BLAST: "Wave two.", PAUSE: "Quiet."}
    assert lookup(SECOND) == {} and asked[-1] == ("01-bulk-spam", SECOND.id)
    monkeypatch.delattr(scenarios, "decision_point")
    assert drill.scenario_consequences("01-bulk-spam")(FIRST) == {}, "no scenario mechanism: no consequences"


# -- on the dashboard -----------------------------------------------------------------------------

def _texts(widget) -> str:
    """Every text a widget tree shows: HTML values and button descriptions."""
    found = []
    for child in getattr(widget, "children", ()):
        found.append(_texts(child))
    for attribute in ("value", "description"):
        value = getattr(widget, attribute, None)
        if isinstance(value, str):
            found.append(value)
    return "\n".join(found)


def _shown(widget) -> bool:
    return widget.layout.display != "none"


def test_the_dashboard_runs_the_drill_one_decision_at_a_time_without_names(store):
    clock = Clock()
    vote(store, "Ana", FIRST, PAUSE)
    vote(store, "Ben", FIRST, BLAST)
    vote(store, "Cy", FIRST, PAUSE)
    board = dashboard.Dashboard(CODE, store=store, catalogue=[OTHER, FIRST, SECOND], autostart=False, drill=True,
                                minutes=2, consequences=consequences, clock=clock)
    view = board.drill
    assert board.drilling and _shown(board.drill_toggle) and board.drill_toggle.description == "Back to all questions"
    assert _shown(board.drill_box) and not _shown(board.cards) and not _shown(board.room)
    assert not _shown(board.names) and not _shown(board.latest), "a drill has no names and counts first tries"
    board.latest.value = True  # set before the drill, say: the votes are first tries all the same
    assert "Counting first tries" in board.header.value
    assert "Decision 1 of 2 · Q7" in view.position.value
    assert html.escape(FIRST.prompt) in view.prompt.value
    counts = re.findall(r'course-drill-count">(\d+) votes?<', view.options.value)
    assert counts == ["1", "2", "0"]  # BLAST, PAUSE, SELLER
    assert "3 of 3 voted" in view.voted.value
    assert "2:00 left" in view.timer.value and 'role="timer"' in view.timer.value
    text = _texts(board.widget)
    for name in ("Ana", "Ben", "Cy"):
        assert name not in text, "a drill shows counts, never names"
    assert view.revealed.value == "" and view.why_button.disabled and "Stop the damage first" not in text

    view.reveal_button.click()
    assert "By noon the angriest replies have an answer." in view.revealed.value
    assert "<p>The complaint rate stops rising.</p>" in view.revealed.value, "paragraphs stay paragraphs"
    assert "second wave" not in view.revealed.value, "only the majority's consequence"
    assert view.reveal_button.description == "Reveal again" and not view.why_button.disabled
    assert "course-drill-option shown" in view.options.value
    view.why_button.click()
    assert "✔ <strong>" + html.escape(PAUSE) in view.why.value and "Stop the damage first." in view.why.value

    clock.now += 125
    assert view.tick() is True and "Time is up (0:05 over)" in view.timer.value and " up" in view.timer.value
    assert view.tick() is False, "an unchanged clock redraws nothing"
    vote(store, "Dee", FIRST, BLAST)  # votes still come in after the time is up
    assert board.refresh() is True
    assert "4 of 4 voted" in view.voted.value

    assert view.back_button.disabled and not view.next_button.disabled
    view.next_button.click()
    assert "Decision 2 of 2 · Q9" in view.position.value and html.escape(SECOND.prompt) in view.prompt.value
    assert view.revealed.value == "" and "2:00 left" in view.timer.value and view.next_button.disabled
    assert "0 of 4 voted" in view.voted.value
    view.minutes.value = 4
    assert "4:00 left" in view.timer.value
    view.back_button.click()
    assert "By noon" in view.revealed.value

    board.drill_toggle.value = False  # back to the cards: drawn again, the drill hidden
    assert not board.drilling and not _shown(board.drill_box) and _shown(board.cards)
    assert _shown(board.names) and "Counting latest answers" in board.header.value
    assert len(board.cards.children) == 3


def test_the_drill_is_offered_only_where_the_case_has_decisions(store):
    board = dashboard.Dashboard(CODE, store=store, catalogue=[OTHER], autostart=False, drill=True)
    assert board.drill is None and not board.drilling and board.drill_toggle.layout.display == "none"
    assert _shown(board.cards) and len(board.cards.children) == 1
    board = dashboard.Dashboard(CODE, store=store, catalogue=[OTHER, FIRST], autostart=False,
                                consequences=consequences)
    assert board.drill is not None and _shown(board.drill_toggle) and not board.drilling
    clock = board.drill.drill.timer.clock
    board.drill.drill.timer.clock = lambda: clock() + 100  # the drill sat unseen for 100 s: no matter
    board.drill_toggle.value = True
    assert board.drilling and "Decision 1 of 1" in board.drill.position.value
    assert "3:00 left" in board.drill.timer.value, "the clock starts when the room first sees the drill"
    board.drill.drill.timer.clock = lambda: clock() + 130
    board.drill_toggle.value = False
    board.drill_toggle.value = True  # a look at the cards and back does not restart it
    assert "2:30 left" in board.drill.timer.value


def test_a_decision_without_consequences_says_so_in_front_of_the_room(store):
    vote(store, "Ana", FIRST, SELLER)
    board = dashboard.Dashboard(CODE, store=store, catalogue=[FIRST], autostart=False, drill=True,
                                consequences=lambda decision: 1 / 0)
    board.drill.reveal_button.click()
    assert "The case has no consequence written for this choice." in board.drill.revealed.value


def test_drill_and_minutes_come_from_the_page_address_then_the_environment(monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "code=K7QX2M&drill=1&minutes=2.5")
    assert dashboard.drill_from_environment() == (True, 2.5)
    monkeypatch.setenv("QUERY_STRING", "")
    monkeypatch.setenv("COURSE_WORKSHOP_DRILL", "1")
    monkeypatch.setenv("COURSE_WORKSHOP_DRILL_MINUTES", "nonsense")
    assert dashboard.drill_from_environment() == (True, drill.DEFAULT_MINUTES)
    monkeypatch.delenv("COURSE_WORKSHOP_DRILL")
    monkeypatch.setenv("COURSE_WORKSHOP_DRILL_MINUTES", "-3")
    assert dashboard.drill_from_environment() == (False, drill.DEFAULT_MINUTES)


def test_course_workshop_dashboard_drill_serves_it_as_a_drill(store, monkeypatch, capsys):
    served = {}

    def serve(**kwargs):
        served.update(kwargs)
        return 0

    monkeypatch.setattr("course.workshop.dashboard.serve", serve)
    where = str(store.location)
    assert main(["workshop", "dashboard", CODE.lower(), "--drill", "--minutes", "2", "--store", where]) == 0
    assert (served["code"], served["drill"], served["minutes"]) == (CODE, True, 2.0)
    assert main(["workshop", "dashboard", CODE, "--minutes", "0", "--store", where]) == 2
    assert "--minutes is the time per decision" in capsys.readouterr().err


def test_serving_passes_the_drill_to_the_dashboards_kernel(monkeypatch, tmp_path):
    import subprocess

    seen = {}

    class Server:
        def __init__(self, cmd, env, cwd):
            seen.update(env)

        def wait(self):
            return 0

        def poll(self):
            return 0

    monkeypatch.setattr(subprocess, "Popen", Server)
    monkeypatch.setenv("COURSE_WORKSHOP_DRILL", "1")  # a facilitator's earlier setting must not leak in
    assert dashboard.serve(code=CODE, open_browser=False) == 0
    assert "COURSE_WORKSHOP_DRILL" not in seen and "COURSE_WORKSHOP_DRILL_MINUTES" not in seen
    assert dashboard.serve(code=CODE, open_browser=False, drill=True, minutes=2.5) == 0
    assert (seen["COURSE_WORKSHOP_DRILL"], seen["COURSE_WORKSHOP_DRILL_MINUTES"]) == ("1", "2.5")


def test_the_timer_ticks_by_itself_on_the_event_loop_and_stops_with_the_dashboard(store):
    import asyncio

    async def scenario():
        clock = Clock()
        board = dashboard.Dashboard(CODE, store=store, catalogue=[FIRST], drill=True, every=60,
                                    consequences=consequences, clock=clock)
        assert board.running and "3:00 left" in board.drill.timer.value
        clock.now += 61
        await asyncio.sleep(1.3)  # the ticker redraws every second; nothing read from the store
        assert "1:59 left" in board.drill.timer.value
        ticker = board._ticker
        board.stop()
        await asyncio.sleep(0)
        assert ticker.cancelled() or ticker.done()
        assert not board.running and board._ticker is None

    asyncio.run(scenario())
