"""Scenario 03, the premature send: a half-written email to an important client.

The story (an Inc. article's first case, "top 5 strategies" for handling the aftermath of a mistake): an account manager
is drafting a contract-renewal proposal to an important client, with the client's address already
in the To: line. A call comes in; switching windows, they press Ctrl+Enter and the draft goes out
half-written: some sentences unfinished, the fee with two digits swapped, and two notes meant only
for colleagues. The mail client's undo-send window is 10 seconds; by the time they notice, it has
long closed, and recall works only inside their own organisation, so it cannot reach the client.

The tables: ``sent_draft`` (the email as sent, one row per sentence), ``writer_notes`` (what the
complete email was meant to say), ``timeline`` (who did what, when) and ``mail_setup`` (the
settings that decide whether undo or recall could still help).

What the seed decides: the annual fee (and so the wrong figure, its first two digits swapped) and
the gaps between the events. Whatever the seed, the story's facts hold and the tests check them:
the mistake is noticed after the undo window has closed, the client opens the email before any
follow-up could arrive, and the client's reply asks about the wrong figure and the internal note.
Which sentence is unfinished, wrong, internal or fine is the learner's question, so it is not
stored anywhere in the data.

Timestamps are naive local time (``2026-02-10T14:26:31``); one ``numpy.random.default_rng(seed)``
stream drawn in a fixed order, so :func:`write` gives the same bytes on every machine.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .csv_tables import write_tables

__all__ = ["SEED", "TABLES", "DATE_COLUMNS", "UNDO_SECONDS", "CLIENT", "generate", "write", "fee"]

SEED = 20260210  # the afternoon it happened: Tuesday 10 February 2026
TABLES = ("sent_draft", "writer_notes", "timeline", "mail_setup")
DATE_COLUMNS: dict[str, list[str]] = {"sent_draft": [], "writer_notes": [], "timeline": ["at"], "mail_setup": []}

UNDO_SECONDS = 10
CLIENT = "Dana Whitfield"
CLIENT_ADDRESS = "dana.whitfield@harbourline.example"
SENDER_DOMAIN = "brightside.example"
START = pd.Timestamp("2026-02-10T14:02:10")


def fee(seed: int = SEED) -> tuple[int, int]:
    """The right annual fee and the wrong one that was sent (its first two digits swapped)."""
    rng = np.random.default_rng(seed)
    return _fee(rng)


def _fee(rng: np.random.Generator) -> tuple[int, int]:
    # the first digit below the second: the swap then sends a higher fee, as the client's reply says
    tens = [t for t in range(42, 69) if t // 10 < t % 10]
    right = int(rng.choice(tens))
    wrong = (right % 10) * 10 + right // 10
    return right * 1000, wrong * 1000


def generate(seed: int = SEED) -> dict[str, pd.DataFrame]:
    """The scenario's four tables, keyed by name in :data:`TABLES` order."""
    rng = np.random.default_rng(seed)
    right, wrong = _fee(rng)
    sentences = [
        f"Hi {CLIENT.split()[0]},",
        "Thanks again for meeting us on Thursday; it was good to hear how the new depots are going.",
        "As promised, here is our proposal for renewing the analytics contract for 2026-27.",
        f"The annual fee would be £{wrong:,}, payable quarterly.",
        "The new route dashboard would",
        "(Check with Sam whether we can still go lower, they pushed back hard on price last year.)",
        "We could also include two training days for",
        "TODO: attach the two case studies before sending",
        "Let me know if you have any questions.",
        "Looking forward to",
    ]
    sent_draft = pd.DataFrame({"sentence_no": range(1, len(sentences) + 1), "text": sentences})

    notes = [
        f"fee: £{right:,} a year, payable quarterly (same as agreed at the meeting)",
        "route dashboard: live from 1 April, built with their operations team",
        "two training days for their planners included at no extra cost",
        "attach the two case studies (regional depots, cold chain)",
        "decision needed by 27 February to keep the April start",
        "offer a call with Dana to walk through the proposal",
    ]
    writer_notes = pd.DataFrame({"point_no": range(1, len(notes) + 1), "note": notes})

    drafting = int(rng.integers(14, 20) * 60 + rng.integers(0, 60))   # seconds writing before the call
    call = int(rng.integers(4, 8) * 60 + rng.integers(0, 60))          # the call, draft still open
    noticed = int(rng.integers(90, 240))                                # well past the 10 s undo window
    opened = noticed + int(rng.integers(3, 7) * 60)                     # the client reads it first
    replied = opened + int(rng.integers(6, 12) * 60)
    sent_at = START + pd.Timedelta(seconds=drafting + call)
    events = [
        (START, "you", f"started drafting the renewal proposal, with {CLIENT_ADDRESS} already in To:"),
        (START + pd.Timedelta(seconds=drafting), "you", "took a call from your manager, draft still open"),
        (sent_at, "you", "pressed Ctrl+Enter while switching windows: the draft was sent"),
        (sent_at + pd.Timedelta(seconds=UNDO_SECONDS), "mail system",
         f"undo-send window ({UNDO_SECONDS} s) closed; message delivered to harbourline.example"),
        (sent_at + pd.Timedelta(seconds=noticed), "you", "noticed the half-written draft in Sent items"),
        (sent_at + pd.Timedelta(seconds=opened), "client", f"{CLIENT} opened the email"),
        (sent_at + pd.Timedelta(seconds=replied), "client",
         f"{CLIENT} replied: is £{wrong:,} right? That is well above what we discussed. And who is Sam?"),
    ]
    timeline = pd.DataFrame(events, columns=["at", "who", "event"])

    mail_setup = pd.DataFrame(
        [
            ("recipient", f"{CLIENT_ADDRESS} (external: another organisation)"),
            ("your organisation", SENDER_DOMAIN),
            ("undo send window", f"{UNDO_SECONDS} seconds"),
            ("message recall", f"only for recipients inside {SENDER_DOMAIN}"),
            ("scheduled send", "available, not used"),
            ("review step before sending", "none"),
        ],
        columns=["setting", "value"],
    )
    return {"sent_draft": sent_draft, "writer_notes": writer_notes, "timeline": timeline, "mail_setup": mail_setup}


def write(folder: Path, seed: int = SEED) -> list[Path]:
    """Write each table as ``<name>.csv`` into folder (created if missing); return the paths."""
    return write_tables(generate(seed), folder)
