"""Options in a per-learner order (issue 15, part 4).

Each learner sees the options of a choice, the items of a categorise and the start of an ordering
in an order of their own: stable for one learner (re-runs, a restarted kernel, another notebook
server), different between learners, from their identity where the course has one
(``COURSE_LEARNER``, ``JUPYTERHUB_USER``), else from a seed kept in responses.json once something
is saved (creating a panel still writes nothing). An ordering never starts in the right order.
Nothing downstream depends on the order shown: answers are saved, judged and announced as text.
"""

from __future__ import annotations

import json

import pytest
from samples import CAT_CATEGORIES, CAT_ITEMS, CAT_RIGHT, MC_OPTIONS, MC_RIGHT, SC_OPTIONS, SC_RIGHT

from course.answers import events
from course.exercises import Categorise, MultipleChoice, Ordering, SingleChoice, display_order, make_key, registry
from course.responses import ResponsesStore

OPTIONS = [f"Option {letter}" for letter in "ABCDEFG"]


def multiple(store, exercise_id="mc", options=OPTIONS):
    return MultipleChoice(exercise_id, prompt="Which?", step="own", points=3, options=options,
                          key=make_key("multiple_choice", exercise_id, options[:2]), store=store)


def shown(ex):
    return [b.description for b in ex._boxes]


def new_kernel():
    """What a restarted kernel forgets: the registry and any seed not yet kept."""
    registry.clear()
    display_order._session_seeds.clear()


def test_the_same_learner_sees_the_same_order_every_time(monkeypatch, store):
    monkeypatch.setenv("COURSE_LEARNER", "alice")
    first = shown(multiple(store))
    assert sorted(first) == OPTIONS and first != OPTIONS  # shuffled (this learner, this id), all there
    assert shown(multiple(store)) == first  # a re-run
    new_kernel()
    assert shown(multiple(store)) == first  # a restarted kernel
    assert not store.path.exists()


def test_learners_see_different_orders(monkeypatch, store):
    orders = {}
    for who in ("alice", "bob", "carol", "dan"):
        monkeypatch.setenv("COURSE_LEARNER", who)
        orders[who] = tuple(shown(multiple(store)))
    assert len(set(orders.values())) == 4
    monkeypatch.setenv("COURSE_LEARNER", "alice")
    assert shown(multiple(store, exercise_id="other")) != list(orders["alice"])  # per exercise too


def test_a_hub_user_is_a_learner(monkeypatch, store):
    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    hub = shown(multiple(store))
    monkeypatch.delenv("JUPYTERHUB_USER")
    monkeypatch.setenv("COURSE_LEARNER", "alice")
    assert shown(multiple(store)) == hub  # the same person, whichever variable names them


def test_without_an_identity_the_seed_is_kept_in_responses_json_at_the_first_save(store):
    ex = multiple(store)
    order = shown(ex)
    assert shown(multiple(store)) == order and not store.path.exists()  # created twice, nothing written
    ex = multiple(store)
    next(b for b in ex._boxes if b.description == OPTIONS[3]).value = True  # a draft: the first write
    seed = json.loads(store.path.read_text(encoding="utf-8"))["learner_seed"]
    assert isinstance(seed, str) and seed
    new_kernel()
    assert shown(multiple(store)) == order  # the restarted kernel reads the kept seed
    new_kernel()
    other = ResponsesStore(store.path.parent / "elsewhere.json")
    assert any(shown(multiple(other, exercise_id=f"q{n}")) != shown(multiple(store, exercise_id=f"q{n}"))
               for n in range(5))  # another learner's file, another seed


def test_an_ordering_never_starts_in_the_right_order(monkeypatch, store):
    items = ["first", "second", "third"]
    starts = set()
    for n in range(120):
        monkeypatch.setenv("COURSE_LEARNER", f"learner-{n}")
        ex = Ordering("ord3", prompt="p", step="fix", points=3, items=items[::-1],
                      key=make_key("ordering", "ord3", items), store=store)
        start = [v for _, v in ex._list.options]
        assert start != items
        starts.add(tuple(start))
    assert len(starts) == 5  # every other order of three occurs


def test_categorise_items_and_single_choice_options_are_shuffled_too(monkeypatch, store):
    orders = set()
    for who in ("alice", "bob", "carol"):
        monkeypatch.setenv("COURSE_LEARNER", who)
        sc = SingleChoice("sc", prompt="p", step="assess", points=1, options=SC_OPTIONS,
                          key=make_key("single_choice", "sc", SC_RIGHT), store=store)
        cat = Categorise("cat", prompt="p", step="reflect", points=2, items=CAT_ITEMS, categories=CAT_CATEGORIES,
                         key=make_key("categorise", "cat", CAT_RIGHT), store=store)
        assert sorted(sc._radio.options) == sorted(SC_OPTIONS)
        assert list(cat._control.children) == [cat._menus[i] for i in cat._menus]
        orders.add((tuple(sc._radio.options), tuple(cat._menus)))
    assert len(orders) == 3


@pytest.mark.parametrize("mode", ["practice", "graded"])
def test_answers_speak_option_text_whatever_the_order_shown(tmp_path, monkeypatch, mode):
    """Two learners who see the options in different places and tick the same ones save, score and
    announce the same answer: nothing downstream (key, grading, workshop, report, export) sees a place."""
    monkeypatch.setenv("COURSE_MODE", mode)
    records = []
    events.subscribe(records.append)
    try:
        saved = []
        for who in ("alice", "bob"):
            monkeypatch.setenv("COURSE_LEARNER", who)
            store = ResponsesStore(tmp_path / who / "responses.json")
            store.path.parent.mkdir()
            ex = MultipleChoice("mc", prompt="p", step="own", points=3, options=MC_OPTIONS,
                                key=make_key("multiple_choice", "mc", MC_RIGHT), store=store)
            for b in reversed(ex._boxes):  # tick in the order shown, last first
                b.value = b.description in MC_RIGHT
            if ex.practice():
                ex._check.click()
            saved.append((shown(ex), store.get("mc").value, ex.check().fraction))
        (shown_a, value_a, score_a), (shown_b, value_b, score_b) = saved
        assert shown_a != shown_b
        assert value_a == value_b == [o for o in MC_OPTIONS if o in MC_RIGHT] and score_a == score_b == 1.0
        assert records[-1].value == value_a and {tuple(r.value) for r in records} >= {tuple(value_a)}
    finally:
        events.unsubscribe(records.append)
