"""Item set: a set the learner computes with pandas (a suppression list of addresses, say).

Why a kind of its own: the answer can hold thousands of items, far too many to click, so it is
recorded from code (``exercise.answer(my_set)``), and judged as a set. Practice mode can only
tell an exact match (the key is one salted digest of the whole set; thousands of per-item
digests would bloat the notebook) plus the expected size, if the author gives it.

Grading has the plain key, in one of two shapes:

- **one set** (``key=the_right_set``): each right item earns a share, each wrong item takes one
  back, never below zero (``(right - wrong) / size of the key``);
- **named subgroups** (``key={name: {"items": ..., "belongs": True|False, "weight": w,
  "review": "..."}}``), where one share of a big set is the lesson: each group earns its weight
  times the share of it handled right (the share of a ``belongs`` group on the list, the share of
  a ``belongs=False`` group kept off it), over the sum of the weights; an item in no group takes
  one share of the right set back, as above. The review names each group missed, with its
  ``review`` text, and never an item. The right set (what the practice digest is made of) is the
  union of the ``belongs`` groups.

Why groups: with one set, a suppression list of 9,699 addresses scored 3.88/4 for the whole
bought list (301 genuine subscribers suppressed) and 3.99/4 without the 33 genuine subscribers
who objected: the two points of the exercise cost almost nothing. Weighted groups make each lesson
cost its weight whatever the groups' sizes (the weights chosen for that list are in its hidden
test, ``solutions/01-bulk-spam``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .base import Check, Rules

__all__ = ["ItemSetRules", "GroupCheck", "GroupResult"]


@dataclass(frozen=True)
class GroupResult:
    """How one named subgroup fared: its name, size, how many of it are on the list, its share done right."""

    name: str
    belongs: bool
    size: int
    on_list: int
    share: float
    review: str = ""


@dataclass(frozen=True)
class GroupCheck(Check):
    """A check against named subgroups: each group's result, and the items that are in no group."""

    groups: tuple[GroupResult, ...] = ()
    strays: int = 0


def _is_groups(key: Any) -> bool:
    return isinstance(key, Mapping) and bool(key) and all(isinstance(v, Mapping) for v in key.values())


