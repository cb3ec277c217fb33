"""The workshop session store: where a live room's answers meet.

Why a store of its own and not the learners' ``responses.json``: those files sit in each learner's
home, where the facilitator cannot read them while the session runs. Each participant's kernel
publishes every answer here as well, and the facilitator's dashboard reads the whole room.

Two backends, one behaviour (both are tested against the same rules):

- :class:`DirectoryStore`, a folder every kernel can reach (a JupyterHub's shared filesystem, or a
  synced folder). ``<root>/<CODE>/session.json`` describes the session, and each participant has
  one file, ``<root>/<CODE>/participants/<id>.json``, so participants never write to the same file.
  One participant's two notebooks (two kernels) do, so each file has its own lock, and every
  write is an atomic replace: the dashboard reads without locks and never sees half a file.
- :class:`SqlStore`, a SQLAlchemy URL (SQLite, PostgreSQL) for larger rooms or several servers:
  three tables, and upserts that do the merge inside the database, so concurrent writers need no
  lock of ours. SQLAlchemy is imported only when a URL is used, so ``import course`` stays quick.

The rules: a participant is one (session code, name) pair, the name compared case- and
space-insensitively, so rejoining, joining late, a second notebook or a changed answer never
counts anyone twice; for each exercise the answer with the latest time wins, and the store counts
the attempts; beside it the store keeps the participant's first try (their first checked answer,
which every answer published carries), written once and never replaced, so the facilitator can
show what the room knew before the feedback taught it; a closed session refuses new participants and answers (:class:`SessionClosed`); and
reading the room never fails on one damaged participant file: it is skipped with a one-line
message.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import secrets
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..responses import file_lock, valid_exercise_id, write_json_atomically

__all__ = [
    "CODE_ALPHABET",
    "STORE_VARIABLE",
    "DirectoryStore",
    "Participant",
    "Published",
    "SessionClosed",
    "SessionInfo",
    "SessionStore",
    "SqlStore",
    "StoreUnavailable",
    "default_location",
    "new_code",
    "normalise_code",
    "normalise_name",
    "open_store",
    "participant_id",
]

STORE_VARIABLE = "COURSE_WORKSHOP_STORE"
DEFAULT_FOLDER = ".course-workshops"
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read off a projector, typed by a room
CODE_LENGTH = 6
SCHEMA_VERSION = 1
MAX_NAME = 60
MAX_TEXT = 200  # assignment names, titles, exercise ids
MAX_VALUE_BYTES = 100_000  # the longest drafted message is a few KB
LOCK_TIMEOUT = 10.0  # seconds; a participant's other kernel holds the lock for a millisecond or two
BUSY_TIMEOUT = 60.0  # seconds SQLite waits for another writer before it would say "database is locked"
_CODE_PATTERN = re.compile(r"[A-Z0-9-]{3,32}")
_WORD_PATTERN = re.compile(r"[a-z0-9_-]{0,40}")  # kinds and rubric steps
_PARTICIPANT_FILE = re.compile(r"[0-9a-f]{16}\.json")


class SessionClosed(ValueError):
    """The session was closed by its facilitator: it takes no new participants or answers."""


class StoreUnavailable(OSError):
    """The store cannot be reached or read (a database that does not answer, a damaged session file)."""


@dataclass(frozen=True)
class SessionInfo:
    """One workshop session: what the room works on, and whether it still takes answers."""

    code: str
    assignment: str
    title: str
    created: str
    closed: str | None = None

    @property
    def is_open(self) -> bool:
        return self.closed is None


@dataclass(frozen=True)
class Published:
    """One answer as the room sees it: the normalised value, and what the dashboard needs to chart it."""

    exercise_id: str
    value: Any
    time: str = ""  # ISO 8601; empty: the store stamps it
    attempts: int = 0  # counted by the store; what a publisher passes is ignored
    kind: str = ""
    step: str = ""
    score: float | None = None


@dataclass(frozen=True)
class Participant:
    """One person in the room, once, with the latest answer to each exercise and their first try at it.

    ``first_answers`` holds each exercise's first checked answer as the participant's notebook
    recorded it (empty for answers stored before first tries were kept)."""

    participant_id: str
    name: str
    joined: str
    seen: str
    answers: dict[str, Published] = field(default_factory=dict)
    first_answers: dict[str, Published] = field(default_factory=dict)


# -- the rules every backend shares ------------------------------------------------------------

def normalise_code(code: object) -> str:
    """A session code as stored: trimmed and upper case; ValueError when it cannot be one."""
    text = str(code if code is not None else "").strip().upper()
    if not _CODE_PATTERN.fullmatch(text):
        raise ValueError(f"{text[:40]!r} is not a workshop session code: codes are 3 to 32 letters, digits "
                         "or '-', like K7QX2M")
    return text


def normalise_name(name: object) -> str:
    """A display name as shown: Unicode-normalised, runs of spaces made one; ValueError if unusable."""
    text = " ".join(unicodedata.normalize("NFC", str(name if name is not None else "")).split())
    if not text:
        raise ValueError("the name is empty: type the name the room knows you by")
    if len(text) > MAX_NAME:
        raise ValueError(f"the name is {len(text)} characters long; please keep it to {MAX_NAME}")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") for ch in text):
        raise ValueError("the name holds control characters; please type it again")
    return text


def participant_id(code: str, name: str) -> str:
    """A participant's stable id: from the session code and the name, ignoring case, width and spacing.

    "Sam", " sam " and "SAM" are one participant; the same name in another session is another id,
    so ids do not link one person across sessions."""
    key = unicodedata.normalize("NFKC", normalise_name(name)).casefold()
    return hashlib.sha256(f"{normalise_code(code)}\n{key}".encode()).hexdigest()[:16]


def new_code() -> str:
    """A fresh random session code, easy to read aloud and to type."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def default_location() -> str | Path:
    """``$COURSE_WORKSHOP_STORE`` (a folder or a database URL), else ``~/.course-workshops``."""
    return os.environ.get(STORE_VARIABLE, "").strip() or Path.home() / DEFAULT_FOLDER


