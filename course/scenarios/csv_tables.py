"""Writing a scenario's tables as CSV, the same bytes on every machine.

Why one function: every scenario's committed CSVs are checked by regenerating them and comparing
bytes, so every generator must write with exactly the same settings (UTF-8, ``\\n`` line endings,
no index, one time format, one float format).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["TIME_FORMAT", "write_tables"]

TIME_FORMAT = "%Y-%m-%dT%H:%M:%S"  # naive local time of the story, ISO 8601


def write_tables(tables: dict[str, pd.DataFrame], folder: Path) -> list[Path]:
    """Write each table as ``<name>.csv`` into folder (created if missing); return the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, table in tables.items():
        path = folder / f"{name}.csv"
        table.to_csv(path, index=False, encoding="utf-8", lineterminator="\n", date_format=TIME_FORMAT,
                     float_format="%.6f")
        paths.append(path)
    return paths
