"""Learners' submissions downloaded from an LMS (Canvas, Moodle, Blackboard) into the submitted folder.

Why not ``nbgrader zip_collect``: it drops ``responses.json`` (the answers) and extracts before
looking. Its naming rule stays: a regular expression with groups ``student_id``, ``file_id`` and
optionally ``timestamp``, applied with ``re.match``; the file's own extension replaces ``file_id``'s.

A pattern sees a file's '/'-separated path inside the source; a zip within reads as a folder named
like it, less ``.zip``. The defaults, first match wins:

1. Canvas ``smithjane[_LATE]_12345_67890_orientation.ipynb`` (name, user id, submission id, file),
   or such a folder or zip of files. Student id: the name (two user ids under one are refused).
2. Moodle ``Jane Smith_4321_assignsubmission_file_orientation.ipynb``, or ``..._file_/`` folders.
   Student id: the participant number.
3. Blackboard ``<assignment>_jsmith_attempt_2024-01-30-15-45-00_orientation.ipynb``: the latest
   attempt only, its time in ``timestamp.txt``.
4. A folder per learner at any depth: ``<student_id>/<file>`` or ``<student_id>/<assignment>/<file>``.

A copy suffix (Canvas's ``orientation-1.ipynb``, a browser's ``orientation (1).ipynb``) maps back
to an expected name.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import stat
import uuid
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from nbgrader.utils import parse_utc

from ..layout import CourseLayout
from ..responses import FILENAME

__all__ = ["ImportResult", "Skipped", "default_patterns", "import_submissions"]

MAX_FILE_BYTES = 50_000_000  # no notebook comes near: damage, or a zip bomb
MAX_TOTAL_BYTES = 2_000_000_000  # all is held in memory until written
MAX_ZIP_DEPTH = 3
JUNK = {"__MACOSX", "__pycache__", "Thumbs.db", "desktop.ini"}  # and every name starting with "."
_SAFE_ID = re.compile(r"\w[\w.@+-]{0,99}")
_COPY_SUFFIX = re.compile(r"(?:-\d+| \(\d+\))$")
_UNSAFE = re.compile(r"/|[A-Za-z]:|(.*/)?\.\.(/|$)")  # absolute, a drive, or a '..' part
_DASHED_TIME = re.compile(r"^(\d{4}-\d\d-\d\d)-(\d\d)-(\d\d)-(\d\d)$")  # parse_utc misreads "-45-00" as a zone


@dataclass(frozen=True)
class Skipped:
    """A file (or a whole learner) left out, and why."""

    entry: str
    reason: str


@dataclass(frozen=True)
class ImportResult:
    """Learners imported, entries skipped, and notes on imported learners (a missing file)."""

    imported: tuple[str, ...]
    skipped: tuple[Skipped, ...]
    warnings: tuple[str, ...] = ()


class _File(NamedTuple):
    path: str  # in the source
    target: str  # in the submission
    data: bytes
    stamp: object  # a datetime, if the pattern has a timestamp
    user: str | None  # Canvas's user id


def default_patterns(assignment: str) -> tuple[str, ...]:
    """The patterns tried when none is given (see the module's docstring), in order."""
    a = re.escape(assignment)
    return (
        r"(?:.*/)?(?P<student_id>[^/_]+)(?:_LATE)?_(?P<user_id>\d+)_\d+_(?:[^/]*/(?:.*/)?)?(?P<file_id>[^/]+)$",
        r"(?:.*/)?[^/]*?_(?P<student_id>\d+)_assignsubmission_file_(?:/(?:.*/)?)?(?P<file_id>[^/]+)$",
        r"(?:.*/)?[^/]*_(?P<student_id>[^/_]+)_attempt_(?P<timestamp>\d{4}(?:-\d\d){5})_(?P<file_id>[^/]+)$",
        rf"(?:.*?/)?(?!{a}/)(?P<student_id>[^/]+)/(?:{a}/)?(?P<file_id>[^/]+)$",
    )


def _one_line(problem: object) -> str:
    return " ".join(str(problem).split())[:200]


def _screen(path: str, size: int) -> str | None:
    """Why a file is not worth reading, or None."""
    if any(part in JUNK or part.startswith(".") for part in path.split("/")):
        return "system or editor junk"
    if not path.lower().endswith((".ipynb", ".json", ".zip")):
        return "not a notebook, a responses file or a zip"
    return f"{size:,} bytes, far too large for a submission" if size > MAX_FILE_BYTES else None


class _Reader:
    """Every candidate file of a zip or folder, in memory, as (path, bytes); the rest as Skipped."""

    def __init__(self, total: int = 0) -> None:
        self.files: list[tuple[str, bytes]] = []
        self.skipped: list[Skipped] = []
        self.total = total

    def add(self, path: str, data: bytes, depth: int) -> None:
        self.total += len(data)
        if self.total > MAX_TOTAL_BYTES:
            raise ValueError(f"more than {MAX_TOTAL_BYTES:,} bytes of submissions; import them in parts")
        if not path.lower().endswith(".zip"):
            return self.files.append((path, data))
        if depth >= MAX_ZIP_DEPTH:
            return self.skipped.append(Skipped(path, "zip nested too deeply"))
        inner = _Reader(self.total)
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                inner.read_zip(archive, path[:-4] + "/", depth + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError) as problem:
            return self.skipped.append(Skipped(path, f"corrupt zip ({_one_line(problem)}); nothing in it imported"))
        self.files += inner.files
        self.skipped += inner.skipped
        self.total = inner.total

    def read_zip(self, archive: zipfile.ZipFile, prefix: str = "", depth: int = 0) -> None:
        for info in archive.infolist():
            name = info.filename.replace("\\", "/")
            path = prefix + "/".join(p for p in name.split("/") if p not in ("", "."))
            if info.is_dir():
                continue
            if _UNSAFE.match(name):
                reason = "unsafe path (absolute, or climbing out with '..')"
            elif stat.S_ISLNK(info.external_attr >> 16):
                reason = "symbolic link"
            else:
                reason = _screen(path, info.file_size)
            if not reason:
                try:
                    with archive.open(info) as handle:
                        data = handle.read(MAX_FILE_BYTES + 1)
                    reason = "far too large for a submission" if len(data) > MAX_FILE_BYTES else None
                except (RuntimeError, NotImplementedError) as problem:  # encrypted, or unknown compression
                    reason = f"cannot be read ({_one_line(problem)})"
            if reason:
                self.skipped.append(Skipped(prefix + info.filename, reason))
            else:
                self.add(path, data, depth)

    def read_folder(self, folder: Path) -> None:
        for here, dirs, names in os.walk(folder):  # does not follow links to folders
            dirs.sort()
            for entry in sorted(dirs + names):
                full = Path(here, entry)
                path = full.relative_to(folder).as_posix()
                reason = "symbolic link" if full.is_symlink() else None
                if entry in names and not reason:
                    reason = _screen(path, full.stat().st_size)
                    if not reason:
                        self.add(path, full.read_bytes(), 0)
                if reason:
                    self.skipped.append(Skipped(path, reason))


def _target(file_id: str, path: str, expected: list[str]) -> str | None:
    """The expected file name ``file_id`` stands for, or None: exact first, then without a copy suffix."""
    stem, ext = os.path.splitext(file_id.rsplit("/", 1)[-1])[0], os.path.splitext(path)[1]
    by_lower = {name.lower(): name for name in expected}
    for candidate in (stem + ext, _COPY_SUFFIX.sub("", stem) + ext):
        if candidate.lower() in by_lower:
            return by_lower[candidate.lower()]
    return None


def _why_not(found: dict, data: bytes, target: str | None, expected: list[str]) -> str | None:
    """Why a matched file cannot be imported, or None (then ``found["timestamp"]`` is a datetime)."""
    if not found.get("student_id") or not found.get("file_id"):
        return "cannot tell whose file this is: no pattern matches its path"
    if not _SAFE_ID.fullmatch(found["student_id"]):
        return f"student id {found['student_id']!r} cannot be a folder name"
    if target is None:
        return f"not a file of this assignment (it expects {', '.join(expected)})"
    if not data.strip():
        return "empty file"
    try:
        json.loads(data)
        if found.get("timestamp"):
            found["timestamp"] = parse_utc(_DASHED_TIME.sub(r"\1 \2:\3:\4", found["timestamp"]))
    except (ValueError, OverflowError) as problem:
        return f"damaged: {_one_line(problem)}"
    return None


def import_submissions(*, root: Path, assignment: str, source: Path, pattern: str | None = None,
                       force: bool = False) -> ImportResult:
    """Import each learner's notebooks and ``responses.json`` for ``assignment`` from a zip or folder.

    Writes ``<submitted>/<student_id>/<assignment>/`` (the layout's submitted folder) per learner in
    one step; an existing one is replaced only with ``force``. A wrong assignment, a missing source,
    a bad pattern or a corrupt zip raise a one-line ValueError before anything is written.
    """
    root, source = Path(root), Path(source)
    layout = CourseLayout.of(root)
    layout.check_assignment(assignment)
    release = layout.released(assignment)
    expected = sorted(p.name for p in release.glob("*.ipynb")) + [FILENAME]
    if len(expected) == 1:
        raise ValueError(f"{layout.name(release, folder=True)} has no notebooks; build the assignment first")
    if not source.exists():
        raise ValueError(f"no submissions at {source}: give the zip or folder downloaded from the LMS "
                         f"(assignments: {', '.join(layout.assignments())})")
    try:
        regexes = [re.compile(p) for p in ((pattern,) if pattern else default_patterns(assignment))]
    except re.error as problem:
        raise ValueError(f"the pattern is not a regular expression: {problem}") from None
    if not {"student_id", "file_id"} <= set(regexes[0].groupindex):
        raise ValueError("the pattern needs the named groups (?P<student_id>...) and (?P<file_id>...)")

    reader = _Reader()
    if source.is_dir():
        reader.read_folder(source)
    else:
        try:
            with zipfile.ZipFile(source) as archive:
                reader.read_zip(archive)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as problem:
            raise ValueError(f"{source.name} is not a readable zip file ({_one_line(problem)}); "
                             "nothing was imported") from None
    skipped, learners = reader.skipped, {}
    for path, data in reader.files:
        match = next((m for rx in regexes if (m := rx.match(path))), None)
        found = match.groupdict() if match else {}
        target = _target(found["file_id"], path, expected) if found.get("file_id") else None
        reason = _why_not(found, data, target, expected)
        if reason:
            skipped.append(Skipped(path, reason))
        else:
            learners.setdefault(found["student_id"], []).append(
                _File(path, target, data, found.get("timestamp"), found.get("user_id")))

    plan, warnings = [], []
    for student, files in sorted(learners.items()):
        users = sorted({f.user for f in files if f.user})
        latest = max((f.stamp for f in files if f.stamp), default=None)
        skipped += [Skipped(f.path, f"an older attempt (the one of {latest} is imported)")
                    for f in files if f.stamp and f.stamp < latest]
        files = [f for f in files if not (f.stamp and f.stamp < latest)]
        twice = sorted({f.target for f in files if sum(g.target == f.target for g in files) > 1})
        dest = layout.submission(student, assignment)
        if len(users) > 1:
            reason = (f"files of {len(users)} learners (user ids {', '.join(users)}) share this name; "
                      "import with a pattern whose student_id is the user id")
        elif twice:
            paths = ", ".join(f.path for f in files if f.target in twice)
            reason = f"more than one file for {', '.join(twice)} ({paths}); import this learner by hand"
        elif dest.exists() and not force:
            reason = f"already submitted ({layout.name(dest, folder=False)}); force replaces it"
        else:
            reason, missing = None, [name for name in expected if name not in {f.target for f in files}]
            if missing:
                warnings.append(f"{student}: no {', '.join(missing)} in the submission")
            plan.append((dest, {f.target: f.data for f in files}, latest))
        if reason:
            skipped.append(Skipped(student, reason))

    for dest, files, latest in plan:
        _write(dest, files, latest)
    return ImportResult(tuple(d.parent.name for d, _, _ in plan), tuple(skipped), tuple(warnings))


def _write(dest: Path, files: dict[str, bytes], stamp) -> None:
    """Fill a folder beside ``dest``, then rename it into place (an old one moved aside first)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tag = uuid.uuid4().hex[:8]
    fresh, old = dest.with_name(f".{dest.name}.importing-{tag}"), dest.with_name(f".{dest.name}.replaced-{tag}")
    try:
        fresh.mkdir()
        for name, data in files.items():
            (fresh / name).write_bytes(data)
        if stamp is not None:
            (fresh / "timestamp.txt").write_text(stamp.isoformat(" "), encoding="utf-8")
        if dest.exists():
            os.replace(dest, old)
        os.replace(fresh, dest)
    except BaseException:
        if old.exists() and not dest.exists():
            os.replace(old, dest)
        raise
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)  # only once the new one is in place
