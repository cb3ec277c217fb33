"""Progress per rubric step: the rows, the printed table, and the chart."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import pytest

from course import progress, rubric
from course.exercises import Categorise, MultipleChoice, Ordering, SingleChoice, make_key, set_mode
from course.catalogue import notebook_graded_cells
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
    assert rows["assess"] == StepProgress("assess", 2.0, 2.0, 1, 1, first=2.0)
    assert sc.value == SC_OPTIONS[0]


def step_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line[:2] in {f"{s.number} " for s in rubric.STEPS}]


def test_the_summary_in_words_has_five_step_lines_with_first_try_and_final(course_exercises):
    answer_some(*course_exercises)
    lines = step_lines(progress.text(step_progress(), graded=False))
    assert len(lines) == 5
    for s, line in zip(rubric.STEPS, lines):
        assert line.startswith(s.label())
    assert "first try 2 · final 2 of 3 points (2 of 2 answered)" in lines[0]
    assert "first try 1 · final 1 of 3 points (1 of 1 answered)" in lines[1]
    assert "first try 0 · final 0 of 5 points (0 of 1 answered)" in lines[2]
    assert "first try 1.5 · final 1.5 of 2 points (1 of 1 answered)" in lines[3]
    assert lines[4].rstrip().endswith("no graded cells in this notebook")  # not a misleading 0%
    assert "points" not in lines[4]


def test_first_try_and_final_are_scored_apart(course_exercises, store):
    """The first checked answer stays the first try whatever comes after; the final is the latest."""
    sc, sc2, mc, ordering, cat = course_exercises
    sc.answer(SC_OPTIONS[1])  # first try wrong: 0 of 2
    sc._radio.value = SC_OPTIONS[0]  # then right: 2 of 2
    mc.answer(MC_RIGHT)  # first try right: 3 of 3
    mc.answer([MC_OPTIONS[0]])  # then worse: 1 of 3
    ordering.answer(ORD_RIGHT)
    assert store.get("sc").first == SC_OPTIONS[1] and store.get("sc").value == SC_OPTIONS[0]
    rows = by_step(step_progress())
    assert (rows["assess"].first, rows["assess"].earned, rows["assess"].possible) == (0.0, 2.0, 3.0)
    assert (rows["own"].first, rows["own"].earned) == (3.0, 1.0)
    assert (rows["fix"].first, rows["fix"].earned) == (5.0, 5.0)
    assert rows["own"].first_share == 1.0 and rows["own"].share == pytest.approx(1 / 3)
    lines = step_lines(progress.text(list(rows.values()), graded=False))
    assert "first try 0 · final 2 of 3 points" in lines[0]
    assert "first try 3 · final 1 of 3 points" in lines[1]


def test_the_summary_shows_a_live_table_and_a_chart_with_words(course_exercises, capsys):
    answer_some(*course_exercises)
    assert summary() is None
    out, err = capsys.readouterr()
    assert err == "" and "Run All" not in out
    view = progress.live()
    page = view.widget.value
    assert "<table" in page and "<caption>" in page and "First try" in page and "Final" in page
    assert re.search(r'<img src="data:image/png;base64,[^"]+" alt="Chart of your score per rubric step\. '
                     r'1 Assess the damage: first try 2 · final 2 of 3 points', page)
    bundle = view._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"] == progress.text(view.rows, graded=False), "a reopened notebook shows the words"


def test_in_a_grading_kernel_the_summary_is_words_only_and_listens_to_nothing(course_exercises, capsys,
                                                                            monkeypatch):
    """`course grade`'s kernels (COURSE_NO_FRONTEND=1) draw no chart: nobody sees it, and the
    feedback shows the gradebook's instead; the words stay in the autograded notebook."""
    from course.answers import events
    from course.speedups import NO_FRONTEND

    answer_some(*course_exercises)
    monkeypatch.setenv(NO_FRONTEND, "1")
    monkeypatch.setattr(progress, "_chart", lambda *a: pytest.fail("a grading kernel drew the chart"))
    assert summary() is None
    out, err = capsys.readouterr()
    assert err == "" and out.strip() == progress.text(step_progress(), graded=False)
    assert progress.live() is None and not events.listening()


def test_the_summary_redraws_itself_when_a_panel_saves_an_answer(course_exercises):
    sc, sc2, mc, ordering, cat = course_exercises
    summary()
    view = progress.live()
    before, draws = view.widget.value, view.redraws
    assert "0 of 5" in before  # the ordering: not answered yet
    ordering.answer(ORD_RIGHT)  # a checked answer: the panel announces it, the summary hears it
    assert view.redraws == draws + 1
    assert "5 of 5" in view.widget.value and view.widget.value != before
    assert by_step(view.rows)["fix"].earned == 5.0
    summary()  # shown again: the earlier summary stops listening, the new one listens
    again = progress.live()
    assert again is not view
    sc.answer(SC_OPTIONS[0])
    assert view.redraws == draws + 1 and by_step(again.rows)["assess"].earned == 2.0


def test_in_a_kernel_the_redraw_follows_the_check_and_quick_checks_make_one(course_exercises):
    """Where an event loop runs (a kernel), the Check's feedback goes out first; then one redraw."""
    sc, sc2, mc, ordering, cat = course_exercises
    summary()
    view = progress.live()
    draws = view.redraws

    async def check_three_times():
        ordering.answer(ORD_RIGHT)
        sc.answer(SC_OPTIONS[0])
        mc.answer(MC_RIGHT)
        assert view.redraws == draws, "no redraw while the checks are handled"
        await asyncio.sleep(progress.REDRAW_DELAY * 4)

    asyncio.run(check_three_times())
    assert view.redraws == draws + 1
    rows = by_step(view.rows)
    assert (rows["fix"].earned, rows["assess"].earned, rows["own"].earned) == (5.0, 2.0, 3.0)


