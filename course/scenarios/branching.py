"""Decisions that change a case's data: what a scenario declares, and where each branch's tables live.

Why declared as data in the scenario's module: a case that unfolds with the learner's choices
(the branching scenario of Cathy Moore, *Map It*, 2017) needs, for each decision, the options a
learner can take, what each one leads to in the case's own data, and the words that tell it. All
three are content. The widget is the course's one ``Decision`` exercise
(:mod:`course.answers.decision`), the same for every case; the generator computes each branch's
tables from the same fixed seed, with the branch's parameters; nothing here knows a widget.

Why the future is not in the base tables: information arrives step by step. A scenario's base
tables hold the case as it stands when its decisions are due; a branch's tables (only those its
decision changes) hold what happens after that choice. They are committed beside the base CSVs, in
``<data>/<decision id>/<branch name>/<table>.csv``, and regenerate byte for byte like them.

A table is changed by at most one decision of its scenario, so a learner's path picks each table
from one folder: the base, or its decision's branch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

__all__ = ["Branch", "DecisionPoint", "check_decisions"]

_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")  # a branch name: a lower-case slug, safe as a folder name


@dataclass(frozen=True)
class Branch:
    """One option of a decision: the option's text as the learner reads it, a short name (a slug),
    the generator's parameters that make its data, and the consequence the learner reads after
    choosing it (what happens next, told before any why)."""

    name: str
    option: str
    consequence: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not _NAME.fullmatch(self.name):
            raise ValueError(f"branch name {self.name!r} must be a lower-case slug (letters, digits, '-')")
        if not self.option.strip() or not self.consequence.strip():
            raise ValueError(f"branch {self.name!r} needs an option and a consequence")
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))


@dataclass(frozen=True)
class DecisionPoint:
    """A decision of a case: the id of its exercise, the tables its choice changes, its branches."""

    id: str
    tables: tuple[str, ...]
    branches: tuple[Branch, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "tables", tuple(self.tables))
        object.__setattr__(self, "branches", tuple(self.branches))
        names = [b.name for b in self.branches]
        options = [b.option for b in self.branches]
        if len(self.branches) < 2:
            raise ValueError(f"decision {self.id!r} needs two branches or more")
        if len(set(names)) != len(names) or len(set(options)) != len(options):
            raise ValueError(f"decision {self.id!r}: branch names and options must be unique")

    @property
    def options(self) -> tuple[str, ...]:
        """The options in the order declared."""
        return tuple(b.option for b in self.branches)

    @property
    def names(self) -> tuple[str, ...]:
        """The branch names in the order declared."""
        return tuple(b.name for b in self.branches)

    def branch(self, name: str) -> Branch:
        """The branch with this name; a one-line KeyError naming the valid ones otherwise."""
        for branch in self.branches:
            if branch.name == name:
                return branch
        raise KeyError(f"decision {self.id!r} has no branch {name!r}; its branches: {', '.join(self.names)}")

    def branch_of(self, option: Any) -> Branch | None:
        """The branch a chosen option leads to, or None for anything that is not one of its options."""
        return next((b for b in self.branches if b.option == option), None)


def check_decisions(scenario: str, decisions: tuple[DecisionPoint, ...], tables: tuple[str, ...]) -> None:
    """An authoring check of one scenario's declarations: known tables, each changed by one decision
    at most, and decision ids unique. Raises ValueError saying what is wrong."""
    seen: dict[str, str] = {}
    ids = set()
    for decision in decisions:
        if decision.id in ids:
            raise ValueError(f"{scenario}: decision {decision.id!r} is declared twice")
        ids.add(decision.id)
        for table in decision.tables:
            if table not in tables:
                raise ValueError(f"{scenario}: decision {decision.id!r} changes an unknown table {table!r}")
            if table in seen:
                raise ValueError(f"{scenario}: table {table!r} is changed by two decisions "
                                 f"({seen[table]!r} and {decision.id!r}); one at most")
            seen[table] = decision.id
