"""Partial credit that measures the lesson (issue 15, part 3).

Ordering by pairs in the right relative order with author-declared acceptable orders; item sets
by named subgroups (the suppression list's two lessons each cost a quarter); text checks that
accept equivalent forms of dates, amounts and names; numeric answers with a decimal comma, and
the slips a wrong figure shows named for what they are. Practice (salted digests) and grading
(the plain key) must agree on every one of them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from course import code_checks
from course.answers import KINDS, make_key, seal_explanations
from course.answers.item_set import GroupCheck
from course.grading import AuthoringError, grade
from course.answers import registry
from samples import ORD_RIGHT, ORD_SHOWN

ROOT = Path(__file__).resolve().parents[1]


def ordering(key, exercise_id="ord", items=ORD_SHOWN, **spec):
    return KINDS["ordering"](exercise_id, items=items, step="rebuild", points=5,
                             key=make_key("ordering", exercise_id, key), **spec)


# -- ordering: pairs, and acceptable orders -----------------------------------------------------

ALSO = ["Assess", "Fix", "Own up", "Reflect", "Rebuild"]  # a second defensible order


def test_one_item_moved_costs_the_pairs_it_jumps_not_its_neighbours_places():
    rules = ordering(ORD_RIGHT)
    moved = ["Assess", "Rebuild", "Own up", "Fix", "Reflect"]  # the last moved second: 3 pairs reversed
    check = rules.check(moved)
    assert check.fraction == pytest.approx(7 / 10)  # by place it was 1 of 5
    assert rules.grade(moved, ORD_RIGHT) == check
    assert rules.review(moved, check) == ("7 of 10 pairs of items in the right order; "
                                          "4 of 5 items are out of place.")


def test_any_acceptable_order_earns_full_marks_and_others_their_best_share():
    rules = ordering([ORD_RIGHT, ALSO])
    assert rules.key_matches([ORD_RIGHT, ALSO]) and not rules.key_matches(ORD_RIGHT)
    for order in (ORD_RIGHT, ALSO):
        assert rules.check(order).complete and rules.grade(order, [ORD_RIGHT, ALSO]).complete
        assert rules.same_answer(order, [ORD_RIGHT, ALSO])
    near_also = ["Assess", "Fix", "Own up", "Rebuild", "Reflect"]  # 9/10 against ALSO, 8/10 against the first
    assert rules.check(near_also).fraction == pytest.approx(9 / 10)
    assert rules.grade(near_also, [ORD_RIGHT, ALSO]) == rules.check(near_also)
    # only the declared orders: the two swaps combined are no accepted order
    assert not rules.check(["Assess", "Fix", "Own up", "Rebuild", "Reflect"]).complete


def test_acceptable_orders_open_the_closing_explanation_and_keep_item_explanations():
    explanations = {item: f"Why {item}." for item in ORD_RIGHT}
    texts, closing = seal_explanations("ordering", "ord", [ORD_RIGHT, ALSO], explanations, "The closing word.")
    rules = ordering([ORD_RIGHT, ALSO], explanations=texts, explanation=closing)
    assert rules.closing_text(rules.check(ALSO)) == "The closing word."
    assert rules.closing_text(rules.check(ORD_RIGHT)) == "The closing word."
    assert rules.closing_text(rules.check(ORD_SHOWN)) == ""
    assert rules.explanation_text("Fix", rules.explanation_part("Fix", ORD_RIGHT)) == "Why Fix."


def test_a_repeated_acceptable_order_is_an_authoring_slip():
    with pytest.raises(ValueError, match="given twice"):
        ordering(ORD_RIGHT).normalise_key([ORD_RIGHT, list(ORD_RIGHT)])


def test_the_report_labels_the_pairs_reversed_against_the_closest_order():
    labels = KINDS["ordering"].wrong_labels(["Assess", "Fix", "Own up", "Rebuild", "Reflect"],
                                            [ORD_RIGHT, ALSO], ORD_SHOWN, ())
    assert labels == ["“Rebuild” before “Reflect”"]
    assert KINDS["ordering"].wrong_labels(ALSO, [ORD_RIGHT, ALSO], ORD_SHOWN, ()) == []


def test_the_workshop_marks_any_acceptable_order_right_and_reveals_the_first(tmp_path):
    from course.catalogue import ExerciseInfo
    from course.workshop import dashboard, tally
    from course.workshop.store import Published, open_store

    info = ExerciseInfo(id="ord", kind="ordering", step="rebuild", points=5.0, prompt="Order?", notebook="n.ipynb",
                        number=1, options=tuple(ORD_SHOWN), key=[ORD_RIGHT, ALSO], key_verified=True)
    store = open_store(tmp_path / "sessions")
    store.create("00-orientation", code="ROOM-1")
    for name, order in (("Ana", ALSO), ("Ben", ORD_SHOWN)):
        store.join("ROOM-1", name)
        store.publish("ROOM-1", name, Published("ord", order, kind="ordering", step="rebuild", score=None))
    spread = tally.build("ROOM-1", store.participants("ROOM-1"), [info]).spread("ord")
    assert spread.right_count == 1
    assert "Right order: 1. Assess; 2. Own up; 3. Fix; 4. Reflect; 5. Rebuild." in spread.reveal_lines
    assert "Also accepted: 1. Assess; 2. Fix; 3. Own up; 4. Reflect; 5. Rebuild." in spread.reveal_lines
    assert "<ol><li><strong>Assess</strong></li><li><strong>Own up</strong>" in dashboard._reveal_html(spread)


def test_the_course_declares_the_reviewed_orders_acceptable():
    """02's follow-through with the team shown the guard before it is in the template. (01's
    follow-through lost the item the review found a second place for, "Write up the lesson", to
    spam-share-lesson in issue 16: its steps over the weeks after the send have one defensible order,
    and pairwise credit for a near miss.)"""
    for notebook, exercise_id, item, place in (
            ("02-wrong-year-attachment/wrong-year-attachment.ipynb", "wrong-follow-through",
             "Show your team the guard and the past-reports table at their weekly meeting", 1),):
        keys_found = {}
        cells = json.loads((ROOT / "solutions" / notebook).read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            source = "".join(cell["source"])
            if f"grade('{exercise_id}'" in source:
                exec(source.split("### BEGIN HIDDEN TESTS")[1],  # noqa: S102 - the course's own notebook
                     {"grade": lambda i, key=None: keys_found.setdefault(i, key)})
        first, second = keys_found[exercise_id]
        assert second.index(item) == place and second != first


# -- item sets by named subgroups ---------------------------------------------------------------


def _suppression_groups():
    """The spam-suppression hidden test's key, as the notebook declares it."""
    cells = json.loads((ROOT / "solutions/01-bulk-spam/bulk-spam.ipynb").read_text(encoding="utf-8"))["cells"]
    source = next("".join(c["source"]) for c in cells if "grade('spam-suppression'" in "".join(c["source"]))
    found = {}
    exec(source.split("### BEGIN HIDDEN TESTS")[1],  # noqa: S102 - the course's own notebook
         {"grade": lambda i, key=None: found.setdefault(i, key)})
    return found["spam-suppression"]


