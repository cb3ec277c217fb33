"""The four widget exercises, driven through their controls' values (no browser needed).

What every type must do: never write when created, save on every change, show
the saved answer again when re-created, accept answers from code exactly like clicks, give practice
feedback with explanations, reveal nothing in graded mode, and score partial credit per its rule.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

import pytest

from course.exercises import (
    Categorise,
    MultipleChoice,
    Ordering,
    SingleChoice,
    get_mode,
    make_key,
    registry,
    seal_explanations,
    set_mode,
)
from course import keys
from course.responses import ResponsesStore

# -- the exercises under test ---------------------------------------------------------------------

from samples import SC_OPTIONS, SC_RIGHT, SC_EXPLANATIONS, MC_OPTIONS, MC_RIGHT, MC_EXPLANATIONS, ORD_RIGHT, ORD_SHOWN, ORD_EXPLANATIONS, CAT_ITEMS, CAT_CATEGORIES, CAT_RIGHT, CAT_EXPLANATIONS  # noqa: E402

CLOSING = "Closing explanation shown only on full marks."


def build_single(store, exercise_id="sc", options=SC_OPTIONS, **overrides):
    kwargs = dict(
        step="assess", points=2, prompt="What do you do first?", key=make_key("single_choice", exercise_id, SC_RIGHT),
        explanations=SC_EXPLANATIONS, explanation=CLOSING, store=store,
    )
    kwargs.update(overrides)
    return SingleChoice(exercise_id, options=options, **kwargs)


def build_multiple(store, exercise_id="mc", options=MC_OPTIONS, **overrides):
    kwargs = dict(
        step="own", points=3, prompt="Which belong in the apology?",
        key=make_key("multiple_choice", exercise_id, MC_RIGHT),
        explanations=MC_EXPLANATIONS, explanation=CLOSING, store=store,
    )
    kwargs.update(overrides)
    return MultipleChoice(exercise_id, options=options, **kwargs)


def build_ordering(store, exercise_id="ord", items=ORD_SHOWN, **overrides):
    kwargs = dict(
        step="fix", points=5, prompt="Put the steps in order.", key=make_key("ordering", exercise_id, ORD_RIGHT),
        explanations=ORD_EXPLANATIONS, explanation=CLOSING, store=store,
    )
    kwargs.update(overrides)
    return Ordering(exercise_id, items=items, **kwargs)


def build_categorise(store, exercise_id="cat", items=CAT_ITEMS, categories=CAT_CATEGORIES, **overrides):
    kwargs = dict(
        step="reflect", points=2, prompt="Productive or not?", key=make_key("categorise", exercise_id, CAT_RIGHT),
        explanations=CAT_EXPLANATIONS, explanation=CLOSING, store=store,
    )
    kwargs.update(overrides)
    return Categorise(exercise_id, items=items, categories=categories, **kwargs)


# -- driving the controls the way a learner does --------------------------------------------------


def click_single(ex, value):
    ex._radio.value = value


def check_if_asked(ex):
    """A composite answer is the learner's once they press Check (practice); graded mode saves each change."""
    if ex.check_button and ex.practice():
        ex._check.click()


def box(ex, option):
    """The checkbox of an option, wherever this learner's order shows it."""
    return next(b for b in ex._boxes if b.description == option)


def click_multiple(ex, value):
    for box_ in ex._boxes:
        want = box_.description in value
        if box_.value != want:
            box_.value = want
    check_if_asked(ex)


def ordering_buttons(ex):
    return {b.description: b for b in ex._control.children[1].children}


def click_ordering(ex, value):
    """Reach the order with Move up, as a keyboard user would, then press Check (practice), or 'Save
    this order' if nothing moved (graded mode, where each move is saved)."""
    moved = False
    for position, item in enumerate(value):
        ex._list.value = item
        while shown_ordering(ex).index(item) > position:
            ex._move(-1)
            moved = True
    if ex.practice():
        ex._check.click()
    elif not moved:
        ordering_buttons(ex)["Save this order"].click()


def click_categorise(ex, value):
    for item, menu in ex._menus.items():
        want = value.get(item) or ""
        if menu.value != want:
            menu.value = want
    check_if_asked(ex)


def shown_single(ex):
    return ex._radio.value


def shown_multiple(ex):
    return [o for o in ex.options if box(ex, o).value]  # the author's order, as answers are saved


def shown_ordering(ex):
    return [value for _label, value in ex._list.options]


def shown_categorise(ex):
    return {item: menu.value for item, menu in ex._menus.items() if menu.value}  # "" is "— choose —"


