"""Scenario 01, the bulk spam: 10,000 bought hotel contacts, one send to all of them, 24 hours of replies.

The story (a Personal Branding Magazine blog post, November 2007): an entrepreneur is handed a list of 10,000 names in
one industry, emails all of them to promote a big-name teleclass for a joint venture, invites
them to unsubscribe from a list they never joined, and gets a day of furious replies. The real
case left no data, and real addresses would be personal data, so this module makes the data up.

Why these numbers: they are set so that the analysis the notebook asks for tells the story's
truth. The spam complaint rate lands several times above Gmail's 0.3% limit (and far above the
0.1% to aim for; Google's Email sender guidelines, Gmail Help); bounces are what a stale bought list gives; the backlash
is worst in the first hours and fades over the day; and a few hundred of the sender's genuine
subscribers are on the bought list too, some of whom complain or unsubscribe, so a suppression
list has to think about both groups rather than subtract one table from another.

Why every address is at a reserved domain (RFC 2606: ``example.com``, ``example.net``,
``example.org`` and the ``.example`` top-level domain): no row can reach or name a real person or
company, even when a learner copies it somewhere it does not belong.

Timestamps are naive UTC: plain ISO 8601 text (``2024-10-08T09:00:00``) in the CSVs, which
pandas compares, resamples and subtracts without time-zone errors. The whole story happens in
UTC, so "hours after the send" is simple subtraction.

Deterministic on purpose: one ``numpy.random.default_rng(seed)`` stream drawn in a fixed order,
no iteration over sets, nothing from the clock, locale or time zone, so :func:`write` gives the
same bytes on every machine and the committed CSVs can be checked by regenerating them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from .branching import Branch, DecisionPoint
from .csv_tables import write_tables

__all__ = ["SEED", "TABLES", "DATE_COLUMNS", "DECISIONS", "INDUSTRY", "SEND_START", "generate", "write"]

SEED = 20071126  # the blog post's date: 26 November 2007

TABLES = ("bought_list", "subscribers", "send_log", "responses")
# Which columns load() parses as datetimes, per table. Explicit, so no guessing from the text.
DATE_COLUMNS: dict[str, list[str]] = {
    "bought_list": [],
    "subscribers": ["opted_in_at"],
    "send_log": ["sent_at"],
    "responses": ["received_at"],
}

INDUSTRY = "independent hotels"  # the one industry of the story's list; it shows in company names and job titles
SEND_START = np.datetime64("2024-10-08T09:00:00", "s")  # a Tuesday morning, UTC
N_BOUGHT = 10_000
N_SUBSCRIBERS = 3_200
OVERLAP = (300, 350)  # how many genuine subscribers the bought list also holds, drawn in this range
BATCH_SIZE = 500  # the send went out in 20 batches ...
BATCH_GAP_S = 180  # ... three minutes apart: about an hour in all
WINDOW_S = 24 * 3600  # responses are collected for 24 hours from the first message sent

# ---- names: common first and last names, which at reserved domains name nobody in particular ----

FIRST_NAMES = (
    "Aisha", "Alan", "Alice", "Amir", "Ana", "Andrea", "Anna", "Ben", "Carla", "Carlos", "Chen", "Chloe",
    "Chris", "Claire", "Dan", "Daniel", "David", "Elena", "Ella", "Emma", "Eric", "Eva", "Fatima", "Felix",
    "Fiona", "Grace", "Hana", "Hannah", "Harry", "Ines", "Isla", "Ivan", "Jack", "James", "Jane", "Jana",
    "Joe", "John", "Jonas", "Jose", "Julia", "Kai", "Karen", "Kate", "Kim", "Laura", "Lea", "Leo", "Lily",
    "Lina", "Lisa", "Lucas", "Lucy", "Luis", "Maria", "Mark", "Marta", "Max", "Maya", "Mei", "Mia", "Mike",
    "Nadia", "Nina", "Noah", "Nora", "Oliver", "Omar", "Owen", "Paul", "Paula", "Peter", "Priya", "Rachel",
    "Raj", "Ravi", "Rita", "Rosa", "Ruth", "Ryan", "Sam", "Sara", "Sean", "Sofia", "Sophie", "Tom", "Tomas",
    "Una", "Vera", "Victor", "Wei", "Will", "Yara", "Yusuf", "Zoe",
)
LAST_NAMES = (
    "Adams", "Ahmed", "Ali", "Allen", "Bailey", "Baker", "Bell", "Berg", "Brown", "Byrne", "Campbell", "Carter",
    "Chan", "Clark", "Collins", "Cook", "Cox", "Davies", "Diaz", "Doyle", "Evans", "Fischer", "Fox", "Garcia",
    "Gray", "Green", "Hall", "Hansen", "Harris", "Hill", "Hughes", "Hunt", "Jensen", "Jones", "Kaur", "Kelly",
    "Khan", "King", "Klein", "Lee", "Lewis", "Lopez", "Martin", "Meyer", "Mills", "Moore", "Morris", "Murphy",
    "Nagy", "Novak", "Owen", "Park", "Patel", "Perez", "Price", "Reid", "Rossi", "Ryan", "Shah", "Silva",
    "Singh", "Smith", "Stone", "Taylor", "Walsh", "Ward", "Weber", "Wood", "Wright", "Young", "Zhang",
)

# ---- the industry: independent hotels, named like English places (Ash + ford + Hotel) ----

HOTEL_PREFIXES = (
    "Ash", "Oak", "Elm", "Fern", "Holly", "Bram", "Birch", "Alder", "Bright", "Black", "White", "Green", "Red",
    "Kings", "Hart", "Fox", "Raven", "Lark", "Swan", "Cross", "Mill", "Marsh", "Moor", "Brook", "Rose", "Thorn",
    "Hazel", "Willow", "Stone", "Mead", "Lang", "Heron", "Wren", "Sea", "Bay", "Lake", "Glen", "Ivy", "Maple",
    "Beech",
)
HOTEL_SUFFIXES = (
    "ford", "field", "ley", "wood", "brook", "hill", "dale", "combe", "mere", "ton", "bury", "well", "gate",
    "stead", "hurst", "wick", "haven", "holme", "ridge", "side",
)
HOTEL_KINDS = ("Hotel", "Inn", "Lodge", "House", "Guest House", "Manor", "Rooms", "B&B", "Suites", "Retreat")
JOB_TITLES = (
    "Owner", "General Manager", "Front Office Manager", "Revenue Manager", "Sales Manager",
    "Marketing Manager", "Reservations Manager", "Operations Manager", "Events Manager", "Head Chef",
    "Housekeeping Manager", "Assistant Manager", "Guest Relations", "Bar Manager",
)
ROLE_MAILBOXES = ("info", "reservations", "frontdesk", "bookings", "sales", "events", "stay", "hello")

# Addresses at no business domain: the owners of small places often use a personal mailbox.
MAILBOX_DOMAINS = ("mail.example.com", "inbox.example.net", "post.example.org", "example.com")

# ---- the sender's genuine subscribers: coaches, consultants and small businesses of every kind ----

SUBSCRIBER_BUSINESSES = (
    "Bright", "Clear", "First", "Keystone", "Lantern", "Lighthouse", "Northstar", "Open", "Pathway", "Summit",
    "True", "Upward", "Bold", "Spark", "Compass",
)
SUBSCRIBER_KINDS = ("coaching", "consulting", "studio", "design", "media", "partners", "works", "labs")
OPT_IN_SOURCES = ("website form", "webinar sign-up", "book download", "workshop")
OPT_IN_WEIGHTS = (0.45, 0.25, 0.2, 0.1)
OPT_IN_SINCE = np.datetime64("2021-01-04T00:00:00", "s")  # the list began about four years before the send

# ---- what came back ----

KINDS = ("spam_complaint", "angry_reply", "unsubscribe", "out_of_office", "question", "thanks")

EXCERPTS = {
    "spam_complaint": (
        "[feedback-loop report] marked as spam",
        "[feedback-loop report] reported as junk",
        "[feedback-loop report] moved to spam by recipient",
        "[abuse report] unsolicited bulk email",
        "[abuse report] recipient never subscribed",
    ),
    "angry_reply": (
        "I never signed up for this.",
        "Who gave you my address?",
        "I have never heard of you. Do not contact me again.",
        "Unsubscribe from a list I never joined? Remove me now.",
        "This is spam, plain and simple.",
        "Where did you get this email address? I want an answer.",
        "Buying a list is not marketing. It is spam.",
        "I don't care about your teleclass. Stop emailing me.",
        "A famous speaker doesn't make unsolicited email acceptable.",
        "Delete my details from whatever list you bought.",
        "I have reported this to my email provider.",
        "You have some nerve asking me to opt out of something I never opted into.",
        "Our whole team got this. Take every one of us off your list.",
        "Is this how you treat people you want as customers?",
        "Do not email this address again.",
    ),
    "unsubscribe": (
        "[unsubscribe link clicked]",
        "[unsubscribe link clicked]",
        "[unsubscribe link clicked]",
        "Unsubscribe",
        "Please remove me from your list.",
        "Remove this address, thank you.",
        "Take me off your mailing list, please.",
        "Please unsubscribe me and my colleagues.",
    ),
    "out_of_office": (
        "Automatic reply: I am out of the office with limited access to email.",
        "Automatic reply: I am on annual leave and will reply when I return.",
        "Automatic reply: I am away at a trade show this week.",
        "Automatic reply: I am travelling and will respond next week.",
        "Automatic reply: I am off today. For bookings, please call the front desk.",
    ),
    "question": (
        "Is the teleclass free?",
        "What time is the call in my time zone?",
        "Will there be a recording if I can't join live?",
        "Sorry, how did you get my address? I don't recall signing up.",
        "Can two of us join on one registration?",
        "Does the teleclass cover direct bookings for small hotels?",
        "Is the session aimed at owners or at managers?",
    ),
    "thanks": (
        "Thanks for the invite, I've signed up.",
        "Looks interesting, thank you. See you on the call.",
        "Thanks! Forwarding this to our marketing manager.",
        "Great line-up, thanks for letting me know.",
        "Thank you, I've been hoping for a session like this.",
    ),
}

# What a shared mailbox (info@, reservations@ ...) answers instead of a person's out-of-office.
ROLE_AUTO_REPLIES = (
    "Automatic reply: thank you for contacting reservations. We reply within 24 hours.",
    "Automatic reply: our front desk team will answer your message shortly.",
    "Automatic reply: this mailbox is not monitored every day.",
    "Automatic reply: thank you for your enquiry. For urgent requests, please call us.",
)

# Chances of a first reaction per delivered recipient: (spam_complaint, angry_reply, unsubscribe,
# question, thanks); the rest do nothing. Strangers on the bought list are furious; the sender's
# own subscribers, who also got it, are mostly puzzled and leave, and a few complain all the same.
REACTION_KINDS = ("spam_complaint", "angry_reply", "unsubscribe", "question", "thanks")
REACTION_CHANCES = {
    "stranger": (0.016, 0.022, 0.032, 0.006, 0.003),
    "subscriber": (0.012, 0.006, 0.070, 0.012, 0.030),
}
COMPLAINER_ALSO_REPLIES = 0.25  # a complaint and then an angry reply for good measure
ANGRY_ALSO_COMPLAINS = 0.15
ANGRY_ALSO_UNSUBSCRIBES = 0.30
OUT_OF_OFFICE = {"person": 0.05, "role mailbox": 0.15}
# People react when they read their mail: most within a couple of hours, a long tail later in the day.
FAST_SHARE, FAST_SCALE_S, SLOW_SCALE_S = 0.7, 1.5 * 3600, 7 * 3600
FOLLOW_UP_S = 60, 15 * 60  # a second response comes at least a minute after the first, 15 min on average
AUTO_REPLY_S = 2, 40  # auto-replies come within seconds: at least 2 s, 40 s on average


# ---- the decision on the morning of day two (content: course.scenarios.branching) ----

DAY_TWO = SEND_START + np.timedelta64(WINDOW_S, "s")  # Wednesday 09:00: the speaker's request arrives

DECISIONS = (
    DecisionPoint(
        id="spam-sorry-send",
        tables=("responses",),
        branches=(
            Branch(
                name="apology-to-all",
                option="Email one short apology to all 10,000 today, as the speaker asks",
                params={"day_two": True, "apology_to_all": True},
                consequence=(
                    "You send the apology at 9:00 on Wednesday, to every address the first email reached. "
                    "That includes the 9,699 addresses on the suppression list you built last night, and "
                    "the people who unsubscribed or complained yesterday.\n\n"
                    "By Thursday morning a second wave has come in: new spam complaints, and angry replies "
                    "from people who asked to be left alone and were emailed again. The responses table "
                    "below now runs to the end of day two."
                ),
            ),
            Branch(
                name="answers-only",
                option="Answer the people who wrote, one by one, and email nobody else",
                params={"day_two": True},
                consequence=(
                    "You tell the speaker why not, and spend Wednesday on personal answers. Nobody on the "
                    "suppression list hears from you again.\n\n"
                    "Day two is quiet: a few late readers of Tuesday's email still react. The responses "
                    "table below now runs to the end of day two."
                ),
            ),
        ),
    ),
)

LATE_CHANCES = {"spam_complaint": 0.0006, "unsubscribe": 0.002}  # day two: late readers of Tuesday's email
APOLOGY_CHANCES = {  # reactions to the apology blast, per recipient, by what they did on day one
    "objected": {"spam_complaint": 0.10, "angry_reply": 0.20},
    "stranger": {"spam_complaint": 0.011, "angry_reply": 0.006, "unsubscribe": 0.015},
    "subscriber": {"spam_complaint": 0.003, "angry_reply": 0.002, "unsubscribe": 0.01},
}
APOLOGY_EXCERPTS = {
    "spam_complaint": EXCERPTS["spam_complaint"],
    "angry_reply": (
        "I unsubscribed yesterday. Why are you emailing me again?",
        "Two emails in two days from a list I never joined. Stop.",
        "An apology sent to the whole list is just more spam.",
    ),
    "unsubscribe": EXCERPTS["unsubscribe"],
}


def generate(seed: int = SEED, *, day_two: bool = False, apology_to_all: bool = False) -> dict[str, pd.DataFrame]:
    """The scenario's four tables, keyed by name in :data:`TABLES` order, with datetime columns.

    ``day_two``: ``responses`` runs on to the end of day two (a branch of :data:`DECISIONS`);
    ``apology_to_all``: with the apology blast's second wave in it. Day two is drawn from a stream
    of its own, so the base tables are the same whatever the branch."""
    rng = np.random.default_rng(seed)
    taken: set[str] = set()  # every address used so far: membership only, never iterated
    bought = _bought_list(rng, taken)
    subscribers = _subscribers(rng, taken, bought)
    send_log = _send_log(rng, bought, subscribers)
    responses = _responses(rng, send_log, subscribers)
    if day_two:
        responses = _day_two(np.random.default_rng([seed, 2]), send_log, subscribers, responses, apology_to_all)
    return {"bought_list": bought, "subscribers": subscribers, "send_log": send_log, "responses": responses}


def _day_two(rng: np.random.Generator, send_log: pd.DataFrame, subscribers: pd.DataFrame,
             responses: pd.DataFrame, apology_to_all: bool) -> pd.DataFrame:
    """Day two's responses added to day one's: late readers always, and the apology's wave if sent.

    The apology goes to every delivered address at 09:00 (no batches: a short text), ignoring
    yesterday's unsubscribes and complaints, which is why those people are the angriest."""
    delivered = send_log.loc[send_log["status"] == "delivered", "email"].to_numpy()
    genuine = np.isin(delivered, subscribers["email"].to_numpy())
    objected = np.isin(delivered, responses.loc[responses["kind"].isin(["unsubscribe", "spam_complaint"]),
                                                "email"].to_numpy())
    reacted = np.isin(delivered, responses["email"].to_numpy())
    rows: list[tuple[str, str, int]] = []  # (email, kind, seconds after DAY_TWO)
    late = rng.random((len(delivered), 2))
    for i in np.flatnonzero(~reacted):
        for j, kind in enumerate(LATE_CHANCES):
            if late[i, j] < LATE_CHANCES[kind]:
                rows.append((delivered[i], kind, int(rng.integers(1, WINDOW_S))))
    if apology_to_all:
        draws = rng.random((len(delivered), 3))
        delays = _reading_delay(rng, np.full(len(delivered), WINDOW_S - 1))
        for i in range(len(delivered)):
            group = "objected" if objected[i] else "subscriber" if genuine[i] else "stranger"
            for j, (kind, chance) in enumerate(APOLOGY_CHANCES[group].items()):
                if draws[i, j] < chance:
                    rows.append((delivered[i], kind, int(delays[i]) + 1 + 60 * j))
    excerpts = APOLOGY_EXCERPTS if apology_to_all else EXCERPTS
    added = pd.DataFrame({
        "received_at": DAY_TWO + np.array([r[2] for r in rows], dtype=np.int64).astype("timedelta64[s]"),
        "email": [r[0] for r in rows],
        "kind": [r[1] for r in rows],
        "excerpt": [excerpts[k][rng.integers(len(excerpts[k]))] for _, k, _ in rows],
    })
    added = added[added["received_at"] < DAY_TWO + np.timedelta64(WINDOW_S, "s")]
    both = pd.concat([responses, added], ignore_index=True)
    return both.sort_values(["received_at", "email", "kind"], kind="mergesort").reset_index(drop=True)


