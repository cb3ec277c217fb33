"""The drafted-message exercise: a live checklist as the learner types, a rule-based score, no key."""

from __future__ import annotations

import pytest

from course.exercises import DraftedMessage, set_mode
from course.grading import AuthoringError, grade

GOOD = ("You're right, and I'm sorry. I emailed you from a purchased list without your consent: that was my "
        "mistake. I have removed your address, and from now on I only email people who signed up. "
        "I hope you can accept my apology.")
BAD = "Sorry if anyone was offended, but the list seller said these were opt-in. Just unsubscribe below."


def message(store, **kw):
    return DraftedMessage("reply", step="own", points=3, prompt="Your reply", store=store, **kw)


def test_creating_writes_nothing_and_needs_no_key(store):
    message(store)
    assert not store.path.exists()


def test_typing_updates_the_checklist_and_saves(store):
    ex = message(store)
    ex._text.value = "I'm sorry"
    assert store.get("reply").value == "I'm sorry"
    first = ex._feedback.value
    ex._text.value = GOOD
    assert ex._feedback.value != first
    import html

    findings = ex.report().findings
    assert {f.id for f in findings} >= {"acknowledgment", "regret", "repair", "repentance", "forgiveness"}
    for finding in findings:  # each finding quotes the words that triggered it
        assert html.escape(finding.quote) in ex._feedback.value
    assert store.get("reply").attempts == 1  # typing without a long pause is one attempt, not one per change


def test_the_checklist_quotes_red_flags(store):
    ex = message(store)
    ex.answer(BAD)
    html = ex._feedback.value
    assert "Sorry if" in html and "Just unsubscribe" in html


def test_the_checklist_stays_in_graded_mode_as_a_writing_aid(store):
    set_mode("graded")
    ex = message(store)
    ex.answer(GOOD)
    assert "Draft saved" in ex._status.value and "graded after you submit" in ex._status.value
    assert ex._feedback.value  # the checklist, not a verdict


def test_a_saved_message_is_shown_again(store):
    message(store).answer(GOOD)
    again = message(store)
    assert again._text.value == GOOD and again.value == GOOD


def test_grading_uses_the_checker_score_and_prints_the_message(store, capsys):
    ex = message(store)
    ex.answer(GOOD)
    assert grade("reply") == 3.0
    out = capsys.readouterr()
    assert GOOD in out.out and out.err == ""
    ex.answer(BAD)
    assert grade("reply") == 0.0  # one component, three red flags: clamped at zero


def test_a_blank_message_scores_zero_and_a_key_is_an_authoring_error(store):
    ex = message(store)
    ex.answer("   ")
    assert grade("reply") == 0.0
    with pytest.raises(AuthoringError):
        grade("reply", key="anything")


@pytest.mark.parametrize("bad", [42, None, ["a"], "x" * 10_001])
def test_what_is_not_a_message_is_refused(store, bad):
    with pytest.raises(ValueError):
        message(store).answer(bad)
