"""The notebooks as content: they run, they teach what they claim, and they keep their keys hidden.

Why each check: nbval proves the instructor notebooks answer and pass their own tests; running
the learner notebook proves a learner never meets an error cell and that re-running never writes
an answer; the structure checks keep every exercise gradable (a locked question cell, an answer
cell, a grade cell with the same id, step and points); the leak checks keep answer keys out of
what learners open.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from course import rubric

REPO = Path(__file__).resolve().parents[1]
SOLUTIONS = REPO / "solutions"
NOTEBOOKS = REPO / "notebooks"
ASSIGNMENTS = sorted(p.name for p in SOLUTIONS.iterdir() if p.is_dir())
SOLUTION_NOTEBOOKS = sorted(SOLUTIONS.glob("*/*.ipynb"))
EXERCISE_CLASSES = {"SingleChoice", "MultipleChoice", "Ordering", "Categorise", "Numeric", "ItemSet",
                    "DraftedMessage", "Decision"}
KIND_OF = {"SingleChoice": "single_choice", "MultipleChoice": "multiple_choice", "Ordering": "ordering",
           "Categorise": "categorise", "Numeric": "numeric", "ItemSet": "item_set", "DraftedMessage": "drafted_message",
           "Decision": "decision"}


def _kernel_env() -> dict:
    env = dict(os.environ)
    env.pop("COURSE_MODE", None)
    env.pop("COURSE_RESPONSES", None)
    return env


def _exercises(path: Path) -> list[dict]:
    """Every widget exercise defined in a notebook, read from its source (nothing is executed)."""
    found = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in EXERCISE_CLASSES:
                kw = {k.arg: ast.literal_eval(k.value) for k in node.keywords}
                found.append({"kind": node.func.id, "id": node.args[0].value, **kw,
                              "cell": cell.metadata.get("nbgrader", {})})
    return found


def _grade_cells(path: Path) -> dict[str, nbformat.NotebookNode]:
    """The graded code cells: a widget exercise's or a code exercise's (a graded markdown cell is a
    learner's written answer that the instructor scores by hand: see :func:`_manual_answers`)."""
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nbformat.read(path, as_version=4).cells
            if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"}


def _manual_answers(path: Path) -> dict[str, nbformat.NotebookNode]:
    """The graded answer cells scored by the instructor: written answers (a personal reflection, a
    markdown cell) and 04-postmortem's write-up (code cells of plain strings and tables)."""
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nbformat.read(path, as_version=4).cells
            if c.metadata.get("nbgrader", {}).get("grade") and c.metadata["nbgrader"].get("solution")}


def _hidden_keys(path: Path) -> dict[str, object]:
    """The plain keys the hidden tests pass to grade() as literals, by exercise id.

    A key computed in the hidden test from the case's data (a suppression list) is left out here;
    grade() itself refuses it unless it matches the exercise's digest, which the autograde of
    the solutions notebook proves."""
    keys = {}
    for cell in _grade_cells(path).values():
        if cell.cell_type != "code":  # a written answer graded by hand has no hidden test
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "grade":
                for k in node.keywords:
                    if k.arg == "key" and not isinstance(k.value, ast.Name):
                        keys[node.args[0].value] = ast.literal_eval(k.value)
    return keys


def test_nbval_runs_every_solutions_notebook_in_a_copy(tmp_path):
    copy = tmp_path / "solutions"
    shutil.copytree(SOLUTIONS, copy, ignore=shutil.ignore_patterns("responses*.json", ".responses*"))
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-current-env", "-p", "no:cacheprovider",
         "-q", str(copy)],
        cwd=tmp_path, env=_kernel_env(), capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and "failed" not in run.stdout


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_learner_notebook_runs_clean_and_writes_nothing(assignment, tmp_path):
    """Run All on a fresh learner notebook: no error, nothing on stderr, no answers file created."""
    from nbclient import NotebookClient

    folder = tmp_path / assignment
    shutil.copytree(NOTEBOOKS / assignment, folder)
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        env_before = dict(os.environ)
        os.environ.pop("COURSE_MODE", None)
        os.environ.pop("COURSE_RESPONSES", None)
        try:
            NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
        finally:
            os.environ.clear()
            os.environ.update(env_before)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                assert output.output_type != "error", f"{path.name}: {cell.source[:80]!r} raised"
                assert not (output.output_type == "stream" and output.name == "stderr"), (
                    f"{path.name}: {cell.source[:80]!r} wrote to stderr: {output.text[:200]}"
                )
    assert not (folder / "responses.json").exists(), "running a notebook must not write answers"


