"""The store under load: a room of 200 answering 20 questions each, all at once, loses nothing.

Why this shape: in a live workshop everyone answers the same question within seconds, from many
kernels (processes) on one server, and the dashboard reads all the while. So 4 processes each run
50 participants in threads; some participants change answers (and their changes arrive out of
order, as from a slow kernel), some rejoin under a differently typed name, and some answer from
two notebooks at once (two threads writing one participant's record). Meanwhile this process reads
the room as the dashboard does. At the end every participant must be there exactly once, with
the latest answer (by time) to each of the 20 questions and every attempt counted; and no read
may have failed or skipped a file (which a half-written file would cause).

Every backend: the shared folder, SQLite through SqlStore (BEGIN IMMEDIATE, busy timeout),
where "database is locked" would fail the test, and a real PostgreSQL server (its upserts under
concurrent writers).
"""

from __future__ import annotations

import multiprocessing
import random
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest

from course.workshop.store import Published, open_store, participant_id

PARTICIPANTS = 200
QUESTIONS = 20
PROCESSES = 4
THREADS = 12  # per process: kernels answering at the same moment
BASE = datetime(2030, 1, 1, 9, 0, tzinfo=timezone.utc)
OPTIONS = ["pause", "own", "repair", "prevent"]


def _plan(p: int) -> list[tuple[str, list[tuple[str, object, str]]]]:
    """What participant p does: (name as typed, publications) per kernel; a publication is
    (question, value, time). Deterministic, so the test knows the outcome without being told."""
    rng = random.Random(p)
    publications = []
    for q in range(QUESTIONS):
        changes = rng.choice([1, 1, 2, 3]) if p % 3 == 0 else 1  # a third change their minds
        for k in range(changes):
            moment = BASE + timedelta(seconds=q * 10 + k, microseconds=p)
            value = OPTIONS[(p + q + k) % len(OPTIONS)] if q % 2 else [f"p{p}", f"q{q}", f"v{k}"]
            publications.append((f"q{q:02d}", value, moment.isoformat()))
    if p % 5 == 0:
        rng.shuffle(publications)  # a slow kernel: changes arrive in any order
    name = f"Participant {p:03d}"
    if p % 10 == 3:  # two notebooks open: two kernels publish for one participant at once
        return [(name, publications[0::2]), (f"PARTICIPANT {p:03d}", publications[1::2])]
    return [(name, publications)]


def _expected(p: int) -> dict[str, tuple[object, int]]:
    """Participant p's latest value and attempt count per question."""
    latest: dict[str, tuple[str, object, int]] = {}
    for _, publications in _plan(p):
        for question, value, moment in publications:
            best_time, best_value, count = latest.get(question, ("", None, 0))
            if moment > best_time:
                best_time, best_value = moment, value
            latest[question] = (best_time, best_value, count + 1)
    return {q: (v, n) for q, (_, v, n) in latest.items()}


def _kernel(location: str, code: str, p: int, name: str, publications) -> int:
    """One notebook kernel: join, answer, maybe rejoin halfway as a differently typed name."""
    store = open_store(location, warn=lambda message: None)
    try:
        store.join(code, name)
        for n, (question, value, moment) in enumerate(publications):
            if p % 7 == 0 and n == len(publications) // 2:
                store.join(code, f"  {name.lower()} ")  # a kernel restart; the name typed again
            store.publish(code, name, Published(question, value, moment, kind="single_choice", step="assess"))
        return len(publications)
    finally:
        store.dispose()


def _process(location: str, code: str, participants: list[int]) -> int:
    """One server process running many participants' kernels in threads."""
    tasks = [(p, name, publications) for p in participants for name, publications in _plan(p)]
    with ThreadPoolExecutor(THREADS) as pool:
        return sum(pool.map(lambda task: _kernel(location, code, *task), tasks))


def _read_while_writing(location: str, code: str, stop: threading.Event, seen: list[int], problems: list[str]):
    """The dashboard: read the room again and again while it is written."""
    store = open_store(location, warn=problems.append)
    try:
        while not stop.is_set():
            try:
                seen.append(len(store.participants(code)))
            except Exception as problem:  # any failure to read is a failure of the test
                problems.append(repr(problem))
            time.sleep(0.05)
    finally:
        store.dispose()


# PostgreSQL's case takes about as long as SQLite's (a minute on a busy machine): make test runs it
@pytest.mark.parametrize("backend", ["directory", "sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def test_200_participants_answering_20_questions_at_once_lose_nothing(backend, tmp_path, request):
    location = {"directory": lambda: str(tmp_path / "workshops"),
                "sqlite": lambda: f"sqlite:///{tmp_path / 'room.db'}",
                # a database of its own on the session's server (tests/postgres_server.py)
                "postgresql": lambda: request.getfixturevalue("postgres").database(f"load_{time.time_ns()}"),
                }[backend]()
    facilitator = open_store(location)
    code = facilitator.create("01-bulk-spam", title="Load test").code
    facilitator.participants(code)  # the tables exist before the room arrives

    stop, seen, problems = threading.Event(), [], []
    reader = threading.Thread(target=_read_while_writing, args=(location, code, stop, seen, problems))
    reader.start()
    groups = [list(range(n, PARTICIPANTS, PROCESSES)) for n in range(PROCESSES)]
    try:
        with ProcessPoolExecutor(PROCESSES, mp_context=multiprocessing.get_context("spawn")) as pool:
            published = sum(pool.map(_process, [location] * PROCESSES, [code] * PROCESSES, groups))
    finally:
        stop.set()
        reader.join()

    expected_publications = sum(len(pubs) for p in range(PARTICIPANTS) for _, pubs in _plan(p))
    assert published == expected_publications > PARTICIPANTS * QUESTIONS
    assert problems == [], problems[:3]
    assert len(seen) >= 2 and seen == sorted(seen), "the room only grows while it is read"

    room = facilitator.participants(code)
    assert len(room) == PARTICIPANTS, "each participant counted exactly once"
    assert len({p.participant_id for p in room}) == PARTICIPANTS
    by_id = {p.participant_id: p for p in room}
    lost, wrong = [], []
    for p in range(PARTICIPANTS):
        person = by_id[participant_id(code, f"participant {p:03d}")]
        assert person.name.casefold().strip() == f"participant {p:03d}"
        for question, (value, attempts) in _expected(p).items():
            stored = person.answers.get(question)
            if stored is None:
                lost.append((p, question))
            elif (stored.value, stored.attempts) != (value, attempts):
                wrong.append((p, question, stored.value, stored.attempts, value, attempts))
        assert len(person.answers) == QUESTIONS
    assert lost == [] and wrong == [], (lost[:5], wrong[:5])
    facilitator.dispose()


def test_the_plan_has_every_kind_of_participant():
    """The load test means something only if its room holds the awkward cases."""
    plans = {p: _plan(p) for p in range(PARTICIPANTS)}
    assert sum(len(kernels) == 2 for kernels in plans.values()) == 20
    assert sum(p % 7 == 0 for p in plans) >= 25  # rejoiners
    changed = [p for p in plans if any(n > 1 for _, n in _expected(p).values())]
    assert len(changed) >= 50
    shuffled = [p for p in changed if p % 5 == 0]
    assert shuffled, "some changes arrive out of order"
    assert all(len(_expected(p)) == QUESTIONS for p in plans)
