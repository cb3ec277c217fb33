"""The facilitator's dashboard: the room's answers, live, large enough for a projector.

Why a widget that refreshes itself: during a live session the facilitator talks to the room and
should not have to re-run cells. An asyncio task on the kernel's own event loop (the loop
JupyterLab's and Voilà's kernels run) reads the session store every few seconds, in a worker
thread so a slow store never freezes the kernel, and redraws only what changed. Re-running the
cell stops the previous dashboard's task first, so tasks never pile up.

Names are hidden by default (participants are "Participant 1", "Participant 2", ...): the screen
is shared with the room, and a wrong answer shown next to a name teaches nothing. The right
answers and explanations stay hidden until the facilitator reveals them, question by question,
after the room has discussed.

The room's first tries are shown by default (each participant's first checked answer): what the
room knew before the feedback taught it, which is what a discussion is about. A toggle shows the
latest answers instead, and the header always says which the counts are.

Every chart has a text alternative: a tooltip on the image, the findings in sentences beneath
it, and the counts as a table, so a screen-reader user in the room gets the same numbers.

A case with decisions can also be run as a drill (**Run as a drill**, or ``drill=True``): one
decision at a time, the votes coming in, the consequence of the room's choice revealed on request,
with a timer per decision (:mod:`.drill`). The same reading of the store feeds both views.
"""

from __future__ import annotations

import asyncio
import base64
import html
import io
import os
import textwrap
import time
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qs

import ipywidgets as widgets

from .. import catalogue as catalogues, rubric
from ..answers import KINDS, Rules
from ..answers.ordering import orders_of
from ..catalogue import ExerciseInfo
from . import drill as drills, tally as tallies

__all__ = ["Dashboard", "code_from_environment", "drill_from_environment", "chart_png", "DEFAULT_EVERY"]

DEFAULT_EVERY = 3.0  # seconds between readings of the store
_LIVE: dict[Any, Dashboard] = {}  # the running dashboard per notebook cell (or session code)


def code_from_environment(typed: str | None = None) -> str:
    """The session code: the one typed in the notebook, else Voilà's ``?code=``, else ``$COURSE_WORKSHOP``."""
    if typed and typed.strip():
        return typed.strip().upper()
    query = parse_qs(os.environ.get("QUERY_STRING", "").lstrip("?"))
    for value in query.get("code", []):
        if value.strip():
            return value.strip().upper()
    return os.environ.get("COURSE_WORKSHOP", "").strip().upper()


DRILL_VARIABLE = "COURSE_WORKSHOP_DRILL"  # "1": open as a drill (set by `course workshop dashboard --drill`)
MINUTES_VARIABLE = "COURSE_WORKSHOP_DRILL_MINUTES"  # the drill's minutes per decision (`--minutes`)


def drill_from_environment() -> tuple[bool, float]:
    """Whether to open as a drill, and its minutes per decision: Voilà's ``?drill=1&minutes=2``, else
    ``$COURSE_WORKSHOP_DRILL`` and ``$COURSE_WORKSHOP_DRILL_MINUTES``; an unreadable number is the default."""
    query = parse_qs(os.environ.get("QUERY_STRING", "").lstrip("?"))
    on = (query.get("drill") or [os.environ.get(DRILL_VARIABLE, "")])[0].strip().lower() in ("1", "yes", "true", "on")
    try:
        minutes = float((query.get("minutes") or [os.environ.get(MINUTES_VARIABLE, "")])[0] or drills.DEFAULT_MINUTES)
    except ValueError:
        minutes = drills.DEFAULT_MINUTES
    return on, minutes if minutes > 0 else drills.DEFAULT_MINUTES


# -- charts ------------------------------------------------------------------------------------

_NEUTRAL = "#2f6db5"  # before the reveal: one colour, nothing marked right
_RIGHT = "#1a7f37"
_OTHER = "#9aa4ae"

# How a card reveals the answer, by the kind's ``reveal`` (course.answers): every kind names one of these.
REVEALS = ("choices", "order", "categories", "checklist", "computed")


def _kind(kind: str) -> type[Rules]:
    """What the dashboard shows of a kind (its name, labels, reveal); the base's plain defaults for a
    kind this course does not know (an answer from a newer notebook)."""
    return KINDS.get(kind, Rules)
_TEXT = "#1f2328"


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


