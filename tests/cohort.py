"""One small graded cohort, shared by the export, feedback and report tests.

Why one: building the course and autograding a cohort is the slow part (kernels start for every
submission), and exports, feedback and the report all read the same gradebook and autograded
folders. So the tests share one module-scoped fixture, ``graded_cohort`` (a test module imports
``graded_cohort_fixture`` to use it), and the course is built and graded once per test session
(the fixture caches the folder it made); each test module writes only its own outputs
(grading/exports, grading/feedback, grading/reports) into it.

The learners: ``perfect`` submits the instructor's solutions notebook, ``blank`` the learner
notebook with no answers, and ``partial`` the learner notebook with the hand-worked answers of
``test_nbgrader_pipeline`` (so its per-exercise scores are known exactly). ``spam-only`` submits
01-bulk-spam only, so 00-orientation has a student in the gradebook without a submission.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from test_nbgrader_pipeline import (
    PARTIAL_ANSWERS,
    PARTIAL_EXPECTED,
    SPAM_PARTIAL_EXPECTED,
    _responses,
    _spam_partial_answers,
)

from course.instructor import nbgrader_api
from course.instructor.build import build

REPO = Path(__file__).resolve().parents[1]
ORIENTATION, SPAM = "00-orientation", "01-bulk-spam"
NOTEBOOK = {ORIENTATION: "orientation", SPAM: "bulk-spam"}
# learner -> the answers in their responses.json (None: the notebook as it is, no answers file)
LEARNERS = {
    ORIENTATION: {"perfect": None, "blank": None, "partial": lambda: PARTIAL_ANSWERS},
    SPAM: {"perfect": None, "blank": None, "partial": _spam_partial_answers, "spam-only": lambda: {}},
}
EXPECTED = {ORIENTATION: PARTIAL_EXPECTED, SPAM: SPAM_PARTIAL_EXPECTED}

__all__ = ["Cohort", "graded_cohort_fixture", "LEARNERS", "NOTEBOOK", "ORIENTATION", "SPAM", "EXPECTED",
           "PARTIAL_ANSWERS", "PARTIAL_EXPECTED"]


@dataclass(frozen=True)
class Cohort:
    root: Path
    learners: dict[str, tuple[str, ...]]  # assignment -> the students who submitted it


_built: dict[str, Cohort] = {}


def _submit(root: Path, assignment: str, student: str, answers) -> None:
    folder = root / "grading" / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    notebook = f"{NOTEBOOK[assignment]}.ipynb"
    source = root / ("solutions" if student == "perfect" else "notebooks") / assignment / notebook
    shutil.copy(source, folder / notebook)
    if answers is not None:
        (folder / "responses.json").write_text(_responses(answers()))


def build_cohort(root: Path) -> Cohort:
    """Build the course in ``root`` and autograde every learner, one after another (SQLite)."""
    shutil.copy(REPO / "nbgrader_config.py", root)
    shutil.copytree(REPO / "solutions", root / "solutions", ignore=shutil.ignore_patterns("responses*.json"))
    build(root=root)
    api = nbgrader_api.api(root)
    for assignment, learners in LEARNERS.items():
        for student, answers in learners.items():
            _submit(root, assignment, student, answers)
            result = api.autograde(assignment, student, force=True, create=True)
            assert result["success"], result.get("error") or result.get("log")
    return Cohort(root, {a: tuple(learners) for a, learners in LEARNERS.items()})


@pytest.fixture(scope="module", name="graded_cohort")
def graded_cohort_fixture(tmp_path_factory) -> Cohort:
    """The course built and graded in a temporary folder (once per session, see the docstring)."""
    if "cohort" not in _built:
        _built["cohort"] = build_cohort(tmp_path_factory.mktemp("cohort"))
    return _built["cohort"]
