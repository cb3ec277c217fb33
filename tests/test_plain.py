"""What an exercise shows where its widget cannot: one short line, and a wrong code answer in one line."""

from __future__ import annotations

import pytest

from course.exercises import SingleChoice
from course.exercises.plain import NOT_RUN, WIDGET_VIEW, AnswerError

OPTIONS = ["Pause first", "Reply at once", "Say nothing"]


def question(store):
    return SingleChoice("q", step="assess", points=1, prompt="First?", options=OPTIONS, key=None, store=store)


def test_display_falls_back_to_one_short_line_not_the_widget_repr(store):
    """A notebook reopened before Run All (or read untrusted, or exported) shows the fallbacks."""
    data = question(store)._repr_mimebundle_()
    assert data["text/plain"] == NOT_RUN == "Run the notebook to see this exercise."
    assert NOT_RUN in data["text/html"] and "<style" not in data["text/html"]
    assert "VBox" not in data["text/plain"]
    assert data[WIDGET_VIEW]["model_id"]  # JupyterLab still shows the live widget where it can


def test_ipython_formats_an_exercise_with_the_fallback(store):
    from IPython.core.formatters import DisplayFormatter

    data, _ = DisplayFormatter().format(question(store))
    assert data["text/plain"] == NOT_RUN and WIDGET_VIEW in data


def test_a_wrong_code_answer_is_a_value_error_rendered_as_one_line(store):
    ex = question(store)
    with pytest.raises(ValueError) as info:
        ex.answer("Nonsense")
    assert isinstance(info.value, AnswerError)
    assert info.value._render_traceback_() == [
        "That answer was not saved (q): 'Nonsense' is not one of the options. "
        "Choose one of: “Pause first”; “Reply at once”; “Say nothing”."]
    assert info.value.__cause__ is None and info.value.__suppress_context__
    assert store.get("q") is None


def test_answer_error_of_any_reason_is_one_line():
    error = AnswerError("q", ValueError("give the items as a list, first to last"))
    assert error._render_traceback_() == ["That answer was not saved (q): give the items as a list, first to last."]


def _trusted_after_reopening(tmp_path, config) -> bool:
    """Save a notebook with an output through one server's contents manager, read it through another's."""
    import nbformat
    from jupyter_server.services.contents.filemanager import FileContentsManager

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "first_move", outputs=[nbformat.v4.new_output("display_data", data={"text/plain": NOT_RUN, WIDGET_VIEW: {}})])])
    nb.cells[0].metadata["trusted"] = True  # as JupyterLab saves an output produced in the session
    tmp_path.mkdir()
    first = FileContentsManager(root_dir=str(tmp_path), config=config)
    first.save({"type": "notebook", "format": "json", "content": nb}, "case.ipynb")
    again = FileContentsManager(root_dir=str(tmp_path), config=config)  # the next `course start`
    return again.get("case.ipynb")["content"].cells[0].metadata.get("trusted", False)


def test_a_learners_server_trusts_no_saved_output_of_an_earlier_session(tmp_path):
    """Why: a trusted notebook's saved widget view is drawn by ipywidgets, which says "Error
    displaying widget: model not found" when the kernel no longer holds it; an untrusted one
    falls back to :data:`NOT_RUN`. The learner config keeps signatures in memory, so each
    ``course start`` begins with none (the same session keeps trusting what it ran)."""
    import json

    from traitlets.config import Config

    from course.start import LEARNER_CONFIG

    learner = Config(json.loads((LEARNER_CONFIG / "jupyter_server_config.json").read_text()))
    learner.NotebookNotary.data_dir = str(tmp_path / "data")
    (tmp_path / "data").mkdir()
    assert _trusted_after_reopening(tmp_path / "learner", learner) is False
    instructor = Config()
    instructor.NotebookNotary.data_dir = str(tmp_path / "data")
    assert _trusted_after_reopening(tmp_path / "instructor", instructor) is True


def test_a_grade_cell_run_before_its_question_is_one_line_and_still_a_lookup_error():
    from course.answers import registry

    with pytest.raises(LookupError) as caught:
        registry.entry("never-defined-here")
    assert caught.value._render_traceback_() == [str(caught.value)]
    assert "run the cell that creates it first" in str(caught.value)