def chart_png(spread: tallies.Spread, *, revealed: bool = False) -> bytes:
    """The spread of one exercise as a PNG: bars of counts, or a grid of counts for items.

    Before the reveal every bar has the same colour; after it the right bars (or cells) are
    green and marked ✔, so the mark never depends on colour alone."""
    from matplotlib.figure import Figure

    table = spread.table
    right = spread.right if revealed else None
    scale = max(spread.present, spread.answered, 1)
    if spread.grid:
        fig = _grid_figure(Figure, table, right, scale)
        columns = _kind(spread.exercise.kind).column_label
        if columns:
            fig.axes[0].set_xlabel(columns, fontsize=16, color=_TEXT)
            fig.axes[0].xaxis.set_label_position("top")
    else:
        fig = _bar_figure(Figure, table, right, scale, spread)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=96, facecolor="white")
    return buffer.getvalue()


def _bar_figure(Figure, table, right, scale: int, spread: tallies.Spread):
    from matplotlib.ticker import MaxNLocator

    counts = [int(n) for n in table["count"]]
    marks = [bool(r) for r in right["count"]] if right is not None else [False] * len(counts)
    labels = [("✔ " if mark else "") + _wrap(label, 40) for label, mark in zip(table.index, marks)]
    if not labels:
        labels, counts, marks = ["(no answers yet)"], [0], [False]
    lines = sum(label.count("\n") + 1 for label in labels)
    fig = Figure(figsize=(11, 1.0 + 0.4 * lines + 0.28 * len(labels)), layout="constrained")
    ax = fig.subplots()
    colours = [(_RIGHT if mark else _OTHER) if right is not None else _NEUTRAL for mark in marks]
    bars = ax.barh(range(len(counts)), counts, color=colours, height=0.7)
    ax.set_yticks(range(len(counts)), labels, fontsize=17, color=_TEXT)
    ax.invert_yaxis()
    ax.bar_label(bars, labels=[str(n) for n in counts], fontsize=20, padding=5, fontweight="bold", color=_TEXT)
    ax.set_xlim(0, scale * 1.12)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(axis="x", labelsize=15)
    ax.set_xlabel(_axis_label(spread), fontsize=16, color=_TEXT)
    ax.set_ylabel(_kind(spread.exercise.kind).row_label, fontsize=16, color=_TEXT)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig


def _axis_label(spread: tallies.Spread) -> str:
    return _kind(spread.exercise.kind).axis_label


def _grid_figure(Figure, table, right, scale: int):
    items = [_wrap(item, 42) for item in table.index]
    columns = [_wrap(c, 16) for c in table.columns]
    lines = sum(item.count("\n") + 1 for item in items)
    header = max((c.count("\n") + 1 for c in columns), default=1)
    width = min(13.0, 6.5 + 1.3 * len(columns))
    fig = Figure(figsize=(width, 1.1 + 0.32 * header + 0.38 * lines + 0.32 * len(items)), layout="constrained")
    ax = fig.subplots()
    values = table.to_numpy()
    ax.imshow(values, cmap="Blues", vmin=0, vmax=scale * 1.3, aspect="auto")
    ax.set_xticks(range(len(columns)), columns, fontsize=16, color=_TEXT)
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(items)), items, fontsize=16, color=_TEXT)
    ax.tick_params(length=0)
    from matplotlib.patches import Rectangle

    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            n = int(values[i, j])
            mark = right is not None and bool(right.iat[i, j])
            text = ("✔ " if mark else "") + (str(n) if n or mark else "·")
            dark = n > scale * 0.75
            ax.text(j, i, text, ha="center", va="center", fontsize=20 if n else 15, fontweight="bold" if n else None,
                    color="white" if dark else _TEXT)
            if mark:
                ax.add_patch(Rectangle((j - 0.47, i - 0.45), 0.94, 0.9, fill=False, edgecolor=_RIGHT, linewidth=4))
    for side in ax.spines.values():
        side.set_visible(False)
    return fig


# -- the widget --------------------------------------------------------------------------------