def write(folder: Path, seed: int = SEED) -> list[Path]:
    """Write each table as ``<name>.csv`` into folder (created if missing); return the paths."""
    return write_tables(generate(seed), folder)


# ---- the bought list ----


def _bought_list(rng: np.random.Generator, taken: set[str]) -> pd.DataFrame:
    """10,000 contacts at independent hotels, a few per hotel, as a list vendor would sell them."""
    sizes = np.minimum(rng.geometric(0.3, size=N_BOUGHT), 8)  # contacts per hotel: 1 to 8, ~3 on average
    n_hotels = int(np.searchsorted(np.cumsum(sizes), N_BOUGHT)) + 1
    sizes = sizes[:n_hotels]
    sizes[-1] -= int(sizes.sum()) - N_BOUGHT
    names = [f"{p}{s} {k}" for p in HOTEL_PREFIXES for s in HOTEL_SUFFIXES for k in HOTEL_KINDS]
    rows = []
    for pick, size in zip(rng.choice(len(names), size=n_hotels, replace=False), sizes):
        company = names[pick]  # "Ashford Hotel", "Foxhill Lodge": unique, so each hotel has its own domain
        domain = f"{_slug(company)}.example"
        # The first contact runs the place; the others hold different jobs there.
        titles = ["Owner" if rng.random() < 0.5 else "General Manager"]
        others = [t for t in JOB_TITLES if t != titles[0]]
        titles += [others[i] for i in rng.choice(len(others), size=int(size) - 1, replace=False)]
        for title in titles:
            first, last = _name(rng)
            if rng.random() < 0.08:
                email = _unique([f"{m}@{domain}" for m in _shuffled(rng, ROLE_MAILBOXES)], first, last, domain, taken)
            elif rng.random() < 0.12:
                email = _personal_address(rng, first, last, MAILBOX_DOMAINS[rng.integers(len(MAILBOX_DOMAINS))], taken)
            else:
                email = _personal_address(rng, first, last, domain, taken)
            rows.append((first, company, title, email))
    table = pd.DataFrame(rows, columns=["first_name", "company", "job_title", "email"])
    table.insert(0, "contact_id", [f"B{i:05d}" for i in range(1, N_BOUGHT + 1)])
    table = table[["contact_id", "email", "first_name", "company", "job_title"]]
    table["consent"] = "none"  # nobody on a bought list opted in to hear from this sender
    table["list_source"] = "purchased list"
    return table


