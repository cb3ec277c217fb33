"""The responses file: every answer a learner gives, kept beside the notebook in ``responses.json``.

Why a sidecar file and not the notebook: widget state is not saved reliably in notebooks, and
nbgrader re-executes a submission from scratch, so an answer given by clicking would be lost. A
plain JSON file in the assignment folder travels with nbgrader's submit and collect, and grade
cells read it through :func:`load_answers`, the one loader.

Why the care: two notebooks of one assignment may be open at once (two kernels, one file), a
kernel may die mid-write, and a learner may hand-edit the file. So writes are atomic (temporary
file, flush, fsync, ``os.replace``), every write re-reads and merges under a file lock, and a file
that cannot be read is moved aside with a one-line message, never deleted and never fatal.

Why ``from_code`` (exercise id -> its last answer given from code): autograde and "Run All"
re-run code answers, and a kernel cannot tell that from a deliberate run, so a code answer is
saved only when nothing is saved yet or it differs from the last code answer (edited code); a
re-run never replaces a later click. An absent id was only clicked; ``null`` marks an answer saved
before the table existed (origin unknown: a code answer does not replace it). The same value again
is no new attempt, and saves less than ``session_seconds`` apart (a drafted message) are one.

Why ``first``, ``drafts`` and ``revealed``: a practice answer is judged only when the learner asks
(a Check), so what they tried first says what they knew, and the latest says what they learned.
Each entry of ``answers`` is a *checked* answer: ``value`` (the latest, what grading reads unless
an instructor opts into the first-try policy), ``first`` (the first checked answer, never
replaced), ``attempts`` (the number of checks that gave a different answer), ``time``, and
``revealed`` (when the learner asked to see the right answer, if they did). Moving, ticking and
choosing before a Check only writes ``drafts`` (exercise id -> the unchecked answer), which nothing
grades. An entry written before ``first`` existed has none: its ``value`` stands in for it.

This module imports no ipywidgets: grading and reports need the answers, not the UI.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from filelock import FileLock

__all__ = [
    "FILENAME",
    "SCHEMA_VERSION",
    "Answer",
    "code_conflicts",
    "ResponsesStore",
    "default_path",
    "diagnose",
    "file_lock",
    "load_answers",
    "remove_stale_temporaries",
    "valid_exercise_id",
    "replaced_atomically",
    "write_json_atomically",
]

FILENAME = "responses.json"
SCHEMA_VERSION = 1
MAX_BYTES = 5_000_000  # a real file is a few KB; anything this large is damage, not answers
STALE_TEMPORARY_SECONDS = 600  # a temporary file this old was left by a writer that was killed
LOCK_TIMEOUT = 30.0  # seconds; another kernel holds the lock for a millisecond or two
_ID_PATTERN = re.compile(r"[a-zA-Z0-9_-]+")  # nbgrader's grade_id rule, minus the empty id (fullmatch)
_ABSENT = object()
_UMASK = os.umask(0o022)
os.umask(_UMASK)  # read once: mkstemp makes 0600 files, but an instructor must be able to read answers


def valid_exercise_id(exercise_id: object) -> bool:
    """True when the id can double as an nbgrader ``grade_id`` (letters, digits, ``_`` and ``-``)."""
    return isinstance(exercise_id, str) and bool(_ID_PATTERN.fullmatch(exercise_id))


def default_path() -> Path:
    """Where answers go: ``$COURSE_RESPONSES`` if set, else ``responses.json`` in the working folder.

    Jupyter starts a notebook's kernel in the notebook's folder, and so do nbgrader and nbval,
    so the working folder is the assignment folder in every way the course is run.
    """
    override = os.environ.get("COURSE_RESPONSES")
    return Path(override) if override else Path.cwd() / FILENAME


@dataclass(frozen=True)
class Answer:
    """One exercise's latest answer: what was answered, when, and how many times it changed."""

    exercise_id: str
    value: Any
    time: str
    attempts: int
    code: Any = None  # the last answer given from code, or None (clicked only, or not known)
    first: Any = None  # the first checked answer (the latest stands in for it in a file from before)
    revealed: str | None = None  # when the learner asked to see the right answer, or None

    @property
    def checks(self) -> int:
        """How many times a different answer was checked (the issue's "number of checks")."""
        return self.attempts


