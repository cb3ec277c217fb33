"""The structure checks of a learner's postmortem (assignment 04-postmortem).

The write-up follows the postmortem of Google's SRE book (Beyer et al., *Site Reliability
Engineering*, O'Reilly 2016, ch. 15 "Postmortem Culture: Learning from Failure", and the example
postmortem of its appendix D). These checks read its *form* only: each section written, the
timeline in time order, each action item with an owner and a due date, a root cause that is more
than "human error". Its substance (is the impact complete? is the root cause deep enough?) is the
instructor's to score, against the rubric beside each cell.

Why the write-up is plain Python in the learner's cells (strings, and two small pandas tables),
not markdown: a markdown cell is text in the notebook file, which the learner's kernel cannot read
while it grades, so nothing could check it there; a string or a DataFrame is a value the hidden
tests read from the kernel, and the same cell is still the one the instructor reads and scores by
hand in formgrader. The names a learner fills in (:data:`SECTIONS`): ``incident_summary``,
``impact``, ``timeline`` (columns ``when``, ``what``), ``my_part``, ``why_chain`` (a list of
sentences, one per "why?"), ``went_well``, ``got_lucky``, ``action_items`` (columns ``action``,
``owner``, ``due``; a list of dicts does too), ``written_on``, ``lesson`` and ``share_with``.

Why each check's review is an exception with ``learner_review``: :func:`course.code_checks.run_checks`
shows such an exception's text alone, so a failed check reads as one kind line saying what is
missing and how to fix it, never a traceback or an exception's name.

Why only the standard library and pandas, and no relative import: a hidden test loads this file
afresh from the installed package (as it loads ``code_checks.py``), out of reach of names a
learner's cell can rebind.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["SECTIONS", "Review", "blame_in", "assess_checks", "own_checks", "reflect_checks", "fix_checks", "rebuild_checks",
           "review"]

# each name the learner fills in, with how the review names it
SECTIONS = {
    "incident_summary": "the summary", "impact": "the impact", "timeline": "the timeline",
    "my_part": "your part in it", "why_chain": "the chain of whys", "went_well": "what went well",
    "got_lucky": "where you got lucky", "action_items": "the action items", "written_on": "the date you wrote it",
    "lesson": "the lesson", "share_with": "who you will share it with",
}
MIN_WHYS = 3  # five is a habit, not a rule; fewer than three rarely gets past the first slip
_PLACEHOLDER_OWNERS = {"", "?", "tbd", "tbc", "n/a", "na", "none", "nobody", "someone", "somebody", "anyone", "-"}

CodeCheck = tuple[str, Callable[[], Any]]


class Review(ValueError):
    """A check's finding, worded for the learner: shown as its text alone (``learner_review``)."""

    learner_review = True


def _short(text: Any, size: int = 40) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= size else text[: size - 1] + "…"


# -- what a learner wrote ----------------------------------------------------------------------

def _written(namespace: Mapping[str, Any], name: str) -> str:
    """The section's text, or a Review saying it is missing (and how to fill it)."""
    if name not in namespace:
        raise Review(f"`{name}` is not defined: run the cell where you write {SECTIONS[name]}")
    value = namespace[name]
    if not isinstance(value, str):
        raise Review(f"write {SECTIONS[name]} as text between the triple quotes: {name} = \"\"\"...\"\"\"")
    words = re.findall(r"[^\W_]+", value)
    if len(words) < 2:
        raise Review(f"{SECTIONS[name]} is still empty: write it in `{name}` (a sentence or two is enough)")
    return value


def _table(namespace: Mapping[str, Any], name: str, columns: tuple[str, ...]):
    """The learner's table as a DataFrame with these columns, or a Review naming what is wrong."""
    import pandas as pd

    if name not in namespace:
        raise Review(f"`{name}` is not defined: run the cell where you fill in {SECTIONS[name]}")
    value = namespace[name]
    if isinstance(value, list):  # a list of dicts, or of rows in the columns' order
        try:
            value = pd.DataFrame(value, columns=None if value and isinstance(value[0], dict) else list(columns))
        except (ValueError, TypeError):
            raise Review(f"each row of `{name}` needs {len(columns)} values: {', '.join(columns)}") from None
    if not isinstance(value, pd.DataFrame):
        raise Review(f"`{name}` should be a table: pd.DataFrame([...], columns={list(columns)})")
    missing = [c for c in columns if c not in value.columns]
    if missing:
        raise Review(f"`{name}` has no column {', '.join(repr(c) for c in missing)}: "
                     f"its columns should be {', '.join(repr(c) for c in columns)}")
    return value.reset_index(drop=True)