def _name(rng: np.random.Generator) -> tuple[str, str]:
    return FIRST_NAMES[rng.integers(len(FIRST_NAMES))], LAST_NAMES[rng.integers(len(LAST_NAMES))]


def _shuffled(rng: np.random.Generator, items: Sequence[str]) -> list[str]:
    return [items[i] for i in rng.permutation(len(items))]


def _personal_address(rng: np.random.Generator, first: str, last: str, domain: str, taken: set[str]) -> str:
    """first.last@, flast@, first@ ... in a random order of preference, the first one still free."""
    f, l = first.lower(), last.lower()
    patterns = [f"{f}.{l}", f"{f[0]}{l}", f, f"{f}{l}", f"{f}_{l}", f"{f}.{l[0]}"]
    return _unique([f"{p}@{domain}" for p in _shuffled(rng, patterns)], first, last, domain, taken)


def _unique(candidates: list[str], first: str, last: str, domain: str, taken: set[str]) -> str:
    """The first free candidate, else first.last2@, first.last3@ ...: every address is used once."""
    for email in candidates:
        if email not in taken:
            taken.add(email)
            return email
    n = 2
    while (email := f"{first.lower()}.{last.lower()}{n}@{domain}") in taken:
        n += 1
    taken.add(email)
    return email


def _slug(name: str) -> str:
    return "".join(c for c in name.lower() if c.isascii() and c.isalnum())