@dataclass
class Spec:
    kind: str
    build: Callable[..., Any]
    click: Callable[[Any, Any], None]
    shown: Callable[[Any], Any]
    right: Any
    wrong: Any  # an answer that is not fully right
    wrong_explanation: str  # an explanation the practice feedback for `wrong` must quote (of a right part)
    invalid: list  # (code answer, fragment of the error message)
    stale: Any  # a saved value from an older version of the question
    empty: Any  # what the control shows with nothing answered

    def __str__(self):
        return self.kind


SPECS = [
    Spec(
        "single_choice", build_single, click_single, shown_single,
        right=SC_RIGHT, wrong=SC_OPTIONS[2], wrong_explanation=SC_EXPLANATIONS[SC_OPTIONS[2]],
        invalid=[
            ("Pause", "not one of the options"),
            (1, "not one of the options"),
            ([SC_RIGHT], "not one of the options"),
            (None, "Choose one of"),
        ],
        stale="An option that was removed", empty=None,
    ),
    Spec(
        "multiple_choice", build_multiple, click_multiple, shown_multiple,
        right=MC_RIGHT, wrong=[MC_OPTIONS[0], MC_OPTIONS[1]], wrong_explanation=MC_EXPLANATIONS[MC_OPTIONS[1]],
        invalid=[
            (MC_OPTIONS[0], "give a list"),
            (3, "give a list"),
            (["Apologise"], "'Apologise' is not one of the options"),
            ({"a": 1}, "give a list"),
        ],
        stale=[MC_OPTIONS[0], "An option that was removed"], empty=[],
    ),
    Spec(
        "ordering", build_ordering, click_ordering, shown_ordering,
        right=ORD_RIGHT, wrong=["Assess", "Own up", "Fix", "Rebuild", "Reflect"],
        wrong_explanation=ORD_EXPLANATIONS["Fix"],
        invalid=[
            ("Assess", "give the items as a list"),
            (ORD_RIGHT[:-1], "list every item exactly once"),
            (ORD_RIGHT + ["Assess"], "list every item exactly once"),
            (["Assess", "Assess", "Fix", "Reflect", "Rebuild"], "list every item exactly once"),
            ({"Assess": 1}, "give the items as a list"),
        ],
        stale=ORD_RIGHT + ["A step that was removed"], empty="the learner's start",
    ),
    Spec(
        "categorise", build_categorise, click_categorise, shown_categorise,
        right=CAT_RIGHT, wrong={**CAT_RIGHT, "Blame the intern": "productive"},
        wrong_explanation=CAT_EXPLANATIONS["Check the logs"],
        invalid=[
            (["Check the logs"], "give a dict"),
            ({"Check logs": "productive"}, "'Check logs' is not one of the items"),
            ({"Check the logs": "maybe"}, "'maybe' is not a category; use one of: productive, unproductive"),
        ],
        stale={"Check the logs": "a category that was removed"}, empty={},
    ),
]


@pytest.fixture(params=SPECS, ids=str)
def spec(request) -> Spec:
    return request.param


def empty(spec, ex):
    """What the control shows with nothing answered (an ordering: this learner's starting order)."""
    return ex.start_order() if spec.kind == "ordering" else spec.empty


def entry(store, exercise_id):
    return json.loads(store.path.read_text(encoding="utf-8"))["answers"][exercise_id]


# -- creating never writes ------------------------------------------------------------------------


def test_creating_and_recreating_never_writes(tmp_path, store, spec):
    ex = spec.build(store)
    assert not store.path.exists()
    spec.build(store)
    spec.build(store)
    assert not store.path.exists()
    assert ex.value is None
    assert spec.shown(ex) == empty(spec, ex)
    assert "Not answered yet" in ex._status.value

    ex.answer(spec.right)
    before = store.path.read_bytes()
    for _ in range(3):
        spec.build(store)
    set_mode("graded")
    spec.build(store)
    assert store.path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_exercise_without_store_uses_default_path(tmp_path, monkeypatch, spec):
    monkeypatch.setenv("COURSE_RESPONSES", str(tmp_path / "responses.json"))
    ex = spec.build(None)
    assert ex.store.path == tmp_path / "responses.json"
    ex.answer(spec.right)
    assert ResponsesStore(tmp_path / "responses.json").get(ex.id).value == ex.value


# -- saving on every change (graded mode) and drafts until Check (practice) ------------------------


def test_single_choice_each_click_saves(store):
    ex = build_single(store)
    for n, option in enumerate([SC_OPTIONS[1], SC_OPTIONS[2], SC_OPTIONS[0]], start=1):
        ex._radio.value = option
        assert store.get("sc").value == option
        assert store.get("sc").attempts == n
        assert ex.value == option
    assert "answered 3 times" in ex._status.value


