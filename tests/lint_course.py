"""Small crafted courses for the `course lint` tests: a few exercises, written as nbgrader would see them.

Why crafted and not the real course: each finding needs a case that shows it and a case that does
not, with nothing else in the way. So a crafted assignment is balanced by default (one manual
cell per rubric step, worth enough that no step is thin) and its questions are clean unless a
test makes them otherwise: options of one length, each explained, distinct prompts.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
STEPS = ("assess", "own", "fix", "reflect", "rebuild")

_ids = iter(range(10**6))


def _cell(cell_type: str, source: str, metadata: dict) -> dict:
    cell = {"cell_type": cell_type, "id": f"c{next(_ids):07d}", "metadata": metadata, "source": source}
    if cell_type == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def _nbgrader(grade_id: str, *, grade: bool, points: float | None = None, task: bool = False) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": True, "schema_version": 3, "solution": False,
            "task": task}
    if points is not None:
        meta["points"] = points
    return meta


def md(text: str) -> dict:
    return _cell("markdown", text, {})


def code(text: str) -> dict:
    return _cell("code", text, {})


def _exercise(constructor: str, exercise_id: str, options: list[str], key, *, step: str | None, prompt: str,
              explanations: dict | None, accept: dict | None, question_accept: dict | None,
              grade_step: str | None, points: float) -> list[dict]:
    explanations = {o: f"Why {o[:10]}." for o in options} if explanations is None else explanations
    step_arg = f"    step={step!r},\n" if step is not None else ""
    source = (f"ex = {constructor}(\n    {exercise_id!r},\n{step_arg}    points={points!r},\n    prompt={prompt!r},\n"
              f"    options={options!r},\n    explanations={explanations!r},\n)\nex")
    question_meta = {"nbgrader": _nbgrader(f"{exercise_id}-question", grade=False)}
    if question_accept is not None:
        question_meta["course"] = {"accept": question_accept}
    grade_meta = {"nbgrader": _nbgrader(exercise_id, grade=True, points=points),
                  "course": {"exercise": exercise_id}}
    if grade_step is not None or step is not None:
        grade_meta["course"]["step"] = grade_step if grade_step is not None else step
    if accept is not None:
        grade_meta["course"]["accept"] = accept
    grade = (f"saved({exercise_id!r})\n### BEGIN HIDDEN TESTS\ngrade({exercise_id!r}, key={key!r})\n"
             "### END HIDDEN TESTS")
    return [_cell("code", source, question_meta), _cell("code", grade, grade_meta)]


def single(exercise_id: str, options: list[str], key: str, *, step: str | None = "assess", prompt: str | None = None,
           explanations: dict | None = None, accept: dict | None = None, question_accept: dict | None = None,
           grade_step: str | None = None, points: float = 2) -> list[dict]:
    """A single choice's question cell and grade cell (``accept`` goes in the grade cell's metadata)."""
    return _exercise("SingleChoice", exercise_id, options, key, step=step, prompt=prompt or f"Prompt of {exercise_id}?",
                     explanations=explanations, accept=accept, question_accept=question_accept,
                     grade_step=grade_step, points=points)


def multiple(exercise_id: str, options: list[str], key: list[str], *, step: str = "assess", prompt: str | None = None,
             explanations: dict | None = None, accept: dict | None = None, points: float = 3) -> list[dict]:
    return _exercise("MultipleChoice", exercise_id, options, key, step=step,
                     prompt=prompt or f"Prompt of {exercise_id}? Tick all that apply.",
                     explanations=explanations, accept=accept, question_accept=None, grade_step=None, points=points)


def levels_table(*points: float) -> str:
    """A table of levels as an instructor reads it beside a manually graded cell."""
    rows = "".join(f"| {p:g} | Level {p:g} |\n" for p in points)
    return f"**How your instructor scores it**\n\n| Points | What it looks like |\n|---|---|\n{rows}"


def manual(grade_id: str, step: str | None, points: float, *, accept: dict | None = None,
           text: str | None = None) -> dict:
    """A manually graded task cell (markdown), with its rubric step and, unless ``text`` says
    otherwise, its table of levels (full marks, half, none)."""
    meta = {"nbgrader": _nbgrader(grade_id, grade=False, points=points, task=True)}
    course = {}
    if step is not None:
        course["step"] = step
    if accept is not None:
        course["accept"] = accept
    if course:
        meta["course"] = course
    source = text if text is not None else f"Your reply to {grade_id}.\n\n" + levels_table(points, points / 2, 0)
    return _cell("markdown", source, meta)


def written(grade_id: str, step: str = "reflect", points: float = 3, *, prompt: str | None = None,
            answer: str = "I once sent a report before checking the year; a checklist step now stops it.",
            accept: dict | None = None) -> list[dict]:
    """A written answer as the cases end with one: a locked markdown prompt (``prompt``: by default
    with a table of levels 3, 2, 1, 0; "": none) and the manually graded markdown answer cell."""
    if prompt is None:
        prompt = "### Your own mistake\n\nThink of a time you made a mistake like this.\n\n" + levels_table(3, 2, 1, 0)
    cells = []
    if prompt:
        cells.append(_cell("markdown", prompt, {"nbgrader": _nbgrader(f"{grade_id}-prompt", grade=False)}))
    flags = dict(_nbgrader(grade_id, grade=True, points=points), solution=True, locked=False)
    course = {"step": step} if accept is None else {"step": step, "accept": accept}
    cells.append(_cell("markdown", answer, {"nbgrader": flags, "course": course}))
    return cells


def graded_code(grade_id: str, step: str, points: float) -> dict:
    """A graded code cell (a code exercise's grade cell)."""
    return _cell("code", "assert True", {"nbgrader": _nbgrader(grade_id, grade=True, points=points),
                                         "course": {"step": step}})


def balance(tag: str = "pad", points: float = 10) -> list[dict]:
    """One manual cell per rubric step, so that no step of a small assignment is thin."""
    return [manual(f"{tag}-{step}", step, points) for step in STEPS]


def notebook(cells: list[dict], *, accept: dict | None = None) -> dict:
    metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                "language_info": {"name": "python"}}
    if accept is not None:
        metadata["course"] = {"accept": accept}
    flat = []
    for cell in cells:
        flat.extend(cell if isinstance(cell, list) else [cell])
    return {"cells": flat, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}


def write_course(root: Path, assignments: dict[str, dict], *, start: dict | None = None) -> Path:
    """A course at ``root``: the repository's nbgrader_config.py, one notebook per assignment (a
    notebook dict, or a {file name: notebook} dict), and a start page when ``start`` is given."""
    source = root / "solutions"
    source.mkdir(parents=True)
    shutil.copy(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    for name, nb in assignments.items():
        folder = source / name
        folder.mkdir()
        books = nb if "cells" not in nb else {f"{name.split('-', 1)[-1]}.ipynb": nb}
        for file_name, book in books.items():
            (folder / file_name).write_text(json.dumps(book, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                                            encoding="utf-8")
    if start is not None:
        (source / "index.ipynb").write_text(json.dumps(start, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return root
