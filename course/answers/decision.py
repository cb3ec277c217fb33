"""A decision: the learner chooses what to do, and the case continues on the branch chosen.

Why a kind of its own and not a single choice: a choice here changes what happens next. The option
chosen names a branch of the case (:mod:`course.scenarios.branching`), whose data the notebook
loads after it (:mod:`course.story`) and whose key the exercises after it are graded against. And a
decision counts once, as at work: it is graded on the learner's first decision whatever the
course's grading policy (``graded_on_first``), and that first decision is the path graded. A
practice learner may go back and take another branch to see where it leads; that exploration
changes what the notebook shows, never what is graded.

Scored as a single choice (all or nothing against the hidden test's key, the best move), and its
options must be exactly the branches' options declared in the scenario's module.
"""

from __future__ import annotations

from typing import Any

from .single_choice import SingleChoiceRules

__all__ = ["DecisionRules"]


class DecisionRules(SingleChoiceRules):
    """One decision of a case: its options are the scenario's branches."""

    kind = "decision"
    constructor = "Decision"
    title = "a decision"
    choice_name = "decision"
    graded_on_first = True

    reveal = "choices"

    def __init__(self, exercise_id: str, *, story: str, **spec: Any):
        super().__init__(exercise_id, **spec)
        self.story = story

    @property
    def decision(self):
        """The scenario's declaration of this decision (its branches and their consequences).

        Looked up when needed, not when the rules are made: grading, the tally and the report judge
        a decision as a single choice and need none of it; the panel checks it when it is built."""
        from ..scenarios import decision_point

        return decision_point(self.story, self.id)

    def check_declared(self) -> None:
        """ValueError unless the scenario declares this decision with exactly these options."""
        if sorted(self.decision.options) != sorted(self.options):
            raise ValueError(f"{self.id}: the options must be exactly the branches' options declared in "
                             f"{self.story}'s DECISIONS")

    def branch(self, option: Any) -> str | None:
        """The name of the branch an option leads to (None for anything else)."""
        found = self.decision.branch_of(option)
        return found.name if found is not None else None

    def consequence(self, option: Any) -> str:
        """What happens after choosing this option, as the scenario tells it ('' for anything else)."""
        found = self.decision.branch_of(option)
        return found.consequence if found is not None else ""

    # a decision is compared and counted as the single choice it is (the tally, the report)
    same_answer = staticmethod(SingleChoiceRules.same_answer)
    wrong_labels = staticmethod(SingleChoiceRules.wrong_labels)

    def describe(self, value: str) -> str:
        return f"You decided: “{value}”."
