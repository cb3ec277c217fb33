"""Misconceptions: which wrong options a cohort chose, read from the learners' saved answers.

Why a module of its own: the cohort report shows these counts, and a facilitator's debrief or a
future dashboard may want the same counts without the page. Only the learners who did not get
full marks on an exercise are counted (from the gradebook, through
:func:`course.exports.cohort_scores`), and only the wrong parts of their answers, judged against
the plain key of the exercise's hidden test in ``solutions/`` (this is instructor-side code). The
exercises are read from the solutions' source (:mod:`course.workshop.catalogue`): nothing is executed, and the
``responses.json`` files in grading/autograded/ are read with the course's one loader.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import nbformat

from . import exports
from ..layout import CourseLayout
from ..responses import FILENAME, load_answers

__all__ = ["CHOICE_KINDS", "exercise_catalogue", "wrong_choices"]

CHOICE_KINDS = {"SingleChoice": "single choice", "MultipleChoice": "multiple choice", "Ordering": "ordering",
                "Categorise": "categorise"}


def exercise_catalogue(*, root: Path, assignment: str) -> dict[str, dict]:
    """grade id -> what the report needs to know of it, read from the solutions' source (nothing runs):
    kind, prompt, step, points, the options / items / categories, and the plain key of its hidden test.

    The widget exercises come from the workshop's catalogue (the one parser of the solutions'
    exercise cells); the graded cells add the nbgrader points and the rubric step of every grade
    cell, code exercises included."""
    from ..exercises import KINDS
    from ..workshop import catalogue

    found: dict[str, dict] = {}
    for path in sorted((CourseLayout.reading(root).source / assignment).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade") or meta.get("task"):
                entry = found.setdefault(meta["grade_id"], {"kind": "code" if cell.cell_type == "code" else "task"})
                entry.update(points=float(meta.get("points", 0)), step=cell.metadata.get("course", {}).get("step"))
    for info in catalogue.load(assignment, root=root):
        entry = found.setdefault(info.id, {})
        entry.update(kind=KINDS[info.kind].__name__, prompt=info.prompt, options=list(info.options),
                     categories=list(info.categories), key=info.key)
    return found


def _labels(info: dict, value) -> list[str]:
    """The wrong parts of one answer, as labels to count (every part when the key is unknown).

    Only real options count: a hand-edited answer (text that is not an option, a string where a
    list belongs) says nothing about a misconception, and it is learner text we need not show."""
    kind, key = info.get("kind"), info.get("key")
    options = set(info.get("options") or ())
    if kind == "SingleChoice" and value in options:
        return [] if value == key else [value]
    if kind == "MultipleChoice" and isinstance(value, list):
        return [v for v in value if v in options and not (isinstance(key, list) and v in key)]
    if kind == "Ordering" and isinstance(value, list) and all(v in options for v in value):
        return [f"“{item}” in place {n}" for n, item in enumerate(value, start=1)
                if not (isinstance(key, list) and n <= len(key) and key[n - 1] == item)]
    if kind == "Categorise" and isinstance(value, dict):
        categories = set(info.get("categories") or ())
        return [f"“{item}” → {category}" for item, category in value.items()
                if item in options and category in categories
                and not (isinstance(key, dict) and key.get(item) == category)]
    return []


def wrong_choices(*, root: Path, assignment: str, learners=None, catalogue=None) -> dict[str, Counter]:
    """Exercise id -> how many learners chose each wrong option, among those without full marks on it."""
    learners = exports.cohort_scores(root=root, assignment=assignment) if learners is None else learners
    catalogue = exercise_catalogue(root=root, assignment=assignment) if catalogue is None else catalogue
    counts: dict[str, Counter] = {}
    layout = CourseLayout.of(root)
    for learner in learners:
        path = layout.graded(learner.student_id, assignment) / FILENAME
        answers = load_answers(path) if path.is_file() else {}
        for exercise_id, info in catalogue.items():
            score = learner.per_exercise.get(exercise_id)
            if info.get("kind") not in CHOICE_KINDS or score is None or score >= info.get("points", 0):
                continue
            answer = answers.get(exercise_id)
            if answer is not None:
                labels = set(_labels(info, answer.value))
                counts.setdefault(exercise_id, Counter()).update(labels)
    return {k: v for k, v in counts.items() if v}
