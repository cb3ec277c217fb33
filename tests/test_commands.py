"""The command line only forwards: each subcommand is a keyword-only ``main`` in course/commands/.

Why: if the parser's option names and the function's parameters drift apart, ``course X --opt``
fails with a TypeError at run time, or a default differs between the shell and Python. Here every
subcommand's options must be exactly its function's keyword-only parameters (``root`` aside,
which the command line never sets: it finds the course from the working folder).
"""

from __future__ import annotations

import inspect

import pytest

from course.cli import parser
from course.commands import CommandError, grade, workshop
from course.layout import CourseNotFound


def _leaves(p, prefix=()):
    for action in p._actions:
        if isinstance(getattr(action, "choices", None), dict):
            for name, sub in action.choices.items():
                yield from _leaves(sub, (*prefix, name))
    if not any(isinstance(getattr(a, "choices", None), dict) for a in p._actions):
        yield prefix, p


def test_every_subcommand_forwards_exactly_its_functions_keyword_arguments():
    seen = []
    for path, sub in _leaves(parser()):
        run = sub.get_default("run")
        assert run is not None and run.__module__.startswith("course.commands."), path
        params = inspect.signature(run).parameters
        assert all(p.kind is p.KEYWORD_ONLY for p in params.values()), f"{path}: keyword-only arguments only"
        options = {a.dest for a in sub._actions if a.dest != "help"}
        assert options == set(params) - {"root"}, path
        for action in sub._actions:  # the command line's defaults are the function's
            if action.dest in params and params[action.dest].default is not inspect.Parameter.empty:
                assert action.default == params[action.dest].default, (path, action.dest)
        seen.append(" ".join(path))
    assert {"start", "build", "grade", "report", "import", "key", "workshop tally"} <= set(seen)


def test_called_from_python_a_command_raises_what_the_command_line_prints(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CourseNotFound, match="nbgrader_config.py"):
        grade.main(assignment="00-orientation")
    with pytest.raises(CommandError, match="ZZZ-9.*course workshop list"):
        workshop.export(code="ZZZ-9", store=str(tmp_path / "sessions"))
