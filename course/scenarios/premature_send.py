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
the mistake is noticed after the undo window has closed, and the client opens the half-written email
before any correction could reach her.

What happens after the learner notices is a decision (:data:`DECISIONS`), so the base ``timeline``
ends there, at the moment the decision is due. Each branch's timeline goes on from it. Wait for
the client's reply, or ask her to delete the email unread, and her reply asks whether the wrong
figure is right and "who is Sam?" (the internal note): questions that must now be answered. Write
a short note at once, and it reaches her after she has opened the email but before she would have
replied; her reply then asks nothing more. The consequences the learner reads are written from the
same times and fees (:func:`_consequences`), so the words and the data cannot disagree.
Which sentence is unfinished, wrong, internal or fine is the learner's question, so it is not
stored anywhere in the data.

Timestamps are naive local time (``2026-02-10T14:26:31``); one ``numpy.random.default_rng(seed)``
stream drawn in a fixed order, so :func:`write` gives the same bytes on every machine.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .branching import Branch, DecisionPoint
from .csv_tables import write_tables

__all__ = ["SEED", "TABLES", "DATE_COLUMNS", "DECISIONS", "UNDO_SECONDS", "CLIENT", "generate", "write", "fee"]

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


def generate(seed: int = SEED, *, next_move: str | None = None) -> dict[str, pd.DataFrame]:
    """The scenario's four tables, keyed by name in :data:`TABLES` order.

    ``next_move``: the branch of :data:`DECISIONS` taken once the slip is noticed (``"wait"``,
    ``"write-now"``, ``"ask-to-delete"``); None, the base, is the case when the decision is due,
    so its timeline ends at the moment the draft is noticed. The branches add only fixed offsets to
    the seed's times, so the base tables are the same bytes whatever the branch."""
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

    t = _moments(rng)
    events = [
        (START, "you", f"started drafting the renewal proposal, with {CLIENT_ADDRESS} already in To:"),
        (t["call"], "you", "took a call from your manager, draft still open"),
        (t["sent"], "you", "pressed Ctrl+Enter while switching windows: the draft was sent"),
        (t["sent"] + pd.Timedelta(seconds=UNDO_SECONDS), "mail system",
         f"undo-send window ({UNDO_SECONDS} s) closed; message delivered to harbourline.example"),
        (t["noticed"], "you", "noticed the half-written draft in Sent items"),
    ]
    events += _after_noticing(next_move, t, right, wrong)
    timeline = pd.DataFrame(events, columns=["at", "who", "event"]).sort_values("at", kind="mergesort")
    timeline = timeline.reset_index(drop=True)

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


NOTE_AFTER_OPENED_S = 120      # write-now: a three-line note takes a few minutes; it arrives after she opened the draft
REPLY_TO_NOTE_S = 240          # ... and she answers it a few minutes later, before she would have written her questions
DELETE_REQUEST_S = 90          # ask-to-delete: one line, sent within a minute or two of noticing
NEXT_MOVES = ("wait", "write-now", "ask-to-delete")


def _moments(rng: np.random.Generator) -> dict[str, pd.Timestamp]:
    """The afternoon's times, drawn after the fee in a fixed order (the base's bytes depend on it)."""
    drafting = int(rng.integers(14, 20) * 60 + rng.integers(0, 60))   # seconds writing before the call
    call = int(rng.integers(4, 8) * 60 + rng.integers(0, 60))          # the call, draft still open
    noticed = int(rng.integers(90, 240))                                # well past the 10 s undo window
    opened = noticed + int(rng.integers(3, 7) * 60)                     # the client reads it first
    replied = opened + int(rng.integers(6, 12) * 60)                    # her questions, if nothing came first
    sent = START + pd.Timedelta(seconds=drafting + call)
    at = {"noticed": noticed, "opened": opened, "replied": replied}
    return {"call": START + pd.Timedelta(seconds=drafting), "sent": sent,
            **{name: sent + pd.Timedelta(seconds=s) for name, s in at.items()}}


