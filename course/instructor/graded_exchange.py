"""nbgrader's ``release_assignment``, made to publish only the graded flavour (no key material).

Why: ``nbgrader release_assignment ASSIGNMENT`` and formgrader's Release button both publish the
folder nbgrader's ``release_directory`` names, which for this course is the practice release,
digests and sealed explanations included. One forgotten option would hand a graded class every
key. The course's nbgrader_config.py therefore sets ``ExchangeFactory.release_assignment`` to
:class:`GradedReleaseAssignment`, nbgrader's own exchange step with one change, where it takes the
files from: where ``release_directory`` is the practice release, the layout's graded release
(``course build ASSIGNMENT --graded``) is published instead; any other folder (``--to DIR``,
published with ``--CourseDirectory.release_directory=DIR``) is published as it is. Either way a
notebook that still holds key material is refused, with one line saying what to run.

To publish the practice flavour through the exchange all the same (a self-paced class on a
JupyterHub), run ``nbgrader release_assignment ASSIGNMENT
--ExchangeFactory.release_assignment=nbgrader.exchange.default.release_assignment.ExchangeReleaseAssignment``.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbgrader.exchange.default.release_assignment import ExchangeReleaseAssignment

from ..layout import CourseLayout
from .key_material import without_key_material

__all__ = ["GradedReleaseAssignment", "key_material_in"]


def key_material_in(folder: Path) -> list[str]:
    """The notebooks under ``folder`` with an exercise that still carries key arguments."""
    found = []
    for path in sorted(folder.rglob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        if any(c.cell_type == "code" and without_key_material(c.source) != c.source for c in nb.cells):
            found.append(path.name)
    return found


class GradedReleaseAssignment(ExchangeReleaseAssignment):
    """nbgrader's release step, publishing the graded flavour and refusing any key material."""

    def init_src(self):
        layout = CourseLayout.of(self.coursedir.root)
        assignment = self.coursedir.assignment_id
        folder = (Path(self.coursedir.root) / self.coursedir.release_directory).resolve()
        if folder == layout.release:
            folder = layout.graded_release
        source = folder / assignment
        if not source.is_dir():
            self.fail(f"no graded release of {assignment} in {layout.name(folder, folder=True)}: "
                      f"run `course build {assignment} --graded` first")
        leaking = key_material_in(source)
        if leaking:
            self.fail(f"{layout.name(source, folder=True)} holds answer keys ({', '.join(leaking)}): a graded class "
                      f"gets the graded flavour; run `course build {assignment} --graded`")
        self.src_path = str(source)
