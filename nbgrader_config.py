"""nbgrader's configuration for this course: solutions/ is the source, notebooks/ the release.

Every path is relative to this file, so `course` and plain `nbgrader` commands agree wherever
they are run from. The gradebook is a database URL: SQLite here by default, PostgreSQL for a
JupyterHub course (set COURSE_DB_URL).
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
# the answers file's lock and temporary files are never worth copying. (responses.json itself
# must NOT be ignored here: autograde and submit use this list too, and would drop the answers;
# `course build` keeps it out of releases instead.)
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".responses.json.*"]
# learners answer by clicking: where the solution answers in code, leave a comment, not an error
c.ClearSolutions.code_stub = {
    "python": "# (your answer in code, if you are not answering by clicking)"
}
# autograde copies every source file over the submission's; a responses.json left in solutions/
# (by running the instructor notebooks in place) must never replace a learner's answers
_solutions = os.path.join(here, "solutions")
c.Autograde.exclude_overwriting = {
    name: ["responses.json"]
    for name in (os.listdir(_solutions) if os.path.isdir(_solutions) else [])
    if os.path.isdir(os.path.join(_solutions, name))
}
