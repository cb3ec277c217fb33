"""The learner's progress per rubric step, as a table and a bar chart.

Why per step and not one total: the course teaches a sequence of five habits, and a learner who
scores well overall may still skip one of them every time. In practice mode the score is judged
against the salted keys; in graded mode only what has been answered is shown, since scores are
not revealed before grading.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from . import rubric
from .exercises import get_mode, registry

__all__ = ["StepProgress", "step_progress", "summary"]


@dataclass(frozen=True)
class StepProgress:
    """One rubric step's standing: points earned of points possible, exercises answered of total."""

    step: str
    earned: float
    possible: float
    answered: int
    total: int

    @property
    def share(self) -> float:
        return self.earned / self.possible if self.possible else 0.0


def step_progress(exercises=None) -> list[StepProgress]:
    """Points earned (judged by the salted keys) and exercises answered, for each of the five steps."""
    exercises = registry.all_exercises() if exercises is None else list(exercises)
    rows = []
    for step in rubric.STEPS:
        mine = [e for e in exercises if e.step == step.id]
        earned = sum(e.check().fraction * e.points for e in mine)
        rows.append(StepProgress(
            step=step.id,
            earned=round(earned, 2),
            possible=sum(e.points for e in mine),
            answered=sum(e.value is not None for e in mine),
            total=len(mine),
        ))
    return rows


def _chart(rows: list[StepProgress], graded: bool) -> bytes:
    # Figure without pyplot: no global state, no GUI backend, the same PNG under every runner
    from matplotlib.figure import Figure

    labels = [rubric.step(r.step).label() for r in rows][::-1]
    if graded:
        values = [100 * r.answered / r.total if r.total else 0 for r in rows][::-1]
        title, axis = "Answered so far, per rubric step", "% of exercises answered"
    else:
        values = [100 * r.share for r in rows][::-1]
        title, axis = "Your score per rubric step", "% of points"
    fig = Figure(figsize=(7, 3.2), dpi=100)
    ax = fig.add_subplot()
    bars = ax.barh(labels, values, color="#2f6f9f")
    totals = [r.total for r in rows][::-1]
    ax.bar_label(bars, labels=[f"{v:.0f}%" if t else "no exercises here" for v, t in zip(values, totals)], padding=3)
    ax.set_xlim(0, 110)
    ax.set_xlabel(axis)
    ax.set_title(title)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def summary(exercises=None) -> None:
    """Print the per-step table and show the chart (the rows themselves: :func:`step_progress`)."""
    from IPython.display import Image, display

    rows = step_progress(exercises)
    if not any(r.total for r in rows):
        print("No exercises have run in this session yet: use Run > Run All Cells, then run this cell.")
        return
    graded = get_mode() == "graded"
    for r in rows:
        title = rubric.step(r.step).label()
        if not r.total:
            print(f"{title:<45} no exercises in this notebook")
        elif graded:
            print(f"{title:<45} {r.answered} of {r.total} answered")
        else:
            print(f"{title:<45} {r.earned:g} of {r.possible:g} points ({r.answered} of {r.total} answered)")
    display(Image(data=_chart(rows, graded), format="png"))
