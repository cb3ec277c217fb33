"""The completion record: one printable page of what a learner did across the course, with no answers.

Why a page of its own: a self-paced learner has no gradebook and no instructor to vouch for their
work, so the course gives them a record to keep or show (their certificate of completion): per
rubric step, how they did on their first try and in the end, which cases they completed, and the
date. It is HTML that prints to one page of A4 or Letter (a print stylesheet, readable in black
and white, with real headings and a table a screen reader can walk), because a browser's "Print
to PDF" is the one PDF maker every learner already has.

Why no answers in it: a record is shown to others (a manager, a later employer), and a learner's
choices and drafted messages are theirs; the page holds figures, case titles and dates only.

Why scored here and not read from somewhere: the responses.json of each released assignment holds
every checked answer, first try and latest (:mod:`course.responses`), and the released notebooks
hold each widget exercise's rules with their salted digests (``key=``): the same literal arguments
the learner's kernel builds its panels from, parsed by :func:`course.catalogue.constructor_calls`
into the kinds' rules (:mod:`course.answers`), so the record judges exactly as the practice
notebook and its progress summary (:mod:`course.progress`) do, with no kernel running. A graded
release carries no digests (``course build --graded``): its exercises are keyless, and the record
can then only say which were answered, and says so.

What counts: the widget exercises (choices, orderings, sortings, figures, sets of items, and the
automated checklist of each drafted message). Code you wrote in a cell, written reflections and
what your instructor grades by hand are not judged here: the page says so, and how many points
of each step are left to an instructor. A case is completed when every widget exercise of it has
a checked answer (a draft is not one); a case with no widget exercise is not tracked here.

Two ways in, both writing the file atomically (an earlier record survives a failed run):
``course record`` (:mod:`course.commands.record`) from the course folder, and :func:`show_record`
from a notebook cell, which writes the file and shows a link. Imports no ipywidgets and nothing of
the instructor's side: it runs in a learner's kernel.
"""

from __future__ import annotations

import contextlib
import html
import inspect
import io
import json
import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from . import rubric
from .catalogue import constructor_calls, notebook_graded_cells
from .story import graded_branch
from .responses import FILENAME, ResponsesStore, replaced_atomically

__all__ = ["RECORD_FILENAME", "CaseRecord", "CompletionRecord", "RecordError", "StepMastery", "assignment_folders",
           "collect", "render", "show_record", "summary_line", "write_record"]

RECORD_FILENAME = "completion-record.html"
COURSE_TITLE = "Recovering from Mistakes"
MAX_NOTEBOOK_BYTES = 20_000_000  # a released notebook is a few hundred KB; more is not a notebook of ours

WHAT_COUNTS = ("Scores count the exercises you answered in the notebooks' widgets (choices, orderings, "
               "sortings, figures, lists, and the automated checklist of each drafted message). Code you "
               "wrote in a cell, your written reflections, and what an instructor grades by hand are not "
               "included.")


class RecordError(ValueError):
    """A problem the learner can fix, in one line: no such assignment, nothing answered yet, no place to write."""


@dataclass(frozen=True)
class StepMastery:
    """One rubric step across the course.

    ``first`` and ``final`` are the points earned on first tries and with the latest answers, of
    ``possible``: the points of the widget exercises judged here (those whose notebook carries
    their key). ``answered`` of ``total`` widget exercises have a checked answer; ``unjudged`` of
    them cannot be scored here and count as answered only: ``keyless`` of those came without a key
    (a graded release), the others are cells whose arguments these rules cannot build an exercise
    from (a newer notebook, say). ``instructor`` points of the step are graded by hand or in code,
    and not included."""

    step: str
    first: float
    final: float
    possible: float
    answered: int
    total: int
    unjudged: int = 0
    keyless: int = 0
    instructor: float = 0.0
    revealed: int = 0  # exercises whose right answer the learner asked to see ("Show the answer")

    @property
    def first_share(self) -> float:
        return self.first / self.possible if self.possible else 0.0

    @property
    def final_share(self) -> float:
        return self.final / self.possible if self.possible else 0.0


