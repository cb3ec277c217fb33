"""A resubmission never keeps a manual score given to the earlier one unflagged, and ``course
grade``'s summary shows the gradebook's scores.

Why: nbgrader keeps a learner's manual scores across autograde re-runs (one grade per learner and
cell); a drafted message scored 2 stayed 2 after the learner sent a different message, and counted
in the Canvas total, with no flag. And the summary table after grading showed the scores recorded
when each learner was last graded, so an instructor who had scored a message since saw 36 / 39
where the gradebook said 39.

The story, on three learners of the spam case, scored in between as formgrader does (through
nbgrader's gradebook API): ``partial`` resubmits a different reply; ``blank`` resubmits with a
reply where it had none; ``perfect`` does not resubmit at all.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from pathlib import Path

import pytest
from cohort import HANDED_IN, NOTEBOOK, SPAM, copy_course, submit

from course import cli
from course.instructor import manual_grades, nbgrader_api
from course.layout import CourseLayout

pytestmark = pytest.mark.slow

MESSAGE = "spam-reply-manual"
REFLECTION = "spam-my-reflection"  # the case's other manually graded cell (issue 16)
LEARNERS = ("blank", "partial", "perfect")


def _score_in_formgrader(root: Path, student: str, score: float, grade_id: str = MESSAGE) -> None:
    """What formgrader's grade handler does on saving a score."""
    with nbgrader_api.gradebook(CourseLayout.of(root)) as gradebook:
        grade = gradebook.find_grade(grade_id, NOTEBOOK[SPAM], SPAM, student)
        grade.manual_score = score
        grade.needs_manual_grade = grade.manual_score is None and grade.auto_score is None
        gradebook.db.commit()


def _grade_of(root: Path, student: str) -> tuple[float | None, bool]:
    with nbgrader_api.gradebook(CourseLayout.of(root)) as gradebook:
        grade = gradebook.find_grade(MESSAGE, NOTEBOOK[SPAM], SPAM, student)
        return grade.manual_score, bool(grade.needs_manual_grade)


def _resubmit_reply(root: Path, student: str, reply: str) -> None:
    answers_file = CourseLayout.of(root).submitted / student / SPAM / "responses.json"
    answers = json.loads(answers_file.read_text()) if answers_file.exists() else {"schema": 1, "answers": {}}
    answers["answers"]["spam-reply"] = {"value": reply, "time": "2026-11-30T09:00:00.000+00:00", "attempts": 1}
    answers_file.write_text(json.dumps(answers))


def _course_grade(*args: str) -> dict[str, str]:
    """``course grade`` as typed in the course folder: each learner's lines of its summary table
    (their row and the notes beneath it)."""
    with contextlib.redirect_stdout(io.StringIO()) as out:
        assert cli.main(["grade", SPAM, "--quiet", "--timeout", "20", *args]) in (0, 1)
    rows, current = {}, None
    for line in out.getvalue().splitlines():
        first = line.split()[0] if line.split() else ""
        if first in LEARNERS:
            current, rows[first] = first, line
        elif current and line.startswith(" "):
            rows[current] += "\n" + line
        else:
            current = None
    return rows


def _grades_csv(root: Path) -> dict[str, dict[str, str]]:
    with open(CourseLayout.of(root).exports / f"{SPAM}-grades.csv", newline="") as file:
        return {row["student_id"]: row for row in csv.DictReader(file)}


def _canvas_totals(root: Path) -> dict[str, str]:
    with open(CourseLayout.of(root).exports / f"{SPAM}-canvas.csv", newline="") as file:
        rows = list(csv.reader(file))
    return {row[3]: row[5] for row in rows[2:]}


