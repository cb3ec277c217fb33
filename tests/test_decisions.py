"""Decisions with consequences (issue 17 §1): branches, data per branch, grading per branch, exploring.

Why here and not only in the notebooks' tests: the mechanism is one for every case, declared as
content (a scenario's DECISIONS) and shown by one widget. These tests hold it to its promises on
case 01's real decision: the story after a decision is that branch's data, and nothing of it is
visible before; the exercises after it are graded against the key of the learner's branch; a
decision counts once (the first), and a practice learner who goes back to explore the other branch
changes what the notebook shows, never what is graded.
"""

from __future__ import annotations

import json

import pytest

from worked_answers import responses_json

from course import data, story
from course.answers import KINDS, make_key, registry
from course.catalogue import load as load_catalogue
from course.exercises import Decision, Numeric, set_mode
from course.grading import grade
from course.layout import CourseLayout
from course.responses import ResponsesStore
from course.scenarios import GENERATORS, decision_point, decisions, find_decision
from course.scenarios.branching import Branch, DecisionPoint, check_decisions
from course.speedups import NO_FRONTEND

SPAM = "01-bulk-spam"
DECISION = "spam-sorry-send"
FOLLOW = "spam-day-two-rate"
BLAST, QUIET = "apology-to-all", "answers-only"
OPTIONS = {b.name: b.option for b in decision_point(SPAM, DECISION).branches}
RATES = {BLAST: 1.584, QUIET: 0.042}  # day two's complaint rate, in % of the 9,595 delivered, per branch (3 decimals)
DAY_TWO = "2024-10-09 09:00"


def _decision(store) -> Decision:
    return Decision(DECISION, story=SPAM, step="fix", points=2, prompt="What do you do?",
                    options=list(OPTIONS.values()), key=make_key("decision", DECISION, OPTIONS[QUIET]), store=store)


def _follow(store) -> Numeric:
    return Numeric(FOLLOW, after=DECISION, step="assess", points=1, prompt="Day two's rate?", decimals=3, unit="%",
                   key={b: make_key("numeric", FOLLOW, r) for b, r in RATES.items()}, store=store)


def _rate(table) -> float:
    day_two = table[table["received_at"] >= DAY_TWO]
    delivered = (data.load(SPAM, "send_log")["status"] == "delivered").sum()
    return round(100 * (day_two["kind"] == "spam_complaint").sum() / delivered, 3)


# ---- content: declared, and its data tells each branch's truth ----

def test_every_decision_in_the_course_is_declared_with_exactly_its_options():
    layout = CourseLayout.of()
    found = [(a, e) for a in layout.assignments() for e in load_catalogue(a, root=layout.root).exercises
             if e.kind == "decision"]
    assert {a for a, _ in found} >= {SPAM}
    for assignment, exercise in found:
        scenario, point = find_decision(exercise.id)
        assert sorted(point.options) == sorted(exercise.options), exercise.id
        assert all(b.consequence for b in point.branches)
    for scenario in GENERATORS:  # and every declared decision has its question in a notebook
        for point in decisions(scenario):
            assert any(e.id == point.id for _, e in found), point.id


def test_the_future_is_not_in_the_base_table_and_each_branch_tells_its_own():
    base = data.load(SPAM, "responses")
    assert (base["received_at"] < DAY_TWO).all(), "day two is not known before the decision"
    tables = {b: data.load(SPAM, "responses", {DECISION: b}) for b in OPTIONS}
    for table in tables.values():  # day one is the same whatever is decided next
        assert table[table["received_at"] < DAY_TWO].reset_index(drop=True).equals(base)
    assert {b: _rate(t) for b, t in tables.items()} == RATES
    assert RATES[BLAST] > 0.3 > 0.1 > RATES[QUIET]  # Gmail's limit, and the rate to aim for
    # the blast mails the people who asked yesterday to be left alone, and they say so
    angry = tables[BLAST][(tables[BLAST]["received_at"] >= DAY_TWO) & (tables[BLAST]["kind"] == "angry_reply")]
    assert angry["excerpt"].str.contains("unsubscribed yesterday").any()
    # the other tables are the case's own, untouched by the decision
    assert data.load(SPAM, "send_log", {DECISION: BLAST}).equals(data.load(SPAM, "send_log"))


def test_a_declaration_that_cannot_work_is_one_line():
    branch = Branch(name="a", option="Do A", consequence="A happens.")
    with pytest.raises(ValueError, match="two branches or more"):
        DecisionPoint(id="x", tables=("t",), branches=(branch,))
    with pytest.raises(ValueError, match="lower-case slug"):
        Branch(name="Not A Slug", option="Do B", consequence="B happens.")
    other = Branch(name="b", option="Do B", consequence="B happens.")
    twice = (DecisionPoint("x", ("t",), (branch, other)), DecisionPoint("y", ("t",), (branch, other)))
    with pytest.raises(ValueError, match="changed by two decisions"):
        check_decisions("case", twice, ("t",))
    with pytest.raises(ValueError, match="unknown table"):
        check_decisions("case", twice[:1], ("u",))
    with pytest.raises(ValueError, match="has no decision"):
        decision_point(SPAM, "spam-nothing")