@dataclass(frozen=True)
class CaseRecord:
    """One released assignment: its title, how many of its widget exercises are answered, and
    whether it is completed (every one answered), with the date of its latest answer."""

    assignment: str
    title: str
    answered: int
    total: int
    last_answer: date | None = None

    @property
    def completed(self) -> bool:
        return self.total > 0 and self.answered == self.total

    @property
    def tracked(self) -> bool:
        return self.total > 0


@dataclass(frozen=True)
class CompletionRecord:
    """Everything the page says: whose record, when made, each step's mastery and each case."""

    name: str
    made_on: date
    steps: tuple[StepMastery, ...]
    cases: tuple[CaseRecord, ...]

    @property
    def completed(self) -> list[CaseRecord]:
        return [c for c in self.cases if c.completed]

    @property
    def tracked(self) -> list[CaseRecord]:
        return [c for c in self.cases if c.tracked]

    @property
    def possible(self) -> float:
        return sum(s.possible for s in self.steps)

    @property
    def first(self) -> float:
        return round(sum(s.first for s in self.steps), 2)

    @property
    def final(self) -> float:
        return round(sum(s.final for s in self.steps), 2)

    @property
    def unjudged(self) -> int:
        return sum(s.unjudged for s in self.steps)

    @property
    def keyless(self) -> int:
        return sum(s.keyless for s in self.steps)

    @property
    def answered(self) -> int:
        return sum(s.answered for s in self.steps)

    @property
    def revealed(self) -> int:
        return sum(s.revealed for s in self.steps)


# -- reading the released assignments -----------------------------------------------------------


@dataclass(frozen=True)
class _Exercise:
    id: str
    step: str
    points: float
    rules: Any  # the kind's rules built from the released cell; None where they cannot be built


def assignment_folders(release: str | os.PathLike[str]) -> list[str]:
    """The assignments of a release folder: each sub-folder holding a notebook, sorted."""
    release = Path(release)
    if not release.is_dir():
        return []
    return sorted(p.name for p in release.iterdir()
                  if p.is_dir() and not p.name.startswith(".") and any(p.glob("*.ipynb")))


def _notebooks(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))


def _cells(path: Path) -> list[dict]:
    try:
        if path.stat().st_size > MAX_NOTEBOOK_BYTES:
            raise RecordError(f"{path.name} is too large to be a notebook of the course")
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells")
    except (OSError, ValueError, AttributeError, RecursionError):
        raise RecordError(f"{path.parent.name}/{path.name} cannot be read as a notebook; "
                          "fetch or build that assignment again") from None
    return [c for c in cells if isinstance(c, dict)] if isinstance(cells, list) else []


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(s for s in source if isinstance(s, str)) if isinstance(source, list) else str(source)


def _accepted(cls: type) -> set[str]:
    """The keyword arguments a rules class takes (its own and its bases'): a question cell's other
    arguments (the prompt, the veiled texts) belong to the panel, not the rules."""
    names = set()
    for klass in cls.__mro__:
        if "__init__" in vars(klass):
            names.update(p.name for p in inspect.signature(vars(klass)["__init__"]).parameters.values()
                         if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD))
    return names - {"self", "exercise_id"}


def _rules(call: dict) -> Any:
    cls = call["cls"]
    arguments = {k: v for k, v in call.items() if k in _accepted(cls)}
    try:
        return cls(call["id"], **arguments)
    except (TypeError, ValueError):
        return None  # a cell this version of the rules cannot build: counted as answered or not, never judged


