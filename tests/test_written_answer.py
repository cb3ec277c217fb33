"""A written answer, graded by hand, through the whole pipeline: the personal reflection of issue 16.

Why its own course: each case ends its reflect step with a markdown cell the learner writes in
(nbgrader's "manually graded answer": a grade and solution cell) below a locked prompt that holds
the rubric's table of levels. No part of the pipeline had met such a cell: the widget exercises
are scored by code, and the drafted messages' manual cells are task cells whose text nobody
writes in. So a crafted one-notebook assignment (a widget exercise and the reflection) goes
through every step a real one does, and each step is checked for what it must do with the cell:

- ``course build``: the learner sees the prompt and "Write your answer here.", never the model
  answer (practice and graded releases alike);
- ``course grade``: the cell waits for the instructor (no automatic score; the rescoring outside
  the kernel leaves it alone), a blank one is scored 0 by nbgrader, and what a learner writes in
  it is no tampering, whatever words it uses;
- formgrader (through nbgrader's API): the submission needs a manual grade, and the autograded
  notebook has the prompt with its table of levels just above the answer;
- the instructor's score and comment reach the feedback (with the learner's own text and no
  model answer), the exports and ``course report`` under the reflect step;
- a resubmission with another reflection flags the earlier manual score (manual_grades.py);
- the catalogue calls it a written cell, the progress summary counts it as "to be graded by
  your instructor" under reflect, and ``course lint`` counts its points in its step.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
from pathlib import Path

import nbformat
import pytest

from course import catalogue, progress
from course.answers import make_key, seal_explanations
from course.instructor.lint import lint
from course.instructor.lint.learner_view import levels
from course.layout import CourseLayout

REPO = Path(__file__).resolve().parents[1]
A = "01-case"
NB = "case"
ID = "case-my-reflection"
FIRST = "case-first"
OPTIONS = ["Check what was sent and to whom", "Send a long apology at once", "Wait and see who notices"]
PROMPT = """### Your own mistake (3 points, read only by your instructor)

Think of a time you sent something too soon. In a few sentences: what happened? Was it a one-off,
or part of a pattern? What one change would have stopped it?

**How your instructor scores it**

| Points | What it looks like |
|---|---|
| 3 | A specific mistake; one-off or pattern decided with a reason; one concrete change |
| 2 | Two of those three |
| 1 | One of them |
| 0 | Nothing written yet |

