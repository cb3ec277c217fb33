"""The learner's progress per rubric step at the end of a notebook: first try and final, kept live.

Why per step and not one total: the course teaches a sequence of five habits, and a learner who
scores well overall may still skip one of them every time. Why first try beside final: an answer
is judged only when the learner asks (a Check), so the first checked answer says what they knew
and the latest what they learned; a chart of the final answers alone shows mastery that trial and
error may have bought. In practice mode both are judged against the salted keys the notebook
carries; in graded mode scores are not revealed before grading, so only what is answered is shown.

Why every graded cell: a case's rubric step holds code exercises and a written answer your
instructor grades by hand beside its widget exercises, so the summary reads the notebook's own
nbgrader metadata (each grade cell's points and its ``"course": {"step": ...}``,
:func:`course.catalogue.notebook_graded_cells`) and counts those cells as "to be graded by your
instructor": "fix" shows the 11 points a case has there, not the 3 its widget exercise is worth.

Why live: the summary listens to the saved-answer hook (:mod:`course.answers.events`) and redraws
itself after every checked answer, so it never shows the state at "Run All". Only the latest
summary of a kernel listens (showing it again replaces the earlier one). A notebook reopened
without its widgets shows the summary's plain-text table as it was when last drawn.
"""

from __future__ import annotations

import asyncio
import base64
import html
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import rubric
from .answers import events
from .catalogue import GradedCell, notebook_graded_cells
from .exercises import get_mode, registry
from .responses import Answer, ResponsesStore
from .story import graded_branch
from .speedups import NO_FRONTEND

__all__ = ["StepProgress", "ProgressView", "live", "step_progress", "summary", "text", "this_notebook"]

REDRAW_DELAY = 0.05  # seconds after a check before the summary redraws (in a kernel)


@dataclass(frozen=True)
class StepProgress:
    """One rubric step's standing.

    ``earned`` (final: the latest answers) and ``first`` (first tries) are points of the widget
    exercises judged here, of ``possible``; ``answered`` of ``total`` of those exercises are
    answered. ``instructor`` points in ``instructor_cells`` cells (code exercises, written answers)
    are graded by the instructor; ``unscored`` widget exercises have not run in this kernel."""

    step: str
    earned: float
    possible: float
    answered: int
    total: int
    first: float = 0.0
    instructor: float = 0.0
    instructor_cells: int = 0
    unscored: int = 0

    @property
    def share(self) -> float:
        return self.earned / self.possible if self.possible else 0.0

    @property
    def first_share(self) -> float:
        return self.first / self.possible if self.possible else 0.0

    @property
    def points(self) -> float:
        """Every point of the step in this notebook, the instructor's included."""
        return self.possible + self.instructor

    @property
    def empty(self) -> bool:
        return not self.total and not self.instructor_cells


def this_notebook(exercise_ids=()) -> Path | None:
    """The notebook this kernel runs: Jupyter's ``$JPY_SESSION_NAME``, else the notebook in the
    working folder whose widget exercises are the ones defined here (the only one, if none are)."""
    named = os.environ.get("JPY_SESSION_NAME", "")
    for candidate in (Path(named), Path.cwd() / Path(named).name) if named else ():
        if candidate.suffix == ".ipynb" and candidate.is_file():
            return candidate
    notebooks = sorted(Path.cwd().glob("*.ipynb"))
    ids = set(exercise_ids)
    best, overlap = None, 0
    for path in notebooks:
        mine = {c.grade_id for c in notebook_graded_cells(path) if c.kind == "exercise"} & ids
        if len(mine) > overlap:
            best, overlap = path, len(mine)
    return best if best is not None or len(notebooks) != 1 else notebooks[0]


def _defined(exercise_id: str) -> bool:
    try:
        registry.entry(exercise_id)
        return True
    except LookupError:
        return False