def _exercises(folder: Path) -> tuple[list[_Exercise], str]:
    """The widget exercises of one released assignment, in notebook order, and its title (the
    first notebook's first heading)."""
    found: dict[str, _Exercise] = {}
    title = ""
    for path in _notebooks(folder):
        for cell in _cells(path):
            if not title and cell.get("cell_type") == "markdown":
                title = _heading(_source(cell))
            meta = cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {}
            nbgrader = meta.get("nbgrader") if isinstance(meta.get("nbgrader"), dict) else {}
            if cell.get("cell_type") != "code" or not str(nbgrader.get("grade_id", "")).endswith("-question"):
                continue
            for call in constructor_calls(_source(cell)):
                points = call.get("points")
                points = float(points) if isinstance(points, (int, float)) and not isinstance(points, bool) else 0.0
                try:
                    step = rubric.step(call["step"]).id
                except ValueError:
                    continue  # no step of the rubric: nothing to count it under
                found[call["id"]] = _Exercise(call["id"], step, points, _rules(call))
    return list(found.values()), title or folder.name


def _heading(text: str) -> str:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return ""


def _instructor_points(folder: Path) -> dict[str, float]:
    """Per step, the points of the graded cells that are no widget exercise's (code, written, task)."""
    points = dict.fromkeys(rubric.STEP_IDS, 0.0)
    for path in _notebooks(folder):
        for cell in notebook_graded_cells(path):
            if cell.kind != "exercise" and cell.step in points:
                points[cell.step] += cell.points
    return points


def _answers(folder: Path):
    """The checked answers of one assignment (the responses store's reader: a corrupt file is moved
    aside with a one-line message, here prefixed with the assignment, and counts as none)."""
    path = folder / FILENAME
    if not path.exists():
        return {}
    said = io.StringIO()
    try:
        with contextlib.redirect_stdout(said):
            return ResponsesStore(path).answers()
    except (OSError, TimeoutError) as problem:
        raise RecordError(f"{folder.name}/{FILENAME} cannot be read: {getattr(problem, 'strerror', '') or problem}") \
            from None
    finally:  # the store's notes (a file set aside, entries skipped) name the file; say whose it is
        for line in said.getvalue().splitlines():
            print(f"{folder.name}: {line.lstrip('⚠ ')}" if line.strip() else line)


def _score(rules: Any, value: Any) -> float:
    """Points a saved answer earns against the exercise's salted key (0 for none or an unreadable one)."""
    if value is None:
        return 0.0
    try:
        return float(rules.check(rules.normalise(value)).fraction) * rules.points
    except Exception:  # noqa: BLE001 - an answer that no longer fits the question earns nothing here
        return 0.0


def _judged(exercise: _Exercise) -> bool:
    return exercise.rules is not None and not getattr(exercise.rules, "keyless", False)


def _day(stamp: str) -> date | None:
    try:
        return datetime.fromisoformat(stamp).date()
    except (TypeError, ValueError):
        return None


