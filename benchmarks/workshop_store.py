"""What a live workshop costs: the learner's extra wait per answer, and the dashboard's read of a room.

Two numbers, for each backend of the workshop store (a shared folder, and SQLite through SqlStore):

1. publish latency. In a joined notebook every saved answer is also published to the room, in the
   learner's click handler, after ``responses.json`` is written (about 2 ms). Timed here through the
   same path an exercise takes (its rules' record of the answer, scored by the practice check, then
   ``course.answers.events.publish``, to which the joined participant listens, then the store),
   beside the responses.json save itself for comparison.
2. reading a full room. The dashboard re-reads the room every few seconds: 200 participants with
   20 answers each, timed as ``store.participants(code)``.

Everything runs in a temporary folder on this machine's disk; a network filesystem or a remote
PostgreSQL adds its round trips. Prints figures only, never judges them.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from course.answers import events  # noqa: E402
from course.exercises import SingleChoice, make_key  # noqa: E402
from course.responses import ResponsesStore  # noqa: E402
from course.workshop import participant  # noqa: E402
from course.workshop.store import Published, open_store  # noqa: E402

OPTIONS = ["Pause and gather the facts", "Email everyone again at once", "Say nothing and hope"]


def _ms(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered) * 1000:6.2f} ms   p95 {p95 * 1000:6.2f} ms"


def _time(call, repeats: int) -> list[float]:
    times = []
    for n in range(repeats):
        start = time.perf_counter()
        call(n)
        times.append(time.perf_counter() - start)
    return times


def bench(location: str, work: Path, participants: int, questions: int, repeats: int) -> dict[str, list[float]]:
    store = open_store(location)
    code = store.create("01-bulk-spam", title="benchmark").code
    os.environ["COURSE_WORKSHOP_STORE"] = location
    with contextlib.redirect_stdout(io.StringIO()):  # the join line's confirmation
        participant.join(code=code, name="Benchmark learner")
    exercise = SingleChoice("bench", step="assess", points=1, prompt="What do you do first?", options=OPTIONS,
                            key=make_key("single_choice", "bench", OPTIONS[0]),
                            store=ResponsesStore(work / "responses.json"))
    results = {
        "save to responses.json": _time(lambda n: exercise.store.record("bench", OPTIONS[n % 3]), repeats),
        "publish to the room": _time(lambda n: events.publish(exercise.rules.record(OPTIONS[n % 3])), repeats),
    }
    with contextlib.redirect_stdout(io.StringIO()):
        participant.leave()

    for p in range(participants):
        name = f"Participant {p:03d}"
        store.join(code, name)
        for q in range(questions):
            store.publish(code, name, Published(f"q{q:02d}", OPTIONS[(p + q) % 3], kind="single_choice",
                                                step="assess", score=float((p + q) % 3 == 0)))
    reader = open_store(location)  # a fresh store, as a dashboard opens it
    room = reader.participants(code)
    assert len(room) == participants + 1 and sum(len(p.answers) for p in room) == participants * questions + 1
    results[f"read a {participants}x{questions} room"] = _time(lambda n: reader.participants(code), max(5, repeats // 10))
    reader.dispose()
    store.dispose()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=300, help="publishes timed per backend")
    args = parser.parse_args(argv)
    print(f"Workshop store on {sys.platform}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; "
          f"{args.repeats} publishes, then a {args.participants}x{args.questions} room read")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        backends = {"directory": str(work / "workshops"), "sqlite": f"sqlite:///{work / 'room.db'}"}
        for backend, location in backends.items():
            (work / backend).mkdir()
            results = bench(location, work / backend, args.participants, args.questions, args.repeats)
            print(f"\n{backend} ({'a shared folder' if backend == 'directory' else 'SqlStore on SQLite'})")
            for what, seconds in results.items():
                print(f"  {what:<28} {_ms(seconds)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