# ---- the sender's own list ----


def _subscribers(rng: np.random.Generator, taken: set[str], bought: pd.DataFrame) -> pd.DataFrame:
    """3,200 people who really opted in, a few hundred of whom the vendor's list also holds."""
    personal = ~bought["email"].str.split("@").str[0].isin(ROLE_MAILBOXES).to_numpy()
    n_overlap = int(rng.integers(OVERLAP[0], OVERLAP[1] + 1))
    overlap = np.sort(rng.choice(np.flatnonzero(personal), size=n_overlap, replace=False))
    rows = [(bought["email"].iat[i], bought["first_name"].iat[i]) for i in overlap]
    while len(rows) < N_SUBSCRIBERS:
        first, last = _name(rng)
        if rng.random() < 0.6:
            domain = MAILBOX_DOMAINS[rng.integers(len(MAILBOX_DOMAINS))]
        else:
            word = SUBSCRIBER_BUSINESSES[rng.integers(len(SUBSCRIBER_BUSINESSES))]
            domain = f"{word.lower()}{SUBSCRIBER_KINDS[rng.integers(len(SUBSCRIBER_KINDS))]}.example"
        rows.append((_personal_address(rng, first, last, domain, taken), first))
    order = rng.permutation(N_SUBSCRIBERS)  # the overlap is spread through the list, not at its start
    table = pd.DataFrame([rows[i] for i in order], columns=["email", "first_name"])
    # The list grew over four years, faster lately; subscriber ids follow the order people joined.
    span_s = int((SEND_START - OPT_IN_SINCE) / np.timedelta64(1, "s")) - 86400
    offsets = np.sort((rng.random(N_SUBSCRIBERS) ** 0.7 * span_s).astype(np.int64))
    table.insert(0, "subscriber_id", [f"S{i:05d}" for i in range(1, N_SUBSCRIBERS + 1)])
    table["opted_in_at"] = OPT_IN_SINCE + offsets.astype("timedelta64[s]")
    table["opt_in_source"] = [OPT_IN_SOURCES[i] for i in rng.choice(len(OPT_IN_SOURCES), N_SUBSCRIBERS, p=OPT_IN_WEIGHTS)]
    return table


