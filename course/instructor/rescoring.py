"""Every grade cell scored again where the learner's code cannot reach it: in the instructor's process.

Why: nbgrader runs the learner's notebook and then the hidden tests in one kernel, and takes each
test cell's shown value as its points (no value and no error is full marks). The helpers a test
calls are names and modules in that kernel, so a learner's cell can rebind ``grade``, patch
``course.grading``, silence the display hook, or write keys into the ``responses.json`` the tests
read. So after nbgrader's autograde of each submission, ``course grade`` (in its grading worker,
``autograde._rescore``, a process of the instructor's) scores again every grade cell that needs nothing from the learner's kernel (each widget
exercise's ``grade(...)``, and code checks of a saved message): the instructor's own cell from the
source notebook, hidden test and all, runs in a fresh namespace with the course's helpers, the
exercise's rules built from the source notebook's question cell, and the answers as submitted.
Its score is written into the gradebook (the grade's ``auto_score``), whatever the kernel said.
The course's grading policy (``c.CourseLayout.graded_answer``: the latest checked answer, or the
first) applies here as in the kernel, which ``course grade`` tells through ``$COURSE_GRADED_ANSWER``;
a kernel that graded by another policy disagrees, and is flagged like any other disagreement.

The answers are those of :mod:`course.instructor.scored_answers`: the submitted
``responses.json`` (which no kernel writes) plus the code answers the submitted notebook itself
gives; an answer a kernel wrote into the file by hand is not counted.

A cell that needs the learner's code (the guard function, ``complete_email``) can only be run in
the kernel. For those the kernel's score stands, read against the cell's own printed verdict
(``check_code`` prints ``<id> · <earned> of <points> points``): a cell that shows no value, or a
value its verdict contradicts, was tampered with, and scores the lower (no value: zero). A learner
who rewrites the display hook and stdout alike can still forge it, in-process; that is what
:mod:`course.instructor.tampering` flags for review by hand.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import io
import os
import re
import tempfile
import warnings
from pathlib import Path
from typing import Any

from ..layout import CourseLayout
from .scored_answers import MAX_NOTEBOOK_BYTES, answers_file, read_json
from .source_cells import SourceCell, Spec, parse, rules, source_cells

__all__ = ["checked", "rescore", "score_outside"]

TOLERANCE = 1e-6


# -- scoring one cell ---------------------------------------------------------------------------------

@contextlib.contextmanager
def _answers_at(path: Path, graded_answer: str = "latest"):
    """``load_answers()`` in an instructor's cell reads ``$COURSE_RESPONSES``: point it at ``path``;
    ``grade()`` reads the policy from ``$COURSE_GRADED_ANSWER``: set it to ``graded_answer``."""
    from ..grading import GRADED_ANSWER_VARIABLE

    changed = {"COURSE_RESPONSES": str(path), GRADED_ANSWER_VARIABLE: graded_answer}
    previous = {name: os.environ.get(name) for name in changed}
    os.environ.update(changed)
    try:
        yield
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def score_outside(cell: SourceCell, specs: dict[str, Spec], answers: Path,
                  graded_answer: str = "latest") -> float | None:
    """The cell's score run here, as nbgrader would read it (an error is 0); None if it shows no number.

    ``graded_answer``: which checked answer is graded, "latest" or "first" (the course's setting)."""
    from .. import code_checks, grading
    from ..answers import registry
    from ..responses import ResponsesStore

    store = ResponsesStore(answers)

    def grade(exercise_id: str, key: Any = None) -> float:
        spec = specs.get(exercise_id)
        if spec is None:
            raise LookupError(f"{exercise_id}: no question cell creates it")
        registry.register(rules(spec, key), store=store)
        return grading.grade(exercise_id, key)

    namespace = {"__name__": "__course_rescoring__", "__builtins__": builtins, "grade": grade,
                 "saved": lambda exercise_id: None, "try_code": lambda checks: None,
                 "check_code": code_checks.check_code, "raises": code_checks.raises}
    tree = parse(cell.source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    value = None
    try:
        with (_answers_at(answers, graded_answer), contextlib.redirect_stdout(io.StringIO()),
              contextlib.redirect_stderr(io.StringIO()), warnings.catch_warnings()):
            warnings.simplefilter("ignore")
            exec(compile(tree, f"<{cell.grade_id}>", "exec"), namespace)  # noqa: S102 - the instructor's cell
            if last is not None:
                value = eval(compile(ast.Expression(last.value), f"<{cell.grade_id}>", "eval"), namespace)  # noqa: S307
    except Exception:  # noqa: BLE001 - as in nbgrader: a test cell that raises scores 0
        return 0.0
    finally:
        registry.clear()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


_VERDICT = re.compile(r"^(?P<id>[\w-]+) · (?P<earned>\d+(?:\.\d+)?(?:e[-+]?\d+)?) of ")


def _checked_kernel_score(cell: SourceCell, notebook: Path, recorded: float) -> tuple[float | None, str]:
    """The kernel's score of a cell only it could run, held against what the cell itself shows:
    (the score to keep, why) or (None, "") when the cell's outputs agree with the score recorded."""
    nb = read_json(notebook, MAX_NOTEBOOK_BYTES)
    cells = nb.get("cells") if isinstance(nb, dict) else None
    found = next((c for c in cells or [] if isinstance(c, dict)
                  and (c.get("metadata") or {}).get("nbgrader", {}).get("grade_id") == cell.grade_id), None)
    if found is None:
        return None, ""
    outputs = [o for o in found.get("outputs") or [] if isinstance(o, dict)]
    if any(o.get("output_type") == "error" or (o.get("output_type") == "stream" and o.get("name") == "stderr")
           for o in outputs):
        return None, ""  # nbgrader scored it 0 already
    shown = next((o for o in outputs if o.get("output_type") == "execute_result"), None)
    if shown is None:
        return (0.0, "shows no score") if cell.shows_value else (None, "")
    if not cell.checks_code:
        return None, ""
    printed = "".join("".join(o.get("text", "")) if isinstance(o.get("text"), list) else str(o.get("text", ""))
                      for o in outputs if o.get("output_type") == "stream")
    verdicts = [float(m["earned"]) for m in map(_VERDICT.match, printed.splitlines()) if m and m["id"] == cell.grade_id]
    if not verdicts:
        return 0.0, "prints no verdict"
    if abs(min(verdicts) - recorded) > TOLERANCE:
        return min(min(verdicts), recorded), "shows another score than it printed"
    return None, ""


# -- one submission -----------------------------------------------------------------------------------

def rescore(layout: CourseLayout, assignment: str, student: str, gradebook) -> list[str]:
    """Score the submission's grade cells again outside its kernel, write the course's scores into
    the gradebook, and return one-line reasons to look at it (empty when all agreed)."""
    from nbgrader.api import MissingEntry

    from .tampering import tampering_reasons

    specs, cells = source_cells(layout, assignment)
    graded = layout.graded(student, assignment)
    disagreed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="course-rescoring-") as scratch:
        answers, reasons = answers_file(layout.submission(student, assignment), graded, specs, Path(scratch))
        for cell in cells:
            try:
                recorded = gradebook.find_grade(cell.grade_id, Path(cell.notebook).stem, assignment, student)
            except MissingEntry:
                continue
            if recorded.auto_score is None:
                continue
            why = ""
            if cell.outside:
                score = score_outside(cell, specs, answers, layout.graded_answer)
            else:
                score, why = _checked_kernel_score(cell, graded / cell.notebook, float(recorded.auto_score))
            if score is None or abs(score - float(recorded.auto_score)) <= TOLERANCE:
                continue
            disagreed.append(f"{cell.grade_id} {float(recorded.auto_score):g} → {score:g}" + (f" ({why})" if why else ""))
            recorded.auto_score = score
        gradebook.db.commit()
    if disagreed:
        reasons.insert(0, f"the notebook's own grading disagreed with the course's on {len(disagreed)} cell(s): "
                          f"{'; '.join(disagreed[:5])}{'; …' if len(disagreed) > 5 else ''}; the course's scores were kept")
    return reasons + tampering_reasons(layout, assignment, student)


def checked(layout: CourseLayout, assignment: str, student: str, gradebook) -> list[str]:
    """:func:`rescore`, never failing the grading run: what cannot be scored again is one line to look at."""
    try:
        return rescore(layout, assignment, student, gradebook)
    except Exception as problem:  # noqa: BLE001 - one learner's odd submission must not stop the others
        gradebook.db.rollback()
        return [f"the course could not score this submission again ({type(problem).__name__}: {str(problem)[:120]}); "
                "nbgrader's scores stand: review it by hand"]
