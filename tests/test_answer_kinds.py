"""Every kind of the one registry (course.answers.KINDS) is handled by every consumer of kinds.

Why: knowledge of a kind used to be spread over six files, and `course key`'s help listed 4 of 7.
Each test here is parametrised by the registry, so adding a kind without teaching a consumer
fails: the workshop tally (its per-kind maker and right mark), the dashboard (name, labels,
reveal), the report's misconceptions (which wrong parts to count, and how to label them), the
exports (kind-agnostic: one column per grade cell) and `course key` (every kind in its help, a key
for every kind that takes one).
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from course.answers import KINDS, make_key
from course.cli import main
from course.instructor import misconceptions
from course.workshop import dashboard, tally
from course.workshop.store import Published, open_store
from samples import KIND_SAMPLES, MESSAGE

ROOT = Path(__file__).resolve().parents[1]
CODE = "ROOM-1"

# What each kind's rules module must say for itself (not inherit), because a consumer asks it; the
# dashboard's row, axis and column labels and its "how they worked it out" have defaults in the base.
DECLARED = ("constructor", "title", "reveal", "choice_name")


def test_every_kind_has_a_sample():
    assert set(KIND_SAMPLES) == set(KINDS)


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_declares_what_the_consumers_ask(kind):
    rules = KINDS[kind]
    assert rules.kind == kind
    missing = [name for name in DECLARED if name not in vars(rules)]
    assert not missing, f"{rules.__name__} does not say its own {', '.join(missing)}"
    assert rules.title and rules.constructor
    if rules.needs_key:  # the tally marks a plain answer right by the kind's own comparison
        assert "same_answer" in vars(rules), f"{rules.__name__} does not say when an answer equals the key"


def _room(tmp_path, kind):
    """A room of two with one exercise of this kind: Ana answers right (or drafts), Ben otherwise."""
    spec, right, other = KIND_SAMPLES[kind]
    rules = KINDS[kind]("ex", step="assess", points=4, key=make_key(kind, "ex", right) if right is not None else None,
                        **spec)
    info = tally.ExerciseInfo(
        id="ex", kind=kind, step="assess", points=4.0, prompt="A question?", notebook="n.ipynb", number=1,
        options=tuple(spec.get("options") or spec.get("items") or ()), categories=tuple(spec.get("categories") or ()),
        key=None if right is None else rules.canonical(right), key_verified=right is not None,
        explanations={o: f"About {o}." for o in spec.get("options") or spec.get("items") or ()},
        explanation="The closing word.", decimals=spec.get("decimals", 0), unit=spec.get("unit", ""))
    store = open_store(tmp_path / "sessions")
    store.create("00-orientation", code=CODE)
    for name, answer in (("Ana", MESSAGE if right is None else right), ("Ben", other)):
        store.join(CODE, name)
        value = rules.normalise(answer)
        store.publish(CODE, name, Published("ex", value, kind=kind, step="assess", score=rules.check(value).fraction))
    return tally.build(CODE, store.participants(CODE), [info]), rules


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_tally_and_the_dashboard_handle_every_kind(kind, tmp_path):
    assert kind in tally._MAKERS, f"the tally has no maker for {kind} (it would count raw JSON)"
    room, rules = _room(tmp_path, kind)
    spread = room.spread("ex")
    assert spread.answered == 2 and spread.lines
    if rules.needs_key:
        assert spread.right_count == 1 and list(room.answers["right"]) == [True, False]
    else:
        assert spread.right_count is None and spread.mean_score is not None

    assert dashboard._kind(kind) is rules.__class__, f"the dashboard does not know {kind}"
    assert rules.reveal in dashboard.REVEALS, f"the dashboard cannot reveal {kind} ({rules.reveal!r})"
    card = dashboard._Card(room.exercise("ex"), on_reveal=lambda card: None)
    assert f" · {html.escape(rules.title)}</div>" in card.title.value
    assert dashboard.chart_png(spread, revealed=True).startswith(b"\x89PNG")
    revealed = dashboard._reveal_html(spread)
    assert revealed.startswith('<div class="course-dash-reveal">') and "The closing word." in revealed


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_report_counts_wrong_parts_of_choice_kinds_only(kind):
    from course.catalogue import ExerciseInfo

    rules = KINDS[kind]
    spec, right, other = KIND_SAMPLES[kind]
    info = ExerciseInfo(id="probe", kind=kind, step="assess", points=1.0, prompt="?", notebook="n.ipynb", number=1,
                        options=tuple(spec.get("options") or spec.get("items") or ()),
                        categories=tuple(spec.get("categories") or ()), key=right)
    if rules.choice_name:
        assert misconceptions.CHOICE_KINDS[kind] == rules.choice_name
        assert "wrong_labels" in vars(rules), f"{rules.__name__} counts wrong parts but does not label them"
        assert misconceptions._labels(info, other), "a wrong answer has wrong parts"
        assert misconceptions._labels(info, right) == [], "a right answer has none"
    else:
        assert kind not in misconceptions.CHOICE_KINDS
        assert misconceptions._labels(info, other) == []


def test_the_exports_are_kind_agnostic():
    """The exports have one column per grade cell, whatever the exercise's kind: no kind named there."""
    source = (ROOT / "course" / "instructor" / "exports.py").read_text(encoding="utf-8")
    named = [name for rules in KINDS.values() for name in (f'"{rules.kind}"', rules.constructor) if name in source]
    assert not named, f"course/instructor/exports.py names kinds {named}: teach it through course.answers"


@pytest.mark.parametrize("kind", list(KINDS))
def test_course_key_lists_every_kind_and_keys_those_that_take_one(kind, capsys):
    with pytest.raises(SystemExit):
        main(["key", "--help"])
    assert kind in " ".join(capsys.readouterr().out.split())
    _, right, _ = KIND_SAMPLES[kind]
    if not KINDS[kind].needs_key:
        return
    assert main(["key", kind, "ex", json.dumps(right)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"key={make_key(kind, 'ex', right)!r},"