# ---- the send ----


def _send_log(rng: np.random.Generator, bought: pd.DataFrame, subscribers: pd.DataFrame) -> pd.DataFrame:
    """One row per bought address, in list order, 20 batches of 500 over about an hour."""
    n = len(bought)
    batch, within = np.divmod(np.arange(n), BATCH_SIZE)
    batch_jitter = rng.integers(0, 20, size=int(batch.max()) + 1)
    batch_jitter[0] = 0  # the first message leaves at SEND_START exactly
    offsets = batch * BATCH_GAP_S + batch_jitter[batch] + within // 10  # about ten messages a second
    # A bought list is stale: addresses of people who left bounce hard; full mailboxes bounce soft.
    # The sender's own subscribers are live addresses, so they almost never bounce.
    genuine = bought["email"].isin(subscribers["email"]).to_numpy()
    hard = np.where(genuine, 0.002, 0.031)
    soft = np.where(genuine, 0.002, 0.012)
    u = rng.random(n)
    status = np.where(u < hard, "hard_bounce", np.where(u < hard + soft, "soft_bounce", "delivered"))
    return pd.DataFrame(
        {
            "contact_id": bought["contact_id"],
            "email": bought["email"],
            "sent_at": SEND_START + offsets.astype("timedelta64[s]"),
            "status": status,
        }
    )


