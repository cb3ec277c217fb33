"""Recovering from Mistakes: a Jupyter course on handling workplace mistakes.

The package behind the notebooks: the rubric (``course.rubric``), the responses file
(``course.responses``), the widget exercises (``course.exercises``), the grading helpers test
cells call (``course.grading``), the progress summary (``course.progress``) and the ``course``
command (``course.cli``). Importing ``course`` itself is cheap on purpose: a notebook's first
exercise should appear in well under a second, so each module is imported only when used.
"""

__version__ = "0.1.0"
