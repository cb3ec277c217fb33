"""The structure checks of 04-postmortem on crafted write-ups: a complete one, each section missing,
a timeline out of order, action items without an owner or with a date gone by, "human error" (and
its variants) as the last why, and a negation that sets it aside.

Why crafted write-ups rather than the notebook: every rule is seen failing on the one thing it is
about, with the one-line review a learner would read, in milliseconds; the notebook's own cells are
run by tests/test_notebooks.py and graded by the cohort (tests/worked_answers.py)."""

from __future__ import annotations

import datetime as dt
import io
from contextlib import redirect_stdout

import pandas as pd
import pytest

from course import postmortem
from course.code_checks import check_code
from course.postmortem import SECTIONS, blame_in, review

ALL_CHECKS = (postmortem.assess_checks, postmortem.own_checks, postmortem.reflect_checks, postmortem.fix_checks,
              postmortem.rebuild_checks)


def complete() -> dict:
    """A complete write-up (case A of the notebook, the missed deadline), as a learner's cells leave it."""
    return {
        "incident_summary": "I missed the funder's deadline for our grant application by three days.",
        "impact": "The partner charity loses a round of funding; my manager had promised it was in.",
        "timeline": pd.DataFrame([
            ("2026-02-20 10:00", "I copy last year's deadline into my calendar"),
            ("2026-03-06 17:00", "The funder's portal closes"),
            ("2026-03-09 09:15", "I see the portal is closed"),
            ("2026-03-09 09:40", "I call the funder; no late entries"),
        ], columns=["when", "what"]),
        "my_part": "I copied the date from last year's call instead of this year's.",
        "why_chain": [
            "We missed the deadline because my calendar had the wrong date.",
            "It had the wrong date because I copied it from last year's call.",
            "Nobody checked it because our team has no step to confirm a deadline against the call itself.",
        ],
        "went_well": "I told Ravi within ten minutes, before he heard it from the charity.",
        "got_lucky": "The next round opens on 1 June, so the project only slips.",
        "action_items": pd.DataFrame([
            ("Confirm each deadline against the funder's call, with a colleague", "me", "2026-03-20"),
            ("Add the deadline check to our grant checklist", "Ravi", "2026-03-31"),
        ], columns=["action", "owner", "due"]),
        "written_on": "2026-03-12",
        "lesson": "A date copied from last year is a guess: confirm each deadline against its source.",
        "share_with": "My team, at Thursday's meeting, and the other grant coordinators by email.",
    }


def results(writeup: dict) -> dict[str, str | None]:
    """Each check's description -> None when it passes, else the problem it shows."""
    from course.code_checks import run_checks

    found = {}
    for checks in ALL_CHECKS:
        found.update(run_checks(checks(writeup)))
    return found


def failing(writeup: dict) -> dict[str, str]:
    return {d: p for d, p in results(writeup).items() if p is not None}


def test_a_complete_write_up_passes_every_check():
    assert failing(complete()) == {}
    assert review(complete()) == []


def test_the_notebooks_model_write_up_passes_too():
    """The model in solutions/ is checked by nbval; here the same shapes as a list of dicts also read."""
    writeup = complete()
    writeup["action_items"] = writeup["action_items"].to_dict("records")
    assert failing(writeup) == {}


@pytest.mark.parametrize("name", sorted(SECTIONS))
def test_each_missing_section_is_one_kind_line_naming_it(name):
    writeup = complete()
    del writeup[name]
    problems = failing(writeup)
    assert problems, f"nothing noticed that {name} is missing"
    for problem in problems.values():
        assert "\n" not in problem and "Traceback" not in problem and "Error" not in problem, problem
    lines = review(writeup)
    assert lines and any(name in line for line in lines), lines


@pytest.mark.parametrize("name", ["incident_summary", "impact", "my_part", "went_well", "got_lucky", "lesson",
                                  "share_with"])
def test_an_empty_section_says_it_is_still_empty(name):
    writeup = complete()
    writeup[name] = "\n\n"
    assert any("still empty" in p and name in p for p in failing(writeup).values())


def test_a_timeline_out_of_order_names_the_rows():
    writeup = complete()
    table = writeup["timeline"]
    writeup["timeline"] = table.iloc[[0, 2, 1, 3]].reset_index(drop=True)
    problems = failing(writeup)
    assert list(problems) == ["the timeline is in time order"]
    assert problems["the timeline is in time order"].startswith(
        "row 3 of the timeline (2026-03-06 17:00) comes before row 2 (2026-03-09 09:15)")


def test_a_time_with_no_date_is_refused_because_pandas_would_date_it_today():
    writeup = complete()
    writeup["timeline"].loc[1, "when"] = "17:00"
    problems = failing(writeup)
    assert "each row's time reads as a date and time" in problems
    assert '"2026-03-14 09:30"' in problems["each row's time reads as a date and time"]


def test_a_short_timeline_asks_for_more_rows():
    writeup = complete()
    writeup["timeline"] = writeup["timeline"].head(2)
    assert "add at least 3" in failing(writeup)["the timeline has at least 3 rows"]


@pytest.mark.parametrize("owner", ["", "  ", "TBD", "someone", None])
def test_an_action_item_without_an_owner(owner):
    writeup = complete()
    writeup["action_items"].loc[1, "owner"] = owner
    problems = failing(writeup)
    assert list(problems) == ["each action item has an owner"]
    assert problems["each action item has an owner"].startswith("action item 2 ('Add the deadline check")


def test_an_action_item_without_a_due_date():
    writeup = complete()
    writeup["action_items"].loc[0, "due"] = "next week"
    problems = failing(writeup)
    assert "has no due date" in problems["each action item has a due date"]