def open_store(location: str | os.PathLike[str] | None = None, *,
               warn: Callable[[str], None] | None = None) -> SessionStore:
    """The store at ``location``: a SQLAlchemy URL (it holds ``://``) or a folder; None: the default.

    Nothing is created or connected until the store is used."""
    text = str(os.fspath(location)).strip() if location is not None else ""
    if not text:
        text = str(default_location())
    if "://" in text:
        return SqlStore(text, warn=warn)
    return DirectoryStore(text, warn=warn)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _iso(value: object) -> str:
    """A time in one comparable form (UTC, microseconds), so the latest answer is found by comparing text."""
    if not isinstance(value, str) or not value:
        raise ValueError(f"{value!r} is not an ISO 8601 time")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value[:40]!r} is not an ISO 8601 time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def _text(value: object, what: str, *, empty: bool = False) -> str:
    if not isinstance(value, str):
        raise ValueError(f"the {what} must be text, not {type(value).__name__}")
    text = value.strip()
    if not text and not empty:
        raise ValueError(f"the {what} is empty")
    if len(text) > MAX_TEXT or any(unicodedata.category(ch) == "Cc" for ch in text):
        raise ValueError(f"the {what} must be one line of at most {MAX_TEXT} characters")
    return text


def _value_json(value: Any) -> str:
    """An answer as canonical JSON text (the SQL backend stores it; both compare with it)."""
    try:
        text = json.dumps(value, sort_keys=True, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"the answer cannot be stored as JSON: {exc}") from None
    if len(text.encode()) > MAX_VALUE_BYTES:
        raise ValueError(f"the answer is {len(text.encode()):,} bytes; answers are at most {MAX_VALUE_BYTES:,}")
    return text


def _check_answer(answer: Published) -> Published:
    """The answer validated and put in stored form (time normalised or stamped now)."""
    if not isinstance(answer, Published):
        raise ValueError(f"publish() takes a Published answer, not {type(answer).__name__}")
    if not valid_exercise_id(answer.exercise_id) or len(answer.exercise_id) > MAX_TEXT:
        raise ValueError(f"exercise id {str(answer.exercise_id)[:40]!r} must be letters, digits, '_' and '-'")
    _value_json(answer.value)
    for what, word in (("kind", answer.kind), ("step", answer.step)):
        if not isinstance(word, str) or not _WORD_PATTERN.fullmatch(word):
            raise ValueError(f"the {what} {str(word)[:40]!r} must be a short lower-case word")
    score = answer.score
    if score is not None:
        if isinstance(score, bool) or not isinstance(score, (int, float)) or not math.isfinite(score) \
                or not 0.0 <= score <= 1.0:
            raise ValueError(f"the score {score!r} must be a fraction from 0 to 1, or None")
        score = float(score)
    return replace(answer, time=_iso(answer.time) if answer.time else _now(), attempts=0, score=score)


