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
nothing here builds or imports a widget.
"""

from __future__ import annotations

import contextlib
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from . import rubric
from .answers import registry
from .responses import load_answers

__all__ = ["grade", "saved", "check_code", "try_code", "raises", "AuthoringError"]

CodeCheck = tuple[str, Callable[[], Any]]  # a description, and a function that raises (or returns False) on failure


class AuthoringError(Exception):
    """The hidden test's key and the exercise's salted key disagree: fix the notebook."""


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
                exercise.normalise(key)
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


def _run_checks(checks: Sequence[CodeCheck]) -> list[tuple[str, str | None]]:
    """Run each check; return (description, None) for a pass or (description, what went wrong).

    Learner code may warn or print to stderr; both are folded into stdout, because anything on
    stderr would score the whole cell zero in nbgrader."""
    results = []
    with contextlib.redirect_stderr(sys.stdout), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for description, check in checks:
            try:
                outcome = check()
            except Exception as problem:  # the learner's code failing is a result, not a crash
                detail = f"{type(problem).__name__}: {problem}" if str(problem) else type(problem).__name__
                results.append((description, detail[:160]))
                continue
            results.append((description, "the check returned False" if outcome is False else None))
    return results


def raises(exception: type[BaseException], func: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
    """True when ``func(*args, **kwargs)`` raises ``exception``: the check that a guard refuses bad input.

    Any other exception propagates, so the check fails with the learner's actual error shown."""
    try:
        func(*args, **kwargs)
    except exception:
        return True
    return False


def try_code(checks: Sequence[CodeCheck]) -> None:
    """Run example checks of the learner's code and say which pass (visible, awards nothing)."""
    for description, problem in _run_checks(checks):
        print(f"✔ {description}" if problem is None else f"✘ {description} ({problem})")


def check_code(exercise_id: str, checks: Sequence[CodeCheck], *, points: float) -> float:
    """Score a code exercise by its hidden checks: an equal share of the points for each one passed."""
    if not checks:
        raise AuthoringError(f"{exercise_id}: a code exercise needs at least one check")
    results = _run_checks(checks)
    passed = sum(problem is None for _, problem in results)
    earned = round(passed / len(results) * points, 2)
    print(f"{exercise_id} · {earned:g} of {points:g} points: {passed} of {len(results)} checks pass.")
    for description, problem in results:
        print(f"  ✔ {description}" if problem is None else f"  ✘ {description} ({problem})")
    return earned
