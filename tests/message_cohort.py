"""A small cohort of 01-bulk-spam graded by ``course grade``, for the drafted messages' instructor view.

Why its own and not the session's graded course: the formgrader tests need ``course grade``'s own
path (workers, rescoring outside the kernel) on a learner whose message holds markup and red flags,
and only the one assignment whose drafted messages they read; building and grading 01-bulk-spam
alone costs a fraction of the whole course. Used by tests/test_formgrader_checklist.py and
tests/test_browser_formgrader.py.

The learners: ``perfect`` hands in the instructor's solutions notebook (its answer cells save the
model messages as they run), ``hostile`` the learner notebook with a reply that blames the list
seller, pitches the teleclass and holds markup, and ``blank`` the learner notebook with no answers.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from cohort import SPAM, Hand, submit

from course.instructor.autograde import grade
from course.instructor.build import build
from course.layout import CONFIG, CourseLayout

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = "bulk-spam.ipynb"
HOSTILE_REPLY = ('The list seller lied to us, so this is <b>their</b> fault, not mine. <script>alert("x")</script>\n\n'
                 "Anyway, sign up for the teleclass & get 20% off!")
LEARNERS = ("blank", "hostile", "perfect")


def graded_spam_course(root: Path) -> Path:
    """The course's config and 01-bulk-spam's solutions in ``root``, built, and the cohort graded there."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / CONFIG, root)
    layout = CourseLayout.of(root)
    shutil.copytree(REPO / "solutions" / SPAM, layout.source / SPAM, ignore=shutil.ignore_patterns("responses*.json"))
    build(root=root, assignment=SPAM)
    submit(root, SPAM, "perfect", Hand("source"))
    submit(root, SPAM, "hostile", Hand(answers=lambda: {"spam-reply": HOSTILE_REPLY}))
    submit(root, SPAM, "blank", Hand())
    results = grade(root=root, assignment=SPAM, progress=False)
    # graded, or graded and flagged (the blank hand-in has no answers file, the solutions notebook's
    # locked cells differ from the release's): none failed
    assert sorted(r.student for r in results if r.status in ("graded", "flagged")) == list(LEARNERS), results
    return root
