"""The graded flavour of the learner notebooks: the practice release with no answer key in any form.

Why a second flavour: the practice release carries each exercise's salted digests, its veiled
explanations and its veiled right answer so that a self-paced learner sees "right" or "not quite"
at a Check, and may see the answer after wrong ones. The digest
formula and pepper are public, so a learner who hashes every option, position, category or
number in a range recovers the keys in seconds; in a graded class that turns marks into
arithmetic. The graded flavour is the practice release with every key argument removed
(:mod:`course.instructor.key_material`): exercises without a key record answers but judge none,
so the notebooks run in graded mode by themselves (:func:`course.exercises.get_mode`), with no
environment variable.

Why derived from the practice release rather than built by nbgrader again: the gradebook keeps
one record of the assignment, the practice one, made by ``course build``. nbgrader's autograde
restores every locked cell whose checksum differs from that record (``OverwriteCells``), so a
graded learner's question cells are put back with their digests before the grading kernel runs,
and both flavours grade the same cells the same way. Only the cells that changed get a new
checksum (nbgrader's own formula), so the graded notebook validates for the learner and no
checksum is computed from key material.

Nothing is replaced unless the whole flavour is written and checked: the new folder is built
beside the old one, every file in it is scanned for the practice release's key texts and for
any sealed text, and only then swapped in (a leak is a :class:`GradedReleaseError`, one line).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ..layout import CourseLayout
from .build import START_PAGE, BuildError, _swap
from .key_material import key_texts, leaked, without_key_material

__all__ = ["GradedRelease", "GradedReleaseError", "graded_notebook", "write_graded", "write_graded_start_page"]


class GradedReleaseError(BuildError):
    """The graded flavour could not be written, or would still hold key material; one line says which."""


@dataclass(frozen=True)
class GradedRelease:
    assignment: str
    folder: Path  # <to>/<assignment>/, what nbgrader's release_assignment publishes
    notebooks: tuple[str, ...]


def graded_notebook(nb: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, set[str]]:
    """The notebook with every key argument removed, and the key texts it held (to check for leaks).

    A changed cell's nbgrader checksum is recomputed by nbgrader's formula: the one of the
    practice cell is a function of its digests, and nbgrader's validator would call the cell
    edited."""
    secrets: set[str] = set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        secrets |= key_texts(cell.source)
        stripped = without_key_material(cell.source)
        if stripped == cell.source:
            continue
        cell.source = stripped
        meta = cell.metadata.get("nbgrader")
        if meta and "checksum" in meta:
            from nbgrader.utils import compute_checksum  # nbgrader's import costs seconds: only here

            meta["checksum"] = compute_checksum(cell)
    nb.metadata.pop("widgets", None)
    return nb, secrets


def _check(folder: Path, secrets: set[str]) -> None:
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        found = leaked(path.read_text(encoding="utf-8", errors="replace"), secrets)
        if found:
            raise GradedReleaseError(f"the graded release would still hold key material in "
                                     f"{path.relative_to(folder)} ({', '.join(found[:3])}); nothing was written")


def _checked_target(layout: CourseLayout, to: Path, assignment: str | None = None) -> Path:
    """The folder to write into, refused where it (or its assignment folder) would be, hold or sit
    inside the practice release or the source."""
    to = Path(to).resolve()
    written = [to] if assignment is None else [to, to / assignment]
    for protected in (layout.release, layout.source):
        if to == protected or protected in to.parents or any(w in protected.parents for w in written[1:]):
            raise GradedReleaseError(f"--to {layout.name(to, folder=True)} overlaps "
                                     f"{layout.name(protected, folder=True)}; choose a folder of its own, such as "
                                     f"{layout.name(layout.graded_release, folder=True)}")
    return to


def write_graded(layout: CourseLayout, assignment: str, to: Path | None = None) -> GradedRelease:
    """Write the graded flavour of ASSIGNMENT's release (as ``course build`` left it) to ``to``/ASSIGNMENT/.

    ``to`` defaults to the layout's graded release folder; it plays nbgrader's release folder, so
    ``nbgrader release_assignment ASSIGNMENT --CourseDirectory.release_directory=TO`` publishes it."""
    layout.check_assignment(assignment)
    to = _checked_target(layout, to if to is not None else layout.graded_release, assignment)
    release = layout.released(assignment)
    if not release.is_dir():
        raise GradedReleaseError(f"no release of {assignment} in {layout.name(layout.release, folder=True)}; "
                                 f"run `course build {assignment}` first")
    to.mkdir(parents=True, exist_ok=True)
    secrets: set[str] = set()
    with tempfile.TemporaryDirectory(dir=to, prefix=".graded-") as scratch:
        new = Path(scratch) / assignment
        shutil.copytree(release, new)
        for path in sorted(new.rglob("*.ipynb")):
            nb, found = graded_notebook(nbformat.read(path, as_version=4))
            secrets |= found
            nbformat.write(nb, path)
        _check(new, secrets)
        _swap(new, to / assignment)
    notebooks = tuple(sorted(p.name for p in (to / assignment).glob("*.ipynb")))
    return GradedRelease(assignment, to / assignment, notebooks)


def write_graded_start_page(layout: CourseLayout, to: Path | None = None) -> Path | None:
    """The start page beside the graded assignments (it holds no exercise; checked all the same)."""
    source = layout.release / START_PAGE
    if not source.is_file():
        return None
    to = _checked_target(layout, to if to is not None else layout.graded_release)
    to.mkdir(parents=True, exist_ok=True)
    nb, secrets = graded_notebook(nbformat.read(source, as_version=4))
    text = nbformat.writes(nb)
    found = leaked(text, secrets)
    if found:
        raise GradedReleaseError(f"the graded start page would still hold key material ({', '.join(found[:3])})")
    (to / START_PAGE).write_text(text, encoding="utf-8")
    return to / START_PAGE
