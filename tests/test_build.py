"""``course build``'s own step after nbgrader: question cells are released with their source hidden.

Authors keep one source (solutions/ shows every question's code); the release marks each question
cell ``"jupyter": {"source_hidden": true}``, which JupyterLab honours, and nothing else: nbgrader's
checksum of a cell does not cover this metadata, so grading reads the cells as before."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbgrader.utils import compute_checksum

from course.instructor.build import hide_question_sources, is_question_cell

REPO = Path(__file__).resolve().parents[1]
QUESTION = "first_move = SingleChoice(\n    'q',\n    step='assess',\n    points=1,\n    prompt='First?',\n    options=['a b', 'c d'],\n)\nfirst_move"


def flags(**kw):
    base = {"grade": False, "grade_id": "x", "locked": False, "schema_version": 3, "solution": False, "task": False}
    return dict(base, **kw)


def crafted(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    cells = [nbformat.v4.new_markdown_cell("A story."),
             nbformat.v4.new_code_cell("from course.exercises import SingleChoice"),
             nbformat.v4.new_code_cell(QUESTION), nbformat.v4.new_code_cell("# Or answer in code: first_move.answer('a b')\n"),
             nbformat.v4.new_code_cell("saved('q')"), nbformat.v4.new_code_cell("table = send_log.head()")]
    cells[1].metadata["nbgrader"] = flags(grade_id="setup", locked=True)
    cells[2].metadata["nbgrader"] = flags(grade_id="q-question", locked=True)
    cells[3].metadata["nbgrader"] = flags(grade_id="q-answer", solution=True)
    cells[4].metadata["nbgrader"] = flags(grade_id="q", grade=True, locked=True, points=1)
    nb.cells = cells
    path = folder / "case.ipynb"
    nbformat.write(nb, path)
    return path


def test_only_question_cells_are_hidden_and_again_changes_nothing(tmp_path):
    path = crafted(tmp_path)
    assert hide_question_sources(tmp_path) == 1
    cells = nbformat.read(path, as_version=4).cells
    hidden = [c.metadata.get("jupyter", {}).get("source_hidden", False) for c in cells]
    assert hidden == [False, False, True, False, False, False]
    before = path.read_bytes()
    assert hide_question_sources(tmp_path) == 1
    assert path.read_bytes() == before


def test_hiding_a_source_leaves_nbgraders_checksum_as_it_was(tmp_path):
    path = crafted(tmp_path)
    cell = nbformat.read(path, as_version=4).cells[2]
    before = compute_checksum(cell)
    cell.metadata["jupyter"] = {"source_hidden": True}
    assert compute_checksum(cell) == before


def released_and_source_cells():
    for release in sorted((REPO / "notebooks").glob("*/*.ipynb")):
        source = REPO / "solutions" / release.parent.name / release.name
        yield pytest.param(release, source, id=release.parent.name)


@pytest.mark.parametrize(("release", "source"), released_and_source_cells())
def test_the_committed_release_hides_every_question_and_solutions_hide_none(release, source):
    released = json.loads(release.read_text())["cells"]
    questions = [c for c in released if is_question_cell(c)]
    # 04-postmortem has one question (the message); its write-up is the learner's own cells
    assert len(questions) >= (1 if release.parent.name == "04-postmortem" else 8)
    assert all(c["metadata"].get("jupyter", {}).get("source_hidden") is True for c in questions)
    others = [c for c in released if not is_question_cell(c)]
    assert not any(c["metadata"].get("jupyter", {}).get("source_hidden") for c in others)
    authored = json.loads(source.read_text())["cells"]
    assert not any(c["metadata"].get("jupyter", {}).get("source_hidden") for c in authored)  # authors see the code
