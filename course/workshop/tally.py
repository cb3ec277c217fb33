"""The room's answers as tables: who is present, how many answered, how the choices spread.

Why pure pandas and no widgets: the same numbers feed the facilitator's dashboard, the terminal
tally (``course workshop tally``) and the CSV export, and tests check them exactly on a made-up
room. Input is what the session store returns (``store.participants(code)``) and the assignment's
catalogue; nothing here reads a file or draws a chart.

Participants are numbered by the order they joined ("Participant 1", "Participant 2", ...), so the
room can be shown without names; a participant's number never changes as others join later.

First tries or latest (``tries``): by default a tally counts each participant's first try at each
exercise (their first checked answer), because that is what the room knew before the feedback
taught it, and what the discussion is about; ``tries="latest"`` counts the answers they ended with.
A participant's answer stored before first tries were kept counts as their first try only where the
store received no other answer to that exercise from them.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..answers import KINDS
from ..answers.ordering import orders_of
from ..catalogue import ExerciseInfo

__all__ = ["Tally", "Spread", "build", "fingerprint", "text", "EXPORT_COLUMNS", "TRIES", "is_right"]

TRIES = ("first", "latest")  # which of each participant's answers a tally counts
EXPORT_COLUMNS = ["session", "participant", "name", "exercise", "step", "value", "score", "time", "attempts",
                  "first_value", "first_score"]
_ANSWER_COLUMNS = ["participant_id", "participant", "name", "exercise", "kind", "step", "value", "time",
                   "attempts", "score", "right"]


@dataclass(frozen=True)
class Spread:
    """How the room's answers to one exercise spread out.

    ``table`` depends on the kind: a count per option (choices, numeric values, list sizes,
    checklist score bands), or a grid of counts per item and place (ordering) or per item and
    category (categorise). ``right`` marks, where a key exists, the right option, value or cell.
    ``lines`` say the same in sentences, for the screen-reader text and the terminal.
    """

    exercise: ExerciseInfo
    answered: int
    present: int
    table: pd.DataFrame  # counts; index: options/values/items; columns: "count", or places/categories
    right: pd.DataFrame | None  # same shape as table, True where right (None when no key)
    right_count: int | None  # answers fully right (None when there is no key)
    lines: tuple[str, ...] = ()  # neutral findings: safe to show before the answer is revealed
    reveal_lines: tuple[str, ...] = ()  # findings that give the answer away
    mean_score: float | None = None  # drafted messages: the mean checklist score

    @property
    def grid(self) -> bool:
        return "count" not in self.table.columns

    @property
    def share_right(self) -> float | None:
        if self.right_count is None or not self.answered:
            return None
        return self.right_count / self.answered


@dataclass
class Tally:
    """One reading of a session: its participants, their answers, per-exercise spreads."""

    code: str
    exercises: list[ExerciseInfo]
    answers: pd.DataFrame  # one row per participant per exercise answered (columns _ANSWER_COLUMNS)
    people: pd.DataFrame  # one row per participant: participant_id, participant (label), name, joined, seen
    tries: str = "first"  # which answers ``answers`` holds: each participant's first tries, or their latest
    firsts: pd.DataFrame | None = None  # each participant's first try per exercise (the export's columns)
    latest: pd.DataFrame | None = None  # each participant's latest answer per exercise (the export's rows)
    _spreads: dict[str, Spread] = field(default_factory=dict, repr=False)

    @property
    def what(self) -> str:
        """What the counts are, in words, for the screen and the terminal."""
        return "first tries" if self.tries == "first" else "latest answers"

    @property
    def present(self) -> int:
        return len(self.people)

    def answered(self, exercise_id: str) -> int:
        return int((self.answers["exercise"] == exercise_id).sum())

    def exercise(self, exercise_id: str) -> ExerciseInfo:
        for e in self.exercises:
            if e.id == exercise_id:
                return e
        raise KeyError(exercise_id)

    def summary(self) -> pd.DataFrame:
        """One row per exercise: answered, present, right (where a key exists) and share right."""
        rows = []
        for e in self.exercises:
            s = self.spread(e.id)
            rows.append({"number": e.label, "exercise": e.id, "kind": e.kind, "step": e.step, "prompt": e.prompt,
                         "answered": s.answered, "present": self.present, "right": s.right_count,
                         "share_right": s.share_right, "mean_score": s.mean_score})
        return pd.DataFrame(rows, columns=["number", "exercise", "kind", "step", "prompt", "answered", "present",
                                           "right", "share_right", "mean_score"])

    def progress(self) -> pd.DataFrame:
        """One row per participant: their label, name and how many exercises they have answered."""
        counts = self.answers.groupby("participant_id").size()
        table = self.people[["participant_id", "participant", "name"]].copy()
        table["answered"] = table["participant_id"].map(counts).fillna(0).astype(int)
        return table

    def waiting(self, exercise_id: str) -> list[str]:
        """Participant ids (in join order) who have not answered this exercise yet."""
        done = set(self.answers.loc[self.answers["exercise"] == exercise_id, "participant_id"])
        return [p for p in self.people["participant_id"] if p not in done]

    def spread(self, exercise_id: str) -> Spread:
        if exercise_id not in self._spreads:
            exercise = self.exercise(exercise_id)
            rows = self.answers[self.answers["exercise"] == exercise_id]
            self._spreads[exercise_id] = _spread(exercise, rows, self.present)
        return self._spreads[exercise_id]

    def export_rows(self) -> pd.DataFrame:
        """The CSV export: one row per participant per exercise answered, in join and exercise order."""
        order = {e.id: n for n, e in enumerate(self.exercises)}
        joined = {p: n for n, p in enumerate(self.people["participant_id"])}
        latest = self.answers if self.tries == "latest" else self.latest
        rows = latest.assign(
            _p=latest["participant_id"].map(joined), _e=latest["exercise"].map(order),
        ).sort_values(["_p", "_e"], kind="stable")
        firsts = {} if self.firsts is None else {
            (r.participant_id, r.exercise): (r.value, r.score) for r in self.firsts.itertuples()}
        pairs = list(zip(rows["participant_id"], rows["exercise"]))
        return pd.DataFrame({
            "session": self.code,
            "participant": rows["participant"],
            "name": rows["name"],
            "exercise": rows["exercise"],
            "step": rows["step"],
            "value": [json.dumps(v, ensure_ascii=False) for v in rows["value"]],
            "score": rows["score"],
            "time": rows["time"],
            "attempts": rows["attempts"],
            "first_value": [json.dumps(firsts[pair][0], ensure_ascii=False) if pair in firsts else ""
                            for pair in pairs],
            "first_score": [firsts[pair][1] if pair in firsts else None for pair in pairs],
        }, columns=EXPORT_COLUMNS).reset_index(drop=True)


def text(t: Tally, info: Any = None, *, names: bool = False) -> str:
    """The tally as plain text for a terminal: the room, then one short block per exercise."""
    lines = []
    if info is not None:
        title = f" · {info.title}" if info.title else ""
        lines.append(f"Workshop {info.code} · {info.assignment}{title} · {'closed' if info.closed else 'open'}")
    lines.append(f"{t.present} participant{'' if t.present == 1 else 's'} present; counting their {t.what}")
    if names and t.present:
        progress = t.progress()
        lines.append("  " + "; ".join(f"{r.name} ({r.answered})" for r in progress.itertuples()))
    for e in t.exercises:
        s = t.spread(e.id)
        right = ""
        if s.right_count is not None and s.answered:
            right = f"   {s.right_count} right ({s.right_count / s.answered:.0%})"
        elif s.mean_score is not None:
            right = f"   mean checklist score {s.mean_score:.0%}"
        lines.append("")
        lines.append(f"{e.label:<4}{e.id}: {s.answered} of {s.present} answered{right}")
        if e.prompt and e.prompt != e.id:
            lines.append(f"    {e.prompt}")
        if s.answered and s.lines:
            lines.append(f"    {s.lines[0]}")
    return "\n".join(lines)


def fingerprint(participants: Iterable[Any]) -> tuple:
    """What changes when anything the dashboard shows changes: who is there, and every answer's time."""
    return tuple(
        (p.participant_id, p.name,
         tuple(sorted((a.exercise_id, a.time, a.attempts) for a in p.answers.values())),
         tuple(sorted((a.exercise_id, a.time) for a in getattr(p, "first_answers", {}).values())))
        for p in participants
    )


