"""The shared base of every widget exercise: a thin panel over one answer's rules.

Why one base: every exercise type must behave the same way towards the learner. It keeps each
answer the moment it is given, shows it again when the notebook is re-run, can be answered from
code, gives practice feedback or records silently in graded mode, and never writes when it is
merely created (so "Run All", nbval and nbgrader's autograde never overwrite a saved answer with
a default). What an answer is worth is not decided here: each panel holds a rules object of
:mod:`course.answers` (normalise, parts, score, describe, review), which grading uses without any
widget. A subclass only says which rules it shows, which ipywidgets control shows an answer, and
how practice feedback looks.

Judged on request, graded by every change: practice mode keeps a composite answer as a draft
until the learner presses Check, and may reveal the answer after wrong checks; graded mode saves
every change and judges nothing (:mod:`course.exercises.check_flow` says why).

After each checked save the panel announces a plain record of the answer
(:mod:`course.answers.events`); a live workshop listens there and so never sees a draft. Nothing
here knows the workshop.
"""

from __future__ import annotations

import html
import os
from abc import ABC, abstractmethod
from contextlib import contextmanager
from typing import Any, ClassVar

import ipywidgets as widgets

from .. import rubric
from ..speedups import widgets_send_nothing
from ..answers import events
from ..answers.base import Check, Rules, options_list
from ..responses import ResponsesStore
from ..story import current_branch, graded_branch
from . import display_order, plain, registry
from .check_flow import CheckFlow
from .style import STYLE

__all__ = ["Exercise", "Check", "MODES", "get_mode", "set_mode", "options_list", "verdict"]

MODES = ("practice", "graded")
_mode_override: str | None = None


def get_mode() -> str:
    """``practice`` (immediate feedback, the default for self-paced learners) or ``graded``.

    A graded release (``course build --graded``) is graded by itself: its exercises carry no key,
    and once one of them is defined in this kernel nothing can switch it back to practice. Else a
    graded course sets ``COURSE_MODE=graded`` in the learners' environment (a JupyterHub can), or
    the notebook calls :func:`set_mode`.
    """
    if any(getattr(getattr(e, "registered_rules", None) or getattr(e, "rules", e), "keyless", False)
           for e in registry.all_exercises()):
        return "graded"
    if _mode_override:
        return _mode_override
    mode = os.environ.get("COURSE_MODE", "practice").strip().lower()
    return mode if mode in MODES else "practice"


def set_mode(mode: str) -> None:
    """Switch every exercise created from now on to ``practice`` or ``graded`` mode."""
    global _mode_override
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    _mode_override = mode


def from_rules(name: str, doc: str = "") -> property:
    """A read-only attribute of the panel that is its rules' attribute of the same name."""
    return property(lambda self: getattr(self.rules, name), doc=doc or f"The exercise's {name} (from its rules).")