def test_a_decision_whose_options_are_not_the_branches_is_refused(store):
    with pytest.raises(ValueError, match="exactly the branches' options"):
        Decision(DECISION, story=SPAM, step="fix", points=2, prompt="?", options=["Do A", "Do B"],
                 key=make_key("decision", DECISION, "Do A"), store=store)


# ---- the story: information arrives step by step ----

def test_the_story_is_the_base_until_the_decision_and_the_branch_after(store, capsys):
    told = story.Story(SPAM)
    assert len(told.load("responses")) == len(data.load(SPAM, "responses"))  # no decision cell has run yet
    decision = _decision(store)
    before = told.load("responses")  # the cell has run, nothing decided: the case before it, and a note
    assert (before["received_at"] < DAY_TWO).all()
    assert "You have not decided yet" in capsys.readouterr().out
    decision.answer(OPTIONS[BLAST])
    assert told.path() == {DECISION: BLAST}
    assert _rate(told.load("responses")) == RATES[BLAST]
    assert "not decided" not in capsys.readouterr().out


# ---- grading: each learner against the key of their own branch ----

def _register(store: ResponsesStore) -> None:
    """The decision and its follow-up as bare rules (no widget), answers read from ``store``."""
    registry.clear()
    registry.register(KINDS["decision"](DECISION, story=SPAM, step="fix", points=2, options=list(OPTIONS.values()),
                                        key=make_key("decision", DECISION, OPTIONS[QUIET])), store=store)
    registry.register(KINDS["numeric"](FOLLOW, after=DECISION, step="assess", points=1, decimals=3, unit="%",
                                       key={b: make_key("numeric", FOLLOW, r) for b, r in RATES.items()}), store=store)


def _graded(tmp_path, name: str, answers: dict, capsys) -> dict[str, float]:
    """One learner's two scores, graded through the rules alone as `course grade` scores them."""
    path = tmp_path / name / "responses.json"
    path.parent.mkdir()
    path.write_text(responses_json(answers))
    _register(ResponsesStore(path))
    scores = {DECISION: grade(DECISION, key=OPTIONS[QUIET]), FOLLOW: grade(FOLLOW, key=RATES)}
    return scores | {"said": capsys.readouterr().out}


def test_two_learners_on_two_branches_are_each_graded_right(tmp_path, capsys):
    ana = _graded(tmp_path, "ana", {DECISION: OPTIONS[BLAST], FOLLOW: RATES[BLAST]}, capsys)
    ben = _graded(tmp_path, "ben", {DECISION: OPTIONS[QUIET], FOLLOW: RATES[QUIET]}, capsys)
    assert (ana[DECISION], ana[FOLLOW]) == (0.0, 1.0), "the blast is the wrong move, its day-two rate is right"
    assert (ben[DECISION], ben[FOLLOW]) == (2.0, 1.0)
    assert f"Marked on what followed your first decision (“{OPTIONS[QUIET]}”)" in ben["said"], "says which branch"
    # the other branch's figure is wrong on yours
    crossed = _graded(tmp_path, "cat", {DECISION: OPTIONS[BLAST], FOLLOW: RATES[QUIET]}, capsys)
    assert crossed[FOLLOW] == 0.0
    # no decision: nothing after it can be right, and the review says why
    undecided = _graded(tmp_path, "dan", {FOLLOW: RATES[QUIET]}, capsys)
    assert undecided[FOLLOW] == 0.0 and "decision before it was never made" in undecided["said"]


@pytest.mark.parametrize("policy", ["latest", "first"])
def test_a_decision_counts_once_whatever_the_grading_policy(tmp_path, capsys, monkeypatch, policy):
    """First blast, then the quiet way (latest): graded on the blast, and on the blast's branch after it."""
    monkeypatch.setenv("COURSE_GRADED_ANSWER", policy)
    path = tmp_path / "responses.json"
    store = ResponsesStore(path)
    store.save(DECISION, OPTIONS[BLAST])
    store.save(DECISION, OPTIONS[QUIET])
    store.save(FOLLOW, RATES[BLAST])
    answers = json.loads(path.read_text())["answers"]
    _register(store)
    assert answers[DECISION]["value"] == OPTIONS[QUIET] and answers[DECISION]["first"] == OPTIONS[BLAST]
    assert grade(DECISION, key=OPTIONS[QUIET]) == 0.0
    assert "first decision is the one graded" in capsys.readouterr().out
    assert grade(FOLLOW, key=RATES) == 1.0
    assert story.graded_branch(DECISION, store.answers()) == BLAST


