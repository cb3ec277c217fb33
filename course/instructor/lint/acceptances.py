"""An author's written acceptance of a finding: read, checked, written, and kept out of the release.

Why a written reason, and why in metadata: an audit that can be silenced without a word stops
meaning anything, so a finding is accepted only by ``"course": {"accept": {"<code>": "<reason>"}}``
with a reason someone can read and argue with; an empty reason accepts nothing and is itself a
finding (``bad-acceptance``), like a code that names no finding. It lives in metadata, never in a
cell's source, because nbgrader's checksums are of the source (and of a cell's grade flags and
points), so accepting a finding never changes what a submission is checked against. Where:

- an exercise's finding: the metadata of its grade cell (where :func:`write` puts it) or of its
  question cell;
- a graded cell's ``no-step``: that cell's metadata;
- an assignment's bank and case findings: the metadata of any notebook of the assignment (written
  to its first);
- the course-wide bank's findings: the metadata of the course's start page (``index.ipynb``).

The learner never needs an author's reasons, so ``course build`` strips every acceptance from
the release (:func:`strip`); the release is then byte for byte what it was before the author
accepted anything.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from .bank import Notebook
from .rules import CODES, Finding

__all__ = ["accept", "bad_acceptances", "stale", "strip", "write"]

UNACCEPTABLE = ("bad-acceptance",)


def _accepts(meta: dict) -> object:
    return (meta.get("course") or {}).get("accept") if isinstance(meta.get("course"), dict) else None


def _reasons(meta: dict) -> dict[str, str]:
    """The valid acceptances in one metadata dict: code -> reason (non-empty, known code)."""
    given = _accepts(meta)
    if not isinstance(given, dict):
        return {}
    return {code: reason.strip() for code, reason in given.items()
            if code in CODES and code not in UNACCEPTABLE and isinstance(reason, str) and reason.strip()}


def _places(finding: Finding) -> list[dict]:
    if finding.accept_cells:
        return [finding.notebook.meta(i) for i in finding.accept_cells]
    return [nb.metadata for nb in finding.accept_notebooks]


def accept(findings: Iterable[Finding]) -> list[Finding]:
    """Each finding with the author's reason where its place accepts its code."""
    out = []
    for finding in findings:
        reason = next((r[finding.code] for r in map(_reasons, _places(finding)) if finding.code in r), None)
        out.append(replace(finding, accepted=reason) if reason else finding)
    return out


def bad_acceptances(notebooks: Iterable[Notebook]) -> list[Finding]:
    """An acceptance naming no finding code, or without a reason: a finding that cannot be accepted."""
    found = []
    for nb in notebooks:
        for cell, meta in [(None, nb.metadata), *enumerate(nb.meta(i) for i in range(len(nb.cells)))]:
            given = _accepts(meta)
            if given is None:
                continue
            problems = []
            if not isinstance(given, dict):
                problems.append('"accept" is not a mapping of finding code to reason')
            else:
                for code, reason in given.items():
                    if code not in CODES or code in UNACCEPTABLE:
                        problems.append(f"{code!r} is no finding code (codes: {', '.join(c for c in CODES if c not in UNACCEPTABLE)})")
                    elif not isinstance(reason, str) or not reason.strip():
                        problems.append(f"{code!r} has an empty reason, which accepts nothing")
            subject = "notebook" if cell is None else (meta.get("nbgrader") or {}).get("grade_id") or "cell"
            found.extend(Finding(code="bad-acceptance", notebook=nb, cell=cell, subject=subject, message=p)
                         for p in problems)
    return found


def stale(findings: Iterable[Finding], notebooks: Iterable[Notebook]) -> list[str]:
    """Acceptances that accept no current finding (say so; they would hide a future one)."""
    used = set()
    for f in findings:
        if f.accepted:
            if f.accept_cells:
                used.update((f.notebook.path, i, f.code) for i in f.accept_cells)
            else:
                used.update((nb.path, None, f.code) for nb in f.accept_notebooks)
    lines = []
    for nb in notebooks:
        for cell, meta in [(None, nb.metadata), *enumerate(nb.meta(i) for i in range(len(nb.cells)))]:
            for code in _reasons(meta):
                if (nb.path, cell, code) not in used:
                    where = "notebook metadata" if cell is None else f"cell {cell}"
                    lines.append(f"note: {nb.name} {where} accepts {code!r}, which it has no finding of "
                                 "(remove it, or it will hide a future one)")
    return lines


# --- writing and stripping ---------------------------------------------------------------------------

def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _dump(path: Path, nb: dict) -> None:
    """nbformat's own layout (indent 1, keys sorted, UTF-8 as is), so a diff shows only what changed."""
    text = json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    tmp = path.with_name(f".{path.name}.accept-tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _set(meta: dict, code: str, reason: str | None) -> bool:
    """Set (or with None remove) one acceptance in a metadata dict; True if it changed."""
    course = meta.get("course")
    given = course.get("accept") if isinstance(course, dict) else None
    if reason is None:
        if not isinstance(given, dict) or code not in given:
            return False
        del given[code]
        if not given:
            del course["accept"]
        if not course:
            del meta["course"]
        return True
    if isinstance(given, dict) and given.get(code) == reason:
        return False
    meta.setdefault("course", {}).setdefault("accept", {})[code] = reason
    return True


def write(findings: Iterable[Finding], notebooks: Iterable[Notebook], reason: str) -> list[Path]:
    """Accept every unaccepted finding with ``reason``, and withdraw the acceptances carrying exactly
    ``reason`` that accept nothing any more; other reasons are never touched. Idempotent: the
    second run changes nothing. Returns the notebooks it rewrote."""
    reason = reason.strip()
    if not reason:
        raise ValueError("an acceptance needs a reason: an empty one accepts nothing")
    wanted: set[tuple[Path, int | None, str]] = set()  # where to write the reason
    kept: set[tuple[Path, int | None, str]] = set()  # where it already accepts a finding
    for f in findings:
        if f.code in UNACCEPTABLE or (f.accepted and f.accepted != reason):
            continue
        places = ([(f.notebook.path, i, f.notebook.meta(i)) for i in f.accept_cells] if f.accept_cells
                  else [(nb.path, None, nb.metadata) for nb in f.accept_notebooks])
        if f.accepted:
            kept.update((path, cell, f.code) for path, cell, meta in places if _reasons(meta).get(f.code) == reason)
        elif places:
            path, cell, _ = places[-1] if f.accept_cells else places[0]
            wanted.add((path, cell, f.code))
    changed = []
    for notebook in notebooks:
        nb = _load(notebook.path)
        metas = [(None, nb.setdefault("metadata", {}))] + [(i, c.setdefault("metadata", {}))
                                                           for i, c in enumerate(nb.get("cells", []))]
        dirty = False
        for cell, meta in metas:
            for code, given in list(_reasons(meta).items()):
                place = (notebook.path, cell, code)
                if given == reason and place not in kept and place not in wanted:
                    dirty |= _set(meta, code, None)
            for path, want_cell, code in wanted:
                if path == notebook.path and want_cell == cell:
                    dirty |= _set(meta, code, reason)
        if dirty:
            _dump(notebook.path, nb)
            changed.append(notebook.path)
    return changed


def strip(nb) -> bool:
    """Remove every acceptance from a notebook (an nbformat node or plain dict); True if any was there."""
    found = False
    for meta in [nb.get("metadata", {})] + [cell.get("metadata", {}) for cell in nb.get("cells", [])]:
        course = meta.get("course")
        if isinstance(course, dict) and "accept" in course:
            del course["accept"]
            if not course:
                del meta["course"]
            found = True
    return found