def _after_noticing(next_move: str | None, t: dict[str, pd.Timestamp], right: int, wrong: int) -> list[tuple]:
    """The timeline's rows after the slip is noticed, on one branch; none in the base."""
    if next_move is None:
        return []
    if next_move not in NEXT_MOVES:
        raise ValueError(f"next_move must be one of {', '.join(NEXT_MOVES)} (or None), not {next_move!r}")
    opened = (t["opened"], "client", f"{CLIENT} opened the email")
    questions = f"is £{wrong:,} right? That is well above what we discussed. And who is Sam?"
    if next_move == "wait":
        return [(t["noticed"] + pd.Timedelta(seconds=30), "you",
                 "decided to wait for Dana's reply; went back to the proposal"),
                opened, (t["replied"], "client", f"{CLIENT} replied: {questions}")]
    if next_move == "ask-to-delete":
        return [(t["noticed"] + pd.Timedelta(seconds=DELETE_REQUEST_S), "you",
                 "emailed Dana: please delete my last email unread; the real one follows later"),
                opened, (t["replied"], "client",
                         f"{CLIENT} replied: I had read it before I saw your second email. {questions[0].upper()}{questions[1:]}")]
    note = t["opened"] + pd.Timedelta(seconds=NOTE_AFTER_OPENED_S)
    return [(t["noticed"] + pd.Timedelta(seconds=30), "you", "started a short note to Dana"),
            opened,
            (note, "you", f"sent the note: the draft went early, my mistake; the fee is £{right:,}; "
                          "the line about Sam was an internal note; the full proposal by 4 pm"),
            (note + pd.Timedelta(seconds=REPLY_TO_NOTE_S), "client",
             f"{CLIENT} replied: thanks for the quick correction. £{right:,} is what we agreed; "
             "I'll look out for the full proposal.")]


def _consequences(seed: int = SEED) -> dict[str, str]:
    """What happens next on each branch, in words, with the seed's own times and fees."""
    rng = np.random.default_rng(seed)
    right, wrong = _fee(rng)
    t = _moments(rng)
    hm = {k: v.strftime("%H:%M") for k, v in t.items()}
    note = (t["opened"] + pd.Timedelta(seconds=NOTE_AFTER_OPENED_S))
    thanks = (note + pd.Timedelta(seconds=REPLY_TO_NOTE_S)).strftime("%H:%M")
    asked = f"\"Is £{wrong:,} right? That is well above what we discussed. And who is Sam?\""
    return {
        "wait": (f"You go back to the proposal. At {hm['opened']} Dana opens your email. At {hm['replied']} "
                 f"her reply arrives: {asked} She has read the note about going lower on price, and she is "
                 "waiting for your answer. The timeline below now runs to her reply."),
        "write-now": (f"Your short note reaches Dana at {note.strftime('%H:%M')}, {NOTE_AFTER_OPENED_S // 60} minutes after she "
                      f"opened the draft: the slip owned, the fee £{right:,}, the line about Sam explained "
                      f"as an internal note, the full proposal by 4 pm. At {thanks} she replies: \"Thanks for "
                      f"the quick correction. £{right:,} is what we agreed.\" The timeline below now runs to "
                      "her reply."),
        "ask-to-delete": (f"Your one line goes at {(t['noticed'] + pd.Timedelta(seconds=DELETE_REQUEST_S)).strftime('%H:%M')}. "
                          f"At {hm['opened']} Dana opens the half-written email anyway, and at {hm['replied']} "
                          f"she replies: \"I had read it before I saw your second email.\" Then: {asked} "
                          "The timeline below now runs to her reply."),
    }


_SAID = _consequences()
DECISIONS = (
    DecisionPoint(
        id="premature-next-move",
        tables=("timeline",),
        branches=(
            Branch(name="wait", option="Wait for her reply first, then answer what she asks, with the right fee",
                   params={"next_move": "wait"}, consequence=_SAID["wait"]),
            Branch(name="write-now", option="Write to her now: own the slip, give the right fee, say when the rest comes",
                   params={"next_move": "write-now"}, consequence=_SAID["write-now"]),
            Branch(name="ask-to-delete", option="Ask her to delete the email unread, and say the real one follows later",
                   params={"next_move": "ask-to-delete"}, consequence=_SAID["ask-to-delete"]),
        ),
    ),
)


def write(folder: Path, seed: int = SEED) -> list[Path]:
    """Write each table as ``<name>.csv`` into folder (created if missing); return the paths."""
    return write_tables(generate(seed), folder)
