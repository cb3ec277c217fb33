"""Scenario data: one module per scenario that generates its tables from a fixed seed.

Why generators and not hand-made files: the numbers each notebook asks about (a complaint rate,
an overlap, an hourly shape) are properties the generator guarantees and the tests check, so a
change to a story is a change to code that can be reviewed and re-run, never an edit to 10,000
rows. The generated CSVs are committed under ``course/data/<scenario>/`` (:data:`DATA`, which
:mod:`course.data` reads through :func:`folder`) and :func:`regenerate` rewrites them byte for byte.
Decisions that change a case's data (:mod:`course.scenarios.branching`) are declared in the
same module as ``DECISIONS``; each branch's tables are committed under
``course/data/<scenario>/<decision id>/<branch>/`` (:func:`branch_folder`) and regenerated with them.
This package imports nothing else of the course; the data loader imports it, never the reverse.
"""

from __future__ import annotations

from pathlib import Path

from . import bulk_spam, premature_send, wrong_year
from .branching import Branch, DecisionPoint, check_decisions

__all__ = ["DATA", "GENERATORS", "Branch", "DecisionPoint", "branch_folder", "decision_point", "decisions",
           "find_decision", "folder", "generator", "regenerate"]

DATA = Path(__file__).parent.parent / "data"  # course/data/<scenario>/<table>.csv, committed

# Each module offers SEED, TABLES, DATE_COLUMNS, generate(seed, **params), write(folder, seed), and
# DECISIONS (a tuple of DecisionPoint, empty where the case has none).
GENERATORS = {
    "01-bulk-spam": bulk_spam,
    "02-wrong-year-attachment": wrong_year,
    "03-premature-send": premature_send,
}


def generator(scenario: str):
    """The generator module of one scenario; a one-line ValueError naming the valid ones otherwise."""
    try:
        return GENERATORS[scenario]
    except KeyError:
        raise ValueError(f"unknown scenario {scenario!r}; valid scenarios: {', '.join(sorted(GENERATORS))}") from None


def folder(scenario: str) -> Path:
    """Where a scenario's committed CSVs live inside the package."""
    generator(scenario)
    return DATA / scenario


def decisions(scenario: str) -> tuple[DecisionPoint, ...]:
    """The decisions of one scenario that change its data, in the order its notebook meets them."""
    module = generator(scenario)
    declared = tuple(getattr(module, "DECISIONS", ()))
    check_decisions(scenario, declared, tuple(module.TABLES))
    return declared


def decision_point(scenario: str, decision_id: str) -> DecisionPoint:
    """One decision of a scenario; a one-line ValueError naming its decisions otherwise."""
    for decision in decisions(scenario):
        if decision.id == decision_id:
            return decision
    known = ", ".join(d.id for d in decisions(scenario)) or "none"
    raise ValueError(f"{scenario} has no decision {decision_id!r}; its decisions: {known}")


def find_decision(decision_id: str) -> tuple[str, DecisionPoint] | None:
    """The scenario and declaration of a decision named by its exercise id alone, or None.

    Exercise ids are unique across the course (each carries its case's prefix), so the grading of
    an exercise that follows a decision needs only the decision's id to find its branches."""
    for scenario in sorted(GENERATORS):
        for decision in decisions(scenario):
            if decision.id == decision_id:
                return scenario, decision
    return None


def branch_folder(scenario: str, decision_id: str, branch: str, root: Path | None = None) -> Path:
    """Where the tables of one branch of one decision live (inside ``root``, default the package's data)."""
    decision_point(scenario, decision_id).branch(branch)
    return Path(DATA / scenario if root is None else root) / decision_id / branch


def regenerate(scenario: str, folder: Path | None = None) -> list[Path]:
    """Write a scenario's CSVs from its fixed seed, by default over the committed copies in the package:
    the base tables, then the tables of each branch of each decision."""
    from .csv_tables import write_tables

    module = generator(scenario)
    root = Path(DATA / scenario if folder is None else folder)
    paths = module.write(root, module.SEED)
    for decision in decisions(scenario):
        for branch in decision.branches:
            tables = module.generate(module.SEED, **branch.params)
            paths += write_tables({t: tables[t] for t in decision.tables},
                                  branch_folder(scenario, decision.id, branch.name, root))
    return paths
