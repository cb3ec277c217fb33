"""The standard cohort: one course built once and graded once per test session, for every test.

Why one: building the course and autograding a cohort is the slow part (a kernel starts for every
submission), and the pipeline, export, feedback and report tests all read the same gradebook and
autograded folders. So tests/conftest.py builds the course once (``built_course``) and grades this
cohort once in a copy of it (``graded_cohort``), both session-scoped. A test that needs another
cohort (a hostile one, a second grader to compare with) copies the built course with
:func:`copy_course` (a few hundred KB) instead of building again. Tests write only their own
outputs into the shared folders (grading/exports, grading/feedback, grading/reports), or into a
copy; the gradebook and the autograded notebooks stay as nbgrader left them.

The learners, for every assignment: ``perfect`` submits the instructor's solutions notebook,
``blank`` the learner notebook with no answers, and ``partial`` the learner notebook with the
hand-worked answers of tests/worked_answers.py (so its per-exercise scores are known exactly).
``spam-only`` submits 01-bulk-spam only, so 00-orientation has a student in the gradebook without
a submission. The instructor ran the orientation solutions in place before building, leaving a
responses.json in the source folder that must reach no release and no learner.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import nbformat
from worked_answers import (
    ASSIGNMENTS,
    PARTIAL_ANSWERS,
    PARTIAL_EXPECTED,
    SOLUTION_RUN_ANSWERS,
    responses_json,
)

from course.instructor import nbgrader_api
from course.instructor.build import build
from course.layout import CONFIG, CourseLayout

REPO = Path(__file__).resolve().parents[1]
ORIENTATION, SPAM = "00-orientation", "01-bulk-spam"
NOTEBOOK = {assignment: notebook for assignment, (notebook, *_) in ASSIGNMENTS.items()}
EXPECTED = {assignment: expected for assignment, (*_, expected, _typed) in ASSIGNMENTS.items()}

__all__ = ["Cohort", "Hand", "HANDED_IN", "LEARNERS", "NOTEBOOK", "ORIENTATION", "SPAM", "EXPECTED",
           "PARTIAL_ANSWERS", "PARTIAL_EXPECTED", "build_course", "copy_course", "grade_cohort", "submit"]


@dataclass(frozen=True)
class Hand:
    """What one learner handed in for one assignment."""

    notebook: str = "release"  # "release": the learner notebook; "source": the instructor's, hidden tests and all
    answers: Callable[[], dict] | None = None  # their responses.json; None: no such file
    typed: Callable[[nbformat.NotebookNode], None] | None = None  # what they typed into the notebook


def _hands(assignment: str) -> dict[str, Hand]:
    *_, answers, _expected, typed = ASSIGNMENTS[assignment]
    hands = {"perfect": Hand("source"), "blank": Hand(), "partial": Hand(answers=answers, typed=typed)}
    if assignment == SPAM:
        hands["spam-only"] = Hand(answers=dict)  # an answers file with nothing in it
    return hands


# assignment -> student -> what they handed in
HANDED_IN = {assignment: _hands(assignment) for assignment in ASSIGNMENTS}
# assignment -> the students who submitted it
LEARNERS = {assignment: tuple(hands) for assignment, hands in HANDED_IN.items()}


@dataclass(frozen=True)
class Cohort:
    root: Path
    learners: dict[str, tuple[str, ...]]  # assignment -> the students who submitted it


def build_course(root: Path) -> Path:
    """The course's config and solutions copied into ``root`` (with the instructor's answers left
    in the orientation solutions), and built with ``course build``."""
    shutil.copy(REPO / CONFIG, root)
    layout = CourseLayout.of(root)
    shutil.copytree(REPO / "solutions", layout.source, ignore=shutil.ignore_patterns("responses*.json"))
    (layout.source / ORIENTATION / "responses.json").write_text(responses_json(SOLUTION_RUN_ANSWERS))
    build(root=root)
    return root


def copy_course(root: Path, destination: Path, *, instructor_answers: bool = True) -> Path:
    """A copy of a built (or graded) course at ``destination``, a folder not there yet: every
    path in the config is relative to it, so the copy is a course of its own. Without
    ``instructor_answers``, the source holds no responses.json (as a fresh clone's)."""
    shutil.copytree(root, destination)
    if not instructor_answers:
        for answers in CourseLayout.of(destination).source.glob("*/responses.json"):
            answers.unlink()
    return destination


def submit(root: Path, assignment: str, student: str, hand: Hand) -> Path:
    """Put one learner's work where ``course import`` would; returns their submission folder."""
    layout = CourseLayout.of(root)
    folder = layout.submitted / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    notebook = f"{NOTEBOOK[assignment]}.ipynb"
    shutil.copy((layout.source if hand.notebook == "source" else layout.release) / assignment / notebook,
                folder / notebook)
    if hand.typed is not None:
        nb = nbformat.read(folder / notebook, as_version=4)
        hand.typed(nb)
        nbformat.write(nb, folder / notebook)
    if hand.answers is not None:
        (folder / "responses.json").write_text(responses_json(hand.answers()))
    return folder


def grade_cohort(root: Path) -> Cohort:
    """Submit the standard cohort into the built course at ``root`` and autograde every learner
    with plain nbgrader, one after another (SQLite), as nbgrader's own reference grades."""
    api = nbgrader_api.api(root)
    for assignment, hands in HANDED_IN.items():
        for student, hand in hands.items():
            submit(root, assignment, student, hand)
            result = api.autograde(assignment, student, force=True, create=True)
            assert result["success"], result.get("error") or result.get("log")
    return Cohort(root, dict(LEARNERS))