@pytest.fixture(scope="module")
def suppression():
    from course.data import load

    groups = _suppression_groups()
    rules = KINDS["item_set"]("spam-suppression", step="fix", points=4, noun="addresses",
                              key=make_key("item_set", "spam-suppression", groups))
    bought, subscribers = set(load("01-bulk-spam", "bought_list")["email"]), set(load("01-bulk-spam", "subscribers")["email"])
    return rules, groups, bought, subscribers


def test_the_whole_bought_list_costs_the_lesson_of_keeping_genuine_subscribers(suppression):
    rules, groups, bought, _ = suppression
    value = rules.normalise(bought)
    check = rules.grade(value, groups)
    assert round(check.fraction * 4, 2) == 3.0  # was 3.88 by the share of the whole set
    review = rules.review(value, check)
    assert "On your list but should not be: the genuine subscribers who did not object (301 of 301)." in review
    assert "@" not in review  # names the group, never an address


def test_leaving_out_the_genuine_objectors_costs_the_lesson_of_the_exercise(suppression):
    rules, groups, bought, subscribers = suppression
    value = rules.normalise(bought - subscribers)
    check = rules.grade(value, groups)
    assert round(check.fraction * 4, 2) == 3.0  # was 3.99
    review = rules.review(value, check)
    assert "Missing: the genuine subscribers who unsubscribed or complained (0 of 33 on your list)." in review
    assert "GDPR art. 21" in review and "@" not in review


def test_the_right_list_and_the_practice_digest_are_the_groups_that_belong(suppression):
    rules, groups, bought, subscribers = suppression
    right = rules.normalise_key(groups)
    assert len(right) == 9_699 and rules.key_matches(groups)
    assert rules.check(right).complete and rules.grade(right, groups).complete
    check = rules.grade(right + ["someone@invented.example"], groups)
    assert isinstance(check, GroupCheck) and check.strays == 1 and check.fraction == pytest.approx(1 - 1 / 9_699)
    assert rules.same_answer(right, groups)