def collect(release: str | os.PathLike[str], *, assignments: list[str] | tuple[str, ...] | None = None,
            name: str = "", made_on: date | None = None) -> CompletionRecord:
    """The record of the assignments in ``release`` (the release folder: one folder per
    assignment, each with its notebooks and the learner's responses.json), all of them unless
    ``assignments`` names some. Raises :class:`RecordError` for an unknown assignment or when no
    exercise has a checked answer yet."""
    release = Path(release)
    known = assignment_folders(release)
    if not known:
        raise RecordError(f"no assignments in {release}: run this from the course folder, or build the course first")
    chosen = list(assignments) if assignments else known
    unknown = [a for a in chosen if a not in known]
    if unknown:
        raise RecordError(f"no assignment {unknown[0]!r} in {release.name}/; valid assignments: {', '.join(known)}")
    sums = {s: dict(first=0.0, final=0.0, possible=0.0, answered=0, total=0, unjudged=0, keyless=0,
                    instructor=0.0, revealed=0)
            for s in rubric.STEP_IDS}
    cases = []
    for assignment in chosen:
        folder = release / assignment
        exercises, title = _exercises(folder)
        answers = _answers(folder)
        for step, points in _instructor_points(folder).items():
            sums[step]["instructor"] += points
        answered = 0
        for exercise in exercises:
            row = sums[exercise.step]
            saved = answers.get(exercise.id)
            row["total"] += 1
            answered += saved is not None
            row["answered"] += saved is not None
            row["revealed"] += bool(saved and saved.revealed)
            if not _judged(exercise):
                row["unjudged"] += 1
                row["keyless"] += exercise.rules is not None
                continue
            rules = exercise.rules
            if getattr(rules, "after", None):  # after a decision: the key of the learner's graded branch
                rules = rules.for_branch(graded_branch(rules.after, answers))
            row["possible"] += exercise.points
            row["first"] += _score(rules, saved.first if saved else None)
            # a decision counts once: its first is its final (course.answers.decision)
            row["final"] += _score(rules, (saved.first if rules.graded_on_first else saved.value) if saved else None)
        days = [d for d in (_day(answers[e.id].time) for e in exercises if e.id in answers) if d]
        cases.append(CaseRecord(assignment=assignment, title=title, answered=answered, total=len(exercises),
                                last_answer=max(days) if days else None))
    if not any(c.answered for c in cases):
        raise RecordError("no exercise has a checked answer yet: answer the exercises of an assignment, "
                          "then make the record")
    steps = tuple(StepMastery(step=s, first=round(v["first"], 2), final=round(v["final"], 2),
                              possible=round(v["possible"], 2), answered=v["answered"], total=v["total"],
                              unjudged=v["unjudged"], keyless=v["keyless"], instructor=round(v["instructor"], 2),
                              revealed=v["revealed"])
                  for s, v in sums.items())
    return CompletionRecord(name=name.strip(), made_on=made_on or date.today(), steps=steps, cases=tuple(cases))


# -- the page -------------------------------------------------------------------------------------