@pytest.mark.parametrize("path", SOLUTION_NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_exercise_has_a_locked_question_an_answer_cell_and_a_matching_grade_cell(path):
    exercises = _exercises(path)
    grade_cells = _grade_cells(path)
    code_checks = {i for i, c in grade_cells.items() if "check_code(" in c.source}
    # a written answer graded by hand (issue 16's personal reflection) is a markdown grade cell, no exercise
    by_hand = {i for i, c in grade_cells.items() if c.metadata["nbgrader"].get("solution")}  # 04's write-up
    assert {e["id"] for e in exercises} == set(grade_cells) - code_checks - by_hand, "each exercise needs one grade cell"
    for grade_id in code_checks | by_hand:  # its grade cell names its step for exports and reports
        assert grade_cells[grade_id].metadata["course"]["step"] in rubric.STEP_IDS, grade_id
    for grade_id, cell in _manual_answers(path).items():  # a written answer: editable, with points and a step
        meta = cell.metadata["nbgrader"]
        assert meta["solution"] and not meta["locked"] and meta["points"] > 0, grade_id
        assert cell.metadata["course"]["step"] in rubric.STEP_IDS, grade_id
    answer_cells = {c.metadata["nbgrader"]["grade_id"] for c in nbformat.read(path, as_version=4).cells
                    if c.metadata.get("nbgrader", {}).get("solution")}
    for e in exercises:
        assert e["cell"].get("locked") and not e["cell"].get("grade"), f"{e['id']}: the question cell must be locked"
        grade = grade_cells[e["id"]]
        assert grade.metadata["nbgrader"]["points"] == e["points"], f"{e['id']}: points differ"
        assert grade.metadata["nbgrader"]["locked"], f"{e['id']}: the grade cell must be locked"
        assert grade.metadata["course"]["step"] == e["step"], f"{e['id']}: step differs"
        assert f"{e['id']}-answer" in answer_cells, f"{e['id']}: no answer cell for code answers"


def test_orientation_covers_every_exercise_type_and_every_rubric_step():
    exercises = _exercises(SOLUTIONS / "00-orientation" / "orientation.ipynb")
    assert len(exercises) >= 8
    assert {e["kind"] for e in exercises} >= {"SingleChoice", "MultipleChoice", "Ordering", "Categorise"}
    assert {e["step"] for e in exercises} == set(rubric.STEP_IDS)


@pytest.mark.parametrize("path", SOLUTION_NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_hidden_key_matches_the_salted_key_its_exercise_carries(path):
    from course.exercises import make_key

    hidden = _hidden_keys(path)
    for e in _exercises(path):
        if e["kind"] == "DraftedMessage":
            assert "key" not in e and e["id"] not in hidden, f"{e['id']}: a drafted message is judged by rules"
        elif e["id"] in hidden and e.get("after"):  # after a decision: one key per branch
            assert set(hidden[e["id"]]) == set(e["key"]), e["id"]
            for branch, key in hidden[e["id"]].items():
                assert sorted(make_key(KIND_OF[e["kind"]], e["id"], key)) == sorted(e["key"][branch]), e["id"]
        elif e["id"] in hidden:
            assert sorted(make_key(KIND_OF[e["kind"]], e["id"], hidden[e["id"]])) == sorted(e["key"]), e["id"]
        else:
            assert e["kind"] == "ItemSet", f"{e['id']}: only a set computed from data may have a computed key"


def test_no_answer_key_or_plain_explanation_stands_in_the_learner_notebooks():
    from course.keys import is_sealed

    for path in SOLUTION_NOTEBOOKS:
        learner = NOTEBOOKS / path.parent.name / path.name
        text = learner.read_text(encoding="utf-8")
        for marker in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "grade(", "key="):
            if marker == "key=":
                # the exercise carries `key=[digests]`; nothing else may be passed a key
                keyed = [e for e in _exercises(path) if e["kind"] != "DraftedMessage"]
                assert text.count("key=") == len(keyed), f"{learner}: an unexpected key="
                continue
            assert marker not in text, f"{learner} contains {marker!r}"
        sources = "\n".join(c.source for c in nbformat.read(learner, as_version=4).cells)
        for exercise_id, key in _hidden_keys(path).items():
            if not isinstance(key, str):  # a list or mapping key would be a plain copy of the answer
                for form in (repr(key), json.dumps(key), json.dumps(key, ensure_ascii=False)):
                    assert form not in sources, f"{exercise_id}: its key stands in {learner}"
        for e in _exercises(learner):
            texts = list(e.get("explanations", {}).values()) + ([e["explanation"]] if e.get("explanation") else [])
            assert all(is_sealed(t) for t in texts), f"{e['id']}: an explanation is in plain text"


@pytest.mark.parametrize("path", SOLUTION_NOTEBOOKS, ids=lambda p: p.parent.name)
def test_no_answer_cell_stub_quotes_an_option_of_its_question(path):
    """The learner's stub under a question shows the form of an answer, never one of its options or
    items: an option quoted there reads as a suggestion, and where it is the key, as a cue."""
    learner = nbformat.read(NOTEBOOKS / path.parent.name / path.name, as_version=4)
    stubs = {c.metadata.get("nbgrader", {}).get("grade_id", "")[: -len("-answer")]: c.source
             for c in learner.cells if c.metadata.get("nbgrader", {}).get("grade_id", "").endswith("-answer")}
    checked = 0
    for e in _exercises(path):
        choices = [*e.get("options", []), *e.get("items", []), *e.get("categories", [])]
        if e["id"] in stubs and choices:
            checked += 1
            quoted = [c for c in choices if c in stubs[e["id"]]]
            assert quoted == [], f"{e['id']}: its answer cell's stub quotes {quoted}"
    with_choices = [e for e in _exercises(path) if e.get("options") or e.get("items") or e.get("categories")]
    assert checked >= min(5, len(with_choices)), "the check found too few answer cells to mean anything"
