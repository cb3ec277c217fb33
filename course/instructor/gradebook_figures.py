"""Every figure in a learner's feedback comes from the gradebook.

Why: a learner's autograded notebook carries figures computed in the grading kernel: the progress
chart per rubric step (:func:`course.progress.summary`, re-run at grading, judged against the
practice keys or counting answers), the review each grade cell printed ("x · 1.8 of 3 points") and
the cell's value. The gradebook is what counts: the instructor may score a drafted message or
override an automatic score in formgrader, and the chart never knew the manual scores. Feedback
that says 4.37 of 7 in one place and 0.38 of 7 in another is not feedback a learner can trust. So
the feedback's preprocessors (:mod:`course.instructor.feedback`) put the gradebook's figures in:

- :class:`StepScoreTable`: the learner's points per rubric step, at the top of the page;
- :class:`ProgressFromGradebook`: the in-kernel progress chart's output replaced by the same
  table;
- :class:`ReviewScoresFromGradebook`: a grade cell's printed score and value replaced by the
  gradebook's, where the two differ (an instructor's score).

They run in nbgrader's own converter too (``nbgrader generate_feedback``, formgrader's button,
through ``GenerateFeedback.preprocessors`` in nbgrader_config.py), where nobody hands them the
scores: they read them from the gradebook of the course the converter works on.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from nbformat.v4 import new_markdown_cell, new_output
from traitlets import Dict, List, Unicode

from nbgrader.preprocessors import NbGraderPreprocessor

from .. import rubric

from . import exports

__all__ = ["StepScoreTable", "ProgressFromGradebook", "ReviewScoresFromGradebook", "GradebookScores",
           "step_table_html", "course_root"]

# the reviews are long lines: wrap them rather than scroll (on screen and on paper)
FEEDBACK_STYLE = """<style>
.course-step-scores table { border-collapse: collapse; margin: 0.5em 0 1em; }
.course-step-scores th, .course-step-scores td { padding: 3px 14px 3px 0; text-align: left;
  border-bottom: 1px solid #ddd; }
.course-step-scores td, .course-step-scores thead th + th { text-align: right; }
.course-step-scores caption { caption-side: top; color: #444; }
div.output_text pre, div.output_stream pre { white-space: pre-wrap; word-break: break-word; }
</style>
"""
PROGRESS_CALL = re.compile(r"(?<![.\w])(summary|step_progress)\s*\(")  # course.progress's, not x.summary()


def step_table_html(learner: exports.LearnerScores, graded_answer: str = "latest") -> str:
    """The learner's points for each rubric step and in total, as an accessible HTML table, and
    which of their checked answers was graded (``graded_answer``, the course's policy)."""
    from ..grading import policy_text

    rows = []
    for step in rubric.STEPS:
        out_of = learner.per_step_max.get(step.id, 0.0)
        if out_of:
            rows.append(f'<tr><th scope="row">{html.escape(step.label())}</th>'
                        f"<td>{learner.per_step[step.id]:g}</td><td>{out_of:g}</td></tr>")
    pending = ("<p>Part of this assignment is still to be graded by your instructor, "
               "so these totals are not final yet.</p>") if learner.needs_manual_grade else ""
    policy = f'<p class="course-graded-answer">{html.escape(policy_text(graded_answer, "your"))}</p>'
    return (FEEDBACK_STYLE + '<div class="course-step-scores">\n<h2>Your scores by recovery step</h2>\n'
            "<table>\n<caption>Points earned for each step of the recovery rubric</caption>\n"
            '<thead><tr><th scope="col">Step</th><th scope="col">Your points</th>'
            '<th scope="col">Out of</th></tr></thead>\n<tbody>' + "".join(rows) + "</tbody>\n"
            f'<tfoot><tr><th scope="row">Total</th><td>{learner.total:g}</td><td>{learner.max_total:g}</td>'
            f"</tr></tfoot>\n</table>\n{policy}{pending}</div>")


def course_root(preprocessor) -> Path:
    """The course a preprocessor works on: its converter's course directory (nbgrader makes the
    converter the exporter's parent, and the exporter the preprocessor's), else the configured
    root, else the working folder (nbgrader's converter works from the course's root)."""
    node = preprocessor
    while node is not None:
        coursedir = getattr(node, "coursedir", None)
        if coursedir is not None and getattr(coursedir, "root", None):
            return Path(coursedir.root)
        node = getattr(node, "parent", None)
    configured = preprocessor.config.get("CourseDirectory", {}).get("root")
    return Path(configured) if configured else Path.cwd()


class GradebookScores(NbGraderPreprocessor):
    """The learner's scores per rubric step, read once per converter run from the gradebook."""

    tables = Dict(help="student id -> the HTML table to show that learner (read from the gradebook "
                       "when absent)").tag(config=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._cohorts: dict[str, dict[str, exports.LearnerScores]] = {}  # assignment -> student -> scores

    def learner_table(self, resources) -> str | None:
        student, assignment = resources["nbgrader"]["student"], resources["nbgrader"]["assignment"]
        if student in self.tables:
            return self.tables[student]
        if assignment not in self._cohorts:  # one converter run covers one assignment: read its cohort once
            found = exports.cohort_scores(root=course_root(self), assignment=assignment)
            self._cohorts[assignment] = {learner.student_id: learner for learner in found}
        learner = self._cohorts[assignment].get(student)
        if learner is None:
            return None
        from ..layout import CourseLayout

        return step_table_html(learner, CourseLayout.of(course_root(self)).graded_answer)


class StepScoreTable(GradebookScores):
    """Put the learner's table of points per rubric step at the top of their feedback."""

    def preprocess(self, nb, resources):
        table = self.learner_table(resources)
        if table:
            nb.cells.insert(0, new_markdown_cell(table))
        return nb, resources


class ProgressFromGradebook(GradebookScores):
    """Replace what the progress chart printed and drew in the grading kernel with the gradebook's
    table: the chart was judged in the kernel (against practice keys, or counting answers) and
    never saw the instructor's manual scores."""

    progress_cells = List(Unicode(), ["progress-summary"],
                          help="grade ids of the cells that show the in-kernel progress").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in self.progress_cells or PROGRESS_CALL.search(cell.source):
            table = self.learner_table(resources)
            note = ("Your scores per rubric step as graded, your instructor's scores included "
                    "(the same as the table at the top of this page).")
            cell.outputs = [new_output("display_data", data={"text/html": f"<p>{note}</p>\n{table}", "text/plain": note})
                            if table else new_output("stream", name="stdout", text=note + "\n")]
        return cell, resources


class ReviewScoresFromGradebook(NbGraderPreprocessor):
    """Where a grade cell's gradebook score differs from what its test printed (the instructor
    set it in formgrader), show the gradebook's: in the review line and as the cell's value.

    Runs after nbgrader's ``GetGrades``, which puts each cell's gradebook score in its metadata."""

    def preprocess_cell(self, cell, resources, index):
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("grade") or meta.get("score") is None:
            return cell, resources
        score, grade_id = float(meta["score"]), meta.get("grade_id", "")
        # "q · 1.8 of 3 points.", "q · no answer was saved, so 0 of 1 points." (course.grading's reviews)
        review = re.compile(rf"^({re.escape(grade_id)} · (?:[^\n]*?\bso )?)(\d+(?:\.\d+)?)( of [\d.]+ points)", re.M)

        def rescore(match: re.Match) -> str:
            if abs(float(match.group(2)) - score) < 1e-9:
                return match.group(0)
            return f"{match.group(1)}{score:g}{match.group(3)} (your instructor's score)"

        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                output.text = review.sub(rescore, output.text)
            elif output.get("output_type") == "execute_result":
                plain = output.get("data", {}).get("text/plain", "")
                try:
                    differs = abs(float(plain) - score) > 1e-9
                except ValueError:
                    continue
                if differs:
                    output.data = {"text/plain": f"{score:g}"}
        return cell, resources