# ---- the 24 hours after it ----


def _responses(rng: np.random.Generator, send_log: pd.DataFrame, subscribers: pd.DataFrame) -> pd.DataFrame:
    """Complaints, replies, unsubscribes and auto-replies from delivered recipients, for 24 hours."""
    delivered = send_log[send_log["status"] == "delivered"].reset_index(drop=True)
    n = len(delivered)
    emails = delivered["email"].to_numpy()
    sent = ((delivered["sent_at"] - pd.Timestamp(SEND_START)) / pd.Timedelta(seconds=1)).to_numpy().astype(np.int64)
    left = WINDOW_S - 1 - sent  # seconds each recipient has before the 24-hour window closes
    genuine = delivered["email"].isin(subscribers["email"]).to_numpy()
    role = delivered["email"].str.split("@").str[0].isin(ROLE_MAILBOXES).to_numpy()

    chances = np.where(genuine[:, None], REACTION_CHANCES["subscriber"], REACTION_CHANCES["stranger"])
    first = (rng.random(n)[:, None] >= np.cumsum(chances, axis=1)).sum(axis=1)  # len(REACTION_KINDS) = nothing
    first_delay = _reading_delay(rng, left)
    extra_delay = FOLLOW_UP_S[0] + rng.exponential(FOLLOW_UP_S[1], size=n)
    u_extra = rng.random((n, 2))
    rows: list[tuple[int, str, int]] = []  # (recipient, kind, whole seconds after their own send)
    for i in range(n):
        if first[i] == len(REACTION_KINDS):
            continue
        kind = REACTION_KINDS[first[i]]
        rows.append((i, kind, int(first_delay[i]) + 1))
        follow_ups = []
        if kind == "spam_complaint" and u_extra[i, 0] < COMPLAINER_ALSO_REPLIES:
            follow_ups.append("angry_reply")
        if kind == "angry_reply":
            if u_extra[i, 0] < ANGRY_ALSO_COMPLAINS:
                follow_ups.append("spam_complaint")
            if u_extra[i, 1] < ANGRY_ALSO_UNSUBSCRIBES:
                follow_ups.append("unsubscribe")
        delay = first_delay[i]
        for extra in follow_ups:
            delay = delay + extra_delay[i]
            if delay < left[i]:
                rows.append((i, extra, int(delay) + 1))
    away = rng.random(n) < np.where(role, OUT_OF_OFFICE["role mailbox"], OUT_OF_OFFICE["person"])
    auto_delay = AUTO_REPLY_S[0] + rng.exponential(AUTO_REPLY_S[1], size=n)
    rows += [(int(i), "out_of_office", int(auto_delay[i]) + 1) for i in np.flatnonzero(away)]

    who = np.array([r[0] for r in rows], dtype=np.int64)
    kinds = [r[1] for r in rows]
    delays = np.array([r[2] for r in rows], dtype=np.int64)
    lines = [ROLE_AUTO_REPLIES if k == "out_of_office" and role[i] else EXCERPTS[k] for i, k in zip(who, kinds)]
    table = pd.DataFrame(
        {
            "received_at": SEND_START + (sent[who] + delays).astype("timedelta64[s]"),
            "email": emails[who],
            "kind": kinds,
            "excerpt": [choices[rng.integers(len(choices))] for choices in lines],
        }
    )
    return table.sort_values(["received_at", "email", "kind"], kind="mergesort").reset_index(drop=True)


def _reading_delay(rng: np.random.Generator, left: np.ndarray) -> np.ndarray:
    """Seconds from delivery to reaction: a fast and a slow exponential, cut off at ``left``.

    Sampled by inverting each truncated exponential, so nothing is redrawn and the stream of
    random numbers, and so the data, stays the same length whatever the cut-offs."""
    scale = np.where(rng.random(len(left)) < FAST_SHARE, FAST_SCALE_S, SLOW_SCALE_S)
    mass = -np.expm1(-left / scale)  # the share of the exponential that falls inside the window
    return -scale * np.log1p(-rng.random(len(left)) * mass)
