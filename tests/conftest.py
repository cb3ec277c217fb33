"""Shared fixtures: a clean exercise registry and mode for every test, and a responses store in tmp_path."""

from __future__ import annotations

import pytest

import course.exercises.base as exercise_base
from course.exercises import registry
from course.responses import FILENAME, ResponsesStore


@pytest.fixture(autouse=True)
def clean_course_state(monkeypatch):
    """Start every test with no registered exercises, no mode override and no COURSE_MODE from outside."""
    registry.clear()
    exercise_base._mode_override = None
    monkeypatch.delenv("COURSE_MODE", raising=False)
    yield
    registry.clear()
    exercise_base._mode_override = None


@pytest.fixture
def store(tmp_path) -> ResponsesStore:
    """A ResponsesStore whose file is tmp_path/responses.json (not created until the first write)."""
    return ResponsesStore(tmp_path / FILENAME)
