"""Case 02's decision (wrong-first-move): each branch's data tells its truth, and the follow-up is graded per branch.

Why a file of its own: tests/test_decisions.py holds the mechanism to its promises on case 01;
this one holds case 02's content to its story. Before Tuesday's first move the case knows nothing
of Thursday's budget meeting (the issue's complaint: "the client's budget meeting is known from the
start"); after it, only the call to the client puts the right figures on the meeting's sheet, and
the quiet moves lead to a meeting that ran on last year's figures. The follow-up's keys
(wrong-meeting-growth) are computed here from the branch data, as a learner computes them.
"""

from __future__ import annotations


from worked_answers import responses_json

from course import data, story
from course.answers import KINDS, make_key, registry
from course.exercises import Decision
from course.grading import grade
from course.responses import ResponsesStore
from course.scenarios import decision_point, regenerate, wrong_year

WRONG = "02-wrong-year-attachment"
DECISION = "wrong-first-move"
FOLLOW = "wrong-meeting-growth"
CALL, QUIET, RECALL = "client-first", "quiet-fix", "recall-resend"
POINT = decision_point(WRONG, DECISION)
OPTIONS = {b.name: b.option for b in POINT.branches}
GROWTH = {CALL: 7.02, QUIET: 5.38, RECALL: 5.38}  # the meeting's targets over the real 2025 revenue, % (2 decimals)
NOTICED = "2026-01-20 09:20"  # the last thing the base timeline knows


def _path(branch: str | None) -> dict[str, str]:
    return {} if branch is None else {DECISION: branch}


def _growth(branch: str) -> float:
    """What the notebook's solution computes on this branch."""
    this_year = data.load(WRONG, "report_this_year")
    meeting = data.load(WRONG, "budget_meeting", _path(branch))
    real = this_year.loc[this_year["line_item"] == "Revenue", "amount"].sum()
    return round(100 * (meeting["target_2026"].sum() / real - 1), 2)


# ---- the data: no future in the base, each branch its own ----

def test_the_base_knows_nothing_after_tuesday_morning():
    timeline = data.load(WRONG, "timeline")
    assert (timeline["at"] <= NOTICED).all()
    assert not timeline["event"].str.contains("budget|meeting|Thursday", case=False).any()
    meeting = data.load(WRONG, "budget_meeting")
    assert meeting.empty and list(meeting.columns) == ["region", "revenue_2025", "target_2026"]


def test_the_decision_changes_only_the_timeline_and_the_meeting_and_keeps_the_past():
    assert POINT.tables == ("timeline", "budget_meeting")
    assert set(OPTIONS) == {CALL, QUIET, RECALL}
    base = data.load(WRONG, "timeline")
    for branch in OPTIONS:
        timeline = data.load(WRONG, "timeline", _path(branch))
        assert timeline.iloc[: len(base)].reset_index(drop=True).equals(base), branch  # the past stays
        assert (timeline.iloc[len(base):]["at"] > NOTICED).all() and timeline["at"].is_monotonic_increasing
        for table in ("report_this_year", "report_last_year", "attachment_sent", "past_reports"):
            assert data.load(WRONG, table, _path(branch)).equals(data.load(WRONG, table))


def test_only_the_call_puts_the_right_figures_on_the_meeting_sheet():
    this_year, last_year = data.load(WRONG, "report_this_year"), data.load(WRONG, "report_last_year")

    def revenue(report):
        return report[report["line_item"] == "Revenue"].groupby("region")["amount"].sum()

    for branch in OPTIONS:
        meeting = data.load(WRONG, "budget_meeting", _path(branch)).set_index("region")
        assert list(meeting.index) == list(wrong_year.REGIONS)
        used = revenue(this_year if branch == CALL else last_year)
        assert (meeting["revenue_2025"] == used.reindex(meeting.index)).all(), branch
        # the meeting's rule, which the follow-up's prompt states: 7% up, to the nearest 10,000
        expected = (meeting["revenue_2025"] * 1.07 / 10_000).round().astype(int) * 10_000
        assert (meeting["target_2026"] == expected).all(), branch
    assert {b: _growth(b) for b in OPTIONS} == GROWTH
    assert GROWTH[QUIET] < 7 - 1 < GROWTH[CALL]  # a quiet move costs the client more than a point of growth


