"""How well and how fast the message checker works, measured on the held-out part of the labelled corpus.

Two things decide whether the drafted-message checklist is usable:

1. Is it right on words it has never seen? Precision (when it reports a component or red flag, is
   it there?), recall (when a careful reader finds one, does the checker?) and F1 per finding, on
   the held-out writers of ``tests/messages/held_out/``, to whom no rule and no model was fitted.
   Target (issue 18): F1 of at least 0.85 for every finding. The development part is printed too,
   for comparison: its figures are optimistic, because the rules and the model were fitted to it.
2. Is it fast? The widget re-checks the draft on every keystroke: target under 5 ms for a 200-word
   message. Timed as a median over many runs, on a 200-word message made of held-out sentences.

Prints figures only; it never asserts (the tests hold the floors). Run:
``.venv/bin/python benchmarks/message_checker.py``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "tests"))  # the corpus loader, shared with the tests (tests/ is not a package)

from course.message_checker import check_message  # noqa: E402
from course.message_patterns import PATTERNS  # noqa: E402

TARGET_F1 = 0.85
TARGET_MS = 5.0




def print_table(title: str, messages: list[dict], corpus) -> int:
    """Print P/R/F1 per finding; return how many findings miss the F1 target."""
    counts = corpus.tally(messages, check_message)
    writers = ", ".join(sorted({m["writer"] for m in messages}))
    print(f"\n{title}: {len(messages)} messages by {writers}")
    print(f"{'finding':<16}{'kind':<11}{'precision':>10}{'recall':>8}{'F1':>7}{'support':>9}")
    below = 0
    for p in PATTERNS:
        row = counts.get(p.id, [0, 0, 0])
        precision, recall, f1 = corpus.precision_recall_f1(row)
        mark = "" if f1 >= TARGET_F1 else "  below target"
        below += bool(mark)
        print(f"{p.id:<16}{p.kind:<11}{precision:>10.2f}{recall:>8.2f}{f1:>7.2f}{row[0] + row[2]:>9}{mark}")
    return below


def median_ms(text: str, repeats: int) -> float:
    check_message(text)  # warm up (the model is read once per process)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        check_message(text)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=1000, help="checks timed per message (default 1000)")
    args = parser.parse_args()

    import message_corpus as corpus
    below = print_table("Held-out writers (nothing fitted to them)", corpus.HELD_OUT, corpus)
    print_table("Development writers (fitted to: optimistic)", corpus.DEVELOPMENT, corpus)
    print(f"\nHeld out: {below} finding(s) below the F1 target of {TARGET_F1}.")

    words = " ".join(m["text"] for m in (corpus.HELD_OUT or corpus.CORPUS)).split()
    two_hundred = " ".join(words[:200])
    t0 = time.perf_counter()
    for m in corpus.CORPUS:
        check_message(m["text"])
    per_message = (time.perf_counter() - t0) * 1000 / len(corpus.CORPUS)
    print(f"\nTime per check (target: under {TARGET_MS:g} ms for 200 words)")
    print(f"  200-word message, median of {args.repeats}: {median_ms(two_hundred, args.repeats):.3f} ms")
    print(f"  mean over the {len(corpus.CORPUS)} corpus messages: {per_message:.3f} ms")


if __name__ == "__main__":
    main()
