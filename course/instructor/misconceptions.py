"""Misconceptions: which wrong options a cohort chose, read from the learners' saved answers.

Why a module of its own: the cohort report shows these counts, and a facilitator's debrief or a
future dashboard may want the same counts without the page. Only the learners who did not get
full marks on an exercise are counted (from the gradebook, through
:func:`course.instructor.exports.cohort_scores`), and only the wrong parts of their answers,
judged against the plain key of the exercise's hidden test in ``solutions/`` (this is
instructor-side code). The exercises, their points and keys come from the course's catalogue
(:mod:`course.catalogue`): nothing is executed, and the ``responses.json`` files in
grading/autograded/ are read with the course's one loader; of each, the answer that was graded
(the latest checked answer, or the first under ``c.CourseLayout.graded_answer = "first"``).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from . import exports
from .. import catalogue as catalogues
from ..answers import KINDS, rules_for
from ..catalogue import Catalogue, ExerciseInfo
from ..layout import CourseLayout
from ..responses import FILENAME, load_answers

__all__ = ["CHOICE_KINDS", "wrong_choices"]

# The kinds whose wrong options the report counts -> how the report names them, from each kind's rules
# (``choice_name``).
CHOICE_KINDS = {cls.kind: cls.choice_name for cls in KINDS.values() if cls.choice_name}


def _labels(exercise: ExerciseInfo, value) -> list[str]:
    """The wrong parts of one answer, as labels to count (every part when the key is unknown).

    Only real options count: a hand-edited answer (text that is not an option, a string where a
    list belongs) says nothing about a misconception, and it is learner text we need not show.
    Each kind's rules say how to label its wrong parts (:meth:`course.answers.Rules.wrong_labels`)."""
    rules = rules_for(exercise.kind)
    if rules is None or not rules.choice_name:
        return []
    return rules.wrong_labels(value, exercise.key, exercise.options, exercise.categories)


def wrong_choices(*, root: Path, assignment: str, learners=None,
                  catalogue: Catalogue | None = None) -> dict[str, Counter]:
    """Exercise id -> how many learners chose each wrong option, among those without full marks on it."""
    learners = exports.cohort_scores(root=root, assignment=assignment) if learners is None else learners
    catalogue = catalogues.load(assignment, root=root) if catalogue is None else catalogue
    choices = [(cell, exercise) for cell in catalogue.graded_cells
               if (exercise := catalogue.get(cell.grade_id)) is not None and exercise.kind in CHOICE_KINDS]
    counts: dict[str, Counter] = {}
    layout = CourseLayout.of(root)
    for learner in learners:
        path = layout.graded(learner.student_id, assignment) / FILENAME
        answers = load_answers(path) if path.is_file() else {}
        for cell, exercise in choices:
            score = learner.per_exercise.get(cell.grade_id)
            if score is None or score >= cell.points:
                continue
            answer = answers.get(exercise.id)
            if answer is not None:  # the answer graded: the latest, or the first under the first-try policy
                labels = set(_labels(exercise, answer.first if layout.graded_answer == "first" else answer.value))
                counts.setdefault(exercise.id, Counter()).update(labels)
    return {k: v for k, v in counts.items() if v}
