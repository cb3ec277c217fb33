"""Progress per rubric step: the rows, the printed table, and the chart."""

from __future__ import annotations

import pytest

from course import progress, rubric
from course.exercises import Categorise, MultipleChoice, Ordering, SingleChoice, make_key, set_mode
from course.progress import StepProgress, step_progress, summary

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

SC_OPTIONS = ["Pause and gather the facts", "Email everyone again at once", "Say nothing"]
MC_OPTIONS = ["Apologise promptly", "Blame the seller", "Say what happens next", "Offer a repair"]
MC_RIGHT = [MC_OPTIONS[0], MC_OPTIONS[2], MC_OPTIONS[3]]
ORD_RIGHT = ["a", "b", "c", "d", "e"]
CAT_RIGHT = {"logs": "productive", "blame": "unproductive", "postmortem": "productive", "panic": "unproductive"}


@pytest.fixture
def course_exercises(store):
    """One exercise on each of four steps (none on 'rebuild'), two of them on 'assess'."""
    sc = SingleChoice("sc", options=SC_OPTIONS, step="assess", points=2, prompt="First?",
                      key=make_key("single_choice", "sc", SC_OPTIONS[0]), store=store)
    sc2 = SingleChoice("sc2", options=SC_OPTIONS, step="assess", points=1, prompt="Then?",
                       key=make_key("single_choice", "sc2", SC_OPTIONS[0]), store=store)
    mc = MultipleChoice("mc", options=MC_OPTIONS, step="own", points=3, prompt="Which?",
                        key=make_key("multiple_choice", "mc", MC_RIGHT), store=store)
    ordering = Ordering("ord", items=list(reversed(ORD_RIGHT)), step="fix", points=5, prompt="Order",
                        key=make_key("ordering", "ord", ORD_RIGHT), store=store)
    cat = Categorise("cat", items=list(CAT_RIGHT), categories=["productive", "unproductive"], step="reflect",
                     points=2, prompt="Sort", key=make_key("categorise", "cat", CAT_RIGHT), store=store)
    return sc, sc2, mc, ordering, cat


def answer_some(sc, sc2, mc, ordering, cat):
    sc.answer(SC_OPTIONS[0])  # 2 of 2
    sc2.answer(SC_OPTIONS[1])  # 0 of 1
    mc.answer([MC_OPTIONS[0]])  # 1/3 of 3 = 1
    # ordering left unanswered
    cat.answer({**CAT_RIGHT, "blame": "productive"})  # 3/4 of 2 = 1.5


def by_step(rows):
    return {r.step: r for r in rows}


def test_rows_for_every_step_in_rubric_order(course_exercises):
    rows = step_progress()
    assert [r.step for r in rows] == list(rubric.STEP_IDS)
    assert all(isinstance(r, StepProgress) for r in rows)


def test_step_progress_before_any_answer(course_exercises):
    rows = by_step(step_progress())
    assert rows["assess"] == StepProgress("assess", 0.0, 3.0, 0, 2)
    assert rows["own"] == StepProgress("own", 0.0, 3.0, 0, 1)
    assert rows["fix"] == StepProgress("fix", 0.0, 5.0, 0, 1)
    assert rows["reflect"] == StepProgress("reflect", 0.0, 2.0, 0, 1)
    assert rows["rebuild"] == StepProgress("rebuild", 0.0, 0, 0, 0)


def test_step_progress_earned_possible_answered(course_exercises):
    answer_some(*course_exercises)
    rows = by_step(step_progress())
    assert (rows["assess"].earned, rows["assess"].possible, rows["assess"].answered, rows["assess"].total) == (
        2.0, 3.0, 2, 2)
    assert (rows["own"].earned, rows["own"].possible, rows["own"].answered) == (1.0, 3.0, 1)
    assert (rows["fix"].earned, rows["fix"].possible, rows["fix"].answered) == (0.0, 5.0, 0)
    assert (rows["reflect"].earned, rows["reflect"].possible, rows["reflect"].answered) == (1.5, 2.0, 1)
    assert (rows["rebuild"].earned, rows["rebuild"].possible, rows["rebuild"].total) == (0.0, 0, 0)
    assert rows["assess"].share == pytest.approx(2 / 3)
    assert rows["reflect"].share == pytest.approx(0.75)
    assert rows["rebuild"].share == 0.0  # no exercises: no division by zero


