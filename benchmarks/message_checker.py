"""How well and how fast the message checker works, measured on the labelled corpus.

Two things decide whether the drafted-message checklist is usable:

1. Is it right? Precision (when it says a component or red flag is there, is it?) and recall (when
   a careful reader finds one, does the checker?) per finding, over ``tests/message_corpus.py``.
   Printed for the whole corpus and for the held-out messages alone, which were written after the
   rules were fixed: the second table is the fairer estimate for a learner's new wording.
2. Is it fast? The widget re-checks the draft on every keystroke, so a check of a realistic
   message must take well under 5 ms. The median is timed over the corpus's longest message and a
   200-word one.

Prints figures only; it never asserts. Run: ``.venv/bin/python benchmarks/message_checker.py``.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from course.message_checker import check_message  # noqa: E402
from course.message_patterns import PATTERNS  # noqa: E402


def load_corpus():
    """Import tests/message_corpus.py by its path: tests/ is not a package."""
    spec = importlib.util.spec_from_file_location("message_corpus", ROOT / "tests" / "message_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def print_table(title: str, messages: list[dict], tally) -> None:
    counts = tally(messages, check_message)
    print(f"\n{title} ({len(messages)} messages)")
    print(f"{'finding':<16}{'kind':<11}{'precision':>10}{'recall':>8}{'support':>9}")
    for p in PATTERNS:
        tp, fp, fn = counts.get(p.id, [0, 0, 0])
        precision = f"{tp / (tp + fp):.2f}" if tp + fp else "-"
        recall = f"{tp / (tp + fn):.2f}" if tp + fn else "-"
        print(f"{p.id:<16}{p.kind:<11}{precision:>10}{recall:>8}{tp + fn:>9}")


def median_ms(text: str, repeats: int) -> float:
    check_message(text)  # warm up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        check_message(text)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2000, help="checks timed per message (default 2000)")
    args = parser.parse_args()

    corpus = load_corpus()
    print_table("Whole corpus", corpus.CORPUS, corpus.tally)
    print_table("Held-out messages only", corpus.HOLDOUT, corpus.tally)

    longest = max(corpus.CORPUS, key=lambda m: len(m["text"].split()))["text"]
    words = longest.split()
    two_hundred = " ".join((words * 2)[:200])
    all_messages = [m["text"] for m in corpus.CORPUS]
    t0 = time.perf_counter()
    for text in all_messages:
        check_message(text)
    per_message = (time.perf_counter() - t0) * 1000 / len(all_messages)

    print("\nMedian time per check (target: well under 5 ms)")
    print(f"  200-word message:               {median_ms(two_hundred, args.repeats):.3f} ms")
    print(f"  longest corpus message ({len(words)} w): {median_ms(longest, args.repeats):.3f} ms")
    print(f"  mean over the whole corpus:     {per_message:.3f} ms")


if __name__ == "__main__":
    main()