def _merge(previous: dict | None, incoming: Published) -> dict:
    """One exercise's stored entry after an answer arrives: the later answer wins, every new one counts.

    Publishing the same answer twice (same time, same value: a retry) counts once."""
    entry = {"value": incoming.value, "time": incoming.time, "kind": incoming.kind, "step": incoming.step,
             "score": incoming.score}
    if previous is None:
        return {**entry, "attempts": 1}
    repeat = previous["time"] == incoming.time and _value_json(previous["value"]) == _value_json(incoming.value)
    attempts = previous["attempts"] + (0 if repeat else 1)
    if incoming.time >= previous["time"]:
        return {**entry, "attempts": attempts}
    return {**previous, "attempts": attempts}  # an older answer from a slower kernel: counted, not shown


def _say(message: str) -> None:
    print(f"⚠ {message}", flush=True)  # stdout: in a notebook, stderr would look like a crash


class _CodeTaken(Exception):
    """create(): a session with this code exists already."""


class _Unreadable(Exception):
    """A stored record that cannot be trusted; the message says why."""


# -- the interface ------------------------------------------------------------------------------

class SessionStore(ABC):
    """Sessions and their participants' latest answers. Public methods check their input, then the
    backend does the storing; both backends follow the same rules (see the module's docstring)."""

    location: str  # for messages; a database URL is shown without its password

    def __init__(self, *, warn: Callable[[str], None] | None = None):
        self._warn = warn or _say
        self._warned: set[str] = set()

    def _note(self, message: str) -> None:
        """Say something once per store (a dashboard that re-reads every few seconds says it once)."""
        if message not in self._warned:
            self._warned.add(message)
            self._warn(message)

    def create(self, assignment: str, *, code: str | None = None, title: str = "") -> SessionInfo:
        """A new open session; ``code`` None draws a fresh one. An existing code: ValueError."""
        assignment = _text(assignment, "assignment")
        title = _text(title, "title", empty=True)
        if code is not None:
            code = normalise_code(code)
            try:
                return self._create(SessionInfo(code, assignment, title, _now()))
            except _CodeTaken:
                raise ValueError(f"workshop session {code!r} already exists in {self.location}") from None
        for _ in range(100):
            try:
                return self._create(SessionInfo(new_code(), assignment, title, _now()))
            except _CodeTaken:
                continue
        raise StoreUnavailable(f"no free session code found in {self.location}")  # 887 million codes

    def info(self, code: str) -> SessionInfo:
        """The session; LookupError if there is none with this code."""
        return self._info(normalise_code(code))

    def sessions(self) -> list[SessionInfo]:
        """Every readable session, newest first."""
        return sorted(self._sessions(), key=lambda s: (s.created, s.code), reverse=True)

    def close(self, code: str) -> SessionInfo:
        """Stop taking answers (the answers stay). Closing a closed session changes nothing."""
        return self._close(normalise_code(code), _now())

    def join(self, code: str, name: str) -> Participant:
        """Register presence (no answer needed); a returning name is the same participant."""
        code, name = normalise_code(code), normalise_name(name)
        return self._join(code, participant_id(code, name), name, _now())

    def publish(self, code: str, name: str, answer: Published, *, first: Published | None = None) -> Published:
        """Store one answer (joining if need be); returns the exercise's entry as stored afterwards.

        ``first``: the participant's first try at the same exercise (their first checked answer),
        kept only where the store has none for them yet; None: ``answer`` is the first try where
        none is stored (a publisher from before first tries)."""
        code, name = normalise_code(code), normalise_name(name)
        answer = _check_answer(answer)
        if first is None:
            first = answer
        else:
            if first.exercise_id != answer.exercise_id:
                raise ValueError(f"the first try is of {first.exercise_id!r}, the answer of {answer.exercise_id!r}")
            first = _check_answer(replace(first, time=first.time or answer.time))
        return self._publish(code, participant_id(code, name), name, answer, _now(), first)

    def participants(self, code: str) -> list[Participant]:
        """Everyone in the session, each once with the latest answers, in the order they joined."""
        people = self._participants(normalise_code(code))
        return sorted(people, key=lambda p: (p.joined, p.participant_id))

    def dispose(self) -> None:
        """Let go of connections (a database store); the store can still be used afterwards."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.location!r})"

    @staticmethod
    def _refuse_closed(session: SessionInfo) -> None:
        if session.closed is not None:
            raise SessionClosed(f"workshop session {session.code} was closed at {session.closed[:16].replace('T', ' ')}"
                                " UTC; it takes no more participants or answers")

    @abstractmethod
    def _create(self, session: SessionInfo) -> SessionInfo: ...

    @abstractmethod
    def _info(self, code: str) -> SessionInfo: ...

    @abstractmethod
    def _sessions(self) -> list[SessionInfo]: ...

    @abstractmethod
    def _close(self, code: str, now: str) -> SessionInfo: ...

    @abstractmethod
    def _join(self, code: str, pid: str, name: str, now: str) -> Participant: ...

    @abstractmethod
    def _publish(self, code: str, pid: str, name: str, answer: Published, now: str,
                 first: Published) -> Published: ...

    @abstractmethod
    def _participants(self, code: str) -> list[Participant]: ...


def _session_from(raw: object, code: str) -> SessionInfo:
    if not isinstance(raw, dict) or raw.get("schema") != SCHEMA_VERSION:
        raise _Unreadable("it is not a session record of this course version")
    try:
        session = SessionInfo(code=raw["code"], assignment=raw["assignment"], title=raw.get("title", ""),
                              created=raw["created"], closed=raw.get("closed"))
    except KeyError as missing:
        raise _Unreadable(f"it has no {missing}") from None
    if session.code != code or not all(isinstance(v, str) for v in (session.assignment, session.title,
                                                                       session.created)) \
            or not isinstance(session.closed, (str, type(None))):
        raise _Unreadable("its fields do not fit")
    return session


def _first_entry(first: Published) -> dict:
    """A first try as stored: written once, never merged."""
    return {"value": first.value, "time": first.time, "kind": first.kind, "step": first.step,
            "score": first.score, "attempts": 1}


def _published_from(exercise_id: str, entry: object) -> Published:
    if not (valid_exercise_id(exercise_id) and isinstance(entry, dict) and "value" in entry
            and isinstance(entry.get("time"), str) and isinstance(entry.get("attempts"), int)):
        raise _Unreadable(exercise_id)
    score = entry.get("score")
    return Published(exercise_id, entry["value"], entry["time"], entry["attempts"], str(entry.get("kind", "")),
                     str(entry.get("step", "")), float(score) if isinstance(score, (int, float)) else None)


# -- a shared folder ----------------------------------------------------------------------------

class DirectoryStore(SessionStore):
    """Sessions in a folder: ``<root>/<CODE>/session.json`` and one file per participant.

    On a JupyterHub, make ``<root>`` writable by every participant (``chmod 1777``, or group-writable
    with the setgid bit); each session's folders copy the root's permissions."""

    def __init__(self, root: str | os.PathLike[str], *, warn: Callable[[str], None] | None = None):
        super().__init__(warn=warn)
        self.root = Path(root).expanduser()
        self.location = str(self.root)

    def _folder(self, code: str) -> Path:
        return self.root / code

    def _participant_file(self, code: str, pid: str) -> Path:
        return self.root / code / "participants" / f"{pid}.json"

    def _mkdir_shared(self, path: Path) -> None:
        """Make a folder (FileExistsError if it exists) as writable as the root, for other users' kernels."""
        path.mkdir()
        mode = self.root.stat().st_mode & 0o7777
        if mode & 0o022:  # the root is shared: its group or everyone may write
            os.chmod(path, mode)

    # sessions

    def _create(self, session: SessionInfo) -> SessionInfo:
        self.root.mkdir(parents=True, exist_ok=True)
        folder = self._folder(session.code)
        try:
            self._mkdir_shared(folder)  # atomic: of two facilitators choosing one code, one gets it
        except FileExistsError:
            raise _CodeTaken() from None
        try:
            self._mkdir_shared(folder / "participants")
            self._write_session(session)
        except BaseException:
            for leftover in (folder / "session.json", folder / "participants", folder):
                try:
                    leftover.rmdir() if leftover.is_dir() else leftover.unlink()
                except OSError:
                    pass
            raise
        return session

    def _write_session(self, session: SessionInfo) -> None:
        write_json_atomically(self._folder(session.code) / "session.json",
                              {"schema": SCHEMA_VERSION, "code": session.code, "assignment": session.assignment,
                               "title": session.title, "created": session.created, "closed": session.closed})

    def _info(self, code: str) -> SessionInfo:
        path = self._folder(code) / "session.json"
        try:
            text = path.read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            raise LookupError(f"no workshop session {code!r} in {self.location}") from None
        try:
            return _session_from(json.loads(text), code)
        except (ValueError, _Unreadable) as problem:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
            raise StoreUnavailable(f"workshop session file {path} cannot be read: {problem}") from None

    def _sessions(self) -> list[SessionInfo]:
        try:
            folders = sorted(p for p in self.root.iterdir() if _CODE_PATTERN.fullmatch(p.name))
        except (FileNotFoundError, NotADirectoryError):
            return []
        found = []
        for folder in folders:
            if not (folder / "session.json").is_file():
                continue  # being created this very moment, or not a session
            try:
                found.append(self._info(folder.name))
            except (LookupError, StoreUnavailable) as problem:
                self._note(f"skipped session {folder.name}: {problem}")
        return found

    def _close(self, code: str, now: str) -> SessionInfo:
        path = self._folder(code) / "session.json"
        self._info(code)  # LookupError before a lock file is made in a folder that does not exist
        with file_lock(path, LOCK_TIMEOUT):
            session = self._info(code)
            if session.closed is None:
                session = replace(session, closed=now)
                self._write_session(session)
        return session

    # participants

    def _join(self, code: str, pid: str, name: str, now: str) -> Participant:
        return self._update(code, pid, name, now, None)[0]

    def _publish(self, code: str, pid: str, name: str, answer: Published, now: str,
                 first: Published) -> Published:
        return self._update(code, pid, name, now, answer, first)[1]

    def _update(self, code: str, pid: str, name: str, now: str, answer: Published | None,
                first: Published | None = None) -> tuple[Participant, Published | None]:
        """Read, change and atomically replace one participant's file under its lock."""
        self._refuse_closed(self._info(code))
        path = self._participant_file(code, pid)
        with file_lock(path, LOCK_TIMEOUT):
            raw = self._read_for_update(path, code, pid)
            raw["name"] = name
            raw["joined"] = min(raw.get("joined") or now, now)
            raw["seen"] = max(raw.get("seen") or now, now, answer.time if answer else now)
            stored = None
            if answer is not None:
                entries = raw["answers"]
                previous = entries.get(answer.exercise_id)
                try:
                    previous is None or _published_from(answer.exercise_id, previous)
                except _Unreadable:
                    previous = None  # a hand-damaged entry: the new answer replaces it
                entries[answer.exercise_id] = _merge(previous, answer)
                stored = _published_from(answer.exercise_id, entries[answer.exercise_id])
                firsts = raw.get("first") if isinstance(raw.get("first"), dict) else {}
                try:
                    kept = _published_from(answer.exercise_id, firsts[answer.exercise_id])
                except (KeyError, _Unreadable):
                    kept = None  # none yet (or a hand-damaged one): this first try is kept
                if kept is None and first is not None:
                    firsts[answer.exercise_id] = _first_entry(first)
                raw["first"] = firsts
            write_json_atomically(path, raw, durable=False)  # the learner's responses.json is the durable copy
        return self._participant_from(raw, code, pid), stored

    def _read_for_update(self, path: Path, code: str, pid: str) -> dict:
        fresh = {"schema": SCHEMA_VERSION, "session": code, "participant_id": pid, "answers": {}}
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            self._participant_from(raw, code, pid)
            return raw
        except FileNotFoundError:
            return fresh
        except (ValueError, _Unreadable) as problem:
            stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
            aside = path.with_name(f"{path.name}.corrupt-{stamp}")
            os.replace(path, aside)
            self._note(f"participant file {path.name} in session {code} could not be read ({problem}); "
                       f"it was moved to {aside.name} and this participant starts afresh")
            return fresh

    def _participant_from(self, raw: object, code: str, pid: str) -> Participant:
        if not isinstance(raw, dict) or raw.get("schema") != SCHEMA_VERSION:
            raise _Unreadable("it is not a participant record of this course version")
        if raw.get("session") != code or raw.get("participant_id") != pid:
            raise _Unreadable("it belongs to another session or participant")
        if not all(isinstance(raw.get(k), str) for k in ("name", "joined", "seen")) \
                or not isinstance(raw.get("answers"), dict):
            raise _Unreadable("its fields do not fit")
        answers, bad = {}, []
        for exercise_id, entry in raw["answers"].items():
            try:
                answers[exercise_id] = _published_from(exercise_id, entry)
            except _Unreadable:
                bad.append(str(exercise_id)[:40])
        firsts = {}
        for exercise_id, entry in (raw.get("first") if isinstance(raw.get("first"), dict) else {}).items():
            try:
                firsts[exercise_id] = _published_from(exercise_id, entry)
            except _Unreadable:
                bad.append(str(exercise_id)[:40])
        if bad:
            self._note(f"participant file {pid}.json in session {code}: skipped {len(bad)} malformed "
                       f"answer{'s' if len(bad) > 1 else ''} ({', '.join(bad[:3])})")
        return Participant(pid, raw["name"], raw["joined"], raw["seen"], answers, firsts)

    def _participants(self, code: str) -> list[Participant]:
        self._info(code)
        try:
            paths = [p for p in os.scandir(self._folder(code) / "participants") if _PARTICIPANT_FILE.fullmatch(p.name)]
        except FileNotFoundError:
            return []
        people = []
        for entry in paths:
            pid = entry.name[:-len(".json")]
            try:
                with open(entry.path, encoding="utf-8") as handle:
                    raw = json.load(handle)
                people.append(self._participant_from(raw, code, pid))
            except FileNotFoundError:
                continue
            except (ValueError, _Unreadable, OSError) as problem:
                self._note(f"skipped participant file {entry.name} in session {code}: {problem}")
        return people


