"""No figure in a learner's feedback disagrees with the gradebook.

Why: the feedback used to contradict itself. Its table per step came from the gradebook, but the
progress chart (course.progress.summary, re-run in the grading kernel) showed what the kernel
judged, without the instructor's manual scores, and each review printed the automatic score even
where the instructor had changed it in formgrader. Here the instructor scores the drafted
message and raises one automatic score, then nbgrader's own ``generate_feedback`` writes the page,
and every score in it is compared with the gradebook.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from cohort import NOTEBOOK, SPAM, copy_course
from test_feedback import _visible_text

from course.instructor import exports, nbgrader_api
from course.instructor.gradebook_figures import ProgressFromGradebook, ReviewScoresFromGradebook
from course.layout import CourseLayout

STUDENT = "partial"
NUMBER = r"(\d+(?:\.\d+)?)"
SO = r"(?:[^\n]*?\bso )?"  # "q · no answer was saved, so 0 of 1 points."


def _gradebook_scores(root: Path) -> dict[str, tuple[float, float]]:
    """grade id -> (score, points) of the learner, as the gradebook has them."""
    with nbgrader_api.gradebook(CourseLayout.of(root)) as gradebook:
        notebook = gradebook.find_submission_notebook(NOTEBOOK[SPAM], SPAM, STUDENT)
        return {g.name: (float(g.score), float(g.max_score)) for g in notebook.grades}


@pytest.fixture(scope="module")
def page(graded_cohort, tmp_path_factory) -> tuple[Path, str]:
    """The learner's feedback page, written by plain nbgrader after the instructor's scoring."""
    root = copy_course(graded_cohort.root, tmp_path_factory.mktemp("figures") / "course")
    with nbgrader_api.gradebook(CourseLayout.of(root)) as gradebook:
        notebook = gradebook.find_submission_notebook(NOTEBOOK[SPAM], SPAM, STUDENT)
        raised = next(g for g in notebook.grades if g.auto_score is not None and g.auto_score < g.max_score)
        raised.manual_score, raised.needs_manual_grade = raised.max_score, False  # an override in formgrader
        message = next(g for g in notebook.grades if g.name == "spam-reply-manual")
        message.manual_score, message.needs_manual_grade = 2, False
        gradebook.db.commit()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(root / ".no-user-config")}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    run = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "generate_feedback", SPAM, "--force",
                          "--student", STUDENT], cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    html_page = CourseLayout.of(root).feedback / STUDENT / SPAM / f"{NOTEBOOK[SPAM]}.html"
    return root, html_page.read_text(encoding="utf-8")


def test_every_cells_score_review_and_value_are_the_gradebooks(page):
    root, html_page = page
    text = _visible_text(html_page)
    scores = _gradebook_scores(root)
    cells = re.findall(rf"Grade cell: ([\w-]+)\s+Score: {NUMBER} / {NUMBER}(.*?)(?=In\s*\[\d*\]:|\Z)", text, flags=re.S)
    assert len(cells) >= 10
    reviewed = 0
    for grade_id, score, points, rest in cells:
        assert (float(score), float(points)) == scores[grade_id]
        for earned, out_of in re.findall(rf"{re.escape(grade_id)} · {SO}{NUMBER} of {NUMBER} points", rest):
            assert (float(earned), float(out_of)) == scores[grade_id], grade_id
            reviewed += 1
        for value in re.findall(rf"Out\[\d+\]:\s*{NUMBER}", rest):
            assert float(value) == scores[grade_id][0], grade_id
    assert reviewed >= 10
    assert "(your instructor's score)" in text  # the raised one says so


def test_no_other_figure_of_points_stands_in_the_page(page):
    """The in-kernel progress chart printed "4 of 11 points (3 of 5 answered)" per step and drew a
    chart: outside the grade cells' own reviews, no "x of y points" and no picture is left."""
    _, html_page = page
    text = _visible_text(html_page)
    reviews = re.findall(rf"[\w-]+ · {SO}{NUMBER} of {NUMBER} points", text)
    assert len(re.findall(rf"{NUMBER} of {NUMBER} points", text)) == len(reviews)
    assert not re.search(r"\d+ of \d+ answered", text)
    assert "data:image/png" not in html_page


def test_every_table_per_step_is_the_gradebooks(page):
    root, html_page = page
    [learner] = [x for x in exports.cohort_scores(root=root, assignment=SPAM) if x.student_id == STUDENT]
    tables = re.findall(r'<div class="course-step-scores">(.*?)</div>', html_page, flags=re.S)
    assert len(tables) == 2, "at the top, and in place of the progress chart"
    for table in tables:
        rows = dict((label, (float(a), float(b))) for label, a, b in re.findall(
            r'<tr><th scope="row">([^<]+)</th><td>([^<]+)</td><td>([^<]+)</td></tr>', table))
        assert rows.pop("Total") == (learner.total, learner.max_total)
        assert sorted(rows.values()) == sorted((learner.per_step[s], learner.per_step_max[s])
                                               for s in learner.per_step if learner.per_step_max[s])
    assert learner.total == pytest.approx(sum(s for s, _ in _gradebook_scores(root).values()))


# -- the preprocessors on their own (no nbgrader run) ----------------------------------------------

def _grade_cell(score: float, printed: str, value: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell("saved('q1')")
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "q1", "points": 3, "score": score}
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=printed),
                    nbformat.v4.new_output("execute_result", data={"text/plain": value}, execution_count=1)]
    return cell


def test_a_review_shows_the_instructors_score_only_where_it_differs():
    changed = _grade_cell(3, "q1: saved.\nq1 · 1.8 of 3 points. Part of the way there.\n", "1.8")
    ReviewScoresFromGradebook().preprocess_cell(changed, {}, 0)
    assert changed.outputs[0].text == "q1: saved.\nq1 · 3 of 3 points (your instructor's score). Part of the way there.\n"
    assert changed.outputs[1].data == {"text/plain": "3"}
    unanswered = _grade_cell(1, "q1 · no answer was saved, so 0 of 3 points. Step 1 ...\n", "0")
    ReviewScoresFromGradebook().preprocess_cell(unanswered, {}, 0)
    assert unanswered.outputs[0].text == "q1 · no answer was saved, so 1 of 3 points (your instructor's score). Step 1 ...\n"
    same = _grade_cell(1.8, "q1 · 1.8 of 3 points. Part of the way there.\n", "1.8")
    ReviewScoresFromGradebook().preprocess_cell(same, {}, 0)
    assert same.outputs[0].text == "q1 · 1.8 of 3 points. Part of the way there.\n"
    assert same.outputs[1].data == {"text/plain": "1.8"}


def test_the_progress_cells_output_is_replaced_and_other_cells_are_not():
    resources = {"nbgrader": {"student": "s1", "assignment": "a"}}
    step = ProgressFromGradebook(tables={"s1": "<table>gradebook</table>"})
    progress = nbformat.v4.new_code_cell("# NBVAL_IGNORE_OUTPUT\nsummary()")
    progress.outputs = [nbformat.v4.new_output("stream", name="stdout", text="1 Assess  0.38 of 7 points\n")]
    other = nbformat.v4.new_code_cell("report.summary()")
    other.outputs = [nbformat.v4.new_output("stream", name="stdout", text="kept\n")]
    step.preprocess_cell(progress, resources, 0)
    step.preprocess_cell(other, resources, 1)
    [shown] = [o.data["text/html"] for o in progress.outputs]
    assert shown.endswith("<table>gradebook</table>") and "0.38" not in shown
    assert other.outputs[0].text == "kept\n"
