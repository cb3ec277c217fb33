"""A cell run before the setup cell says so in one line; a wrong code answer is one line too.

The kernel tests start a real ipykernel through jupyter_client with the environment ``course
start`` gives JupyterLab (PYTHONSTARTUP naming the course's start-up file), as a learner's
kernel gets it, and read what the frontend would show: the error's traceback lines."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from course import setup_hint
from course.start import learner_environment

SETUP = "from course.exercises import SingleChoice\nfrom course.grading import grade, saved\n"
QUESTION = ("first_move = SingleChoice('q', step='assess', points=1, prompt='First?', "
            "options=['Pause first', 'Reply at once', 'Say nothing'], key=None)\nfirst_move")


def course_notebook(folder: Path, name: str = "case.ipynb") -> Path:
    """A notebook shaped like the course's: a locked setup cell with grade id ``setup``."""
    nb = nbformat.v4.new_notebook()
    setup = nbformat.v4.new_code_cell(SETUP)
    setup.metadata["nbgrader"] = {"grade": False, "grade_id": "setup", "locked": True, "schema_version": 3,
                                  "solution": False, "task": False}
    question = nbformat.v4.new_code_cell(QUESTION)
    question.metadata["nbgrader"] = dict(setup.metadata["nbgrader"], grade_id="q-question")
    nb.cells = [setup, question, nbformat.v4.new_code_cell("first_move.answer('Pause first')")]
    path = folder / name
    nbformat.write(nb, path)
    return path


# -- the rule, without a kernel --------------------------------------------------------------------


def test_setup_names_are_what_the_setup_cell_binds(tmp_path):
    assert setup_hint.setup_names(course_notebook(tmp_path)) == {"SingleChoice", "grade", "saved"}


def test_hint_before_setup_and_none_after(tmp_path):
    notebook = course_notebook(tmp_path)
    error = NameError("name 'first_move' is not defined", name="first_move")
    line = setup_hint.hint(error, {}, str(notebook), tmp_path)
    assert line.startswith("`first_move` is not defined: this notebook's setup cell has not run")
    assert "Run > Run All Cells" in line and "\n" not in line
    ran = {"SingleChoice": object(), "grade": object(), "saved": object()}
    typo = NameError("name 'first_mvoe' is not defined", name="first_mvoe")
    assert setup_hint.hint(typo, ran, str(notebook), tmp_path) is None  # a NameError of the learner's own


def test_after_setup_a_questions_name_says_to_run_the_question_first(tmp_path):
    """The question cell's source is hidden in the release, so an answer cell run before it needs saying."""
    notebook = course_notebook(tmp_path)
    ran = {"SingleChoice": object(), "grade": object(), "saved": object()}
    error = NameError("name 'first_move' is not defined", name="first_move")
    line = setup_hint.hint(error, ran, str(notebook), tmp_path)
    assert line == setup_hint.QUESTION_HINT.format(name="`first_move`")
    assert "Run the question's cell first" in line and "\n" not in line


def test_no_hint_outside_a_course_notebook(tmp_path):
    plain = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    nbformat.write(plain, tmp_path / "scratch.ipynb")
    error = NameError("name 'y' is not defined", name="y")
    assert setup_hint.hint(error, {}, str(tmp_path / "scratch.ipynb"), tmp_path) is None
    assert setup_hint.hint(error, {}, None, tmp_path) is None


def test_without_a_session_name_the_one_course_notebook_of_the_folder_counts(tmp_path):
    course_notebook(tmp_path)
    error = NameError("name 'saved' is not defined", name="saved")
    assert setup_hint.hint(error, {}, None, tmp_path).startswith("`saved` is not defined")
    course_notebook(tmp_path, "other.ipynb")  # two: which one is open cannot be told, so no hint
    assert setup_hint.hint(error, {}, None, tmp_path) is None


