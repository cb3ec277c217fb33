"""What each person of tests/test_exchange.py does by hand, as a script they run as themselves.

Why a script of its own: the learners and the instructor of that test are separate Unix users who
cannot read the test's checkout or its environment, so the test copies this file where they can
read it and each runs it with the shared environment's Python (scripts/exchange-users). It imports
only what a learner's or an instructor's own environment has: the course, nbformat, nbgrader.

    python exchange_roles.py click RESPONSES ANSWERS.json     answer by the widgets (a learner)
    python exchange_roles.py type NOTEBOOK CODE.json          type code into answer cells (a learner)
    python exchange_roles.py score COURSE SCORES.json         score task cells, as formgrader does
    python exchange_roles.py scores COURSE ASSIGNMENT         print the gradebook's scores as JSON
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def click(responses: str, answers: str) -> None:
    """Save each answer as a click in a widget saves it (``ResponsesStore.record``), in order."""
    from course.responses import ResponsesStore

    store = ResponsesStore(responses)
    for exercise_id, value in json.loads(Path(answers).read_text()).items():
        store.record(exercise_id, value)


def type_code(notebook: str, code: str) -> None:
    """Replace the source of the answer cells named by their grade id, as a learner types there."""
    import nbformat

    typed = json.loads(Path(code).read_text())
    nb = nbformat.read(notebook, as_version=4)
    found = set()
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in typed:
            cell.source = typed[grade_id]
            found.add(grade_id)
    missing = sorted(set(typed) - found)
    if missing:
        sys.exit(f"no answer cell {', '.join(missing)} in {notebook}")
    nbformat.write(nb, notebook)


def score(course: str, scores: str) -> None:
    """Give manual scores through nbgrader's gradebook API, the way formgrader's grade handler does
    (nbgrader/server_extensions/formgrader/apihandlers.py, ``GradeHandler.put``).

    SCORES.json: [{"student": ..., "assignment": ..., "notebook": ..., "cell": ..., "score": ...}]"""
    from course.instructor.nbgrader_api import gradebook
    from course.layout import CourseLayout

    with gradebook(CourseLayout.of(Path(course))) as gb:
        for item in json.loads(Path(scores).read_text()):
            grade = gb.find_grade(item["cell"], item["notebook"], item["assignment"], item["student"])
            grade = gb.find_grade_by_id(grade.id)  # formgrader finds it by id, as the page sends it
            grade.manual_score = item["score"]
            grade.extra_credit = None
            grade.needs_manual_grade = grade.manual_score is None and grade.auto_score is None
            gb.db.commit()


def scores(course: str, assignment: str) -> None:
    """Print {student: {"total": ..., "max": ..., "cells": {grade id: [score, points]}}} from the gradebook."""
    from course.instructor.nbgrader_api import gradebook
    from course.layout import CourseLayout

    out = {}
    with gradebook(CourseLayout.of(Path(course))) as gb:
        for submission in gb.assignment_submissions(assignment):
            cells = {}
            for nb in submission.notebooks:
                cells.update({grade.name: [grade.score, grade.max_score] for grade in nb.grades})
            out[submission.student_id] = {"total": submission.score, "max": submission.max_score,
                                          "cells": cells}
    print(json.dumps(out))


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    {"click": click, "type": type_code, "score": score, "scores": scores}[command](*arguments)
