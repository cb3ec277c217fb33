"""Shared fixtures: a clean exercise registry and mode for every test, a responses store in
tmp_path, and the course built and graded once per session (tests/cohort.py says why).

A test that takes ``built_course`` or ``graded_cohort`` is marked ``slow`` here, whatever its
module says, so ``make test-fast`` (``-m "not browser and not slow"``) never builds the course; and
in a test not marked slow nbgrader's API refuses, so no test builds or grades unmarked. The
course helpers are imported only when a session needs them (nbformat alone takes about a second).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import course.exercises.base as exercise_base
from course.exercises import display_order, registry
from course.responses import FILENAME, ResponsesStore

if TYPE_CHECKING:
    from cohort import Cohort

SHARED_COURSE = {"built_course", "graded_cohort"}


@pytest.hookimpl(tryfirst=True)  # before -m deselects by mark
def pytest_collection_modifyitems(items):
    for item in items:
        if SHARED_COURSE & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def nbgrader_only_in_slow_tests(request, monkeypatch):
    """Outside tests marked slow, nbgrader's API refuses: a new test that builds or grades with
    nbgrader fails at once in ``make test-fast`` until it is marked, instead of slowing it down."""
    if request.node.get_closest_marker("slow") is None:
        from course.instructor import nbgrader_api

        def refuse(*args, **kwargs):
            raise AssertionError("this test builds or grades with nbgrader: mark it @pytest.mark.slow")

        monkeypatch.setattr(nbgrader_api, "api", refuse)


@pytest.fixture(autouse=True)
def clean_course_state(monkeypatch):
    """Start every test with no registered exercises, no mode override and no COURSE_MODE from outside."""
    registry.clear()
    exercise_base._mode_override = None
    monkeypatch.delenv("COURSE_MODE", raising=False)
    for name in display_order.LEARNER_VARIABLES:  # each test its own learner, as on a fresh machine
        monkeypatch.delenv(name, raising=False)
    display_order._session_seeds.clear()
    yield
    registry.clear()
    exercise_base._mode_override = None
    from course import progress

    if progress.live() is not None:  # a summary shown by the test stops listening to saved answers
        progress.live().stop()


@pytest.fixture
def store(tmp_path) -> ResponsesStore:
    """A ResponsesStore whose file is tmp_path/responses.json (not created until the first write)."""
    return ResponsesStore(tmp_path / FILENAME)


@pytest.fixture(scope="session")
def built_course(tmp_path_factory) -> Path:
    """The course built with ``course build``, nothing submitted. Read it; to write, take a
    ``copy_course`` of it."""
    from cohort import build_course

    return build_course(tmp_path_factory.mktemp("built-course"))


@pytest.fixture(scope="session")
def graded_cohort(built_course, tmp_path_factory) -> Cohort:
    """The standard cohort (tests/cohort.py) autograded by nbgrader in a copy of ``built_course``."""
    from cohort import copy_course, grade_cohort

    return grade_cohort(copy_course(built_course, tmp_path_factory.mktemp("graded-cohort") / "course"))


@pytest.fixture(scope="session")
def postgres(tmp_path_factory):
    """A PostgreSQL server of our own for the whole run (tests/postgres_server.py): started by
    scripts/postgres on first use, stopped at the end; skipped where it cannot be installed,
    except under CI=true."""
    from postgres_server import running_server

    with running_server(tmp_path_factory.mktemp("postgres")) as server:
        yield server
