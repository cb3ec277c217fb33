"""The gradebook on PostgreSQL (issue 14, part 6): the README's ``COURSE_DB_URL=postgresql://…``
builds, grades, exports and reports with the same scores as SQLite, and a gradebook that cannot
be opened is one line before any learner is graded.

Why a real server (tests/postgres_server.py): PostgreSQL enforces nbgrader's foreign key to the
course that SQLite ignores, and needs a driver; a mock would find neither. The pipeline runs the
``course`` command in a subprocess, with the variable set as an instructor sets it, on a copy of
the session's built course (tests/cohort.py) holding the standard cohort of 01-bulk-spam (honest,
blank, partial, an empty answers file); the reference is the same cohort graded by plain nbgrader
on SQLite (``graded_cohort``).
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cohort import HANDED_IN, LEARNERS, NOTEBOOK, SPAM, copy_course, submit

from course.instructor.exports import write_canvas_csv, write_grades_csv
from course.layout import CONFIG, CourseLayout

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _course(root: Path, *args: str, db_url: str, extra_env: dict | None = None) -> subprocess.CompletedProcess:
    """The ``course`` command run in ``root`` with the gradebook at ``db_url``, as an instructor runs it."""
    env = dict(os.environ, COURSE_DB_URL=db_url, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    for name in ("COURSE_MODE", "COURSE_RESPONSES", "COURSE_ID"):
        env.pop(name, None)
    env.update(extra_env or {})
    return subprocess.run([str(BIN / "course"), *args], cwd=root, env=env, capture_output=True, text=True,
                          timeout=900)


def _grades(db_url: str, course_id: str) -> dict:
    """Every grade cell's (score, max score) per (learner, notebook, cell), and each learner's total."""
    from nbgrader.api import Gradebook

    with Gradebook(db_url, course_id) as gradebook:
        cells = {(s.student_id, nb.name, g.name): (g.score, g.max_score)
                 for s in gradebook.assignment_submissions(SPAM) for nb in s.notebooks for g in nb.grades}
        totals = {s.student_id: (s.score, s.max_score) for s in gradebook.assignment_submissions(SPAM)}
    return {"cells": cells, "totals": totals}


def _rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as file:
        return sorted(csv.reader(file))


@pytest.fixture(scope="module")
def on_postgres(built_course, postgres, tmp_path_factory):
    """(course root, gradebook URL, the runs of build, grade and report) with the standard cohort of
    01-bulk-spam built and graded on PostgreSQL through the ``course`` command."""
    root = copy_course(built_course, tmp_path_factory.mktemp("on-postgres") / "course")
    url = postgres.database("pipeline")
    runs = {"build": _course(root, "build", SPAM, db_url=url)}
    for student, hand in HANDED_IN[SPAM].items():
        submit(root, SPAM, student, hand)
    runs["grade"] = _course(root, "grade", SPAM, "--quiet", "--workers", "2", db_url=url)
    runs["report"] = _course(root, "report", SPAM, db_url=url)
    return root, url, runs


@pytest.mark.slow
def test_build_grade_and_report_run_on_postgresql(on_postgres):
    root, _, runs = on_postgres
    for name, run in runs.items():
        assert run.returncode == 0, f"course {name}: {run.stderr or run.stdout}"
    assert f"built notebooks/{SPAM}/" in runs["build"].stdout
    assert f"({len(LEARNERS[SPAM])} submissions)" in runs["grade"].stdout
    assert "failed" not in runs["grade"].stdout.splitlines()[-2]
    layout = CourseLayout.of(root)
    assert (layout.exports / f"{SPAM}-grades.csv").is_file() and (layout.reports / f"{SPAM}.html").is_file()
    for student in LEARNERS[SPAM]:
        assert (layout.feedback_for(student, SPAM) / f"{NOTEBOOK[SPAM]}.html").is_file()


@pytest.mark.slow
def test_every_grade_on_postgresql_equals_sqlite(on_postgres, graded_cohort):
    root, url, _ = on_postgres
    layout = CourseLayout.of(root)
    ours = _grades(url, layout.course_id)
    reference = _grades(CourseLayout.of(graded_cohort.root).db_url, layout.course_id)
    assert ours == reference
    assert set(ours["totals"]) == set(LEARNERS[SPAM]) and len(ours["cells"]) > 3 * len(LEARNERS[SPAM])
    scores = {student: score for student, (score, _) in ours["totals"].items()}
    assert scores["perfect"] > scores["partial"] > scores["blank"], "the comparison is between real scores"
    # the copy's own SQLite gradebook (from the build it was copied from) graded nobody: the
    # scores above came from PostgreSQL
    assert _grades(layout.db_url, layout.course_id)["totals"] == {}


@pytest.mark.slow
def test_the_exports_on_postgresql_equal_sqlites(on_postgres, graded_cohort, tmp_path):
    root, _, _ = on_postgres
    exports = CourseLayout.of(root).exports
    reference = {"grades": write_grades_csv(root=graded_cohort.root, assignment=SPAM, path=tmp_path / "grades.csv"),
                 "canvas": write_canvas_csv(root=graded_cohort.root, assignment=SPAM, path=tmp_path / "canvas.csv")}
    assert _rows(exports / f"{SPAM}-grades.csv") == _rows(reference["grades"])
    assert _rows(exports / f"{SPAM}-canvas.csv") == _rows(reference["canvas"])


# -- a gradebook that cannot be opened: one line, exit status 2, nothing graded ------------------

@pytest.fixture
def unbuilt(tmp_path) -> Path:
    """A course (config, solutions, release) with one learner's submission, no gradebook yet."""
    root = tmp_path / "course"
    root.mkdir()
    shutil.copy(REPO / CONFIG, root)
    for folder in ("solutions", "notebooks"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns("responses*.json"))
    layout = CourseLayout.of(root)
    submission = layout.submission("sam", SPAM)
    submission.mkdir(parents=True)
    shutil.copy(layout.released(SPAM) / f"{NOTEBOOK[SPAM]}.ipynb", submission)
    return root


