"""``course grade`` on 04-postmortem: the perfect, blank and partial write-ups to their exact scores,
with the write-up left for the instructor, and nothing in an honest write-up flagged.

Why besides the shared cohort (tests/test_nbgrader_pipeline.py grades the same three with plain
nbgrader): ``course grade`` adds what plain nbgrader lacks, and 04 is where it could misread a
learner: its write-up is in editable code cells (read for tampering), its structure checks run only
in the kernel (their printed verdicts read back against the scores), and its drafted message is
scored again outside the kernel. An honest write-up must be graded to the same scores as plain
nbgrader's, and flagged for nothing it wrote.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cohort import HANDED_IN, copy_course, submit
from worked_answers import ASSIGNMENTS, POSTMORTEM_PARTIAL_EXPECTED

from course.instructor.autograde import grade

pytestmark = pytest.mark.slow

ASSIGNMENT = "04-postmortem"
PERFECT, MANUAL = ASSIGNMENTS[ASSIGNMENT][1], ASSIGNMENTS[ASSIGNMENT][2]
WRITE_UP = ("postmortem-assess", "postmortem-own", "postmortem-reflect", "postmortem-fix", "postmortem-rebuild")


@pytest.fixture(scope="module")
def graded(built_course, tmp_path_factory):
    root = copy_course(built_course, tmp_path_factory.mktemp("postmortem") / "course", instructor_answers=False)
    for student, hand in HANDED_IN[ASSIGNMENT].items():
        submit(root, ASSIGNMENT, student, hand)
    cwd = Path.cwd()
    os.chdir(root)
    try:
        results = grade(root=root, assignment=ASSIGNMENT, workers=2, progress=False, cell_timeout=30)
    finally:
        os.chdir(cwd)
    from nbgrader.api import Gradebook

    from course.instructor import nbgrader_api

    with Gradebook(nbgrader_api.api(root).coursedir.db_url) as gradebook:
        cells = {(s.student_id, g.name): (g.auto_score, g.needs_manual_grade, g.max_score)
                 for s in gradebook.assignment_submissions(ASSIGNMENT) for nb in s.notebooks for g in nb.grades}
    return {r.student: r for r in results}, cells


def test_the_three_write_ups_score_exactly(graded):
    results, cells = graded
    assert results["perfect"].score == pytest.approx(PERFECT)  # 14: the model message owns it and repairs it
    assert results["blank"].score == 0
    assert results["partial"].score == pytest.approx(sum(POSTMORTEM_PARTIAL_EXPECTED.values()))  # 8.0
    partial = {name: auto for (student, name), (auto, _, _) in cells.items() if student == "partial" and auto is not None}
    assert partial == pytest.approx(POSTMORTEM_PARTIAL_EXPECTED)
    assert results["perfect"].max_score == 34 == MANUAL + 14


def test_the_write_up_waits_for_the_instructor_unless_left_as_released(graded):
    _, cells = graded
    for name in WRITE_UP:
        assert cells["perfect", name][:2] == (None, True), name  # five cells of 4, scored in formgrader
        assert cells["blank", name][:2] == (0, False), name  # unchanged: nbgrader scores it 0 itself
        assert cells["perfect", name][2] == 4
    assert {n for n in WRITE_UP if cells["partial", n][1]} == set(WRITE_UP) - {"postmortem-rebuild"}


def test_nothing_in_an_honest_write_up_is_flagged(graded):
    results, _ = graded
    # the perfect learner handed in the solutions notebook (hidden tests and all: locked cells edited),
    # the blank one no responses.json; neither is flagged for its write-up or its checks
    for student in ("perfect", "blank", "partial"):
        reasons = " ".join(results[student].reasons)
        assert "disagreed" not in reasons and "touch" not in reasons, (student, reasons)
    assert results["partial"].status == "graded", results["partial"].reasons
