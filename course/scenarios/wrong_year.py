"""Scenario 02, the wrong-year attachment: last year's figures sent under this year's file name.

The story (an Inc. article's second case, "top 5 strategies" for handling the aftermath of a mistake): an analyst sends a
client the 2025 annual report, but the file attached, named :data:`SENT_FILE_NAME`
(``client-report-2025.csv``), holds the 2024 figures. The client answers that they have passed it
on to their finance lead, and the finance lead writes that they may have questions later in the
week. The analyst notices about a day after sending. The real case left no data, and a client's
accounts would be confidential, so this module makes the figures up.

The tables: ``report_this_year`` (what should have been sent), ``report_last_year`` (the same
240 line items a year earlier, keyed by the same ``line_id``), ``attachment_sent`` (exactly what
went out: last year's rows, ``year`` 2024, under this year's file name), ``timeline`` (what the
analyst can see happened since) and ``past_reports`` (the analyst's last eight quarterly reports
to this client: which period's figures the file first attached held, and who caught a wrong one).

Why these numbers: they are set so that the analysis the notebook asks for tells the story's
truth, which is the article's first step, "assess the damage". Most figures moved a little
between the years (within about 6%), two did not move at all (a fixed rent), and a handful moved
a lot (more than 22% up or down), so any materiality threshold the learner can defend from the
spread (10% is the course's) separates them with no borderline case: no line changed by between
7% and 18%. The largest difference in currency (a regional revenue line) and the largest relative
difference (a small cost that doubled) are on different lines, so a learner who looks at only one
of them misses the other.

What the timeline holds, and what it does not: only what the analyst could see (their own send,
the client's reply, the finance lead's note). How the client is using the figures (a budget
meeting on Thursday) is in none of it: finding that out means asking the client, which is part
of assessing the damage. The past reports are there for the reflection "one-off or pattern?":
three of the eight held another quarter's figures, two caught by the manager's review before
sending, one by the client after the reviews stopped, so the history answers "a pattern" and
shows which check had been catching it.

The decision (:data:`DECISIONS`, ``wrong-first-move``): on Tuesday at 09:30, with the right file
on the desktop, what does the analyst do? Call the client first and correct everyone who holds the
file; email the right file quietly to the finance lead alone; or recall Monday's email and resend.
What follows is in two tables the base does not know: the ``timeline`` runs on to Friday, and
``budget_meeting`` (empty in the base: the meeting has not happened) is the budget sheet of
Thursday's meeting, one row per region: the 2025 revenue on the sheet and the 2026 target the
meeting set, :data:`TARGET_GROWTH` above it, rounded to :data:`TARGET_ROUNDING`. Only the call
puts the right figures on the sheet; on the other branches it holds last year's, so the targets
ask for less growth than the meeting meant, which is the follow-up question's figure.

Timestamps are naive, in the one time zone the whole story happens in: plain ISO 8601 text
(``2026-01-19T09:40:00``) in the CSVs. The timeline and the past reports are fixed, not drawn:
they are the story, and the notebook's questions about them have one answer.

Deterministic on purpose: one ``numpy.random.default_rng(seed)`` stream drawn in a fixed order,
no iteration over sets, nothing from the clock, locale or time zone, so :func:`write` gives the
same bytes on every machine and the committed CSVs can be checked by regenerating them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .branching import Branch, DecisionPoint
from .csv_tables import TIME_FORMAT, write_tables

__all__ = [
    "SEED",
    "TABLES",
    "DATE_COLUMNS",
    "THIS_YEAR",
    "LAST_YEAR",
    "SENT_FILE_NAME",
    "MATERIALITY",
    "DECISIONS",
    "generate",
    "write",
]

SEED = 20260119  # the day the report went out: Monday 19 January 2026

TABLES = ("report_this_year", "report_last_year", "attachment_sent", "timeline", "past_reports", "budget_meeting")
# Which columns load() parses as datetimes, per table. Explicit, so no guessing from the text.
DATE_COLUMNS: dict[str, list[str]] = {
    "report_this_year": [],
    "report_last_year": [],
    "attachment_sent": [],
    "timeline": ["at"],
    "past_reports": ["sent_at"],
    "budget_meeting": [],
}

THIS_YEAR = 2025  # the year the annual report is about; it goes out in January 2026
LAST_YEAR = THIS_YEAR - 1
SENT_FILE_NAME = f"client-report-{THIS_YEAR}.csv"  # the name on the attachment; its rows are LAST_YEAR's
MATERIALITY = 0.10  # the course's key threshold: a change of more than 10% of last year's figure

# ---- the report's shape: 5 regions x 4 quarters x 12 line items = 240 figures a year ----

REGIONS = ("North", "South", "East", "West", "Central")
REGION_SCALE = (1.0, 0.8, 1.25, 0.65, 1.45)  # how big each region's business is, North = 1
QUARTERS = ("Q1", "Q2", "Q3", "Q4")
SEASON = (0.92, 1.0, 0.95, 1.13)  # a strong fourth quarter, for the lines that follow sales

# Quarterly amount for a region of scale 1, in whole currency units; Cost of sales is a share of
# Revenue instead. Seasonal lines follow sales through the year; the others are flat.
LINE_ITEMS = (
    "Revenue", "Cost of sales", "Salaries", "Marketing", "Travel", "Software",
    "Rent", "Utilities", "Training", "Consulting", "Equipment", "Other income",
)  # fmt: skip
BASE = {
    "Revenue": 1_800_000, "Salaries": 520_000, "Marketing": 95_000, "Travel": 28_000, "Software": 42_000,
    "Rent": 64_000, "Utilities": 11_500, "Training": 14_000, "Consulting": 48_000, "Equipment": 26_000,
    "Other income": 9_000,
}  # fmt: skip
SEASONAL = ("Revenue", "Cost of sales", "Marketing", "Travel")
COST_OF_SALES_SHARE = (0.42, 0.50)  # of the same quarter's revenue
NOISE_SIGMA = 0.07  # lognormal spread of a line around its expected size

# ---- how this year differs from last year ----

SMALL_MOVE = (0.004, 0.06)  # most lines: a change of 0.4% to 6%, either way ...
SMALL_MOVE_UP = 0.65  # ... up more often than down
UNCHANGED = 2  # rent lines on a fixed lease: the same figure both years
# A handful of lines moved a lot: one revenue line (the largest difference in currency), and some
# small costs, one of which roughly doubled (the largest relative difference).
N_SMALL_MATERIAL = (6, 9)  # drawn in this range, both ends included; plus the revenue line
SMALL_MATERIAL_ITEMS = ("Marketing", "Travel", "Software", "Utilities", "Training", "Consulting", "Equipment",
                        "Other income")  # fmt: skip
BIG_MOVE = (0.22, 0.32)  # the revenue line, either way
MATERIAL_UP = (0.22, 0.75)
MATERIAL_DOWN = (0.22, 0.50)
LARGEST_UP = (0.95, 1.40)  # the one that doubled: above every other relative change by construction

# ---- the story's timeline: fixed, see the module docstring ----

TIMELINE = (
    ("2026-01-19T09:40:00", "you", f"sent the {THIS_YEAR} annual report to the client, attachment {SENT_FILE_NAME}"),
    ("2026-01-19T10:32:00", "client", "replied to you: “Thanks! I've passed it on to our finance lead.”"),
    (
        "2026-01-19T16:20:00",
        "client's finance lead",
        "emailed you: “Got the report, thanks. I may have questions on the Central region later this week.”",
    ),
    ("2026-01-20T09:20:00", "you", f"noticed that {SENT_FILE_NAME} holds last year's ({LAST_YEAR}) figures"),
)

# ---- the last eight quarterly reports to this client: fixed, see the module docstring ----
# period, when it went out, the file's name, which period's figures the file first attached held,
# who reviewed it before sending, who caught a wrong file ("" when there was none) and when.
PAST_REPORTS = (
    ("2023-Q4", "2024-01-16T10:10:00", "client-report-2023-Q4.csv", "2023-Q4", "your manager", "", ""),
    ("2024-Q1", "2024-04-15T09:50:00", "client-report-2024-Q1.csv", "2024-Q1", "your manager", "", ""),
    ("2024-Q2", "2024-07-16T11:05:00", "client-report-2024-Q2.csv", "2024-Q1", "your manager", "your manager",
     "before sending"),
    ("2024-Q3", "2024-10-15T10:20:00", "client-report-2024-Q3.csv", "2024-Q3", "your manager", "", ""),
    ("2024-Q4", "2025-01-14T09:45:00", "client-report-2024-Q4.csv", "2024-Q3", "your manager", "your manager",
     "before sending"),
    ("2025-Q1", "2025-04-15T10:30:00", "client-report-2025-Q1.csv", "2025-Q1", "nobody", "", ""),
    ("2025-Q2", "2025-07-15T09:55:00", "client-report-2025-Q2.csv", "2025-Q2", "nobody", "", ""),
    ("2025-Q3", "2025-10-14T10:15:00", "client-report-2025-Q3.csv", "2025-Q2", "nobody", "the client",
     "after sending"),
)
# ---- the decision on Tuesday morning (content: course.scenarios.branching) ----

TARGET_GROWTH = 0.07  # Thursday's meeting sets each region's 2026 revenue target 7% above its 2025 revenue ...
TARGET_ROUNDING = 10_000  # ... rounded to the nearest 10,000

# What the analyst can see after each first move, Tuesday 09:30 to Friday: fixed, the story.
AFTER = {
    "client-first": (
        ("2026-01-20T09:35:00", "you", "told your manager, who agrees you handle it with the client"),
        ("2026-01-20T09:40:00", "you", "called the client: Monday's file holds 2024 figures, my mistake; "
                                       "checked figures by 15:00"),
        ("2026-01-20T09:40:00", "client", "on the call: “Our finance lead is putting them into Thursday's "
                                          "budget meeting.”"),
        ("2026-01-20T10:05:00", "you", "emailed the client and the finance lead a short note: please do not use "
                                       "Monday's figures"),
        ("2026-01-20T14:50:00", "you", "sent the client and the finance lead the corrected 2025 report, "
                                       "material lines first"),
        ("2026-01-20T15:35:00", "client's finance lead", "replied: “Swapped in. Thanks for flagging it so fast.”"),
        ("2026-01-22T16:10:00", "client", "emailed: “The budget meeting went fine. Here is the budget sheet. "
                                          "Thanks for the quick warning.”"),
    ),
    "quiet-fix": (
        ("2026-01-20T09:35:00", "you", "emailed the finance lead alone client-report-2025-v2.csv: "
                                       "“Updated version attached.”"),
        ("2026-01-23T11:05:00", "client's finance lead", "emailed: “Your v2 file doesn't match what we budgeted "
                                                         "on yesterday. Which is right? Our budget sheet is attached.”"),
        ("2026-01-23T11:40:00", "client", "called you: “Our budget meeting ran on last year's numbers, and I'm "
                                          "hearing it from my finance lead?”"),
    ),
    "recall-resend": (
        ("2026-01-20T09:35:00", "you", f"recalled Monday's email and sent {SENT_FILE_NAME} again, "
                                       "with this year's figures and no note"),
        ("2026-01-20T09:36:00", "Outlook", "recall failed for the client's address: it is outside your "
                                           "organisation"),
        ("2026-01-23T11:05:00", "client's finance lead", "emailed: “The file we budgeted on yesterday doesn't match "
                                                         "your second one. Which is right? Our budget sheet is attached.”"),
        ("2026-01-23T11:40:00", "client", "called you: “You recalled it and sent it again without a word, and our "
                                          "budget meeting ran on last year's numbers?”"),
    ),
}

DECISIONS = (
    DecisionPoint(
        id="wrong-first-move",
        tables=("timeline", "budget_meeting"),
        branches=(
            Branch(
                name="client-first",
                option="Call the client now, then correct everyone who received the file",
                params={"move": "client-first"},
                consequence=(
                    "You tell your manager, then call the client at 09:40. She thanks you for catching "
                    "it, and tells you what you could not see: her finance lead is putting the figures "
                    "into Thursday's budget meeting. You send both of them a short note at 10:05 and the checked figures at "
                    "14:50.\n\nOn Thursday afternoon the client emails you the meeting's budget sheet. "
                    "The timeline and the budget sheet below now run to Friday."
                ),
            ),
            Branch(
                name="quiet-fix",
                option="Email the right file to the finance lead alone, as an updated version",
                params={"move": "quiet-fix"},
                consequence=(
                    "At 09:35 you email the finance lead the right file, “Updated version attached.”, "
                    "and say nothing to the client. No reply comes.\n\nOn Friday morning the finance "
                    "lead writes: Thursday's budget meeting ran on the file the client forwarded on "
                    "Monday, and your new one does not match it. Half an hour later the client calls. "
                    "The timeline and the meeting's budget sheet below now run to Friday."
                ),
            ),
            Branch(
                name="recall-resend",
                option="Recall Monday's email in Outlook, then send the right file in its place",
                params={"move": "recall-resend"},
                consequence=(
                    "At 09:35 you recall Monday's email and send the file again, with no note. A minute "
                    "later Outlook reports that the recall failed: the client's address is outside your "
                    "organisation. The finance lead's forwarded copy is untouched.\n\nOn Friday morning "
                    "the finance lead writes: Thursday's budget meeting ran on Monday's file. Half an "
                    "hour later the client calls. The timeline and the meeting's budget sheet below now "
                    "run to Friday."
                ),
            ),
        ),
    ),
)

PAST_COLUMNS = ["period", "sent_at", "file_name", "figures_in_file", "reviewed_by", "caught_by", "when_caught"]


def generate(seed: int = SEED, *, move: str | None = None) -> dict[str, pd.DataFrame]:
    """The scenario's six tables, keyed by name in :data:`TABLES` order, with datetime columns.

    ``move``: the analyst's first move on Tuesday (a branch of :data:`DECISIONS`): the timeline
    runs on to Friday with what it led to, and ``budget_meeting`` holds Thursday's budget sheet.
    None (the base): the case as it stands when the decision is due, the meeting still ahead."""
    rng = np.random.default_rng(seed)
    last = _last_year(rng)
    this = _this_year(rng, last)
    # last year's file was laid out by line item, this year's by region: the rows do not line up,
    # so comparing the years takes a merge on line_id, as it would with real exports
    last = last.sort_values(["line_item", "region", "quarter"], kind="stable").reset_index(drop=True)
    timeline = pd.DataFrame(TIMELINE, columns=["at", "who", "event"])
    timeline["at"] = pd.to_datetime(timeline["at"], format=TIME_FORMAT)
    past = pd.DataFrame(PAST_REPORTS, columns=PAST_COLUMNS)
    past["sent_at"] = pd.to_datetime(past["sent_at"], format=TIME_FORMAT)
    meeting = pd.DataFrame({"region": pd.Series(dtype=str), "revenue_2025": pd.Series(dtype=np.int64),
                            "target_2026": pd.Series(dtype=np.int64)})
    if move is not None:
        after = pd.DataFrame(AFTER[move], columns=["at", "who", "event"])
        after["at"] = pd.to_datetime(after["at"], format=TIME_FORMAT)
        timeline = pd.concat([timeline, after], ignore_index=True)
        meeting = _budget_meeting(this if move == "client-first" else last)
    return {
        "report_this_year": this,
        "report_last_year": last,
        "attachment_sent": last.copy(),  # what went out: last year's rows, exactly
        "timeline": timeline,
        "past_reports": past,
        "budget_meeting": meeting,
    }


def _budget_meeting(sheet: pd.DataFrame) -> pd.DataFrame:
    """Thursday's budget sheet from the report it was built on: per region, the 2025 revenue and the target."""
    revenue = sheet[sheet["line_item"] == "Revenue"].groupby("region", sort=False)["amount"].sum()
    revenue = revenue.reindex(list(REGIONS)).astype(np.int64)
    target = (np.round(revenue.to_numpy() * (1 + TARGET_GROWTH) / TARGET_ROUNDING) * TARGET_ROUNDING).astype(np.int64)
    return pd.DataFrame({"region": list(REGIONS), "revenue_2025": revenue.to_numpy(), "target_2026": target})