@pytest.mark.parametrize("due", ["2026-03-09", "2026-03-01", "2026-03-11"])
def test_a_due_date_gone_by_is_refused(due):
    """On the incident's last day or before it, or before the day the write-up says it was written."""
    writeup = complete()
    writeup["action_items"].loc[0, "due"] = due
    problems = failing(writeup)
    assert list(problems) == ["each due date is still ahead"]
    assert problems["each due date is still ahead"] == (
        f"action item 1 ('Confirm each deadline against…') is due {due}, which has passed: give it a date "
        "from 2026-03-12 on")


def test_the_verdict_never_depends_on_today():
    """Graded weeks (or years) later, a plan that was ahead when written is still ahead: every date
    compared is one the learner wrote. A write-up of 2019 passes as it did then."""
    writeup = complete()
    shift = pd.Timedelta(days=-7 * 365)
    writeup["timeline"]["when"] = (pd.to_datetime(writeup["timeline"]["when"]) + shift).dt.strftime("%Y-%m-%d %H:%M")
    writeup["action_items"]["due"] = [(pd.Timestamp(d) + shift).date() for d in writeup["action_items"]["due"]]
    writeup["written_on"] = (pd.Timestamp(writeup["written_on"]) + shift).strftime("%Y-%m-%d")
    assert failing(writeup) == {}
    assert dt.date.today().year > 2019


def test_a_write_up_dated_before_the_incident_ended():
    writeup = complete()
    writeup["written_on"] = "2026-03-08"
    assert "before the incident's last timeline entry" in failing(writeup)["it is dated after the incident"]


@pytest.mark.parametrize("last", [
    "Human error.",
    "It was human error on my part.",
    "A user error: I clicked the wrong date.",
    "I was careless that afternoon.",
    "Carelessness, plain and simple.",
    "I need to be more careful with dates.",
    "It was my fault.",
    "It was not the checklist, it was human error.",
])
def test_human_error_and_its_variants_as_the_last_why(last):
    writeup = complete()
    writeup["why_chain"] = writeup["why_chain"][:2] + [last]
    problems = failing(writeup)
    assert "the last why is not \"human error\" or carelessness" in problems
    assert "ask why once more" in problems["the last why is not \"human error\" or carelessness"]


@pytest.mark.parametrize("last", [
    "Not human error but no checklist: our team has no step to confirm deadlines.",
    "Rather than carelessness, it was a calendar template that carries last year's dates.",
    "It was not because I was careless; the call's date is on page 9 and nothing points to it.",
])
def test_a_negated_human_error_is_no_blame(last):
    writeup = complete()
    writeup["why_chain"] = writeup["why_chain"][:2] + [last]
    assert failing(writeup) == {}


def test_a_last_why_that_only_says_what_the_cause_was_not():
    writeup = complete()
    writeup["why_chain"] = writeup["why_chain"][:2] + ["It was not human error."]
    assert list(failing(writeup)) == ["the last why names a cause"]


def test_human_error_earlier_in_the_chain_is_not_the_root_cause():
    """A chain may pass through a slip on its way down; what it must not do is stop there."""
    writeup = complete()
    writeup["why_chain"] = ["I made a human error with the date."] + writeup["why_chain"][1:]
    assert failing(writeup) == {}


def test_action_items_as_a_list_of_rows_or_an_empty_list():
    writeup = complete()
    writeup["action_items"] = [tuple(row) for row in writeup["action_items"].itertuples(index=False)]
    assert failing(writeup) == {}
    writeup["action_items"] = []
    assert failing(writeup)["there is at least one action item"].startswith("there are no action items yet")


def test_a_chain_too_short_or_written_as_one_string():
    writeup = complete()
    writeup["why_chain"] = writeup["why_chain"][:2]
    assert "at least 3" in failing(writeup)["the chain has at least 3 whys"]
    writeup["why_chain"] = "because. because. because."
    assert "write the chain as a list" in failing(writeup)["the chain has at least 3 whys"]


def test_a_lesson_of_more_care():
    writeup = complete()
    writeup["lesson"] = "I must be more careful with dates."
    assert list(failing(writeup)) == ["the lesson is more than \"be more careful\""]


def test_your_part_in_the_third_person():
    writeup = complete()
    writeup["my_part"] = "The date was copied from last year's call."
    assert list(failing(writeup)) == ["your part is in the first person"]


def test_blame_in_finds_the_phrase():
    assert blame_in("Root cause: human error") == "human error"
    assert blame_in("operator-error in the form") == "operator-error"
    assert blame_in("not human error, a missing check") is None
    assert blame_in(None) is None


def test_check_code_prints_a_review_alone_as_one_line():
    writeup = complete()
    writeup["action_items"].loc[0, "owner"] = ""
    out = io.StringIO()
    with redirect_stdout(out):
        earned = check_code("postmortem-fix-check", postmortem.fix_checks(writeup), points=3)
    assert earned == round(6 / 7 * 3, 2)
    line = next(x for x in out.getvalue().splitlines() if "✘" in x)
    assert line == ("  ✘ each action item has an owner (action item 1 ('Confirm each deadline against…') has no "
                    "owner: write who will do it (\"me\" is fine))")


def test_a_blank_write_up_as_the_release_leaves_it_scores_nothing():
    blank = {"incident_summary": "\n\n", "impact": "\n\n", "timeline": pd.DataFrame([], columns=["when", "what"]),
             "my_part": "\n\n", "why_chain": [], "went_well": "\n\n", "got_lucky": "\n\n",
             "action_items": pd.DataFrame([], columns=["action", "owner", "due"]), "written_on": "",
             "lesson": "\n\n", "share_with": "\n\n"}
    assert all(p is not None for p in results(blank).values())
    assert len(review(blank)) >= len(SECTIONS) - 1
