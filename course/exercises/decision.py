"""A decision as radio buttons and a Decide button: the case continues on the branch chosen.

Why a Decide button even for one choice: a decision changes what happens next, so a stray click
must not take it. Choosing keeps a draft; **Decide** makes it. Then the panel tells what happens
next (the branch's consequence, in both modes: it is the story, not a verdict), and only after it,
in practice mode, the why (right or not, and that option's explanation). A decision counts once:
the first is the one graded, and the path the notebook is graded on. In practice mode the learner
may go back and take another branch to see where it leads; the panel then says which branch is
graded and which is explored, and the exercises after it follow the explored branch
(:mod:`course.story`). In graded mode a decision is final once made. The rules are
:mod:`course.answers.decision`; the branches and their consequences are the scenario's content
(:mod:`course.scenarios.branching`).
"""

from __future__ import annotations

import html
from typing import Any

from ..answers import registry
from ..answers.decision import DecisionRules
from .single_choice import SingleChoice

__all__ = ["Decision"]


class Decision(SingleChoice):
    """One decision of a case: its options are the branches its scenario declares."""

    rules_class = DecisionRules
    check_button = True

    def __init__(self, exercise_id: str, **spec: Any):
        super().__init__(exercise_id, **spec)
        self.rules.check_declared()  # an authoring slip is one line when the cell runs

    def _answer_changed(self, value: Any) -> None:
        """In graded mode a decision made is final: a later choice is put back, and said so."""
        if not self._quiet and value is not None and self._value is not None and not self.practice():
            self._show_saved()
            self._status.value = self._status_html(
                f"You decided “{self._value}”: in graded mode a decision is final.")
            return
        super()._answer_changed(value)

    def _keeps_drafts(self) -> bool:
        return True  # a choice is a draft until Decide, in both modes

    def _report_draft(self) -> None:
        made = " Your decision so far stands until then." if self._value is not None else ""
        self._status.value = self._status_html(f"Not decided yet: press Decide when you are sure.{made}")
        self._feedback.value = ""
        self._refresh_buttons()

    def _refresh_buttons(self) -> None:
        super()._refresh_buttons()
        self._check.description = "Decide"
        self._check.tooltip = "Make this decision (the first one you make is the one graded)"
        may_decide = self._draft is not None and (self.practice() or self._value is None)
        self._check.layout.display = None if may_decide else "none"
        self._reveal.layout.display = "none"  # the why follows every decision: nothing to reveal
        self._buttons.layout.display = None if may_decide else "none"

    def _save(self, value: Any) -> None:
        super()._save(value)
        self._follow()

    def answer(self, value: Any) -> None:
        super().answer(value)
        self._follow()

    def _follow(self) -> None:
        """Tell the exercises after this decision that the branch may have changed."""
        for exercise in registry.all_exercises():
            if getattr(getattr(exercise, "registered_rules", None), "after", None) == self.id:
                exercise.refresh()

    def _report(self, value: Any) -> None:
        saved = self.store.get(self.id)
        first = saved.first if saved is not None else value
        if first != value:
            status = (f"Your answers are graded on your first decision, “{first}”. You are exploring "
                      f"“{value}”: the case below follows it, in practice only.")
        elif self.practice():
            status = ("✓ Decided. This is the decision your answers are graded on. You may go back and take "
                      "another option to see where it leads; your first decision stays the one graded.")
        else:
            status = "✓ Decided. It is final, and graded after you submit."
        self._status.value = self._status_html(status)
        story = self._consequence_html(value)
        why = self.feedback(value, self.check(value)) if self.practice() else ""
        self._feedback.value = story + (f'<div class="course-decision-why"><p><strong>Why</strong></p>{why}</div>'
                                        if why else "")
        self._refresh_buttons()

    def _consequence_html(self, value: Any) -> str:
        text = self.rules.consequence(value)
        paragraphs = "".join(f"<p>{html.escape(p.strip())}</p>" for p in text.split("\n\n") if p.strip())
        return (f'<div class="course-decision-consequence" role="region" aria-label="What happens next">'
                f"<p><strong>What happens next</strong></p>{paragraphs}"
                "<p><em>Run the cells below again to load what happened next.</em></p></div>")
