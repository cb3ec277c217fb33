"""``course lint``: an authoring audit of the question bank, against the guidelines for writing questions.

Why: a bank can be answered without reading (the key the longest option, always in position 2,
"3 of 5" every time, the answer in the paragraph above) and nobody notices, because each question
looks fine alone. The audit reads the catalogue and the source notebooks, applies the rules of
:mod:`.rules` to each exercise, each assignment and the whole course, and reports each finding
with its notebook, cell and exercise. An author may accept a finding only with a written reason
(:mod:`.acceptances`); ``make test`` fails on any finding not accepted (tests/test_lint.py runs
it on the course).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ...layout import CourseLayout
from . import acceptances, learner_view, patterns, rules
from .bank import read_case, start_page
from .rules import CODES, Finding

__all__ = ["CODES", "Finding", "Report", "lint"]


@dataclass(frozen=True)
class Report:
    """What the audit found, in notebook order, with the notes on acceptances that accept nothing."""

    findings: tuple[Finding, ...]
    notes: tuple[str, ...]
    notebooks: tuple  # every notebook read (bank.Notebook), for writing acceptances

    @property
    def unaccepted(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.accepted)

    @property
    def accepted(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.accepted)

    def lines(self) -> list[str]:
        return [f.line() for f in self.findings] + list(self.notes)


def lint(*, root: str | os.PathLike[str] | None = None, assignment: str | None = None) -> Report:
    """Audit one assignment (its exercises, its bank, its rubric steps; prompts against the whole
    course), or, with none named, every assignment and the course-wide bank.

    A wrong assignment name raises :class:`course.layout.UnknownAssignment`."""
    layout = CourseLayout.of(root)
    if assignment is not None:
        layout.check_assignment(assignment)
    cases = [read_case(layout, name) for name in layout.assignments()]
    chosen = [case for case in cases if assignment in (None, case.assignment)]
    everyone = [q for case in cases for q in case.questions]
    found: list[Finding] = []
    notebooks = [nb for case in chosen for nb in case.notebooks]
    for case in chosen:
        found.extend(rules.case_findings(case))
        found.extend(learner_view.case_findings(case))
        found.extend(patterns.bank_findings(case.questions, f"assignment {case.assignment}", case.notebooks[:1],
                                         case.notebooks))
        found.extend(patterns.repeated_prompts(case, everyone))
    if assignment is None:
        start = start_page(layout)
        found.extend(patterns.course_findings(cases, start))
        if start is not None:
            found.extend(learner_view.internal_notes(start))
            notebooks.append(start)
    order = {nb.path: n for n, nb in enumerate(notebooks)}
    found.sort(key=lambda f: (order.get(f.notebook.path, len(order)), f.cell is None, f.cell or 0))
    judged = acceptances.accept(found) + acceptances.bad_acceptances(notebooks)
    return Report(findings=tuple(judged), notes=tuple(acceptances.stale(judged, notebooks)),
                  notebooks=tuple(notebooks))