@pytest.fixture(scope="module")
def story(built_course, tmp_path_factory):
    """The course after: grading, the instructor's scores, two resubmissions, grading again.
    Yields the root and both runs' summary lines. (The tests below run in file order: scoring
    and clearing come after the checks of what the second run left.)"""
    root = copy_course(built_course, tmp_path_factory.mktemp("manual-grades") / "course")
    for student in LEARNERS:
        submit(root, SPAM, student, HANDED_IN[SPAM][student])
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.chdir(root)
    first = _course_grade()
    for student, score in (("blank", 1), ("partial", 2), ("perfect", 3)):
        _score_in_formgrader(root, student, score)
    _score_in_formgrader(root, "perfect", 3, REFLECTION)  # perfect's other manual cell, so its total is whole
    _resubmit_reply(root, "partial", "Sorry. It was the vendor's list, not my fault.")
    _resubmit_reply(root, "blank", "I'm sorry: I sent you that email by mistake, and I have removed you.")
    second = _course_grade()
    yield root, first, second
    monkeypatch.undo()


def test_a_resubmission_with_a_new_message_is_flagged_with_the_command_to_clear(story):
    root, first, second = story
    assert "flagged" not in first["partial"]  # nothing was scored by hand before the first run
    assert second["partial"].split()[1] == "flagged"
    assert f"{MESSAGE} keeps the manual score 2 given to an earlier submission" in second["partial"]
    assert f"course grade {SPAM} --clear-stale-manual --student partial" in second["partial"]
    assert f"{MESSAGE} keeps the manual score 1 given to an earlier submission" in second["blank"]
    assert second["perfect"].split()[1] == "unchanged" and "manual score" not in second["perfect"]


def test_the_summary_shows_the_gradebooks_scores_for_learners_not_regraded(story):
    root, first, second = story
    # autograded: everything but the two manual cells (3 each), the solutions' messages at full marks,
    # 2 and 3 (tests/worked_answers.py)
    assert "54 / 60" in first["perfect"]
    assert "60 / 60" in second["perfect"], "unchanged, but scored 3 + 3 in formgrader since"
    with nbgrader_api.gradebook(CourseLayout.of(root)) as gradebook:
        for student in LEARNERS:
            total = gradebook.find_submission(SPAM, student).score
            assert f"{total:g} / 60" in second[student]


def test_a_stale_manual_score_is_marked_in_the_exports_and_not_counted_for_canvas(story):
    root, *_ = story
    grades = _grades_csv(root)
    assert grades["partial"]["stale_manual_scores"] == MESSAGE
    assert grades["partial"]["needs_manual_grade"] == "true"
    assert grades["perfect"]["stale_manual_scores"] == ""
    canvas = _canvas_totals(root)
    assert canvas["partial"] == "", "a total with an earlier message's score is not published"
    assert canvas["perfect"] == "60"
    assert _grade_of(root, "partial") == (2, True), "formgrader lists it as needing a grade again"


def test_course_feedback_says_which_scores_are_stale(story, capsys):
    root, *_ = story
    assert cli.main(["feedback", SPAM]) == 0
    out = capsys.readouterr().out
    assert "2 manual score(s) were given to an earlier submission" in out
    assert f"course grade {SPAM} --clear-stale-manual" in out


def test_scoring_again_in_formgrader_settles_it_and_clearing_removes_the_old_score(story, capsys):
    root, *_ = story
    layout = CourseLayout.of(root)
    _score_in_formgrader(root, "blank", 1)  # read the new message, same score: saved all the same
    assert [(s.student, s.grade_id) for s in manual_grades.stale_scores(layout, SPAM)] == [("partial", MESSAGE)]

    assert cli.main(["grade", SPAM, "--clear-stale-manual", "--student", "partial"]) == 0
    out = capsys.readouterr().out
    assert f"cleared: partial {NOTEBOOK[SPAM]}.ipynb: {MESSAGE} (was 2)" in out
    assert _grade_of(root, "partial") == (None, True)
    assert manual_grades.stale_scores(layout, SPAM) == []
    assert _grades_csv(root)["partial"]["stale_manual_scores"] == ""
    assert cli.main(["grade", SPAM, "--clear-stale-manual"]) == 0
    assert "no manual score of 01-bulk-spam was given to an earlier submission" in capsys.readouterr().out


def test_regrading_an_unchanged_submission_flags_nothing(story):
    root, *_ = story
    third = _course_grade("--student", "perfect")
    assert "60 / 60" in third["perfect"] and "manual score" not in third["perfect"]
    assert _grade_of(root, "perfect") == (3, False)
    assert manual_grades.stale_scores(CourseLayout.of(root), SPAM) == []