def test_a_plain_set_key_keeps_its_share_of_the_whole_set_beside_a_groups_key():
    groups = {"right": {"items": ["a", "b", "c"]}}
    rules = KINDS["item_set"]("ex", step="fix", points=4, key=make_key("item_set", "ex", groups))
    assert rules.key_matches(["a", "b", "c"]) and rules.key_matches(groups)
    # one group of weight 1 and the plain set agree: each wrong item takes a share back
    assert rules.grade(["a", "b", "z"], ["a", "b", "c"]).fraction == pytest.approx(1 / 3)
    assert rules.grade(["a", "b", "z"], groups).fraction == pytest.approx(1 / 3)


@pytest.mark.parametrize("groups, problem", [
    ({"g": {"items": ["a"], "belongs": False}}, "at least one group must belong"),
    ({"g": {"items": ["a"]}, "h": {"items": ["a"], "belongs": False}}, "shares items"),
    ({"g": {"items": ["a"], "weight": 0}}, "positive weight"),
    ({"g": {"items": ["a"], "colour": "red"}}, "may have only"),
])
def test_a_malformed_groups_key_is_an_authoring_error(groups, problem, store, capsys):
    rules = KINDS["item_set"]("ex", step="fix", points=4, key=None)
    with pytest.raises(ValueError, match=problem):
        rules.normalise_key(groups)
    registry.clear()
    store.record("ex", ["a"])
    registry.register(rules, store=store)
    with pytest.raises(AuthoringError, match=problem):
        grade("ex", key=groups)
    registry.clear()


# -- text checks that accept equivalent forms ---------------------------------------------------


@pytest.mark.parametrize("text", ["by 27 February", "by 27th February", "by Feb 27", "by 27/02", "by the 27th of Feb.",
                                  "by February 27th", "by 27.02.2026", "by 2026-02-27", "BY 27 FEB"])
def test_a_date_in_any_usual_form(text):
    assert code_checks.mentions_date(text, 27, 2)


@pytest.mark.parametrize("text", ["by 17 February", "by 27 March", "by 27/12", "by Feb 2", "in 127/02", ""])
def test_another_date_is_not_the_date(text):
    assert not code_checks.mentions_date(text, 27, 2)


@pytest.mark.parametrize("text", ["£45k", "£45K a year", "£45,000", "45 000 pounds", "£45000", "£45,000.00", "45 thousand"])
def test_an_amount_in_any_usual_form(text):
    assert code_checks.mentions_amount(text, 45_000)


@pytest.mark.parametrize("text", ["£145,000", "£54,000", "£450,000", "£4,500", "£45", "£45,0000"])
def test_a_number_that_only_contains_the_amount_is_not_it(text):
    assert not code_checks.mentions_amount(text, 45_000)


@pytest.mark.parametrize("text, named", [("Ask Sam.", True), ("sam's note", True), ("Sam’s view", True),
                                         ("(SAM)", True), ("the same fee", False), ("Samantha", False)])
def test_a_name_in_any_case_and_possessive(text, named):
    assert code_checks.mentions_name(text, "Sam") is named


def _hidden_test(notebook: str, grade_id: str) -> str:
    cells = json.loads((ROOT / "solutions" / notebook).read_text(encoding="utf-8"))["cells"]
    return next("".join(c["source"]) for c in cells if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id)


EMAIL = """Hi Dana, here is the complete proposal. Fee: {fee} a year, payable quarterly. The route dashboard
starts in April. Two training days are included, and the case studies are attached. We would need
your decision by {date}.{extra}"""


@pytest.mark.parametrize("fee, date, extra, points", [
    ("£45k", "27th February", "", 3.0),  # the review's two failures: both full marks now
    ("45 000 pounds", "Feb 27", "", 3.0),
    ("£145,000", "27 February", "", 2.5),  # a wrong fee that contains the right one
    ("£45,000", "27 February", " Sam's view is that we can go lower.", 2.5),  # an internal note, possessive
    # the review's C6: the leaked note again, a comma after the name, fails the check by its content
    ("£45,000", "27 February", " Check with Sam, whether we can go lower.", 2.5),
    ("£45,000", "27 February", " They pushed back hard on price last year.", 2.5),
    ("£45,000", "27 February", " TODO: attach the case studies.", 2.5),
    # and the honest answer to Dana's question, which the course asks for, costs nothing
    ("£45,000", "27 February", " Sam is our commercial director; the note was meant for him only.", 3.0),
])
def test_the_complete_email_check_accepts_equivalent_forms(fee, date, extra, points, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    source = _hidden_test("03-premature-send/premature-send.ipynb", "premature-complete")
    hidden = source.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0]
    namespace = {"_text": EMAIL.format(fee=fee, date=date, extra=extra), "check_code": code_checks.check_code}
    exec(hidden, namespace)  # noqa: S102 - the course's own notebook
    assert re.search(rf"premature-complete · {points:g} of 3 points", capsys.readouterr().out)


