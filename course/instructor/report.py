"""``course report``: one assignment's cohort on one page, for the instructor's next session.

Why these five parts: an instructor preparing a debrief asks, in order, how the group did (the
header), which recovery step the group is weakest at (the spread of each step's score), which
questions tripped people up (the hardest exercises), what wrong ideas lie behind that (the
wrong options most often chosen: the misconceptions to discuss) and who to talk to (learners
below 50% overall or 40% on a step). Scores come from :func:`course.instructor.exports.cohort_scores`,
so the report agrees with the exports and the feedback; exercises, points and steps from the
course's catalogue (:mod:`course.catalogue`); chosen options come from each learner's
``responses.json`` in grading/autograded/, read with the course's one loader.

Why self-contained HTML: it is mailed, archived and printed. Charts are PNGs inlined as base64,
drawn with matplotlib's object API (``Figure``, no pyplot state, safe inside a long-running
process); each has alt text and a data table beside it, so a screen reader loses nothing. A
print stylesheet keeps it readable on A4. All learner-provided text is escaped.
"""

from __future__ import annotations

import base64
import html
import io
import statistics
from datetime import datetime, timezone
from pathlib import Path

from .. import catalogue as catalogues, rubric
from ..grading import policy_text
from ..layout import CourseLayout

from . import exports
from .drafted_messages import drafted_messages, excerpt
from .misconceptions import CHOICE_KINDS, wrong_choices

__all__ = ["build_report", "NEEDS_HELP_TOTAL", "NEEDS_HELP_STEP"]

NEEDS_HELP_TOTAL = 0.5  # of the assignment's points
NEEDS_HELP_STEP = 0.4  # of a step's points
HARDEST = 5
TOP_CHOICES = 3
TO_READ_FIRST = 10  # messages listed where the checker and the instructor disagree most


# -- charts -----------------------------------------------------------------------------------

def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight", facecolor="white")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100)
    ax = fig.add_subplot()
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def _steps_chart(shares: dict[str, list[float]]) -> str:
    fig, ax = _figure(6.4, 3.2)
    labels = [rubric.step(s).label() for s in shares]
    data = list(shares.values())
    ax.boxplot(data, vert=False, widths=0.5, showfliers=False, medianprops={"color": "black"},
               boxprops={"color": "#555555"}, whiskerprops={"color": "#555555"}, capprops={"color": "#555555"})
    for row, values in enumerate(data, start=1):  # every learner as a dot, spread evenly (no random jitter)
        offsets = [(i - (len(values) - 1) / 2) * min(0.08, 0.5 / max(len(values), 1)) for i in range(len(values))]
        ax.scatter(values, [row + o for o in offsets], s=22, color="#1f5fa8", zorder=3)
    ax.set_yticks(range(1, len(labels) + 1), labels)
    ax.invert_yaxis()
    ax.set_xlim(-5, 105)
    ax.set_xlabel("% of the step's points")
    return _png(fig)


def _hardest_chart(rows: list[tuple[str, float]]) -> str:
    fig, ax = _figure(6.4, 0.45 * len(rows) + 0.9)
    ax.barh([r[0] for r in rows], [r[1] for r in rows], color="#1f5fa8")
    for y, (_, mean) in enumerate(rows):
        ax.text(mean + 1, y, f"{mean:.0f}%", va="center", fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, 110)
    ax.set_xlabel("mean score, % of the exercise's points")
    return _png(fig)


