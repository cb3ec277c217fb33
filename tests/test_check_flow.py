"""Judge on request, teach on failure (issue 15, part 1): the Check flow of the practice panels.

A composite answer (ordering, categorise, multiple choice) is a draft until Check: a draft is
kept (a re-run shows it) but counts no attempt and reaches no workshop; a Check saves it as the
checked answer, counts one attempt when it differs, judges it and explains every wrong part. A
single choice is checked at each click, a code answer at ``.answer``. After ``reveal_after`` wrong
checks (two by default) a practice learner may reveal the right answer with every explanation;
the reveal is recorded and shown again by a re-created panel. Graded mode judges and reveals nothing.
"""

from __future__ import annotations

import pytest
from samples import (CAT_CATEGORIES, CAT_EXPLANATIONS, CAT_ITEMS, CAT_RIGHT, MC_EXPLANATIONS, MC_OPTIONS, MC_RIGHT,
                     ORD_EXPLANATIONS, ORD_RIGHT, ORD_SHOWN, SC_EXPLANATIONS, SC_OPTIONS, SC_RIGHT)

from course.answers import events, seal_explanations, seal_solution
from course.exercises import Categorise, MultipleChoice, Ordering, SingleChoice, make_key, set_mode
from course.responses import ResponsesStore

CLOSING = "The closing explanation: why this order works."


def veiled(kind, exercise_id, right, explanations):
    texts, closing = seal_explanations(kind, exercise_id, right, explanations, CLOSING)
    return dict(key=make_key(kind, exercise_id, right), explanations=texts, explanation=closing,
                solution=seal_solution(kind, exercise_id, right))


def ordering(store, **extra):
    return Ordering("ord", prompt="Put the steps in order.", step="fix", points=5, items=ORD_SHOWN, store=store,
                    **veiled("ordering", "ord", ORD_RIGHT, ORD_EXPLANATIONS), **extra)


def multiple(store, **extra):
    return MultipleChoice("mc", prompt="Which?", step="own", points=3, options=MC_OPTIONS, store=store,
                          **veiled("multiple_choice", "mc", MC_RIGHT, MC_EXPLANATIONS), **extra)


def categorise(store, **extra):
    return Categorise("cat", prompt="Sort them.", step="reflect", points=2, items=CAT_ITEMS,
                      categories=CAT_CATEGORIES, store=store,
                      **veiled("categorise", "cat", CAT_RIGHT, CAT_EXPLANATIONS), **extra)


def single(store, **extra):
    return SingleChoice("sc", prompt="First?", step="assess", points=2, options=SC_OPTIONS, store=store,
                        **veiled("single_choice", "sc", SC_RIGHT, SC_EXPLANATIONS), **extra)


def arrange(ex, order):
    """Move items with the panel's own Move up until the list shows ``order`` (drafts, no check)."""
    for position, item in enumerate(order):
        ex._list.value = item
        while [v for _, v in ex._list.options].index(item) > position:
            ex._move(-1)


WRONG_ORDER = ["Assess", "Own up", "Fix", "Rebuild", "Reflect"]  # 9 of 10 pairs in order (3 of 5 in place)
OTHER_WRONG = ["Own up", "Assess", "Fix", "Reflect", "Rebuild"]


@pytest.fixture
def published():
    records = []
    events.subscribe(records.append)
    yield records
    events.unsubscribe(records.append)


def test_moves_are_drafts_judged_by_nothing_and_published_to_nobody(store, published):
    ex = ordering(store)
    arrange(ex, WRONG_ORDER)
    assert store.get("ord") is None  # no checked answer, no attempt
    assert store.draft("ord") == WRONG_ORDER
    assert published == []
    assert ex._feedback.value == "" and "✘" not in ex._status.value and "Not checked yet" in ex._status.value
    assert ex._check.layout.display != "none"