def test_step_progress_of_given_exercises_only(course_exercises):
    sc, sc2, mc, ordering, cat = course_exercises
    answer_some(*course_exercises)
    rows = by_step(step_progress([sc, ordering]))
    assert (rows["assess"].earned, rows["assess"].possible, rows["assess"].total) == (2.0, 2.0, 1)
    assert rows["own"].total == 0 and rows["reflect"].total == 0
    assert rows["fix"].total == 1


def test_step_progress_follows_the_latest_answer(course_exercises):
    sc, *_ = course_exercises
    sc.answer(SC_OPTIONS[0])
    assert by_step(step_progress())["assess"].earned == 2.0
    sc._radio.value = SC_OPTIONS[2]
    assert by_step(step_progress())["assess"].earned == 0.0


def test_step_progress_includes_answers_saved_earlier(store, course_exercises):
    answer_some(*course_exercises)
    from course.exercises import registry

    registry.clear()
    # re-running the notebook re-creates the exercises, which show the saved answers
    sc = SingleChoice("sc", options=SC_OPTIONS, step="assess", points=2, prompt="First?",
                      key=make_key("single_choice", "sc", SC_OPTIONS[0]), store=store)
    rows = by_step(step_progress())
    assert rows["assess"] == StepProgress("assess", 2.0, 2.0, 1, 1)
    assert sc.value == SC_OPTIONS[0]


def test_summary_prints_five_step_lines(course_exercises, capsys):
    answer_some(*course_exercises)
    capsys.readouterr()
    summary()
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    step_lines = [line for line in lines if line[:2] in {f"{s.number} " for s in rubric.STEPS}]
    assert len(step_lines) == 5
    for s, line in zip(rubric.STEPS, step_lines):
        assert line.startswith(s.label())
    assert "2 of 3 points (2 of 2 answered)" in step_lines[0]
    assert "1 of 3 points (1 of 1 answered)" in step_lines[1]
    assert "0 of 5 points (0 of 1 answered)" in step_lines[2]
    assert "1.5 of 2 points (1 of 1 answered)" in step_lines[3]
    assert step_lines[4].rstrip().endswith("no exercises in this notebook")  # not a misleading 0%
    assert "points" not in step_lines[4]
    # outside a kernel IPython's display() prints the image's repr
    assert any("Image" in line for line in lines)


def test_summary_returns_nothing_rows_come_from_step_progress(course_exercises, capsys):
    # summary() is a display call; the rows are step_progress()'s job
    assert summary() is None
    assert len(step_progress()) == 5


def test_summary_in_graded_mode_shows_only_what_is_answered(course_exercises, capsys):
    set_mode("graded")
    answer_some(*course_exercises)
    capsys.readouterr()
    summary()
    out, err = capsys.readouterr()
    assert err == ""
    step_lines = [line for line in out.splitlines() if line[:2] in {f"{s.number} " for s in rubric.STEPS}]
    assert len(step_lines) == 5
    for s, line in zip(rubric.STEPS, step_lines):
        assert line.startswith(s.label())
    assert step_lines[0].rstrip().endswith("2 of 2 answered")
    assert step_lines[2].rstrip().endswith("0 of 1 answered")
    assert step_lines[4].rstrip().endswith("no exercises in this notebook")
    assert "points" not in out  # scores are not revealed before grading


def test_summary_without_exercises(capsys):
    assert summary() is None
    out, err = capsys.readouterr()
    assert "No exercises have run in this session yet" in out
    assert err == ""


@pytest.mark.parametrize("graded", [False, True])
def test_chart_is_a_png(course_exercises, graded):
    answer_some(*course_exercises)
    data = progress._chart(step_progress(), graded=graded)
    assert isinstance(data, bytes)
    assert data.startswith(PNG_SIGNATURE)
    assert len(data) > 1000


def test_chart_with_no_exercises_is_still_a_png():
    data = progress._chart(step_progress([]), graded=False)
    assert data.startswith(PNG_SIGNATURE)