def _well_formed(exercise_id: object, entry: object) -> bool:
    """An entry the store can trust: a valid id, and a dict with a value, an int count, a str time."""
    return (
        valid_exercise_id(exercise_id)
        and isinstance(entry, dict)
        and "value" in entry
        and isinstance(entry.get("attempts", 1), int)
        and isinstance(entry.get("time", ""), str)
    )


def _seconds_between(earlier: str, later: str) -> float:
    """Seconds from one saved time to another; infinite when either is not a time we wrote."""
    try:
        return (datetime.fromisoformat(later) - datetime.fromisoformat(earlier)).total_seconds()
    except (TypeError, ValueError):
        return float("inf")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _say(message: str) -> None:
    # stdout, not stderr: in an nbgrader grade cell anything on stderr scores zero
    print(f"⚠ {message}", flush=True)


class _Unreadable(Exception):
    """The file exists but is not a responses file we can trust; the message says why."""


class ResponsesStore:
    """Reads and writes one ``responses.json``.

    Reading never fails: a missing file is no answers, an unreadable one is moved aside (with a
    message) and counts as no answers, and single malformed entries are skipped on reading but
    kept on disk. Writing merges one answer into whatever is on disk at that moment.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None):
        self.path = Path(path) if path is not None else default_path()
        self._lock = file_lock(self.path)
        self._held: dict | None = None  # inside batch(): the file as read once, saved once at the end
        self._dirty = False

    # -- reading -----------------------------------------------------------------------------

    def answers(self) -> dict[str, Answer]:
        """Every readable answer, keyed by exercise id."""
        if self._held is not None:  # inside batch(): the answers as saved so far
            return self._parse_entries(self._held)
        try:
            raw = self._read_raw(shared=True)
        except _Unreadable:
            with self._lock:
                raw = self._read_or_move_aside()
        return self._parse_entries(raw)

    def get(self, exercise_id: str) -> Answer | None:
        """The latest answer to one exercise, or ``None`` if it has not been answered."""
        return self.answers().get(exercise_id)

    # -- writing -----------------------------------------------------------------------------

    @contextmanager
    def batch(self):
        """Many saves, one read and one write: the lock is held throughout and the file is written
        once at the end (nothing at all if no save changed it).

        Why: every save re-reads and rewrites the whole file, which is right for a learner's clicks
        (another kernel may write between two of them) and slow for a batch of saves in a row, as
        when ``course grade`` replays a notebook's code answers into a copy of the answers handed
        in: a file holding a 10,000-address suppression list costs milliseconds to encode, once per
        save. Inside the batch each save merges exactly as it would alone.
        """
        with self._lock:
            if self._held is not None:  # already batching: one write, at the outer end
                yield self
                return
            self._held, self._dirty = self._read_or_move_aside(), False
            try:
                yield self
            finally:  # what was saved before an error is kept, as it would have been save by save
                held, dirty = self._held, self._dirty
                self._held, self._dirty = None, False
                if dirty:
                    self._write_now(held)

    def record(self, exercise_id: str, value: Any, *, session_seconds: float = 0.0) -> Answer:
        """Save one answer as a learner's click; returns the answer as saved (see :meth:`save`)."""
        return self.save(exercise_id, value, session_seconds=session_seconds)[0]

    def save(self, exercise_id: str, value: Any, *, from_code: bool = False,
             session_seconds: float = 0.0) -> tuple[Answer, bool]:
        """Under the lock, re-read, merge one answer, replace atomically; return the answer now saved
        and whether this call changed it. ``from_code``: given by running code, so saved only as the
        module's docstring says."""
        if not valid_exercise_id(exercise_id):
            raise ValueError(f"exercise id {exercise_id!r} must use only letters, digits, '_' and '-'")
        try:
            json.dumps(value, allow_nan=False)  # NaN would make the file unreadable to other JSON tools
        except (TypeError, ValueError) as exc:
            raise TypeError(f"answer to {exercise_id!r} cannot be saved as JSON: {exc}") from None
        with self._lock:
            raw = self._read_or_move_aside()
            codes = raw.get("from_code")
            if not isinstance(codes, dict):  # a file from before the table: origins unknown
                codes = {key: None for key in raw["answers"]}
            previous = raw["answers"].get(exercise_id)
            if not _well_formed(exercise_id, previous):
                previous = None
            if previous is not None:
                if from_code and (codes.get(exercise_id, value) is None or previous["value"] == value):
                    # origin unknown, or the code gives the saved answer: note the code answer, keep
                    # the saved one (no new attempt)
                    if codes.get(exercise_id) != value:
                        codes[exercise_id] = value
                        self._write(raw, codes)
                    return self._answer(exercise_id, previous, codes), False
                if from_code and codes.get(exercise_id) == value:
                    return self._answer(exercise_id, previous, codes), False  # unchanged code, re-run
                if not from_code and previous["value"] == value:
                    return self._answer(exercise_id, previous, codes), False  # the same value again
            attempts = previous.get("attempts", 0) if previous is not None else 0
            if not isinstance(attempts, int) or isinstance(attempts, bool) or attempts < 0:
                attempts = 0
            now = _now()
            same_session = (previous is not None and session_seconds > 0 and attempts > 0
                            and _seconds_between(previous.get("time", ""), now) < session_seconds)
            entry = {"value": value, "time": now, "attempts": attempts if same_session else attempts + 1,
                     "first": value if previous is None else previous.get("first", previous["value"])}
            if previous is not None and previous.get("revealed"):
                entry["revealed"] = previous["revealed"]
            raw["answers"][exercise_id] = entry
            if from_code:
                codes[exercise_id] = value
            drafts = raw.get("drafts")
            if isinstance(drafts, dict):
                drafts.pop(exercise_id, None)  # the draft is now checked (or replaced by a code answer)
            self._write(raw, codes)
        return self._answer(exercise_id, entry, codes), True

    def save_draft(self, exercise_id: str, value: Any) -> None:
        """Keep an unchecked answer (an item moved, an option ticked) so a re-run or a reload shows it
        again; nothing grades a draft, and it counts no attempt. Checking it is :meth:`save`."""
        if not valid_exercise_id(exercise_id):
            raise ValueError(f"exercise id {exercise_id!r} must use only letters, digits, '_' and '-'")
        try:
            json.dumps(value, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"draft of {exercise_id!r} cannot be saved as JSON: {exc}") from None
        with self._lock:
            raw = self._read_or_move_aside()
            drafts = raw.get("drafts") if isinstance(raw.get("drafts"), dict) else {}
            if drafts.get(exercise_id, _ABSENT) == value:
                return
            drafts[exercise_id] = value
            raw["drafts"] = drafts
            codes = raw.get("from_code")
            self._write(raw, codes if isinstance(codes, dict) else {key: None for key in raw["answers"]})

    def draft(self, exercise_id: str) -> Any:
        """The unchecked answer kept for an exercise, or None when there is none (or it was checked)."""
        try:
            raw = self._read_raw()
        except (_Unreadable, OSError):
            return None
        drafts = raw.get("drafts")
        return drafts.get(exercise_id) if isinstance(drafts, dict) else None

    def mark_revealed(self, exercise_id: str) -> Answer | None:
        """Record that the learner asked to see the right answer (practice mode, after wrong checks);
        returns the answer as now saved, or None when nothing was checked yet (nothing to mark)."""
        with self._lock:
            raw = self._read_or_move_aside()
            entry = raw["answers"].get(exercise_id)
            if not _well_formed(exercise_id, entry):
                return None
            codes = raw.get("from_code") if isinstance(raw.get("from_code"), dict) else {
                key: None for key in raw["answers"]}
            if not entry.get("revealed"):
                entry["revealed"] = _now()
                self._write(raw, codes)
            return self._answer(exercise_id, entry, codes)

    def learner_seed(self) -> str | None:
        """The learner's random seed kept in the file (``learner_seed``: their own order of options,
        :mod:`course.exercises.display_order`), or None."""
        try:
            seed = self._read_raw(shared=True).get("learner_seed")
        except (_Unreadable, OSError):
            return None
        return seed if isinstance(seed, str) and seed else None

    def keep_learner_seed(self, seed: str) -> str:
        """Keep ``seed`` as the learner's seed unless the file has one already; return the one kept."""
        with self._lock:
            raw = self._read_or_move_aside()
            kept = raw.get("learner_seed")
            if isinstance(kept, str) and kept:
                return kept
            raw["learner_seed"] = seed
            codes = raw.get("from_code")
            self._write(raw, codes if isinstance(codes, dict) else {key: None for key in raw["answers"]})
            return seed

    def _write(self, raw: dict, codes: dict) -> None:
        """Call with the lock held: write the file with its code answers and the current schema
        (inside :meth:`batch`, at the batch's end)."""
        raw["from_code"] = codes
        raw["schema"] = SCHEMA_VERSION
        if self._held is not None:
            self._held, self._dirty = raw, True
            return
        self._write_now(raw)

    def _write_now(self, raw: dict) -> None:
        write_json_atomically(self.path, raw)
        remove_stale_temporaries(self.path)

    @staticmethod
    def _answer(exercise_id: str, entry: dict, codes: dict) -> Answer:
        """One answer, its values copies (the dict it comes from may be the shared parse of the file)."""
        revealed = entry.get("revealed")
        return Answer(exercise_id, copy_of(entry["value"]), entry.get("time", ""), entry.get("attempts", 1),
                      copy_of(codes.get(exercise_id)), copy_of(entry.get("first", entry["value"])),
                      revealed if isinstance(revealed, str) else None)

    # -- internals ---------------------------------------------------------------------------

    def _read_raw(self, *, shared: bool = False) -> dict:
        """The file's content as a checked dict; raises _Unreadable with the reason.

        ``shared``: for a caller that only reads (never changes the dict or anything in it), the
        dict parsed at the last read of the file unchanged since (same inode, size and modification
        time; every write here replaces the file, so a change is a new inode). Why: a notebook
        reads its answers in every question, answer and grade cell, and a file holding a
        10,000-address answer took a third of a grading kernel's time to parse again and again.
        """
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return {"schema": SCHEMA_VERSION, "answers": {}}
        size = stat.st_size
        if size > MAX_BYTES:
            raise _Unreadable(f"it is {size:,} bytes, far more than answers take")
        stamp = (stat.st_dev, stat.st_ino, size, stat.st_mtime_ns)
        cached = _PARSED.get(str(self.path))
        if shared and cached is not None and cached[0] == stamp:
            return cached[1]
        raw = self._parse_file()
        if shared:
            _PARSED[str(self.path)] = (stamp, raw)
        return raw

    def _parse_file(self) -> dict:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {"schema": SCHEMA_VERSION, "answers": {}}
        except UnicodeDecodeError:
            raise _Unreadable("it is not UTF-8 text") from None
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _Unreadable(f"it is not valid JSON ({exc.msg} at line {exc.lineno})") from None
        if not isinstance(raw, dict) or not isinstance(raw.get("answers"), dict):
            raise _Unreadable("it has no 'answers' table")
        if raw.get("schema") != SCHEMA_VERSION:
            raise _Unreadable(f"its schema version is {raw.get('schema')!r}, not {SCHEMA_VERSION}")
        return raw

    def _read_or_move_aside(self) -> dict:
        """Call with the lock held: read, or move an unreadable file aside and start empty (inside
        :meth:`batch`, the file as the batch holds it)."""
        if self._held is not None:
            return self._held
        try:
            return self._read_raw()
        except _Unreadable as problem:
            aside = self._move_aside()
            _say(
                f"{self.path.name} could not be read because {problem}; it was moved to "
                f"{aside.name} and new answers go to a fresh {self.path.name}."
            )
            return {"schema": SCHEMA_VERSION, "answers": {}}

    def _move_aside(self) -> Path:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
        for n in range(1000):
            suffix = f"-{n}" if n else ""
            target = self.path.with_name(f"responses.corrupt-{stamp}{suffix}.json")
            if not target.exists():
                os.replace(self.path, target)
                return target
        raise OSError(f"could not find a free name to move {self.path} aside")

    def _parse_entries(self, raw: dict) -> dict[str, Answer]:
        answers: dict[str, Answer] = {}
        skipped = []
        codes = raw.get("from_code") if isinstance(raw.get("from_code"), dict) else {}
        for exercise_id, entry in raw["answers"].items():
            if not _well_formed(exercise_id, entry):
                skipped.append(str(exercise_id)[:40])
                continue
            answers[exercise_id] = self._answer(exercise_id, entry, codes)
        if skipped:
            _say(f"{self.path.name}: skipped {len(skipped)} malformed entr{'y' if len(skipped) == 1 else 'ies'} "
                 f"({', '.join(skipped[:5])}); the file itself is left as it is.")
        return answers