def test_a_check_saves_judges_and_counts_once(store, published):
    ex = ordering(store)
    arrange(ex, WRONG_ORDER)
    ex._check.click()
    saved = store.get("ord")
    assert saved.value == saved.first == WRONG_ORDER and saved.attempts == 1
    assert store.draft("ord") is None
    assert [r.value for r in published] == [WRONG_ORDER]
    assert "9 of 10 pairs of items in the right order" in ex._feedback.value
    ex._check.click()  # the same answer again: no new attempt, nothing new published
    assert store.get("ord").attempts == 1 and len(published) == 1
    arrange(ex, OTHER_WRONG)
    ex._check.click()
    assert store.get("ord").attempts == 2 and store.get("ord").first == WRONG_ORDER


def test_every_wrong_part_says_why_and_the_closing_waits_for_the_right_answer(store):
    ex = ordering(store)
    arrange(ex, WRONG_ORDER)
    ex._check.click()
    html = ex._feedback.value
    for item in ("Reflect", "Rebuild"):  # the two misplaced items, each with its why
        assert f"✘ Not quite: {item}. {ORD_EXPLANATIONS[item]}" in html
    assert CLOSING not in html and "sealed:" not in html
    arrange(ex, ORD_RIGHT)
    ex._check.click()
    assert CLOSING in ex._feedback.value


def test_multiple_choice_ticks_are_drafts_and_a_wrong_tick_is_explained(store, published):
    ex = multiple(store)
    for b in ex._boxes:
        b.value = b.description in (MC_OPTIONS[0], MC_OPTIONS[1])
    assert store.get("mc") is None and published == []
    ex._check.click()
    assert store.get("mc").value == [MC_OPTIONS[0], MC_OPTIONS[1]] and store.get("mc").attempts == 1
    assert MC_EXPLANATIONS[MC_OPTIONS[1]] in ex._feedback.value  # the pick that backfires, and why


def test_categorise_choices_are_drafts_until_check(store, published):
    ex = categorise(store)
    ex._menus["Blame the intern"].value = "productive"
    assert store.get("cat") is None and store.draft("cat") == {"Blame the intern": "productive"}
    ex._check.click()
    assert store.get("cat").value == {"Blame the intern": "productive"}
    assert CAT_EXPLANATIONS["Blame the intern"] in ex._feedback.value and len(published) == 1


def test_single_choice_each_click_is_a_check_with_that_options_why(store, published):
    ex = single(store)
    ex._radio.value = SC_OPTIONS[1]
    assert store.get("sc").attempts == 1 and len(published) == 1
    assert SC_EXPLANATIONS[SC_OPTIONS[1]] in ex._feedback.value and "✘" in ex._feedback.value
    assert ex._check.layout.display == "none"  # no Check button: the click is the check
    ex._radio.value = SC_RIGHT
    assert SC_EXPLANATIONS[SC_RIGHT] in ex._feedback.value and CLOSING in ex._feedback.value


def test_a_code_answer_is_a_check(store, published):
    ex = ordering(store)
    arrange(ex, OTHER_WRONG)  # a draft, then an answer in code replaces it
    ex.answer(WRONG_ORDER)
    assert store.get("ord").value == WRONG_ORDER and store.draft("ord") is None and len(published) == 1
    assert "9 of 10 pairs of items in the right order" in ex._feedback.value


def test_a_rerun_shows_the_draft_without_a_verdict_else_the_checked_answer_with_its_own(store):
    ex = ordering(store)
    arrange(ex, WRONG_ORDER)
    ex._check.click()
    arrange(ex, OTHER_WRONG)  # a draft after the check
    again = ordering(store)
    assert [v for _, v in again._list.options] == OTHER_WRONG and again.draft == OTHER_WRONG
    assert again._feedback.value == "" and "Not checked yet" in again._status.value
    assert again.value == WRONG_ORDER  # the checked answer is kept
    arrange(again, WRONG_ORDER)  # back to the checked answer: its verdict holds again
    assert "9 of 10 pairs of items in the right order" in again._feedback.value
    third = ordering(store)
    assert [v for _, v in third._list.options] == WRONG_ORDER and third.draft is None
    assert "9 of 10 pairs of items in the right order" in third._feedback.value