# One page of A4 (210 x 297 mm) or Letter (216 x 279 mm): no page size is forced, so each prints on
# the paper it is sent to; the margins and the content fit the smaller of the two in each direction
# (186 mm wide, 255 mm high). Black text on white, borders rather than shaded cells (browsers drop
# backgrounds when printing), nothing said by colour alone.
STYLE = """
@page { margin: 12mm; }
html { color: #1a1a1a; background: #ffffff; }
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       max-width: 182mm; margin: 0 auto; padding: 10mm 6mm; }
h1 { font-size: 19pt; margin: 0 0 2mm; }
h2 { font-size: 13pt; margin: 7mm 0 2mm; }
p { margin: 1.5mm 0; }
.who { font-size: 13pt; margin: 3mm 0; }
.blank { display: inline-block; min-width: 70mm; min-height: 1.2em; border-bottom: 1px solid #1a1a1a; }
.hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.summary { font-weight: 600; }
.note, footer { color: #3d3d3d; font-size: 9.5pt; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 2mm; }
caption { text-align: left; font-weight: 600; padding-bottom: 1.5mm; }
th, td { border: 1px solid #4d4d4d; padding: 1.5mm 2.5mm; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #1a1a1a; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.status { white-space: nowrap; }
footer { margin-top: 6mm; border-top: 1px solid #4d4d4d; padding-top: 2mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 9pt; line-height: 1.3; }
  h1 { font-size: 15pt; margin-bottom: 1mm; }
  h2 { font-size: 11.5pt; margin: 4mm 0 1mm; }
  .who { font-size: 11.5pt; margin: 1.5mm 0; }
  p { margin: 1mm 0; }
  .note, footer { font-size: 8pt; }
  caption { padding-bottom: 1mm; }
  th, td { padding: 0.8mm 2mm; }
  footer { margin-top: 3mm; padding-top: 1.5mm; }
  table, tr, section { break-inside: avoid; page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _g(number: float) -> str:
    return f"{round(number, 2):g}"


def _percent(part: float, whole: float) -> str:
    return f"{round(100 * part / whole):d}%" if whole else "—"


def _long_date(day: date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def summary_line(record: CompletionRecord) -> str:
    """The record in one line (what ``course record`` prints after the path)."""
    cases = f"{len(record.completed)} of {len(record.tracked)} cases completed"
    if record.possible:
        scores = (f"final {_percent(record.final, record.possible)} and first try "
                  f"{_percent(record.first, record.possible)} of {_g(record.possible)} points judged here")
    else:
        scores = f"{record.answered} exercises answered (scores come with your instructor's grades)"
    return f"{cases}; {scores}"


def _step_rows(record: CompletionRecord) -> str:
    rows = []
    for s in record.steps:
        label = rubric.step(s.step).label()
        if s.possible:
            first = f"{_percent(s.first, s.possible)} ({_g(s.first)} of {_g(s.possible)})"
            final = f"{_percent(s.final, s.possible)} ({_g(s.final)} of {_g(s.possible)})"
        else:
            first = final = "—"
        answered = f"{s.answered} of {s.total}" if s.total else "—"
        rows.append(f"<tr><th scope='row'>{_e(label)}</th><td class='n'>{_e(first)}</td>"
                    f"<td class='n'>{_e(final)}</td><td class='n'>{_e(answered)}</td></tr>")
    return "".join(rows)


def _case_rows(record: CompletionRecord) -> str:
    rows = []
    for c in record.cases:
        if not c.tracked:
            status = "Not tracked here (no widget exercises)"
        elif c.completed:
            status = "Completed"
        else:
            status = "Not yet"
        last = _long_date(c.last_answer) if c.last_answer else "—"
        answered = f"{c.answered} of {c.total}" if c.tracked else "—"
        rows.append(f"<tr><th scope='row'>{_e(c.title)}</th><td class='status'>{_e(status)}</td>"
                    f"<td class='n'>{_e(answered)}</td><td class='n'>{_e(last)}</td></tr>")
    return "".join(rows)


def _notes(record: CompletionRecord) -> str:
    notes = [WHAT_COUNTS]
    instructor = sum(s.instructor for s in record.steps)
    if instructor:
        notes.append(f"Across these assignments {_g(instructor)} more points are graded by an instructor "
                     "and are not part of this record.")
    if record.unjudged:
        judged = "none of them" if not record.possible else "the others"
        why = ("came without their answer key (the graded version of the notebooks)" if record.keyless == record.unjudged
               else "could not be scored by this version of the course")
        notes.append(f"{record.unjudged} of the exercises {why}, so this record can only say whether you answered "
                     f"them, not how they fared; {judged} are scored here. Your instructor's grades say the rest.")
    if record.revealed:
        notes.append(f"You asked to see the answer at {record.revealed} exercise{'' if record.revealed == 1 else 's'}; "
                     "their final score includes what you saw there, their first try does not.")
    return "".join(f"<p class='note'>{_e(n)}</p>" for n in notes)


def render(record: CompletionRecord) -> str:
    """The record as one HTML page (see the module's docstring), holding no answer of any kind."""
    made = _long_date(record.made_on)
    who = (f"<p class='who'>This record belongs to <strong>{_e(record.name)}</strong>.</p>" if record.name else
           "<p class='who'>This record belongs to <span class='blank'><span class='hidden'>(space for a name)"
           "</span></span></p>")
    tracked = record.tracked
    summary = f"{len(record.completed)} of {len(tracked)} cases completed"
    if tracked and len(record.completed) == len(tracked):
        summary = f"Completed every case of the course ({len(tracked)} of {len(tracked)})"
    if record.possible:
        summary += (f"; final score {_percent(record.final, record.possible)}, first try "
                    f"{_percent(record.first, record.possible)}, of {_g(record.possible)} points judged here.")
    else:
        summary += f"; {record.answered} exercises answered."
    caption = ("First try (your first checked answer to each exercise) and final score (your latest) per rubric "
               "step, across every case; an exercise not answered counts as 0")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(COURSE_TITLE)}: completion record{_e(' of ' + record.name) if record.name else ''}</title>
