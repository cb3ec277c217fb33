"""What nbgrader test cells call: score one saved answer against its plain key, kindly.

A test cell in ``solutions/`` reads::

    saved("orient-first-move")                       # the learner sees this line
    ### BEGIN HIDDEN TESTS
    grade("orient-first-move", key="Pause and ...")  # stripped from notebooks/
    ### END HIDDEN TESTS

:func:`grade` returns the points earned as the cell's last value, which nbgrader takes as partial
credit, and prints a short review on stdout. It never writes to stderr (that scores zero in
nbgrader) and never raises for anything a learner did: no answer, a hand-edited answer, an answer
to an older version of the question all score zero with a message saying why. It does raise for
an authoring slip, a plain key that does not match the exercise's salted digests, because a
grade computed from a wrong key is worse than no grade. An exercise of a graded release carries
no digests (``course build --graded``): its key is then only checked to be a valid answer, and the
saved answer is graded against it all the same.

Both score through the exercise's rules (:mod:`course.answers`), as registered when its cell ran;
nothing here builds or imports a widget. The code exercises' helpers (``check_code``, ``raises``,
``try_code``) live in :mod:`course.code_checks`, which hidden tests load afresh, and are re-exported
here. ``course grade`` scores every cell it can again, outside the learner's kernel
(:mod:`course.instructor.rescoring`): in graded courses a grade cell's printed verdict is advice,
the gradebook's number is the course's.
"""

from __future__ import annotations

from typing import Any

from . import rubric
from .answers import registry
from .code_checks import AuthoringError, CodeCheck, check_code, raises, try_code
from .responses import load_answers

__all__ = ["grade", "saved", "check_code", "try_code", "raises", "AuthoringError", "CodeCheck"]


def saved(exercise_id: str) -> None:
    """Tell the learner whether an answer to this exercise is saved (reveals nothing about it)."""
    answer = load_answers(registry.entry(exercise_id).store.path).get(exercise_id)
    if answer is None:
        print(f"{exercise_id}: no answer saved yet. Answer the question above, then run this cell again.")
    else:
        times = "once" if answer.attempts == 1 else f"{answer.attempts} times"
        print(f"{exercise_id}: your answer is saved (answered {times}). It is graded after you submit.")


def grade(exercise_id: str, key: Any = None) -> float:
    """Score the saved answer to one exercise against its plain key; return the points earned.

    Exercises judged by rules rather than a key (drafted messages) take no key."""
    found = registry.entry(exercise_id)
    exercise = found.rules
    if exercise.needs_key:
        try:
            if exercise.keyless:  # a graded release carries no digests to check the key against
                exercise.normalise_key(key)
            elif not exercise.key_matches(key):
                raise AuthoringError(f"{exercise_id}: the hidden test's key does not match the exercise's digests")
        except ValueError as problem:
            raise AuthoringError(f"{exercise_id}: the hidden test's key is not a valid answer: {problem}") from None
    elif key is not None:
        raise AuthoringError(f"{exercise_id}: a {exercise.kind} exercise is judged by rules and takes no key")

    step = rubric.step(exercise.step)
    answer = load_answers(found.store.path).get(exercise_id)
    if answer is None:
        print(f"{exercise_id} · no answer was saved, so 0 of {exercise.points:g} points. "
              f"Step {step.number}, “{step.title}”, is worth another look.")
        return 0.0
    try:
        value = exercise.normalise(answer.value)
    except ValueError:
        print(f"{exercise_id} · the saved answer could not be read as an answer to this question, "
              f"so 0 of {exercise.points:g} points.")
        return 0.0

    check = exercise.grade(value, key)
    earned = round(check.fraction * exercise.points, 2)
    if check.complete:
        verdict = "Well done: full marks."
    elif earned > 0:
        verdict = "Part of the way there."
    else:
        verdict = f"Not this time: step {step.number}, “{step.title}”, is worth another look."
    print(f"{exercise_id} · {earned:g} of {exercise.points:g} points. {verdict} {exercise.review(value, check)}")
    return earned