def test_reveal_only_after_two_wrong_checks(store):
    ex = ordering(store)
    assert ex._reveal.layout.display == "none"
    arrange(ex, WRONG_ORDER)
    ex._check.click()
    assert ex._reveal.layout.display == "none"
    ex.show_answer()  # not yet: nothing happens
    assert store.get("ord").revealed is None and "The answer" not in ex._feedback.value
    arrange(ex, OTHER_WRONG)
    ex._check.click()
    assert ex._reveal.layout.display != "none"
    ex._reveal.click()
    saved = store.get("ord")
    assert saved.revealed is not None and saved.value == OTHER_WRONG  # the learner's answer stays theirs
    html = ex._feedback.value
    assert "The answer" in html and CLOSING in html
    assert all(ORD_EXPLANATIONS[item] in html for item in ORD_RIGHT)
    assert "<ol><li>Assess." in html.split("The answer")[1]  # the right order, first item first
    assert ex._reveal.layout.display == "none"


def test_the_same_wrong_answer_checked_twice_is_one_try(store):
    ex = ordering(store)
    arrange(ex, WRONG_ORDER)
    ex._check.click()
    ex._check.click()
    assert ex._reveal.layout.display == "none"


def test_reveal_after_is_set_per_exercise(store):
    one = ordering(store, reveal_after=1)
    arrange(one, WRONG_ORDER)
    one._check.click()
    assert one._reveal.layout.display != "none"
    never = multiple(store, reveal_after=None)
    for n, picks in enumerate(([MC_OPTIONS[1]], [MC_OPTIONS[1], MC_OPTIONS[0]], [MC_OPTIONS[3]])):
        never.answer(picks)
    assert never._reveal.layout.display == "none"
    with pytest.raises(ValueError, match="reveal_after"):
        ordering(store, reveal_after=0)


def test_no_reveal_once_the_answer_is_right(store):
    ex = ordering(store)
    ex.answer(WRONG_ORDER)
    ex.answer(ORD_RIGHT)
    assert ex._reveal.layout.display == "none"


def test_the_reveal_is_recorded_and_shown_by_a_recreated_panel(tmp_path, store):
    ex = single(store)
    ex._radio.value = SC_OPTIONS[1]
    ex._radio.value = SC_OPTIONS[2]
    ex._reveal.click()
    assert store.get("sc").revealed
    again = single(ResponsesStore(tmp_path / "responses.json"))  # another kernel, the same file
    assert again.revealed and "The answer" in again._feedback.value
    assert f"“{SC_RIGHT}”" in again._feedback.value.split("The answer")[1] and CLOSING in again._feedback.value
    again._radio.value = SC_RIGHT  # right now: the closing explanation is shown once, not twice
    assert again._feedback.value.count(CLOSING) == 1 and "The answer" in again._feedback.value
    assert again._reveal.layout.display == "none"


def test_graded_mode_judges_nothing_reveals_nothing_and_saves_each_change(store, published):
    set_mode("graded")
    ex = ordering(store)
    assert ex._check.layout.display == "none" and ex._reveal.layout.display == "none"
    for order in (WRONG_ORDER, OTHER_WRONG, WRONG_ORDER):
        ex.answer(order)
    arrange(ex, OTHER_WRONG)
    assert store.get("ord").value == OTHER_WRONG  # each change is the answer: nothing to forget
    assert store.draft("ord") is None and published[-1].value == OTHER_WRONG
    assert ex._feedback.value == "" and ex._reveal.layout.display == "none"
    ex.show_answer()
    assert store.get("ord").revealed is None


def test_graded_mode_shows_the_answer_not_a_draft_left_from_practice(store):
    ex = ordering(store)
    ex.answer(WRONG_ORDER)
    arrange(ex, OTHER_WRONG)  # a practice draft, never checked
    set_mode("graded")
    again = ordering(store)
    assert [v for _, v in again._list.options] == WRONG_ORDER and again.draft is None
    assert "Not checked yet" not in again._status.value and "Saved" in again._status.value


def test_a_keyless_exercise_offers_no_reveal(store):
    ex = Ordering("ord", prompt="p", step="fix", points=5, items=ORD_SHOWN, store=store)
    for order in (WRONG_ORDER, OTHER_WRONG, WRONG_ORDER):
        ex.answer(order)
    ex.show_answer()
    assert store.get("ord").revealed is None and ex._reveal.layout.display == "none"