def test_a_hidden_test_without_a_key_per_branch_is_an_authoring_error(tmp_path, capsys):
    from course.grading import AuthoringError

    _graded(tmp_path, "fay", {DECISION: OPTIONS[QUIET]}, capsys)
    with pytest.raises(AuthoringError, match="one key per branch"):
        grade(FOLLOW, key=RATES[QUIET])
    with pytest.raises(AuthoringError, match="no key for branch"):
        grade(FOLLOW, key={BLAST: RATES[BLAST]})


# ---- practice: going back to explore the other branch ----

def test_a_practice_learner_explores_the_other_branch_without_changing_what_is_graded(store, capsys, monkeypatch):
    from course.answers import events

    monkeypatch.delenv(NO_FRONTEND, raising=False)
    heard = []
    events.subscribe(heard.append)
    try:
        decision, follow = _decision(store), _follow(store)
        decision.answer(OPTIONS[QUIET])  # the first decision: the graded one
        follow.answer(RATES[QUIET])
        assert follow.check().complete and follow.store.path == store.path
        assert [r.exercise_id for r in heard] == [DECISION, FOLLOW]

        decision.answer(OPTIONS[BLAST])  # back up, and take the other branch
        assert story.Story(SPAM).path() == {DECISION: BLAST}, "the notebook follows the branch explored"
        assert "You are exploring" in decision._status.value and "What happens next" in decision._feedback.value
        assert follow.value is None, "on the explored branch, nothing is answered yet"
        assert follow.store.path != store.path and follow.store.path.parent == store.path.parent
        follow.answer(RATES[BLAST])
        assert follow.check().complete, "judged against the explored branch's key"
        assert [r.exercise_id for r in heard] == [DECISION, FOLLOW, DECISION], "an explored answer is announced to no one"
    finally:
        events.unsubscribe(heard.append)
    saved = store.answers()
    assert saved[FOLLOW].value == RATES[QUIET], "exploring changed no graded answer"
    assert story.graded_branch(DECISION, saved) == QUIET
    capsys.readouterr()
    assert grade(DECISION, key=OPTIONS[QUIET]) == 2.0 and grade(FOLLOW, key=RATES) == 1.0

    decision.answer(OPTIONS[QUIET])  # back on the graded branch: its answer is shown again
    assert follow.value == RATES[QUIET] and follow.store.path == store.path

    # where answers are only graded (a kernel with no frontend), the story is the graded path
    decision.answer(OPTIONS[BLAST])
    monkeypatch.setenv(NO_FRONTEND, "1")
    assert story.Story(SPAM).path() == {DECISION: QUIET}


def test_in_graded_mode_a_decision_is_final(store):
    set_mode("graded")
    decision = _decision(store)
    decision._answer_changed(OPTIONS[BLAST])  # a choice is a draft until Decide
    assert store.get(DECISION) is None and decision._check.layout.display != "none"
    decision.press_check()
    assert store.get(DECISION).value == OPTIONS[BLAST]
    assert "What happens next" in decision._feedback.value and "Why" not in decision._feedback.value
    decision._answer_changed(OPTIONS[QUIET])
    assert store.get(DECISION).value == OPTIONS[BLAST] and "final" in decision._status.value
    assert decision._check.layout.display == "none"


def test_a_hidden_test_can_compute_its_key_from_the_learners_graded_path(tmp_path, monkeypatch):
    """`graded_load` reads the table on the learner's graded branch (for a key computed from data),
    wherever the answers file is: a grading kernel's folder, or `course grade`'s rescoring."""
    path = tmp_path / "responses.json"
    monkeypatch.setenv("COURSE_RESPONSES", str(path))
    assert _rate(story.graded_load(SPAM, "responses")) == 0.0, "no decision: the case before it"
    ResponsesStore(path).save(DECISION, OPTIONS[BLAST])
    ResponsesStore(path).save(DECISION, OPTIONS[QUIET])  # explored later: the first decision holds
    assert story.graded_path(SPAM) == {DECISION: BLAST}
    assert _rate(story.graded_load(SPAM, "responses")) == RATES[BLAST]


def test_the_progress_summary_counts_the_graded_branch_while_the_learner_explores(store, monkeypatch):
    from course.progress import step_progress

    monkeypatch.delenv(NO_FRONTEND, raising=False)
    decision, follow = _decision(store), _follow(store)
    decision.answer(OPTIONS[BLAST])
    follow.answer(RATES[BLAST])  # right on the blast's branch
    decision.answer(OPTIONS[QUIET])  # now exploring the quiet way
    rows = {r.step: r for r in step_progress([decision, follow])}
    assert (rows["assess"].first, rows["assess"].earned) == (1.0, 1.0), "the follow-up, on the graded branch"
    assert (rows["fix"].first, rows["fix"].earned) == (0.0, 0.0), "the decision counts once: the blast"