# -- a database ---------------------------------------------------------------------------------

_TABLES = None


def _tables():
    """The four tables (made on first use, so SQLAlchemy is imported only by SqlStore).

    ``workshop_first_answers`` came after the others: a store made before it gets it the next time
    it is opened (``create_all`` makes only the tables that are missing), with no first tries for
    the answers it already holds."""
    global _TABLES
    if _TABLES is None:
        import sqlalchemy as sa

        metadata = sa.MetaData()
        sessions = sa.Table(
            "workshop_sessions", metadata,
            sa.Column("code", sa.String(32), primary_key=True),
            sa.Column("assignment", sa.String(MAX_TEXT), nullable=False),
            sa.Column("title", sa.String(MAX_TEXT), nullable=False, default=""),
            sa.Column("created", sa.String(40), nullable=False),
            sa.Column("closed", sa.String(40), nullable=True),
        )
        participants = sa.Table(
            "workshop_participants", metadata,
            sa.Column("code", sa.String(32), sa.ForeignKey("workshop_sessions.code"), primary_key=True),
            sa.Column("participant_id", sa.String(16), primary_key=True),
            sa.Column("name", sa.String(4 * MAX_NAME), nullable=False),
            sa.Column("joined", sa.String(40), nullable=False),
            sa.Column("seen", sa.String(40), nullable=False),
        )
        answers = sa.Table(
            "workshop_answers", metadata,
            sa.Column("code", sa.String(32), primary_key=True),
            sa.Column("participant_id", sa.String(16), primary_key=True),
            sa.Column("exercise_id", sa.String(MAX_TEXT), primary_key=True),
            sa.Column("value", sa.Text, nullable=False),  # canonical JSON text
            sa.Column("time", sa.String(40), nullable=False),
            sa.Column("attempts", sa.Integer, nullable=False),
            sa.Column("kind", sa.String(40), nullable=False),
            sa.Column("step", sa.String(40), nullable=False),
            sa.Column("score", sa.Float, nullable=True),
            sa.ForeignKeyConstraint(["code", "participant_id"],
                                    ["workshop_participants.code", "workshop_participants.participant_id"]),
        )
        firsts = sa.Table(
            "workshop_first_answers", metadata,
            sa.Column("code", sa.String(32), primary_key=True),
            sa.Column("participant_id", sa.String(16), primary_key=True),
            sa.Column("exercise_id", sa.String(MAX_TEXT), primary_key=True),
            sa.Column("value", sa.Text, nullable=False),  # canonical JSON text
            sa.Column("time", sa.String(40), nullable=False),
            sa.Column("kind", sa.String(40), nullable=False),
            sa.Column("step", sa.String(40), nullable=False),
            sa.Column("score", sa.Float, nullable=True),
            sa.ForeignKeyConstraint(["code", "participant_id"],
                                    ["workshop_participants.code", "workshop_participants.participant_id"]),
        )
        _TABLES = (metadata, sessions, participants, answers, firsts)
    return _TABLES