_STYLE = """<style>
.course-dashboard { font-size: 18px; line-height: 1.4; color: #1f2328; max-width: 1200px; }
.course-dashboard .widget-html-content { font-size: 18px; line-height: 1.4; }
.course-dash-header h2 { font-size: 30px; margin: 4px 0 6px 0; }
.course-dash-facts { display: flex; flex-wrap: wrap; gap: 10px 28px; font-size: 22px; align-items: baseline; }
.course-dash-present { font-weight: bold; font-size: 26px; }
.course-dash-state { padding: 2px 12px; border-radius: 14px; border: 2px solid #1a7f37; color: #1a7f37; }
.course-dash-state.closed { border-color: #9a6700; color: #9a6700; }
.course-dash-join { font-size: 20px; }
.course-dash-join code { font-size: 22px; font-weight: bold; }
.course-dash-status { font-size: 15px; color: #57606a; }
.course-dash-problem { font-size: 20px; color: #9a3412; font-weight: bold; }
.course-dash-room { font-size: 17px; }
.course-dash-room ul { columns: 3 14em; margin: 4px 0; }
.course-dash-card { border: 2px solid #d0d7de; border-radius: 8px; padding: 10px 14px !important;
  margin: 14px 0 !important; }
.course-dash-q { font-size: 16px; color: #57606a; text-transform: uppercase; letter-spacing: 0.04em; }
.course-dash-number { font-weight: bold; color: #1f2328; }
.course-dash-prompt { font-size: 24px; font-weight: bold; margin: 2px 0 4px 0; }
.course-dash-answered { font-size: 24px; font-weight: bold; color: #0b5394; }
.course-dash-findings { font-size: 18px; }
.course-dash-findings p { margin: 2px 0; }
.course-dash-waiting { font-size: 16px; color: #57606a; }
.course-dash-reveal { font-size: 19px; background: #f0f7f1; border-left: 6px solid #1a7f37; padding: 4px 14px; }
.course-dash-reveal:empty { display: none; }
.course-dash-reveal li { margin: 3px 0; }
.course-dash-counts table { border-collapse: collapse; font-size: 16px; }
.course-dash-counts th, .course-dash-counts td { border: 1px solid #d0d7de; padding: 2px 8px; text-align: left; }
.course-dashboard .widget-toggle-button, .course-dashboard .widget-button { font-size: 17px; height: 38px;
  width: auto; padding: 0 16px; }
.course-dash-chart img { max-width: 100%; height: auto; display: block; }
</style>"""


class _Card:
    """One exercise on the dashboard: its question, answered count, chart, findings and reveal."""

    def __init__(self, exercise: ExerciseInfo, on_reveal):
        self.exercise = exercise
        step = _step_title(exercise.step)
        self.title = widgets.HTML(
            f'<div class="course-dash-q"><span class="course-dash-number">{exercise.label}</span>'
            f" · {html.escape(step)} · {html.escape(_kind(exercise.kind).title or exercise.kind)}</div>"
            f'<div class="course-dash-prompt">{html.escape(exercise.prompt)}</div>'
        )
        self.answered = widgets.HTML("")
        # an <img> in HTML rather than widgets.Image: only an <img> of our own can carry alt text
        self.chart = widgets.HTML("")
        self.chart.add_class("course-dash-chart")
        self.png = b""
        self.findings = widgets.HTML("")
        self.waiting = widgets.HTML("")
        self.reveal = widgets.ToggleButton(value=False, description="Reveal explanations", icon="eye",
                                           tooltip="Show the right answer and the explanations to the room")
        self.reveal.add_class("course-dash-reveal-toggle")
        self.reveal.observe(lambda change: on_reveal(self), names="value")
        self.revealed = widgets.HTML("")
        self.box = widgets.VBox([self.title, self.answered, self.chart, self.findings, self.waiting,
                                 self.reveal, self.revealed])
        self.box.add_class("course-dash-card")
        self.box.add_class(f"course-dash-card-{exercise.id}")
        self._chart_key: Any = None

    def show(self, spread: tallies.Spread, waiting: Sequence[str]) -> None:
        """Update the card; the answered count goes last, so whoever sees it change sees the rest too."""
        shown = self.reveal.value
        key = (spread.table.to_json(), None if spread.right is None else spread.right.to_json(), shown, spread.present)
        if key != self._chart_key:
            self.png = chart_png(spread, revealed=shown)
            self.chart.value = (f'<img src="data:image/png;base64,{base64.b64encode(self.png).decode("ascii")}" '
                                f'alt="{html.escape(_alt_text(spread, shown))}">')
            self._chart_key = key
        self.findings.value = _findings_html(spread, shown)
        text = ("Everyone present has answered." if spread.present and not waiting
                else f"Still answering: {', '.join(waiting)}." if waiting else "")
        self.waiting.value = f'<div class="course-dash-waiting">{html.escape(text)}</div>'
        self.reveal.description = "Hide explanations" if shown else "Reveal explanations"
        self.revealed.value = _reveal_html(spread) if shown else ""
        self.answered.value = (
            f'<div class="course-dash-answered">{spread.answered} of {spread.present} answered'
            + (f' · <span class="course-dash-right">{spread.right_count} right</span>'
               if shown and spread.right_count is not None else "")
            + "</div>")


