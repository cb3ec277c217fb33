"""Ordering: put items in sequence.

Partial credit by pairs (Kendall-style): the share of the n(n-1)/2 pairs of items that the answer
puts in the same relative order as the key. Why pairs and not places: one item put a step early
shifts every item between, so scoring by exact place made one defensible change of order cost
four fifths of the marks; by pairs it costs the pairs it really reverses (moving one item of five
by three places costs 3 of 10 pairs).

Acceptable orders: where two orders are defensible the author declares them all; the hidden test's
key is then a list of orders (``key=[[...], [...]]``, the first the one the dashboard reveals).
Any acceptable order earns full marks; any other answer earns its best pairwise share against
any of them.

The parts (what the salted digests are made of) are the pairs: ``"A before B"`` for each pair of
the key's order. The orders after the first are tagged (``"order 2: A before B"``), so the
practice digests hold each acceptable order apart and the practice check can take the best of
them exactly as grading does; their number is the count of digests over the count of pairs.
An item's explanation is sealed with its place in the first order (``"position 3=Fix"``), so it
opens for an item put where the key puts it.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations, permutations
from typing import Any

from .. import keys
from .base import Check, Rules, options_list

__all__ = ["OrderingRules", "pair", "orders_of"]


def pair(first: str, second: str) -> str:
    """The part that says ``first`` comes before ``second``."""
    return f"{first} before {second}"


def _tagged(number: int, part: str) -> str:
    return part if number == 1 else f"order {number}: {part}"


def _pairs(order: list[str]) -> list[str]:
    return [pair(a, b) for a, b in combinations(order, 2)]


def orders_of(key: Any) -> list[list[str]]:
    """The acceptable orders of a plain key: one order (a list of items) or several (a list of lists)."""
    if isinstance(key, (list, tuple)) and key and all(isinstance(k, (list, tuple)) for k in key):
        return [list(order) for order in key]
    return [list(key)]


class OrderingRules(Rules):
    """Put the items in the right order; they are shown in the order given."""

    kind = "ordering"
    constructor = "Ordering"
    title = "put in order"
    column_label = "place in the order (1 = first)"
    reveal = "order"
    choice_name = "ordering"

    def __init__(self, exercise_id: str, *, items: Iterable[str], **spec: Any):
        self.items = options_list(items, "items", exercise_id)
        super().__init__(exercise_id, **spec)

    def normalise(self, value: Any) -> list[str]:
        if isinstance(value, str) or not isinstance(value, (list, tuple)):
            raise ValueError("give the items as a list, first to last")
        if not all(isinstance(v, str) for v in value) or len(value) != len(self.items) or set(value) != set(self.items):
            raise ValueError("list every item exactly once: " + "; ".join(f"“{i}”" for i in self.items))
        return list(value)

    def normalise_key(self, plain_key: Any) -> list[str] | list[list[str]]:
        """One order, or several acceptable ones (each a full order of the items, none twice)."""
        orders = [self.normalise(order) for order in orders_of(plain_key)]
        if len({tuple(order) for order in orders}) != len(orders):
            raise ValueError("an acceptable order is given twice")
        return orders[0] if len(orders) == 1 else orders

    @staticmethod
    def canonical(value: Any) -> list[str] | list[list[str]]:
        orders = orders_of(value)
        return orders[0] if len(orders) == 1 else orders

    @staticmethod
    def parts(value: Any) -> list[str]:
        return [_tagged(n, p) for n, order in enumerate(orders_of(value), start=1) for p in _pairs(order)]

    @staticmethod
    def older_parts(value: Any) -> list[str]:
        """The parts a closing explanation was sealed with before credit went by pairs (each item's
        place in the first order), so a notebook sealed then still opens (the catalogue, the panel)."""
        return [f"position {n}={item}" for n, item in enumerate(orders_of(value)[0], start=1)]

    @staticmethod
    def score(right: int, wrong: int, key_size: int) -> float:
        return right / (right + wrong) if right + wrong else 0.0

    @staticmethod
    def explanation_part(name: str, answer: Any) -> str:
        first = orders_of(answer)[0]
        return f"position {first.index(name) + 1}={name}"

    def _judge(self, value: Any, digests: Iterable[str]) -> Check:
        """The best pairwise share against any acceptable order (their count: digests over pairs)."""
        digests = set(digests)
        mine = _pairs(value)
        count = max(1, len(digests) // max(1, len(mine)))
        best: tuple[str, ...] = ()
        for number in range(1, count + 1):
            right = tuple(p for p in mine if keys.digest(self.id, _tagged(number, p)) in digests)
            if len(right) > len(best):
                best = right
        wrong = tuple(p for p in mine if p not in set(best))
        return Check(self.score(len(best), len(wrong), len(digests)), best, wrong)

    def closing_text(self, check: Check, **options: Any) -> str:
        """The closing explanation; one sealed with every acceptable order's parts opens for any of them.

        Those parts are found again from the digests (every ordered pair of the items, per order):
        exactly what a learner could try, so nothing is given that the page does not already hold.
        Anything else (a plain text, an incomplete answer) is the base class's to decide."""
        if check.complete and isinstance(self.explanation, str) and keys.is_sealed(self.explanation) and self.key:
            count = max(1, len(self.key) // max(1, len(self.items) * (len(self.items) - 1) // 2))
            digests = set(self.key)
            found = [part for number in range(1, count + 1) for a, b in permutations(self.items, 2)
                     if keys.digest(self.id, part := _tagged(number, pair(a, b))) in digests]
            text = keys.unseal(self.id, found, self.explanation)
            if text:
                return text
            # sealed before credit went by pairs: with each item's place in the order checked right
            # (untagged pairs, the first order), rebuilt by how many items each one comes before
            right = [p for p in check.right if not p.startswith("order ")]
            before = {item: sum(1 for p in right if p.startswith(f"{item} before ")) for item in self.items}
            order = sorted(self.items, key=lambda item: -before[item])
            text = keys.unseal(self.id, self.older_parts(order), self.explanation)
            if text:
                return text
        return super().closing_text(check, **options)

    @staticmethod
    def out_of_order(value: list[str], check: Check) -> set[str]:
        """The items of an answer that take part in a pair judged wrong (the rest are right
        relative to every other item, which is to say in their place)."""
        wrong = set(check.wrong)
        return {item for a, b in combinations(value, 2) if pair(a, b) in wrong for item in (a, b)}

    @staticmethod
    def same_answer(value: Any, key: Any, *, decimals: int = 0) -> bool:
        return any(list(value) == order for order in orders_of(key))

    def describe(self, value: list[str]) -> str:
        return "Your order: " + "; ".join(f"{n}. {item}" for n, item in enumerate(value, start=1)) + "."

    def review(self, value: list[str], check: Check) -> str:
        total = len(check.right) + len(check.wrong)
        if check.complete:
            return f"All {total} pairs of items in the right order."
        return (f"{len(check.right)} of {total} pairs of items in the right order; "
                f"{len(self.out_of_order(value, check))} of {len(value)} items are out of place.")

    @staticmethod
    def wrong_labels(value: Any, key: Any, options: Iterable[str], categories: Iterable[str]) -> list[str]:
        """The pairs the answer reverses against the acceptable order it comes closest to (each pair
        once, named as the learner put it: "“B” before “A”"); every pair where the key is unknown."""
        options = set(options)
        if not (isinstance(value, list) and all(isinstance(v, str) and v in options for v in value)):
            return []
        mine = list(combinations(value, 2))
        try:
            orders = [{item: n for n, item in enumerate(order)} for order in orders_of(key)] if key else []
        except TypeError:
            orders = []
        best: list[tuple[str, str]] | None = None
        for place in orders:
            reversed_ = [(a, b) for a, b in mine if a in place and b in place and place[a] > place[b]]
            if best is None or len(reversed_) < len(best):
                best = reversed_
        return [f"“{a}” before “{b}”" for a, b in (mine if best is None else best)]
