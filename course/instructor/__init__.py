"""The instructor's side: code that runs in the ``course`` commands, never in a learner's kernel.

Building the learner release from ``solutions/`` (:mod:`.build`), importing submissions from an
LMS (:mod:`.lms_import`), checking them (:mod:`.submissions`), grading a cohort in parallel
(:mod:`.autograde`, on kernels forked by :mod:`.warm_kernels`), writing feedback (:mod:`.feedback`,
every figure in it from the gradebook: :mod:`.gradebook_figures`), finding manual scores given to
an earlier submission (:mod:`.manual_grades`), grade exports (:mod:`.exports`), both after grading
(:mod:`.outputs`), the cohort report (:mod:`.report`) and its misconceptions
(:mod:`.misconceptions`). Everything here talks to nbgrader through :mod:`.nbgrader_api`, and
finds its folders in :mod:`course.layout`. The ``course`` subcommands over this package are in
:mod:`course.commands`.

Why a package of its own: code that runs in a learner's kernel must import fast, never write to
stderr and never raise for anything a learner did; code here may be slow to import and may fail
loudly with one line. Keeping the two apart shows which rules a change must follow. Nothing in
a learner's kernel imports this package.
"""