def _alt_text(spread: tallies.Spread, revealed: bool) -> str:
    """What the chart shows, in words: the same counts a sighted participant reads off the bars."""
    head = f"Chart of the room's answers to {spread.exercise.label}, {spread.answered} of {spread.present} answered"
    if not spread.answered:
        return head + ": no answers yet."
    lines = list(spread.lines) + (list(spread.reveal_lines[:1]) if revealed else [])
    text = f"{head}. " + " ".join(line if line.endswith(".") else line + "." for line in lines)
    return text if len(text) <= 1500 else text[:1499] + "…"


def _step_title(step_id: str) -> str:
    try:
        step = rubric.step(step_id)
    except (KeyError, ValueError):
        return step_id
    return f"Step {step.number}: {step.title}"


def _findings_html(spread: tallies.Spread, revealed: bool) -> str:
    sentences = list(spread.lines[:1]) if spread.answered else ["No answers yet."]
    paragraphs = "".join(f"<p>{html.escape(s)}</p>" for s in sentences)
    table = spread.table.copy()
    if revealed and spread.right is not None:
        table = table.astype(object).where(~spread.right, table.astype(str) + " ✔")
    counts = table.to_html(border=0, escape=True)
    return (f'<div class="course-dash-findings">{paragraphs}</div>'
            f'<details class="course-dash-counts"><summary>The counts as a table</summary>{counts}</details>')


def _reveal_html(spread: tallies.Spread) -> str:
    e = spread.exercise
    kind = _kind(e.kind)
    parts = [f"<p><strong>{html.escape(line)}</strong></p>" for line in spread.reveal_lines[:1]]
    rest = spread.reveal_lines[1:]
    if kind.reveal == "checklist":
        mean = f"Mean checklist score: {spread.mean_score:.0%}. " if spread.mean_score is not None else ""
        parts.append(f"<p>{html.escape(mean)}There is no single right message: read two or three drafts "
                     "aloud and compare them with the checklist.</p>")
    elif e.key is None and not e.explanation:
        parts.append("<p>No answer key in the notebooks for this one (it is computed from the data): "
                     f"ask the room how they {kind.worked_out}.</p>")
    if kind.reveal == "choices" and e.explanations:
        key = {e.key} if isinstance(e.key, str) else set(e.key or ())  # one choice, or the ticks
        items = "".join(
            f"<li>{'✔ <strong>' if option in key else '✘ '}{html.escape(option)}{'</strong>' if option in key else ''}"
            f"{': ' + html.escape(e.explanations[option]) if option in e.explanations else ''}</li>"
            for option in e.options
        )
        parts.append(f"<ul>{items}</ul>")
    elif kind.reveal == "order" and e.key is not None:
        items = "".join(f"<li><strong>{html.escape(item)}</strong>"
                        f"{': ' + html.escape(e.explanations[item]) if item in e.explanations else ''}</li>"
                        for item in orders_of(e.key)[0])
        parts += [f"<p>{html.escape(line)}</p>" for line in rest if not line.startswith("Right order")]
        parts.append(f"<ol>{items}</ol>")
    elif kind.reveal == "categories" and e.key is not None:
        items = "".join(f"<li>{html.escape(item)} → <strong>{html.escape(str(e.key.get(item, '?')))}</strong>"
                        f"{': ' + html.escape(e.explanations[item]) if item in e.explanations else ''}</li>"
                        for item in e.options)
        parts += [f"<p>{html.escape(line)}</p>" for line in rest if line.startswith("Most often")]
        parts.append(f"<ul>{items}</ul>")
    else:
        parts += [f"<p>{html.escape(line)}</p>" for line in rest]
    if e.explanation:
        parts.append(f"<p>{html.escape(e.explanation)}</p>")
    return f'<div class="course-dash-reveal">{"".join(parts)}</div>'


