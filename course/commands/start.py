"""``course start``: open the course in JupyterLab at its start page (see :mod:`course.start`)."""

from __future__ import annotations

import os

from ..layout import find_root

__all__ = ["main"]


def main(*, port: int | None = None, open_browser: bool | None = None,
         root: str | os.PathLike[str] | None = None) -> int:
    """Serve the course until Ctrl+C; ``open_browser`` None opens one where there is a display."""
    from ..start import start

    return start(root=find_root(root), port=port, open_browser=open_browser)