def test_multiple_choice_each_toggle_saves_in_option_order(store):
    set_mode("graded")  # graded mode: each change is the answer (practice keeps drafts until Check)
    ex = build_multiple(store)
    box(ex, MC_OPTIONS[3]).value = True
    assert store.get("mc").value == [MC_OPTIONS[3]]
    box(ex, MC_OPTIONS[0]).value = True
    assert store.get("mc").value == [MC_OPTIONS[0], MC_OPTIONS[3]]  # option order, not click order
    box(ex, MC_OPTIONS[3]).value = False
    box(ex, MC_OPTIONS[0]).value = False
    saved = store.get("mc")
    assert saved.value == [] and saved.attempts == 4
    assert ex.value == []
    assert "answered 4 times" in ex._status.value


def moved(order, item, offset):
    order = list(order)
    i = order.index(item)
    order[i], order[i + offset] = order[i + offset], order[i]
    return order


def test_ordering_each_move_saves(store):
    set_mode("graded")
    ex = build_ordering(store)
    start = shown_ordering(ex)
    first, second = start[1], start[2]
    ex._list.value = first
    ex._move(-1)
    assert store.get("ord").value == moved(start, first, -1)
    assert store.get("ord").attempts == 1
    assert ex._list.value == first  # the moved item stays selected
    ex._list.value = second
    ex._move(+1)
    assert store.get("ord").value == moved(moved(start, first, -1), second, +1)
    assert store.get("ord").attempts == 2
    assert ex.value == shown_ordering(ex) == store.get("ord").value
    assert [label for label, _ in ex._list.options][0] == f"1. {first}"


def test_ordering_buttons_move_and_save(store):
    set_mode("graded")
    ex = build_ordering(store)
    start = shown_ordering(ex)
    buttons = ordering_buttons(ex)
    assert set(buttons) == {"Move up", "Move down", "Save this order"}
    ex._list.value = start[1]
    buttons["Move down"].click()
    assert store.get("ord").value == moved(start, start[1], +1)
    buttons["Move up"].click()
    assert store.get("ord").value == start
    buttons["Save this order"].click()  # the order as it stands is already saved: no new attempt
    assert store.get("ord").attempts == 2
    assert store.get("ord").value == start


def test_ordering_save_this_order_saves_the_default_order(store):
    set_mode("graded")
    ex = build_ordering(store)
    ordering_buttons(ex)["Save this order"].click()
    assert store.get("ord").value == ex.start_order()
    assert ex.value == ex.start_order()


def test_ordering_practice_checks_instead_of_save_this_order(store):
    ex = build_ordering(store)
    assert ordering_buttons(ex)["Save this order"].layout.display == "none"
    assert ex._check.layout.display != "none"
    ex._check.click()  # checking the start as it stands is an answer too
    assert store.get("ord").value == ex.start_order()


def test_ordering_move_past_the_ends_does_not_save(store):
    ex = build_ordering(store)
    start = shown_ordering(ex)
    ex._list.value = start[0]
    ex._move(-1)
    ex._list.value = start[-1]
    ex._move(+1)
    assert not store.path.exists()
    assert shown_ordering(ex) == start


def test_ordering_move_without_selection_asks_to_select(store):
    ex = build_ordering(store)
    ex._list.value = None
    ex._move(-1)
    assert "Select an item" in ex._status.value
    assert not store.path.exists()


def test_categorise_menus_show_the_placeholder_until_sorted(store):
    ex = build_categorise(store)
    assert all(menu.label == "— choose —" for menu in ex._menus.values())


def test_categorise_each_menu_change_saves(store):
    set_mode("graded")
    ex = build_categorise(store)
    ex._menus["Check the logs"].value = "productive"
    assert store.get("cat").value == {"Check the logs": "productive"}
    ex._menus["Blame the intern"].value = "productive"
    ex._menus["Blame the intern"].value = "unproductive"
    assert store.get("cat").value == {"Check the logs": "productive", "Blame the intern": "unproductive"}
    ex._menus["Check the logs"].value = ""  # back to "— choose —"
    saved = store.get("cat")
    assert saved.value == {"Blame the intern": "unproductive"}
    assert saved.attempts == 4
    assert ex.value == {"Blame the intern": "unproductive"}


def test_every_learner_change_increases_attempts(store, spec):
    ex = spec.build(store)
    spec.click(ex, spec.wrong)
    first = store.get(ex.id).attempts
    assert first >= 1
    spec.click(ex, spec.right)
    second = store.get(ex.id).attempts
    assert second > first
    assert store.get(ex.id).value == ex.value == ex.normalise(spec.right)
    assert entry(store, ex.id)["attempts"] == second