class Dashboard:
    """The live dashboard of one workshop session; display it as the last expression of a cell.

    ``store`` is a SessionStore or a location (a folder or a database URL; default
    ``$COURSE_WORKSHOP_STORE``). ``every`` is the number of seconds between readings; the
    refreshing starts by itself where an event loop runs (a notebook, Voilà) and stops with
    :meth:`stop`, or when the same cell shows a new dashboard.

    ``drill`` opens it as a drill of the case's decisions, ``minutes`` per decision (None: from the
    page's address or the environment, :func:`drill_from_environment`). ``consequences`` maps a
    decision to {option: consequence} (default: the scenario's ``DECISIONS``) and ``clock`` is the
    drill timer's clock: both for a course without scenarios and for tests."""

    def __init__(self, code: str | None = None, *, store: Any = None, root: Any = None,
                 catalogue: Sequence[ExerciseInfo] | None = None, every: float = DEFAULT_EVERY,
                 autostart: bool = True, drill: bool | None = None, minutes: float | None = None,
                 consequences: Any = None, clock: Any = None):
        self.code = code_from_environment(code)
        drill_wanted, drill_minutes = drill_from_environment()
        self._drill_wanted = drill_wanted if drill is None else bool(drill)
        self._drill_minutes = drill_minutes if minutes is None else float(minutes)
        self._consequences = consequences
        self._clock = clock
        self.drill: drills.DrillView | None = None  # made once the case's decisions are known
        self._ticker: asyncio.Task | None = None
        self._drill_shown = False  # the drill's clock starts the first time it shows, not at every switch
        self.every = float(every)
        self._store_arg = store
        self._store = None
        self._root = root
        self._catalogue = list(catalogue) if catalogue is not None else None
        self._catalogue_note = ""
        self._info = None
        self._tally: tallies.Tally | None = None
        self._seen: Any = None
        self._task: asyncio.Task | None = None
        self._cards: dict[str, _Card] = {}
        self.redraws = 0  # how many times the data changed and the view was redrawn (tests read it)

        self.header = widgets.HTML("")
        self.status = widgets.HTML("")
        self.names = widgets.ToggleButton(value=False, description="Show names", icon="user",
                                          tooltip="Show participants' names instead of Participant 1, 2, ...")
        self.names.add_class("course-dash-names-toggle")
        self.names.observe(self._names_changed, names="value")
        self.latest = widgets.ToggleButton(value=False, description="Show latest answers", icon="history",
                                           tooltip="Count each participant's latest answers instead of their "
                                                   "first tries")
        self.latest.add_class("course-dash-latest-toggle")
        self.latest.observe(self._tries_changed, names="value")
        self.drill_toggle = widgets.ToggleButton(value=False, description="Run as a drill", icon="play",
                                                 tooltip="Show the case's decisions one at a time, with the room's "
                                                         "votes, a timer and the consequence of its choice")
        self.drill_toggle.add_class("course-dash-drill-toggle")
        self.drill_toggle.layout.display = "none"  # shown once the case turns out to have decisions
        self.drill_toggle.observe(self._drill_changed, names="value")
        self._participants: Any = None
        self.room = widgets.HTML("")
        self.cards = widgets.VBox([])
        self.drill_box = widgets.VBox([])
        self.widget = widgets.VBox([widgets.HTML(_STYLE), self.header,
                                    widgets.HBox([self.names, self.latest, self.drill_toggle]), self.room,
                                    self.status, self.drill_box, self.cards])
        self.widget.add_class("course-dashboard")

        if not self.code:
            self.header.value = (
                '<div class="course-dash-header"><h2>Workshop dashboard</h2>'
                '<p class="course-dash-problem">No session code yet.</p>'
                "<p>Type the code in the cell above (<code>code = \"K7QX2M\"</code>), open this page with "
                "<code>?code=K7QX2M</code> at the end of its address, or start it with "
                "<code>course workshop dashboard K7QX2M</code>.</p></div>")
            return
        self.refresh()
        if autostart:
            self.start()

    # -- reading and drawing ----------------------------------------------------------------

    def _open(self):
        if self._store is None:
            if self._store_arg is not None and hasattr(self._store_arg, "participants"):
                self._store = self._store_arg
            else:
                from .store import open_store

                self._store = open_store(self._store_arg)
        return self._store

    def _read(self):
        """(info, participants) from the store; runs in a worker thread when refreshing by itself."""
        store = self._open()
        return store.info(self.code), store.participants(self.code)

    def refresh(self, force: bool = False) -> bool:
        """Read the store now and redraw if anything changed; True when it redrew."""
        try:
            info, participants = self._read()
        except Exception as problem:  # noqa: BLE001 - any store failure is shown, and retried
            self._problem(problem)
            return False
        return self._apply(info, participants, force=force)

    def _problem(self, problem: BaseException) -> None:
        if isinstance(problem, LookupError):
            text = str(problem).strip("'\"")
        else:
            where = getattr(self._store, "location", None) or self._store_arg or os.environ.get(
                "COURSE_WORKSHOP_STORE", "the default store")
            text = f"cannot read the session store at {where}: {str(problem).splitlines()[0] if str(problem) else type(problem).__name__}"
        self.status.value = (f'<div class="course-dash-problem" role="alert">⚠ {html.escape(text)}. '
                             f"Trying again every {self.every:g} s.</div>")
        if self._info is None:
            self.header.value = (f'<div class="course-dash-header"><h2>Workshop {html.escape(self.code)}</h2></div>')

    def _apply(self, info, participants, *, force: bool = False) -> bool:
        seen = (info.closed, tallies.fingerprint(participants))
        if seen == self._seen and not force and self._tally is not None:
            self._stamp()
            return False
        self._seen = seen
        self._info = info
        self._participants = participants
        self._tally = tallies.build(info.code, participants, self._exercises(info.assignment), tries=self.tries)
        self.redraws += 1
        self._make_drill(info.assignment)
        self._draw()
        return True

    def _make_drill(self, assignment: str) -> None:
        """The drill view, once: offered where the case has decisions, and opened if asked for."""
        if self.drill is not None:
            return
        decisions = drills.decisions_of(self._exercises(assignment))
        if not decisions:
            return
        consequences = self._consequences or drills.scenario_consequences(assignment)
        state = drills.Drill(decisions, consequences, minutes=self._drill_minutes,
                             **({"clock": self._clock} if self._clock is not None else {}))
        self.drill = drills.DrillView(state, lambda: self._participants or ())
        self.drill_box.children = [self.drill.widget]
        self.drill_toggle.layout.display = None
        if self._drill_wanted:
            self.drill_toggle.value = True  # draws through _drill_changed, before _draw draws again

    def _exercises(self, assignment: str) -> list[ExerciseInfo]:
        if self._catalogue is None:
            try:
                self._catalogue = list(catalogues.load(assignment, root=self._root).exercises)
            except Exception as problem:  # noqa: BLE001 - no course here, or a notebook that will not parse
                self._catalogue = []
                self._catalogue_note = (f"The questions of {assignment} could not be read ({problem}); "
                                        "they appear here as answers come in.")
        return self._catalogue

    def _label(self, participant_id: str) -> str:
        people = self._tally.people.set_index("participant_id")
        column = "name" if self.names.value else "participant"
        return str(people.at[participant_id, column])

    @property
    def drilling(self) -> bool:
        """True while the dashboard shows the drill instead of the cards."""
        return self.drill is not None and self.drill_toggle.value

    def _draw(self) -> None:
        """Redraw everything; the cards first and the header last, so the headline count is never ahead.

        In a drill the cards are hidden and not redrawn (their charts cost a second each); they are
        drawn again when the facilitator goes back to all questions."""
        t, info = self._tally, self._info
        drilling = self.drilling
        self.drill_box.layout.display = None if drilling else "none"
        self.cards.layout.display = "none" if drilling else None
        self.room.layout.display = "none" if drilling else None
        # a drill counts first tries and shows no names: the toggles for those would do nothing there
        self.names.layout.display = self.latest.layout.display = "none" if drilling else None
        if drilling:
            self.drill.show()
        cards = []
        for exercise in ([] if drilling else t.exercises):
            card = self._cards.get(exercise.id)
            if card is None or card.exercise != exercise:
                card = self._cards[exercise.id] = _Card(exercise, self._reveal_changed)
            self._show(card)
            cards.append(card.box)
        if not drilling and [c.model_id for c in self.cards.children] != [c.model_id for c in cards]:
            self.cards.children = cards
        people = "".join(
            f"<li>{html.escape(self._label(row.participant_id))}: {row.answered} of {len(t.exercises)}</li>"
            for row in t.progress().itertuples())
        self.room.value = (f'<div class="course-dash-room"><ul aria-label="Participants and how many questions '
                           f'each has answered">{people}</ul></div>' if people else "")
        self._stamp()
        present = t.present
        state = "closed" if info.closed else "open"
        title = f" · {html.escape(info.title)}" if info.title else ""
        self.header.value = (
            f'<div class="course-dash-header"><h2>Workshop <span class="course-dash-code">{html.escape(info.code)}'
            f"</span> · {html.escape(info.assignment)}{title}</h2>"
            '<div class="course-dash-facts">'
            f'<span class="course-dash-present" aria-live="polite">{present} participant{"" if present == 1 else "s"}'
            " present</span>"
            f'<span class="course-dash-state {state}">{"Closed" if info.closed else "Open"}</span>'
            f'<span class="course-dash-tries">Counting {"first tries" if drilling else t.what}</span>'
            + ("" if info.closed else
               f'<span class="course-dash-join">Join with the code <code>{html.escape(info.code)}</code></span>')
            + "</div></div>")

    def _show(self, card: _Card) -> None:
        waiting = [self._label(p) for p in self._tally.waiting(card.exercise.id)]
        card.show(self._tally.spread(card.exercise.id), waiting)

    def _stamp(self) -> None:
        note = f" {self._catalogue_note}" if self._catalogue_note else ""
        self.status.value = (f'<div class="course-dash-status">Updated {time.strftime("%H:%M:%S")}; '
                             f"refreshes every {self.every:g} s.{html.escape(note)}</div>")

    def _reveal_changed(self, card: _Card) -> None:
        if self._tally is not None:
            self._show(card)

    @property
    def tries(self) -> str:
        """Which answers the dashboard counts: "first" (the default) or "latest"."""
        return "latest" if self.latest.value else "first"

    def _tries_changed(self, change) -> None:
        self.latest.description = "Show first tries" if change["new"] else "Show latest answers"
        if self._info is not None and self._participants is not None:
            self._tally = tallies.build(self._info.code, self._participants, self._exercises(self._info.assignment),
                                        tries=self.tries)
            self._draw()

    def _drill_changed(self, change) -> None:
        self.drill_toggle.description = "Back to all questions" if change["new"] else "Run as a drill"
        self.drill_toggle.icon = "th-list" if change["new"] else "play"
        if change["new"] and self.drill is not None and not self._drill_shown:
            self._drill_shown = True
            self.drill.drill.timer.restart()  # the clock starts when the room first sees the decision
        if self._tally is not None:
            self._draw()

    def _names_changed(self, change) -> None:
        self.names.description = "Hide names" if change["new"] else "Show names"
        if self._tally is not None:
            self._draw()

    # -- refreshing by itself ------------------------------------------------------------------

    def start(self) -> bool:
        """Refresh every ``every`` seconds on the running event loop; False where none runs (plain Python)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return False
        slot = _slot(self.code)
        previous = _LIVE.get(slot)
        if previous is not None and previous is not self:
            previous.stop()
        self.stop()
        _LIVE[slot] = self
        self._task = loop.create_task(self._run())
        self._ticker = loop.create_task(self._tick())
        return True

    async def _tick(self) -> None:
        """The drill's timer, redrawn every second while the drill shows (a text change, nothing read)."""
        while True:
            await asyncio.sleep(1.0)
            if self.drilling:
                try:
                    self.drill.tick()
                except Exception:  # noqa: BLE001 - a timer that cannot draw must not end the refreshing
                    pass

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(self.every)
            try:
                info, participants = await loop.run_in_executor(None, self._read)
            except asyncio.CancelledError:
                raise
            except Exception as problem:  # noqa: BLE001 - shown, and tried again next time
                self._problem(problem)
                continue
            try:
                self._apply(info, participants)
            except Exception as problem:  # noqa: BLE001 - a drawing bug must not end the refreshing
                self.status.value = (f'<div class="course-dash-problem" role="alert">⚠ Could not draw the '
                                     f"dashboard: {html.escape(str(problem))}</div>")

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def stop(self) -> None:
        """Stop refreshing (the widget stays as it is)."""
        if self._task is not None:
            self._task.cancel()
            self._task = None
        if self._ticker is not None:
            self._ticker.cancel()
            self._ticker = None
        for slot, dashboard in list(_LIVE.items()):
            if dashboard is self:
                del _LIVE[slot]

    def close(self) -> None:
        """Stop refreshing and close the widgets."""
        self.stop()
        self.widget.close()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def _slot(code: str):
    """Which earlier dashboard this one replaces: the one shown by the same notebook cell, else by the same code."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
        parent = shell.kernel.get_parent() if shell is not None and hasattr(shell, "kernel") else {}
        cell = (parent or {}).get("metadata", {}).get("cellId")
        if cell:
            return ("cell", cell)
    except Exception:  # noqa: BLE001 - outside a kernel, or an older one: fall back on the code
        pass
    return ("code", code)


# -- serving the dashboard notebook -------------------------------------------------------------

NOTEBOOK = "dashboard.ipynb"


def notebook_path():
    """The facilitator's notebook shipped with the package."""
    from pathlib import Path

    return Path(__file__).with_name(NOTEBOOK)


