"""How a code exercise is checked: run each check of the learner's code, score the share that pass.

Why a module of its own, with nothing but the standard library: a hidden test runs in the same
kernel as the learner's cells, so a name it calls (``check_code``, ``raises``) or an attribute of
an imported module (``course.grading._run_checks``) is the learner's to rebind. The hidden tests
therefore load this file afresh into a namespace of their own (``importlib`` from the installed
package's file, after checking that the package is not one handed in beside the notebook), and
call these functions there; a fresh copy needs no other course module. :mod:`course.grading`
re-exports them for the visible cells and for authors. What a fresh copy cannot stop (a learner
who patches the kernel's display hook, stdout or the import system itself) is for ``course grade``
to notice: it flags such notebooks, and reads each code cell's printed verdict against its value.
"""

from __future__ import annotations

import contextlib
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["AuthoringError", "CodeCheck", "check_code", "raises", "run_checks", "try_code"]

CodeCheck = tuple[str, Callable[[], Any]]  # a description, and a function that raises (or returns False) on failure


class AuthoringError(Exception):
    """A mistake in the notebook itself (not the learner's): fix the notebook."""


def run_checks(checks: Sequence[CodeCheck]) -> list[tuple[str, str | None]]:
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
    for description, problem in run_checks(checks):
        print(f"✔ {description}" if problem is None else f"✘ {description} ({problem})")


def check_code(exercise_id: str, checks: Sequence[CodeCheck], *, points: float) -> float:
    """Score a code exercise by its hidden checks: an equal share of the points for each one passed.

    The first line printed is the verdict ``course grade`` reads back (``<id> · <earned> of <points>
    points``): a cell whose shown value disagrees with it was tampered with."""
    if not checks:
        raise AuthoringError(f"{exercise_id}: a code exercise needs at least one check")
    results = run_checks(checks)
    passed = sum(problem is None for _, problem in results)
    earned = round(passed / len(results) * points, 2)
    print(f"{exercise_id} · {earned:g} of {points:g} points: {passed} of {len(results)} checks pass.")
    for description, problem in results:
        print(f"  ✔ {description}" if problem is None else f"  ✘ {description} ({problem})")
    return earned
