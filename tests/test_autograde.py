"""``course grade`` on a small hostile cohort: nbgrader's own scores, in parallel, failures isolated.

One cohort of 00-orientation (the quickest notebook) is submitted to a copy of the session's built
course (tests/cohort.py, no rebuild) and graded twice, by plain ``nbgrader autograde`` and by
``course grade`` with more workers than cores, so every grade can be compared. The hostile
submissions are the ones instructors meet: an endless loop, a missing or renamed notebook, edited
and deleted test cells, a corrupt, mistyped or 50 MB responses.json, a notebook that raises, and
one that is not JSON at all.
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
from cohort import copy_course
from worked_answers import PARTIAL_ANSWERS, PARTIAL_EXPECTED, responses_json

from course.instructor.autograde import GradeError, _grade_in_worker, grade
from course.layout import UnknownAssignment

_REAL_GRADE_IN_WORKER = _grade_in_worker

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENT = "00-orientation"
NOTEBOOK = "orientation.ipynb"
BIN = Path(sys.executable).parent
CLICKED_FIRST_MOVE = "Email the client at once with a full apology and an explanation"  # a wrong option: 0 of 3


def _crash_on_blank(assignment: str, student: str) -> dict:
    """Stands in for the worker's grading call: dies like a worker killed by the OOM killer."""
    if student == "blank":
        os._exit(1)
    return _REAL_GRADE_IN_WORKER(assignment, student)


def _env() -> dict:
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("COURSE_MODE", None)
    env.pop("COURSE_RESPONSES", None)
    return env


def _submit(root: Path) -> None:
    release = root / "notebooks" / ASSIGNMENT / NOTEBOOK
    submitted = root / "grading" / "submitted"

    def folder(student: str, notebook: Path | None = release, answers: dict | None = None) -> Path:
        path = submitted / student / ASSIGNMENT
        path.mkdir(parents=True)
        if notebook is not None:
            shutil.copy(notebook, path / NOTEBOOK)
        if answers is not None:
            (path / "responses.json").write_text(responses_json(answers))
        return path

    def edit(path: Path, change) -> None:
        nb = nbformat.read(path / NOTEBOOK, as_version=4)
        change(nb)
        nbformat.write(nb, path / NOTEBOOK)

    def cell(nb, grade_id):
        return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)

    folder("perfect", root / "solutions" / ASSIGNMENT / NOTEBOOK)
    folder("partial", answers=PARTIAL_ANSWERS)
    folder("blank")
    looping = folder("endless-loop", answers=PARTIAL_ANSWERS)
    edit(looping, lambda nb: setattr(cell(nb, "orient-first-move-answer"), "source", "while True:\n    pass"))
    folder("missing-notebook", notebook=None, answers=PARTIAL_ANSWERS)
    renamed = folder("renamed-notebook", answers=PARTIAL_ANSWERS)
    (renamed / NOTEBOOK).rename(renamed / "orientation-final.ipynb")
    edited = folder("edited-test-cell", answers=PARTIAL_ANSWERS)
    edit(edited, lambda nb: setattr(cell(nb, "orient-most-important"), "source", "2"))  # claims full marks
    deleted = folder("deleted-test-cell", answers=PARTIAL_ANSWERS)
    edit(deleted, lambda nb: nb.cells.remove(cell(nb, "orient-final-say")))
    folder("not-json-responses").joinpath("responses.json").write_text("{'answers': oops")
    folder("mistyped-responses").joinpath("responses.json").write_text(
        json.dumps({"schema": 1, "answers": {"orient-first-move": {"value": 42}, "orient-why-chain": "x"}}))
    folder("huge-responses").joinpath("responses.json").write_text(
        json.dumps({"schema": 1, "answers": {}, "pad": "x" * 50_000_000}))
    raising = folder("raises-on-import", answers=PARTIAL_ANSWERS)
    edit(raising, lambda nb: setattr(cell(nb, "orient-first-move-answer"), "source", "import no_such_module"))
    folder("not-json-notebook", notebook=None).joinpath(NOTEBOOK).write_text("{ not a notebook")
    # answered every exercise in code (the solutions), then clicked another first move: the re-run
    # code must not replace the click; once with the record of code answers, once in a file from
    # before that record (origin unknown: the saved answer stays, and the run notes the code one)
    solutions = root / "solutions" / ASSIGNMENT / NOTEBOOK
    clicked = json.loads(responses_json({"orient-first-move": CLICKED_FIRST_MOVE}))
    folder("clicked-after-code", solutions).joinpath("responses.json").write_text(
        json.dumps({**clicked, "from_code": {"orient-first-move": PARTIAL_ANSWERS["orient-first-move"]}}))
    folder("clicked-before-records", solutions, answers={"orient-first-move": CLICKED_FIRST_MOVE})


