"""The facilitator's side of a workshop: the catalogue, the tally, the dashboard and `course workshop`.

Everything runs against the real session store (a DirectoryStore in tmp_path), with a small
made-up room whose numbers are worked out by hand in the comments.
"""

from __future__ import annotations

import asyncio
import csv
import json
import re
import time
from pathlib import Path

import nbformat
import pytest

from course import keys
from course.cli import main
from course.exercises import KINDS
from course.workshop import catalogue, dashboard, tally
from course.workshop.store import Published, open_store

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENTS = ["00-orientation", "01-bulk-spam", "02-wrong-year-attachment", "03-premature-send"]

# -- the catalogue ------------------------------------------------------------------------------


def _graded_cells(assignment):
    """grade id -> rubric step, from the graded cells' own metadata (a second, independent source)."""
    found = {}
    for path in sorted((REPO / "solutions" / assignment).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            course_meta = cell.metadata.get("course") or {}
            if "exercise" in course_meta:
                found[course_meta["exercise"]] = course_meta["step"]
    return found


def _constructor_classes(assignment):
    """exercise id -> class name, by a plain text search of the question cells."""
    import re

    found = {}
    for path in sorted((REPO / "solutions" / assignment).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            gid = (cell.metadata.get("nbgrader") or {}).get("grade_id", "")
            if gid.endswith("-question"):
                m = re.search(r"(\w+)\(\s*'([^']+)'", cell.source)
                found[m.group(2)] = m.group(1)
    return found


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_catalogue_finds_every_exercise_with_its_kind_step_and_key(assignment):
    exercises = catalogue.load(assignment, root=REPO)
    classes = _constructor_classes(assignment)
    steps = _graded_cells(assignment)
    assert [e.id for e in exercises] == list(classes)  # every question cell, in notebook order
    assert [e.number for e in exercises] == list(range(1, len(exercises) + 1))
    by_class = {cls.__name__: kind for kind, cls in KINDS.items()}
    for e in exercises:
        assert e.kind == by_class[classes[e.id]], e.id
        assert e.step == steps[e.id], e.id
        assert e.prompt and e.points > 0
        if e.kind in ("single_choice", "multiple_choice", "ordering", "categorise"):
            assert len(e.options) >= 2, e.id
        if e.kind == "categorise":
            assert len(e.categories) >= 2, e.id
        if e.kind in ("drafted_message", "item_set"):
            # no literal key: drafted messages are judged by rules, item sets' keys are computed from data
            assert e.key is None and not e.key_verified, e.id
        else:
            # the plain key of the hidden test hashes to the very digests the learner's widget carries
            assert e.key_verified, e.id


def test_catalogue_counts_per_assignment():
    kinds = {a: sorted(e.kind for e in catalogue.load(a, root=REPO)) for a in ASSIGNMENTS}
    assert {a: len(k) for a, k in kinds.items()} == {
        "00-orientation": 14, "01-bulk-spam": 23, "02-wrong-year-attachment": 18, "03-premature-send": 13}
    every_kind = set().union(*map(set, kinds.values()))
    assert every_kind == set(KINDS)  # the four notebooks between them use every exercise kind


def _sealed_texts(assignment):
    """exercise id -> (number of sealed option/item explanations, closing explanation sealed?)."""
    import ast

    found = {}
    for path in sorted((REPO / "solutions" / assignment).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if not (cell.metadata.get("nbgrader") or {}).get("grade_id", "").endswith("-question"):
                continue
            call = next(n for n in ast.walk(ast.parse(cell.source)) if isinstance(n, ast.Call))
            kw = {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg in ("explanations", "explanation")}
            found[ast.literal_eval(call.args[0])] = (
                sum(keys.is_sealed(t) for t in kw.get("explanations", {}).values()),
                keys.is_sealed(kw.get("explanation", "")))
    return found


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_catalogue_opens_every_sealed_explanation_it_has_the_key_for(assignment):
    sealed = _sealed_texts(assignment)
    for e in catalogue.load(assignment, root=REPO):
        options, closing = sealed[e.id]
        texts = [*e.explanations.values(), e.explanation]
        assert not any(keys.is_sealed(t) for t in texts), e.id
        if e.key is not None:
            assert len(e.explanations) == options, e.id
            assert bool(e.explanation) == closing or not closing, e.id
            if closing:
                assert e.explanation, f"{e.id}: the closing explanation stayed sealed"


def test_catalogue_plain_texts_read_as_the_author_wrote_them():
    first, *_, team_guide = catalogue.load("00-orientation", root=REPO)
    assert first.id == "orient-first-move" and first.kind == "single_choice" and first.step == "assess"
    assert first.key == PAUSE
    assert first.explanation.startswith("Pausing is not delaying")
    assert first.explanations[RECALL].startswith("Recall rarely reaches")
    # two acceptable orders: the key is the list of them
    assert team_guide.kind == "ordering" and team_guide.key[0][0] == "Confirm that the corrected figures reached " \
        "everyone who uses them"
    assert team_guide.explanation.startswith("Close the loop, share the lesson")
    numeric = catalogue.load("01-bulk-spam", root=REPO)[1]
    assert (numeric.id, numeric.key, numeric.decimals, numeric.unit) == ("spam-bounce-rate", 4.05, 2, "%")


def test_catalogue_skips_what_is_not_literal_and_never_runs_the_notebook(tmp_path):
    folder = tmp_path / "solutions" / "99-made-up"
    folder.mkdir(parents=True)
    nb = nbformat.v4.new_notebook()
    question = nbformat.v4.new_code_cell(
        "%matplotlib inline\n"
        "raise SystemExit('the catalogue must never execute a notebook')\n"
        "pick = SingleChoice('made-up-pick', step='own', points=1, prompt='Which?', options=OPTIONS,\n"
        "                    key=make_key())\n"
        "other = MultipleChoice(exercise_id, step='own', points=1, prompt='no literal id', options=['a', 'b'])\n")
    question.metadata["nbgrader"] = {"grade_id": "made-up-pick-question"}
    hidden = nbformat.v4.new_code_cell("grade('made-up-pick', key=compute())\n")
    broken = nbformat.v4.new_code_cell("def (:\n")
    broken.metadata["nbgrader"] = {"grade_id": "broken-question"}
    nb.cells = [question, hidden, broken]
    nbformat.write(nb, folder / "made-up.ipynb")
    (found,) = catalogue.load("99-made-up", root=tmp_path)
    assert (found.id, found.kind, found.step, found.prompt) == ("made-up-pick", "single_choice", "own", "Which?")
    assert found.options == () and found.key is None and not found.key_verified


def test_catalogue_names_the_valid_assignments_for_a_wrong_one():
    with pytest.raises(catalogue.CatalogueError, match="00-orientation"):
        catalogue.load("07-nope", root=REPO)


# -- a small made-up room in a real store -------------------------------------------------------

CODE = "ROOM-1"
PAUSE = "Check what was sent, to whom, and whether they have used it"
EMAIL = "Email the client at once with a full apology and an explanation"
RECALL = "Recall the message in Outlook and get on with the day"
WHO = "Who received it, and did they forward it?"
FAULT = "Whose fault was it, and who else touched the file?"
ACTED = "Has anyone already used the numbers?"
QUICK = "Is there still a quick fix, or is the damage done?"
# orient-why-chain's one right order (an ordering with a single acceptable order)
CHAIN = ["The client received last year's numbers", "I attached the wrong file", "Both files had the same name",
         "I copied last year's folder as a template", "We have no naming convention for reports"]
ROOT = {"I was finishing the report during a call while answering chat messages.": "a root cause to act on",
        "Last year's file was copied as a template, so both had the same name.": "a root cause to act on",
        "There is no review step before client reports go out.": "a root cause to act on",
        "The client should have noticed the dates.": "not a root cause",
        "Human error: I'll just be more careful.": "not a root cause"}
KIND = {"orient-first-move": ("single_choice", "assess"), "orient-assess-questions": ("multiple_choice", "assess"),
        "orient-why-chain": ("ordering", "reflect"), "orient-root-causes": ("categorise", "reflect"),
        "spam-delivered": ("numeric", "assess"), "spam-reply": ("drafted_message", "own"),
        "spam-suppression": ("item_set", "fix")}


def _at(minute: int) -> str:
    """An answer's time as the store keeps it (UTC, milliseconds)."""
    return f"2025-05-06T10:{minute:02d}:00.000+00:00"


def _moment(text: str):
    """A stored time as a moment: the store may keep more or fewer digits than it was given."""
    from datetime import datetime

    return datetime.fromisoformat(text)


def _answer(store, code, name, exercise_id, value, minute, score):
    kind, step = KIND[exercise_id]
    return store.publish(code, name, Published(exercise_id=exercise_id, value=value, time=_at(minute),
                                               attempts=1, kind=kind, step=step, score=score))


@pytest.fixture
def room(tmp_path):
    """Ana, Ben and Cy in session ROOM-1 of 00-orientation (Cy joins twice, answers once)."""
    store = open_store(tmp_path / "sessions")
    store.create("00-orientation", code=CODE, title="Monday team")
    for name in ("Ana", "Ben", "Cy"):
        store.join(CODE, name)
        time.sleep(0.005)  # joins a few ms apart: the store keeps join times to the millisecond
    store.join(CODE, " cy ")  # the same participant again: counted once
    _answer(store, CODE, "Ana", "orient-first-move", PAUSE, 1, 1.0)
    _answer(store, CODE, "Ben", "orient-first-move", RECALL, 2, 0.0)
    _answer(store, CODE, "Ben", "orient-first-move", EMAIL, 3, 0.0)  # changed: the latest answer counts
    _answer(store, CODE, "Cy", "orient-first-move", PAUSE, 4, 1.0)
    _answer(store, CODE, "Ana", "orient-assess-questions", [WHO, ACTED, QUICK], 5, 1.0)
    _answer(store, CODE, "Ben", "orient-assess-questions", [WHO, FAULT], 6, 0.0)
    _answer(store, CODE, "Ana", "orient-why-chain", CHAIN, 7, 1.0)
    _answer(store, CODE, "Ben", "orient-why-chain", [CHAIN[1], CHAIN[0], *CHAIN[2:]], 8, 0.9)  # 9 of 10 pairs
    _answer(store, CODE, "Ana", "orient-root-causes", ROOT, 9, 1.0)
    _answer(store, CODE, "Ben", "orient-root-causes",
            dict(ROOT, **{"The client should have noticed the dates.": "a root cause to act on"}), 10, 0.8)
    return store


def _tally(store, code=CODE, assignment="00-orientation", tries="first"):
    return tally.build(code, store.participants(code), catalogue.load(assignment, root=REPO), tries=tries)


def test_tally_counts_the_room_exactly(room):
    t = _tally(room, tries="latest")
    assert t.present == 3
    assert list(t.people["participant"]) == ["Participant 1", "Participant 2", "Participant 3"]
    assert list(t.people["name"].str.strip().str.casefold()) == ["ana", "ben", "cy"]
    summary = t.summary().set_index("exercise")
    assert summary.loc["orient-first-move", ["answered", "right"]].tolist() == [3, 2]
    assert summary.loc["orient-assess-questions", ["answered", "right"]].tolist() == [2, 1]
    assert summary.loc["orient-why-chain", ["answered", "right"]].tolist() == [2, 1]
    assert summary.loc["orient-root-causes", ["answered", "right"]].tolist() == [2, 1]
    assert summary.loc["orient-call-order", ["answered", "right"]].tolist() == [0, 0]
    assert summary.loc["orient-first-move", "share_right"] == pytest.approx(2 / 3)
    assert list(t.progress()["answered"]) == [4, 4, 1]

    first = t.spread("orient-first-move")
    assert first.table["count"].to_dict() == {EMAIL: 1, PAUSE: 2, "Send the right file quietly, with a short note "
                                              "saying 'updated version'": 0, RECALL: 0}
    assert first.right["count"].to_dict()[PAUSE] and sum(first.right["count"]) == 1
    assert first.lines[0] == f"Most chosen: “{PAUSE}” (2 of 3)."
    assert first.reveal_lines[0] == "2 of 3 right (67%)."

    ticks = t.spread("orient-assess-questions").table["count"].to_dict()
    assert ticks == {WHO: 2, FAULT: 1, ACTED: 1, QUICK: 1}

    order = t.spread("orient-why-chain")
    # rows in the order the learners saw the items, never the right order
    assert list(order.table.index) == [CHAIN[3], CHAIN[0], CHAIN[4], CHAIN[1], CHAIN[2]]
    assert order.table.loc[CHAIN[0]].tolist() == [1, 1, 0, 0, 0]
    assert order.table.loc[CHAIN[3]].tolist() == [0, 0, 0, 2, 0]
    assert order.right.loc[CHAIN[0]].tolist() == [True, False, False, False, False]
    assert f"Most often misplaced: “{CHAIN[0]}” (1 of 2 put it elsewhere)." in order.reveal_lines

    sorted_ = t.spread("orient-root-causes")
    assert sorted_.table.loc["The client should have noticed the dates."].to_dict() == {
        "a root cause to act on": 1, "not a root cause": 1}
    assert sorted_.table.loc["There is no review step before client reports go out."].to_dict() == {
        "a root cause to act on": 2, "not a root cause": 0}
    assert sorted_.reveal_lines[1] == "Most often sorted wrongly: “The client should have noticed the dates.” (1 of 2)."
    assert t.waiting("orient-assess-questions") == [t.people["participant_id"][2]]


def test_a_tally_counts_first_tries_unless_asked_for_the_latest(room):
    """Ben tried "Recall" first, then changed to the email: the room's first tries show the recall."""
    first, latest = _tally(room), _tally(room, tries="latest")
    assert (first.tries, first.what, latest.what) == ("first", "first tries", "latest answers")
    counts = first.spread("orient-first-move").table["count"].to_dict()
    assert counts[RECALL] == 1 and counts[EMAIL] == 0 and counts[PAUSE] == 2
    assert latest.spread("orient-first-move").table["count"].to_dict()[EMAIL] == 1
    assert first.summary().set_index("exercise").loc["orient-first-move", ["answered", "right"]].tolist() == [3, 2]
    assert "counting their first tries" in tally.text(first)
    assert "counting their latest answers" in tally.text(latest)
    rows = first.export_rows().set_index(["participant", "exercise"])
    ben = rows.loc[("Participant 2", "orient-first-move")]
    assert (json.loads(ben["value"]), ben["attempts"]) == (EMAIL, 2), "the export's rows are the latest answers"
    assert (json.loads(ben["first_value"]), ben["first_score"]) == (RECALL, 0.0)
    with pytest.raises(ValueError, match="first tries or latest answers"):
        _tally(room, tries="best")


def test_an_answer_stored_before_first_tries_counts_as_one_only_when_it_was_the_only_one():
    from course.workshop.store import Participant

    def stored(value, attempts):
        return Published("orient-first-move", value, _at(1), attempts, "single_choice", "assess", None)

    once = Participant("a" * 16, "Ana", _at(0), _at(1), {"orient-first-move": stored(PAUSE, 1)})
    twice = Participant("b" * 16, "Ben", _at(0), _at(1), {"orient-first-move": stored(EMAIL, 2)})
    assert tally.first_tries(once) == once.answers and tally.first_tries(twice) == {}
    t = tally.build(CODE, [once, twice], catalogue.load("00-orientation", root=REPO))
    assert t.spread("orient-first-move").answered == 1


def test_tally_of_figures_drafts_and_computed_lists(tmp_path):
    store = open_store(tmp_path / "sessions")
    store.create("01-bulk-spam", code="SPAM-1")
    for name, delivered, reply_score, suppression, score in (
        ("Ana", 9595, 0.5, ["a@x", "b@x", "c@x"], 1.0),
        ("Ben", 10000, 1.0, ["a@x", "b@x"], 0.0),
        ("Cy", 9595, None, None, None),
    ):
        store.join("SPAM-1", name)
        time.sleep(0.005)
        _answer(store, "SPAM-1", name, "spam-delivered", delivered, 1, float(delivered == 9595))
        if reply_score is not None:
            _answer(store, "SPAM-1", name, "spam-reply", "I'm sorry: that was my mistake.", 2, reply_score)
            _answer(store, "SPAM-1", name, "spam-suppression", suppression, 3, score)
    t = _tally(store, "SPAM-1", "01-bulk-spam")
    delivered = t.spread("spam-delivered")
    assert delivered.table["count"].to_dict() == {"9,595": 2, "10,000": 1}
    assert delivered.right_count == 2 and delivered.right["count"].to_dict() == {"9,595": True, "10,000": False}
    reply = t.spread("spam-reply")
    assert reply.answered == 2 and reply.right_count is None and reply.mean_score == pytest.approx(0.75)
    assert reply.table["count"].to_dict() == {"0–19%": 0, "20–39%": 0, "40–59%": 1, "60–79%": 0, "80–100%": 1}
    assert "Mean checklist score: 75%." in reply.lines
    suppression = t.spread("spam-suppression")
    # no plain key in the notebook (computed from data): the exercise's own check decides
    assert suppression.right_count == 1 and suppression.table["count"].to_dict() == {"2 items": 1, "3 items": 1}
    text = tally.text(t)
    assert "Q1  spam-delivered: 3 of 3 answered   2 right (67%)" in text
    assert "Q12 spam-reply: 2 of 3 answered   mean checklist score 75%" in text


def test_export_rows_one_per_participant_per_exercise(room):
    rows = _tally(room).export_rows()
    assert list(rows.columns) == tally.EXPORT_COLUMNS
    got = [(r.participant, r.exercise, json.loads(r.value), r.score, _moment(r.time), r.attempts)
           for r in rows.itertuples()]
    assert got == [
        ("Participant 1", "orient-first-move", PAUSE, 1.0, _moment(_at(1)), 1),
        ("Participant 1", "orient-assess-questions", [WHO, ACTED, QUICK], 1.0, _moment(_at(5)), 1),
        ("Participant 1", "orient-root-causes", ROOT, 1.0, _moment(_at(9)), 1),
        ("Participant 1", "orient-why-chain", CHAIN, 1.0, _moment(_at(7)), 1),
        ("Participant 2", "orient-first-move", EMAIL, 0.0, _moment(_at(3)), 2),
        ("Participant 2", "orient-assess-questions", [WHO, FAULT], 0.0, _moment(_at(6)), 1),
        ("Participant 2", "orient-root-causes",
         dict(ROOT, **{"The client should have noticed the dates.": "a root cause to act on"}),
         0.8, _moment(_at(10)), 1),
        ("Participant 2", "orient-why-chain", [CHAIN[1], CHAIN[0], *CHAIN[2:]], 0.9,
         _moment(_at(8)), 1),
        ("Participant 3", "orient-first-move", PAUSE, 1.0, _moment(_at(4)), 1),
    ]
    assert set(rows["session"]) == {CODE}
    assert list(rows["step"][:4]) == ["assess", "assess", "reflect", "reflect"]


# -- the dashboard --------------------------------------------------------------------------------

def _texts(widget) -> str:
    """Every text the widget tree shows: HTML values, button descriptions and tooltips."""
    import ipywidgets as widgets

    out = []
    if isinstance(widget, (widgets.HTML, widgets.Label)) and "course-dash-chart" not in widget._dom_classes:
        out.append(widget.value)  # (a chart's base64 data could spell anything, even a name)
    if isinstance(widget, (widgets.ToggleButton, widgets.Button)):
        out.append(widget.description)
    for child in getattr(widget, "children", ()):
        out.append(_texts(child))
    return "\n".join(out)


def test_dashboard_from_a_real_store_hides_names_and_reveals_on_request(room, tmp_path):
    board = dashboard.Dashboard(CODE, store=room, root=REPO, autostart=False)
    assert not board.running  # no event loop here: it never starts a task
    text = _texts(board.widget)
    assert "3 participants present" in text and "Monday team" in text and "Open" in text
    assert "Participant 1" in text and "Participant 3" in text
    for name in ("Ana", "Ben", "Cy", "cy"):
        assert f">{name}" not in text and f"{name}:" not in text, f"{name} is shown with names hidden"
    card = board._cards["orient-first-move"]
    assert "3 of 3 answered" in card.answered.value
    assert card.png.startswith(b"\x89PNG") and 'src="data:image/png;base64,' in card.chart.value
    assert f'alt="Chart of the room&#x27;s answers to Q1, 3 of 3 answered. Most chosen: “{PAUSE}”' in card.chart.value
    assert f"Most chosen: “{PAUSE}” (2 of 3)." in card.findings.value
    assert "<table" in card.findings.value  # the counts as a table: the chart's text alternative
    assert "2 of 3 answered" in board._cards["orient-assess-questions"].answered.value
    assert "Still answering: Participant 3." in board._cards["orient-assess-questions"].waiting.value
    # nothing gives the answer away before the reveal
    assert card.revealed.value == "" and "right" not in card.answered.value
    assert "Pausing is not delaying" not in _texts(board.widget)
    hidden_chart = card.png

    card.reveal.value = True
    assert "2 of 3 right (67%)" in card.revealed.value
    assert "Pausing is not delaying" in card.revealed.value  # the unsealed closing explanation
    assert "Recall rarely reaches" in card.revealed.value  # and each option's
    assert "2 right" in card.answered.value and card.reveal.description == "Hide explanations"
    assert card.png != hidden_chart  # the right bar is marked
    assert board._cards["orient-why-chain"].revealed.value == ""  # one question at a time

    for each in board._cards.values():  # the charts' alt texts name nobody either
        alt = re.search(r'alt="([^"]*)"', each.chart.value).group(1)
        assert not any(name in alt for name in ("Ana", "Ben", "Cy")), alt
    board.names.value = True
    text = _texts(board.widget)
    assert "Ana: 4 of 14" in text and "Participant 1" not in text
    board.names.value = False
    assert "Ana" not in _texts(board.widget)


def test_dashboard_shows_first_tries_and_the_latest_on_request(room, capsys):
    """Ben tried the recall first and changed to the email: the room sees the recall until asked."""
    board = dashboard.Dashboard(CODE, store=room, root=REPO, autostart=False)
    card = board._cards["orient-first-move"]
    recall = RECALL
    assert "Counting first tries" in board.header.value and board.tries == "first"
    assert card.exercise.id == "orient-first-move"
    first_chart = card.png
    counts = board._tally.spread("orient-first-move").table["count"]
    assert (counts[recall], counts[EMAIL]) == (1, 0)
    assert "<td>1</td>" in card.findings.value.split(recall)[1][:40], "the counts table shows the first tries"
    board.latest.value = True
    assert "Counting latest answers" in board.header.value and board.latest.description == "Show first tries"
    counts = board._tally.spread("orient-first-move").table["count"]
    assert (counts[recall], counts[EMAIL]) == (0, 1)
    assert card.png != first_chart, "the chart is redrawn"
    assert board.refresh() is False and board._tally.tries == "latest", "a reading keeps the choice"
    board.latest.value = False
    assert "Counting first tries" in board.header.value

    where = str(room.location)
    status, out, _ = _run(capsys, "tally", CODE, "--once", "--store", where)
    assert status == 0 and "counting their first tries" in out
    status, out, _ = _run(capsys, "tally", CODE, "--once", "--latest", "--store", where)
    assert status == 0 and "counting their latest answers" in out


def test_dashboard_redraws_only_when_the_room_changes(room):
    board = dashboard.Dashboard(CODE, store=room, root=REPO, autostart=False)
    assert board.redraws == 1
    assert board.refresh() is False and board.redraws == 1
    room.join(CODE, "Dee")
    assert board.refresh() is True and board.redraws == 2
    assert "4 participants present" in board.header.value
    assert "0 of 4 answered" in board._cards["orient-call-order"].answered.value
    _answer(room, CODE, "Dee", "orient-first-move", PAUSE, 20, 1.0)
    assert board.refresh() is True
    assert "4 of 4 answered" in board._cards["orient-first-move"].answered.value
    room.close(CODE)
    assert board.refresh() is True and "Closed" in board.header.value and "Join with" not in board.header.value


def test_dashboard_shows_a_wrong_code_or_no_code_in_one_line(room, tmp_path, monkeypatch):
    monkeypatch.delenv("COURSE_WORKSHOP", raising=False)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    board = dashboard.Dashboard("NOPE-9", store=room, autostart=False)
    assert "NOPE-9" in board.status.value and "course-dash-problem" in board.status.value
    assert board._cards == {}
    board = dashboard.Dashboard("", store=room, autostart=False)
    assert "No session code yet" in board.header.value


def test_the_code_comes_from_the_cell_then_voila_then_the_environment(monkeypatch):
    monkeypatch.setenv("COURSE_WORKSHOP", "envcode")
    monkeypatch.setenv("QUERY_STRING", "code=k7qx2m&x=1")
    assert dashboard.code_from_environment(" typed ") == "TYPED"
    assert dashboard.code_from_environment("") == "K7QX2M"
    monkeypatch.setenv("QUERY_STRING", "")
    assert dashboard.code_from_environment(None) == "ENVCODE"


def test_dashboard_refreshes_itself_on_the_event_loop_and_never_piles_up(room):
    async def scenario():
        board = dashboard.Dashboard(CODE, store=room, root=REPO, every=0.05)
        assert board.running
        first_task = board._task
        _answer(room, CODE, "Cy", "orient-assess-questions", [WHO], 30, 0.0)
        for _ in range(100):
            await asyncio.sleep(0.05)
            if "3 of 3 answered" in board._cards["orient-assess-questions"].answered.value:
                break
        assert "3 of 3 answered" in board._cards["orient-assess-questions"].answered.value
        # the same cell run again (here: the same code): the old dashboard stops, one task remains
        again = dashboard.Dashboard(CODE, store=room, root=REPO, every=0.05)
        await asyncio.sleep(0.1)
        assert first_task.cancelled() and not board.running and again.running
        assert [d for d in dashboard._LIVE.values() if d.code == CODE] == [again]
        redraws = again.redraws
        await asyncio.sleep(0.3)
        assert again.redraws == redraws  # nothing changed: nothing redrawn
        again.stop()
        await asyncio.sleep(0)
        assert not again.running and again not in dashboard._LIVE.values()

    asyncio.run(scenario())


def test_the_dashboard_notebook_is_one_cell_that_shows_the_dashboard():
    nb = nbformat.read(dashboard.notebook_path(), as_version=4)
    (cell,) = nb.cells
    assert "Dashboard(code)" in cell.source and not cell.outputs


@pytest.mark.parametrize("voila", [False, True])
def test_serving_the_dashboard_opens_no_browser_without_a_display(monkeypatch, tmp_path, voila):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr("course.start.sys.platform", "linux")
    cmd = dashboard.serve_command(folder=tmp_path, voila=voila, port=8899)
    assert "--no-browser" in cmd
    assert ("voila" in cmd) is voila
    assert str(tmp_path / "dashboard.ipynb") in cmd if voila else f"--ServerApp.root_dir={tmp_path}" in cmd


# -- course workshop ------------------------------------------------------------------------------

def _run(capsys, *argv):
    status = main(["workshop", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_course_workshop_from_create_to_close(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(REPO)
    where = str(tmp_path / "sessions")
    status, out, err = _run(capsys, "create", "00-orientation", "--code", "ab-12", "--title", "Monday", "--store", where)
    assert status == 0 and not err
    assert "AB-12" in out and 'join(code="AB-12"' in out and f"COURSE_WORKSHOP_STORE={where}" in out

    store = open_store(where)
    store.join("AB-12", "Ana")
    time.sleep(0.005)
    store.join("AB-12", "Ben")
    _answer(store, "AB-12", "Ana", "orient-first-move", PAUSE, 1, 1.0)
    _answer(store, "AB-12", "Ben", "orient-first-move", EMAIL, 2, 0.0)
    _answer(store, "AB-12", "Ben", "orient-why-chain", CHAIN, 3, 1.0)

    status, out, _ = _run(capsys, "list", "--store", where)
    assert status == 0 and "AB-12" in out and "00-orientation" in out and "open" in out

    status, out, _ = _run(capsys, "tally", "AB-12", "--once", "--store", where)
    assert status == 0
    assert "2 participants present" in out
    assert "Q1  orient-first-move: 2 of 2 answered   1 right (50%)" in out
    assert "Q11 orient-why-chain: 1 of 2 answered   1 right (100%)" in out
    assert "Ana" not in out  # names only with --names
    status, out, _ = _run(capsys, "tally", "AB-12", "--once", "--names", "--store", where)
    assert "Ana (1); Ben (2)" in out

    export = tmp_path / "room.csv"
    status, out, _ = _run(capsys, "close", "AB-12", "--csv", str(export), "--store", where)
    assert status == 0 and "3 answer(s) from 2 participant(s)" in out
    assert store.info("AB-12").closed
    with open(export, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    # each answer's own time, whatever number of digits the store keeps
    assert [_moment(row[7]) for row in rows[1:]] == [_moment(_at(m)) for m in (1, 2, 3)]
    for row in rows[1:]:
        row[7] = "time"
    assert rows == [
        tally.EXPORT_COLUMNS,
        ["AB-12", "Participant 1", "Ana", "orient-first-move", "assess", json.dumps(PAUSE), "1.0", "time", "1",
         json.dumps(PAUSE), "1.0"],
        ["AB-12", "Participant 2", "Ben", "orient-first-move", "assess", json.dumps(EMAIL), "0.0", "time", "1",
         json.dumps(EMAIL), "0.0"],
        ["AB-12", "Participant 2", "Ben", "orient-why-chain", "reflect", json.dumps(CHAIN), "1.0", "time", "1",
         json.dumps(CHAIN), "1.0"],
    ]
    # a closed session still exports, to the default file name in the working folder
    monkeypatch.chdir(tmp_path)
    status, out, _ = _run(capsys, "export", "AB-12", "--store", where)
    assert status == 0 and (tmp_path / "workshop-AB-12.csv").read_text() == export.read_text()
    status, out, _ = _run(capsys, "tally", "AB-12", "--store", where)  # closed: the final tally, once
    assert status == 0 and "closed" in out


@pytest.mark.parametrize("argv,needle", [
    (["tally", "ZZZ-9", "--once"], "ZZZ-9"),
    (["close", "ZZZ-9"], "ZZZ-9"),
    (["export", "ZZZ-9"], "ZZZ-9"),
    (["dashboard", "ZZZ-9", "--no-browser"], "ZZZ-9"),
    (["create", "07-no-such-thing"], "00-orientation"),
    (["create", "00-orientation", "--code", "AB-12"], "AB-12"),
    (["close", "AB-12"], "already closed"),
])
def test_course_workshop_errors_are_one_line(capsys, monkeypatch, tmp_path, argv, needle):
    monkeypatch.chdir(REPO)
    where = str(tmp_path / "sessions")
    store = open_store(where)
    store.create("00-orientation", code="AB-12")
    store.close("AB-12")
    status, out, err = _run(capsys, *argv, "--store", where)
    assert status == 2 and err.startswith("course: error:") and err.count("\n") == 1, err
    assert needle in err


def test_course_workshop_says_when_the_store_is_unreachable(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(REPO)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    status, out, err = _run(capsys, "create", "00-orientation", "--store", str(blocker / "sessions"))
    assert status == 2 and err.startswith("course: error: cannot reach the workshop store") and err.count("\n") == 1, err
    url = f"sqlite:///{blocker}/no/such/folder/room.db"
    status, out, err = _run(capsys, "list", "--store", url)
    assert status == 2 and err.startswith("course: error: cannot reach the workshop store") and err.count("\n") == 1, err
    assert url in err


def test_live_tally_redraws_when_an_answer_arrives_and_ends_cleanly_on_ctrl_c(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(REPO)
    where = str(tmp_path / "sessions")
    store = open_store(where)
    store.create("00-orientation", code="LIVE-1")
    store.join("LIVE-1", "Ana")
    naps = []

    def nap(seconds):  # the tally's wait between checks: an answer arrives, then Ctrl+C
        naps.append(seconds)
        if len(naps) == 1:
            _answer(store, "LIVE-1", "Ana", "orient-first-move", PAUSE, 1, 1.0)
        elif len(naps) == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(time, "sleep", nap)
    status, out, err = _run(capsys, "tally", "LIVE-1", "--every", "0.5", "--store", where)
    assert status == 0 and not err and naps == [0.5, 0.5, 0.5]
    before, after = out.split("-" * 40)  # printed twice: once at the start, once when the answer came
    assert "Q1  orient-first-move: 0 of 1 answered" in before
    assert "Q1  orient-first-move: 1 of 1 answered   1 right (100%)" in after
    assert out.rstrip().endswith("Stopped the live tally (the session stays open).")