def first_tries(participant: Any) -> dict[str, Any]:
    """A participant's first try at each exercise: as stored, else (an answer stored before first
    tries were kept) their only answer, where the store received no other from them."""
    kept = dict(getattr(participant, "first_answers", None) or {})
    for exercise_id, answer in participant.answers.items():
        if exercise_id not in kept and answer.attempts == 1:
            kept[exercise_id] = answer
    return kept


def build(code: str, participants: Sequence[Any], catalogue: Sequence[ExerciseInfo] = (), *,
          tries: str = "first") -> Tally:
    """A tally of a session from its participants (as the store returns them) and its catalogue,
    counting each participant's first tries (``tries="first"``) or latest answers (``"latest"``)."""
    if tries not in TRIES:
        raise ValueError(f"a tally counts first tries or latest answers ('first' or 'latest'), not {tries!r}")
    participants = sorted(participants, key=lambda p: p.joined)  # stable: the store breaks ties
    people = pd.DataFrame(
        [{"participant_id": p.participant_id, "participant": f"Participant {n}", "name": p.name,
          "joined": p.joined, "seen": p.seen} for n, p in enumerate(participants, start=1)],
        columns=["participant_id", "participant", "name", "joined", "seen"],
    )
    exercises = list(catalogue)
    known = {e.id: e for e in exercises}
    tables = {which: _rows(participants, which, exercises, known) for which in TRIES}
    return Tally(code=code, exercises=exercises, answers=tables[tries], people=people, tries=tries,
                 firsts=tables["first"], latest=tables["latest"])


