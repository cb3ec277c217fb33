"""Judge on request, teach on failure: a practice panel's Check, its drafts and "Show the answer".

Judged on request (practice mode). A composite answer (ordering, categorise, multiple choice:
``check_button``) used to be judged at every move, so a learner could move items until they
turned green. Now moving, ticking and choosing keep a *draft* (``ResponsesStore.save_draft``:
nothing grades it, nobody is told), and the Check button saves the *checked* answer
(``ResponsesStore.save``: one attempt when it differs from the last), judges it, and says per
part what was right and, for each wrong part, why (its explanation); the closing explanation only
once the answer is complete or revealed. A single choice is judged at each click (a click is its
check), a number at its Save, a code answer at ``.answer(...)``. After ``reveal_after`` checked
answers, the latest still wrong, "Show the answer" reveals the right one with every explanation
(``ResponsesStore.mark_revealed``); a re-run or reload shows the draft again if there is one,
else the checked answer with its verdict, and the revealed answer once revealed.

Graded mode (``COURSE_MODE=graded``, or a keyless exercise from ``course build --graded``) judges
and reveals nothing, and every change is the answer, saved at once as before: with no feedback
there is nothing to learn between a move and a check, and a Check button would only add a way to
hand in an answer the learner believed saved. A learner expects what they see to be what they
hand in.
"""

from __future__ import annotations

import html
from typing import Any, ClassVar

import ipywidgets as widgets

from . import display_order

__all__ = ["CheckFlow"]


class CheckFlow:
    """Mixed into :class:`course.exercises.base.Exercise`: the Check and "Show the answer" buttons,
    the draft kept between checks, and the revealed answer. It uses the panel's store, rules,
    status line and feedback, and its ``practice()``, ``_report()`` and ``_current()``."""

    check_button: ClassVar[bool] = False  # True: changes are drafts until the learner presses Check

    def _build_buttons(self) -> None:
        self._check = widgets.Button(description="Check", tooltip="Check this answer (it counts as one try)",
                                     button_style="primary")
        self._check.on_click(lambda _: self.press_check())
        self._reveal = widgets.Button(description="Show the answer",
                                      tooltip="See the right answer and why (it is recorded that you did)")
        self._reveal.on_click(lambda _: self.show_answer())
        self._buttons = widgets.HBox([self._check, self._reveal])
        self._buttons.add_class("course-exercise-buttons")

    @property
    def draft(self) -> Any:
        """The unchecked answer the control shows (normalised), or None when it shows the checked one."""
        return self._draft

    @property
    def revealed(self) -> bool:
        """Whether the learner asked to see the right answer."""
        return self._revealed

    def press_check(self) -> None:
        """What the Check button does: save the answer the control shows as checked, and judge it."""
        try:
            value = self.normalise(self._current())
        except ValueError as problem:
            self._status.value = self._status_html(str(problem))
            return
        self._save(value)

    def show_answer(self) -> None:
        """What "Show the answer" does: record the reveal, then show the right answer and every
        explanation. Practice mode only, and only once the learner may (:meth:`Rules.can_reveal`)."""
        if not self.practice() or self._revealed or not self.rules.can_reveal(self._attempts, self.check()):
            return
        try:
            saved = self.store.mark_revealed(self.id)
        except (OSError, TimeoutError) as problem:
            self._status.value = self._status_html(f"⚠ Could not record it: {problem}")
            return
        if saved is None:
            return
        self._revealed = True
        self._report(self._value)

    def _keeps_drafts(self) -> bool:
        """Whether a change is a draft until checked: a composite answer, in practice mode."""
        return self.check_button and self.practice()

    def _kept_draft(self) -> Any:
        """The draft kept for this exercise, normalised, or None (none, it no longer fits, or graded
        mode, where a draft from practice is nothing to check: every change there is the answer)."""
        if not self._keeps_drafts():
            return None
        try:
            draft = self.store.draft(self.id)
            return None if draft is None else self.normalise(draft)
        except (ValueError, TypeError, OSError):
            return None

    def _save_draft(self, value: Any) -> None:
        """Keep a learner's unchecked change: nothing judges it, counts it or announces it."""
        try:
            self.store.save_draft(self.id, value)
        except (OSError, TimeoutError) as problem:
            self._status.value = self._status_html(f"⚠ Could not keep your answer: {problem}")
            return
        display_order.keep(self.store)
        if value == self._value:  # back to the checked answer: its verdict holds again
            self._draft = None
            self._report(value)
            return
        self._draft = value
        self._report_draft()

    def _report_draft(self) -> None:
        checked = " Your last checked answer is kept until then." if self._value is not None else ""
        self._status.value = self._status_html(
            f"Not checked yet: press Check when you are ready (each check counts as one try).{checked}")
        self._feedback.value = self._revealed_html() if self._revealed and self.practice() else ""
        self._refresh_buttons()

    def _refresh_buttons(self) -> None:
        """Check shows for a composite answer in practice mode; "Show the answer" once it may be used."""
        practice = self.practice()
        self._check.layout.display = None if self.check_button and practice else "none"
        may_reveal = (practice and not self._revealed and self._value is not None
                      and self.rules.can_reveal(self._attempts, self.check()))
        self._reveal.layout.display = None if may_reveal else "none"
        self._buttons.layout.display = None if (self.check_button and practice) or may_reveal else "none"

    def _revealed_html(self) -> str:
        """The right answer with every explanation, as shown once the learner asked for it."""
        right = self.rules.right_answer()
        shown = self.solution_html(right) if right is not None else ""
        check = self.check()  # a right answer already shows the closing explanation above
        closing = "" if check.complete else self.rules.closing_text(check, revealed=True)
        body = shown + (f"<p>{html.escape(closing)}</p>" if closing else "")
        if not body:
            body = "<p>This notebook carries no worked answer for this question; ask your instructor.</p>"
        return f'<div class="course-exercise-revealed"><p><strong>The answer</strong> (you asked to see it):</p>{body}</div>'