_PARSED: dict[str, tuple[tuple, dict]] = {}  # path -> (its stat stamp, the dict parsed from it): ResponsesStore._read_raw


def copy_of(value: Any) -> Any:
    """A copy of a JSON value deep enough that changing the copy never changes the original."""
    if isinstance(value, list):
        return [copy_of(v) for v in value] if any(isinstance(v, (list, dict)) for v in value) else list(value)
    if isinstance(value, dict):
        return {k: copy_of(v) for k, v in value.items()}
    return value


def file_lock(path: str | os.PathLike[str], timeout: float = LOCK_TIMEOUT) -> FileLock:
    """The lock that guards one JSON file: ``.<name>.lock`` beside it, shared by every process.

    Why a separate lock file: the data file itself is replaced on every write, so a lock held on
    it would be held on a file that no longer has the name."""
    path = Path(path)
    return FileLock(str(path.with_name(f".{path.name}.lock")), timeout=timeout, poll_interval=0.001)


@contextmanager
def replaced_atomically(path: str | os.PathLike[str], *, durable: bool = True, newline: str | None = None):
    """A text file to write that replaces ``path`` whole when the block ends, or not at all.

    Temporary file in the same folder, flush, fsync (``durable``), ``os.replace``; on any error the
    temporary file is removed and ``path`` keeps its earlier content. The file is made readable as
    the umask allows (``mkstemp`` alone would make it private to its writer), so an instructor or a
    facilitator can read what learners wrote. The answers file, the grade exports and ``course
    grade``'s record all write through here."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_json_atomically(path: str | os.PathLike[str], data: Any, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` as JSON so that a reader sees the old file or the new one, never half
    (:func:`replaced_atomically`). Call with the file's lock held when the new content was computed
    from the old."""
    text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"
    with replaced_atomically(path, durable=durable) as handle:
        handle.write(text)