@pytest.mark.parametrize("message, points", [("The right fee is £45k; the full proposal follows by 4 pm today.", 2.0),
                                             ("The right fee is £145,000; the full proposal by 4 pm.", 1.0)])
def test_the_follow_up_check_reads_the_fee_as_the_complete_email_check_does(message, points, tmp_path,
                                                                            monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    source = _hidden_test("03-premature-send/premature-send.ipynb", "premature-follow-up-content")
    hidden = source.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0]
    exec(hidden, {"_text": message, "check_code": code_checks.check_code})  # noqa: S102 - the course's own notebook
    assert f"premature-follow-up-content · {points:g} of 2 points" in capsys.readouterr().out


# -- numeric: a decimal comma, and slips named ---------------------------------------------------


def numeric(key=12.5, unit="%", decimals=2):
    return KINDS["numeric"]("rate", step="assess", points=2, decimals=decimals, unit=unit,
                            key=make_key("numeric", "rate", key))


@pytest.mark.parametrize("typed, number", [("12,5", 12.5), ("12,50 %", 12.5), ("0,125", 0.125), ("1.234,5", 1234.5)])
def test_a_decimal_comma_is_a_decimal(typed, number):
    assert numeric().normalise(typed) == number


def test_grouped_thousands_stay_thousands_beside_a_decimal_comma():
    rules = numeric()
    assert [rules.normalise(t) for t in ("1,250", "9,595", "1,234,567", "1,234.5", "45 000")] == [
        1250.0, 9595.0, 1234567.0, 1234.5, 45000.0]
    assert rules.normalise("1,25") == 1.25  # one comma before two digits: a decimal (it was 125)


@pytest.mark.parametrize("typed, slip", [
    ("0.125", "looks like a fraction: the question asks for a percentage, so multiply by 100"),
    ("12,500", "1,000 times the right size"),
    ("1250", "100 times the right size"),
    ("12.49", "One step off in the last place"),
    ("13", "You gave 0 decimal places and the question asks for 2"),
])
def test_each_slip_is_named_in_practice_and_in_grading_alike(typed, slip):
    rules = numeric()
    value = rules.normalise(typed)
    practice, graded = rules.check(value), rules.grade(value, 12.5)
    assert not practice.complete and practice == graded
    assert slip in practice.slip and slip in rules.review(value, graded)
    assert "12.5" not in practice.slip.replace("12.5%", "")  # the examples never state the key


def test_a_percentage_where_a_fraction_is_asked():
    rules = numeric(key=0.125, unit="", decimals=3)
    assert "looks like a percentage: the question asks for a fraction" in rules.check(12.5).slip


def test_a_wrong_figure_with_no_slip_gets_the_calculation_hint():
    rules = numeric()
    check = rules.check(31.0)
    assert check.slip == "" and "Check what the calculation divides by" in rules.review(31.0, check)


def test_the_numeric_panel_names_the_slip(store):
    from course.exercises import Numeric

    ex = Numeric("rate", step="assess", points=2, decimals=2, unit="%", prompt="Rate?",
                 key=make_key("numeric", "rate", 12.5), store=store)
    ex.answer("0,125")
    assert "looks like a fraction" in ex._feedback.value and "Check which rows" not in ex._feedback.value
    ex.answer("12,5")
    assert ex.check().complete


def test_the_orientations_follow_through_accepts_either_first_step_and_credits_the_rest_by_pairs():
    """orient-team-guide (issue 16): closing the loop with the client and sharing the lesson with the
    team may come in either order; delivery, then asking the client, must follow. The practice
    digests and the plain key agree on all of it."""
    from course import catalogue

    info = catalogue.load("00-orientation", root=ROOT).get("orient-team-guide")
    first, second = info.key
    assert first[2:] == second[2:] and first[:2] == second[1::-1]
    rules = KINDS["ordering"](info.id, items=info.options, step="rebuild", points=3,
                              key=make_key("ordering", info.id, info.key))
    for order in (first, second):
        assert rules.check(order).complete and rules.grade(order, info.key).complete
    asked_first = [first[3], *first[:3]]  # asking the client before any report shows reliability: 3 of 6 pairs
    assert rules.check(asked_first).fraction == pytest.approx(3 / 6)
    assert rules.grade(asked_first, info.key) == rules.check(asked_first)