def write(folder: Path, seed: int = SEED) -> list[Path]:
    """Write each table as ``<name>.csv`` into folder (created if missing); return the paths."""
    return write_tables(generate(seed), folder)


# ---- last year: the figures that were sent ----


def _last_year(rng: np.random.Generator) -> pd.DataFrame:
    """240 quarterly figures, in region, quarter, line item order, with ``year`` = :data:`LAST_YEAR`."""
    rows = []
    for region, scale in zip(REGIONS, REGION_SCALE):
        # A lease is the same every quarter, in round hundreds.
        rent = int(round(BASE["Rent"] * scale * rng.lognormal(0.0, NOISE_SIGMA), -2))
        for quarter, season in zip(QUARTERS, SEASON):
            noise = rng.lognormal(0.0, NOISE_SIGMA, size=len(LINE_ITEMS))
            share = rng.uniform(*COST_OF_SALES_SHARE)
            amounts: dict[str, float] = {}
            for item, wobble in zip(LINE_ITEMS, noise):
                if item == "Cost of sales":
                    amounts[item] = amounts["Revenue"] * share
                elif item == "Rent":
                    amounts[item] = rent
                else:
                    amounts[item] = BASE[item] * scale * (season if item in SEASONAL else 1.0) * wobble
            for item in LINE_ITEMS:
                rows.append(
                    (_line_id(region, quarter, item), LAST_YEAR, region, quarter, item, int(round(amounts[item])))
                )
    table = pd.DataFrame(rows, columns=["line_id", "year", "region", "quarter", "line_item", "amount"])
    table["amount"] = table["amount"].astype(np.int64)
    return table


