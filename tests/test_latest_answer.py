"""The answer graded is the learner's latest answer (issue 14, part 3).

Autograde and "Run All" re-run the cells where a learner may have answered in code; a re-run of
unchanged code must never replace an answer given later by clicking, while edited code is a new
answer. Attempts count a learner's actions once each: not re-runs, not keystrokes, not a typed
number and its Save button as two. ``course grade`` flags a submission whose code answer differs
from its saved one.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from course.exercises import DraftedMessage, Numeric, SingleChoice, make_key, registry
from course.grading import grade
from course.instructor.submissions import Submission, inspect
from course import responses
from course.responses import ResponsesStore, load_answers

from samples import SC_EXPLANATIONS, SC_OPTIONS, SC_RIGHT

WRONG, OTHER = SC_OPTIONS[1], SC_OPTIONS[2]


def single(store):
    return SingleChoice("sc", options=SC_OPTIONS, step="assess", points=2, prompt="First move?",
                        explanations=SC_EXPLANATIONS, key=make_key("single_choice", "sc", SC_RIGHT), store=store)


def rerun(store):
    """The notebook run again from the top (autograde, Run All): the question cell rebuilds its panel."""
    registry.clear()
    return single(store)


def on_disk(store) -> dict:
    return json.loads(store.path.read_text(encoding="utf-8"))


# -- a code answer never replaces a later click -----------------------------------------------------


def test_an_old_code_answer_rerun_keeps_the_later_click_and_it_is_graded(store, capsys):
    first = single(store)
    first.answer(WRONG)  # the learner answered in code ...
    first._radio.value = SC_RIGHT  # ... then changed their mind by clicking
    again = rerun(store)
    again.answer(WRONG)  # autograde re-runs the unchanged answer cell
    assert store.get("sc").value == SC_RIGHT
    assert again.value == again._radio.value == SC_RIGHT, "the panel shows the answer that is kept"
    assert "not saved over" in again._status.value
    capsys.readouterr()
    assert grade("sc", key=SC_RIGHT) == 2.0


def test_edited_code_is_a_new_answer(store):
    ex = single(store)
    ex.answer(WRONG)
    ex._radio.value = SC_RIGHT
    ex.answer(OTHER)  # the learner changed the code: a deliberate new answer
    assert store.get("sc").value == OTHER
    assert rerun(store).value == OTHER


def test_a_code_answer_counts_where_nothing_is_saved_and_after_clicks_only(store, tmp_path):
    fresh = single(store)
    fresh.answer(SC_RIGHT)  # the instructor's notebook, run fresh
    assert store.get("sc").value == SC_RIGHT and store.get("sc").attempts == 1
    rerun(store).answer(SC_RIGHT)
    assert store.get("sc").attempts == 1, "a re-run is not an attempt"

    clicked = ResponsesStore(tmp_path / "clicked.json")
    registry.clear()
    ex = single(clicked)
    ex._radio.value = WRONG
    ex.answer(SC_RIGHT)  # never answered in code before: the code is new
    assert clicked.get("sc").value == SC_RIGHT and clicked.get("sc").attempts == 2


def test_a_file_from_before_code_answers_were_recorded_reads_and_keeps_its_answer(store):
    store.path.write_text(json.dumps({"schema": 1, "answers": {
        "sc": {"value": SC_RIGHT, "time": "2024-01-01T00:00:00.000+00:00", "attempts": 2}}}))
    assert load_answers(store.path)["sc"].value == SC_RIGHT and store.get("sc").code is None
    ex = single(store)
    ex.answer(WRONG)  # clicked or coded? unknown: the saved answer stays, the code answer is noted
    assert store.get("sc").value == SC_RIGHT and store.get("sc").attempts == 2
    assert responses.code_conflicts(store.path) == ["sc"]
    ex.answer(OTHER)  # edited since: counts
    assert store.get("sc").value == OTHER and store.get("sc").attempts == 3


# -- attempts count actions, once each ----------------------------------------------------------------


def test_rerunning_a_cell_that_shows_the_saved_answer_is_no_attempt(store):
    ex = single(store)
    ex._radio.value = WRONG
    for _ in range(3):  # the question cell and an answer cell giving the same answer, run again
        rerun(store).answer(WRONG)
    assert store.get("sc").attempts == 1


def test_a_typed_number_and_its_save_button_are_one_attempt(store):
    ex = Numeric("rate", step="assess", points=2, prompt="Rate?", decimals=2, unit="%",
                 key=make_key("numeric", "rate", 2.04), store=store)
    ex._box.value = "2.04"  # Enter
    save = next(c for c in ex._control.children if getattr(c, "description", "") == "Save answer")
    save.click()
    assert store.get("rate").attempts == 1
    ex._box.value = "2.1"
    save.click()
    assert store.get("rate").attempts == 2


def test_a_drafted_message_counts_editing_sessions_not_keystrokes(store):
    ex = DraftedMessage("reply", step="own", points=3, prompt="Your reply", store=store)
    reply = "I'm sorry: I sent the wrong file. Here is the right one." * 2
    for n in range(1, len(reply) + 1):  # typed one character at a time
        ex._text.value = reply[:n]
    assert store.get("reply").value == reply and store.get("reply").attempts == 1

    raw = on_disk(store)  # the learner comes back after a long pause
    raw["answers"]["reply"]["time"] = (datetime.now(timezone.utc) - timedelta(minutes=30)).isoformat()
    store.path.write_text(json.dumps(raw))
    ex._text.value = reply + " Thank you."
    ex._text.value = reply + " Thank you for telling me."
    assert store.get("reply").attempts == 2


# -- course grade flags a code answer that differs from the saved one ----------------------------------


def test_inspect_flags_a_code_answer_that_differs_from_the_saved_one(tmp_path):
    release, folder = tmp_path / "release", tmp_path / "submitted" / "sam" / "a1"
    release.mkdir()
    folder.mkdir(parents=True)
    store = ResponsesStore(folder / "responses.json")
    ex = single(store)
    ex.answer(SC_RIGHT)
    submission = Submission("sam", folder, "")
    assert inspect(submission, release) == [], "a code answer that is the saved one is no concern"
    ex._radio.value = WRONG
    assert inspect(submission, release) == [
        "sc: the code answer differs from the saved (clicked) answer; the saved one was graded"]
