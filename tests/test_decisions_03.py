"""Case 03's decision (issue 17 §1): when to write to Dana, and what her reply then leaves to answer.

Why a file of its own: tests/test_decisions.py holds the mechanism to its promises on case 01; this
one holds case 03's content to the story it tells. Before the decision the learner knows only what
had happened by 14:27 (no Dana opening the email, no reply, no "who is Sam?"); after it, each
branch's timeline tells that branch's truth: waiting, or asking her to delete the email unread,
brings her two questions, which must now be answered, and a note written at once reaches her
before she would have asked them. The exercise after the decision is graded against the key of the
learner's own branch.
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest

from worked_answers import responses_json

from course import data, story
from course.answers import KINDS, make_key, registry
from course.catalogue import load as load_catalogue
from course.grading import grade
from course.responses import ResponsesStore
from course.scenarios import decision_point, premature_send

CASE = "03-premature-send"
DECISION = "premature-next-move"
FOLLOW = "premature-open-questions"
WAIT, NOW, DELETE = "wait", "write-now", "ask-to-delete"
POINT = decision_point(CASE, DECISION)
OPTIONS = {b.name: b.option for b in POINT.branches}
BOTH = "Answer both her questions: the right fee, and who Sam is"
NOTHING = "Nothing she asked is open: send the full proposal on time"
OPEN_KEY = {WAIT: BOTH, NOW: NOTHING, DELETE: BOTH}
RIGHT, WRONG = premature_send.fee()
REPO = Path(__file__).resolve().parents[1]


def _timeline(branch: str | None = None):
    return data.load(CASE, "timeline", None if branch is None else {DECISION: branch})


def _replies(table):
    return table.loc[table["who"] == "client", "event"].str.contains("replied")


# ---- the data: the future is not in the base, and each branch tells its own ----

def test_the_base_timeline_ends_when_the_decision_is_due():
    base = _timeline()
    assert base["event"].iloc[-1] == "noticed the half-written draft in Sent items"
    assert (base["who"] != "client").all(), "nothing Dana did after the send is known yet"
    assert not base["event"].str.contains("Sam|replied|opened", regex=True).any()


@pytest.mark.parametrize("branch", [WAIT, NOW, DELETE])
def test_every_branch_goes_on_from_the_base_and_dana_reads_the_draft_first(branch):
    base, table = _timeline(), _timeline(branch)
    assert table.iloc[: len(base)].reset_index(drop=True).equals(base), "the past is the same on every branch"
    assert table["at"].is_monotonic_increasing and len(table) > len(base)
    opened = table.loc[table["event"] == f"{premature_send.CLIENT} opened the email", "at"]
    assert len(opened) == 1
    corrections = table[(table["who"] == "you") & table["event"].str.contains(f"£{RIGHT:,}", regex=False)]
    assert (corrections["at"] > opened.iloc[0]).all(), "she reads the draft before any correction reaches her"
    assert _replies(table).sum() == 1 and table["who"].iloc[-1] == "client", "each branch runs to her reply"


@pytest.mark.parametrize("branch", [WAIT, DELETE])
def test_waiting_or_asking_her_to_delete_it_brings_her_two_questions(branch):
    reply = _timeline(branch)["event"].iloc[-1]
    assert f"£{WRONG:,} right?" in reply and "who is Sam?" in reply
    consequence = POINT.branch(branch).consequence
    assert "And who is Sam?" in consequence and f"£{WRONG:,}" in consequence  # told as the data has it


def test_a_note_written_at_once_reaches_her_before_she_would_have_asked():
    now, waited = _timeline(NOW), _timeline(WAIT)
    note = now.loc[now["event"].str.startswith("sent the note"), "at"]
    assert len(note) == 1 and f"£{RIGHT:,}" in now.loc[note.index[0], "event"]
    asked_at = waited["at"].iloc[-1]
    assert note.iloc[0] < now["at"].iloc[-1] < asked_at, "her answer to the note comes before her questions would"
    reply = now["event"].iloc[-1]
    assert "Sam" not in reply and f"£{WRONG:,}" not in reply and f"£{RIGHT:,}" in reply
    assert "Sam?" not in POINT.branch(NOW).consequence


def test_the_consequences_tell_the_times_of_the_data():
    for branch in (WAIT, DELETE):
        replied = _timeline(branch)["at"].iloc[-1].strftime("%H:%M")
        assert f"At {replied}" in POINT.branch(branch).consequence or f"at {replied}" in POINT.branch(branch).consequence
    thanks = _timeline(NOW)["at"].iloc[-1].strftime("%H:%M")
    assert f"At {thanks} she replies" in POINT.branch(NOW).consequence


# ---- the notebook: nothing of the future before the decision, the follow-up keyed per branch ----

def _cells(folder: str):
    return nbformat.read(REPO / folder / CASE / "premature-send.ipynb", as_version=4).cells


@pytest.mark.parametrize("folder", ["solutions", "notebooks"])
def test_nothing_before_the_decision_tells_what_happens_after_it(folder):
    cells = _cells(folder)
    at = next(i for i, c in enumerate(cells) if c.metadata.get("nbgrader", {}).get("grade_id") == f"{DECISION}-question")
    before = "\n".join(c.source for c in cells[:at])
    # what the learner reads there, the explanations of the questions before the decision included
    asked = [e for e in load_catalogue(CASE, root=REPO).exercises if e.id in before]
    texts = before + "\n".join(t for e in asked for t in [*e.explanations.values(), e.explanation or ""])
    for future in ("who is Sam?", "Whitfield replied", "she replies", "opened the email", "her two questions",
                   "She asked you", "14:30", "14:37"):
        assert future not in texts, future
    after = "\n".join(c.source for c in cells[at:])
    assert 'story.load("timeline")' in after and 'Story("03-premature-send")' in before


def test_the_follow_up_is_graded_with_one_key_per_branch():
    grade_cell = next(c for c in _cells("solutions") if c.metadata.get("nbgrader", {}).get("grade_id") == FOLLOW)
    calls = [n for n in ast.walk(ast.parse(grade_cell.source))
             if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "grade"]
    key = ast.literal_eval(next(k.value for c in calls for k in c.keywords if k.arg == "key"))
    assert key == OPEN_KEY and set(key) == set(POINT.names)
    decided = next(c for c in _cells("solutions") if c.metadata.get("nbgrader", {}).get("grade_id") == DECISION)
    assert OPTIONS[NOW] in decided.source, "the best move is to write at once"


def test_the_story_is_the_base_until_dana_is_written_to(store):
    told = story.Story(CASE)
    assert told.load("timeline").equals(_timeline())
    decision = KINDS["decision"](DECISION, story=CASE, step="own", points=2, options=list(OPTIONS.values()),
                                 key=make_key("decision", DECISION, OPTIONS[NOW]))
    registry.register(decision, store=store)
    store.save(DECISION, OPTIONS[WAIT])
    assert told.path() == {DECISION: WAIT}
    assert "who is Sam?" in told.load("timeline")["event"].iloc[-1]


# ---- grading: each learner against the key of their own branch ----

def _graded(tmp_path, name: str, answers: dict, capsys) -> dict[str, float]:
    """One learner's two scores, graded through the rules alone as `course grade` scores them."""
    path = tmp_path / name / "responses.json"
    path.parent.mkdir()
    path.write_text(responses_json(answers))
    registry.clear()
    registry.register(KINDS["decision"](DECISION, story=CASE, step="own", points=2, options=list(OPTIONS.values()),
                                        key=make_key("decision", DECISION, OPTIONS[NOW])), store=ResponsesStore(path))
    registry.register(KINDS["single_choice"](FOLLOW, after=DECISION, step="own", points=2,
                                             options=[BOTH, NOTHING, "Correct the fee only", "Apologise at length"],
                                             key={b: make_key("single_choice", FOLLOW, k) for b, k in OPEN_KEY.items()}),
                      store=ResponsesStore(path))
    scores = {DECISION: grade(DECISION, key=OPTIONS[NOW]), FOLLOW: grade(FOLLOW, key=OPEN_KEY)}
    return scores | {"said": capsys.readouterr().out}


def test_learners_on_three_branches_are_each_graded_right(tmp_path, capsys):
    ana = _graded(tmp_path, "ana", {DECISION: OPTIONS[WAIT], FOLLOW: BOTH}, capsys)
    ben = _graded(tmp_path, "ben", {DECISION: OPTIONS[NOW], FOLLOW: NOTHING}, capsys)
    cat = _graded(tmp_path, "cat", {DECISION: OPTIONS[DELETE], FOLLOW: BOTH}, capsys)
    assert (ana[DECISION], ana[FOLLOW]) == (0.0, 2.0), "waiting is the wrong move; her questions, then, are open"
    assert (ben[DECISION], ben[FOLLOW]) == (2.0, 2.0)
    assert (cat[DECISION], cat[FOLLOW]) == (0.0, 2.0)
    # the other branch's answer is wrong on yours
    assert _graded(tmp_path, "dan", {DECISION: OPTIONS[WAIT], FOLLOW: NOTHING}, capsys)[FOLLOW] == 0.0
    assert _graded(tmp_path, "eve", {DECISION: OPTIONS[NOW], FOLLOW: BOTH}, capsys)[FOLLOW] == 0.0