_WHEN = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*")


def _moment(value: Any) -> _dt.datetime | None:
    """A date and time written as 2026-03-14 09:30 (or a date alone, or a pandas/datetime value).

    Why a date is required, not a time alone: pandas reads "09:30" as today at 09:30, so the
    timeline's order and every due date would change with the day the notebook is run."""
    if isinstance(value, _dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day)
    match = _WHEN.fullmatch(value) if isinstance(value, str) else None
    if not match:
        return None
    try:
        return _dt.datetime(*(int(part) for part in match.groups(default="0")))
    except ValueError:
        return None


_NO_ROWS = ("the timeline has no rows yet: add at least 3, one per moment, like "
            "(\"2026-03-14 09:30\", \"what happened then\")")
_NO_WHYS = "the chain has no whys yet: start with why the mistake reached the person it affected"


def _timeline(namespace: Mapping[str, Any]):
    table = _table(namespace, "timeline", ("when", "what"))
    if table.empty:
        raise Review(_NO_ROWS)
    return table


def _timeline_moments(namespace: Mapping[str, Any]) -> list[_dt.datetime]:
    table = _timeline(namespace)
    moments = []
    for row, value in enumerate(table["when"], start=1):
        moment = _moment(value)
        if moment is None:
            raise Review(f"row {row} of the timeline, when = {_short(value, 25)!r}, does not read as a date "
                         "and time: write it like \"2026-03-14 09:30\"")
        moments.append(moment)
    return moments


# -- blame: "human error" and its close variants ------------------------------------------------

_BLAME = re.compile(
    r"\b(?:human|user|operator|people)[ -]error"
    r"|\bcareless(?:ness|ly)?\b|\bsloppy\b|\bsloppiness\b"
    r"|\b(?:be|being|been|take|taking|was|were)\s+(?:more\s+|extra\s+|too\s+|a\s+bit\s+more\s+)?(?:careful|care)\b"
    r"|\b(?:not|n't|never)\s+(?:paying|pay|paid)\s+(?:enough\s+)?attention\b|\black of (?:care|attention|focus)\b"
    r"|\b(?:my|his|her|their|our|\w+'s)\s+(?:own\s+)?fault\b",
    re.I)
_NEGATORS = {"not", "no", "never", "nor", "isn't", "wasn't", "aren't", "weren't", "isnt", "wasnt", "without"}
_CONTRAST = re.compile(r"\b(?:rather than|instead of|other than|more than|beyond)\s*$", re.I)
_CLAUSE = re.compile(r"[.;:!?,()\u2013\u2014]|\s-\s|\b(?:but|yet|however|though|although|whereas)\b", re.I)


def _negated(before: str) -> bool:
    """Whether the words just before a blame phrase, in its own clause, deny it ("not human error",
    "rather than carelessness"): such a phrase names the easy answer only to set it aside."""
    clause = _CLAUSE.split(before)[-1]
    if _CONTRAST.search(clause):
        return True
    words = re.findall(r"[\w']+", clause.lower().replace("\u2019", "'"))[-5:]
    return any(word in _NEGATORS or word.endswith("n't") for word in words)


def blame_in(text: str) -> str | None:
    """The first phrase in ``text`` that puts the cause in a person ("human error", "user error",
    "I was careless", "carelessness", "be more careful", "my fault", ...), unless its own clause
    denies it ("not human error but no checklist" blames nobody); None when there is none."""
    if not isinstance(text, str):
        return None
    for match in _BLAME.finditer(text):
        if not _negated(text[: match.start()]):
            return match.group(0)
    return None


def _without_denied_blame(text: str) -> str:
    """The text less each denied blame phrase and its denial: what the sentence says the cause *is*."""
    kept, at = [], 0
    for match in _BLAME.finditer(text):
        if not _negated(text[: match.start()]):
            continue  # a blame not denied is the other check's finding
        before = text[at: match.start()]
        clause = _CLAUSE.split(before)[-1]
        kept.append(before[: len(before) - len(clause)])
        at = match.end()
    kept.append(text[at:])
    return "".join(kept)


# -- the checks of each part ------------------------------------------------------------------

def _check(description: str, body: Callable[[], Any]) -> CodeCheck:
    def run() -> bool:
        body()
        return True

    return description, run