def serve_command(*, folder, voila: bool = False, port: int | None = None,
                  open_browser: bool | None = None) -> list[str]:
    """The command that serves ``folder/dashboard.ipynb``: in JupyterLab, or as a page with Voilà."""
    import sys

    from ..start import has_display

    browser = has_display() if open_browser is None else open_browser
    if voila:
        cmd = [sys.executable, "-m", "voila", str(folder / NOTEBOOK), "--Voila.ip=127.0.0.1"]
        if port is not None:
            cmd.append(f"--port={port}")
        if not browser:
            cmd.append("--no-browser")
        return cmd
    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={folder}",
           f"--LabApp.default_url=/lab/tree/{NOTEBOOK}"]
    if port is not None:
        cmd.append(f"--ServerApp.port={port}")
    if not browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # containers run as root; the server refuses otherwise
    return cmd


def serve(*, code: str, store: str | None = None, root=None, voila: bool = False, port: int | None = None,
          open_browser: bool | None = None, drill: bool = False, minutes: float | None = None) -> int:
    """Serve the dashboard of one session until Ctrl+C, from a fresh copy of the notebook.

    Why a copy in a temporary folder: the package folder may be read-only (an installed course)
    and should not collect checkpoints; the copy goes when the server stops. The code, the store
    and the course folder reach the notebook's kernel through the environment."""
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp(prefix=f"course-workshop-{code}-"))
    try:
        shutil.copyfile(notebook_path(), folder / NOTEBOOK)
        env = dict(os.environ, COURSE_WORKSHOP=code)
        env.pop(DRILL_VARIABLE, None)
        env.pop(MINUTES_VARIABLE, None)
        if drill:
            env[DRILL_VARIABLE] = "1"
        if minutes is not None:
            env[MINUTES_VARIABLE] = f"{minutes:g}"
        if store:
            env["COURSE_WORKSHOP_STORE"] = str(store)
        if root is not None:
            env["COURSE_ROOT"] = str(root)
        cmd = serve_command(folder=folder, voila=voila, port=port, open_browser=open_browser)
        print(f"Serving the dashboard of workshop {code} with {'Voilà' if voila else 'JupyterLab'}.")
        if "--no-browser" in cmd:
            print("No display here, so no browser opens: copy the http://127.0.0.1 address printed below "
                  "into a browser. Stop the server with Ctrl+C.")
        server = subprocess.Popen(cmd, env=env, cwd=folder)
        try:
            with _sigterm_as_interrupt():
                return server.wait()
        except KeyboardInterrupt:
            return 0
        finally:
            if server.poll() is None:  # stopped with SIGTERM, or Ctrl+C reached only us: stop the server too
                server.terminate()
                try:
                    server.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class _sigterm_as_interrupt:
    """Treat SIGTERM like Ctrl+C while the server runs, so stopping `course` stops the server and tidies up."""

    def __enter__(self):
        import signal
        import threading

        self._previous = None
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGTERM, self._raise)
        return self

    @staticmethod
    def _raise(signum, frame):
        raise KeyboardInterrupt

    def __exit__(self, *exc):
        import signal

        if self._previous is not None:
            signal.signal(signal.SIGTERM, self._previous)
        return False
