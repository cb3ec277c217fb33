"""The participant's side of a workshop: joining a session and publishing each answer to it.

A learner notebook starts with one line, ``join(code="", name="")``. Working alone, the learner
leaves it empty and nothing happens (so nbgrader's autograde and nbval see no output either). In a
live room they type the code the facilitator shows and their name, or a JupyterHub sets
``$COURSE_WORKSHOP`` and ``$COURSE_WORKSHOP_NAME`` (else the hub's ``$JUPYTERHUB_USER`` is the
name). From then on every saved answer is also published to the session's store: joining
subscribes to the exercises' announcements (:mod:`course.answers.events`, a plain record of each
saved answer with its score), leaving unsubscribes. The exercises never call the workshop.
The exercises announce checked answers only (a Check, a single choice, a numeric Save, a code
answer), never drafts; each record carries the learner's first checked answer too, which the store
keeps apart from the latest, so a learner who joins after answering still shows the room their
first try.

Why nothing here may raise: a learner's notebook must keep working whatever happens to the room.
The learner's own ``responses.json`` is written first and stays the record; a failure to reach
the room is one line of text on stdout (stderr would zero an nbgrader grade cell).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..answers import events
from ..answers.events import SavedAnswer
from .store import (
    Published,
    SessionClosed,
    SessionStore,
    normalise_code,
    normalise_name,
    open_store,
)

__all__ = ["join", "leave", "current", "publish", "private", "private_assignment", "CODE_VARIABLE", "NAME_VARIABLE"]

CODE_VARIABLE = "COURSE_WORKSHOP"
NAME_VARIABLE = "COURSE_WORKSHOP_NAME"
HUB_USER_VARIABLE = "JUPYTERHUB_USER"
_NUMBERED = re.compile(r"(\d{2})-")  # assignment folders: 00-orientation, 01-bulk-spam, ...
_SAVED_HERE = "your answers are saved in this notebook's folder as usual"
# Private assignments: a learner's own postmortem (04-postmortem) goes to the instructor only. Its
# notebook has no join cell, and even a kernel that joined anyway publishes none of its exercises
# (their ids carry the prefix) and a notebook in its folder joins nothing.
PRIVATE_EXERCISE_PREFIXES = ("postmortem-",)
PRIVATE_ASSIGNMENT_NUMBERS = ("04",)


@dataclass
class Membership:
    """The session this kernel has joined: where to publish, and as whom."""

    store: SessionStore
    code: str
    name: str

    def publish(self, record: SavedAnswer) -> str | None:
        """Send one saved answer; None when sent, else a one-line reason (the answer is saved anyway)."""
        global _current
        try:
            first_value, first_score = record.first
            self.store.publish(self.code, self.name, Published(
                record.exercise_id, record.value, kind=record.kind, step=record.step, score=record.score),
                first=Published(record.exercise_id, first_value, kind=record.kind, step=record.step,
                                score=first_score))
        except SessionClosed:
            if _current is self:
                _current = None  # later answers need not say it again
                events.unsubscribe(publish)
            return f"Workshop {self.code} has closed: this answer and later ones stay here only."
        except Exception as problem:  # the notebook must keep working whatever the room does
            return f"This answer is saved here but did not reach workshop {self.code}: {_one_line(problem)}"
        return None


_current: Membership | None = None  # the session this kernel has joined, if any


def _another_assignment(folder: str, assignment: str) -> bool:
    """True when the notebook's folder is plainly another assignment than the session's.

    Answers from another assignment's notebook would fill the room's dashboard with questions
    nobody is discussing. Only numbered folders are compared, by number, so a renamed copy
    ("01-bulk-spam copy") still joins and an unnumbered folder is never refused."""
    mine, theirs = _NUMBERED.match(folder), _NUMBERED.match(assignment)
    return bool(mine and theirs and mine.group(1) != theirs.group(1))


def _one_line(problem: object) -> str:
    text = " ".join(str(problem).split()) or type(problem).__name__
    return text if len(text) <= 200 else text[:199] + "…"


def _say(message: str) -> None:
    print(message, flush=True)


def private(exercise_id: str) -> bool:
    """True for an exercise of a private assignment, whose answers never leave the learner's folder."""
    return str(exercise_id).startswith(PRIVATE_EXERCISE_PREFIXES)


def private_assignment(folder: str) -> bool:
    """True for a private assignment's folder (by its number, so a renamed copy is private too)."""
    number = _NUMBERED.match(folder)
    return bool(number and number.group(1) in PRIVATE_ASSIGNMENT_NUMBERS)