def _line_id(region: str, quarter: str, item: str) -> str:
    """``NORTH-Q1-REVENUE``, ``EAST-Q3-COST-OF-SALES``: the same line in every year's report."""
    return f"{region}-{quarter}-{item}".upper().replace(" ", "-")


# ---- this year: what should have been sent ----


def _this_year(rng: np.random.Generator, last: pd.DataFrame) -> pd.DataFrame:
    """Last year's lines with this year's figures: most a little different, a handful very different."""
    n = len(last)
    amounts = last["amount"].to_numpy(dtype=np.float64)
    items = last["line_item"].to_numpy()

    # Most lines: a small move either way.
    size = rng.uniform(*SMALL_MOVE, size=n)
    change = np.where(rng.random(n) < SMALL_MOVE_UP, size, -size)

    # The small costs that moved a lot: one roughly doubled, the others split between up and down.
    pool = np.flatnonzero(np.isin(items, SMALL_MATERIAL_ITEMS))
    n_small = int(rng.integers(N_SMALL_MATERIAL[0], N_SMALL_MATERIAL[1] + 1))
    small = rng.choice(pool, size=n_small, replace=False)
    change[small[0]] = rng.uniform(*LARGEST_UP)
    rest = small[1:]
    down = rng.permutation(np.arange(len(rest)) < (len(rest) + 1) // 2)  # half down, rounded up
    change[rest] = np.where(
        down, -rng.uniform(*MATERIAL_DOWN, size=len(rest)), rng.uniform(*MATERIAL_UP, size=len(rest))
    )

    # The revenue line that moved a lot: one big enough that its difference in currency beats every
    # other line's, whatever the draw, so the largest absolute difference is never the doubled cost.
    others = np.abs(change * amounts).max()
    revenue = np.flatnonzero((items == "Revenue") & (amounts * BIG_MOVE[0] > others * 1.05))
    big = int(rng.choice(revenue))
    change[big] = rng.uniform(*BIG_MOVE) * (1 if rng.random() < 0.5 else -1)

    # Rent on a fixed lease: a couple of lines that did not change at all.
    rent = np.flatnonzero(items == "Rent")
    change[rng.choice(rent, size=UNCHANGED, replace=False)] = 0.0

    table = last.copy()
    table["year"] = THIS_YEAR
    table["amount"] = np.round(amounts * (1.0 + change)).astype(np.int64)
    return table