<style>{STYLE}</style>
</head>
<body>
<main>
<header>
<h1>{_e(COURSE_TITLE)}: completion record</h1>
{who}
<p>Made on <time datetime="{record.made_on.isoformat()}">{_e(made)}</time>.</p>
<p class="summary">{_e(summary)}</p>
</header>
<section aria-labelledby="steps-heading">
<h2 id="steps-heading">Mastery per rubric step</h2>
<table>
<caption>{_e(caption)}</caption>
<thead><tr><th scope="col">Rubric step</th><th scope="col">First try</th><th scope="col">Final</th>\
<th scope="col">Exercises answered</th></tr></thead>
<tbody>{_step_rows(record)}</tbody>
</table>
{_notes(record)}
</section>
<section aria-labelledby="cases-heading">
<h2 id="cases-heading">Cases</h2>
<table>
<caption>Each case is completed when every exercise in its widgets has a checked answer</caption>
<thead><tr><th scope="col">Case</th><th scope="col">Status</th><th scope="col">Exercises answered</th>\
<th scope="col">Last answer</th></tr></thead>
<tbody>{_case_rows(record)}</tbody>
</table>
</section>
<footer>
<p>This record holds scores, case titles and dates only, none of your answers or messages, made from the
answers saved in your copy of the course.</p>
</footer>
</main>
</body>
</html>
"""


def write_record(release: str | os.PathLike[str], to: str | os.PathLike[str] | None = None, *,
                 assignments: list[str] | tuple[str, ...] | None = None, name: str = "",
                 made_on: date | None = None) -> tuple[Path, CompletionRecord]:
    """Collect, render and write the record; returns where it went and the record.

    ``to``: a file, or a folder to put ``completion-record.html`` in (default: the release folder,
    where JupyterLab's file browser shows it). The page is rendered in full before the file is
    touched, and replaces it atomically: a failed run leaves an earlier record as it was."""
    release = Path(release)
    target = Path(to) if to is not None else release / RECORD_FILENAME
    if target.is_dir():
        target = target / RECORD_FILENAME
    record = collect(release, assignments=assignments, name=name, made_on=made_on)
    if not target.parent.is_dir():
        raise RecordError(f"cannot write {target}: the folder {target.parent} does not exist")
    page = render(record)
    try:
        with replaced_atomically(target) as handle:
            handle.write(page)
    except OSError as problem:
        raise RecordError(f"cannot write {target}: {problem.strerror or problem}") from None
    return target, record


def show_record(name: str = "", to: str | os.PathLike[str] | None = None) -> None:
    """For a notebook's last cell: write the completion record of every assignment beside this
    one (the folder above the notebook's: the release folder, or the folder an exchange fetched
    the assignments into) and show a link to it. Never raises for anything a learner did: a
    problem is one line. Returns nothing, so the cell shows the link once.

    In a grading kernel (``course grade``) it writes nothing: the record is the learner's, made
    in their own copy of the course."""
    from .speedups import NO_FRONTEND

    if os.environ.get(NO_FRONTEND) == "1":
        print("Your completion record is made in your own copy of the course.")
        return None
    release = Path.cwd().parent
    try:
        path, record = write_record(release, to, name=name if isinstance(name, str) else str(name))
    except RecordError as problem:
        print(f"No completion record yet: {problem}.")
        return None
    from IPython.display import display

    try:
        link = os.path.relpath(path, Path.cwd())
    except ValueError:  # another drive (Windows)
        link = str(path)
    display(_Link(Path(link).as_posix(), path, summary_line(record)))
    return None


@dataclass(frozen=True)
class _Link:
    """What :func:`show_record` shows: a link in HTML, the path in plain text (a notebook read without HTML)."""

    href: str
    path: Path
    summary: str

    def _repr_mimebundle_(self, **kwargs):
        advice = "Open it in your browser and print it, or save it as PDF."
        return {"text/plain": f"Your completion record: {self.path} ({self.summary}). {advice}",
                "text/html": (f"<p>Your completion record: <a href='{_e(self.href)}' target='_blank' rel='noopener'>"
                              f"{_e(self.path.name)}</a> ({_e(self.summary)}). {advice}</p>")}
