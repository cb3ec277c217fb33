"""``course workshop``: run a live workshop session (create, tally, dashboard, close, export, list).

Each subcommand is a function with keyword-only arguments; ``store`` is the session store (a
folder or a database URL; None: ``$COURSE_WORKSHOP_STORE``, else ``~/.course-workshops``). Why
the errors are translated here: a facilitator in front of a room needs one line, not a traceback,
for a wrong code, a closed session or a store the machine cannot reach, whichever backend raised it.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from pathlib import Path

from ..layout import CourseNotFound, find_root
from . import CommandError

__all__ = ["close", "create", "dashboard", "export", "list_sessions", "tally"]


def _one_line_errors(command):
    """A wrong code, a closed session or an unreachable store becomes a :class:`CommandError`."""

    @functools.wraps(command)
    def run(**kwargs) -> int:
        try:
            return command(**kwargs)
        except BrokenPipeError:  # the output went into `head`, which had enough: not a store problem
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
        except (CommandError, CourseNotFound):
            raise
        except LookupError as problem:  # an unknown session code
            raise CommandError(f"{str(problem).strip(chr(34) + chr(39))}; "
                               "`course workshop list` shows the sessions") from None
        except ValueError as problem:  # a malformed or taken code, a closed session, an unknown assignment
            raise CommandError(str(problem)) from None
        except Exception as problem:  # noqa: BLE001 - the store's own errors vary by backend
            if isinstance(problem, OSError) or type(problem).__module__.startswith("sqlalchemy"):
                first = str(problem).strip().splitlines()[0] if str(problem).strip() else type(problem).__name__
                raise CommandError(f"cannot reach the workshop store {kwargs.get('store') or '(default)'}: "
                                   f"{first}") from None
            raise

    return run


def _sessions(store: str | None):
    from ..workshop.store import open_store

    return open_store(store)


def _catalogue(assignment: str, root) -> list:
    """The assignment's exercises, or none where this is not run inside the course (exports still work)."""
    from ..workshop.catalogue import CatalogueError, load

    try:
        return load(assignment, root=find_root(root))
    except (CourseNotFound, CatalogueError):
        return []


@_one_line_errors
def create(*, assignment: str, code: str | None = None, title: str | None = None, store: str | None = None,
           root: str | os.PathLike[str] | None = None) -> int:
    """Create a session for one of the course's assignments; print its code and the join line."""
    from ..layout import CourseLayout

    from ..workshop.participant import private_assignment

    CourseLayout.of(root).check_assignment(assignment)
    if private_assignment(assignment):
        raise CommandError(f"{assignment} is private: each learner's write-up goes to their instructor only, "
                           "so it has no workshop session")
    info = _sessions(store).create(assignment, code=code, title=title or "")
    store = store or ""
    print(f"Workshop session {info.code} created for {info.assignment}"
          + (f" ({info.title})" if info.title else "") + ".")
    print("Participants join with this line at the top of their notebook:")
    print(f'    from course.workshop import join; join(code="{info.code}", name="<your name>")')
    print(f"or with COURSE_WORKSHOP={info.code} set in their environment"
          + (f", and COURSE_WORKSHOP_STORE={store} so their kernels reach this store." if store else "."))
    print(f"Dashboard: course workshop dashboard {info.code}{' --store ' + store if store else ''}"
          f"   Live tally: course workshop tally {info.code}{' --store ' + store if store else ''}")
    return 0