# -- the page ---------------------------------------------------------------------------------

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1a1a1a; background: #fff;
  max-width: 62rem; margin: 1.5rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { margin-top: 2rem; border-bottom: 2px solid #1f5fa8; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .3rem; }
.summary { display: flex; flex-wrap: wrap; gap: .4rem 2rem; margin: .5rem 0; }
.summary dt { font-weight: 600; } .summary dd { margin: 0; }
.chart-and-data { display: flex; flex-wrap: wrap; gap: 1rem 2rem; align-items: flex-start; }
figure { margin: 0; flex: 1 1 28rem; } figure img { max-width: 100%; height: auto; }
figcaption { font-size: .9rem; color: #444; }
table { border-collapse: collapse; margin: .3rem 0 1rem; font-size: .92rem; }
caption { text-align: left; font-weight: 600; padding-bottom: .3rem; }
th, td { text-align: left; vertical-align: top; padding: .25rem .7rem .25rem 0; border-bottom: 1px solid #ccc; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: #444; font-size: .9rem; }
.exercise table { width: 100%; } .exercise tbody th { font-weight: normal; }
@media print {
  @page { size: A4; margin: 15mm; }
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; color: #000; background: #fff; }
  h2 { break-after: avoid; page-break-after: avoid; }
  figure, table, .exercise, .chart-and-data { break-inside: avoid; page-break-inside: avoid; }
  .chart-and-data { display: block; }
  figure img { max-width: 170mm; }
}
"""


def _e(text) -> str:
    return html.escape(str(text))


def _pct(part: float, whole: float) -> float:
    return 100.0 * part / whole if whole else 0.0


def _table(caption: str, head: list[str], rows: list[list], numeric: set[int] = frozenset()) -> str:
    cls = lambda i: ' class="num"' if i in numeric else ""  # noqa: E731
    out = [f"<table><caption>{_e(caption)}</caption><thead><tr>"]
    out += [f'<th scope="col"{cls(i)}>{_e(h)}</th>' for i, h in enumerate(head)]
    out.append("</tr></thead><tbody>")
    for row in rows:
        cells = [f'<th scope="row">{_e(row[0])}</th>'] + [f"<td{cls(i)}>{_e(v)}</td>" for i, v in enumerate(row) if i]
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "".join(out) + "</tbody></table>"


def _figure_html(png: str, alt: str, caption: str) -> str:
    return (f'<figure><img src="data:image/png;base64,{png}" alt="{_e(alt)}">'
            f"<figcaption>{_e(caption)}</figcaption></figure>")


def _steps_section(learners, steps) -> str:
    shares = {s: [_pct(x.per_step[s], x.per_step_max[s]) for x in learners] for s in steps}
    rows = [[rubric.step(s).label(), f"{learners[0].per_step_max[s]:g}", f"{min(v):.0f}%",
             f"{statistics.median(v):.0f}%", f"{statistics.mean(v):.0f}%", f"{max(v):.0f}%"] for s, v in shares.items()]
    alt = ("Box plot, one row per rubric step, of each learner's score as a percentage of the step's points. "
           + "; ".join(f"{r[0]}: median {r[3]}, mean {r[4]}" for r in rows) + ".")
    table = _table("Each step's score across the cohort (% of the step's points)",
                   ["Step", "Points", "Lowest", "Median", "Mean", "Highest"], rows, {1, 2, 3, 4, 5})
    return ('<section id="steps"><h2>Scores by recovery step</h2><div class="chart-and-data">'
            + _figure_html(_steps_chart(shares), alt, "Each dot is one learner; the box spans the middle half.")
            + table + "</div></section>")


def _question(catalogue, grade_id: str) -> str:
    """What the report calls a graded cell: its exercise's prompt, else its kind ("(code exercise)",
    "(written answer, scored by hand)")."""
    exercise, cell = catalogue.get(grade_id), catalogue.cell(grade_id)
    kind = {"written": "written answer, scored by hand", "task": "task, scored by hand"}.get(cell.kind,
                                                                                           f"{cell.kind} exercise")
    return (exercise.prompt if exercise is not None else "") or f"({kind})"


def _hardest_section(learners, catalogue) -> str:
    means = []
    for cell in catalogue.graded_cells:
        scores = [x.per_exercise.get(cell.grade_id) for x in learners]
        scores = [s for s in scores if s is not None]
        if scores and cell.points:
            full = sum(s >= cell.points for s in scores)
            means.append((_pct(statistics.mean(scores), cell.points), cell.grade_id, full, len(scores)))
    hardest = sorted(means)[:HARDEST]
    if not hardest:
        return '<section id="hardest"><h2>Hardest exercises</h2><p>No autograded scores yet.</p></section>'
    rows = [[e, rubric.step(catalogue.cell(e).step).title if catalogue.cell(e).step else "",
             _question(catalogue, e), f"{m:.0f}%", f"{full} of {n}"] for m, e, full, n in hardest]
    alt = (f"Bar chart of the {len(rows)} exercises with the lowest mean score: "
           + "; ".join(f"{r[0]} {r[3]}" for r in rows) + ".")
    table = _table("Lowest mean score first", ["Exercise", "Step", "Question", "Mean score", "Full marks"],
                   rows, {3, 4})
    return ('<section id="hardest"><h2>Hardest exercises</h2><div class="chart-and-data">'
            + _figure_html(_hardest_chart([(e, m) for m, e, *_ in hardest]), alt,
                           "Mean score of each exercise, as % of its points.")
            + table + "</div></section>")


def _misconceptions_section(counts, catalogue) -> str:
    parts = ['<section id="misconceptions"><h2>Misconceptions to discuss</h2>'
             '<p class="note">The wrong options most often chosen, counted among the learners who did not get '
             "full marks on the exercise (for ordering: an item in the wrong place; for categorise: an item "
             "put in the wrong category).</p>"]
    if not counts:
        parts.append("<p>No wrong choices recorded.</p>")
    for exercise_id, counter in sorted(counts.items(), key=lambda kv: -sum(kv[1].values())):
        exercise = catalogue.get(exercise_id)
        rows = [[label, n] for label, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_CHOICES]]
        parts.append(f'<div class="exercise"><h3>{_e(exercise.prompt or exercise_id)}</h3>'
                     f'<p class="note">{_e(exercise_id)} · {_e(CHOICE_KINDS[exercise.kind])}</p>'
                     + _table(f"Most chosen wrong options in {exercise_id}", ["Wrong choice", "Learners"], rows, {1})
                     + "</div>")
    return "".join(parts) + "</section>"


def _names(students, shown: int = 10) -> str:
    """Learner ids for a note: the first few, then how many more."""
    names = ", ".join(students[:shown])
    return names + (f" and {len(students) - shown} more" if len(students) > shown else "")


def _score(fraction: float, points: float) -> str:
    return f"{fraction * points:.2f} of {points:g} ({fraction:.0%})"


def _messages_section(found) -> str:
    """Per drafted-message exercise: how often each finding appeared, and the messages to read first."""
    from ..message_patterns import pattern

    parts = ['<section id="drafted-messages"><h2>Drafted messages</h2>'
             '<p class="note">What the message checker found in the messages the cohort wrote, and where its '
             "automated score and your manual score disagree most: those messages are the ones to read first "
             "(the checker's blind spots, or a score to look at again).</p>"]
    for group in found:
        exercise, messages = group.exercise, group.messages
        parts.append(f'<div class="exercise"><h3>{_e(exercise.prompt or exercise.id)}</h3>'
                     f'<p class="note">{_e(exercise.id)} · {len(messages)} message(s)'
                     + (f"; no message from {len(group.unanswered)} learner(s): {_e(_names(group.unanswered))}"
                        if group.unanswered else "") + "</p>")
        if not messages:
            parts.append("<p>No messages written.</p></div>")
            continue
        kinds = {"component": "component", "red_flag": "red flag"}
        rows = [[pattern(fid).label, kinds.get(kind, kind), n, f"{_pct(n, len(messages)):.0f}%"]
                for fid, kind, n in group.frequencies()]
        parts.append(_table(f"How often each finding appeared in {exercise.id} (of {len(messages)} messages)",
                            ["Finding", "Kind", "Messages", "Share"], rows, {2, 3}))
        points, manual_points = group.points, group.manual_points
        read = group.to_read_first()
        if group.manual_id is None:
            parts.append("<p>This exercise has no manually scored cell to compare with.</p>")
        elif read:
            rows = [[m.student_id, _score(m.automated, points), _score(m.manual, manual_points),
                     f"{100 * m.gap:.0f}", excerpt(m.text)] for m in read[:TO_READ_FIRST]]
            parts.append(_table(f"Messages to read first in {exercise.id}: automated and manual scores "
                                "furthest apart first",
                                ["Learner", "Automated score", "Your score", "Gap (% of the points)", "Message (excerpt)"], rows, {1, 2, 3}))
            if len(read) > TO_READ_FIRST:
                parts.append(f'<p class="note">{len(read) - TO_READ_FIRST} more scored message(s), '
                             "closer in score, are not listed.</p>")
        else:
            parts.append("<p>No message of this exercise is scored by hand yet, so there is nothing to compare.</p>")
        waiting = group.not_scored()
        if waiting and group.manual_id is not None:
            rows = [[m.student_id, _score(m.automated, points), excerpt(m.text)] for m in waiting]
            parts.append(_table(f"Not scored by hand yet in {exercise.id} ({group.manual_id} in formgrader)",
                                ["Learner", "Automated score", "Message (excerpt)"], rows, {1}))
        parts.append("</div>")
    return "".join(parts) + "</section>"


def _help_section(learners, steps) -> str:
    rows = []
    for x in learners:
        share = {s: _pct(x.per_step[s], x.per_step_max[s]) for s in steps}
        weakest = min(steps, key=lambda s: share[s])
        reasons = []
        if _pct(x.total, x.max_total) < 100 * NEEDS_HELP_TOTAL:
            reasons.append(f"total below {NEEDS_HELP_TOTAL:.0%}")
        low = [rubric.step(s).title for s in steps if share[s] < 100 * NEEDS_HELP_STEP]
        if low:
            reasons.append(f"below {NEEDS_HELP_STEP:.0%} on: " + ", ".join(low))
        if reasons:
            rows.append([x.student_id, f"{x.total:g} of {x.max_total:g} ({_pct(x.total, x.max_total):.0f}%)",
                         f"{rubric.step(weakest).label()} ({share[weakest]:.0f}%)",
                         "; ".join(reasons) + (" (manual grading pending)" if x.needs_manual_grade else "")])
    body = (_table("Learners to check in with", ["Learner", "Total", "Weakest step", "Why listed"], rows)
            if rows else "<p>Nobody is below the thresholds.</p>")
    return (f'<section id="needs-help"><h2>Learners who may need help</h2><p class="note">Listed when the total '
            f"is below {NEEDS_HELP_TOTAL:.0%} of the points or any step is below {NEEDS_HELP_STEP:.0%} of its "
            f"points.</p>{body}</section>")


def build_report(*, root: Path, assignment: str, path: Path | None = None) -> Path:
    """Write the cohort report for one assignment; default path <the layout's reports folder>/<assignment>.html."""
    root = Path(root)
    learners = exports.cohort_scores(root=root, assignment=assignment)
    catalogue = catalogues.load(assignment, root=root)
    target = Path(path) if path is not None else CourseLayout.of(root).reports / f"{assignment}.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    generated = datetime.now(timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M")
    mean = statistics.mean(x.total for x in learners) if learners else 0.0
    max_total = learners[0].max_total if learners else 0.0
    pending = sum(x.needs_manual_grade for x in learners)
    header = (f"<header><h1>Cohort report: {_e(assignment)}</h1><dl class=\"summary\">"
              f"<div><dt>Learners</dt><dd>{len(learners)}</dd></div>"
              f"<div><dt>Mean total</dt><dd>{mean:.1f} of {max_total:g} ({_pct(mean, max_total):.0f}%)</dd></div>"
              f"<div><dt>Generated</dt><dd>{generated}</dd></div></dl>"
              f'<p class="note">{_e(policy_text(CourseLayout.of(root).graded_answer))}</p>'
              + (f'<p class="note">{pending} learner(s) still have cells waiting for manual grading; '
                 "their totals are not final.</p>" if pending else "") + "</header>")
    if learners:
        steps = [s for s in rubric.STEP_IDS if learners[0].per_step_max.get(s)]
        counts = wrong_choices(root=root, assignment=assignment, learners=learners, catalogue=catalogue)
        messages = drafted_messages(root=root, assignment=assignment, learners=learners, catalogue=catalogue)
        body = (_steps_section(learners, steps) + _hardest_section(learners, catalogue)
                + _misconceptions_section(counts, catalogue)
                + (_messages_section(messages) if messages else "") + _help_section(learners, steps))
    else:
        body = "<p>No graded submissions yet: autograde first.</p>"
    page = (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Cohort report: {_e(assignment)}'
            f'</title><meta name="viewport" content="width=device-width, initial-scale=1"><style>{STYLE}</style>'
            f"</head><body>{header}<main>{body}</main></body></html>\n")
    target.write_text(page, encoding="utf-8")
    return target