def _rows(participants: Sequence[Any], tries: str, exercises: list[ExerciseInfo],
          known: dict[str, ExerciseInfo]) -> pd.DataFrame:
    """One row per participant per exercise answered, of their first tries or latest answers."""
    rows = []
    for n, p in enumerate(participants, start=1):
        for answer in (first_tries(p) if tries == "first" else p.answers).values():
            exercise = known.get(answer.exercise_id)
            if exercise is None:  # answered, but not in the catalogue (no course here, or a newer notebook)
                exercise = ExerciseInfo(id=answer.exercise_id, kind=answer.kind, step=answer.step, points=0.0,
                                        prompt=answer.exercise_id, notebook="", number=len(exercises) + 1)
                exercises.append(exercise)
                known[exercise.id] = exercise
            rows.append({
                "participant_id": p.participant_id, "participant": f"Participant {n}", "name": p.name,
                "exercise": answer.exercise_id, "kind": answer.kind or exercise.kind,
                "step": answer.step or exercise.step, "value": answer.value, "time": answer.time,
                "attempts": answer.attempts, "score": answer.score,
                "right": is_right(exercise, answer.value, answer.score),
            })
    return pd.DataFrame(rows, columns=_ANSWER_COLUMNS)


def is_right(exercise: ExerciseInfo, value: Any, score: float | None = None) -> bool | None:
    """Whether an answer is fully right: against the plain key, else the exercise's own check; None if unknown."""
    rules = KINDS.get(exercise.kind)
    if rules is not None and not rules.needs_key:  # judged by rules (drafted messages): no "right"
        return None
    if exercise.key is None:
        return None if score is None else bool(score >= 1.0)
    try:
        if rules is None:  # a kind this course does not know (a newer notebook)
            return value == exercise.key
        return rules.same_answer(value, exercise.key, decimals=exercise.decimals)
    except (TypeError, ValueError):
        return False


# -- per kind -------------------------------------------------------------------------------------

def _spread(exercise: ExerciseInfo, rows: pd.DataFrame, present: int) -> Spread:
    answered = len(rows)
    values = list(rows["value"])
    rights = [r for r in rows["right"] if r is not None and not (isinstance(r, float) and math.isnan(r))]
    right_count = int(sum(bool(r) for r in rights)) if (exercise.has_key or rights) else None
    rules = KINDS.get(exercise.kind)
    if rules is not None and not rules.needs_key:
        right_count = None
    maker = _MAKERS.get(exercise.kind, _by_value)
    table, right, lines, reveal, mean = maker(exercise, values, list(rows["score"]), answered)
    if right_count is not None and answered:
        reveal = (f"{right_count} of {answered} right ({right_count / answered:.0%}).", *reveal)
    return Spread(exercise=exercise, answered=answered, present=present, table=table, right=right,
                  right_count=right_count, lines=tuple(lines), reveal_lines=tuple(reveal), mean_score=mean)


