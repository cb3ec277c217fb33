"""The project's own promises: one set of dependencies, a command with help, one-line errors.

Why: environment.yml (conda, Binder) and pyproject.toml (pip) must install the same course, and
the README's commands must keep working as the code changes.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from course.cli import main, parser

REPO = Path(__file__).resolve().parents[1]


def _split(requirement: str) -> tuple[str, str]:
    """(name, version range) of a requirement; a pip extra such as psycopg's [binary] is left out
    (it brings the compiled part, which conda's package of the same name has already)."""
    name, spec = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(?:\[[^]]*\])?\s*(.*)$", requirement).groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


def test_environment_yml_and_pyproject_name_the_same_dependencies():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    extras = [r for group in project["optional-dependencies"].values() for r in group]  # test, hub, cluster
    pip_side = dict(_split(r) for r in project["dependencies"] + extras)
    pip_side["python"] = project["requires-python"]
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    conda_side = dict(_split(d) for d in env["dependencies"] if isinstance(d, str) and d != "pip")
    assert conda_side == pip_side
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip_section == ["-e ."], "environment.yml installs the course package itself with pip"


def test_every_subcommand_has_help_and_is_in_the_readme():
    readme = (REPO / "README.md").read_text()
    commands = parser()._subparsers._group_actions[0].choices
    for name, sub in commands.items():
        assert sub.description, f"course {name} has no description"
        assert f"course {name}" in readme, f"README.md does not show `course {name}`"
    for target in ("make start", "make test"):
        assert target in readme


def test_the_command_runs_with_help():
    run = subprocess.run([sys.executable, "-m", "course.cli", "--help"], capture_output=True, text=True)
    assert run.returncode == 0 and "build" in run.stdout


def test_the_command_skips_jsonschemas_slow_iri_checker_and_still_validates_notebooks():
    """rfc3987_syntax builds ~35 parsers on import (jsonschema #1428): the command does without it."""
    probe = (
        "import sys\n"
        "from course import cli\n"
        "try:\n    cli.main(['--version'])\nexcept SystemExit:\n    pass\n"
        "import jsonschema, nbformat\n"
        "print(sys.modules['rfc3987_syntax'] is None)\n"
        "print(sorted({'iri', 'uri'} & set(jsonschema.Draft7Validator.FORMAT_CHECKER.checkers)))\n"
        "nbformat.validate(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('1')]))\n"
        "bad = nbformat.v4.new_notebook(); bad.cells = [{'cell_type': 'code'}]\n"
        "print(not nbformat.validator.isvalid(bad))\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[-3:] == ["True", "['uri']", "True"], run.stdout


def test_a_wrong_assignment_name_gets_one_line_listing_the_valid_ones(capsys, monkeypatch):
    monkeypatch.chdir(REPO)
    assert main(["build", "01-no-such-thing"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "01-no-such-thing" in err and "00-orientation" in err


def test_outside_a_course_the_command_says_so_in_one_line(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("course: error:") and err.count("\n") == 1


def test_course_key_prints_digests_and_sealed_texts(capsys):
    assert main(["key", "ordering", "q-1", '["a", "b", "c"]', "--explanation", "A before B",
                 "--explanations", '{"a": "first"}']) == 0
    out = capsys.readouterr().out
    # an ordering's parts are its pairs since issue 15: three items, three digests
    assert re.search(r"key=\['[0-9a-f]{16}', '[0-9a-f]{16}', '[0-9a-f]{16}'\]", out)
    assert "sealed:" in out and "A before B" not in out and "first" not in out


def test_course_key_rejects_an_unknown_kind_in_one_line(capsys):
    assert main(["key", "essay", "q-1", "x"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


@pytest.mark.parametrize("display,expected", [({}, True), ({"DISPLAY": ":0"}, False)])
def test_start_opens_no_browser_where_there_is_no_display(monkeypatch, display, expected):
    from course import start

    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    for k, v in display.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setattr(start.sys, "platform", "linux")
    cmd = start.lab_command(root=REPO)
    assert ("--no-browser" in cmd) is expected
    assert f"--ServerApp.root_dir={REPO / 'notebooks'}" in cmd
    assert "--LabApp.default_url=/lab/tree/index.ipynb" in cmd