def _saved(exercises: list) -> dict[str, Answer | None]:
    """Each exercise's saved answer, each responses file read once (a notebook's exercises share one)."""
    files: dict[Path, dict[str, Answer]] = {}
    found = {}
    for exercise in exercises:
        try:
            store = registry.entry(exercise.id).store
        except LookupError:
            store = getattr(exercise, "store", None) or ResponsesStore()
        if store.path not in files:
            files[store.path] = store.answers()
        found[exercise.id] = files[store.path].get(exercise.id)
    return found


def _graded_rules(exercise: Any, answers: dict[str, Answer | None]) -> Any:
    """The rules an exercise is graded by: after a decision, those of the learner's graded branch
    (what a practice learner explores is not what the summary counts)."""
    rules = getattr(exercise, "registered_rules", None) or getattr(exercise, "rules", exercise)
    if rules.after is None:
        return rules
    made = answers.get(rules.after)
    return rules.for_branch(graded_branch(rules.after, {rules.after: made} if made is not None else {}))


def _score(rules: Any, value: Any) -> float:
    if value is None:
        return 0.0
    try:
        return float(rules.check(rules.normalise(value)).fraction) * rules.points
    except Exception:  # noqa: BLE001 - an answer that no longer fits the question scores nothing here
        return 0.0


def step_progress(exercises=None, *, cells: tuple[GradedCell, ...] | None = None) -> list[StepProgress]:
    """Each of the five steps' standing: first-try and final points of the widget exercises (judged
    by the salted keys), answered counts, and the points the instructor grades.

    ``exercises``: the panels or rules to count (default: every exercise defined in this kernel).
    ``cells``: the notebook's graded cells (default: read from :func:`this_notebook` when
    ``exercises`` is the default, none otherwise)."""
    chosen = exercises is not None
    exercises = registry.all_exercises() if exercises is None else list(exercises)
    if cells is None:
        notebook = None if chosen else this_notebook(e.id for e in exercises)
        cells = notebook_graded_cells(notebook) if notebook is not None else ()
    defined = {e.id for e in exercises}
    answers = _saved(exercises)
    decided = _saved([registry.get(e.registered_rules.after) for e in exercises
                      if getattr(getattr(e, "registered_rules", None), "after", None)
                      and _defined(e.registered_rules.after)])
    not_run = [c for c in cells if c.kind == "exercise" and c.grade_id not in defined]
    not_run_answers = ResponsesStore().answers() if not_run else {}
    rows = []
    for step in rubric.STEPS:
        mine = [e for e in exercises if e.step == step.id]
        rules = [_graded_rules(e, decided) for e in mine]
        unrun = [c for c in not_run if c.step == step.id]
        instructor = [c for c in cells if c.kind != "exercise" and c.step == step.id]
        saved = [answers[e.id] for e in mine]
        rows.append(StepProgress(
            step=step.id,
            # a decision counts once: its final is its first (course.answers.decision)
            earned=round(sum(_score(r, (a.first if r.graded_on_first else a.value) if a else None)
                             for r, a in zip(rules, saved)), 2),
            possible=sum(r.points for r in rules) + sum(c.points for c in unrun),
            answered=sum(a is not None for a in saved) + sum(c.grade_id in not_run_answers for c in unrun),
            total=len(mine) + len(unrun),
            first=round(sum(_score(r, a.first if a else None) for r, a in zip(rules, saved)), 2),
            instructor=sum(c.points for c in instructor),
            instructor_cells=len(instructor),
            unscored=len(unrun),
        ))
    return rows


def _points(n: float) -> str:
    return f"{n:g} point{'' if n == 1 else 's'}"


def _line(r: StepProgress, graded: bool) -> str:
    """One step's standing in words."""
    if r.empty:
        return "no graded cells in this notebook"
    if not r.total:
        return f"{_points(r.instructor)} to be graded by your instructor"
    answered = f"{r.answered} of {r.total} answered"
    unscored = f"; {r.unscored} not run yet" if r.unscored and not graded else ""
    judged = answered if graded else f"first try {r.first:g} · final {r.earned:g} of {_points(r.possible)} ({answered}{unscored})"
    if not r.instructor_cells:
        return judged
    return (f"{judged} · {r.instructor:g} more point{'' if r.instructor == 1 else 's'} to be graded by your "
            f"instructor ({r.points:g} in all)")


