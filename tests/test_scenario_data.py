"""The scenario data: the committed CSVs regenerate byte for byte, and they tell each story's truth.

Why both: the notebooks ask learners to find facts in the data (a complaint rate far above Gmail's
0.3%, a few hundred genuine subscribers inside the bought list, a backlash that fades over the
day). If a change to a generator broke one of those facts, the notebook would teach something
false; if the committed files drifted from the generator, nobody could say how they were made.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from course import data
from course.scenarios import GENERATORS, bulk_spam, regenerate, wrong_year

GMAIL_LIMIT = 0.003  # spam complaints per delivered message (Google, Email sender guidelines, Gmail Help)
RESERVED_DOMAIN = re.compile(r"(^|\.)example\.(com|net|org)$|\.example$")


@pytest.mark.parametrize("scenario", sorted(GENERATORS))
def test_committed_csvs_regenerate_byte_for_byte(scenario, tmp_path):
    paths = regenerate(scenario, tmp_path)  # the base tables and each branch's (course.scenarios.branching)
    committed = data.folder(scenario)
    names = sorted(str(p.relative_to(tmp_path)) for p in paths)
    assert names == sorted(str(p.relative_to(committed)) for p in committed.rglob("*.csv"))
    for name in names:
        assert (tmp_path / name).read_bytes() == (committed / name).read_bytes(), f"{scenario}/{name} differs"


# ---- scenario 01: the bulk spam ----


@pytest.fixture(scope="module")
def spam() -> dict[str, pd.DataFrame]:
    return {name: data.load("01-bulk-spam", name) for name in data.tables("01-bulk-spam")}


def _delivered(spam):
    return spam["send_log"][spam["send_log"]["status"] == "delivered"]


def test_the_bought_list_is_10000_hotel_contacts_nobody_consented(spam):
    bought = spam["bought_list"]
    assert len(bought) == 10_000
    assert bought["contact_id"].is_unique and bought["email"].is_unique
    assert (bought["email"] == bought["email"].str.lower()).all()
    assert set(bought["consent"]) == {"none"}
    assert set(bought["list_source"]) == {"purchased list"}
    # one industry: every company is a hotel of some kind, every job title a hotel job
    kinds = tuple(f" {kind}" for kind in bulk_spam.HOTEL_KINDS)
    assert bought["company"].map(lambda company: company.endswith(kinds)).all()
    assert set(bought["job_title"]) <= set(bulk_spam.JOB_TITLES)


def test_a_few_hundred_genuine_subscribers_are_on_the_bought_list(spam):
    subscribers = spam["subscribers"]
    assert subscribers["email"].is_unique and subscribers["subscriber_id"].is_unique
    overlap = subscribers["email"].isin(spam["bought_list"]["email"]).sum()
    assert 250 <= overlap <= 400
    assert (subscribers["opted_in_at"] < spam["send_log"]["sent_at"].min()).all()
    assert set(subscribers["opt_in_source"]) <= {"website form", "webinar sign-up", "book download", "workshop"}


def test_every_email_is_at_a_reserved_example_domain(spam):
    emails = pd.concat([spam[name]["email"] for name in ("bought_list", "subscribers", "send_log", "responses")])
    domains = emails.str.split("@").str[-1]
    assert domains.map(lambda domain: bool(RESERVED_DOMAIN.search(domain))).all()


def test_the_send_went_to_exactly_the_bought_list_within_about_an_hour(spam):
    send_log, bought = spam["send_log"], spam["bought_list"]
    assert len(send_log) == len(bought)
    assert sorted(send_log["contact_id"]) == sorted(bought["contact_id"])
    merged = send_log.merge(bought[["contact_id", "email"]], on="contact_id", suffixes=("", "_bought"))
    assert (merged["email"] == merged["email_bought"]).all()
    assert set(send_log["status"]) == {"delivered", "hard_bounce", "soft_bounce"}
    duration = send_log["sent_at"].max() - send_log["sent_at"].min()
    assert pd.Timedelta(minutes=45) <= duration <= pd.Timedelta(minutes=75)
    assert send_log["sent_at"].dt.normalize().nunique() == 1  # one morning


def test_bounce_rates_are_those_of_a_stale_bought_list(spam):
    shares = spam["send_log"]["status"].value_counts(normalize=True)
    assert 0.025 <= shares["hard_bounce"] <= 0.035
    assert 0.01 <= shares["soft_bounce"] <= 0.015


def test_the_complaint_rate_is_far_above_gmails_limit(spam):
    responses = spam["responses"]
    complaints = (responses["kind"] == "spam_complaint").sum()
    rate = complaints / len(_delivered(spam))
    assert rate > 0.01 and rate > 3 * GMAIL_LIMIT
    unsubscribes = (responses["kind"] == "unsubscribe").sum()
    assert 0.01 <= unsubscribes / len(_delivered(spam)) <= 0.06


def test_responses_come_only_from_delivered_addresses_after_their_send(spam):
    responses = spam["responses"]
    assert set(responses["kind"]) == set(bulk_spam.KINDS)
    assert responses["excerpt"].notna().all()
    sent = responses.merge(_delivered(spam)[["email", "sent_at"]], on="email", how="left")
    assert sent["sent_at"].notna().all(), "a response from an address that was not delivered to"
    assert (sent["received_at"] > sent["sent_at"]).all()
    assert (sent["received_at"] < spam["send_log"]["sent_at"].min() + pd.Timedelta(hours=24)).all()


def test_at_most_one_complaint_per_address(spam):
    complaints = spam["responses"].query("kind == 'spam_complaint'")
    assert complaints["email"].is_unique


def test_the_backlash_is_worst_in_the_first_hours(spam):
    responses = spam["responses"]
    hour = (responses["received_at"] - spam["send_log"]["sent_at"].min()) // pd.Timedelta(hours=1)
    complaints = hour[responses["kind"] == "spam_complaint"]
    assert complaints.between(0, 2).sum() > 3 * complaints.between(12, 14).sum()
    assert complaints.between(0, 2).sum() > complaints.between(3, 23).sum()
    out_of_office = hour[responses["kind"] == "out_of_office"]
    assert (out_of_office <= 1).all(), "auto-replies come within minutes of each send"


def test_some_genuine_subscribers_complained_or_unsubscribed(spam):
    responses = spam["responses"]
    genuine = responses["email"].isin(spam["subscribers"]["email"])
    leaving = responses["kind"].isin(["spam_complaint", "unsubscribe"])
    assert (genuine & leaving).sum() >= 5


def test_generate_is_deterministic_and_the_seed_matters():
    first, again = bulk_spam.generate(), bulk_spam.generate()
    for name in bulk_spam.TABLES:
        pd.testing.assert_frame_equal(first[name], again[name])
    other = bulk_spam.generate(bulk_spam.SEED + 1)
    assert not other["responses"].equals(first["responses"])


# ---- scenario 02: the wrong-year attachment ----

WRONG_YEAR = "02-wrong-year-attachment"
KEY_THRESHOLD = 0.10  # the course's materiality threshold: 10% of last year's figure


@pytest.fixture(scope="module")
def report() -> dict[str, pd.DataFrame]:
    return {name: data.load(WRONG_YEAR, name) for name in data.tables(WRONG_YEAR)}


def _compared(report) -> pd.DataFrame:
    """The diff learners make: this year against last year, merged on line_id."""
    both = report["report_this_year"].merge(
        report["report_last_year"], on="line_id", suffixes=("_this", "_last"), validate="one_to_one"
    )
    both["difference"] = both["amount_this"] - both["amount_last"]
    both["relative"] = both["difference"] / both["amount_last"]
    return both


def test_both_years_hold_the_same_240_lines(report):
    this, last = report["report_this_year"], report["report_last_year"]
    assert len(this) == len(last) == 5 * 4 * 12
    assert this["line_id"].is_unique and last["line_id"].is_unique
    assert sorted(this["line_id"]) == sorted(last["line_id"])
    assert set(this["quarter"]) == {"Q1", "Q2", "Q3", "Q4"}
    assert set(this["line_item"]) == set(wrong_year.LINE_ITEMS)
    for frame in (this, last):
        assert pd.api.types.is_integer_dtype(frame["amount"]) and (frame["amount"] > 0).all()
        assert frame.groupby(["region", "quarter", "line_item"]).size().eq(1).all()
    # the key carries its region, quarter and line item, the same in both years
    both = _compared(report)
    for column in ("region", "quarter", "line_item"):
        assert (both[f"{column}_this"] == both[f"{column}_last"]).all()


def test_year_columns_are_this_year_and_last_year(report):
    assert set(report["report_this_year"]["year"]) == {wrong_year.THIS_YEAR} == {2025}
    assert set(report["report_last_year"]["year"]) == {wrong_year.LAST_YEAR} == {2024}
    assert set(report["attachment_sent"]["year"]) == {wrong_year.LAST_YEAR}


def test_the_attachment_is_last_years_report_under_this_years_name(report):
    pd.testing.assert_frame_equal(report["attachment_sent"], report["report_last_year"])
    assert str(wrong_year.THIS_YEAR) in wrong_year.SENT_FILE_NAME
    assert str(wrong_year.LAST_YEAR) not in wrong_year.SENT_FILE_NAME
    assert not report["attachment_sent"].equals(report["report_this_year"])


def test_most_figures_differ_a_little(report):
    both = _compared(report)
    assert 1 <= (both["difference"] == 0).sum() <= 2
    assert (both["relative"].abs() <= 0.065).sum() >= 0.9 * len(both)


def test_a_handful_of_figures_are_material_with_a_clear_gap_around_10_percent(report):
    size = _compared(report)["relative"].abs()
    material = size > KEY_THRESHOLD
    assert 6 <= material.sum() <= 12
    assert not size.between(0.07, 0.18, inclusive="neither").any(), "a borderline change near the threshold"
    assert (size[material] > 0.20).all()
    relative = _compared(report)["relative"]
    assert (relative > KEY_THRESHOLD).sum() >= 2 and (relative < -KEY_THRESHOLD).sum() >= 2  # up and down


def test_the_largest_absolute_and_relative_differences_are_on_different_lines(report):
    both = _compared(report).set_index("line_id")
    largest_absolute = both["difference"].abs().idxmax()
    largest_relative = both["relative"].abs().idxmax()
    assert largest_absolute != largest_relative
    # each is a clear winner, not a near tie
    absolute = both["difference"].abs().sort_values(ascending=False)
    relative = both["relative"].abs().sort_values(ascending=False)
    assert absolute.iloc[0] > 1.5 * absolute.iloc[1]
    assert relative.iloc[0] > 1.2 * relative.iloc[1]
    assert abs(both.loc[largest_absolute, "relative"]) > KEY_THRESHOLD  # a material line too


def test_the_timeline_holds_only_what_the_sender_could_see(report):
    """Issue 16 (C5): the client's internal email about Thursday's budget meeting is gone, so how the
    figures are being used is something the learner must ask the client, not read off the data."""
    timeline = report["timeline"]
    assert 3 <= len(timeline) <= 6
    assert timeline["at"].is_monotonic_increasing
    assert set(timeline["who"]) == {"you", "client", "client's finance lead"}
    assert timeline["event"].str.contains("budget|meeting|Thursday", case=False).sum() == 0

    def when(text: str) -> pd.Timestamp:
        rows = timeline[timeline["event"].str.contains(text, regex=False)]
        assert len(rows) == 1, text
        return rows["at"].iat[0]

    sent, noticed = when("sent the"), when("noticed")
    passed_on = when("passed it on to our finance lead")
    assert wrong_year.SENT_FILE_NAME in timeline["event"].iat[0] and timeline["at"].iat[0] == sent
    # everything but your own actions reached you: replies and emails to you
    assert timeline.loc[timeline["who"] != "you", "event"].str.match(r"(replied to you|emailed you)").all()
    assert sent < passed_on < noticed, "the figures had already reached the finance lead"
    assert pd.Timedelta(hours=18) <= noticed - sent <= pd.Timedelta(hours=30)  # about a day later


def test_the_past_reports_show_a_pattern_caught_by_a_review_that_stopped(report):
    """The reflection "one-off or pattern?" is decided from these: three of eight earlier files held
    another quarter's figures; the manager's review caught two before sending, and the one sent
    after the reviews stopped reached the client."""
    past = report["past_reports"]
    assert len(past) == 8 and past["period"].is_unique and past["sent_at"].is_monotonic_increasing
    assert (past["file_name"] == "client-report-" + past["period"] + ".csv").all()
    slipped = past[past["figures_in_file"] != past["period"]]
    assert len(slipped) == 3
    assert (slipped["figures_in_file"] < slipped["period"]).all(), "each time an earlier period's file"
    assert slipped["when_caught"].tolist() == ["before sending", "before sending", "after sending"]
    assert set(slipped.loc[slipped["when_caught"] == "before sending", "reviewed_by"]) == {"your manager"}
    assert slipped["caught_by"].iat[-1] == "the client" and slipped["reviewed_by"].iat[-1] == "nobody"
    assert past.loc[past["figures_in_file"] == past["period"], "caught_by"].isna().all()


def test_wrong_year_generate_is_deterministic_and_the_seed_matters():
    first, again = wrong_year.generate(), wrong_year.generate()
    for name in wrong_year.TABLES:
        pd.testing.assert_frame_equal(first[name], again[name])
    other = wrong_year.generate(wrong_year.SEED + 1)
    assert not other["report_this_year"].equals(first["report_this_year"])


# ---- the loader ----


def test_loader_parses_every_date_column_as_datetime():
    for scenario in data.scenarios():
        module = GENERATORS[scenario]
        for table in data.tables(scenario):
            frame = data.load(scenario, table)
            for column in module.DATE_COLUMNS[table]:
                assert pd.api.types.is_datetime64_any_dtype(frame[column]), f"{scenario}/{table}.{column}"


def test_loader_names_the_valid_choices_in_one_line_on_a_wrong_name():
    with pytest.raises(ValueError) as wrong_scenario:
        data.load("01-bulk-spma", "responses")
    message = str(wrong_scenario.value)
    assert "\n" not in message and all(name in message for name in data.scenarios())

    with pytest.raises(ValueError) as wrong_table:
        data.load("01-bulk-spam", "reponses")
    message = str(wrong_table.value)
    assert "\n" not in message and all(name in message for name in data.tables("01-bulk-spam"))

    with pytest.raises(ValueError):
        data.tables("no-such-scenario")


def test_loader_gives_a_fresh_frame_each_time():
    first = data.load("01-bulk-spam", "responses")
    first.drop(first.index, inplace=True)
    assert len(data.load("01-bulk-spam", "responses")) > 0


# ---- 03-premature-send ----------------------------------------------------------------------

from course.scenarios import premature_send  # noqa: E402


@pytest.fixture(scope="module")
def premature():
    return {t: data.load("03-premature-send", t) for t in data.tables("03-premature-send")}


def test_premature_send_the_draft_is_half_written_with_a_swapped_fee(premature):
    right, wrong = premature_send.fee()
    draft = premature["sent_draft"]["text"]
    assert str(wrong // 1000) == str(right // 1000)[::-1] and wrong > right  # swapped, and higher
    assert draft.str.contains(f"£{wrong:,}", regex=False).sum() == 1
    assert not draft.str.contains(f"£{right:,}", regex=False).any()
    assert draft.str.contains("Sam").any() and draft.str.startswith("TODO").any()  # internal notes
    assert (~draft.str.rstrip().str[-1].isin(list(".,?!)"))).sum() >= 3  # unfinished sentences
    notes = premature["writer_notes"]["note"]
    assert notes.str.contains(f"£{right:,}", regex=False).any()


@pytest.mark.parametrize("seed", [premature_send.SEED, 1, 2, 3, 12345])
def test_premature_send_undo_and_recall_cannot_help_whatever_the_seed(seed):
    base = premature_send.generate(seed)["timeline"]
    assert base["event"].iloc[-1].startswith("noticed")  # the base ends where the decision is due
    timeline = premature_send.generate(seed, next_move="wait")["timeline"]  # what waiting brings
    assert timeline.iloc[: len(base)].equals(base)
    sent = timeline.loc[timeline["event"].str.contains("draft was sent"), "at"].iloc[0]
    noticed = timeline.loc[timeline["event"].str.startswith("noticed"), "at"].iloc[0]
    opened = timeline.loc[timeline["event"].str.contains("opened"), "at"].iloc[0]
    assert (noticed - sent).total_seconds() > premature_send.UNDO_SECONDS
    assert noticed < opened  # a prompt follow-up could still arrive before the client reads on
    assert timeline["at"].is_monotonic_increasing
    right, wrong = premature_send.fee(seed)
    assert wrong > right
    reply = timeline["event"].iloc[-1]
    assert f"£{wrong:,}" in reply and "Sam" in reply


def test_premature_send_recall_reaches_only_the_senders_own_organisation(premature):
    setup = dict(zip(premature["mail_setup"]["setting"], premature["mail_setup"]["value"]))
    assert "external" in setup["recipient"]
    assert setup["your organisation"] in setup["message recall"]
    assert setup["undo send window"] == f"{premature_send.UNDO_SECONDS} seconds"
