"""The labelled corpus of drafted messages the message checker is measured against, and how it is counted.

The messages are in ``tests/messages/``, one JSON object per line, labelled by the rules in
``tests/messages/LABELS.md``. The split is by writer, fixed before any message was written:
``development/`` is what the rules and the model may be fitted to; ``held_out/`` is what the
checker is measured on and nothing is fitted to (which writers are in each, round by round:
``tests/messages/LABELS.md``). Shared by the tests, ``benchmarks/message_checker.py`` and
``tools/train_message_model.py``, so all three read and count alike. It imports nothing from the
package: the checker is passed in.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Iterable

__all__ = ["MESSAGES", "load", "DEVELOPMENT", "HELD_OUT", "CORPUS", "tally", "precision_recall_f1"]

MESSAGES = Path(__file__).with_name("messages")


def load(part: str) -> list[dict]:
    """Every message of one part (``development`` or ``held_out``), in file then line order, with sets for labels."""
    folder = MESSAGES / part
    messages = []
    for path in sorted(folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            m = json.loads(line)
            m["components"], m["red_flags"] = set(m["components"]), set(m["red_flags"])
            m["writer"], m["where"] = path.stem, f"{path.name}:{number}"
            messages.append(m)
    return messages


DEVELOPMENT: list[dict] = load("development")
HELD_OUT: list[dict] = load("held_out")
CORPUS: list[dict] = DEVELOPMENT + HELD_OUT


def tally(messages: Iterable[dict], check: Callable[[str], object]) -> dict[str, list[int]]:
    """Per finding id, [true positives, false positives, false negatives] of ``check`` against the labels.

    ``check`` is ``course.message_checker.check_message``, or any function of the text returning
    an object with ``components`` and ``red_flags``.
    """
    counts: dict[str, list[int]] = {}
    for m in messages:
        report = check(m["text"])
        got = report.components | report.red_flags
        expected = m["components"] | m["red_flags"]
        for finding_id in got | expected:
            row = counts.setdefault(finding_id, [0, 0, 0])
            if finding_id in got and finding_id in expected:
                row[0] += 1
            elif finding_id in got:
                row[1] += 1
            else:
                row[2] += 1
    return counts


def precision_recall_f1(row: list[int]) -> tuple[float, float, float]:
    """Precision, recall and F1 from [tp, fp, fn]; an empty side counts as 1 (nothing claimed, nothing missed)."""
    tp, fp, fn = row
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
