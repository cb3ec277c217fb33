"""Feedback for learners: their graded notebook as HTML, with every review and score, and no key.

Why not nbgrader's default feedback: nbgrader renders the autograded notebook as it is, and
autograde has put the hidden tests back into the grade cells (nbgrader issue #917), so its
feedback would hand every learner the plain answer keys. We still use nbgrader's own converter,
so feedback lands where nbgrader's does (grading/feedback/<student>/<assignment>/<notebook>.html,
ready for ``release_feedback``) with its scores per cell; only its preprocessor list changes
(``GenerateFeedback.preprocessors``, :data:`PREPROCESSORS`). The course's nbgrader_config.py sets
the same list, so plain ``nbgrader generate_feedback`` and formgrader's "Generate Feedback" button
write this same safe feedback (they used to overwrite it with nbgrader's default):

1. ``GetGrades`` (nbgrader's): each cell's score and comment from the gradebook.
2. :class:`FeedbackHiddenTests`: nbgrader's ``ClearHiddenTests`` (the one that builds the learner
   notebooks) removes every ``### BEGIN HIDDEN TESTS`` region. The printed review the test
   produced stays, because only sources change, never outputs.
3. :class:`HideAnswerKeys` (ours):
   - removes ``### BEGIN SOLUTION`` regions. A learner's own notebook has none (the release
     replaced them with a comment), so this only ever hides instructor text that reached a
     submission, such as the solutions notebook handed in as a test;
   - removes the key arguments from the exercise definitions (the ``key=[...]`` digests, the
     veiled ``explanations=`` / ``explanation=`` / ``solution=``, ``expected_size=``: the graded release's list,
     :mod:`course.instructor.key_material`). Digests are not keys (they are salted hashes,
     the README's grading rules), but with four options they can be tried one by one, sealed texts are noise, and
     the learner needs neither to read their feedback: the prompt and options stay;
   - drops the widgets (their outputs and saved state). A static page cannot run them, their
     state would need JavaScript from a CDN, and what they showed (the answer given) is in the
     grade cell's printed review below each one.
4. Every figure from the gradebook (:mod:`course.instructor.gradebook_figures`): a review whose
   score the instructor changed shows the instructor's; the progress chart computed in the
   grading kernel is replaced by the gradebook's table per rubric step; and that table (each
   cell's step from the course's catalogue, :mod:`course.catalogue`) heads the page, so feedback
   speaks the course's language.
5. ``CSSHTMLHeaderPreprocessor`` (nbconvert's, as in nbgrader's default list).

Nothing is printed on stderr: nbgrader's log is captured by its API, warnings are silenced, and
a failure is raised as one :class:`FeedbackError` line.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from pathlib import Path

from traitlets import Bool, List, Unicode

from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor

from ..layout import CourseLayout
from . import exports, nbgrader_api
from .gradebook_figures import StepScoreTable, step_table_html
from .key_material import KEY_ARGUMENTS, without_key_material

__all__ = ["FeedbackError", "FeedbackHiddenTests", "HideAnswerKeys", "PREPROCESSORS", "StepScoreTable",
           "write_feedback", "step_table_html"]

# the feedback pipeline, by import string: nbgrader_config.py names the same list (a test checks
# that they agree), so that nbgrader's own paths (``nbgrader generate_feedback``, formgrader's
# "Generate Feedback" button) write this feedback too, and loading that file imports nothing
PREPROCESSORS = (
    "nbgrader.preprocessors.GetGrades",
    "course.instructor.feedback.FeedbackHiddenTests",
    "course.instructor.feedback.HideAnswerKeys",
    "course.instructor.gradebook_figures.ReviewScoresFromGradebook",
    "course.instructor.gradebook_figures.ProgressFromGradebook",
    "course.instructor.gradebook_figures.StepScoreTable",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
)

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class FeedbackError(Exception):
    """nbgrader could not write a learner's feedback; the message says whose and why in one line."""