class Exercise(CheckFlow, ABC):
    """A widget exercise: a panel over a rules object. Subclasses name their rules and their control."""

    rules_class: ClassVar[type[Rules]]
    kind: ClassVar[str] = "exercise"
    needs_key: ClassVar[bool] = True  # False for exercises judged by rules, not a key (drafted messages)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """A panel class answers the class-level questions of its rules (kind, parts, ...) as before."""
        super().__init_subclass__(**kwargs)
        rules = cls.__dict__.get("rules_class")
        if rules is not None:
            cls.kind, cls.needs_key = rules.kind, rules.needs_key
            for name in ("canonical", "parts", "score", "explanation_part"):
                setattr(cls, name, staticmethod(getattr(rules, name)))

    def __init__(self, exercise_id: str, *, prompt: str, store: ResponsesStore | None = None, **spec: Any):
        """``spec`` is the kind's rules' (step, points, key, explanations, options, ...): see
        :class:`course.answers.Rules` and the kind's own rules class."""
        self.registered_rules = self.rules_class(exercise_id, **spec)
        self._branch_rules: dict[str | None, Rules] = {}
        self.prompt = prompt
        self.graded_store = store if store is not None else ResponsesStore()
        self._explored_stores: dict[str, ResponsesStore] = {}
        self._quiet = 0
        self._value: Any = None
        self._attempts = 0
        self._draft: Any = None  # an unchecked answer shown in the control, or None
        self._revealed = False
        self.learner = display_order.learner(self.store)
        widgets_send_nothing()  # in a grading kernel, no frontend listens (course.speedups)
        self._build_panel()
        self._show_saved()
        registry.register(self)

    # -- after a decision: the branch followed now decides the key and where answers go ----------

    @property
    def rules(self) -> Rules:
        """The rules in force: for an exercise after a decision, those of the branch followed now
        (:func:`course.story.current_branch`); the registry keeps the unbranched ones for grading."""
        base = self.registered_rules
        if base.after is None:
            return base
        branch = current_branch(base.after, self.graded_store)
        if branch not in self._branch_rules:
            self._branch_rules[branch] = base.for_branch(branch)
        return self._branch_rules[branch]

    @property
    def store(self) -> ResponsesStore:
        """Where answers are saved: ``responses.json``, except while a practice learner explores a
        branch other than the one graded: then a file of that branch's own beside it, which nothing
        grades or announces, so exploring never changes a graded answer."""
        explored = self.explored_branch()
        if explored is None:
            return self.graded_store
        if explored not in self._explored_stores:
            home = self.graded_store.path
            name = f".{home.stem}.{self.registered_rules.after}.{explored}{home.suffix}"
            self._explored_stores[explored] = ResponsesStore(home.with_name(name))
        return self._explored_stores[explored]

    def explored_branch(self) -> str | None:
        """The branch a practice learner is exploring, when it is not the graded one; else None."""
        after = self.registered_rules.after
        if after is None:
            return None
        now = current_branch(after, self.graded_store)
        graded = graded_branch(after, self.graded_store.answers())
        return now if now is not None and now != graded else None

    def refresh(self) -> None:
        """Show the answer kept for the branch followed now (the decision before it changed)."""
        self._value, self._attempts, self._draft, self._revealed = None, 0, None, False
        self._show_saved()

    id = from_rules("id", "The exercise id (also its nbgrader grade_id).")
    step = from_rules("step", "The rubric step it is scored under.")
    points = from_rules("points", "Its full marks.")
    key = from_rules("key", "The salted digests of the right answer (sorted).")
    explanations = from_rules("explanations", "Each option's or item's explanation (sealed or plain).")
    explanation = from_rules("explanation", "The closing explanation (sealed or plain).")

    # -- what a subclass defines --------------------------------------------------------------

    def _current(self) -> Any:
        """The answer the control shows now (a kind with a Check button defines it)."""
        return self._draft if self._draft is not None else self._value

    def solution_html(self, right: Any) -> str:
        """The right answer, revealed, as HTML with each option's or item's explanation."""
        formatted = getattr(self.rules, "formatted", None)  # a figure at its precision, with its unit
        return f"<p>{html.escape(formatted(right) if formatted else str(right))}</p>"

    @abstractmethod
    def feedback(self, value: Any, check: Check) -> str:
        """Practice-mode feedback as HTML: what was right, and the explanation of each choice."""

    @abstractmethod
    def _build_control(self) -> widgets.Widget:
        """The ipywidgets control; call self._answer_changed() when the learner changes it."""

    @abstractmethod
    def _show_value(self, value: Any) -> None:
        """Make the control display this normalised answer (called with saving switched off)."""

    # -- the rules, as the panel's own methods ------------------------------------------------

    def normalise(self, value: Any) -> Any:
        """The canonical, JSON-ready form of an answer, or ValueError saying what is wrong."""
        return self.rules.normalise(value)

    def describe(self, value: Any) -> str:
        """The answer in a short sentence (plain text)."""
        return self.rules.describe(value)

    def review(self, value: Any, check: Check) -> str:
        """A plain-text review for grade cells and feedback: how the answer fared, never the key."""
        return self.rules.review(value, check)

    def grade_check(self, value: Any, plain_key: Any) -> Check:
        """Judge a normalised answer against the plain key of a hidden test (what grading uses)."""
        return self.rules.grade(value, plain_key)

    def key_matches(self, plain_key: Any) -> bool:
        """True when a plain answer key (from a hidden test) hashes to this exercise's digests."""
        return self.rules.key_matches(plain_key)

    def explanation_text(self, name: str, part: str) -> str:
        """The explanation of an option or item, opened with the learner's answer part (or '')."""
        return self.rules.explanation_text(name, part)

    # -- the public surface -------------------------------------------------------------------

    @property
    def value(self) -> Any:
        """The saved answer (normalised), or None if there is none yet."""
        return self._value

    def answer(self, value: Any) -> None:
        """Answer from code (``first_move.answer("...")`` in the cell under a question).

        Running code is not always a new answer: "Run All" and nbgrader's autograde re-run the cell,
        and the kernel cannot tell that from a learner running it on purpose. So the rule is: a
        code answer is saved when nothing is saved for this exercise yet (the instructor's
        notebooks, a learner who never clicked), or when it differs from the last answer this
        exercise was given from code (the learner edited the code). Re-running unchanged code
        never replaces an answer given later by clicking, and is no new attempt; the panel then
        shows the saved answer and says that it is the one kept. To answer anew in code, change
        the code; to go back to a code answer after clicking, click it. An answer that does not fit
        raises :class:`~course.exercises.plain.AnswerError`, a ValueError shown as one line."""
        try:
            normalised = self.normalise(value)
        except ValueError as problem:
            raise plain.AnswerError(self.id, problem) from None
        try:
            saved, changed = self.store.save(self.id, normalised, from_code=True)
        except (OSError, TimeoutError) as problem:
            self._status.value = self._status_html(f"⚠ Could not save your answer: {problem}")
            return
        if not changed:  # a re-run: show what is kept (a later draft too), as a re-created panel does
            self._show_saved()
        else:
            display_order.keep(self.store)
            try:
                self._value, self._attempts = self.normalise(saved.value), saved.attempts
            except ValueError:  # the saved answer no longer fits the question: say so, as on display
                self._show_saved()
                return
            self._draft = None  # a code answer is a check: the draft it replaces is gone
            with self._saving_off():
                self._show_value(self._value)
            self._report(self._value)
            self._publish(self._value)
        if not changed and saved.value != normalised:
            self._status.value = self._status_html(
                f"{self._saved_text()} This cell's answer was not saved over the answer you gave "
                "later: that one is kept and graded. Change the code to answer anew.")

    def check(self, value: Any = None) -> Check:
        """Judge an answer (the saved one by default) against the exercise's salted key."""
        return self.rules.check(self._value if value is None else self.normalise(value))

    def practice(self) -> bool:
        """True when answers are judged here (practice mode with a key), False in graded mode."""
        return not self.rules.keyless and get_mode() == "practice"

    def _repr_mimebundle_(self, **kwargs):
        return plain.mimebundle(self.panel, **kwargs)  # a short line where no widget can show

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id!r} ({self.step}, {self.points:g} points)>"

    # -- machinery shared by every type -------------------------------------------------------

    def _build_panel(self) -> None:
        step = rubric.step(self.step)
        header = widgets.HTML(
            STYLE + f'<div class="course-exercise-step">Step {step.number} · {html.escape(step.title)}'
            f" · {self.points:g} point{'s' if self.points != 1 else ''}</div>"
            f'<div class="course-exercise-prompt"><strong>{html.escape(self.prompt)}</strong></div>'
        )
        self._control = self._build_control()
        self._control.add_class("course-exercise-control")
        self._build_buttons()
        self._status = widgets.HTML("")
        self._status.add_class("course-exercise-status-line")
        self._feedback = widgets.HTML("")
        self._refresh_buttons()
        self.panel = widgets.VBox(
            [header, self._control, self._buttons, self._status, self._feedback],
            layout=widgets.Layout(border="1px solid #c8c8c8", padding="8px", margin="6px 0", width="auto"),
        )
        self.panel.add_class("course-exercise")
        self.panel.add_class(f"course-{self.kind}")

    def _show_saved(self) -> None:
        """Show what is kept: the draft if there is one (no verdict: it was not checked), else the
        checked answer with its verdict; and the right answer once revealed."""
        saved = self.store.get(self.id)
        draft = self._kept_draft()
        fits = True
        if saved is not None:
            try:
                self._value, self._attempts = self.normalise(saved.value), saved.attempts
            except ValueError:
                fits = False
            self._revealed = saved.revealed is not None
        if draft is not None and draft != self._value:
            self._draft = draft
            with self._saving_off():
                self._show_value(draft)
            self._report_draft()
            return
        self._draft = None
        if saved is None:
            self._status.value = self._status_html("Not answered yet.")
            self._refresh_buttons()
            return
        if not fits:
            self._status.value = self._status_html(
                "Your saved answer no longer fits this question; please answer again."
            )
            self._refresh_buttons()
            return
        with self._saving_off():
            self._show_value(self._value)
        self._report(self._value)

    @contextmanager
    def _saving_off(self):
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    def _answer_changed(self, value: Any) -> None:
        """Controls call this on every learner change; it saves unless we are only displaying."""
        if self._quiet or value is None:
            return
        try:
            normalised = self.normalise(value)
        except ValueError as problem:
            self._status.value = self._status_html(str(problem))
            return
        if self._keeps_drafts():
            self._save_draft(normalised)
        else:
            self._save(normalised)

    session_seconds: ClassVar[float] = 0.0  # saves closer together than this are one attempt

    def _save(self, value: Any) -> None:
        """Save a learner's change; the value already saved again (a typed number and its Save
        button) is no new attempt and announces nothing."""
        try:
            saved, changed = self.store.save(self.id, value, session_seconds=self.session_seconds)
        except (OSError, TimeoutError) as problem:
            self._status.value = self._status_html(f"⚠ Could not save your answer: {problem}")
            return
        display_order.keep(self.store)
        self._value, self._attempts, self._draft = value, saved.attempts, None
        self._report(value)
        if changed:
            self._publish(value)

    def _publish(self, value: Any) -> None:
        """Announce the saved answer to whoever listens (a live workshop); a failure there never
        loses the answer, which is already saved in responses.json, and says so."""
        if not events.listening() or self.explored_branch() is not None:
            return  # no record to build (scoring it would cost every save for nothing), or exploring
        try:  # the record says whether this is the learner's first check, and what their first try was
            saved = self.store.get(self.id)
        except (OSError, TimeoutError):
            saved = None
        problem = events.publish(self.rules.record(value, saved))
        if problem:
            self._status.value = self._status_html(f"{self._saved_text()} ⚠ {problem}")

    def _saved_text(self) -> str:
        times = "once" if self._attempts == 1 else f"{self._attempts} times"
        return f"✓ Saved (answered {times})."

    def _report(self, value: Any) -> None:
        if not self.practice():
            self._status.value = self._status_html(f"{self._saved_text()} It is graded after you submit.")
            self._feedback.value = ""
        else:
            check = self.check(value)
            self._status.value = self._status_html(self._saved_text())
            self._feedback.value = self.feedback(value, check) + (self._revealed_html() if self._revealed else "")
        self._refresh_buttons()

    @staticmethod
    def _status_html(text: str) -> str:
        return f'<div class="course-exercise-status" role="status">{html.escape(text)}</div>'

    def _rows(self, shown, check: Check, *, explain_wrong: bool = True) -> str:
        """One list row per answer part, from (name, label as HTML, part) triples: a verdict, the
        label, and the part's explanation (for a wrong part too, unless ``explain_wrong`` is False:
        a wrong part's why is what a learner who got it wrong needs)."""
        right = set(check.right)
        return "".join(f"<li>{verdict(part in right)} {label}"
                       f"{self._explain(name, part) if part in right or explain_wrong else ''}</li>"
                       for name, label, part in shown)

    @staticmethod
    def _sentence(text: str) -> str:
        """A label as HTML that ends like a sentence, so the explanation after it reads apart."""
        return html.escape(text) + ("" if text.rstrip().endswith((".", "?", "!", "”", '"', ":")) else ".")

    def _explain(self, name: str, part: str) -> str:
        text = self.explanation_text(name, part)
        return f" {html.escape(text)}" if text else ""

    def _closing(self, check: Check) -> str:
        """The closing explanation, once the answer is complete (the revealed answer shows it too)."""
        text = self.rules.closing_text(check)
        return f"<p>{html.escape(text)}</p>" if text else ""


def verdict(ok: bool) -> str:
    """A mark that is not colour alone, for learners who cannot tell red from green."""
    return "✔ Right:" if ok else "✘ Not quite:"
