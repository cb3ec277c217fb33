"""Shared fixtures: a clean exercise registry and mode for every test, and a responses store in tmp_path."""

from __future__ import annotations

import pytest

import course.exercises.base as exercise_base
from course.exercises import registry
from course.responses import FILENAME, ResponsesStore


@pytest.fixture(autouse=True)
def clean_course_state(tmp_path, monkeypatch):
    """Start every test with no registered exercises, no mode override and no stray environment.

    COURSE_RESPONSES points into tmp_path so that an exercise created without an explicit store can
    never write a responses.json into the repository (or wherever pytest was started).
    """
    registry.clear()
    exercise_base._mode_override = None
    monkeypatch.delenv("COURSE_MODE", raising=False)
    monkeypatch.setenv("COURSE_RESPONSES", str(tmp_path / FILENAME))
    yield
    registry.clear()
    exercise_base._mode_override = None


@pytest.fixture
def store(tmp_path) -> ResponsesStore:
    """A ResponsesStore whose file is tmp_path/responses.json (not created until the first write)."""
    return ResponsesStore(tmp_path / FILENAME)
