"""``course key``: print the salted key an exercise carries for an answer (for authors)."""

from __future__ import annotations

import json

from . import CommandError

__all__ = ["main"]


def main(*, kind: str, exercise_id: str, answer: str, explanation: str | None = None,
         explanations: str | None = None) -> int:
    """Print ``key=...`` (and veiled explanations, and the veiled ``solution=`` that "Show the answer"
    opens) to paste into the exercise's constructor.

    ``answer`` is JSON, or a bare option text (the common case for single choice);
    ``explanations`` is a JSON object of per-option (or per-item) texts."""
    from ..answers import make_key, seal_explanations, seal_solution

    try:
        value = json.loads(answer)
    except json.JSONDecodeError:
        value = answer  # a bare option text is the common case for single choice
    try:
        texts = json.loads(explanations) if explanations else {}
        digests = make_key(kind, exercise_id, value)
        sealed, closing = seal_explanations(kind, exercise_id, value, texts, explanation or "")
        solution = seal_solution(kind, exercise_id, value)
    except (ValueError, TypeError, KeyError, AttributeError) as problem:
        raise CommandError(f"cannot make a key: {problem}") from None
    print(f"key={digests!r},")
    if sealed:
        print("explanations={")
        for name, text in sealed.items():
            print(f"    {name!r}: {text!r},")
        print("},")
    if closing:
        print(f"explanation={closing!r},")
    if solution:
        print(f"solution={solution!r},")
    return 0
