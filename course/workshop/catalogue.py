"""The workshop's view of the course catalogue: an assignment's widget exercises, as a list.

The catalogue itself (one parser of the solution notebooks, shared with the instructor's report,
misconceptions and exports) is :mod:`course.catalogue`; this module keeps the names the
facilitator's dashboard, the tally and their tests have always imported from here.
"""

from __future__ import annotations

import os

from .. import catalogue as _catalogue
from ..catalogue import CatalogueError, ExerciseInfo, course_root

__all__ = ["ExerciseInfo", "load", "course_root", "CatalogueError"]


def load(assignment: str, *, root: str | os.PathLike | None = None) -> list[ExerciseInfo]:
    """Every widget exercise of an assignment, in notebook order (numbered Q1, Q2, ...)."""
    return list(_catalogue.load(assignment, root=root).exercises)
