"""No code earns marks: a cohort of cheats, graded by ``course grade`` and by plain nbgrader.

One learner per cheat (tests/cheats.py), on a widget-only assignment (00-orientation) and on one
with code exercises (02-wrong-year-attachment: the guard function, the correction's table), each
handed in as the learner notebook with the cheat typed into its first answer cell. Under plain
``nbgrader autograde`` every cheat earns marks (so this test can fail, and the README says so);
under ``course grade`` none scores more than the blank submission, and each is flagged where the
cheat can be seen in the notebook. A forged responses.json of the wrong types must neither crash
the run nor score.

The sandbox (tests/test_sandbox.py) stops a kernel from reading the solutions; here the cohort is
graded with ``sandbox="off"``, so that every cheat keeps all its power (the "read solutions" cheat
does read them) and must still gain nothing, because the course scores the responses.json as
submitted, not the one the kernel rewrote, in its own process. With the sandbox on, as
``course grade`` runs by default, the cheats can only do less.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from cheats import FORGE_DISPLAY, PATCH_MODULE, READ_SOLUTIONS, REBIND_NAMES, SILENCE_DISPLAY, WRITE_KEYS
from cohort import NOTEBOOK, ORIENTATION, copy_course

from course import catalogue
from course.instructor.autograde import grade
from course.layout import CourseLayout

pytestmark = pytest.mark.slow

WRONG = "02-wrong-year-attachment"
ASSIGNMENTS = (ORIENTATION, WRONG)
BIN = Path(sys.executable).parent
FIRST_ANSWER = {ORIENTATION: "orient-first-move-answer", WRONG: "wrong-differ-count-answer"}
WHAT_THE_FLAG_SAYS = "touches the grading machinery"


def _keys(root: Path, assignment: str) -> dict:
    """Every plain key the source notebooks state (what a learner who got hold of them would write)."""
    return {e.id: e.key for e in catalogue.load(assignment, root=root).exercises if e.key is not None}


def _forged_answers(root: Path, assignment: str) -> str:
    """A responses.json of the wrong types: odd values, counts and times, unknown ids, a bad code table."""
    ids = [e.id for e in catalogue.load(assignment, root=root).exercises]
    odd = [{"nested": [1, 2, {"x": None}]}, 10 ** 400, ["a"] * 3, None, True, -1.5, "x" * 100_000]
    answers = {i: {"value": odd[n % len(odd)], "time": 7 if n % 2 else "", "attempts": "many" if n % 3 else -4}
               for n, i in enumerate(ids)}
    answers.update({"no-such-exercise": {"value": "a"}, "../../etc": {"value": 1}, "": 5})
    return json.dumps({"schema": 1, "answers": answers, "from_code": {i: [1, {"a": 2}] for i in ids}})


CHEATS = {
    "rebind-names": REBIND_NAMES,
    "patch-module": PATCH_MODULE,
    "silence-display": SILENCE_DISPLAY,
    "forge-display": FORGE_DISPLAY,
    "read-solutions": READ_SOLUTIONS,
    "write-keys": None,  # filled in per assignment with its keys
    "forged-types": None,  # a forged responses.json, no code
}


def _submit(root: Path) -> None:
    layout = CourseLayout.of(root)
    for assignment in ASSIGNMENTS:
        notebook = f"{NOTEBOOK[assignment]}.ipynb"
        for student in ("blank", *CHEATS):
            folder = layout.submitted / student / assignment
            folder.mkdir(parents=True)
            nb = nbformat.read(layout.release / assignment / notebook, as_version=4)
            code = CHEATS.get(student)
            if student == "write-keys":
                code = WRITE_KEYS.format(keys=_keys(root, assignment))
            if code:
                cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == FIRST_ANSWER[assignment])
                cell.source = code
            nbformat.write(nb, folder / notebook)
            if student == "forged-types":
                (folder / "responses.json").write_text(_forged_answers(root, assignment))


def _scores(root: Path) -> dict:
    """(student, assignment) -> total autograded score, read from the gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(CourseLayout.of(root).db_url) as gradebook:
        return {(s.student_id, assignment): s.score
                for assignment in ASSIGNMENTS for s in gradebook.assignment_submissions(assignment)}