# -- showing the saved answer again ---------------------------------------------------------------


def test_recreating_shows_the_saved_answer(store, spec):
    first = spec.build(store)
    spec.click(first, spec.wrong)
    attempts = store.get(first.id).attempts
    again = spec.build(store)
    expected = first.normalise(spec.wrong)
    assert again.value == expected
    assert spec.shown(again) == expected
    assert again._attempts == attempts
    assert "Saved" in again._status.value
    assert registry.get(first.id) is again
    # a further change on the re-created widget continues the count
    spec.click(again, spec.right)
    assert store.get(first.id).attempts > attempts


def test_recreated_in_another_kernel_shows_the_answer(tmp_path, store, spec):
    spec.build(store).answer(spec.right)
    other_kernel_store = ResponsesStore(tmp_path / "responses.json")
    registry.clear()
    ex = spec.build(other_kernel_store)
    assert spec.shown(ex) == ex.value == ex.normalise(spec.right)
    assert "answered once" in ex._status.value


# -- answering from code --------------------------------------------------------------------------


def test_answer_from_code_saves_the_same_as_a_click(tmp_path, monkeypatch, spec):
    monkeypatch.setenv("COURSE_LEARNER", "one-learner")  # one learner, so one order of options in both
    by_click = ResponsesStore(tmp_path / "click" / "responses.json")
    by_code = ResponsesStore(tmp_path / "code" / "responses.json")
    by_click.path.parent.mkdir()
    by_code.path.parent.mkdir()

    clicked = spec.build(by_click)
    spec.click(clicked, spec.wrong)
    coded = spec.build(by_code)
    coded.answer(spec.wrong)

    assert by_code.get(coded.id).value == by_click.get(clicked.id).value
    assert by_code.get(coded.id).attempts == 1  # one code answer, one save
    assert coded.value == clicked.value
    assert spec.shown(coded) == spec.shown(clicked)
    assert coded.check() == clicked.check()
    assert coded._feedback.value == clicked._feedback.value

    coded.answer(spec.right)
    assert by_code.get(coded.id).attempts == 2
    assert spec.shown(coded) == coded.normalise(spec.right)


def test_answer_from_code_in_single_save(store):
    # showing the value in the control must not save once per checkbox/menu on top of the answer itself
    ex = build_multiple(store)
    ex.answer(MC_RIGHT)
    assert store.get("mc").attempts == 1
    ex2 = build_categorise(store)
    ex2.answer(CAT_RIGHT)
    assert store.get("cat").attempts == 1


def test_multiple_choice_code_answer_accepts_any_order_and_collections(store):
    ex = build_multiple(store)
    ex.answer((MC_OPTIONS[3], MC_OPTIONS[0]))
    assert ex.value == [MC_OPTIONS[0], MC_OPTIONS[3]]
    ex.answer({MC_OPTIONS[2]})
    assert store.get("mc").value == [MC_OPTIONS[2]]


def test_categorise_code_answer_may_be_partial(store):
    ex = build_categorise(store)
    ex.answer({"Write a postmortem": "productive", "Check the logs": None})
    assert store.get("cat").value == {"Write a postmortem": "productive"}
    assert shown_categorise(ex) == {"Write a postmortem": "productive"}


def test_invalid_code_answers_raise_and_save_nothing(store, spec):
    ex = spec.build(store)
    for bad, fragment in spec.invalid:
        with pytest.raises(ValueError) as info:
            ex.answer(bad)
        assert fragment in str(info.value), f"{bad!r}: {info.value}"
    assert not store.path.exists()
    assert ex.value is None
    assert spec.shown(ex) == empty(spec, ex)


def test_invalid_code_answer_leaves_a_saved_answer_alone(store, spec):
    ex = spec.build(store)
    ex.answer(spec.right)
    before = store.path.read_bytes()
    with pytest.raises(ValueError):
        ex.answer(spec.invalid[0][0])
    assert store.path.read_bytes() == before
    assert ex.value == ex.normalise(spec.right)
    assert spec.shown(ex) == ex.value


def test_single_choice_error_lists_the_options(store):
    ex = build_single(store)
    with pytest.raises(ValueError) as info:
        ex.answer("Pause")
    for option in SC_OPTIONS:
        assert option in str(info.value)


def test_ordering_error_names_every_item(store):
    ex = build_ordering(store)
    with pytest.raises(ValueError) as info:
        ex.answer(["Assess"])
    for item in ORD_RIGHT:
        assert item in str(info.value)


def test_ordering_code_answer_with_mixed_types_is_a_value_error(store):
    ex = build_ordering(store)
    with pytest.raises(ValueError):
        ex.answer(["Assess", 2, "Fix", "Reflect", "Rebuild"])


