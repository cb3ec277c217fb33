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

Explanations and the right answer are *veiled* (:func:`veil`, :func:`unveil`): a practice notebook
teaches on failure (each wrong option's or item's why, after any Check) and lets a learner who
is stuck see the right answer, so its own kernel must open them with nothing but the exercise id.
That is obfuscation against reading the page, said as such: anyone with this module opens them,
as anyone can recover a practice release's digests (the graded release carries none of it). The
older form, :func:`seal`, opened only with the right answer's parts; :func:`unseal` still reads it.
"""

from __future__ import annotations

import base64
import hashlib

__all__ = ["digest", "digests", "is_digest", "seal", "unseal", "is_sealed", "veil", "unveil", "is_veiled", "opened"]

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
_VEILED = "sealed:v2:"  # still begins with "sealed:": every scan for sealed text finds both forms


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
    if is_veiled(sealed):
        return None
    try:
        cipher = base64.b64decode(sealed[len(_SEALED):], validate=True)
    except ValueError:
        return None
    return _text_of(bytes(a ^ b for a, b in zip(cipher, _keystream(_secret(exercise_id, parts), len(cipher)))))


def _text_of(data: bytes) -> str | None:
    """The text of opened bytes, or None when the key was not the right one (no ``ok`` mark)."""
    if not data.startswith(b"ok\x00"):
        return None
    try:
        return data[3:].decode("utf-8")
    except UnicodeDecodeError:
        return None


def _veil_secret(exercise_id: str) -> bytes:
    return hashlib.sha256("\x1f".join((PEPPER, exercise_id, "veiled")).encode("utf-8")).digest()


def veil(exercise_id: str, text: str) -> str:
    """Hide a text from a reader of the notebook; the exercise's own kernel opens it (:func:`unveil`).

    Why not :func:`seal`: the practice kernel must show a wrong option's explanation after a wrong
    check and the right answer after a reveal, without holding the answer. Deterministic, so a
    notebook's key material regenerated from the same texts is byte for byte the same; each text
    gets its own keystream (a nonce taken from the text), so two texts of one exercise that begin
    alike do not look alike."""
    data = b"ok\x00" + text.encode("utf-8")
    nonce = hashlib.sha256(_veil_secret(exercise_id) + data).digest()[:8]
    cipher = bytes(a ^ b for a, b in zip(data, _keystream(_veil_secret(exercise_id) + nonce, len(data))))
    return _VEILED + base64.b64encode(nonce + cipher).decode("ascii")


def is_veiled(text: object) -> bool:
    return isinstance(text, str) and text.startswith(_VEILED)


def unveil(exercise_id: str, veiled: str) -> str | None:
    """The veiled text of this exercise, or None (another exercise's text, or not a veiled text)."""
    if not is_veiled(veiled):
        return None
    try:
        raw = base64.b64decode(veiled[len(_VEILED):], validate=True)
    except ValueError:
        return None
    nonce, cipher = raw[:8], raw[8:]
    return _text_of(bytes(a ^ b for a, b in zip(cipher, _keystream(_veil_secret(exercise_id) + nonce, len(cipher)))))


def opened(exercise_id: str, text: str, parts=None) -> str | None:
    """A text as the practice kernel reads it: plain as it is, veiled opened with the exercise id,
    sealed (the older form) opened with ``parts`` when given; None when it stays closed."""
    if is_veiled(text):
        return unveil(exercise_id, text)
    if is_sealed(text):
        return unseal(exercise_id, parts, text) if parts is not None else None
    return text