def text(rows: list[StepProgress], graded: bool) -> str:
    """The summary as plain text: one line per step (what a reopened notebook shows without its widgets)."""
    lines = [f"{rubric.step(r.step).label():<45} {_line(r, graded)}" for r in rows]
    if not graded and any(r.unscored for r in rows):
        lines.append("Some exercises have not run in this session: use Run > Run All Cells to score them.")
    return "\n".join(lines)


def _chart(rows: list[StepProgress], graded: bool) -> bytes:
    """Bars per step: first try (hatched) and final (solid), each labelled in words, so the chart
    never relies on colour; in graded mode, the share of exercises answered."""
    from matplotlib.figure import Figure  # no pyplot: no global state, no GUI backend

    labels = [rubric.step(r.step).label() for r in rows][::-1]
    places = range(len(rows))
    fig = Figure(figsize=(7.5, 3.6), dpi=100)
    ax = fig.add_subplot()
    if graded:
        values = [100 * r.answered / r.total if r.total else 0 for r in rows][::-1]
        bars = ax.barh(labels, values, color="#2f6f9f")
        ax.bar_label(bars, padding=3, labels=[_bar_text(r, f"{v:.0f}% answered") for r, v in zip(rows[::-1], values)])
        ax.set_title("Answered so far, per rubric step")
        ax.set_xlabel("% of exercises answered")
    else:
        first = [100 * r.first_share for r in rows][::-1]
        final = [100 * r.share for r in rows][::-1]
        high = [p + 0.2 for p in places]
        low = [p - 0.2 for p in places]
        a = ax.barh(high, first, height=0.38, color="#a9c7e0", edgecolor="#2f6f9f", hatch="//", label="First try")
        b = ax.barh(low, final, height=0.38, color="#2f6f9f", label="Final")
        ax.bar_label(a, padding=3, fontsize=8,
                     labels=[_bar_text(r, f"first {v:.0f}%") for r, v in zip(rows[::-1], first)])
        ax.bar_label(b, padding=3, fontsize=8,
                     labels=[f"final {v:.0f}%" if r.total else "" for r, v in zip(rows[::-1], final)])
        ax.set_yticks(list(places), labels)
        ax.legend(loc="lower right", fontsize=8, frameon=False)
        ax.set_title("Your score per rubric step: first try and final")
        ax.set_xlabel("% of the points judged here (your instructor grades the rest)")
    ax.set_xlim(0, 125)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def _bar_text(r: StepProgress, shown: str) -> str:
    if r.total:
        return shown
    return "graded by your instructor" if r.instructor_cells else "no exercises here"


def _alt(rows: list[StepProgress], graded: bool) -> str:
    head = "Chart of your answers per rubric step. " if graded else "Chart of your score per rubric step. "
    return head + " ".join(f"{rubric.step(r.step).label()}: {_line(r, graded)}." for r in rows)


