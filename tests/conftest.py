"""Shared fixtures: a clean exercise registry and mode for every test, a responses store in
tmp_path, and the course built and graded once per session (tests/cohort.py says why).

A test that takes ``built_course`` or ``graded_cohort`` is marked ``slow`` here, whatever its
module says, so ``make test-fast`` (``-m "not browser and not slow"``) never builds the course; and
in a test not marked slow nbgrader's API refuses, so no test builds or grades unmarked. The
course helpers are imported only when a session needs them (nbformat alone takes about a second).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Callable

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
    if not os.environ.get("COURSE_RETRAIN"):  # make check-model sets it: the whole retraining, 10-15 minutes
        skip = pytest.mark.skip(reason="retrains the checker's model in full: make check-model")
        for item in items:
            if item.get_closest_marker("retrain"):
                item.add_marker(skip)
    # the files with a slow or browser test first, each file's tests in their own order: make test's
    # workers take whole files in this order (Makefile), so the run ends on many quick files rather
    # than one worker finishing a long one alone
    heavy = {item.path for item in items if item.get_closest_marker("slow") or item.get_closest_marker("browser")}
    items.sort(key=lambda item: item.path not in heavy)


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


def _once_per_run(tmp_path_factory, name: str, make: Callable[[Path], Path]) -> Path:
    """The course ``make(folder)`` makes in a fresh folder (and returns), made once for the run.

    In one process that is just ``make``. Under pytest-xdist (``make test`` runs two workers) each
    worker is a session of its own, so a session fixture would build and grade the course once per
    worker: instead the first worker to ask makes it, under a file lock, in the temporary folder
    the workers share, and every worker (the first too) gets a ``copy_course`` of it of its own,
    so no worker reads a course that another one writes in."""
    from cohort import copy_course
    from filelock import FileLock

    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return make(tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent / name  # beside each worker's own basetemp
    made = shared.with_name(f"{name}.made")  # the made course's path, written once it is whole
    with FileLock(f"{shared}.lock"):
        if not made.exists():
            shutil.rmtree(shared, ignore_errors=True)  # left half-made by a worker that failed
            shared.mkdir()
            made.write_text(str(make(shared)))
    return copy_course(Path(made.read_text()), tmp_path_factory.mktemp(name) / "course")


@pytest.fixture(scope="session")
def built_course(tmp_path_factory) -> Path:
    """The course built with ``course build``, nothing submitted. Read it; to write, take a
    ``copy_course`` of it."""
    from cohort import build_course

    return _once_per_run(tmp_path_factory, "built-course", build_course)


@pytest.fixture(scope="session")
def graded_cohort(built_course, tmp_path_factory) -> Cohort:
    """The standard cohort (tests/cohort.py) autograded by nbgrader in a copy of ``built_course``."""
    from cohort import LEARNERS, Cohort, copy_course, grade_cohort

    def graded(folder: Path) -> Path:
        return grade_cohort(copy_course(built_course, folder / "course")).root

    root = _once_per_run(tmp_path_factory, "graded-cohort", graded)
    return Cohort(root, dict(LEARNERS))


@pytest.fixture(scope="session")
def postgres(tmp_path_factory):
    """A PostgreSQL server of our own for the whole run (tests/postgres_server.py): started by
    scripts/postgres on first use, stopped at the end; skipped where it cannot be installed,
    except under CI=true."""
    from postgres_server import running_server

    with running_server(tmp_path_factory.mktemp("postgres")) as server:
        yield server
