"""Salted digests of answer parts, so practice feedback can say "right" without shipping the key.

Why: learner notebooks must not hold an answer key in plain text, yet practice mode has to judge
an answer the moment it is given, with no hidden test to ask. So an exercise carries, instead of
its key, the digests of the key's *parts* (the chosen option, each option to tick, each item's
place or category). An answer is judged part by part: a part is right when its digest is among
the exercise's digests. The salt is the exercise id plus a course-wide pepper, so the same
option in two exercises hashes differently and a table of digests from one exercise says nothing
about another.

This is a shield against reading the answer off the page, not cryptography: with four options a
determined learner can try them all, exactly as they could by clicking.
"""

from __future__ import annotations

import hashlib

__all__ = ["digest", "digests"]

PEPPER = "recovering-from-mistakes/v1"
DIGEST_LENGTH = 16  # hex characters: 64 bits, plenty to make accidental collisions negligible


def digest(exercise_id: str, part: str) -> str:
    """Return the salted digest of one answer part of one exercise."""
    data = "\x1f".join((PEPPER, exercise_id, part)).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:DIGEST_LENGTH]


def digests(exercise_id: str, parts) -> tuple[str, ...]:
    """Return the digests of several parts, sorted so that their order gives nothing away."""
    return tuple(sorted(digest(exercise_id, p) for p in parts))
