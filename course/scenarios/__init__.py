"""Scenario data: one module per scenario that generates its tables from a fixed seed.

Why generators and not hand-made files: the numbers each notebook asks about (a complaint rate,
an overlap, an hourly shape) are properties the generator guarantees and the tests check, so a
change to a story is a change to code that can be reviewed and re-run, never an edit to 10,000
rows. The generated CSVs are committed under ``course/data/<scenario>/`` (:data:`DATA`, which
:mod:`course.data` reads through :func:`folder`) and :func:`regenerate` rewrites them byte for byte.
This package imports nothing else of the course; the data loader imports it, never the reverse.
"""

from __future__ import annotations

from pathlib import Path

from . import bulk_spam, premature_send, wrong_year

__all__ = ["DATA", "GENERATORS", "folder", "generator", "regenerate"]

DATA = Path(__file__).parent.parent / "data"  # course/data/<scenario>/<table>.csv, committed

# Each module offers SEED, TABLES, DATE_COLUMNS, generate(seed) and write(folder, seed).
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


def regenerate(scenario: str, folder: Path | None = None) -> list[Path]:
    """Write a scenario's CSVs from its fixed seed, by default over the committed copies in the package."""
    module = generator(scenario)
    return module.write(Path(DATA / scenario if folder is None else folder), module.SEED)
