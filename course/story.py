"""A case's story as far as the learner has taken it: the data after the decisions made so far.

Why: in a case that unfolds, what happens after a decision is not visible before it, and what the
learner analyses next depends on what they chose. So a notebook loads a table a decision changes
through its story (``story = Story("01-bulk-spam")`` in the setup cell, ``story.load("responses")``
after the decision), which reads the branch of each decision whose cell has run in this kernel.
Run All, nbval and nbgrader's autograde run the cells in order, so a table loaded above a decision
is the case before it, and one loaded below is the branch taken: the learner's path is reproduced
exactly wherever the notebook runs.

Which branch: a decision counts once. The *graded* branch is the learner's first decision (what
``course grade`` scores the exercises after it against, :func:`graded_branch`). A practice learner
may go back and take another branch to see where it leads: the story then follows their latest
choice (:func:`current_branch`) while the graded path stays. Where answers are only being graded
(a grading kernel, which has no frontend, or graded mode, where a decision cannot be changed) the
story follows the graded path.

Imports no ipywidgets (grading uses it).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from .answers import registry
from .responses import Answer, ResponsesStore, load_answers
from .speedups import NO_FRONTEND

__all__ = ["Story", "branch_option", "current_branch", "exploring", "graded_branch", "graded_load", "graded_path"]


def _declared(decision_id: str):
    from .scenarios import find_decision

    found = find_decision(decision_id)
    return None if found is None else found[1]


def graded_branch(decision_id: str, answers: dict[str, Answer] | None = None) -> str | None:
    """The branch of the learner's first decision (what is graded), or None before any decision.

    ``answers`` default: the responses file as :func:`course.responses.load_answers` finds it."""
    decision = _declared(decision_id)
    answers = load_answers() if answers is None else answers
    answer = answers.get(decision_id)
    if decision is None or answer is None:
        return None
    branch = decision.branch_of(answer.first)
    return None if branch is None else branch.name


def branch_option(decision_id: str, branch: str) -> str:
    """The option's text of one branch of a decision (what the learner chose), or the branch's name."""
    decision = _declared(decision_id)
    try:
        return decision.branch(branch).option if decision is not None else branch
    except KeyError:
        return branch


def exploring() -> bool:
    """Whether a learner may explore another branch here: practice mode, with a frontend."""
    if os.environ.get(NO_FRONTEND) == "1":
        return False
    panels = sys.modules.get("course.exercises.base")
    mode = panels.get_mode() if panels is not None else os.environ.get("COURSE_MODE", "practice").strip().lower()
    return mode != "graded"


def current_branch(decision_id: str, store: ResponsesStore | None = None) -> str | None:
    """The branch the notebook follows now: the latest decision while a practice learner explores,
    else the first (the graded one); None before any decision."""
    decision = _declared(decision_id)
    answer = (store or ResponsesStore()).get(decision_id)
    if decision is None or answer is None:
        return None
    branch = decision.branch_of(answer.value if exploring() else answer.first)
    return None if branch is None else branch.name


def graded_path(scenario: str, answers: dict[str, Answer] | None = None) -> dict[str, str]:
    """decision id -> the graded branch, for each decision of the scenario the learner has made."""
    from .scenarios import decisions

    answers = load_answers() if answers is None else answers
    path = {}
    for decision in decisions(scenario):
        branch = graded_branch(decision.id, answers)
        if branch is not None:
            path[decision.id] = branch
    return path


def graded_load(scenario: str, table: str) -> Any:
    """A table on the learner's graded path (for a hidden test that computes its key from the data)."""
    from .data import load

    return load(scenario, table, graded_path(scenario))


class Story:
    """One case's data as the learner's decisions so far have shaped it."""

    def __init__(self, scenario: str):
        from .scenarios import decisions

        decisions(scenario)  # a one-line ValueError for an unknown scenario
        self.scenario = scenario

    def _decisions_run(self) -> list[Any]:
        """The decision exercises of this case whose cell has run in this kernel, in that order."""
        return [e for e in registry.all_exercises()
                if getattr(getattr(e, "rules", e), "kind", "") == "decision"
                and getattr(getattr(e, "rules", e), "story", None) == self.scenario]

    def path(self) -> dict[str, str]:
        """decision id -> the branch followed now, for each decision run and made in this kernel."""
        path = {}
        for exercise in self._decisions_run():
            rules = getattr(exercise, "rules", exercise)
            branch = current_branch(rules.id, registry.entry(rules.id).store)
            if branch is not None:
                path[rules.id] = branch
        return path

    def load(self, table: str) -> Any:
        """The table as it stands after the decisions made so far (a fresh DataFrame).

        Before a decision it depends on is made, the table as it stands before that decision, with
        a one-line note to decide and run the cell again. Not an error: Run All on a fresh notebook
        stops at the first error, and every question below it would stay unbuilt."""
        from .data import load

        path = self.path()
        for exercise in self._decisions_run():
            rules = getattr(exercise, "rules", exercise)
            if table in rules.decision.tables and rules.id not in path:
                asked = getattr(exercise, "prompt", "") or rules.id
                print(f"You have not decided yet (“{asked}”): this is {table} before your decision. "
                      "Decide above, then run this cell again.")
        return load(self.scenario, table, path)

    def __repr__(self) -> str:
        return f"<Story {self.scenario!r}: {self.path() or 'no decision yet'}>"
