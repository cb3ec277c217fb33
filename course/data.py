"""The scenario data learners analyse: ``load("01-bulk-spam", "responses")`` gives a DataFrame.

Why the CSVs are committed rather than generated on first use: a learner on Binder or in a fresh
JupyterLab opens a notebook and the data is simply there, with no generator run, no write access
to the package folder and no wait. They are small text files, so a change to a scenario shows up
in review as a diff. The test suite regenerates every scenario from its fixed seed
(:mod:`course.scenarios`) and checks the bytes are identical, so the committed files can never
drift from the code that documents how they were made.

A case with decisions (:mod:`course.scenarios.branching`) has, for a table a decision changes, one
CSV per branch: ``load(scenario, table, path={decision id: branch name})`` reads the branch's copy
(:mod:`course.story` gives a notebook's path); without a path, the base table, as the case stands
before its decisions.

Timestamp columns (named per table in each generator's ``DATE_COLUMNS``) come back as datetimes
(naive UTC), everything else as pandas reads it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["load", "tables", "scenarios", "folder"]

def scenarios() -> list[str]:
    """The scenarios that have data, sorted: the names :func:`load` accepts."""
    from .scenarios import GENERATORS  # imported when asked: importing course.data stays cheap

    return sorted(GENERATORS)


def tables(scenario: str) -> list[str]:
    """The tables of one scenario, in the order its notebook meets them."""
    return list(_generator(scenario).TABLES)


def folder(scenario: str) -> Path:
    """Where a scenario's committed CSVs live inside the package (:data:`course.scenarios.DATA`)."""
    from .scenarios import folder

    return folder(scenario)


def load(scenario: str, table: str, path: dict[str, str] | None = None) -> pd.DataFrame:
    """One table of one scenario as a fresh DataFrame, its timestamp columns parsed as datetimes.

    Fresh on every call, so a learner who changes it in one cell cannot spoil it for the next.
    ``path`` (decision id -> branch name): the branch's copy of a table its decision changes."""
    module = _generator(scenario)
    if table not in module.TABLES:
        raise ValueError(f"unknown table {table!r} for {scenario}; valid tables: {', '.join(module.TABLES)}")
    dates = module.DATE_COLUMNS[table]
    return pd.read_csv(_table_file(scenario, table, path or {}), encoding="utf-8", parse_dates=dates)


def _table_file(scenario: str, table: str, path: dict[str, str]) -> Path:
    if path:
        from .scenarios import branch_folder, decisions

        for decision in decisions(scenario):
            if table in decision.tables and decision.id in path:
                return branch_folder(scenario, decision.id, path[decision.id]) / f"{table}.csv"
    return folder(scenario) / f"{table}.csv"


def _generator(scenario: str):
    from .scenarios import generator

    return generator(scenario)
