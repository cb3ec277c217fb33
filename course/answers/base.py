"""The shared base of every kind's answer rules: plain code, no widgets.

Why apart from the widgets: grading a submission (:func:`course.grading.grade`), the workshop's
charts and the instructor's report all need to know what an answer is worth, and none of them
should have to build an ipywidgets panel to find out. A rules object is built from an exercise's
spec (its id, rubric step, points, options or items, the salted key and the sealed explanations)
and answers every question about an answer: is it well formed (:meth:`Rules.normalise`), which
parts is it made of (:meth:`Rules.parts`), what is it worth against the salted key
(:meth:`Rules.check`, practice) or against a hidden test's plain key (:meth:`Rules.grade`), and
how to say so (:meth:`Rules.describe`, :meth:`Rules.review`). The widget in
:mod:`course.exercises` is a thin panel over one of these.

Each kind also says, as class attributes, what the course's other consumers need to know of it
(how the dashboard names it, whether the report counts its wrong options), so adding a kind means
adding one module here; ``tests/test_answer_kinds.py`` fails when a consumer is left out.
"""

from __future__ import annotations

import copy
import inspect
import json
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from .. import keys, rubric
from ..responses import valid_exercise_id
from .events import SavedAnswer

__all__ = ["Check", "Rules", "REVEAL_AFTER", "options_list"]

# wrong checks after which a practice learner may ask to see the right answer (an exercise's
# reveal_after= overrides it; None: never): two tries are enough to have thought about it, and
# more only teaches clicking
REVEAL_AFTER = 2


@dataclass(frozen=True)
class Check:
    """How an answer fares against the key: a fraction of full marks and which parts were right."""

    fraction: float
    right: tuple[str, ...]  # answer parts judged right
    wrong: tuple[str, ...]  # answer parts judged wrong

    @property
    def complete(self) -> bool:
        return self.fraction >= 1.0


NOTHING = Check(0.0, (), ())  # no answer yet


