"""A Wheel-of-Misfortune drill: the room lives through a case one decision at a time.

Why a drill beside the dashboard's cards: the cards show every question of a notebook at once, a
debrief after the fact. A drill is the rehearsal itself (Google's SRE teams call it "Wheel of
Misfortune"): the room sees one decision, with the clock running as it would at work; each
participant decides in their own notebook (their vote is their first decision, as the notebook
grades it: a decision counts once); the facilitator then reveals what the room's choice causes
in the case, the consequence before the why, and moves to the next decision.

The state (:class:`Drill`) is plain Python, with its clock injected, so tests can check every
rule without widgets or waiting: which decision is current, the votes per option (each
participant's first try, read from the session store), the majority, what a reveal shows, and the
timer. :class:`DrillView` draws it with ipywidgets for the dashboard (:mod:`.dashboard`).

Rules the facilitator should know (docs/facilitator-guide.md says them too):

- A vote is a participant's first checked answer to the decision's exercise. Changing one's mind
  later (practice mode lets a learner explore the other branch) does not change the vote.
- Reveal shows the consequence of the majority choice, as the votes stood when Reveal was pressed;
  votes still count afterwards (voting never closes), and the view says when the majority has
  changed since, so the facilitator can reveal again.
- A tie, or a room where nobody voted, reveals the consequence of every option in the tie (every
  option when nobody voted), each with its votes: the room compares the roads it was split
  between, which is the discussion a split room needs. Nothing is picked at random.
- The timer counts down from the minutes set per decision (3 by default); at zero it says the
  time is up and keeps counting how far over the room is; it never closes voting.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..catalogue import ExerciseInfo
from .tally import first_tries

__all__ = ["DECISION_KIND", "DEFAULT_MINUTES", "Drill", "DrillView", "Reveal", "Timer", "Votes", "count_votes",
           "decisions_of", "scenario_consequences"]

DECISION_KIND = "decision"
DEFAULT_MINUTES = 3.0

# option text -> the consequence of choosing it (a few sentences of the case's story)
Consequences = Mapping[str, str]


def decisions_of(exercises: Iterable[ExerciseInfo]) -> list[ExerciseInfo]:
    """The decisions of an assignment, in notebook order: its exercises of kind "decision"."""
    return [e for e in exercises if e.kind == DECISION_KIND]


def scenario_consequences(assignment: str) -> Callable[[ExerciseInfo], Consequences]:
    """Each decision's consequences, from its scenario's ``DECISIONS`` (:mod:`course.scenarios`).

    The scenario is named by the decision's ``story`` where the catalogue knows it, else by the
    assignment; a decision whose scenario declares no branches has no consequences (an empty map),
    and the view says so instead of failing in front of the room."""

    def lookup(decision: ExerciseInfo) -> Consequences:
        try:
            from .. import scenarios
        except ImportError:  # pragma: no cover - the package always has it
            return {}
        find = getattr(scenarios, "decision_point", None)
        if find is None:
            return {}
        for scenario in dict.fromkeys(filter(None, (getattr(decision, "story", ""), assignment))):
            try:
                point = find(scenario, decision.id)
            except (LookupError, ValueError):
                continue
            if point is not None:
                return {branch.option: branch.consequence for branch in point.branches}
        return {}

    return lookup


# -- the votes -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Votes:
    """The room's votes on one decision: a count per option, in the order the notebook lists them."""

    decision: ExerciseInfo
    counts: tuple[tuple[str, int], ...]
    present: int

    @property
    def voted(self) -> int:
        return sum(n for _, n in self.counts)

    def count(self, option: str) -> int:
        return dict(self.counts).get(option, 0)

    @property
    def majority(self) -> tuple[str, ...]:
        """The option(s) with the most votes; several on a tie; none when nobody has voted."""
        top = max((n for _, n in self.counts), default=0)
        return tuple(option for option, n in self.counts if n == top) if top else ()

    @property
    def tie(self) -> bool:
        return len(self.majority) > 1