def assess_checks(namespace: Mapping[str, Any]) -> list[CodeCheck]:
    """Summary and impact written; the timeline a table of at least three dated rows, in time order."""

    def enough_rows():
        table = _timeline(namespace)
        if len(table) < 3:
            raise Review(f"the timeline has {len(table)} row{'s' * (len(table) != 1)}: add at least 3 "
                         "(when it started, when it was noticed, when it was resolved)")

    def each_what():
        table = _timeline(namespace)
        for row, what in enumerate(table["what"], start=1):
            if not isinstance(what, str) or len(what.split()) < 2:
                raise Review(f"row {row} of the timeline says nothing in `what`: write what happened then")

    def in_order():
        moments = _timeline_moments(namespace)
        for row in range(1, len(moments)):
            if moments[row] < moments[row - 1]:
                raise Review(f"row {row + 1} of the timeline ({moments[row]:%Y-%m-%d %H:%M}) comes before row "
                             f"{row} ({moments[row - 1]:%Y-%m-%d %H:%M}): put the rows in the order things happened")

    return [
        _check("the summary is written", lambda: _written(namespace, "incident_summary")),
        _check("the impact is written", lambda: _written(namespace, "impact")),
        _check("the timeline has at least 3 rows", enough_rows),
        _check("each row says what happened", each_what),
        _check("each row's time reads as a date and time", lambda: _timeline_moments(namespace)),
        _check("the timeline is in time order", in_order),
    ]


def own_checks(namespace: Mapping[str, Any]) -> list[CodeCheck]:
    """Your part written, in the first person: a blameless postmortem names no one else's failing,
    and owning starts with "I"."""

    def first_person():
        text = _written(namespace, "my_part")
        if not re.search(r"\b(?:I|I'm|I've|I'd|my|me|mine)\b", text.replace("\u2019", "'")):
            raise Review("your part is not in the first person: say what *you* did or missed, with \"I\"")

    return [
        _check("your part is written", lambda: _written(namespace, "my_part")),
        _check("your part is in the first person", first_person),
    ]


def reflect_checks(namespace: Mapping[str, Any]) -> list[CodeCheck]:
    """A chain of at least three whys, each written, whose last is a cause to act on, not a person's
    failing; and what went well and where you got lucky, written."""

    def chain() -> list[str]:
        if "why_chain" not in namespace:
            raise Review("`why_chain` is not defined: run the cell where you write your chain of whys")
        value = namespace["why_chain"]
        if isinstance(value, str) or not isinstance(value, (list, tuple)):
            raise Review('write the chain as a list, one sentence per why: why_chain = ["...", "...", "..."]')
        return list(value)

    def enough():
        whys = chain()
        if not whys:
            raise Review(_NO_WHYS)
        if len(whys) < MIN_WHYS:
            raise Review(f"the chain has {len(whys)} why{'s' * (len(whys) != 1)}: ask \"why?\" of the last one "
                         f"until you have at least {MIN_WHYS}")

    def each_written():
        if not chain():
            raise Review(_NO_WHYS)
        for number, why in enumerate(chain(), start=1):
            if not isinstance(why, str) or len(why.split()) < 3:
                raise Review(f"why {number} of the chain is empty or a word or two: write it as a sentence")

    def last() -> str:
        whys = chain()
        if not whys:
            raise Review(_NO_WHYS)
        if not isinstance(whys[-1], str):
            raise Review("the chain's last why is not a sentence: end it at a cause you can change")
        return whys[-1]

    def no_blame():
        found = blame_in(last())
        if found:
            raise Review(f"your last why ends at a person (\"{_short(found)}\"): ask why once more, until you reach "
                         "a step, tool or habit you can change")

    def names_a_cause():
        if len(_without_denied_blame(last()).split()) < 2:
            raise Review("your last why says what the cause was not: say what it was, a step, tool or habit "
                         "you can change")

    return [
        _check(f"the chain has at least {MIN_WHYS} whys", enough),
        _check("each why is a sentence", each_written),
        _check("the last why is not \"human error\" or carelessness", no_blame),
        _check("the last why names a cause", names_a_cause),
        _check("what went well is written", lambda: _written(namespace, "went_well")),
        _check("where you got lucky is written", lambda: _written(namespace, "got_lucky")),
    ]


def _written_on(namespace: Mapping[str, Any]) -> _dt.date:
    value = namespace.get("written_on")
    if value is None or (isinstance(value, str) and not value.strip()):
        raise Review("`written_on` is empty: write the day you write this, like \"2026-03-20\"")
    moment = _moment(value)
    if moment is None:
        raise Review(f"`written_on` = {_short(value, 25)!r} is not a date: write the day you write this, "
                     "like \"2026-03-20\"")
    return moment.date()