def strip_regions(source: str, begin: str, end: str) -> str:
    """``source`` without the lines from a ``begin`` marker to its ``end`` marker, both included.

    An unclosed region is cut to the end of the cell: showing too little beats leaking."""
    kept, inside = [], False
    for line in source.split("\n"):
        if begin in line:
            inside = True
        elif end in line and inside:
            inside = False
        elif not inside:
            kept.append(line)
    return "\n".join(kept)


class HideAnswerKeys(NbGraderPreprocessor):
    """Remove solution regions, exercise secrets and widgets from a notebook before it is rendered."""

    begin_solution = Unicode("BEGIN SOLUTION").tag(config=True)
    end_solution = Unicode("END SOLUTION").tag(config=True)
    solution_note = Unicode("# (the instructor's solution is not shown in feedback)").tag(config=True)
    secret_arguments = List(Unicode(), list(KEY_ARGUMENTS)).tag(config=True)

    def preprocess(self, nb, resources):
        nb.metadata.pop("widgets", None)
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        if self.begin_solution in cell.source:
            kept = strip_regions(cell.source, self.begin_solution, self.end_solution)
            cell.source = (kept.rstrip("\n") + "\n" + self.solution_note).lstrip("\n")
        cell.source = without_key_material(cell.source, self.secret_arguments)
        cell.outputs = [o for o in cell.get("outputs", []) if WIDGET_VIEW not in o.get("data", {})]
        return cell, resources


class FeedbackHiddenTests(ClearHiddenTests):
    """nbgrader's ``ClearHiddenTests``, lenient for feedback: a hidden-test marker a learner typed
    into an answer cell is cut like any other, instead of failing the learner's feedback. (Building
    the release keeps nbgrader's strict check: this class is used only here.)"""

    enforce_metadata = Bool(False).tag(config=True)


def _config(tables: dict[str, str]):
    from traitlets.config import Config

    config = Config()
    config.GenerateFeedback.preprocessors = list(PREPROCESSORS)
    config.GradebookScores.tables = tables  # the scores this run already read, so no preprocessor reads them again
    return config


def _last_line(result: dict) -> str:
    lines = (result.get("error") or result.get("log") or "no detail").strip().splitlines()
    return lines[-1] if lines else "no detail"


def write_feedback(*, root: Path, assignment: str, students: list[str] | None = None,
                   learners: list[exports.LearnerScores] | None = None) -> list[Path]:
    """Write each learner's feedback HTML; return the files written, by student then notebook.

    ``students`` defaults to every learner with a graded submission of the assignment.
    ``learners``: the cohort's scores when the caller has them already (``course grade`` hands the
    same ones to the grade exports); default :func:`course.instructor.exports.cohort_scores`."""
    root = Path(root)
    scores = exports.cohort_scores(root=root, assignment=assignment) if learners is None else learners
    learners = {learner.student_id: learner for learner in scores}
    wanted = sorted(learners) if students is None else list(students)
    unknown = [s for s in wanted if s not in learners]
    if unknown:
        raise FeedbackError(f"no graded submission of {assignment} for: {', '.join(unknown)}")
    policy = CourseLayout.of(root).graded_answer
    tables = {s: step_table_html(learners[s], policy) for s in wanted}
    api = nbgrader_api.api(root, _config(tables))
    written: list[Path] = []
    for student in wanted:
        with contextlib.redirect_stderr(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = api.generate_feedback(assignment, student, force=True)
        if not result.get("success"):
            raise FeedbackError(f"feedback for {student} on {assignment} failed: {_last_line(result)}")
        folder = Path(api.coursedir.format_path(api.coursedir.feedback_directory, student, assignment))
        graded = Path(api.coursedir.format_path(api.coursedir.autograded_directory, student, assignment))
        written += [folder / f"{nb.stem}.html" for nb in sorted(graded.glob("*.ipynb"))]
    missing = [p for p in written if not p.is_file()]
    if missing:
        raise FeedbackError(f"nbgrader reported success but wrote no {missing[0]}")
    return written
