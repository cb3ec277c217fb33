"""``course build``: regenerate the learner notebooks in notebooks/ from solutions/ with nbgrader.

Why through nbgrader and not a copy: nbgrader strips the solutions and hidden tests, clears
outputs, locks the read-only cells and records their checksums, which is what makes autograding
trustworthy. The start page (``solutions/index.ipynb``, no exercises) is copied with its outputs
cleared, so notebooks/ is entirely generated.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import nbgrader_api
from ..paths import assignments

__all__ = ["BuildError", "Built", "build"]

START_PAGE = "index.ipynb"


class BuildError(Exception):
    """A build could not run or nbgrader refused it; the message says why in one line."""


@dataclass(frozen=True)
class Built:
    assignment: str
    notebooks: tuple[str, ...]


def build(*, root: Path, assignment: str | None = None) -> list[Built]:
    """Generate notebooks/ASSIGNMENT (or every assignment) from solutions/ASSIGNMENT."""
    known = assignments(root)
    if assignment is not None and assignment not in known:
        valid = ", ".join(known) or "(none: solutions/ has no assignment folders)"
        raise BuildError(f"no assignment {assignment!r} in solutions/; valid assignments: {valid}")
    wanted = [assignment] if assignment else known
    api = nbgrader_api.api(root, _release_config(root))
    built = []
    for name in wanted:
        result = api.generate_assignment(name, force=True, create=True)
        if not result.get("success"):
            detail = (result.get("error") or result.get("log") or "no detail").strip().splitlines()
            raise BuildError(f"nbgrader could not build {name}: {detail[-1] if detail else 'no detail'}")
        release = root / "notebooks" / name
        built.append(Built(name, tuple(sorted(p.name for p in release.glob("*.ipynb")))))
    if assignment is None:
        _copy_start_page(root)
    return built


def _release_config(root: Path):
    """The course's ignore list plus answer files: running solutions/ in place leaves a
    responses.json there, and a release must never ship answers (nbgrader would copy it over
    every learner's own at autograde)."""
    from traitlets.config import Config

    ignore = list(nbgrader_api.load_config(root).CourseDirectory.get("ignore", []))
    config = Config()
    config.CourseDirectory.ignore = ignore + ["responses.json", "responses.corrupt-*.json"]
    return config


def _copy_start_page(root: Path) -> None:
    source = root / "solutions" / START_PAGE
    if not source.is_file():
        return
    nb = nbformat.read(source, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    target = root / "notebooks" / START_PAGE
    target.parent.mkdir(exist_ok=True)
    nbformat.write(nb, target)

