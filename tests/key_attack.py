"""The attack a learner can run on a release: hash every candidate answer part and look for it.

Why a module of its own: the fast test runs it on releases derived from the committed notebooks,
the slow ones on what ``course build --graded`` and nbgrader's exchange deliver; all must mean the
same attack. It uses only what every learner has: the public digest formula and pepper
(course/keys.py), the options, items and categories printed in the notebook, and patience for
every number in a plausible range. As an oracle it also tries each exercise's true answer (from
the instructor's hidden tests), which no learner has: a graded release must give nothing away
even to a right guess.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import nbformat

from course import catalogue, keys
from course.answers import KINDS
from course.layout import CourseLayout

__all__ = ["candidate_parts", "corpus", "digest_table", "each_key", "plain_keys", "recovered", "recovered_texts"]

NUMBERS = 100_000  # every value 0, 1, ... at the exercise's precision: 0 to 99,999 whole, 0 to 999.99 at 2 decimals


def plain_keys(root: Path, assignment: str) -> dict[str, Any]:
    """exercise id -> the true key, by running each hidden test of the source with ``grade`` recording
    its key (so a key computed from the case's data, such as a suppression list, is known too)."""
    found: dict[str, Any] = {}

    def grade(exercise_id, key=None):
        found[exercise_id] = key

    for path in CourseLayout.of(root).source_notebooks(assignment):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code" and "grade(" in cell.source and "BEGIN HIDDEN TESTS" in cell.source:
                exec(cell.source, {"grade": grade, "saved": lambda *_: None})  # noqa: S102 - the course's own tests
    return {k: v for k, v in found.items() if v is not None}


def each_key(exercise: catalogue.ExerciseInfo, true_key: Any) -> list[Any]:
    """The true keys of an exercise: one, or one per branch of the decision it follows."""
    if true_key is None:
        return []
    if exercise.after is not None and isinstance(true_key, dict):
        return list(true_key.values())
    return [true_key]


def candidate_parts(exercise: catalogue.ExerciseInfo, true_key: Any = None) -> set[str]:
    """Every answer part a learner can try for this exercise, plus the true key's parts when given."""
    rules = KINDS[exercise.kind]
    options, categories = list(exercise.options), list(exercise.categories)
    parts: set[str] = set()
    if exercise.kind in ("single_choice", "decision"):
        parts = {p for o in options for p in rules.parts(o)}
    elif exercise.kind == "multiple_choice":
        parts = set(rules.parts(options))
    elif exercise.kind == "ordering":  # every pair both ways (the n rotations of the items), for up to 3
        # acceptable orders (the parts of the orders after the first are tagged with their number)
        parts = {p for shift in range(len(options)) for p in rules.parts([options[shift:] + options[:shift]] * 3)}
    elif exercise.kind == "categorise":
        parts = {p for c in categories for p in rules.parts({item: c for item in options})}
    elif exercise.kind == "numeric":
        scale = 10 ** exercise.decimals
        parts = {p for i in range(NUMBERS) for p in rules.parts(round(i / scale, exercise.decimals))}
    for key in each_key(exercise, true_key):
        if exercise.kind == "item_set":  # every item of the right set, alone
            parts |= {p for item in rules.canonical(key) for p in rules.parts([item])}
        if rules.needs_key:
            parts |= set(rules.parts(rules.canonical(key)))
    return parts


_HEX = re.compile(r"[0-9a-f]{%d,}" % keys.DIGEST_LENGTH)


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def corpus(folder: Path) -> tuple[set[str], set[str]]:
    """Everything in every file under ``folder``: the hex runs that could be digests (every window of
    a longer run too), and every string (JSON strings, the string literals of every code cell)."""
    hexes, strings = set(), set()
    for path in (p for p in folder.rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8", errors="replace")
        for run in _HEX.findall(text.lower()):
            hexes |= {run[i:i + keys.DIGEST_LENGTH] for i in range(len(run) - keys.DIGEST_LENGTH + 1)}
        strings.add(text)
        try:
            data = json.loads(text)
        except ValueError:
            continue
        strings |= set(_strings(data))
        for cell in data.get("cells", []) if isinstance(data, dict) else []:
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            try:
                tree = ast.parse(source)
            except SyntaxError:
                continue
            strings |= {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    return hexes, strings


def digest_table(exercises: Iterable[catalogue.ExerciseInfo], true_keys: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """digest -> (exercise id, answer part) for every candidate part of every exercise (hashed once)."""
    return {keys.digest(e.id, p): (e.id, p) for e in exercises for p in candidate_parts(e, true_keys.get(e.id))}


def recovered(folder: Path, table: dict[str, tuple[str, str]]) -> dict[str, set[str]]:
    """exercise id -> the answer parts whose digest is somewhere in ``folder`` (right parts: the key)."""
    hexes, _ = corpus(folder)
    found: dict[str, set[str]] = {}
    for digest in hexes & table.keys():
        exercise_id, part = table[digest]
        found.setdefault(exercise_id, set()).add(part)
    return found


def recovered_texts(folder: Path, exercises: Iterable[catalogue.ExerciseInfo], true_keys: dict[str, Any]) -> list[str]:
    """Every sealed text in ``folder`` that opens: a veiled one with its exercise id alone (as the
    practice kernel opens it), an older sealed one with a right answer part or the whole right answer."""
    _, strings = corpus(folder)
    sealed = {s for s in strings if keys.is_sealed(s)}
    opened = []
    for exercise in exercises:
        opened += [plain for plain in (keys.unveil(exercise.id, text) for text in sealed) if plain is not None]
        rules = KINDS[exercise.kind]
        if not rules.needs_key:
            continue
        for key in each_key(exercise, true_keys.get(exercise.id)):
            parts = rules.parts(rules.canonical(key))
            for text in sealed:
                for tried in [parts, *([p] for p in parts)]:
                    plain = keys.unseal(exercise.id, tried, text)
                    if plain is not None:
                        opened.append(plain)
    return opened
