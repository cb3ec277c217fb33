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

import base64
import hashlib

__all__ = ["digest", "digests", "is_digest", "seal", "unseal", "is_sealed"]

PEPPER = "recovering-from-mistakes/v1"
DIGEST_LENGTH = 16  # hex characters: 64 bits, plenty to make accidental collisions negligible


def digest(exercise_id: str, part: str) -> str:
    """Return the salted digest of one answer part of one exercise."""
    data = "\x1f".join((PEPPER, exercise_id, part)).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:DIGEST_LENGTH]


def is_digest(text: object) -> bool:
    """True for something :func:`digest` could have made (not, say, a plain key of that length)."""
    return (isinstance(text, str) and len(text) == DIGEST_LENGTH
            and all(c in "0123456789abcdef" for c in text))


def digests(exercise_id: str, parts) -> tuple[str, ...]:
    """Return the digests of several parts, sorted so that their order gives nothing away."""
    return tuple(sorted(digest(exercise_id, p) for p in parts))


_SEALED = "sealed:"


def _keystream(secret: bytes, length: int) -> bytes:
    blocks = []
    for counter in range(0, length // 32 + 1):
        blocks.append(hashlib.sha256(secret + counter.to_bytes(4, "big")).digest())
    return b"".join(blocks)[:length]


def _secret(exercise_id: str, parts) -> bytes:
    return hashlib.sha256("\x1f".join((PEPPER, exercise_id, "\x1e".join(sorted(parts)))).encode("utf-8")).digest()


def seal(exercise_id: str, parts, text: str) -> str:
    """Encrypt a text so that only the complete right answer (its parts) can open it.

    Why: the closing explanation of an exercise often states the whole answer ("assess, own,
    fix, ..."). Sealed with a key derived from the answer itself, it can be shown the moment a
    learner gets it right, yet nobody can read it off the notebook beforehand.
    """
    data = b"ok\x00" + text.encode("utf-8")
    cipher = bytes(a ^ b for a, b in zip(data, _keystream(_secret(exercise_id, parts), len(data))))
    return _SEALED + base64.b64encode(cipher).decode("ascii")


def is_sealed(text: str) -> bool:
    return text.startswith(_SEALED)


def unseal(exercise_id: str, parts, sealed: str) -> str | None:
    """The sealed text if these parts are the right answer, else None."""
    try:
        cipher = base64.b64decode(sealed[len(_SEALED):], validate=True)
    except ValueError:
        return None
    data = bytes(a ^ b for a, b in zip(cipher, _keystream(_secret(exercise_id, parts), len(cipher))))
    if not data.startswith(b"ok\x00"):
        return None
    try:
        return data[3:].decode("utf-8")
    except UnicodeDecodeError:
        return None