@pytest.fixture(scope="module")
def cohort(built_course, tmp_path_factory):
    """(nbgrader's grades, course grade's results, course grade's grades, root of the course-grade copy)."""
    first = copy_course(built_course, tmp_path_factory.mktemp("nbgrader") / "course", instructor_answers=False)
    _submit(first)
    second = tmp_path_factory.mktemp("course-grade") / "course"
    shutil.copytree(first, second)

    subprocess.run([BIN / "nbgrader", "autograde", ASSIGNMENT, "--Execute.timeout=5"], cwd=first, env=_env(),
                   capture_output=True, timeout=900)
    cwd = Path.cwd()
    os.chdir(second)
    try:
        results = grade(root=second, assignment=ASSIGNMENT, workers=4, progress=False, cell_timeout=5)
    finally:
        os.chdir(cwd)
    return _grades(first), {r.student: r for r in results}, _grades(second), second


def _grades(root: Path) -> dict:
    from nbgrader.api import Gradebook

    from course.instructor import nbgrader_api

    with Gradebook(nbgrader_api.api(root).coursedir.db_url) as gradebook:
        return {(s.student_id, g.name): g.score
                for s in gradebook.assignment_submissions(ASSIGNMENT) for nb in s.notebooks for g in nb.grades}


def test_every_grade_equals_plain_nbgrader_autograde(cohort):
    reference, _, ours, _ = cohort
    assert ours == reference
    assert len({student for student, _ in ours}) >= 10


def test_the_known_submissions_score_exactly(cohort):
    _, results, ours, _ = cohort
    assert results["perfect"].score == 39 and results["blank"].score == 0
    assert {k[1]: v for k, v in ours.items() if k[0] == "partial"} == pytest.approx(PARTIAL_EXPECTED)
    # the loop and the failing import sit in a code-answer cell: they are stopped or fail, the
    # notebook runs on, and the answers saved in responses.json still count in full
    # 21.6: the partial answers' total (tests/worked_answers.py, PARTIAL_EXPECTED, since issue 16)
    assert results["endless-loop"].score == pytest.approx(21.6)
    assert results["raises-on-import"].score == pytest.approx(21.6)
    # an edited test cell is restored from the source: it cannot award itself the points
    assert ours["edited-test-cell", "orient-most-important"] == 0
    # a deleted test cell is put back by nbgrader, as a cell that no longer earns its points
    assert ours["deleted-test-cell", "orient-final-say"] == 0
    # nbgrader cannot grade a notebook that is missing, renamed or not JSON: failed, with the reason
    for student in ("missing-notebook", "renamed-notebook", "not-json-notebook"):
        assert results[student].status == "failed" and results[student].score is None


@pytest.mark.parametrize("student", ["clicked-after-code", "clicked-before-records"])
def test_a_click_after_a_code_answer_is_what_is_graded_and_it_is_flagged(cohort, student):
    reference, results, ours, _ = cohort
    assert ours[student, "orient-first-move"] == reference[student, "orient-first-move"] == 0
    assert results[student].score == 39 - 3, "every other exercise keeps its code answer"
    assert results[student].status == "flagged"
    assert ("orient-first-move: the code answer differs from the saved (clicked) answer; the saved one was graded"
            in results[student].reasons)


