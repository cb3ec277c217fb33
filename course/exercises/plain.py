"""What an exercise says where its widget cannot speak: one short line, never the machinery.

Why a module of its own: two places show a learner raw plumbing unless told otherwise.

- A notebook reopened before Run All (or read where no widget can live: an untrusted notebook in
  JupyterLab, GitHub, an HTML export) shows each output's plain-text fallback. ipywidgets makes
  that ``repr(panel)``, ``VBox(children=(HTML(value='<style onload=...``: :func:`mimebundle`
  replaces it (and adds the same line as HTML) with :data:`NOT_RUN`, keeping the widget view for
  every frontend that can show it.
- A wrong answer given in code (``first_move.answer("Nonsense")``) is an error, so the code that
  gave it knows; but a traceback through the course's source buries the one line that helps.
  :class:`AnswerError` is still a ``ValueError`` (code and tests that expect one keep working) and
  tells IPython, through ``_render_traceback_``, to show that line alone.

Why raise rather than print and return: "Run All" should stop at the cell whose answer was not
saved, so the learner sees it where it happened, and a test or a script answering in code learns
of it the usual way. Learner-side: imports nothing but the standard library.
"""

from __future__ import annotations

import html
from typing import Any

__all__ = ["AnswerError", "NOT_RUN", "mimebundle"]

NOT_RUN = "Run the notebook to see this exercise."
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def mimebundle(panel: Any, **kwargs: Any) -> dict:
    """The panel's display data with :data:`NOT_RUN` as its text and HTML fallback.

    JupyterLab shows the widget view where the notebook is trusted and the widget lives in the
    kernel; everywhere else it falls back to HTML, then text, and so does every other frontend."""
    bundle = panel._repr_mimebundle_(**kwargs)
    data, metadata = bundle if isinstance(bundle, tuple) else (bundle, None)
    data = dict(data)
    data["text/plain"] = NOT_RUN
    data["text/html"] = (f'<p class="course-exercise-not-run" style="color:#555;font-style:italic">'
                         f"{html.escape(NOT_RUN)}</p>")
    return (data, metadata) if metadata is not None else data


class AnswerError(ValueError):
    """A code answer the exercise cannot take: one kind line in the notebook, no traceback."""

    def __init__(self, exercise_id: str, problem: Exception | str):
        reason = str(problem).strip().rstrip(".") or "it is not an answer to this question"
        self.exercise_id = exercise_id
        super().__init__(f"That answer was not saved ({exercise_id}): {reason}.")

    def _render_traceback_(self) -> list[str]:
        """What IPython shows for this error instead of the traceback: the message, one line."""
        return [str(self)]