class ItemSetRules(Rules):
    """A set of strings, recorded from code and judged as a set."""

    kind = "item_set"
    constructor = "ItemSet"
    title = "a list computed with pandas"
    row_label = "size of the list"
    reveal = "computed"
    worked_out = "built their list"
    choice_name = None
    BRANCHED = Rules.BRANCHED + ("expected_size",)  # after a decision, the right set's size per branch

    def __init__(self, exercise_id: str, *, noun: str = "items", expected_size: int | None = None, **spec: Any):
        self.noun = noun
        self.expected_size = expected_size
        super().__init__(exercise_id, **spec)

    def normalise(self, value: Any) -> list[str]:
        if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
            raise ValueError(f"give a collection of {self.noun} (a set, a list or a pandas Series), not one string")
        items = list(value.tolist() if hasattr(value, "tolist") else value)
        bad = next((v for v in items if not isinstance(v, str)), None)
        if bad is not None:
            raise ValueError(f"every entry must be text; {bad!r} is not")
        return ItemSetRules.canonical(items)

    def groups(self, plain_key: Any) -> dict[str, dict[str, Any]]:
        """A subgroups key checked and made plain: name -> items (a set), belongs, weight, review."""
        groups: dict[str, dict[str, Any]] = {}
        seen: set[str] = set()
        for name, group in plain_key.items():
            unknown = set(group) - {"items", "belongs", "weight", "review"}
            if not isinstance(name, str) or not name or unknown or "items" not in group:
                raise ValueError(f"group {name!r} needs 'items' and may have only 'belongs', 'weight', 'review'")
            items = set(self.normalise(group["items"]))
            belongs, weight, review = group.get("belongs", True), group.get("weight", 1), group.get("review", "")
            if not isinstance(belongs, bool) or not isinstance(review, str):
                raise ValueError(f"group {name!r}: 'belongs' is True or False and 'review' is text")
            if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not weight > 0 or not items:
                raise ValueError(f"group {name!r}: needs items and a positive weight")
            if items & seen:
                raise ValueError(f"group {name!r} shares items with another group")
            seen |= items
            groups[name] = dict(items=items, belongs=belongs, weight=float(weight), review=review)
        if not any(g["belongs"] for g in groups.values()):
            raise ValueError("at least one group must belong on the list")
        return groups

    def normalise_key(self, plain_key: Any) -> list[str]:
        """The right set: the key itself, or the union of its groups that belong on the list."""
        if _is_groups(plain_key):
            return sorted(set().union(*(g["items"] for g in self.groups(plain_key).values() if g["belongs"])))
        return self.normalise(plain_key)

    @staticmethod
    def canonical(value: Any) -> list[str]:
        if _is_groups(value):
            value = [item for g in value.values() if g.get("belongs", True) for item in g.get("items", ())]
        items = value.tolist() if hasattr(value, "tolist") else value
        return sorted({v.strip() for v in items if v.strip()})

    @staticmethod
    def parts(value: list[str]) -> list[str]:
        return ["set=" + "\n".join(value)]

    @staticmethod
    def score(right: int, wrong: int, key_size: int) -> float:
        return 1.0 if right else 0.0

    @staticmethod
    def explanation_part(name: str, answer: Any) -> str:
        raise ValueError("an item-set exercise has no per-item explanations; use the closing explanation")

    def grade(self, value: list[str], plain_key: Any) -> Check:
        mine = set(value)
        if _is_groups(plain_key):
            return self._grade_groups(mine, self.groups(plain_key))
        key = set(self.normalise(plain_key))
        right, wrong = sorted(mine & key), sorted(mine - key)
        fraction = max(0.0, (len(right) - len(wrong)) / len(key)) if key else 0.0
        return Check(min(1.0, fraction), tuple(right), tuple(wrong))

    def _grade_groups(self, mine: set[str], groups: dict[str, dict[str, Any]]) -> GroupCheck:
        results, earned, total = [], 0.0, 0.0
        for name, g in groups.items():
            on_list = len(mine & g["items"])
            share = on_list / len(g["items"]) if g["belongs"] else 1 - on_list / len(g["items"])
            results.append(GroupResult(name, g["belongs"], len(g["items"]), on_list, share, g["review"]))
            earned += g["weight"] * share
            total += g["weight"]
        right_set = set().union(*(g["items"] for g in groups.values() if g["belongs"]))
        strays = mine - set().union(*(g["items"] for g in groups.values()))
        fraction = max(0.0, earned / total - len(strays) / len(right_set))
        return GroupCheck(min(1.0, fraction), tuple(sorted(mine & right_set)), tuple(sorted(mine - right_set)),
                          groups=tuple(results), strays=len(strays))

    @staticmethod
    def same_answer(value: Any, key: Any, *, decimals: int = 0) -> bool:
        return sorted(set(value)) == ItemSetRules.canonical(key)

    def describe(self, value: list[str]) -> str:
        return f"Your list has {len(value):,} {self.noun}."

    def review(self, value: list[str], check: Check) -> str:
        if check.complete:
            return self.describe(value)
        if isinstance(check, GroupCheck):
            return " ".join([self.describe(value)] + [self._group_line(g) for g in check.groups if g.share < 1]
                            + ([f"{check.strays:,} of your {self.noun} belong to none of the groups the task "
                                "describes."] if check.strays else []))
        return (f"{self.describe(value)} {len(check.right):,} of them belong on it and {len(check.wrong):,} do "
                "not; compare your conditions with each part of the task.")

    def _group_line(self, g: GroupResult) -> str:
        """One missed group, by name and count, never by item."""
        if g.belongs:
            said = f"Missing: {g.name} ({g.on_list:,} of {g.size:,} on your list)."
        else:
            said = f"On your list but should not be: {g.name} ({g.on_list:,} of {g.size:,})."
        return f"{said} {g.review}".strip()
