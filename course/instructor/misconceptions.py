"""Misconceptions: which wrong options a cohort chose, read from the learners' saved answers.

Why a module of its own: the cohort report shows these counts, and a facilitator's debrief or a
future dashboard may want the same counts without the page. Only the learners who did not get
full marks on an exercise are counted (from the gradebook, through
:func:`course.instructor.exports.cohort_scores`), and only the wrong parts of their answers,
judged against the plain key of the exercise's hidden test in ``solutions/`` (this is
instructor-side code). The exercises, their points and keys come from the course's catalogue
(:mod:`course.catalogue`): nothing is executed, and the ``responses.json`` files in
grading/autograded/ are read with the course's one loader.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from . import exports
from .. import catalogue as catalogues
from ..catalogue import Catalogue, ExerciseInfo
from ..responses import FILENAME, load_answers

__all__ = ["CHOICE_KINDS", "wrong_choices"]

# the exercise kinds whose answers are choices among given options, and how the report names them
CHOICE_KINDS = {"single_choice": "single choice", "multiple_choice": "multiple choice", "ordering": "ordering",
                "categorise": "categorise"}


def _labels(exercise: ExerciseInfo, value) -> list[str]:
    """The wrong parts of one answer, as labels to count (every part when the key is unknown).

    Only real options count: a hand-edited answer (text that is not an option, a string where a
    list belongs) says nothing about a misconception, and it is learner text we need not show."""
    kind, key = exercise.kind, exercise.key
    options = set(exercise.options)
    if kind == "single_choice" and value in options:
        return [] if value == key else [value]
    if kind == "multiple_choice" and isinstance(value, list):
        return [v for v in value if v in options and not (isinstance(key, list) and v in key)]
    if kind == "ordering" and isinstance(value, list) and all(v in options for v in value):
        return [f"“{item}” in place {n}" for n, item in enumerate(value, start=1)
                if not (isinstance(key, list) and n <= len(key) and key[n - 1] == item)]
    if kind == "categorise" and isinstance(value, dict):
        categories = set(exercise.categories)
        return [f"“{item}” → {category}" for item, category in value.items()
                if item in options and category in categories
                and not (isinstance(key, dict) and key.get(item) == category)]
    return []


def wrong_choices(*, root: Path, assignment: str, learners=None,
                  catalogue: Catalogue | None = None) -> dict[str, Counter]:
    """Exercise id -> how many learners chose each wrong option, among those without full marks on it."""
    learners = exports.cohort_scores(root=root, assignment=assignment) if learners is None else learners
    catalogue = catalogues.load(assignment, root=root) if catalogue is None else catalogue
    choices = [(cell, exercise) for cell in catalogue.graded_cells
               if (exercise := catalogue.get(cell.grade_id)) is not None and exercise.kind in CHOICE_KINDS]
    counts: dict[str, Counter] = {}
    for learner in learners:
        path = Path(root) / "grading" / "autograded" / learner.student_id / assignment / FILENAME
        answers = load_answers(path) if path.is_file() else {}
        for cell, exercise in choices:
            score = learner.per_exercise.get(cell.grade_id)
            if score is None or score >= cell.points:
                continue
            answer = answers.get(exercise.id)
            if answer is not None:
                labels = set(_labels(exercise, answer.value))
                counts.setdefault(exercise.id, Counter()).update(labels)
    return {k: v for k, v in counts.items() if v}