@pytest.mark.parametrize("student, status, reason", [
    ("endless-loop", "flagged", "ran past the time limit"),
    ("missing-notebook", "flagged", "orientation.ipynb is missing"),
    ("renamed-notebook", "flagged", "found orientation-final.ipynb"),
    ("edited-test-cell", "flagged", "locked cell(s) edited"),
    ("deleted-test-cell", "flagged", "locked cell(s) deleted"),
    ("not-json-responses", "flagged", "not valid JSON"),
    ("mistyped-responses", "flagged", "1 malformed entry"),
    ("huge-responses", "flagged", "bytes"),
    ("not-json-notebook", "flagged", "not a readable notebook"),
    ("blank", "flagged", "no responses.json"),
    ("perfect", "flagged", "locked cell(s) edited"),  # the solutions notebook holds the hidden tests
])
def test_each_odd_submission_is_flagged_with_its_reason(cohort, student, status, reason):
    _, results, _, _ = cohort
    result = results[student]
    assert result.status in (status, "failed" if status == "flagged" else status), result
    assert reason in " ".join(result.reasons), result.reasons


def test_one_bad_submission_never_stops_the_others(cohort):
    _, results, _, _ = cohort
    ungradable = ("missing-notebook", "renamed-notebook", "not-json-notebook")
    assert all(r.score is not None for s, r in results.items() if s not in ungradable)


def test_the_learners_files_are_left_as_submitted(cohort):
    *_, root = cohort
    huge = root / "grading" / "submitted" / "huge-responses" / ASSIGNMENT / "responses.json"
    assert huge.stat().st_size > 50_000_000
    assert not list((root / "grading" / "submitted").rglob("responses.corrupt-*.json"))


def test_a_rerun_grades_only_new_or_changed_submissions(cohort):
    *_, root = cohort
    cwd = Path.cwd()
    os.chdir(root)
    try:
        again = grade(root=root, assignment=ASSIGNMENT, workers=2, progress=False, cell_timeout=5)
        assert {r.status for r in again} == {"unchanged"}  # failures too: same input, same failure
        changed = root / "grading" / "submitted" / "blank" / ASSIGNMENT / "responses.json"
        changed.write_text(responses_json({"orient-first-move": PARTIAL_ANSWERS["orient-first-move"]}))
        third = {r.student: r for r in grade(root=root, assignment=ASSIGNMENT, progress=False, cell_timeout=5)}
        assert third["blank"].status == "graded" and third["blank"].score == 3  # orient-first-move right: 3 of 3
        assert {r.status for s, r in third.items() if s != "blank"} == {"unchanged"}
        one = grade(root=root, assignment=ASSIGNMENT, student="partial", progress=False, cell_timeout=5)
        assert [r.student for r in one] == ["partial"] and one[0].score == pytest.approx(21.6)
    finally:
        os.chdir(cwd)


def test_a_wrong_assignment_or_learner_is_one_line(cohort):
    *_, root = cohort
    with pytest.raises(UnknownAssignment, match="valid assignments: 00-orientation"):
        grade(root=root, assignment="nope", progress=False)
    with pytest.raises(GradeError, match="no submission"):
        grade(root=root, assignment=ASSIGNMENT, student="nobody", progress=False)


def test_a_submission_that_crashes_its_worker_fails_alone(cohort, monkeypatch):
    """A worker killed mid-grade (say, out of memory) fails that learner and nobody else."""
    import course.instructor.autograde as autograde

    *_, root = cohort
    monkeypatch.setattr(autograde, "_grade_in_worker", _crash_on_blank)  # forked workers inherit it
    cwd = Path.cwd()
    os.chdir(root)
    try:
        results = {r.student: r for r in grade(root=root, assignment=ASSIGNMENT, workers=2, force=True,
                                               progress=False, cell_timeout=5)}
    finally:
        os.chdir(cwd)
    assert results["blank"].status == "failed" and "crashed" in results["blank"].reasons[-1]
    assert results["partial"].score == pytest.approx(21.6) and results["perfect"].score == 39