# -- practice feedback ----------------------------------------------------------------------------


def test_practice_is_the_default_mode():
    assert get_mode() == "practice"


def test_practice_feedback_right_answer(store, spec):
    ex = spec.build(store)
    ex.answer(spec.right)
    html = ex._feedback.value
    assert "✔" in html
    assert "✘" not in html
    assert CLOSING in html
    assert "Saved (answered once)" in ex._status.value


def test_practice_feedback_wrong_answer(store, spec):
    ex = spec.build(store)
    ex.answer(spec.wrong)
    html = ex._feedback.value
    assert "✘" in html
    assert spec.wrong_explanation in html
    assert CLOSING not in html  # the closing note comes with full marks only


def test_single_choice_feedback_quotes_the_chosen_options_explanation(store):
    ex = build_single(store)
    for option in SC_OPTIONS:
        ex._radio.value = option
        assert SC_EXPLANATIONS[option] in ex._feedback.value
        for other in SC_OPTIONS:
            if other != option:
                assert SC_EXPLANATIONS[other] not in ex._feedback.value
    ex._radio.value = SC_OPTIONS[1]
    assert "✘ Not quite:" in ex._feedback.value
    assert SC_RIGHT not in ex._feedback.value  # feedback on a wrong choice does not name the best one


def test_multiple_choice_feedback_marks_each_pick(store):
    ex = build_multiple(store)
    ex.answer([MC_OPTIONS[0], MC_OPTIONS[1]])
    html = ex._feedback.value
    assert html.count("✔") == 1 and html.count("✘") == 1
    assert MC_EXPLANATIONS[MC_OPTIONS[0]] in html and MC_EXPLANATIONS[MC_OPTIONS[1]] in html
    assert "found 1 of 3" in html
    assert "1 of your picks would backfire" in html


def test_ordering_feedback_explains_every_item_the_misplaced_too(store):
    ex = build_ordering(store)
    ex.answer(["Assess", "Own up", "Fix", "Rebuild", "Reflect"])
    html = ex._feedback.value
    assert html.count("✔") == 3 and html.count("✘") == 2  # the two items of the reversed pair
    assert "9 of 10 pairs of items in the right order" in html
    assert ORD_EXPLANATIONS["Assess"] in html
    assert ORD_EXPLANATIONS["Reflect"] in html  # out of place: why it is wrong is what teaches
    assert CLOSING not in html


def test_categorise_feedback_counts_what_is_left(store):
    ex = build_categorise(store)
    ex.answer({"Check the logs": "productive", "Blame the intern": "productive"})
    html = ex._feedback.value
    assert html.count("✔") == 1 and html.count("✘") == 1
    assert "1 of 4 sorted into the right category; 2 still to sort." in html
    assert CAT_EXPLANATIONS["Check the logs"] in html
    assert CAT_EXPLANATIONS["Blame the intern"] in html  # sorted wrong: its why is what teaches


def test_feedback_escapes_html(store):
    options = ["<b>bold</b> move", "Plain move"]
    ex = SingleChoice(
        "esc", options=options, step="assess", points=1, prompt="<script>x</script>",
        key=make_key("single_choice", "esc", options[0]), explanations={options[0]: "a < b & c"}, store=store,
    )
    ex.answer(options[0])
    assert "<b>bold</b>" not in ex._feedback.value
    assert "&lt;b&gt;bold&lt;/b&gt;" in ex._feedback.value
    assert "a &lt; b &amp; c" in ex._feedback.value
    assert "<script>" not in ex.panel.children[0].value


# -- veiled explanations (what `course key --explanations` pastes into learner notebooks) ----------


def sealed(kind, exercise_id, right, explanations):
    texts, closing = seal_explanations(kind, exercise_id, right, explanations, CLOSING)
    assert all(keys.is_veiled(t) for t in texts.values()) and keys.is_veiled(closing)
    for plain in list(explanations.values()) + [CLOSING]:
        assert plain not in repr(texts) + closing
    return {"explanations": texts, "explanation": closing}


def test_sealed_single_choice_opens_the_chosen_options_explanation(store):
    ex = build_single(store, **sealed("single_choice", "sc", SC_RIGHT, SC_EXPLANATIONS))
    ex.answer(SC_OPTIONS[1])
    assert SC_EXPLANATIONS[SC_OPTIONS[1]] in ex._feedback.value
    assert CLOSING not in ex._feedback.value
    assert "sealed:" not in ex._feedback.value
    ex.answer(SC_RIGHT)
    assert SC_EXPLANATIONS[SC_RIGHT] in ex._feedback.value
    assert CLOSING in ex._feedback.value


