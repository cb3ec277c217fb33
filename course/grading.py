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

Which answer is graded (:func:`graded_answer`): the latest checked answer, as the rubric says,
unless the instructor set ``c.CourseLayout.graded_answer = "first"`` in nbgrader_config.py; then
the learner's first checked answer (``Answer.first``). ``course grade`` tells its grading kernels
and its own scoring through ``$COURSE_GRADED_ANSWER``; a kernel without it (plain ``nbgrader
autograde``) reads the setting from the nbgrader_config.py of the course it grades in, found
upwards from its working folder. An exercise never checked has no answer under either policy (a
draft is never graded), and an answers file from before first tries were kept grades its only
answer, the latest, under both.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from . import rubric
from .answers import registry
from .code_checks import AuthoringError, CodeCheck, check_code, raises, try_code
from .responses import load_answers
from .speedups import NO_FRONTEND
from .story import branch_option, graded_branch

__all__ = ["grade", "graded_answer", "policy_text", "saved", "check_code", "try_code", "raises", "AuthoringError", "CodeCheck",
           "GRADED_ANSWER_VARIABLE"]

GRADED_ANSWER_VARIABLE = "COURSE_GRADED_ANSWER"  # "latest" or "first": set by `course grade`
_POLICIES = ("latest", "first")  # course.layout.GRADED_ANSWERS (the layout is not imported at every grade)


def graded_answer() -> str:
    """Which checked answer :func:`grade` scores: ``"latest"`` or ``"first"``.

    ``$COURSE_GRADED_ANSWER`` where set (``course grade`` sets it from the course's setting), else
    ``c.CourseLayout.graded_answer`` in the nbgrader_config.py found upwards from the working
    folder (plain ``nbgrader autograde`` grades inside the course), else ``"latest"``. A value
    that is neither never fails a grade cell: it is the rubric's ``"latest"``."""
    chosen = os.environ.get(GRADED_ANSWER_VARIABLE, "").strip().lower()
    if not chosen:
        chosen = _configured(Path.cwd())
    return chosen if chosen in _POLICIES else "latest"


def policy_text(policy: str, whose: str = "the learner's") -> str:
    """Which answer was graded, in a sentence for feedback ("your"), reports and the grading run."""
    if policy == "first":
        return (f"Each exercise answered in a widget was graded on {whose} first checked answer "
                "(the instructor's first-try policy).")
    return f"Each exercise answered in a widget was graded on {whose} latest checked answer (the rubric's rule)."


_CONFIGURED: dict[tuple, str] = {}


def _configured(folder: Path) -> str:
    """The grading policy of the course around ``folder``, read once per change of its config ("" if none)."""
    from .layout import CONFIG, CourseLayout

    for parent in (folder, *folder.parents):
        config = parent / CONFIG
        try:
            stat = config.stat()
        except OSError:
            continue
        stamp = (str(config), stat.st_mtime_ns, stat.st_size)
        if stamp not in _CONFIGURED:
            try:
                _CONFIGURED[stamp] = CourseLayout.of(parent).graded_answer
            except Exception:  # noqa: BLE001 - an unreadable config is the instructor's to fix, not a zero
                _CONFIGURED[stamp] = ""
        return _CONFIGURED[stamp]
    return ""


def saved(exercise_id: str) -> None:
    """The visible line of a grade cell: what the question above does with an answer, true whenever read.

    Why not the answer's state ("no answer saved yet", "answered twice"): the line is printed
    when the cell runs, usually at Run All before any answer, and nothing refreshes it, so a
    state went stale the moment the learner answered. The question's own status line shows the
    state live. So this says what stays true: in practice mode the question saves each answer as
    it is given; in graded mode it is graded after submitting. In a grading kernel
    (``course grade``) it prints nothing: the review :func:`grade` prints below is what the
    returned feedback should show. Names no answer and no key. An exercise whose cell has not
    run is a LookupError saying to run it (or Run All)."""
    found = registry.entry(exercise_id)
    if os.environ.get(NO_FRONTEND) == "1":
        return
    if _mode(found) == "graded":
        print("Answer in the question above: it saves your answer, which is graded after you submit.")
    else:
        print("Answer in the question above: it saves your answer and shows how it fared.")


def _mode(found: registry.Entry) -> str:
    """The exercises' mode (:func:`course.exercises.get_mode`) without importing any widget here."""
    if found.rules.keyless:
        return "graded"
    panels = sys.modules.get("course.exercises.base")
    if panels is not None:
        return panels.get_mode()
    return "graded" if os.environ.get("COURSE_MODE", "").strip().lower() == "graded" else "practice"


def grade(exercise_id: str, key: Any = None) -> float:
    """Score the saved answer to one exercise against its plain key; return the points earned.

    Exercises judged by rules rather than a key (drafted messages) take no key."""
    found = registry.entry(exercise_id)
    exercise = found.rules
    answers = load_answers(found.store.path)
    if exercise.after is not None:  # graded against the key of the learner's graded branch
        branch = graded_branch(exercise.after, answers)
        if branch is None:
            print(f"{exercise_id} · the decision before it was never made, so 0 of {exercise.points:g} points. "
                  "Make the decision above, then answer this again.")
            return 0.0
        try:
            key = exercise.branch_key(key, branch)
        except ValueError as problem:
            raise AuthoringError(str(problem)) from None
        exercise = exercise.for_branch(branch)
        road = f"Marked on what followed your first decision (“{branch_option(found.rules.after, branch)}”). "
    else:
        road = ""
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
    answer = answers.get(exercise_id)
    policy = "first" if exercise.graded_on_first else graded_answer()
    if answer is None:
        print(f"{exercise_id} · no answer was saved, so 0 of {exercise.points:g} points. "
              f"Step {step.number}, “{step.title}”, is worth another look.")
        return 0.0
    try:
        value = exercise.normalise(answer.first if policy == "first" else answer.value)
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
    which = ("Your first decision is the one graded. " if exercise.graded_on_first
             else "Your first checked answer is the one graded. " if policy == "first" else "")
    print(f"{exercise_id} · {earned:g} of {exercise.points:g} points. {which}{road}{verdict} "
          f"{exercise.review(value, check)}")
    _display(exercise.review_display(value, check))
    return earned


def _display(bundle: dict[str, str] | None) -> None:
    """Show a kind's richer review (:meth:`course.answers.base.Rules.review_display`) as the cell's
    output, in a kernel only.

    Why only there: the review is for the graded notebook (formgrader shows a drafted message's
    checklist beside the message, right above its manual score; the feedback shows it to the
    learner). Outside a kernel, in plain Python or in ``course grade``'s scoring outside the
    kernel (:mod:`course.instructor.rescoring`), nothing can show it, and the printed review
    stands alone. IPython is never imported here: a kernel has imported it already."""
    if not bundle:
        return
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None or getattr(shell, "kernel", None) is None:
        return
    from IPython.display import display

    display(bundle, raw=True)