def _of(n: int, answered: int) -> str:
    return f"{n} of {answered}"


def _choices(exercise: ExerciseInfo, picked: Iterable[str], answered: int, key: set | None, what: str):
    options = list(exercise.options)
    counts = pd.Series(0, index=pd.Index(options, name="option"), dtype=int)
    for choice in picked:
        if choice not in counts.index:  # an option the catalogue does not know (a changed notebook)
            counts.loc[choice] = 0
        counts.loc[choice] += 1
    table = counts.to_frame("count")
    right = None if key is None else pd.DataFrame({"count": [o in key for o in table.index]}, index=table.index)
    lines = []
    if answered and counts.max() > 0:
        top = counts[counts == counts.max()].index.tolist()
        lines.append(f"Most {what}: " + "; ".join(f"“{t}”" for t in top) + f" ({_of(int(counts.max()), answered)}).")
    lines += [f"“{o}”: {int(n)}" for o, n in counts.items()]
    reveal = []
    if key is not None:
        reveal.append("Right: " + "; ".join(f"“{o}”" for o in options if o in key) + ".")
    return table, right, lines, reveal


def _single(exercise, values, scores, answered):
    key = None if exercise.key is None else {exercise.key}
    table, right, lines, reveal = _choices(exercise, [v for v in values if isinstance(v, str)], answered, key, "chosen")
    return table, right, lines, reveal, None


def _multiple(exercise, values, scores, answered):
    key = None if exercise.key is None else set(exercise.key)
    ticks = [o for v in values if isinstance(v, list) for o in v]
    table, right, lines, reveal = _choices(exercise, ticks, answered, key, "ticked")
    return table, right, lines, reveal, None


def _grid(rows: list[str], columns: list[str], cells: Iterable[tuple[str, str]]) -> pd.DataFrame:
    table = pd.DataFrame(0, index=pd.Index(rows, name="item"), columns=columns, dtype=int)
    for row, column in cells:
        if row in table.index and column in table.columns:
            table.loc[row, column] += 1
    return table


def _ordering(exercise, values, scores, answered):
    # several acceptable orders: the first is the one revealed, the others are named after it
    accepted = orders_of(exercise.key) if exercise.key is not None else []
    key = accepted[0] if accepted else None
    # rows in the order the learners saw the items: the right order would give the answer away
    items = list(exercise.options) or (key or [])
    items += [item for item in (key or []) if item not in items]
    places = [str(n) for n in range(1, len(items) + 1)]
    orders = [v for v in values if isinstance(v, list)]
    table = _grid(items, places, ((item, str(n)) for order in orders for n, item in enumerate(order, start=1)))
    lines = []
    for item, counts in table.iterrows():
        spread = ", ".join(f"place {place} by {int(n)}" for place, n in counts.items() if n)
        lines.append(f"“{item}”: {spread or 'not placed yet'}")
    right = reveal = None
    if key is not None:
        home = {item: str(n) for n, item in enumerate(key, start=1)}
        right = pd.DataFrame([[home.get(item) == place for place in places] for item in items],
                             index=table.index, columns=places)
        reveal = []
        misplaced = pd.Series({item: answered - int(table.loc[item, home[item]]) for item in items if item in home},
                              dtype=int)
        if answered and len(misplaced) and misplaced.max() > 0:
            worst = misplaced.idxmax()
            reveal.append(f"Most often misplaced: “{worst}” ({_of(int(misplaced.max()), answered)} put it elsewhere).")
        reveal.append("Right order: " + "; ".join(f"{n}. {item}" for n, item in enumerate(key, start=1)) + ".")
        reveal += ["Also accepted: " + "; ".join(f"{n}. {item}" for n, item in enumerate(other, start=1)) + "."
                   for other in accepted[1:]]
    return table, right, lines, reveal or [], None