def test_sealed_multiple_choice_opens_each_picked_options_explanation(store):
    ex = build_multiple(store, **sealed("multiple_choice", "mc", MC_RIGHT, MC_EXPLANATIONS))
    ex.answer([MC_OPTIONS[0], MC_OPTIONS[1]])
    html = ex._feedback.value
    assert MC_EXPLANATIONS[MC_OPTIONS[0]] in html and MC_EXPLANATIONS[MC_OPTIONS[1]] in html
    assert MC_EXPLANATIONS[MC_OPTIONS[2]] not in html
    assert CLOSING not in html and "sealed:" not in html
    ex.answer(list(reversed(MC_RIGHT)))
    assert CLOSING in ex._feedback.value


def test_veiled_ordering_opens_every_items_explanation_the_closing_only_when_right(store):
    ex = build_ordering(store, **sealed("ordering", "ord", ORD_RIGHT, ORD_EXPLANATIONS))
    ex.answer(["Assess", "Own up", "Fix", "Rebuild", "Reflect"])
    html = ex._feedback.value
    assert ORD_EXPLANATIONS["Assess"] in html and ORD_EXPLANATIONS["Fix"] in html
    assert ORD_EXPLANATIONS["Reflect"] in html and CLOSING not in html and "sealed:" not in html
    ex.answer(ORD_RIGHT)
    assert all(text in ex._feedback.value for text in ORD_EXPLANATIONS.values())
    assert CLOSING in ex._feedback.value


def test_veiled_categorise_opens_the_explanation_of_an_item_sorted_wrong(store):
    ex = build_categorise(store, **sealed("categorise", "cat", CAT_RIGHT, CAT_EXPLANATIONS))
    ex.answer({"Check the logs": "productive", "Blame the intern": "productive"})
    html = ex._feedback.value
    assert CAT_EXPLANATIONS["Check the logs"] in html
    assert CAT_EXPLANATIONS["Blame the intern"] in html and "sealed:" not in html and CLOSING not in html
    ex.answer(CAT_RIGHT)
    assert CLOSING in ex._feedback.value


def test_older_sealed_texts_still_open_with_the_right_part_only(store):
    """A notebook from before the veil: its texts open as they always did (right part, right answer)."""
    texts = {item: keys.seal("ord", [f"position {n}={item}"], ORD_EXPLANATIONS[item])
             for n, item in enumerate(ORD_RIGHT, start=1)}
    closing = keys.seal("ord", [f"position {n}={item}" for n, item in enumerate(ORD_RIGHT, start=1)], CLOSING)
    ex = build_ordering(store, explanations=texts, explanation=closing)
    ex.answer(["Assess", "Own up", "Fix", "Rebuild", "Reflect"])
    assert ORD_EXPLANATIONS["Assess"] in ex._feedback.value and ORD_EXPLANATIONS["Reflect"] not in ex._feedback.value
    ex.answer(ORD_RIGHT)
    assert all(text in ex._feedback.value for text in ORD_EXPLANATIONS.values()) and CLOSING in ex._feedback.value


def test_sealed_texts_do_not_open_for_another_exercise_id(store):
    texts = sealed("single_choice", "sc", SC_RIGHT, SC_EXPLANATIONS)
    ex = build_single(store, exercise_id="other", **texts)
    ex.answer(SC_RIGHT)
    assert ex.check().complete
    assert SC_EXPLANATIONS[SC_RIGHT] not in ex._feedback.value
    assert CLOSING not in ex._feedback.value


# -- graded mode ----------------------------------------------------------------------------------


def test_graded_mode_saves_without_revealing(tmp_path, spec):
    set_mode("graded")
    statuses = []
    for name, value in (("right", spec.right), ("wrong", spec.wrong)):
        folder = tmp_path / name
        folder.mkdir()
        store = ResponsesStore(folder / "responses.json")
        ex = spec.build(store)
        spec.click(ex, value)
        assert store.get(ex.id).value == ex.normalise(value)
        assert ex._feedback.value == ""
        assert "Saved" in ex._status.value
        assert "graded after you submit" in ex._status.value
        for tell in ("✔", "✘", "Right", "Not quite"):
            assert tell not in ex._status.value
        statuses.append((store.get(ex.id).attempts, ex._status.value))
    # with the same number of attempts, a right and a wrong answer look exactly alike
    store = ResponsesStore(tmp_path / "right" / "responses.json")
    wrong_store = ResponsesStore(tmp_path / "wrong" / "responses.json")
    right_ex = spec.build(store)
    wrong_ex = spec.build(wrong_store)
    if store.get(right_ex.id).attempts == wrong_store.get(wrong_ex.id).attempts:
        assert right_ex._status.value == wrong_ex._status.value
    assert right_ex._feedback.value == wrong_ex._feedback.value == ""


