"""``course build``: regenerate the learner notebooks (the release) from the source with nbgrader.

Why through nbgrader and not a copy: nbgrader strips the solutions and hidden tests, clears
outputs, locks the read-only cells and records their checksums, which is what makes autograding
trustworthy. The start page (``index.ipynb`` in the source, no exercises) is copied with its
outputs cleared, so the release folder is entirely generated. The folders are the course's
layout (:mod:`course.layout`): solutions/ and notebooks/ as the course ships.

Question cells are released with their source hidden (:func:`hide_question_sources`): a learner
sees the story, the question's widget and the answer cell's one line, not the exercise's
constructor with its digests and sealed explanations. Authors keep one source: solutions/ shows
the code as written, and only the release carries JupyterLab's ``"jupyter": {"source_hidden":
true}``. nbgrader's checksums cover a cell's source, type, grade id, points and flags, not this
metadata, and autograde restores sources, not metadata, so grading, the graded release and
feedback read the cells as before.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import nbgrader_api
from ..layout import CourseLayout, load_config

__all__ = ["BuildError", "Built", "build", "hide_question_sources", "is_question_cell"]

START_PAGE = "index.ipynb"


class BuildError(Exception):
    """A build could not run or nbgrader refused it; the message says why in one line."""


@dataclass(frozen=True)
class Built:
    assignment: str
    notebooks: tuple[str, ...]


def build(*, root: Path, assignment: str | None = None) -> list[Built]:
    """Generate the release of ASSIGNMENT (or of every assignment) from its source folder.

    A wrong assignment name raises :class:`course.layout.UnknownAssignment`."""
    layout = CourseLayout.of(root)
    wanted = [layout.check_assignment(assignment)] if assignment else layout.assignments()
    nbgrader_api.check_gradebook(layout)  # a gradebook that cannot be opened: one line, before any work
    built = []
    layout.release.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=layout.release, prefix=".build-") as scratch:
        api = nbgrader_api.api(root, _release_config(root, Path(scratch)))
        for name in wanted:
            result = api.generate_assignment(name, force=True, create=True)
            if not result.get("success"):
                raise BuildError(f"nbgrader could not build {name}: "
                                 f"{nbgrader_api.first_error(result) or 'no detail'}")
            _strip_acceptances(Path(scratch) / name)
            hide_question_sources(Path(scratch) / name)
            _swap(Path(scratch) / name, layout.released(name))
            built.append(Built(name, tuple(sorted(p.name for p in layout.released(name).glob("*.ipynb")))))
    if assignment is None:
        _copy_start_page(layout)
    return built


def is_question_cell(cell) -> bool:
    """A question cell: a locked code cell (not an answer, not a grade cell) that defines an exercise."""
    from ..catalogue import constructor_calls

    flags = cell.get("metadata", {}).get("nbgrader", {})
    source = cell.get("source", "")
    source = "".join(source) if isinstance(source, list) else source  # a notebook's JSON, or nbformat's
    return (cell.get("cell_type") == "code" and bool(flags.get("locked"))
            and not flags.get("solution") and not flags.get("grade")
            and bool(constructor_calls(source)))


def hide_question_sources(folder: Path) -> int:
    """Mark every question cell of the folder's notebooks ``source_hidden``; return how many.

    JupyterLab then shows the cell's output (the widget, or its one-line fallback) under a
    collapsed input; the learner can still open it, so nothing is secret by this, only out of
    the way (the graded release is what holds no key). Re-running it changes nothing."""
    hidden = 0
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        changed = False
        for cell in nb.cells:
            if is_question_cell(cell):
                hidden += 1
                view = cell.metadata.setdefault("jupyter", {})
                if view.get("source_hidden") is not True:
                    view["source_hidden"] = True
                    changed = True
        if changed:
            nbformat.write(nb, path)
    return hidden


def _swap(new: Path, release: Path) -> None:
    """Put a finished build in the release's place. nbgrader builds into a scratch folder (a hidden
    one inside the release folder, so this is a rename): with ``force`` it empties its destination
    first and removes what it wrote when it fails, so building in place lost the committed learner
    notebooks whenever a build failed; now a failed build leaves them as they were."""
    old = new.with_name(new.name + ".old")
    if release.exists():
        os.replace(release, old)
    os.replace(new, release)
    if old.exists():
        shutil.rmtree(old)


def _strip_acceptances(folder: Path) -> None:
    """The authors' acceptances of `course lint` findings (metadata, not in any checksum) are no
    learner's business: the release is what it would be without them (course/instructor/lint/)."""
    from .lint.acceptances import strip

    for path in folder.glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        if strip(nb):
            nbformat.write(nb, path)


def _release_config(root: Path, scratch: Path):
    """The course's ignore list plus answer files: running the source notebooks in place leaves a
    responses.json there, and a release must never ship answers (nbgrader would copy it over
    every learner's own at autograde). The release goes to ``scratch`` first (:func:`_swap`); the
    gradebook is the course's, updated as nbgrader always does."""
    from traitlets.config import Config

    ignore = list(load_config(root).CourseDirectory.get("ignore", []))
    config = Config()
    config.CourseDirectory.release_directory = str(scratch)
    config.CourseDirectory.ignore = ignore + ["responses.json", "responses.corrupt-*.json"]
    return config


def _copy_start_page(layout: CourseLayout) -> None:
    source = layout.source / START_PAGE
    if not source.is_file():
        return
    from .lint.acceptances import strip

    nb = nbformat.read(source, as_version=4)
    strip(nb)  # the course-wide acceptances of `course lint` stay in the source
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    target = layout.release / START_PAGE
    target.parent.mkdir(exist_ok=True)
    nbformat.write(nb, target)

