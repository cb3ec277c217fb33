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

Text checks of a learner's writing (:func:`mentions_date`, :func:`mentions_amount`,
:func:`mentions_name`) accept the forms people really write, so that "27th February", "Feb 27"
and "27/02" all give the deadline and "£45k", "£45,000" and "45 000 pounds" all give the fee,
in every cell that checks them alike; each also refuses what only looks alike ("£145,000" is no
£45,000, "Samantha" and "same" are no Sam).
"""

from __future__ import annotations

import contextlib
import re
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["AuthoringError", "CodeCheck", "check_code", "mentions_amount", "mentions_date", "mentions_name", "raises",
           "run_checks", "try_code"]

CodeCheck = tuple[str, Callable[[], Any]]  # a description, and a function that raises (or returns False) on failure


class AuthoringError(Exception):
    """A mistake in the notebook itself (not the learner's): fix the notebook."""


def run_checks(checks: Sequence[CodeCheck]) -> list[tuple[str, str | None]]:
    """Run each check; return (description, None) for a pass or (description, what went wrong).

    Learner code may warn or print to stderr; both are folded into stdout, because anything on
    stderr would score the whole cell zero in nbgrader. An exception with a true ``learner_review``
    attribute (a structure check's finding, :class:`course.postmortem.Review`) is already worded for
    the learner: its text is shown alone, without the exception's name."""
    results = []
    with contextlib.redirect_stderr(sys.stdout), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for description, check in checks:
            try:
                outcome = check()
            except Exception as problem:  # the learner's code failing is a result, not a crash
                if getattr(problem, "learner_review", False) and str(problem):
                    results.append((description, str(problem)[:240]))  # a review worded for the learner, as is
                    continue
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


# -- what a learner's text says: dates, amounts and names in the forms people write ------------

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")


def _month_words(month: int) -> str:
    """The month's name and its short forms ("February", "Feb", "Feb."; "Sept" as well as "Sep")."""
    name = _MONTHS[month - 1]
    forms = {name, name[:3]} | ({"sept"} if month == 9 else set())
    return "(?:" + "|".join(sorted(forms, key=len, reverse=True)) + r")\.?"


def mentions_date(text: str, day: int | None, month: int) -> bool:
    """Whether ``text`` names this day of this month, in any usual form, any case.

    Accepted for 27 February: "27 February", "27th February", "27 Feb", "the 27th of February",
    "February 27", "Feb 27th", "27/02", "27/2", "27.02", "27-02", "27/02/2026", "2026-02-27", and
    the American "2/27" (a date with numbers is read day first, as in the UK; month first only
    where the day is above 12, so that no other date can be meant).
    With ``day=None``, whether the month is named at all ("April", "Apr")."""
    if not isinstance(text, str):
        return False
    month_name = _month_words(month)
    if day is None:
        return re.search(rf"\b{month_name}(?![a-z])", text, re.I) is not None
    d = rf"0?{day}(?:st|nd|rd|th)?"
    patterns = [
        rf"(?<!\d){d}\s*(?:of\s+)?{month_name}(?![a-z])",  # 27 February, 27th of Feb
        rf"\b{month_name}\s*(?:the\s+)?{d}(?!\d)",  # February 27, Feb 27th
        rf"(?<![\d/.-])0?{day}\s*[/.-]\s*0?{month}(?![\d])(?!\s*[/.-]\s*\d{{1,2}}\b(?![/.-]))",  # 27/02
        rf"\b\d{{4}}-0?{month}-0?{day}(?!\d)",  # 2026-02-27
    ]
    if day > 12:  # month first: 2/27 cannot be the 2nd of a 27th month
        patterns.append(rf"(?<![\d/.-])0?{month}\s*/\s*0?{day}(?!\d)")
    return any(re.search(p, text, re.I) for p in patterns)


_SCALES = {"k": 1_000, "thousand": 1_000, "m": 1_000_000, "mn": 1_000_000, "million": 1_000_000}
_AMOUNT = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:(?:[,\u00a0\u202f\u2009' ])\d{3})+|\d+)"  # 45,000 / 45 000 / 45000
    r"(?:\.(\d+))?(?!\d|[,.]\d)"  # .50, and never the start of a longer number ("45,0000")
    r"(?:\s*(k|thousand|mn|m|million)\b)?",  # 45k, 45 thousand, 1.2m
    re.I)


def amounts_in(text: str) -> list[float]:
    """Every amount written in ``text``: "£45k", "£45,000", "45 000 pounds", "45.000" (read both ways)."""
    found = []
    for match in _AMOUNT.finditer(text if isinstance(text, str) else ""):
        whole, fraction, scale = match.group(1), match.group(2), (match.group(3) or "").lower()
        number = float(re.sub(r"\D", "", whole) + ("." + fraction if fraction else ""))
        found.append(number * _SCALES.get(scale, 1))
        if fraction and len(fraction) == 3 and not scale:  # "45.000": a dot grouping thousands, too
            found.append(float(re.sub(r"\D", "", whole) + fraction))
    return found


def mentions_amount(text: str, amount: float) -> bool:
    """Whether ``text`` gives this amount in any usual form (never as part of a bigger number)."""
    return any(abs(found - amount) < 0.005 for found in amounts_in(text))


def mentions_name(text: str, name: str) -> bool:
    """Whether ``text`` names ``name`` as a word, in any case, possessive too ("Sam", "SAM", "Sam's",
    "Sam’s", "Sam,"), and not inside another word ("same", "Samantha", "sample")."""
    if not isinstance(text, str):
        return False
    return re.search(rf"(?<![\w]){re.escape(name)}(?:['’]s?)?(?![\w])", text, re.I) is not None