def test_graded_mode_code_answers_reveal_nothing(tmp_path, spec):
    set_mode("graded")
    shown = []
    for name, value in (("right", spec.right), ("wrong", spec.wrong)):
        folder = tmp_path / name
        folder.mkdir()
        ex = spec.build(ResponsesStore(folder / "responses.json"))
        ex.answer(value)
        shown.append((ex._status.value, ex._feedback.value))
    assert shown[0] == shown[1]
    assert shown[0][1] == ""
    assert "Saved (answered once)" in shown[0][0]


def test_graded_mode_recreated_widget_reveals_nothing(store, spec):
    spec.build(store).answer(spec.right)  # answered in practice mode
    set_mode("graded")
    ex = spec.build(store)
    assert ex._feedback.value == ""
    assert "Saved" in ex._status.value
    assert spec.shown(ex) == ex.value


def test_mode_from_environment_and_override(monkeypatch):
    monkeypatch.setenv("COURSE_MODE", " Graded ")
    assert get_mode() == "graded"
    monkeypatch.setenv("COURSE_MODE", "exam")
    assert get_mode() == "practice"
    set_mode("graded")
    assert get_mode() == "graded"
    with pytest.raises(ValueError, match="practice, graded"):
        set_mode("strict")


# -- partial credit -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer, fraction",
    [(SC_RIGHT, 1.0), (SC_OPTIONS[1], 0.0), (SC_OPTIONS[2], 0.0)],
)
def test_single_choice_all_or_nothing(store, answer, fraction):
    check = build_single(store).check(answer)
    assert check.fraction == fraction
    assert check.complete is (fraction == 1.0)


@pytest.mark.parametrize(
    "picks, fraction",
    [
        ([0, 2, 3], 1.0),
        ([0], 1 / 3),
        ([0, 2], 2 / 3),
        ([0, 1], 0.0),  # one right, one wrong
        ([0, 2, 3, 1], 2 / 3),
        ([0, 1, 2, 3, 4], 1 / 3),  # ticking everything is no strategy
        ([1, 4], 0.0),  # would be -2/3: floored at 0
        ([1], 0.0),
        ([], 0.0),
    ],
)
def test_multiple_choice_right_minus_wrong_over_key_size(store, picks, fraction):
    ex = build_multiple(store)
    check = ex.check([MC_OPTIONS[i] for i in picks])
    assert check.fraction == pytest.approx(fraction)
    assert len(check.right) == len([i for i in picks if MC_OPTIONS[i] in MC_RIGHT])
    assert len(check.wrong) == len(picks) - len(check.right)


@pytest.mark.parametrize(
    "order, fraction",
    [
        (ORD_RIGHT, 1.0),
        (["Assess", "Own up", "Fix", "Rebuild", "Reflect"], 9 / 10),  # one neighbour swap: 1 of 10 pairs
        (["Own up", "Assess", "Fix", "Rebuild", "Reflect"], 8 / 10),  # two neighbour swaps
        (list(reversed(ORD_RIGHT)), 0.0),  # every pair reversed
        (ORD_RIGHT[1:] + ORD_RIGHT[:1], 6 / 10),  # the first moved last: its 4 pairs reversed (by place: 0)
    ],
)
def test_ordering_share_of_pairs_in_order(store, order, fraction):
    check = build_ordering(store).check(order)
    assert check.fraction == pytest.approx(fraction)
    assert len(check.right) == round(fraction * 10) and len(check.right) + len(check.wrong) == 10


@pytest.mark.parametrize(
    "answer, fraction",
    [
        (CAT_RIGHT, 1.0),
        ({**CAT_RIGHT, "Blame the intern": "productive"}, 3 / 4),
        ({"Check the logs": "productive", "Write a postmortem": "productive"}, 2 / 4),  # two unsorted
        ({i: ("unproductive" if c == "productive" else "productive") for i, c in CAT_RIGHT.items()}, 0.0),
        ({}, 0.0),
    ],
)
def test_categorise_share_sorted_right(store, answer, fraction):
    check = build_categorise(store).check(answer)
    assert check.fraction == pytest.approx(fraction)


def test_check_defaults_to_the_saved_answer(store, spec):
    ex = spec.build(store)
    assert ex.check().fraction == 0.0 and ex.check().right == () and ex.check().wrong == ()
    ex.answer(spec.right)
    assert ex.check().complete
    ex.answer(spec.wrong)
    assert not ex.check().complete