@pytest.fixture(scope="module")
def hostile(built_course, tmp_path_factory):
    """(plain nbgrader's totals, course grade's totals, course grade's results per assignment and student,
    the root of plain nbgrader's copy)."""
    plain = copy_course(built_course, tmp_path_factory.mktemp("plain") / "course", instructor_answers=False)
    _submit(plain)
    ours = tmp_path_factory.mktemp("ours") / "course"
    shutil.copytree(plain, ours)
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("COURSE_MODE", None)
    env.pop("COURSE_RESPONSES", None)
    for assignment in ASSIGNMENTS:
        subprocess.run([BIN / "nbgrader", "autograde", assignment, "--Execute.timeout=30"], cwd=plain, env=env,
                       capture_output=True, timeout=1200, check=True)
    results = {}
    cwd = Path.cwd()
    os.chdir(ours)
    try:
        for assignment in ASSIGNMENTS:
            for r in grade(root=ours, assignment=assignment, workers=2, progress=False, cell_timeout=30,
                           sandbox="off"):
                results[r.student, assignment] = r
    finally:
        os.chdir(cwd)
    return _scores(plain), _scores(ours), results, plain


CODE_CHEATS = [c for c in CHEATS if c != "forged-types"]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
@pytest.mark.parametrize("cheat", CODE_CHEATS)
def test_each_cheat_earns_marks_under_plain_nbgrader(hostile, cheat, assignment):
    plain, *_ = hostile
    assert plain[cheat, assignment] > plain["blank", assignment] + 5, (cheat, plain[cheat, assignment])


@pytest.mark.parametrize("cheat", ["rebind-names", "patch-module"])
def test_the_guard_functions_checks_cannot_be_rebound_even_under_plain_nbgrader(hostile, cheat):
    """The code exercise's hidden test loads its helpers afresh: rebinding ``check_code`` and
    ``raises`` or patching the module behind them leaves a learner without a guard at zero."""
    *_, root = hostile
    grades = _all_grades(root)
    assert grades[WRONG, cheat, "wrong-guard"] == grades[WRONG, "blank", "wrong-guard"] == 0


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
@pytest.mark.parametrize("cheat", list(CHEATS))
def test_no_cheat_scores_more_than_a_blank_submission_under_course_grade(hostile, cheat, assignment):
    _, ours, results, _ = hostile
    result = results[cheat, assignment]
    assert result.status in ("graded", "flagged"), result
    assert ours[cheat, assignment] <= ours["blank", assignment], (cheat, ours[cheat, assignment], result.reasons)
    assert result.score == ours[cheat, assignment], "the summary says what the gradebook says"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
@pytest.mark.parametrize("cheat", CODE_CHEATS)
def test_each_cheat_in_the_notebook_is_flagged_for_review(hostile, cheat, assignment):
    _, _, results, _ = hostile
    result = results[cheat, assignment]
    assert result.status == "flagged", result
    assert any(WHAT_THE_FLAG_SAYS in reason for reason in result.reasons), result.reasons


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_where_the_kernel_scored_more_the_course_says_so_and_names_the_cells(hostile, assignment):
    plain, _, results, _ = hostile
    for cheat in ("rebind-names", "patch-module", "silence-display", "forge-display", "read-solutions", "write-keys"):
        reasons = " ".join(results[cheat, assignment].reasons)
        assert "the notebook's own grading disagreed with the course's" in reasons, (cheat, reasons)
        assert "the course's scores were kept" in reasons


def test_the_blank_submission_is_not_flagged_as_a_cheat(hostile):
    _, ours, results, _ = hostile
    for assignment in ASSIGNMENTS:
        assert ours["blank", assignment] == 0
        assert not any(WHAT_THE_FLAG_SAYS in r or "disagreed" in r for r in results["blank", assignment].reasons)



def _all_grades(root: Path) -> dict:
    from nbgrader.api import Gradebook

    with Gradebook(CourseLayout.of(root).db_url) as gradebook:
        return {(assignment.name, s.student_id, g.name): g.score for assignment in gradebook.assignments
                for s in gradebook.assignment_submissions(assignment.name) for nb in s.notebooks for g in nb.grades}


def test_honest_submissions_score_exactly_as_under_plain_nbgrader(graded_cohort, tmp_path):
    """The standard cohort (blank, perfect, partial: widgets, computed keys, drafted messages, the
    guard, the complete email) regraded by ``course grade``: every grade as plain nbgrader gave it,
    and nothing said about disagreeing or tampering."""
    root = copy_course(graded_cohort.root, tmp_path / "course")
    cwd = Path.cwd()
    os.chdir(root)
    try:
        results = [r for assignment in graded_cohort.learners
                   for r in grade(root=root, assignment=assignment, force=True, workers=2, progress=False)]
    finally:
        os.chdir(cwd)
    assert _all_grades(root) == _all_grades(graded_cohort.root)
    assert all(r.status in ("graded", "flagged") for r in results)
    said = [reason for r in results for reason in r.reasons]
    assert not [r for r in said if "disagreed" in r or WHAT_THE_FLAG_SAYS in r or "not counted" in r], said