def count_votes(decision: ExerciseInfo, participants: Sequence[Any]) -> Votes:
    """Count each participant's first try at the decision, once per participant, by option.

    ``participants`` are what the session store returns. An answer that is no option of the
    decision (a notebook changed since) still counts, after the known options, so no vote is lost."""
    counts = dict.fromkeys(decision.options, 0)
    for participant in participants:
        answer = first_tries(participant).get(decision.id)
        if answer is None or not isinstance(answer.value, str):
            continue
        counts[answer.value] = counts.get(answer.value, 0) + 1
    return Votes(decision=decision, counts=tuple(counts.items()), present=len(participants))


# -- the timer -----------------------------------------------------------------------------------

class Timer:
    """A countdown per decision. ``clock`` returns seconds (``time.monotonic`` unless a test gives another)."""

    def __init__(self, minutes: float = DEFAULT_MINUTES, *, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.seconds = _seconds(minutes)
        self.started = clock()

    def restart(self) -> None:
        self.started = self.clock()

    def set_minutes(self, minutes: float) -> None:
        """A new time per decision; the current countdown keeps its start, so time already spent counts."""
        self.seconds = _seconds(minutes)

    @property
    def elapsed(self) -> float:
        return max(0.0, self.clock() - self.started)

    @property
    def remaining(self) -> float:
        """Seconds left; negative once the time is up (how far over)."""
        return self.seconds - self.elapsed

    @property
    def up(self) -> bool:
        return self.remaining <= 0

    def text(self) -> str:
        """What the projector shows: "2:41 left", then "Time is up (0:12 over)"."""
        left = self.remaining
        if left > 0:
            return f"{_clock(-(-left // 1))} left"  # rounded up: "0:01 left" until the very end
        return f"Time is up ({_clock(-left // 1)} over)" if left < 0 else "Time is up"


def _seconds(minutes: float) -> float:
    minutes = float(minutes)
    if not minutes > 0:
        raise ValueError(f"the time per decision must be more than 0 minutes, not {minutes:g}")
    return minutes * 60.0


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


# -- the drill -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Reveal:
    """What Reveal showed for one decision: the options revealed and their consequences, as voted then."""

    votes: Votes  # the votes when Reveal was pressed
    options: tuple[str, ...]  # the majority; every tied option; every option when nobody had voted
    consequences: tuple[tuple[str, str], ...]  # (option, consequence text; "" when the case has none)

    @property
    def tie(self) -> bool:
        return len(self.options) > 1 and self.votes.voted > 0

    def headline(self) -> str:
        votes = self.votes
        if not votes.voted:
            return "Nobody has voted yet: here is where each choice leads."
        if self.tie:
            n = votes.count(self.options[0])
            return (f"The room is split: {_joined(self.options)} have {n} vote{'s' if n != 1 else ''} each. "
                    "Here is where each leads.")
        n = votes.count(self.options[0])
        return f"The room chose “{self.options[0]}” ({n} of {votes.voted} votes)."


def _joined(options: Sequence[str]) -> str:
    quoted = [f"“{o}”" for o in options]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


class Drill:
    """The state of one drill: the case's decisions, which is on screen, what was revealed, the timer."""

    def __init__(self, decisions: Sequence[ExerciseInfo], consequences: Callable[[ExerciseInfo], Consequences], *,
                 minutes: float = DEFAULT_MINUTES, clock: Callable[[], float] = time.monotonic):
        self.decisions = list(decisions)
        self._consequences = consequences
        self.index = 0
        self.timer = Timer(minutes, clock=clock)
        self.why_shown: set[str] = set()  # decision ids whose why the facilitator has shown
        self._revealed: dict[str, Reveal] = {}

    @property
    def current(self) -> ExerciseInfo | None:
        return self.decisions[self.index] if self.decisions else None

    @property
    def position(self) -> str:
        return f"Decision {self.index + 1} of {len(self.decisions)}" if self.decisions else "No decisions"

    @property
    def is_last(self) -> bool:
        return self.index >= len(self.decisions) - 1

    def votes(self, participants: Sequence[Any]) -> Votes:
        if self.current is None:
            raise LookupError("this case has no decisions to drill")
        return count_votes(self.current, participants)

    def consequences(self, decision: ExerciseInfo) -> Consequences:
        try:
            return dict(self._consequences(decision) or {})
        except Exception:  # noqa: BLE001 - a case without consequences must not stop the room's drill
            return {}

    def reveal(self, participants: Sequence[Any]) -> Reveal:
        """Reveal the consequence of the room's choice as the votes stand now (again: with the votes of now)."""
        votes = self.votes(participants)
        options = votes.majority or tuple(option for option, _ in votes.counts)
        known = self.consequences(votes.decision)
        shown = Reveal(votes=votes, options=options, consequences=tuple((o, known.get(o, "")) for o in options))
        self._revealed[votes.decision.id] = shown
        return shown

    @property
    def revealed(self) -> Reveal | None:
        """What was revealed for the current decision, if anything."""
        return None if self.current is None else self._revealed.get(self.current.id)

    def majority_changed(self, participants: Sequence[Any]) -> bool:
        """True when votes that came after the reveal changed the majority it showed."""
        shown = self.revealed
        return shown is not None and self.votes(participants).majority not in ((), shown.votes.majority)

    def show_why(self) -> None:
        if self.current is not None:
            self.why_shown.add(self.current.id)

    @property
    def why_is_shown(self) -> bool:
        return self.current is not None and self.current.id in self.why_shown

    def next(self) -> bool:
        """Move to the next decision and restart the timer; False (and nothing changes) after the last."""
        if self.is_last:
            return False
        self.index += 1
        self.timer.restart()
        return True

    def back(self) -> bool:
        """Back to the previous decision (what was revealed there stays revealed); the timer restarts."""
        if self.index == 0:
            return False
        self.index -= 1
        self.timer.restart()
        return True


# -- the view ------------------------------------------------------------------------------------

_STYLE = """<style>
.course-drill { font-size: 20px; line-height: 1.4; color: #1f2328; }
.course-drill .widget-html-content { font-size: 20px; line-height: 1.4; }
.course-drill-top { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: baseline; gap: 8px 24px; }
.course-drill-position { font-size: 20px; color: #3d444d; text-transform: uppercase; letter-spacing: 0.04em; }
.course-drill-timer { font-size: 34px; font-weight: bold; font-variant-numeric: tabular-nums; padding: 0 14px;
  border: 3px solid #1f2328; border-radius: 10px; }
.course-drill-timer.up { color: #8a1c00; border-color: #8a1c00; background: #fff4ed; }
.course-drill-prompt { font-size: 32px; font-weight: bold; margin: 8px 0 12px 0; line-height: 1.25; }
.course-drill-options { list-style: none; padding: 0; margin: 0; }
.course-drill-option { margin: 10px 0; padding: 8px 14px; border: 2px solid #d0d7de; border-radius: 8px; }
.course-drill-option.shown { border: 4px solid #0b5394; }
.course-drill-option-text { font-size: 26px; }
.course-drill-letter { font-weight: bold; margin-right: 10px; }
.course-drill-bar-row { display: flex; align-items: center; gap: 12px; margin-top: 4px; }
.course-drill-bar { height: 22px; background: #2f6db5; border-radius: 4px; min-width: 3px; }
.course-drill-count { font-size: 26px; font-weight: bold; font-variant-numeric: tabular-nums; white-space: nowrap; }
.course-drill-voted { font-size: 26px; font-weight: bold; color: #0b5394; margin: 8px 0; }
.course-drill-reveal { font-size: 24px; background: #eef4fb; border-left: 8px solid #0b5394; padding: 6px 18px;
  margin: 10px 0; }
.course-drill-reveal h3 { font-size: 26px; margin: 8px 0 4px 0; }
.course-drill-reveal p { margin: 6px 0; }
.course-drill-changed { font-size: 20px; color: #8a1c00; font-weight: bold; }
.course-drill-why { font-size: 21px; background: #f0f7f1; border-left: 8px solid #1a7f37; padding: 6px 18px; margin: 10px 0; }
.course-drill-why li { margin: 4px 0; }
.course-drill-why h3 { font-size: 24px; margin: 8px 0 4px 0; }
.course-drill-note { font-size: 20px; color: #3d444d; }
.course-drill .widget-button { font-size: 19px; height: 44px; width: auto; padding: 0 18px; }
.course-drill .widget-text input, .course-drill .widget-label { font-size: 19px; }
.course-drill .widget-button:focus-visible, .course-drill input:focus-visible { outline: 3px solid #0b5394; outline-offset: 2px; }
</style>"""

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class DrillView:
    """The drill on the dashboard: one decision, the votes as they come in, Reveal, the why, Next, the timer.

    ``participants`` is called for the room's latest reading (the dashboard's); the view never reads
    the store itself, so the dashboard's one refreshing loop feeds both its cards and the drill."""

    def __init__(self, drill: Drill, participants: Callable[[], Sequence[Any]]):
        import ipywidgets as widgets

        self.drill = drill
        self._participants = participants
        self.position = widgets.HTML("")
        self.timer = widgets.HTML("")
        self.prompt = widgets.HTML("")
        self.options = widgets.HTML("")
        self.voted = widgets.HTML("")
        self.revealed = widgets.HTML("")
        self.why = widgets.HTML("")
        self.reveal_button = self._button("Reveal the consequence", "eye", self._reveal,
                                          "Show the room what its majority choice causes in the case")
        self.why_button = self._button("Show the why", "lightbulb-o", self._why,
                                       "Show each option's explanation, after the consequence")
        self.back_button = self._button("Previous decision", "arrow-left", self._back, "Go back one decision")
        self.next_button = self._button("Next decision", "arrow-right", self._next,
                                        "Move to the case's next decision; the timer starts again")
        self.restart_button = self._button("Restart timer", "refresh", self._restart, "Start this decision's timer again")
        self.minutes = widgets.BoundedFloatText(value=drill.timer.seconds / 60, min=0.25, max=60, step=0.25,
                                                description="Minutes per decision:",
                                                style={"description_width": "initial"},
                                                layout=widgets.Layout(width="300px"))
        self.minutes.add_class("course-drill-minutes")
        self.minutes.observe(self._minutes_changed, names="value")
        self.buttons = widgets.HBox([self.reveal_button, self.why_button, self.back_button, self.next_button,
                                     self.restart_button, self.minutes],
                                    layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
        self.widget = widgets.VBox([widgets.HTML(_STYLE), widgets.HBox([self.position, self.timer],
                                                                       layout=widgets.Layout(
                                                                           justify_content="space-between",
                                                                           align_items="center")),
                                    self.prompt, self.options, self.voted, self.buttons, self.revealed, self.why])
        self.widget.add_class("course-drill")
        self._timer_text = None
        self.show()

    @staticmethod
    def _button(description: str, icon: str, on_click, tooltip: str):
        import ipywidgets as widgets

        button = widgets.Button(description=description, icon=icon, tooltip=tooltip)
        button.add_class("course-drill-" + description.lower().replace(" ", "-"))
        button.on_click(lambda _: on_click())
        return button

    # -- drawing ------------------------------------------------------------------------------

    def show(self) -> None:
        """Redraw from the room's latest reading; the timer last, so its tick never lags the votes."""
        d = self.drill
        decision = d.current
        if decision is None:
            self.position.value = '<div class="course-drill-position">No decisions</div>'
            self.prompt.value = ('<p class="course-drill-note">This case has no decisions to drill: its notebook '
                                 "asks none yet. The cards of the dashboard still show every question.</p>")
            for control in (self.reveal_button, self.why_button, self.back_button, self.next_button,
                            self.restart_button):
                control.disabled = True
            self.tick()
            return
        participants = list(self._participants() or ())
        votes = d.votes(participants)
        shown = d.revealed
        self.position.value = (f'<div class="course-drill-position">{html.escape(d.position)} · '
                               f"{html.escape(decision.label)}</div>")
        self.prompt.value = f'<div class="course-drill-prompt">{html.escape(decision.prompt)}</div>'
        self.options.value = _options_html(votes, shown)
        self.revealed.value = _reveal_html(shown, changed=d.majority_changed(participants)) if shown else ""
        self.why.value = _why_html(decision, shown) if shown and d.why_is_shown else ""
        self.reveal_button.description = "Reveal again" if shown else "Reveal the consequence"
        self.why_button.disabled = shown is None or d.why_is_shown
        self.back_button.disabled = d.index == 0
        self.next_button.disabled = d.is_last
        self.restart_button.disabled = False
        self.reveal_button.disabled = False
        self.voted.value = (f'<div class="course-drill-voted" aria-live="polite">{votes.voted} of {votes.present} '
                            f"voted</div>")
        self.tick()

    def tick(self) -> bool:
        """Redraw the timer; True when its text changed (the dashboard calls this every second)."""
        timer = self.drill.timer
        text = timer.text()
        if text == self._timer_text:
            return False
        self._timer_text = text
        up = " up" if timer.up else ""
        self.timer.value = (f'<div class="course-drill-timer{up}" role="timer" '
                            f'aria-label="Time for this decision"><i class="fa fa-clock-o" aria-hidden="true"></i> '
                            f"{html.escape(text)}</div>")
        return True

    # -- the facilitator's buttons -------------------------------------------------------------

    def _reveal(self) -> None:
        if self.drill.current is not None:
            self.drill.reveal(list(self._participants() or ()))
            self.show()

    def _why(self) -> None:
        self.drill.show_why()
        self.show()

    def _next(self) -> None:
        if self.drill.next():
            self._timer_text = None
            self.show()

    def _back(self) -> None:
        if self.drill.back():
            self._timer_text = None
            self.show()

    def _restart(self) -> None:
        self.drill.timer.restart()
        self._timer_text = None
        self.tick()

    def _minutes_changed(self, change) -> None:
        try:
            self.drill.timer.set_minutes(change["new"])
        except (TypeError, ValueError):
            return
        self.tick()


def _options_html(votes: Votes, shown: Reveal | None) -> str:
    """Each option with its count of votes, as a bar and a number; the options revealed are framed."""
    scale = max(votes.voted, 1)
    rows = []
    for n, (option, count) in enumerate(votes.counts):
        letter = _LETTERS[n] if n < len(_LETTERS) else str(n + 1)
        framed = shown is not None and option in shown.options and shown.votes.voted
        width = 100.0 * count / scale
        rows.append(
            f'<li class="course-drill-option{" shown" if framed else ""}">'
            f'<div class="course-drill-option-text"><span class="course-drill-letter">{letter}</span>'
            f"{html.escape(option)}</div>"
            f'<div class="course-drill-bar-row"><div class="course-drill-bar" style="width: {width * 0.8:.1f}%" '
            f'aria-hidden="true"></div><span class="course-drill-count">{count} vote{"" if count == 1 else "s"}'
            f"</span></div></li>")
    return (f'<ol class="course-drill-options" aria-label="The options and the votes for each">{"".join(rows)}</ol>')


def _reveal_html(shown: Reveal, *, changed: bool = False) -> str:
    parts = [f"<p><strong>{html.escape(shown.headline())}</strong></p>"]
    for option, consequence in shown.consequences:
        heading = (f"<h3>If the room chooses “{html.escape(option)}”</h3>" if len(shown.consequences) > 1
                   else "<h3>What happens next</h3>")
        text = consequence or "The case has no consequence written for this choice."
        parts.append(heading + "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n") if p.strip()))
    if changed:
        parts.append('<p class="course-drill-changed">Votes since the reveal have changed the majority: press '
                     "Reveal again to show the new one.</p>")
    return f'<div class="course-drill-reveal" role="region" aria-label="The consequence">{"".join(parts)}</div>'


def _why_html(decision: ExerciseInfo, shown: Reveal | None) -> str:
    """Each option's explanation, the best one marked ✔ (a mark in text, never in colour alone)."""
    key = decision.key
    items = []
    for option in decision.options:
        best = key is not None and option == key
        mark = "" if key is None else "✘ "
        why = decision.explanations.get(option, "")
        items.append(f"<li>{'✔ <strong>' if best else mark}{html.escape(option)}{'</strong>' if best else ''}"
                     f"{': ' + html.escape(why) if why else ''}</li>")
    closing = f"<p>{html.escape(decision.explanation)}</p>" if decision.explanation else ""
    if not items:
        return ""
    return f'<div class="course-drill-why" role="region" aria-label="The why"><h3>Why</h3><ul>{"".join(items)}</ul>{closing}</div>'