def test_each_branch_timeline_tells_what_its_consequence_says():
    for branch in OPTIONS:
        after = data.load(WRONG, "timeline", _path(branch))
        after = after[after["at"] > NOTICED]
        text = " ".join(after["who"] + " " + after["event"])
        if branch == CALL:  # the client hears first, and the meeting runs on the corrected figures
            called = after["event"].str.startswith("called the client")
            assert called.any() and (after.loc[~called & (after["who"] != "you"), "at"] >= after.loc[called, "at"].min()).all()
            assert "budget meeting went fine" in text
        else:  # the client hears last, from her own finance lead, after the meeting
            assert "called the client" not in text
            assert after["who"].iat[-1] == "client" and after["at"].iat[-1] > wrong_year.pd.Timestamp("2026-01-22")
            assert "last year's numbers" in after["event"].iat[-1]
        assert "budget" in POINT.branch(branch).consequence


def test_the_committed_branch_csvs_are_what_the_generator_makes(tmp_path):
    regenerate(WRONG, tmp_path)
    for branch in OPTIONS:
        for table in POINT.tables:
            made = tmp_path / DECISION / branch / f"{table}.csv"
            committed = data.folder(WRONG) / DECISION / branch / f"{table}.csv"
            assert made.read_bytes() == committed.read_bytes(), (branch, table)


# ---- the story and the grading per branch ----

def test_the_story_shows_the_meeting_only_after_the_decision(store):
    told = story.Story(WRONG)
    assert told.load("budget_meeting").empty  # no decision cell has run: the meeting is still ahead
    decision = Decision(DECISION, story=WRONG, step="own", points=2, prompt="What do you do first?",
                        options=list(OPTIONS.values()), key=make_key("decision", DECISION, OPTIONS[CALL]), store=store)
    decision.answer(OPTIONS[QUIET])
    assert told.path() == {DECISION: QUIET}
    assert len(told.load("budget_meeting")) == 5
    assert told.load("timeline")["event"].str.contains("Updated version attached").any()


def _graded(tmp_path, name: str, answers: dict, capsys) -> dict[str, float]:
    """One learner's two scores, graded through the rules alone as `course grade` scores them."""
    path = tmp_path / name / "responses.json"
    path.parent.mkdir()
    path.write_text(responses_json(answers))
    registry.clear()
    registry.register(KINDS["decision"](DECISION, story=WRONG, step="own", points=2, options=list(OPTIONS.values()),
                                        key=make_key("decision", DECISION, OPTIONS[CALL])), store=ResponsesStore(path))
    registry.register(KINDS["numeric"](FOLLOW, after=DECISION, step="assess", points=2, decimals=2, unit="%",
                                       key={b: make_key("numeric", FOLLOW, g) for b, g in GROWTH.items()}),
                      store=ResponsesStore(path))
    scores = {DECISION: grade(DECISION, key=OPTIONS[CALL]), FOLLOW: grade(FOLLOW, key=GROWTH)}
    registry.clear()
    return scores | {"said": capsys.readouterr().out}


def test_three_learners_on_three_branches_are_each_graded_right(tmp_path, capsys):
    ana = _graded(tmp_path, "ana", {DECISION: OPTIONS[CALL], FOLLOW: GROWTH[CALL]}, capsys)
    ben = _graded(tmp_path, "ben", {DECISION: OPTIONS[QUIET], FOLLOW: GROWTH[QUIET]}, capsys)
    cy = _graded(tmp_path, "cy", {DECISION: OPTIONS[RECALL], FOLLOW: GROWTH[RECALL]}, capsys)
    assert (ana[DECISION], ana[FOLLOW]) == (2.0, 2.0)
    assert (ben[DECISION], ben[FOLLOW]) == (0.0, 2.0), "the quiet fix is the wrong move; its meeting's figure is right"
    assert (cy[DECISION], cy[FOLLOW]) == (0.0, 2.0)
    # the 7% the meeting meant is right only where the sheet held the right figures
    crossed = _graded(tmp_path, "dee", {DECISION: OPTIONS[QUIET], FOLLOW: GROWTH[CALL]}, capsys)
    assert crossed[FOLLOW] == 0.0
    crossed = _graded(tmp_path, "eve", {DECISION: OPTIONS[CALL], FOLLOW: GROWTH[QUIET]}, capsys)
    assert crossed[FOLLOW] == 0.0


def test_the_notebook_grades_the_follow_up_with_these_keys():
    """The hidden test's per-branch key is the one this file computes from the data."""
    import nbformat

    from course.layout import CourseLayout

    root = CourseLayout.of().root
    nb = nbformat.read(root / "solutions" / WRONG / "wrong-year-attachment.ipynb", as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == FOLLOW)
    assert f"key={GROWTH!r}" in cell.source
    decision = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == DECISION)
    assert f"key={OPTIONS[CALL]!r}" in decision.source
    # the decision comes after the damage is assessed and before the meeting is mentioned anywhere
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
    at = ids.index(f"{DECISION}-question")
    assert ids.index("wrong-timeline") < at
    before = "\n".join(c.source for c in nb.cells[:at])
    assert "budget" not in before.lower() and "Thursday" not in before