@_one_line_errors
def tally(*, code: str, every: float = 3.0, once: bool = False, names: bool = False, latest: bool = False,
          store: str | None = None, root: str | os.PathLike[str] | None = None) -> int:
    """Print the room's tally; while the session is open (and not ``once``), redraw it as answers arrive.

    It counts each participant's first try at each exercise, or with ``latest`` their latest answer.

    Checks every ``every`` seconds and redraws only when something changed; Ctrl+C stops watching
    (the session stays open); a session closed meanwhile gets its final tally, then this returns."""
    from ..workshop import tally as tallies

    sessions = _sessions(store)
    info = sessions.info(code)
    catalogue = _catalogue(info.assignment, root)
    live = not once and not info.closed
    seen = None
    printed = False
    clear = sys.stdout.isatty()
    try:
        while True:
            info = sessions.info(code)
            participants = sessions.participants(code)
            now = (info.closed, tallies.fingerprint(participants))
            if now != seen:
                seen = now
                text = tallies.text(tallies.build(info.code, participants, catalogue,
                                                        tries="latest" if latest else "first"), info, names=names)
                if clear and live:
                    print("\x1b[H\x1b[2J", end="")  # redraw in place, like top
                elif printed:
                    print("-" * 40)
                print(text)
                printed = True
                if live:
                    print(f"\n(updated {time.strftime('%H:%M:%S')}; checks every {every:g} s; Ctrl+C to stop)",
                          flush=True)
            if not live or info.closed:
                if live:
                    print(f"Workshop {info.code} is closed: this is its final tally.")
                return 0
            time.sleep(every)
    except KeyboardInterrupt:
        print("\nStopped the live tally (the session stays open).")
        return 0


def _write_csv(sessions, info, csv: str | None, root) -> str:
    from ..workshop import tally as tallies

    t = tallies.build(info.code, sessions.participants(info.code), _catalogue(info.assignment, root))
    path = Path(csv or f"workshop-{info.code}.csv")
    rows = t.export_rows()
    try:
        rows.to_csv(path, index=False)
    except OSError as problem:
        raise CommandError(f"cannot write {path}: {problem.strerror or problem}") from None
    return f"{len(rows)} answer(s) from {t.present} participant(s) written to {path}"


@_one_line_errors
def close(*, code: str, csv: str | None = None, store: str | None = None,
          root: str | os.PathLike[str] | None = None) -> int:
    """Close a session (no more joins or answers) and export its answers (default: workshop-CODE.csv here)."""
    sessions = _sessions(store)
    info = sessions.info(code)
    if info.closed:
        raise CommandError(f"workshop {info.code} was already closed at {info.closed}; "
                           f"`course workshop export {info.code}` exports its answers again")
    info = sessions.close(code)
    print(f"Closed workshop {info.code}: no more answers are taken. {_write_csv(sessions, info, csv, root)}.")
    return 0


@_one_line_errors
def export(*, code: str, csv: str | None = None, store: str | None = None,
           root: str | os.PathLike[str] | None = None) -> int:
    """Export a session's answers: one row per participant per exercise (default: workshop-CODE.csv here)."""
    sessions = _sessions(store)
    info = sessions.info(code)
    print(f"Workshop {info.code}: {_write_csv(sessions, info, csv, root)}.")
    return 0


@_one_line_errors
def list_sessions(*, store: str | None = None) -> int:
    """List the sessions in the store, newest first."""
    sessions = _sessions(store)
    found = sessions.sessions()
    if not found:
        print(f"No workshop sessions in {sessions.location} yet: `course workshop create ASSIGNMENT` makes one.")
        return 0
    print(f"{'code':<10} {'assignment':<28} {'state':<7} {'people':>6}  {'created':<20} title")
    for info in found:
        people = len(sessions.participants(info.code))
        print(f"{info.code:<10} {info.assignment:<28} {'closed' if info.closed else 'open':<7} {people:>6}  "
              f"{info.created[:19]:<20} {info.title}")
    return 0


@_one_line_errors
def dashboard(*, code: str, voila: bool = False, port: int | None = None, open_browser: bool | None = None,
              drill: bool = False, minutes: float | None = None,
              store: str | None = None, root: str | os.PathLike[str] | None = None) -> int:
    """Serve the facilitator's dashboard of a session (JupyterLab, or a Voilà page) until Ctrl+C.

    ``drill`` opens it as a drill of the case's decisions, ``minutes`` on the clock per decision."""
    from ..workshop.dashboard import serve

    if minutes is not None and not minutes > 0:
        raise CommandError(f"--minutes is the time per decision, more than 0, not {minutes:g}")
    info = _sessions(store).info(code)  # a wrong code or an unreachable store fails here, in one line
    if info.closed:
        print(f"Workshop {info.code} is closed: the dashboard shows its final answers.")
    try:
        course = find_root(root)
    except CourseNotFound:
        course = None
    return serve(code=info.code, store=store, root=course, voila=voila, port=port, open_browser=open_browser,
                 drill=drill, minutes=minutes)
