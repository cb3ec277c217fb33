"""The drafted messages of a cohort: what the checker found in them, and which to read first.

Why a module of its own (as :mod:`course.instructor.misconceptions`): the cohort report shows
these, and a debrief or a dashboard may want the same figures without the page. Two questions an
instructor asks of the messages a cohort wrote:

- **What did the group do?** For each drafted-message exercise, how many messages had each finding
  of the message checker (an apology component, a red flag), counted once per message.
- **Where is the checker wrong?** The automated score (the grade cell's points as a fraction of
  its points) against the instructor's own (its ``<id>-manual`` task cell, scored in formgrader),
  largest gap first: a message the checker rates far above or below the instructor is the one to
  read, and the checker's blind spot to note. A message not yet scored by hand is listed as such,
  never as a disagreement.

Scores come from the gradebook through :func:`course.instructor.exports.cohort_scores`; the
messages from each learner's ``responses.json`` in grading/autograded/, read with the course's one
loader (the answer graded: the latest checked answer, or the first under the first-try policy);
the findings from the checker through each exercise's own rules (``report()``, with the question
cell's ``max_words``), built as ``course grade`` builds them (:mod:`course.instructor.source_cells`).
Nothing here names a finding: every id and label comes from the checker's reports and
``message_patterns.pattern``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .. import catalogue as catalogues
from ..answers.drafted_message import DraftedMessageRules
from ..catalogue import Catalogue, ExerciseInfo
from ..layout import CourseLayout
from ..responses import FILENAME, load_answers
from . import exports
from .source_cells import rules, source_cells

__all__ = ["Message", "ExerciseMessages", "drafted_messages", "excerpt", "MANUAL_SUFFIX"]

MANUAL_SUFFIX = "-manual"  # the task cell the instructor scores a drafted message in: "<exercise id>-manual"
EXCERPT_CHARACTERS = 140


@dataclass(frozen=True)
class Message:
    """One learner's graded message to one exercise, its findings and both scores (fractions, 0 to 1)."""

    student_id: str
    text: str
    report: object  # the checker's Report
    automated: float  # the grade cell's score / its points (the checker's score where the gradebook has none)
    manual: float | None  # the task cell's score / its points; None: not scored by hand yet

    @property
    def gap(self) -> float | None:
        """How far the two scores are apart (0 to 1), None until the instructor has scored it."""
        return None if self.manual is None else abs(self.automated - self.manual)


@dataclass(frozen=True)
class ExerciseMessages:
    """Every message the cohort wrote for one drafted-message exercise."""

    exercise: ExerciseInfo
    points: float  # the grade cell's points (the automated score's)
    manual_id: str | None  # its task cell's grade id, None when the notebook has none
    manual_points: float  # the task cell's points (0 without one)
    messages: tuple[Message, ...]  # by student id
    unanswered: tuple[str, ...]  # the learners who submitted but wrote no message

    def frequencies(self) -> list[tuple[str, str, int]]:
        """(finding id, kind, messages with it): every component (the checker's order of importance,
        found or not), then each red flag raised at least once, most frequent first."""
        counts: Counter = Counter()
        kinds: dict[str, str] = {}
        components: list[str] = []
        for message in self.messages:
            report = message.report
            for component in (*report.present, *report.missing):
                if component not in components:
                    components.append(component)
            for finding in report.findings:
                kinds[finding.id] = finding.kind
            counts.update({finding.id for finding in report.findings})
        flags = sorted((f for f in kinds if f not in components), key=lambda f: (-counts[f], f))
        return ([(c, kinds.get(c, "component"), counts[c]) for c in components]
                + [(f, kinds[f], counts[f]) for f in flags])

    def to_read_first(self) -> list[Message]:
        """The messages scored by hand, largest disagreement first (then by student id)."""
        return sorted((m for m in self.messages if m.gap is not None), key=lambda m: (-m.gap, m.student_id))

    def not_scored(self) -> list[Message]:
        """The messages the instructor has not scored by hand yet."""
        return [m for m in self.messages if m.manual is None]


def excerpt(text: str, limit: int = EXCERPT_CHARACTERS) -> str:
    """The message on one line, cut at a word near ``limit`` characters with an ellipsis (plain text:
    the caller escapes it)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] if " " in flat[:limit] else flat[:limit]
    return cut.rstrip(",;:.") + " …"


def drafted_messages(*, root: Path, assignment: str, learners=None,
                     catalogue: Catalogue | None = None) -> list[ExerciseMessages]:
    """Each drafted-message exercise of the assignment, in notebook order, with the cohort's messages."""
    root = Path(root)
    learners = exports.cohort_scores(root=root, assignment=assignment) if learners is None else learners
    catalogue = catalogues.load(assignment, root=root) if catalogue is None else catalogue
    exercises = [e for e in catalogue.exercises if e.kind == DraftedMessageRules.kind]
    if not exercises:
        return []
    layout = CourseLayout.of(root)
    specs, _cells = source_cells(layout, assignment)
    first = layout.graded_answer == "first"
    found: list[ExerciseMessages] = []
    answers_of = {}
    for learner in learners:
        path = layout.graded(learner.student_id, assignment) / FILENAME
        answers_of[learner.student_id] = load_answers(path) if path.is_file() else {}
    for exercise in exercises:
        spec = specs.get(exercise.id)
        checker = rules(spec, None) if spec is not None else DraftedMessageRules(
            exercise.id, step=exercise.step, points=exercise.points or 1)
        manual_cell = catalogue.cell(exercise.id + MANUAL_SUFFIX)
        manual_id = manual_cell.grade_id if manual_cell is not None and manual_cell.points else None
        grade_cell = catalogue.cell(exercise.id)
        points = grade_cell.points if grade_cell is not None and grade_cell.points else exercise.points
        messages, unanswered = [], []
        for learner in learners:
            answer = answers_of[learner.student_id].get(exercise.id)
            value = None if answer is None else (answer.first if first else answer.value)
            try:
                text = checker.normalise(value)
            except ValueError:  # no answer, or a hand-edited one that is no message
                text = ""
            if not text.strip():
                unanswered.append(learner.student_id)
                continue
            report = checker.report(text)
            scored = learner.per_exercise.get(exercise.id)
            automated = scored / points if scored is not None and points else report.score
            by_hand = learner.per_exercise.get(manual_id) if manual_id else None
            manual = by_hand / manual_cell.points if by_hand is not None else None
            messages.append(Message(learner.student_id, text, report, min(1.0, max(0.0, automated)), manual))
        found.append(ExerciseMessages(exercise, points, manual_id, manual_cell.points if manual_id else 0.0,
                                      tuple(messages), tuple(unanswered)))
    return found