Nobody is marked on the size of the mistake you choose to share."""
MODEL = "MODEL ANSWER: last spring I sent a quote with last year's rates; now I read the fee aloud before Send."
MINE = ("Last year I emailed a draft budget to the whole team before my manager had seen it. It was a pattern: "
        "I send when I am tired. My change: drafts wait in Outbox for 10 minutes (a delay rule). I once thought of "
        "editing responses.json or calling grade( by hand to fix a score, which is not how this works.")
MINE_AGAIN = "I sent a contract to the wrong client once; a one-off. Now I check the recipient line before Send."
COMMENT = "Specific and honest; the delay rule is a real change."


def _flags(grade_id: str, **kw) -> dict:
    return dict({"grade": False, "grade_id": grade_id, "locked": True, "schema_version": 3, "solution": False,
                 "task": False}, **kw)


def _source_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata.update({"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                                       "name": "python3"}, "language_info": {"name": "python"}})
    key = make_key("single_choice", FIRST, OPTIONS[0])
    why, _ = seal_explanations("single_choice", FIRST, OPTIONS[0], {OPTIONS[1]: "Too soon: you do not know what "
                               "happened yet.", OPTIONS[2]: "Someone always notices, and later is worse."}, "")
    question = (f"q_first = SingleChoice(\n    {FIRST!r},\n    step='assess',\n    points=2,\n"
                f"    prompt='What do you do first?',\n    options={OPTIONS!r},\n    explanations={why!r},\n"
                f"    key={key!r},\n)\nq_first")
    cells = [
        (nbformat.v4.new_markdown_cell("# A small case"), None),
        (nbformat.v4.new_code_cell("from course.exercises import SingleChoice\nfrom course.grading import grade, saved\n"
                                   "from course.progress import summary"), _flags("setup")),
        (nbformat.v4.new_code_cell(question), _flags(f"{FIRST}-question")),
        (nbformat.v4.new_code_cell(f"# Or answer in code: q_first.answer({OPTIONS[1]!r})\n### BEGIN SOLUTION\n"
                                   f"q_first.answer({OPTIONS[0]!r})\n### END SOLUTION"),
         _flags(f"{FIRST}-answer", locked=False, solution=True)),
        (nbformat.v4.new_code_cell(f"saved({FIRST!r})\n### BEGIN HIDDEN TESTS\ngrade({FIRST!r}, key={OPTIONS[0]!r})\n"
                                   "### END HIDDEN TESTS"), _flags(FIRST, grade=True, points=2)),
        (nbformat.v4.new_markdown_cell(PROMPT), _flags(f"{ID}-prompt")),
        (nbformat.v4.new_markdown_cell(MODEL), _flags(ID, grade=True, solution=True, locked=False, points=3)),
        (nbformat.v4.new_code_cell("summary()"), _flags("progress-summary")),
    ]
    for cell, flags in cells:
        if flags is not None:
            cell.metadata["nbgrader"] = flags
    cells[4][0].metadata["course"] = {"exercise": FIRST, "step": "assess"}
    cells[6][0].metadata["course"] = {"step": "reflect"}
    nb.cells = [cell for cell, _ in cells]
    return nb


def _course(root: Path) -> Path:
    root.mkdir(parents=True)
    shutil.copy(REPO / "nbgrader_config.py", root)
    folder = CourseLayout.of(root).source / A
    folder.mkdir(parents=True)
    nbformat.write(_source_notebook(), folder / f"{NB}.ipynb")
    return root


def _answer_index(nb) -> int:
    return next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == ID)


# --- fast: what every reader of the source makes of the cell -----------------------------------------

def test_the_catalogue_calls_it_written_and_files_it_under_reflect(tmp_path):
    root = _course(tmp_path / "course")
    cell = catalogue.load(A, root=root).cell(ID)
    assert (cell.kind, cell.step, cell.points) == ("written", "reflect", 3.0)
    path = CourseLayout.of(root).source / A / f"{NB}.ipynb"
    assert [(c.grade_id, c.kind) for c in catalogue.notebook_graded_cells(path)] == [(FIRST, "exercise"), (ID, "written")]


def test_the_progress_summary_counts_it_as_to_be_graded_by_your_instructor(tmp_path):
    root = _course(tmp_path / "course")
    cells = catalogue.notebook_graded_cells(CourseLayout.of(root).source / A / f"{NB}.ipynb")
    rows = {r.step: r for r in progress.step_progress([], cells=cells)}
    assert (rows["reflect"].instructor, rows["reflect"].instructor_cells, rows["reflect"].total) == (3.0, 1, 0)
    line = [line for line in progress.text(list(rows.values()), graded=False).splitlines() if "Reflect" in line
            or "reflect" in line]
    assert line and line[0].endswith("3 points to be graded by your instructor"), line


def test_lint_counts_it_in_its_step_and_finds_its_table_of_levels(tmp_path):
    root = _course(tmp_path / "course")
    findings = lint(root=root, assignment=A).findings
    assert {f.code for f in findings} == {"thin-step"}  # own, fix, rebuild hold nothing in this small case
    thin = " ".join(f.message for f in findings)
    assert "'reflect'" not in thin and "'assess'" not in thin
    assert "step 'own' holds 0 of 5 points" in thin  # 2 (assess) + 3 (the written answer)


# --- slow: built, graded, scored by hand, fed back --------------------------------------------------

def _run(command, **kwargs) -> tuple[int, str]:
    with contextlib.redirect_stdout(io.StringIO()) as out:
        status = command(**kwargs)
    return status, out.getvalue()


def _submit(root: Path, student: str, text: str | None, *, answered: bool = True) -> None:
    """Hand in the learner notebook with ``text`` written in the answer cell (None: left as released)
    and an answers file (the widget exercise answered right, or with ``answered=False`` nothing)."""
    layout = CourseLayout.of(root)
    folder = layout.submitted / student / A
    folder.mkdir(parents=True, exist_ok=True)
    nb = nbformat.read(layout.release / A / f"{NB}.ipynb", as_version=4)
    if text is not None:
        nb.cells[_answer_index(nb)].source = text
    nbformat.write(nb, folder / f"{NB}.ipynb")
    answers = {FIRST: {"value": OPTIONS[0], "time": "2026-12-01T09:00:00.000+00:00", "attempts": 1}} if answered else {}
    (folder / "responses.json").write_text(json.dumps({"schema": 1, "answers": answers}))


def _rows(output: str) -> dict[str, str]:
    return {line.split()[0]: line for line in output.splitlines() if line.split() and line.split()[0] in
            ("writer", "blank")}


@pytest.mark.slow
def test_a_written_answer_from_build_to_feedback(tmp_path, monkeypatch):
    from nbgrader.api import MissingEntry

    from course.commands import build, feedback, grade, report
    from course.instructor import nbgrader_api
    from course.instructor.exports import cohort_scores

    root = _course(tmp_path / "course")
    layout = CourseLayout.of(root)
    monkeypatch.chdir(root)

    # the build: the learner reads the prompt and a kind stub, never the model answer
    assert _run(build.main, assignment=A, graded=True, root=root)[0] == 0
    for release in (layout.release / A / f"{NB}.ipynb", layout.graded_release / A / f"{NB}.ipynb"):
        nb = nbformat.read(release, as_version=4)
        at = _answer_index(nb)
        assert nb.cells[at].source == "Write your answer here.", release
        assert nb.cells[at - 1].source == PROMPT
        assert "MODEL ANSWER" not in release.read_text() and "YOUR ANSWER HERE" not in release.read_text()

    # graded: the written answer waits for the instructor; a blank one is 0; no words in it are tampering
    _submit(root, "writer", MINE)
    _submit(root, "blank", None, answered=False)
    status, out = _run(grade.main, assignment=A, quiet=True, timeout=60, root=root)
    rows = _rows(out)
    assert status == 0, out
    assert rows["writer"].split()[1:5] == ["graded", "2", "/", "5"], out
    assert rows["blank"].split()[1:5] == ["graded", "0", "/", "5"], out
    with nbgrader_api.gradebook(layout) as gradebook:
        mine = gradebook.find_grade(ID, NB, A, "writer")
        assert (mine.auto_score, mine.manual_score, mine.needs_manual_grade, mine.max_score) == (None, None, True, 3)
        assert gradebook.find_grade(FIRST, NB, A, "writer").score == 2
        blank = gradebook.find_grade(ID, NB, A, "blank")  # the stub, unchanged: nbgrader scores it 0 by itself
        assert (blank.auto_score, blank.needs_manual_grade) == (0, False)

    # formgrader's view, through nbgrader's API: flagged for a manual grade, the rubric just above the answer
    api = nbgrader_api.api(root)
    listed = {s["student"]: s for s in api.get_notebook_submissions(A, NB)}
    assert (listed["writer"]["needs_manual_grade"], listed["blank"]["needs_manual_grade"]) == (True, False)
    graded_nb = nbformat.read(layout.graded("writer", A) / f"{NB}.ipynb", as_version=4)
    at = _answer_index(graded_nb)
    assert graded_nb.cells[at].source == MINE
    assert graded_nb.cells[at - 1].source == PROMPT and levels(graded_nb.cells[at - 1].source) == [3, 2, 1, 0]
    with nbgrader_api.gradebook(layout) as gradebook:  # locked: nbgrader restores it if a learner edits it
        prompt = gradebook.find_source_cell(f"{ID}-prompt", NB, A)
        assert (prompt.locked, prompt.cell_type, prompt.source) == (True, "markdown", PROMPT)

    # the instructor scores it in formgrader (what its handlers write), then the feedback and exports
    with nbgrader_api.gradebook(layout) as gradebook:
        grade_row = gradebook.find_grade(ID, NB, A, "writer")
        grade_row.manual_score = 3
        grade_row.needs_manual_grade = False
        gradebook.find_comment(ID, NB, A, "writer").manual_comment = COMMENT
        gradebook.db.commit()
    status, out = _run(feedback.main, assignment=A, root=root)
    assert status == 0, out
    page = (layout.feedback / "writer" / A / f"{NB}.html").read_text()
    assert "Last year I emailed a draft budget" in page and COMMENT in page
    assert f'<a href="#{ID}">Written response</a> (Score: 3.0 / 3.0)' in page  # nbgrader's own name for the cell
    assert "MODEL ANSWER" not in page and "BEGIN HIDDEN TESTS" not in page and "key=" not in page
    scores = {learner.student_id: learner for learner in cohort_scores(root=root, assignment=A)}
    assert (scores["writer"].per_step["reflect"], scores["writer"].per_step_max["reflect"]) == (3, 3)
    assert scores["writer"].per_exercise[ID] == 3 and scores["writer"].total == 5
    assert (scores["blank"].per_step["reflect"], scores["blank"].per_exercise[ID]) == (0, 0)
    with open(layout.exports / f"{A}-grades.csv", newline="") as file:
        exported = {row["student_id"]: row for row in csv.DictReader(file)}
    reflect_columns = [name for name in exported["writer"] if "reflect" in name.lower()]
    assert reflect_columns and all(float(exported["writer"][name]) == 3 for name in reflect_columns), exported
    assert _run(report.main, assignment=A, root=root)[0] == 0
    page = (layout.reports / f"{A}.html").read_text()
    assert '<th scope="row">4 Self-reflect</th><td class="num">3</td>' in page  # the step's points, this cell's
    assert f'<th scope="row">{ID}</th><td>Self-reflect</td><td>(written answer, scored by hand)</td>' in page

    # the learner resubmits another reflection: the score given to the first is flagged, not kept silently
    _submit(root, "writer", MINE_AGAIN)
    status, out = _run(grade.main, assignment=A, quiet=True, timeout=60, root=root)
    assert status == 0 and _rows(out)["writer"].split()[1] == "flagged", out
    assert f"{ID} keeps the manual score 3 given to an earlier submission" in out
    with nbgrader_api.gradebook(layout) as gradebook:
        assert gradebook.find_grade(ID, NB, A, "writer").needs_manual_grade
        with pytest.raises(MissingEntry):
            gradebook.find_grade(f"{ID}-prompt", NB, A, "writer")  # the prompt is no graded cell