def test_nothing_listens_to_saves_without_a_summary(course_exercises):
    from course.answers import events

    assert not events.listening()
    summary()
    assert events.listening()
    progress.live().stop()
    assert not events.listening() and progress.live() is None


def test_the_summary_in_graded_mode_shows_only_what_is_answered(course_exercises, capsys):
    set_mode("graded")
    answer_some(*course_exercises)
    summary()
    view = progress.live()
    lines = step_lines(view._repr_mimebundle_()["text/plain"])
    assert len(lines) == 5
    for s, line in zip(rubric.STEPS, lines):
        assert line.startswith(s.label())
    assert lines[0].rstrip().endswith("2 of 2 answered")
    assert lines[2].rstrip().endswith("0 of 1 answered")
    assert lines[4].rstrip().endswith("no graded cells in this notebook")
    assert "points" not in "\n".join(lines) and "First try" not in view.widget.value  # nothing judged before grading
    assert "Answered" in view.widget.value


def test_summary_without_exercises(capsys):
    assert summary() is None
    out, err = capsys.readouterr()
    assert "No exercises have run in this session yet" in out
    assert err == ""
    assert progress.live() is None


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


# -- every graded cell of the notebook ---------------------------------------------------------------

REPO = Path(__file__).resolve().parents[1]


def _cell(grade_id, points, step, *, kind="code", exercise=True):
    course = {"exercise": grade_id, "step": step} if exercise else {"step": step}
    return {"cell_type": kind, "id": grade_id, "metadata": {
        "nbgrader": {"grade": True, "grade_id": grade_id, "points": points, "solution": not exercise,
                     "locked": exercise, "schema_version": 3, "task": False}, "course": course},
        "source": "", **({"outputs": [], "execution_count": None} if kind == "code" else {})}


def _notebook(folder: Path, name: str, cells) -> Path:
    path = folder / name
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    return path


def test_code_and_manually_graded_cells_count_as_to_be_graded_by_your_instructor(course_exercises, tmp_path,
                                                                                   monkeypatch):
    """The notebook in the kernel's folder: its widget exercises, a code exercise and a written answer on
    "fix", and a widget exercise whose cell has not run in this session."""
    _notebook(tmp_path, "case.ipynb", [
        _cell("sc", 2, "assess"), _cell("sc2", 1, "assess"), _cell("mc", 3, "own"), _cell("ord", 5, "fix"),
        _cell("fix-code", 2, "fix", exercise=False), _cell("fix-manual", 3, "fix", kind="markdown", exercise=False),
        _cell("cat", 2, "reflect"), _cell("rebuild-later", 3, "rebuild"),
    ])
    monkeypatch.chdir(tmp_path)
    answer_some(*course_exercises)
    rows = by_step(step_progress())
    assert (rows["fix"].possible, rows["fix"].instructor, rows["fix"].instructor_cells, rows["fix"].points) == (
        5.0, 5.0, 2, 10.0)
    assert (rows["rebuild"].total, rows["rebuild"].possible, rows["rebuild"].unscored) == (1, 3.0, 1)
    assert rows["assess"] == StepProgress("assess", 2.0, 3.0, 2, 2, first=2.0)
    lines = step_lines(progress.text(list(rows.values()), graded=False))
    assert lines[2].endswith("final 0 of 5 points (0 of 1 answered) · 5 more points to be graded by your "
                             "instructor (10 in all)")
    assert "0 of 3 points (0 of 1 answered; 1 not run yet)" in lines[4]
    summary()
    page = progress.live().widget.value
    assert "<td>5 points</td><td>10</td></tr>" in page and "Points in all" in page and "Run All" in page


def test_a_step_with_instructor_cells_only_says_so(tmp_path, monkeypatch):
    _notebook(tmp_path, "postmortem.ipynb", [_cell("pm-manual", 4, "reflect", kind="markdown", exercise=False)])
    monkeypatch.chdir(tmp_path)
    rows = by_step(step_progress())
    assert (rows["reflect"].total, rows["reflect"].instructor) == (0, 4.0)
    assert step_lines(progress.text(list(rows.values()), graded=False))[3].endswith(
        "4 points to be graded by your instructor")
    summary()  # not "no exercises have run": there is something to show
    assert progress.live() is not None


def test_fix_in_the_wrong_year_case_counts_its_eleven_points():
    cells = notebook_graded_cells(REPO / "notebooks" / "02-wrong-year-attachment" / "wrong-year-attachment.ipynb")
    fix = by_step(step_progress([], cells=cells))["fix"]
    assert (fix.possible, fix.instructor, fix.instructor_cells, fix.points) == (3.0, 8.0, 3, 11.0)


def test_the_notebook_is_found_by_its_exercises(course_exercises, tmp_path, monkeypatch):
    other = _notebook(tmp_path, "a-other.ipynb", [_cell("elsewhere", 1, "assess")])
    mine = _notebook(tmp_path, "b-mine.ipynb", [_cell("sc", 2, "assess"), _cell("mc", 3, "own")])
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    assert progress.this_notebook(["sc", "mc"]) == mine
    assert progress.this_notebook([]) is None, "two notebooks and nothing to tell them apart"
    monkeypatch.setenv("JPY_SESSION_NAME", str(other))  # what Jupyter tells the kernel wins
    assert progress.this_notebook(["sc", "mc"]) == other