class Rules(ABC):
    """One exercise's answer rules. A subclass defines one kind: its answer's shape and its scoring."""

    kind: ClassVar[str] = "exercise"  # the kind id: "single_choice", ...
    constructor: ClassVar[str] = ""  # the name a notebook calls to create it: "SingleChoice", ...
    needs_key: ClassVar[bool] = True  # False for kinds judged by rules, not a key (drafted messages)
    # -- what the course's other consumers need to know of the kind (each kind names its title, its
    # reveal and its choice_name itself; the dashboard's labels default to the common case) --
    title: ClassVar[str] = ""  # the dashboard's name for it: "one choice", ...
    row_label: ClassVar[str] = ""  # the dashboard's label of its chart's rows ("" for options)
    axis_label: ClassVar[str] = "participants"  # the dashboard's label of its chart's counts
    column_label: ClassVar[str] = ""  # the dashboard's label of its grid's columns ("" when none)
    reveal: ClassVar[str] = ""  # how the dashboard reveals the answer: "choices", "order", ... (dashboard.REVEALS)
    worked_out: ClassVar[str] = "got their answer"  # the dashboard's question when no key is known: "how they ..."
    graded_on_first: ClassVar[bool] = False  # graded on the first checked answer whatever the policy (decisions)
    choice_name: ClassVar[str | None] = None  # the report's name for it when it counts wrong options, else None

    def __init__(
        self,
        exercise_id: str,
        *,
        step: str,
        points: float,
        key: Iterable[str] | None = None,
        explanations: Mapping[str, str] | None = None,
        explanation: str = "",
        solution: str = "",
        reveal_after: int | None = REVEAL_AFTER,
        after: str | None = None,
    ):
        if not valid_exercise_id(exercise_id):
            raise ValueError(
                f"exercise id {exercise_id!r} must use only letters, digits, '_' and '-' "
                "(it doubles as the nbgrader grade_id)"
            )
        self.id = exercise_id
        self.step = rubric.step(step).id
        if not isinstance(points, (int, float)) or isinstance(points, bool) or points <= 0:
            raise ValueError(f"{exercise_id}: points must be a positive number, not {points!r}")
        self.points = float(points)
        # no key at all (None, not an empty list): a graded release, where the learner gets no key
        # material (course build --graded); such an exercise records answers but cannot judge them
        self.keyless = self.needs_key and key is None
        # after a decision: one key per branch (branch name -> digests), resolved by for_branch()
        self.after = after
        self.branch_keys: dict[str, tuple[str, ...]] = {}
        if after is not None:
            if not valid_exercise_id(after):
                raise ValueError(f"{exercise_id}: after= must name the decision it follows, not {after!r}")
            if key is not None and not isinstance(key, Mapping):
                raise ValueError(f"{exercise_id}: an exercise after a decision takes one key per branch "
                                 "(a dict: branch name -> digests)")
            self.branch_keys = {name: tuple(sorted(digests)) for name, digests in (key or {}).items()}
            for name, digests in self.branch_keys.items():
                self._check_digests(digests, f"{exercise_id} (branch {name!r})")
            key = next(iter(self.branch_keys.values()), None) if key is not None else None
        self.key = tuple(sorted(key or ()))
        self._check_digests(self.key, exercise_id)
        self.explanations = dict(explanations or {})
        self.explanation = explanation
        self.solution = solution  # the right answer, veiled (course.keys.veil), for "Show the answer"
        if reveal_after is not None and (not isinstance(reveal_after, int) or isinstance(reveal_after, bool)
                                         or reveal_after < 1):
            raise ValueError(f"{exercise_id}: reveal_after must be a whole number of checks, 1 or more, or None")
        self.reveal_after = reveal_after

    def _check_digests(self, digests: tuple[str, ...], where: str) -> None:
        if self.needs_key and not self.keyless and (not digests or not all(keys.is_digest(k) for k in digests)):
            raise ValueError(f"{where}: key must be salted digests; make them with `course key`")

    # -- after a decision -----------------------------------------------------------------------

    BRANCHED: ClassVar[tuple[str, ...]] = ("solution", "explanation")  # attributes that may be one per branch

    def for_branch(self, branch: str | None) -> Rules:
        """These rules as they hold on one branch of the decision they follow: that branch's key
        (and solution, and any other attribute given as branch name -> value), no longer branched.
        Rules that follow no decision are returned as they are; so is a branch they do not know
        (None: the decision is not made), whose key is then empty, so nothing it judges is right."""
        if self.after is None:
            return self
        clone = copy.copy(self)
        clone.after = None
        clone.branch = branch
        clone.branch_keys = {}
        if not self.keyless:
            clone.key = self.branch_keys.get(branch, ())
        for name in self.BRANCHED:  # given as branch name -> value: that branch's
            value = getattr(self, name, None)
            if isinstance(value, Mapping):
                setattr(clone, name, value.get(branch, None if name == "expected_size" else ""))
        return clone

    def branch_key(self, plain_key: Any, branch: str | None) -> Any:
        """The plain key of one branch, from a hidden test's branch name -> key (what grading uses)."""
        if self.after is None:
            return plain_key
        if not isinstance(plain_key, Mapping):
            raise ValueError(f"{self.id} follows {self.after!r}: its hidden test gives one key per branch")
        if branch not in plain_key:
            raise ValueError(f"{self.id}: the hidden test gives no key for branch {branch!r}")
        return plain_key[branch]

    # -- what a kind defines ------------------------------------------------------------------

    @abstractmethod
    def normalise(self, value: Any) -> Any:
        """Return the canonical, JSON-ready form of an answer, or raise ValueError saying what is wrong."""

    def normalise_key(self, plain_key: Any) -> Any:
        """The plain key of a hidden test in the form the kind's parts are taken from, or ValueError.

        Most kinds' keys are answers (this is :meth:`normalise`); a kind may accept a richer key
        shape that no learner answers with: several acceptable orders of an ordering, an item set's
        named subgroups (:mod:`course.answers.ordering`, :mod:`course.answers.item_set`)."""
        return self.normalise(plain_key)

    @staticmethod
    def canonical(value: Any) -> Any:
        """The answer in the form its parts are taken from, without validation (for authoring keys)."""
        return value

    @staticmethod
    @abstractmethod
    def parts(value: Any) -> list[str]:
        """Split a normalised answer into the parts the key's digests are made of."""

    @staticmethod
    @abstractmethod
    def score(right: int, wrong: int, key_size: int) -> float:
        """Fraction of full marks for so many right and wrong parts against a key of key_size parts."""

    @staticmethod
    @abstractmethod
    def explanation_part(name: str, answer: Any) -> str:
        """The part of the right answer that opens the sealed explanation of option or item ``name``."""

    @abstractmethod
    def describe(self, value: Any) -> str:
        """The answer in a short sentence for reviews and status lines (plain text)."""

    @abstractmethod
    def review(self, value: Any, check: Check) -> str:
        """A plain-text review for grade cells and feedback: how the answer fared, never the key."""

    def review_display(self, value: Any, check: Check) -> dict[str, str] | None:
        """A richer review a grade cell displays below its text review where a kernel can display
        it (formgrader and the feedback render it): a MIME bundle, ``{"text/html": ...,
        "text/plain": ...}``; or None, when the text review says it all. Never the key."""
        return None

    @staticmethod
    def same_answer(value: Any, key: Any, *, decimals: int = 0) -> bool:
        """Whether a saved answer equals a plain key, both as stored (the workshop's "right" mark).

        May raise TypeError or ValueError for a value of the wrong shape (the caller counts it wrong)."""
        return value == key

    @staticmethod
    def wrong_labels(value: Any, key: Any, options: Iterable[str], categories: Iterable[str]) -> list[str]:
        """The wrong parts of one answer against a plain key, as the report counts them (misconceptions).

        Only real options count: a hand-edited answer says nothing about a misconception. Kinds
        whose ``choice_name`` is None count nothing."""
        return []

    # -- the same for every kind --------------------------------------------------------------

    def check(self, value: Any) -> Check:
        """Judge a normalised answer (None: no answer yet) against the exercise's salted key.

        A keyless exercise (a graded release) judges nothing: its answers wait for grading."""
        if value is None or self.keyless:
            return NOTHING
        return self._judge(value, self.key)

    def grade(self, value: Any, plain_key: Any) -> Check:
        """Judge a normalised answer against the plain key of a hidden test (what grading uses).

        The default hashes the key into digests and judges as practice mode does, so practice
        and grading cannot disagree; a kind whose partial credit needs the key's elements (a set
        of thousands of addresses) overrides this."""
        return self._judge(value, keys.digests(self.id, self.parts(self.normalise_key(plain_key))))

    def _judge(self, value: Any, digests: Iterable[str]) -> Check:
        digests = set(digests)
        right, wrong = [], []
        for part in self.parts(value):
            (right if keys.digest(self.id, part) in digests else wrong).append(part)
        fraction = self.score(len(right), len(wrong), len(digests))
        return Check(max(0.0, min(1.0, fraction)), tuple(right), tuple(wrong))

    def key_matches(self, plain_key: Any) -> bool:
        """True when a plain answer key (from a hidden test) hashes to this exercise's digests."""
        return keys.digests(self.id, self.parts(self.normalise_key(plain_key))) == self.key

    def explanation_text(self, name: str, part: str = "") -> str:
        """The explanation of an option or item (or ''): plain, veiled (opened with the exercise id,
        whatever the answer), or sealed in the older form (opened only by the right ``part``)."""
        text = self.explanations.get(name, "")
        return (keys.opened(self.id, text, [part]) or "") if isinstance(text, str) else ""

    def closing_text(self, check: Check, *, revealed: bool = False) -> str:
        """The closing explanation once the answer is complete or the learner asked to see the answer
        (it often states the whole answer), or ''."""
        if not ((check.complete or revealed) and isinstance(self.explanation, str) and self.explanation):
            return ""
        return keys.opened(self.id, self.explanation, check.right if check.complete else None) or ""

    def right_answer(self) -> Any:
        """The right answer, opened from the veiled ``solution`` (normalised), or None where the
        exercise carries none (a graded release, an older notebook, a set too large to carry)."""
        text = keys.unveil(self.id, self.solution) if isinstance(self.solution, str) else None
        if text is None:
            return None
        try:
            return self.normalise(json.loads(text))
        except (ValueError, TypeError):
            return None

    def can_reveal(self, checks: int, check: Check) -> bool:
        """Whether a practice learner may now ask to see the right answer: after ``reveal_after``
        checked answers, the latest still not right. (Checks count different answers, as the
        responses file does: the same wrong answer checked twice is one try.)"""
        return (not self.keyless and self.needs_key and self.reveal_after is not None
                and checks >= self.reveal_after and not check.complete)

    def record(self, value: Any, saved: Any = None) -> SavedAnswer:
        """The plain record of a checked (normalised) answer, scored against the salted key, for listeners.

        ``saved`` is the :class:`course.responses.Answer` now saved (the panel reads it from its
        responses file), which says whether this is the learner's first check and what their first
        try was; None: this answer is taken as the first. The scores are a nicety for the workshop's
        charts and the progress summary: None when they cannot be had (no key here)."""
        first = getattr(saved, "first", None)
        return SavedAnswer(exercise_id=self.id, kind=self.kind, step=self.step, value=value,
                           score=self._score(value), attempt=max(1, int(getattr(saved, "checks", 1) or 1)),
                           first_value=first, first_score=None if first is None else self._score(first))

    def earned(self, value: Any) -> float:
        """Points a saved answer earns against the exercise's salted key: 0 for no answer, and for one
        that no longer fits the question (what the progress summary and the completion record count)."""
        if value is None:
            return 0.0
        try:
            return float(self.check(self.normalise(value)).fraction) * self.points
        except Exception:  # noqa: BLE001 - an answer that no longer fits the question earns nothing here
            return 0.0

    @classmethod
    def arguments(cls) -> set[str]:
        """The keyword arguments these rules take (their own and their bases'): of a question cell's
        arguments, the prompt and the panel's others belong to the widget, not the rules."""
        names = set()
        for klass in cls.__mro__:
            if "__init__" in vars(klass):
                names.update(p.name for p in inspect.signature(vars(klass)["__init__"]).parameters.values()
                             if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD))
        return names - {"self", "exercise_id"}

    def _score(self, value: Any) -> float | None:
        try:
            return None if self.keyless else float(self.check(self.normalise(value)).fraction)
        except Exception:  # never let a listener's nicety break a learner's save
            return None

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id!r} ({self.step}, {self.points:g} points)>"


def options_list(options: Iterable[str], what: str, exercise_id: str) -> tuple[str, ...]:
    """Validate an exercise's options: at least two, distinct, non-empty strings."""
    result = tuple(options)
    if len(result) < 2 or len(set(result)) != len(result) or not all(isinstance(o, str) and o for o in result):
        raise ValueError(f"{exercise_id}: {what} must be at least two distinct, non-empty strings")
    return result