def _categorise(exercise, values, scores, answered):
    key = dict(exercise.key) if exercise.key is not None else None
    categories = list(exercise.categories)
    for v in values:  # categories the catalogue does not know still count
        for c in (v.values() if isinstance(v, dict) else ()):
            if c not in categories:
                categories.append(c)
    items = list(exercise.options)
    table = _grid(items, categories, ((item, c) for v in values if isinstance(v, dict) for item, c in v.items()))
    lines = [f"“{item}”: " + ", ".join(f"{c} {int(n)}" for c, n in counts.items())
             for item, counts in table.iterrows()]
    right = reveal = None
    if key is not None:
        right = pd.DataFrame([[key.get(item) == c for c in categories] for item in items],
                             index=table.index, columns=categories)
        reveal = []
        # sorted into another category (an item left unsorted in a partial answer is not "wrong")
        wrong = pd.Series({item: int(table.loc[item].sum()) - int(table.loc[item, key[item]])
                           for item in items if item in key and key[item] in table.columns}, dtype=int)
        if answered and len(wrong) and wrong.max() > 0:
            worst = wrong.idxmax()
            reveal.append(f"Most often sorted wrongly: “{worst}” ({_of(int(wrong.max()), answered)}).")
        reveal += [f"“{item}”: {key[item]}" for item in items if item in key]
    return table, right, lines, reveal or [], None


def _numeric(exercise, values, scores, answered):
    numbers = []
    for v in values:
        try:
            numbers.append(round(float(v), exercise.decimals))
        except (TypeError, ValueError):
            continue
    counts = pd.Series(numbers, dtype=float).value_counts().sort_index()
    counts.index = pd.Index([f"{x:,.{exercise.decimals}f}{exercise.unit}" for x in counts.index], name="value")
    table = counts.astype(int).to_frame("count")
    right = reveal = None
    if exercise.key is not None:
        shown = f"{float(exercise.key):,.{exercise.decimals}f}{exercise.unit}"
        right = pd.DataFrame({"count": [label == shown for label in table.index]}, index=table.index)
        reveal = [f"Right: {shown}."]
    lines = [f"{label}: {int(n)}" for label, n in table["count"].items()]
    if len(table) > 1:
        lines.insert(0, f"{len(table)} different figures.")
    return table, right, lines, reveal or [], None


def _item_set(exercise, values, scores, answered):
    sizes = pd.Series([len(v) for v in values if isinstance(v, list)], dtype=int).value_counts().sort_index()
    sizes.index = pd.Index([f"{n:,} items" for n in sizes.index], name="size")
    table = sizes.astype(int).to_frame("count")
    lines = [f"A list of {label}: {int(n)}" for label, n in table["count"].items()]
    return table, None, lines, [], None


_BANDS = ["0–19%", "20–39%", "40–59%", "60–79%", "80–100%"]


def _drafted(exercise, values, scores, answered):
    known = [float(s) for s in scores if s is not None and not (isinstance(s, float) and math.isnan(s))]
    bands = pd.Series(0, index=pd.Index(_BANDS, name="checklist score"), dtype=int)
    for s in known:
        bands.iloc[min(int(s * 5), 4)] += 1
    mean = sum(known) / len(known) if known else None
    lines = [f"{_of(answered, answered)} drafted a message." if answered else "No message drafted yet."]
    if mean is not None:
        lines.append(f"Mean checklist score: {mean:.0%}.")
    lines += [f"Checklist score {band}: {int(n)}" for band, n in bands.items()]
    return bands.to_frame("count"), None, lines, [], mean


def _by_value(exercise, values, scores, answered):
    counts = pd.Series([json.dumps(v, ensure_ascii=False) for v in values], dtype=object).value_counts()
    counts.index.name = "value"
    table = counts.astype(int).to_frame("count")
    return table, None, [f"{v}: {int(n)}" for v, n in table["count"].items()], [], None


# kind id -> the maker of its spread; every kind of course.answers.KINDS has one (tests/test_answer_kinds.py)
_MAKERS = {
    "single_choice": _single, "multiple_choice": _multiple, "ordering": _ordering, "categorise": _categorise,
    "numeric": _numeric, "item_set": _item_set, "drafted_message": _drafted, "decision": _single,
}