def test_start_up_file_does_nothing_in_plain_python():
    """PYTHONSTARTUP runs in every interactive Python of the learner's server: outside a kernel it
    must define no name, print nothing and fail on nothing."""
    code = (f"exec(compile(open({str(setup_hint.STARTUP)!r}).read(), 'startup', 'exec'))\n"
            "print(sorted(k for k in globals() if not k.startswith('__')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (done.stdout, done.stderr) == ("[]\n", "")


def test_learner_environment_names_the_start_up_file_and_keeps_the_learners_own():
    env = learner_environment({"PYTHONSTARTUP": "/home/ana/.pythonrc"})
    assert env["PYTHONSTARTUP"] == str(setup_hint.STARTUP) and setup_hint.STARTUP.is_file()
    assert env["COURSE_OWN_PYTHONSTARTUP"] == "/home/ana/.pythonrc"
    assert "COURSE_OWN_PYTHONSTARTUP" not in learner_environment({})


# -- in a real kernel --------------------------------------------------------------------------------


def run(client, code: str) -> tuple[dict, list[dict]]:
    """Execute code; return the reply's content and every iopub message it caused."""
    msg_id = client.execute(code)
    messages = []
    while True:
        msg = client.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        messages.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    while True:  # skip replies to anything else (wait_for_ready's kernel_info requests)
        reply = client.get_shell_msg(timeout=60)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"], messages


def stderr_of(messages) -> str:
    return "".join(m["content"]["text"] for m in messages if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")


@pytest.fixture
def learner_kernel(tmp_path):
    from jupyter_client.manager import KernelManager

    notebook = course_notebook(tmp_path)
    env = learner_environment()
    env["JPY_SESSION_NAME"] = str(notebook)  # what Jupyter Server gives a notebook's kernel
    km = KernelManager(kernel_name="python3")
    km.start_kernel(env=env, cwd=str(tmp_path), extra_arguments=["--HistoryManager.enabled=False"])
    client = km.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        yield client
    finally:
        client.stop_channels()
        km.shutdown_kernel(now=True)


def test_a_kernel_says_to_run_the_setup_cell_first(learner_kernel):
    for cell in ("first_move.answer('Pause first')", QUESTION):  # an answer cell, then a question cell, first
        reply, messages = run(learner_kernel, cell)
        assert reply["status"] == "error" and reply["ename"] == "NameError"  # still an error: a grade cell scores 0
        error = next(m["content"] for m in messages if m["msg_type"] == "error")
        assert len(error["traceback"]) == 1, error["traceback"]
        assert "setup cell has not run since the kernel started" in error["traceback"][0]
        assert stderr_of(messages) == ""


def test_a_kernel_keeps_the_usual_traceback_once_setup_ran_and_shows_a_wrong_answer_in_one_line(learner_kernel):
    reply, messages = run(learner_kernel, SETUP + QUESTION)
    assert reply["status"] == "ok", reply
    reply, messages = run(learner_kernel, "first_move.answer('Nonsense')")
    error = next(m["content"] for m in messages if m["msg_type"] == "error")
    assert reply["ename"] == "AnswerError"
    assert error["traceback"] == ["That answer was not saved (q): 'Nonsense' is not one of the options. "
                                  "Choose one of: “Pause first”; “Reply at once”; “Say nothing”."]
    reply, messages = run(learner_kernel, "del first_move")
    reply, messages = run(learner_kernel, "first_move.answer('Pause first')")  # its question not run (again)
    error = next(m["content"] for m in messages if m["msg_type"] == "error")
    assert error["traceback"] == [setup_hint.QUESTION_HINT.format(name="`first_move`")]
    reply, messages = run(learner_kernel, "first_mvoe")  # a typo of the learner's: IPython's own traceback
    error = next(m["content"] for m in messages if m["msg_type"] == "error")
    assert reply["ename"] == "NameError" and len(error["traceback"]) > 1
    assert not any("setup cell" in line for line in error["traceback"])
    assert stderr_of(messages) == ""
