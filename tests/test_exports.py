"""Grades per rubric step, and the Canvas import file, from a real gradebook of a small cohort.

Why exact numbers: the per-step totals are what instructors act on, so they are checked against
sums worked by hand from the pipeline test's per-exercise expectations, not recomputed with the
code under test.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import nbformat
import pytest
from cohort import EXPECTED, ORIENTATION, SPAM

from course import rubric

from course.instructor import exports

# the tests that take graded_cohort (the session's graded course) are marked slow by conftest.py

REPO = Path(__file__).resolve().parents[1]

# which exercise counts towards which step, written out by hand (the notebooks' metadata says the same)
ORIENTATION_STEPS = {
    "assess": ["orient-first-move", "orient-assess-questions"],
    "own": ["orient-who-hears", "orient-first-message", "orient-call-order", "orient-apology-parts",
            "orient-most-important"],
    "fix": ["orient-final-say", "orient-never-again"],
    "reflect": ["orient-root-causes", "orient-why-chain", "orient-one-off"],
    "rebuild": ["orient-earn-trust", "orient-team-guide"],
}
SPAM_STEPS = {
    "assess": ["spam-delivered", "spam-bounce-rate", "spam-complaint-rate", "spam-threshold", "spam-written-replies",
               "spam-thanks-bought", "spam-day-two-rate"],
    "own": ["spam-who-first", "spam-holding", "spam-responses", "spam-triage",
            "spam-reply"],  # + spam-reply-manual, ungraded
    "fix": ["spam-first-hour", "spam-reconfirm", "spam-signed-up", "spam-suppression", "spam-sorry-send", "spam-when"],
    "reflect": ["spam-root-causes", "spam-recovery-paradox"],  # + spam-my-reflection, ungraded
    "rebuild": ["spam-follow-through", "spam-share-lesson", "spam-next-list"],
}
HEADER = ["student_id", "total", "max", "assess", "own", "fix", "reflect", "rebuild", "needs_manual_grade",
          "stale_manual_scores", "completed", "completed_on"]


def _rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as file:
        return list(csv.reader(file))


def _by_student(path: Path) -> dict[str, dict[str, str]]:
    rows = _rows(path)
    return {row[0]: dict(zip(rows[0], row)) for row in rows[1:]}


def _partial_expected(steps: dict[str, list[str]], assignment: str) -> dict[str, float]:
    return {step: round(sum(EXPECTED[assignment][e] for e in ids), 2) for step, ids in steps.items()}


def test_step_map_reads_each_grade_cells_step_from_its_metadata():
    steps = exports.step_map(root=REPO, assignment=ORIENTATION)
    assert steps == {e: s for s, ids in ORIENTATION_STEPS.items() for e in ids}
    spam = exports.step_map(root=REPO, assignment=SPAM)
    assert spam["spam-reply-manual"] == "own", "a manually graded task cell names its step too"
    assert set(spam.values()) == set(rubric.STEP_IDS)


def test_step_map_refuses_a_grade_cell_without_a_step(tmp_path):
    folder = tmp_path / "solutions" / ORIENTATION
    folder.mkdir(parents=True)
    nb = nbformat.read(REPO / "solutions" / ORIENTATION / "orientation.ipynb", as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "orient-final-say")
    del cell.metadata["course"]
    nbformat.write(nb, folder / "orientation.ipynb")
    with pytest.raises(ValueError, match="orient-final-say") as problem:
        exports.step_map(root=tmp_path, assignment=ORIENTATION)
    assert "\n" not in str(problem.value)
    with pytest.raises(ValueError, match="no assignment"):
        exports.step_map(root=tmp_path, assignment="99-nothing")


def test_the_grades_csv_has_exact_points_per_step_for_every_learner(graded_cohort):
    path = exports.write_grades_csv(root=graded_cohort.root, assignment=ORIENTATION)
    assert path == graded_cohort.root / "grading" / "exports" / f"{ORIENTATION}-grades.csv"
    rows = _rows(path)
    assert rows[0] == HEADER
    assert [r[0] for r in rows[1:]] == ["blank", "partial", "perfect"], "one row per learner who submitted"
    assert rows[1:] == [
        # nobody has completed the course: every case's drafted messages and reflections wait for the
        # instructor (tests/test_completion_exports.py completes it)
        ["blank", "0", "39", "0", "0", "0", "0", "0", "false", "", "false", ""],
        # the worked partial answers (tests/worked_answers.py) per step: assess 3 + 1; own 1.5 + 2.7 + 1.5;
        # fix 3 + 1.5; reflect 2.4 + 3 + 2; rebuild 0 + 0 (one right tick cancelled, a hand-edited answer)
        ["partial", "21.6", "39", "4", "5.7", "4.5", "7.4", "0", "false", "", "false", ""],
        ["perfect", "39", "39", "6", "13", "6", "8", "6", "false", "", "false", ""],
    ]
    partial = _by_student(path)["partial"]
    worked = _partial_expected(ORIENTATION_STEPS, ORIENTATION)
    assert {s: float(partial[s]) for s in rubric.STEP_IDS} == pytest.approx(worked)
    assert float(partial["total"]) == pytest.approx(sum(EXPECTED[ORIENTATION].values()))


def test_the_grades_csv_of_a_case_with_a_manually_graded_message(graded_cohort):
    grades = _by_student(exports.write_grades_csv(root=graded_cohort.root, assignment=SPAM))
    assert set(grades) == {"blank", "partial", "perfect", "spam-only"}
    perfect = grades["perfect"]
    # the solutions' holding note and reply score full marks, 2 and 3 (tests/worked_answers.py), and
    # the two manual cells (own 3, reflect 3) wait for the instructor
    assert [perfect[c] for c in HEADER[1:]] == ["54", "60", "11", "12", "16", "6", "9", "true", "", "false", ""]
    assert all(grades["blank"][s] == "0" for s in rubric.STEP_IDS) and grades["blank"]["total"] == "0"
    partial = grades["partial"]
    assert {s: float(partial[s]) for s in rubric.STEP_IDS} == pytest.approx(_partial_expected(SPAM_STEPS, SPAM))
    assert partial["needs_manual_grade"] == "true"


def test_cohort_scores_leaves_out_students_without_a_submission(graded_cohort):
    learners = exports.cohort_scores(root=graded_cohort.root, assignment=ORIENTATION)
    assert [x.student_id for x in learners] == ["blank", "partial", "perfect"]  # not spam-only
    partial = learners[1]
    assert partial.per_exercise == pytest.approx(EXPECTED[ORIENTATION])
    assert partial.per_step_max == {"assess": 6, "own": 13, "fix": 6, "reflect": 8, "rebuild": 6}
    assert partial.max_total == 39 and not partial.needs_manual_grade


def test_a_cell_waiting_for_manual_grading_has_no_score_yet(graded_cohort):
    perfect = next(x for x in exports.cohort_scores(root=graded_cohort.root, assignment=SPAM)
                   if x.student_id == "perfect")
    assert perfect.per_exercise["spam-reply-manual"] is None
    assert perfect.needs_manual_grade
    assert perfect.per_step["own"] == pytest.approx(12) and perfect.per_step_max["own"] == 15


def test_the_canvas_csv_has_canvas_header_rows_and_the_login_as_sis_login_id(graded_cohort):
    path = exports.write_canvas_csv(root=graded_cohort.root, assignment=ORIENTATION, canvas_id=4242)
    assert path == graded_cohort.root / "grading" / "exports" / f"{ORIENTATION}-canvas.csv"
    rows = _rows(path)
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "00-orientation (4242)"]
    assert rows[1] == ["Points Possible", "", "", "", "", "39"]
    assert rows[2:] == [["", "", "", "blank", "", "0"], ["", "", "", "partial", "", "21.6"],
                        ["", "", "", "perfect", "", "39"]]


def test_the_canvas_csv_uses_names_and_lms_ids_where_the_gradebook_has_them(graded_cohort, tmp_path):
    from nbgrader.api import Gradebook

    root = tmp_path / "course"  # a copy: the shared cohort's gradebook stays as autograde left it
    shutil.copytree(graded_cohort.root, root, ignore=shutil.ignore_patterns("feedback", "reports", "exports"))
    with Gradebook(f"sqlite:///{root / 'grading' / 'gradebook.db'}") as gradebook:
        gradebook.update_or_create_student("perfect", first_name="Pat", last_name="Lee", lms_user_id="101")
    rows = _rows(exports.write_canvas_csv(root=root, assignment=ORIENTATION, title="Orientation",
                                          points_possible=30))
    assert rows[0][-1] == "Orientation" and rows[1][-1] == "30"
    assert ["Lee, Pat", "101", "", "perfect", "", "39"] in rows


def test_the_canvas_csv_leaves_totals_still_to_be_graded_by_hand_empty(graded_cohort):
    rows = _rows(exports.write_canvas_csv(root=graded_cohort.root, assignment=SPAM))
    assert rows[0][-1] == SPAM and rows[1][-1] == "60"
    assert {r[3]: r[5] for r in rows[2:]} == {"blank": "", "partial": "", "perfect": "", "spam-only": ""}
    rows = _rows(exports.write_canvas_csv(root=graded_cohort.root, assignment=SPAM, include_incomplete=True))
    # 28.75 since issue 18: the partial learner's scores in tests/worked_answers.py, summed; the perfect
    # all 54 autograded points (its messages own the mistake and repair it, with no red flag)
    assert {r[3]: r[5] for r in rows[2:]} == {"blank": "0", "partial": "28.75", "perfect": "54", "spam-only": "0"}
