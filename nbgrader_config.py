"""nbgrader's configuration for this course: solutions/ is the source, notebooks/ the release.

This file is the course's one layout: the `course` commands read every folder from it (through
course.layout.CourseLayout), and so do plain `nbgrader` commands. Rename a folder here and both
follow. Every path is relative to this file, so they agree wherever they are run from. The
gradebook is a database URL: SQLite here by default, PostgreSQL for a JupyterHub course (set
COURSE_DB_URL).
"""

import os

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)

here = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.root = here
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "notebooks"
c.CourseDirectory.submitted_directory = "grading/submitted"
c.CourseDirectory.autograded_directory = "grading/autograded"
c.CourseDirectory.feedback_directory = "grading/feedback"
c.CourseDirectory.db_url = os.environ.get(
    "COURSE_DB_URL", "sqlite:///" + os.path.join(here, "grading", "gradebook.db")
)
# SQLite creates the gradebook's file but not its folder, and grading/ is not in the repository:
# without this, a fresh clone's plain `nbgrader generate_assignment` fails ("unable to open
# database file")
_gradebook_folder = os.path.dirname(c.CourseDirectory.db_url.partition("sqlite:///")[2].split("?", 1)[0])
if c.CourseDirectory.db_url.startswith("sqlite:///") and _gradebook_folder:
    os.makedirs(_gradebook_folder, exist_ok=True)
# nbgrader's exchange files submissions under the course id, and a PostgreSQL gradebook requires one
c.CourseDirectory.course_id = os.environ.get("COURSE_ID", "recovering-from-mistakes")
# the course's own folders (not nbgrader's), relative to this file: the `course grade` CSVs,
# the `course report` pages, and `course grade`'s record of what it graded (to skip it next time)
c.CourseLayout.exports_directory = "grading/exports"
c.CourseLayout.reports_directory = "grading/reports"
c.CourseLayout.state_directory = "grading/.course-grade"
# the graded flavour of the learner notebooks (`course build ASSIGNMENT --graded`): no answer key in
# any form, published with `nbgrader release_assignment ASSIGNMENT
# --CourseDirectory.release_directory=grading/release-graded`
c.CourseLayout.graded_release_directory = "grading/release-graded"
# which checked answer of each widget exercise is graded: "latest" (the rubric's rule: what the
# learner ended with) or "first" (their first checked answer, before the practice feedback taught
# them). `course grade` applies it in the grading kernels and in its own scoring, and says it in the
# feedback and the report; plain `nbgrader autograde` run in this folder reads it here too.
c.CourseLayout.graded_answer = "latest"
# `nbgrader release_assignment` (and formgrader's Release button) publish that graded flavour, never
# notebooks/, and refuse any notebook that still holds key material (course/instructor/graded_exchange.py)
c.ExchangeFactory.release_assignment = "course.instructor.graded_exchange.GradedReleaseAssignment"
# the answers file's lock and temporary files are never worth copying. (responses.json itself
# must NOT be ignored here: autograde and submit use this list too, and would drop the answers;
# `course build` keeps it out of releases instead.)
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".responses.json.*"]
# learners answer by clicking: where the solution answers in code, leave nothing, not an error (the
# cell's own comment line above the solution says how to answer in code, scripts/answer-cell-lines)
c.ClearSolutions.code_stub = {"python": ""}
# a written answer (a manually graded markdown cell: the personal reflection at the end of each case)
# shows the learner this line where the model answer was, not nbgrader's shouted "YOUR ANSWER HERE"
c.ClearSolutions.text_stub = "Write your answer here."
# autograde copies every source file over the submission's; a responses.json left in the source
# (by running the instructor notebooks in place) must never replace a learner's answers
_solutions = os.path.join(here, c.CourseDirectory.source_directory)
c.Autograde.exclude_overwriting = {
    name: ["responses.json"]
    for name in (os.listdir(_solutions) if os.path.isdir(_solutions) else [])
    if os.path.isdir(os.path.join(_solutions, name))
}
# feedback: every path (`course feedback`, `course grade`, plain `nbgrader generate_feedback`,
# formgrader's "Generate Feedback" button) writes the safe feedback, never nbgrader's default
# (which shows the hidden tests, keys and all). Named by import string, so loading this file
# (which a learner's JupyterLab does too) imports nothing; the same list as
# course.instructor.feedback.PREPROCESSORS, which says what each one does.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "course.instructor.feedback.FeedbackHiddenTests",
    "course.instructor.feedback.HideAnswerKeys",
    "course.instructor.gradebook_figures.ReviewScoresFromGradebook",
    "course.instructor.gradebook_figures.ProgressFromGradebook",
    "course.instructor.gradebook_figures.StepScoreTable",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
