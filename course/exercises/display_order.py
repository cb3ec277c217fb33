"""Each learner's own order of an exercise's options and items, the same every time they look.

Why: with one order for everybody the right option sits in the same place for the whole class
(and, in this bank, mostly in the second or third place), so position itself becomes a cue and
answers travel between neighbours as "the third one". Each learner therefore sees the options of
a choice, the items of a categorise and the starting order of an ordering in an order of their
own, in practice and in graded mode. It must not move under them: the order is a pure function
of the learner and the exercise id, so a re-run, a reload or a restarted kernel shows it again.

Who the learner is: ``COURSE_LEARNER`` if the course sets it, else ``JUPYTERHUB_USER`` (a hub sets
it for every learner), else a random seed kept in the assignment's ``responses.json``
(``learner_seed``). A panel never writes when it is merely created (Run All and autograde must not
write), so a new seed lives in this kernel until the learner's first draft or answer writes the file,
and is kept there with it; before anything is saved there is nothing an order change could
confuse.

Nothing else depends on the order shown: answers are saved, keyed, graded, tallied and exported as
option text (multiple choice in the author's order, whatever the order of ticking).
"""

from __future__ import annotations

import hashlib
import os
import random
import secrets
from collections.abc import Callable, Sequence

from ..responses import ResponsesStore

__all__ = ["LEARNER_VARIABLES", "learner", "keep", "shuffled"]

LEARNER_VARIABLES = ("COURSE_LEARNER", "JUPYTERHUB_USER")
_session_seeds: dict[str, str] = {}  # responses file -> the seed drawn in this kernel, not yet kept


def learner(store: ResponsesStore) -> str:
    """Who the learner is, for ordering: their identity in a graded course, else their seed."""
    for name in LEARNER_VARIABLES:
        value = os.environ.get(name, "").strip()
        if value:
            return f"learner={value}"
    kept = store.learner_seed()
    if kept:
        return f"seed={kept}"
    seed = _session_seeds.setdefault(str(store.path), secrets.token_hex(8))
    return f"seed={seed}"


def keep(store: ResponsesStore) -> None:
    """After a save: keep this kernel's seed in the responses file, if the order came from it."""
    seed = _session_seeds.pop(str(store.path), None)
    if seed is None or any(os.environ.get(name, "").strip() for name in LEARNER_VARIABLES):
        return
    try:
        store.keep_learner_seed(seed)
    except (OSError, TimeoutError):
        _session_seeds[str(store.path)] = seed  # try again at the next save


def shuffled(items: Sequence[str], exercise_id: str, who: str,
             avoid: Callable[[list[str]], bool] | None = None) -> list[str]:
    """``items`` in this learner's order for this exercise; never an order ``avoid`` rejects (an
    ordering's right order) when another exists."""
    rng = random.Random(hashlib.sha256(f"{who}\x1f{exercise_id}".encode()).digest())
    order = list(items)
    for _ in range(64):
        rng.shuffle(order)
        if avoid is None or not avoid(order):
            return order
    for _ in range(len(order)):  # astronomically unlikely with more than two items: rotate until it passes
        order = order[1:] + order[:1]
        if not avoid(order):
            return order
    return order