def _html(rows: list[StepProgress], graded: bool) -> str:
    """The table and the chart, the chart with its words as alt text."""
    columns = (["Rubric step"] + ([] if graded else ["First try", "Final"])
               + ["Answered", "Graded by your instructor", "Points in all"])
    head = "<tr>" + "".join(f"<th scope='col'>{c}</th>" for c in columns) + "</tr>"
    body = []
    for r in rows:
        points = "" if not r.total else f" of {r.possible:g}"
        judged = ([] if graded else [f"{r.first:g}{points}" if r.total else "—", f"{r.earned:g}{points}" if r.total else "—"])
        cells = [*judged, f"{r.answered} of {r.total}" if r.total else "—",
                 f"{r.instructor:g} points" if r.instructor_cells else "—", "—" if r.empty else f"{r.points:g}"]
        body.append(f"<tr><th scope='row'>{html.escape(rubric.step(r.step).label())}</th>"
                    + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    caption = ("Your answers so far; scores come after grading." if graded else
               "Your points per rubric step: your first try at each exercise, and your answer now.")
    png = base64.b64encode(_chart(rows, graded)).decode("ascii")
    note = ("<p>Some exercises have not run in this session: use Run &gt; Run All Cells to score them.</p>"
            if not graded and any(r.unscored for r in rows) else "")
    return (f'<div class="course-progress" role="region" aria-label="Your progress per rubric step">'
            f'<table class="course-progress-table"><caption>{caption}</caption>{head}{"".join(body)}</table>{note}'
            f'<img src="data:image/png;base64,{png}" alt="{html.escape(_alt(rows, graded))}" '
            'style="max-width:100%;height:auto"></div>')


class ProgressView:
    """The live summary: an HTML widget redrawn after every checked answer (see the module's docstring)."""

    def __init__(self, exercises=None, *, cells: tuple[GradedCell, ...] | None = None):
        import ipywidgets as widgets

        self._exercises = None if exercises is None else list(exercises)
        self._cells = cells
        self.widget = widgets.HTML("")
        self.widget.add_class("course-progress-summary")
        self.rows: list[StepProgress] = []
        self.redraws = 0
        self._pending = False
        self.refresh()

    def refresh(self) -> None:
        """Judge the answers again and redraw (only when something changed)."""
        rows = step_progress(self._exercises, cells=self._cells)
        if rows == self.rows and self.redraws:
            return
        self.rows, self.graded = rows, get_mode() == "graded"
        self.widget.value = _html(rows, self.graded)
        self.redraws += 1

    def heard(self, record: events.SavedAnswer) -> None:
        """A listener of :mod:`course.answers.events`: a checked answer was saved; never raises.

        In a kernel (an event loop runs) the redraw waits for the Check's own feedback to go out, and
        checks in quick succession make one redraw: drawing the chart takes a few hundred ms."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None:
            self._refresh_quietly()
        elif not self._pending:
            self._pending = True
            loop.call_later(REDRAW_DELAY, self._refresh_later)
        return None

    def _refresh_later(self) -> None:
        self._pending = False
        self._refresh_quietly()

    def _refresh_quietly(self) -> None:
        try:
            self.refresh()
        except Exception:  # noqa: BLE001 - the summary must never stand between a learner and a save
            pass

    def listen(self) -> None:
        """Redraw after every checked answer from now on, replacing the kernel's earlier summary."""
        global _LIVE
        if _LIVE is not None and _LIVE is not self:
            _LIVE.stop()
        _LIVE = self
        events.subscribe(self.heard)

    def stop(self) -> None:
        """Stop listening (the widget stays as it is)."""
        global _LIVE
        events.unsubscribe(self.heard)
        if _LIVE is self:
            _LIVE = None

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs) or {}
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["text/plain"] = text(self.rows, self.graded)  # a reopened notebook without its widgets shows this
        return bundle


_LIVE: ProgressView | None = None  # the summary that listens in this kernel


def live() -> ProgressView | None:
    """The summary that listens in this kernel (the one :func:`summary` showed last), or None."""
    return _LIVE


def summary(exercises=None) -> None:
    """Show the per-step summary, live: it redraws itself after every checked answer. Returns
    nothing, so the cell shows it once (the view: :func:`live`; the rows: :func:`step_progress`;
    in words: :func:`text`)."""
    from IPython.display import display

    rows = step_progress(exercises)
    if all(r.empty for r in rows):
        print("No exercises have run in this session yet: use Run > Run All Cells, then run this cell.")
        return None
    if os.environ.get(NO_FRONTEND) == "1":
        # a grading kernel (`course grade`): nobody sees this output, and the feedback replaces it
        # with the gradebook's table and chart (course/instructor/gradebook_figures.py), so the
        # chart (half a second or more of matplotlib per submission) is not drawn; the words are kept
        print(text(rows, get_mode() == "graded"))
        return None
    view = ProgressView(exercises)
    view.listen()
    display(view)
    return None