def remove_stale_temporaries(path: str | os.PathLike[str]) -> None:
    """Call with the file's lock held: drop temporary files a killed writer left behind.

    Only old ones: a younger one may belong to a writer on another machine of a shared
    filesystem whose clock or lock we do not see."""
    path = Path(path)
    cutoff = datetime.now(timezone.utc).timestamp() - STALE_TEMPORARY_SECONDS
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        try:
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
        except OSError:
            pass


def diagnose(path: str | os.PathLike[str]) -> str | None:
    """Why a responses file cannot be read (one line), or None if it can; never moves or changes it.

    For the grading pipeline's pre-flight report on a submission, which must not touch the
    learner's files (the autograded copy handles an unreadable file the usual way)."""
    try:
        raw = ResponsesStore(path)._read_raw()
    except _Unreadable as problem:
        return f"responses.json cannot be read: {problem}"
    except OSError as problem:
        return f"responses.json cannot be opened: {problem.strerror or problem}"
    malformed = [k for k, v in raw["answers"].items() if not _well_formed(k, v)]
    if malformed:
        return (f"responses.json has {len(malformed)} malformed entr{'y' if len(malformed) == 1 else 'ies'} "
                f"({', '.join(str(m)[:40] for m in malformed[:3])})")
    return None


def code_conflicts(path: str | os.PathLike[str]) -> list[str]:
    """The exercises whose last code answer differs from the saved answer (a learner answered in
    code, then changed the answer by clicking): the saved one is what is graded. Never changes the file."""
    try:
        raw = ResponsesStore(path)._read_raw()
    except (_Unreadable, OSError):
        return []
    codes = raw.get("from_code")
    if not isinstance(codes, dict):
        return []
    return sorted(key for key, entry in raw["answers"].items()
                  if _well_formed(key, entry) and codes.get(key) is not None and codes[key] != entry["value"])


def load_answers(path: str | os.PathLike[str] | None = None) -> dict[str, Answer]:
    """The one loader grade cells use: every readable answer in the assignment's responses file."""
    return ResponsesStore(path).answers()