class SqlStore(SessionStore):
    """Sessions in a database named by a SQLAlchemy URL (``sqlite:///room.db``, ``postgresql://…``).

    Each write is one short transaction whose upserts merge in the database (the later answer
    wins, attempts add up), so writers never read-modify-write. On SQLite, writes take the write
    lock when they begin (``BEGIN IMMEDIATE``) and wait for it up to a minute, and the file is in
    WAL mode so the dashboard reads while the room writes."""

    def __init__(self, url: str, *, warn: Callable[[str], None] | None = None):
        super().__init__(warn=warn)
        import sqlalchemy as sa

        try:
            parsed = sa.make_url(url)
        except sa.exc.ArgumentError:
            raise ValueError(f"{url!r} is not a database URL (like sqlite:///room.db)") from None
        self.location = parsed.render_as_string(hide_password=True)
        self.dialect = parsed.get_backend_name()
        if self.dialect not in ("sqlite", "postgresql"):
            raise ValueError(f"the workshop store works with SQLite and PostgreSQL, not {self.dialect} "
                             f"({self.location})")
        options: dict[str, Any] = {}
        if self.dialect == "sqlite":
            options["connect_args"] = {"timeout": BUSY_TIMEOUT}
        else:
            options["pool_pre_ping"] = True  # a dashboard holds its connection for hours
        try:
            self._engine = sa.create_engine(parsed, **options)
        except (sa.exc.NoSuchModuleError, ImportError) as problem:
            raise ValueError(f"cannot use {self.location}: {problem}") from None
        if self.dialect == "sqlite":
            self._make_sqlite_wait_for_writers()
        self._ready = False

    def _make_sqlite_wait_for_writers(self) -> None:
        """SQLite with many writers: take the write lock at BEGIN (a transaction that reads first and
        writes later may otherwise fail at once, busy timeout or not), and use WAL for readers."""
        from sqlalchemy import event

        @event.listens_for(self._engine, "connect")
        def _connect(dbapi_connection, _record):
            dbapi_connection.isolation_level = None  # we say BEGIN ourselves, below
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.close()

        @event.listens_for(self._engine, "begin")
        def _begin(connection):
            write = connection.get_execution_options().get("course_write", False)
            connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    def dispose(self) -> None:
        self._engine.dispose()

    def _unavailable(self, problem: Exception) -> StoreUnavailable:
        reason = str(getattr(problem, "orig", None) or problem).strip().splitlines()[0][:200]
        return StoreUnavailable(f"workshop store {self.location} did not answer: {reason}")

    @contextmanager
    def _transaction(self, write: bool) -> Iterator[Any]:
        import sqlalchemy as sa

        try:
            if not self._ready:
                self._create_tables()
            with self._engine.connect() as connection:
                if write:
                    connection.execution_options(course_write=True)
                with connection.begin():
                    yield connection
        except sa.exc.SQLAlchemyError as problem:
            raise self._unavailable(problem) from None

    def _create_tables(self) -> None:
        import sqlalchemy as sa

        metadata = _tables()[0]
        try:
            metadata.create_all(self._engine)
        except (sa.exc.OperationalError, sa.exc.ProgrammingError, sa.exc.IntegrityError):
            metadata.create_all(self._engine)  # another process created them between check and create
        self._ready = True

    def _insert(self, table):
        if self.dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        else:
            from sqlalchemy.dialects.postgresql import insert
        return insert(table)

    def _row_session(self, row) -> SessionInfo:
        return SessionInfo(row.code, row.assignment, row.title, row.created, row.closed)

    def _fetch_session(self, connection, code: str) -> SessionInfo:
        sessions = _tables()[1]
        row = connection.execute(sessions.select().where(sessions.c.code == code)).first()
        if row is None:
            raise LookupError(f"no workshop session {code!r} in {self.location}")
        return self._row_session(row)

    def _create(self, session: SessionInfo) -> SessionInfo:
        sessions = _tables()[1]
        with self._transaction(write=True) as connection:
            result = connection.execute(
                self._insert(sessions).values(code=session.code, assignment=session.assignment,
                                              title=session.title, created=session.created, closed=None)
                .on_conflict_do_nothing(index_elements=["code"])
                # an INSERT's row count is kept only when asked (on PostgreSQL it was -1: a taken
                # code was silently "created" again)
                .execution_options(preserve_rowcount=True))
            if result.rowcount == 0:
                raise _CodeTaken()
        return session

    def _info(self, code: str) -> SessionInfo:
        with self._transaction(write=False) as connection:
            return self._fetch_session(connection, code)

    def _sessions(self) -> list[SessionInfo]:
        sessions = _tables()[1]
        with self._transaction(write=False) as connection:
            return [self._row_session(row) for row in connection.execute(sessions.select())]

    def _close(self, code: str, now: str) -> SessionInfo:
        sessions = _tables()[1]
        with self._transaction(write=True) as connection:
            connection.execute(sessions.update().where(sessions.c.code == code, sessions.c.closed.is_(None))
                               .values(closed=now))
            return self._fetch_session(connection, code)

    def _upsert_participant(self, connection, code: str, pid: str, name: str, now: str, seen: str) -> None:
        import sqlalchemy as sa

        participants = _tables()[2]
        insert = self._insert(participants).values(code=code, participant_id=pid, name=name, joined=now, seen=seen)
        connection.execute(insert.on_conflict_do_update(
            index_elements=["code", "participant_id"],
            set_={"name": insert.excluded.name,
                  "joined": sa.func.min(participants.c.joined, insert.excluded.joined)
                  if self.dialect == "sqlite" else sa.func.least(participants.c.joined, insert.excluded.joined),
                  "seen": sa.func.max(participants.c.seen, insert.excluded.seen)
                  if self.dialect == "sqlite" else sa.func.greatest(participants.c.seen, insert.excluded.seen)}))

    def _join(self, code: str, pid: str, name: str, now: str) -> Participant:
        with self._transaction(write=True) as connection:
            self._refuse_closed(self._fetch_session(connection, code))
            self._upsert_participant(connection, code, pid, name, now, now)
            return self._read_participants(connection, code, pid)[0]

    def _publish(self, code: str, pid: str, name: str, answer: Published, now: str,
                 first: Published) -> Published:
        import sqlalchemy as sa

        answers, firsts = _tables()[3:5]
        value = _value_json(answer.value)
        with self._transaction(write=True) as connection:
            self._refuse_closed(self._fetch_session(connection, code))
            self._upsert_participant(connection, code, pid, name, now, max(now, answer.time))
            insert = self._insert(answers).values(
                code=code, participant_id=pid, exercise_id=answer.exercise_id, value=value, time=answer.time,
                attempts=1, kind=answer.kind, step=answer.step, score=answer.score)
            new, old = insert.excluded, answers.c
            later = new.time >= old.time
            repeat = sa.and_(new.time == old.time, new.value == old.value)
            connection.execute(insert.on_conflict_do_update(
                index_elements=["code", "participant_id", "exercise_id"],
                set_={"attempts": old.attempts + sa.case((repeat, 0), else_=1),
                      **{column: sa.case((later, getattr(new, column)), else_=getattr(old, column))
                         for column in ("value", "time", "kind", "step", "score")}}))
            connection.execute(self._insert(firsts).values(
                code=code, participant_id=pid, exercise_id=first.exercise_id, value=_value_json(first.value),
                time=first.time, kind=first.kind, step=first.step, score=first.score,
            ).on_conflict_do_nothing(index_elements=["code", "participant_id", "exercise_id"]))
            row = connection.execute(answers.select().where(
                old.code == code, old.participant_id == pid, old.exercise_id == answer.exercise_id)).one()
            return Published(row.exercise_id, json.loads(row.value), row.time, row.attempts, row.kind, row.step,
                             row.score)

    def _read_participants(self, connection, code: str, pid: str | None = None) -> list[Participant]:
        _, _, participants, answers, firsts = _tables()
        people_query = participants.select().where(participants.c.code == code)
        if pid is not None:
            people_query = people_query.where(participants.c.participant_id == pid)
        bad = 0
        tables: list[dict[str, dict[str, Published]]] = []
        for table in (answers, firsts):
            query = table.select().where(table.c.code == code)
            if pid is not None:
                query = query.where(table.c.participant_id == pid)
            by_person: dict[str, dict[str, Published]] = {}
            for row in connection.execute(query):
                try:
                    value = json.loads(row.value)
                except (TypeError, ValueError):
                    bad += 1
                    continue
                by_person.setdefault(row.participant_id, {})[row.exercise_id] = Published(
                    row.exercise_id, value, row.time, getattr(row, "attempts", 1), row.kind, row.step, row.score)
            tables.append(by_person)
        if bad:
            self._note(f"skipped {bad} answer{'s' if bad > 1 else ''} in session {code} that are not valid JSON")
        latest, first = tables
        return [Participant(row.participant_id, row.name, row.joined, row.seen, latest.get(row.participant_id, {}),
                            first.get(row.participant_id, {}))
                for row in connection.execute(people_query)]

    def _participants(self, code: str) -> list[Participant]:
        with self._transaction(write=False) as connection:
            self._fetch_session(connection, code)
            return self._read_participants(connection, code)