def fix_checks(namespace: Mapping[str, Any]) -> list[CodeCheck]:
    """At least one action item; each with the action, an owner and a due date still ahead.

    The rule for "still ahead", and why it never reads today's date: the instructor grades weeks
    after the learner writes, and a check against the day it runs would fail a plan that was on
    time when written (and nbgrader would score it differently on different days). So a due date
    is ahead when it is *after the day of the incident's last timeline entry* (a follow-up, not
    something done during the incident) and *not before ``written_on``*, the day the write-up
    records as written (you cannot plan into the past); ``written_on`` itself must not be before the
    incident's last entry. Every date is one the learner wrote, so the verdict is the same the
    day they write it, the day it is graded, and at any later re-grade."""

    def items():
        table = _table(namespace, "action_items", ("action", "owner", "due"))
        if table.empty:
            raise Review("there are no action items yet: add at least one row (action, owner, due)")
        return table

    def each_action():
        for row, action in enumerate(items()["action"], start=1):
            if not isinstance(action, str) or len(action.split()) < 2:
                raise Review(f"action item {row} says no action: write what will be done")

    def each_owner():
        for row, (action, owner) in enumerate(zip(items()["action"], items()["owner"]), start=1):
            if not isinstance(owner, str) or owner.strip().lower() in _PLACEHOLDER_OWNERS:
                raise Review(f"action item {row} ({_short(action, 30)!r}) has no owner: write who will do it "
                             "(\"me\" is fine)")

    def due_dates() -> list[_dt.date]:
        dates = []
        for row, (action, due) in enumerate(zip(items()["action"], items()["due"]), start=1):
            moment = _moment(due)
            if moment is None:
                raise Review(f"action item {row} ({_short(action, 30)!r}) has no due date: write one like "
                             "\"2026-04-01\"")
            dates.append(moment.date())
        return dates

    def written_after_incident():
        written = _written_on(namespace)
        incident_end = _incident_end()
        if written < incident_end:
            raise Review(f"`written_on` ({written}) is before the incident's last timeline entry ({incident_end}): "
                         "write the day you write this")

    def _incident_end() -> _dt.date:
        try:
            return max(_timeline_moments(namespace)).date()
        except ValueError:  # an empty timeline
            raise Review("the timeline has no dated rows yet, so no due date can be checked against it") from None

    def ahead():
        written, incident_end = _written_on(namespace), _incident_end()
        for row, (action, due) in enumerate(zip(items()["action"], due_dates()), start=1):
            if due <= incident_end or due < written:
                limit = max(written, incident_end + _dt.timedelta(days=1))
                raise Review(f"action item {row} ({_short(action, 30)!r}) is due {due}, which has passed: "
                             f"give it a date from {limit} on")

    return [
        _check("the write-up is dated", lambda: _written_on(namespace)),
        _check("it is dated after the incident", written_after_incident),
        _check("there is at least one action item", items),
        _check("each action item says what will be done", each_action),
        _check("each action item has an owner", each_owner),
        _check("each action item has a due date", due_dates),
        _check("each due date is still ahead", ahead),
    ]


def rebuild_checks(namespace: Mapping[str, Any]) -> list[CodeCheck]:
    """The lesson written, and more than "be more careful"; who you will share it with, written."""

    def lesson_acts():
        found = blame_in(_written(namespace, "lesson"))
        if found:
            raise Review(f"your lesson rests on \"{_short(found)}\": say what you will do differently (a step, a "
                         "tool, a habit with a trigger)")

    return [
        _check("the lesson is written", lambda: _written(namespace, "lesson")),
        _check("the lesson is more than \"be more careful\"", lesson_acts),
        _check("who you will share it with is written", lambda: _written(namespace, "share_with")),
    ]


def review(namespace: Mapping[str, Any]) -> list[str]:
    """Every review of the whole write-up, one line each (empty when every check passes)."""
    found = []
    for checks in (assess_checks, own_checks, reflect_checks, fix_checks, rebuild_checks):
        for description, run in checks(namespace):
            try:
                run()
            except Review as problem:
                text = str(problem)
            except Exception as problem:  # noqa: BLE001 - an odd value is a finding, never a traceback
                text = f"{description}: not yet ({type(problem).__name__}: {_short(problem, 80)})"
            else:
                continue
            if text not in found:
                found.append(text)
    return found