def _bad_gradebooks(request) -> dict[str, tuple[str, dict, str]]:
    """(URL, variables, what the line says) of each way a gradebook cannot be opened; "no driver"
    hides psycopg as where it is not installed."""
    return {
        "no server": ("postgresql://course:secret@127.0.0.1:1/gradebook", {}, "Connection refused"),
        "no driver": ("postgresql://course@127.0.0.1:1/gradebook", {"psycopg": None},
                      "needs the Python module psycopg, which is not installed (pip install 'psycopg[binary]'"),
        "no course id": ("postgresql://course@127.0.0.1:1/gradebook", {"COURSE_ID": ""}, "needs a course id"),
        "no database": (request.getfixturevalue("postgres").url.rsplit("/", 1)[0] + "/not_created",
                        {}, 'database "not_created" does not exist'),
    }


@pytest.mark.parametrize("command", ["build", "grade", "report"])
@pytest.mark.parametrize("case", ["no server", "no driver", "no course id", "no database"])
def test_a_gradebook_that_cannot_be_opened_is_one_line_and_nothing_is_graded(unbuilt, request, monkeypatch,
                                                                             capsys, command, case):
    from course.cli import main

    url, env, expected = _bad_gradebooks(request)[case]
    monkeypatch.chdir(unbuilt)
    monkeypatch.setenv("COURSE_DB_URL", url)
    monkeypatch.delenv("COURSE_ID", raising=False)
    for name, value in env.items():
        if name == "psycopg":
            monkeypatch.setitem(sys.modules, "psycopg", None)  # `import psycopg` fails
        else:
            monkeypatch.setenv(name, value)
    assert main([command, SPAM]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("course: error: the gradebook "), err
    assert expected in err and "secret" not in err
    layout = CourseLayout.of(unbuilt)
    assert not layout.autograded.exists() and not layout.exports.exists()
    assert (layout.released(SPAM) / f"{NOTEBOOK[SPAM]}.ipynb").is_file(), "the release is left as it was"


# -- where PostgreSQL cannot be installed: skipped, except under CI -------------------------------

@pytest.mark.parametrize("ci, outcome", [("", pytest.skip.Exception), ("true", pytest.fail.Exception)])
def test_a_server_that_cannot_be_installed_skips_except_under_ci(tmp_path, monkeypatch, ci, outcome):
    import postgres_server

    unavailable = tmp_path / "postgres"
    unavailable.write_text("#!/bin/sh\necho 'postgres: PostgreSQL is not installed' >&2\n"
                           f"exit {postgres_server.UNAVAILABLE}\n")
    unavailable.chmod(0o755)
    monkeypatch.setattr(postgres_server, "SCRIPT", unavailable)
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="not installed"):
        with postgres_server.running_server(tmp_path / "handle"):
            pass