def test_key_matches(store, spec):
    ex = spec.build(store)
    assert ex.key_matches(spec.right)
    assert not ex.key_matches(spec.wrong)


# -- a saved answer that no longer fits -----------------------------------------------------------


def test_stale_saved_answer_is_not_shown_and_not_overwritten(store, spec):
    # an id matching the spec's builder default
    ex_id = {"single_choice": "sc", "multiple_choice": "mc", "ordering": "ord", "categorise": "cat"}[spec.kind]
    store.record(ex_id, spec.stale)
    before = store.path.read_bytes()
    ex = spec.build(store)
    assert ex.value is None
    assert spec.shown(ex) == empty(spec, ex)
    assert "no longer fits" in ex._status.value
    assert ex._feedback.value == ""
    assert ex.check().fraction == 0.0
    assert store.path.read_bytes() == before
    spec.build(store)
    assert store.path.read_bytes() == before
    # answering again replaces it, counting on from the earlier attempt
    ex.answer(spec.right)
    assert store.get(ex_id).value == ex.normalise(spec.right)
    assert store.get(ex_id).attempts == 2


def test_single_choice_option_removed_in_a_new_version(store):
    build_single(store).answer(SC_OPTIONS[2])
    before = store.path.read_bytes()
    ex = build_single(store, options=SC_OPTIONS[:2])
    assert ex.value is None and ex._radio.value is None
    assert store.path.read_bytes() == before


def test_hand_edited_ordering_answer_with_a_number_does_not_crash_the_widget(store):
    store.record("ord", ["Assess", 2, "Fix", "Reflect", "Rebuild"])
    ex = build_ordering(store)
    assert ex.value is None
    assert "no longer fits" in ex._status.value


# -- authoring checks -----------------------------------------------------------------------------


@pytest.mark.parametrize("bad_id", ["scenario.first-move", "has space", "", "ü"])
def test_exercise_ids_must_be_grade_ids(store, spec, bad_id):
    with pytest.raises(ValueError, match="letters, digits"):
        spec.build(store, exercise_id=bad_id)
    assert registry.all_exercises() == []


@pytest.mark.parametrize("bad_step", ["Assess", "apologise", ""])
def test_step_must_be_a_rubric_step(store, spec, bad_step):
    with pytest.raises(ValueError) as info:
        spec.build(store, step=bad_step)
    assert "assess, own, fix, reflect, rebuild" in str(info.value)


@pytest.mark.parametrize(
    "bad_key",
    [[], ["Pause and gather the facts"], ["abc"], "0123456789abcdef", [1234567890123456], [None]],
    ids=["empty", "plain-text", "short", "bare-string", "number", "none"],
)
def test_key_must_be_digests(store, bad_key):
    with pytest.raises((ValueError, TypeError)) as info:
        build_single(store, key=bad_key)
    if info.type is ValueError:
        assert "salted digests" in str(info.value)


def test_key_error_message_points_to_course_key(store):
    with pytest.raises(ValueError, match="course key"):
        build_single(store, key=[SC_RIGHT])


def test_plain_text_key_of_digest_length_is_rejected(store):
    plain = "Say nothing now!"
    assert len(plain) == 16
    with pytest.raises(ValueError):
        build_single(store, key=[plain])


@pytest.mark.parametrize("bad_points", [0, -1, True, "3", None])
def test_points_must_be_positive_numbers(store, spec, bad_points):
    with pytest.raises(ValueError, match="points"):
        spec.build(store, points=bad_points)


def test_options_must_be_distinct_and_at_least_two(store):
    with pytest.raises(ValueError, match="at least two distinct"):
        build_single(store, options=["only one"])
    with pytest.raises(ValueError, match="at least two distinct"):
        build_multiple(store, options=["a", "a", "b"])
    with pytest.raises(ValueError, match="at least two distinct"):
        build_ordering(store, items=["a", ""])
    with pytest.raises(ValueError, match="at least two distinct"):
        build_categorise(store, categories=["only"])


def test_registry_keeps_the_latest_definition(store, spec):
    first = spec.build(store)
    assert registry.get(first.id) is first
    second = spec.build(store)
    assert registry.get(first.id) is second
    assert registry.all_exercises() == [second]
    with pytest.raises(LookupError, match="Run All"):
        registry.get("never-defined")


def test_repr_and_panel(store, spec):
    ex = spec.build(store)
    assert repr(ex).startswith(f"<{type(ex).__name__} {ex.id!r}")
    assert ex.panel._dom_classes and f"course-{spec.kind}" in ex.panel._dom_classes
    assert "application/vnd.jupyter.widget-view+json" in ex._repr_mimebundle_()