def publish(record: SavedAnswer) -> str | None:
    """Send one saved answer to the joined session; None when done or not in a session, else why not.

    Subscribed to :mod:`course.answers.events` while this kernel is in a session. An answer to a
    private assignment's exercise is never sent (:func:`private`), and nothing is said of it."""
    if _current is None or private(record.exercise_id):
        return None
    return _current.publish(record)


def current() -> Membership | None:
    """The session this kernel has joined, or None."""
    return _current


def join(code: str = "", name: str = "", *, store: str | os.PathLike[str] | None = None) -> None:
    """Join a live workshop session, so that each answer also goes to the room's dashboard.

    ``code``: the session code the facilitator shows (empty: ``$COURSE_WORKSHOP``; none at all:
    nothing happens). ``name``: how the room knows you (empty: ``$COURSE_WORKSHOP_NAME``, else
    ``$JUPYTERHUB_USER``). ``store``: the store's folder or database URL (default:
    ``$COURSE_WORKSHOP_STORE``, else ``~/.course-workshops``). Prints one line; returns nothing,
    so the cell shows only that line; never raises for a mistake in the code or the name.
    """
    global _current
    typed_code = "" if code is None else str(code).strip()
    typed_name = "" if name is None else str(name).strip()
    code_text = typed_code or os.environ.get(CODE_VARIABLE, "").strip()
    if not code_text:
        if typed_name:
            _say("⚠ To join a live workshop, type its session code too, like join(code=\"K7QX2M\", "
                 f"name=\"{typed_name}\"). Without one you work on your own, and {_SAVED_HERE}.")
        return None
    if private_assignment(Path.cwd().name):
        _say("This notebook is private: what you write here goes to your instructor only, so it joins no "
             f"workshop, and {_SAVED_HERE}.")
        return None
    name_text = typed_name or os.environ.get(NAME_VARIABLE, "").strip() or os.environ.get(HUB_USER_VARIABLE, "").strip()
    try:
        session_code = normalise_code(code_text)
    except ValueError:
        _say(f"⚠ “{code_text[:40]}” is not a workshop code: codes are letters and digits, like K7QX2M. "
             f"Check it with your facilitator; meanwhile {_SAVED_HERE}.")
        return None
    if not name_text:
        _say(f"⚠ To join workshop {session_code}, type your name between the quotes: "
             f"join(code=\"{session_code}\", name=\"Your name\").")
        return None
    try:
        display_name = normalise_name(name_text)
    except ValueError as problem:
        _say(f"⚠ Could not join workshop {session_code}: {problem}.")
        return None
    try:
        session_store = open_store(store)
        session = session_store.info(session_code)
        here = Path.cwd().name
        if _another_assignment(here, session.assignment):
            _say(f"⚠ Workshop {session_code} is about {session.assignment}, and this notebook is from {here}: "
                 f"open the {session.assignment} notebook to join. Here, {_SAVED_HERE}.")
            return None
        session_store.join(session_code, display_name)
    except SessionClosed:
        _say(f"⚠ Workshop {session_code} is closed, so {_SAVED_HERE} and go nowhere else.")
        return None
    except LookupError:
        _say(f"⚠ There is no workshop {session_code} in {session_store.location}: check the code with your "
             f"facilitator. Meanwhile {_SAVED_HERE}.")
        return None
    except PermissionError as problem:
        _say(f"⚠ Could not join workshop {session_code}: the store refused to write ({_one_line(problem)}). "
             "Tell your facilitator; if someone else in the room has your name, add an initial. "
             f"Meanwhile {_SAVED_HERE}.")
        return None
    except Exception as problem:  # an unreachable store must not stop the notebook
        _say(f"⚠ Could not reach the workshop store ({_one_line(problem)}); {_SAVED_HERE}.")
        return None
    if _current is not None and _current.store is not session_store:
        _current.store.dispose()
    _current = Membership(session_store, session_code, display_name)
    events.subscribe(publish)
    _say(f"✓ Joined workshop {session_code} as {display_name}: your answers also go to the room's dashboard, "
         "where names are hidden unless the facilitator shows them.")
    return None


def leave() -> None:
    """Stop sending answers to the room (they stay in the session, and in your responses.json)."""
    global _current
    if _current is None:
        _say("You are not in a workshop session; your answers are saved here only.")
        return None
    code = _current.code
    _current.store.dispose()
    _current = None
    events.unsubscribe(publish)
    _say(f"✓ Left workshop {code}: your next answers are saved here only; the room keeps the ones it has.")
    return None
