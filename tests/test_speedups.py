"""The speed-ups: each one can be switched off, and off means the library is left as it is."""

from __future__ import annotations

import subprocess
import sys

import pytest

from course import speedups


def _run(code: str, **env: str) -> str:
    import os

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env={**os.environ, **env})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_every_speedup_is_on_by_default_and_named_off_one_by_one_or_all(monkeypatch):
    monkeypatch.delenv(speedups.OFF_VARIABLE, raising=False)
    assert all(speedups.enabled(name) for name in speedups.SPEEDUPS)
    monkeypatch.setenv(speedups.OFF_VARIABLE, " schema-once , warm-kernels")
    assert [n for n in speedups.SPEEDUPS if not speedups.enabled(n)] == ["schema-once", "warm-kernels"]
    monkeypatch.setenv(speedups.OFF_VARIABLE, "all")
    assert not any(speedups.enabled(name) for name in speedups.SPEEDUPS)
    with pytest.raises(ValueError, match="unknown speed-up 'fast'; known: iri-checker"):
        speedups.enabled("fast")


def test_every_speedup_says_why_in_its_docstring():
    for function in (speedups.skip_iri_checker, speedups.validate_schemas_once, speedups.widgets_send_nothing,
                     speedups.freeze_heap):
        assert "Why" in (function.__doc__ or "") or "see" in (function.__doc__ or ""), function.__name__


@pytest.mark.parametrize("off, blocked", [("", "True"), ("iri-checker", "False")])
def test_the_iri_checker_is_skipped_unless_switched_off(off, blocked):
    code = ("import sys; from course import speedups; speedups.skip_iri_checker();"
            " print('rfc3987_syntax' in sys.modules and sys.modules['rfc3987_syntax'] is None)")
    assert _run(code, COURSE_SPEEDUPS_OFF=off) == blocked


@pytest.mark.parametrize("off, cached", [("", "True"), ("schema-once", "False")])
def test_nbgrader_schema_checks_are_cached_unless_switched_off(off, cached):
    code = ("from course import speedups; speedups.validate_schemas_once();"
            " from nbgrader.nbgraderformat import common;"
            " print(isinstance(common.jsonschema, speedups._CachedSchemaValidation))")
    assert _run(code, COURSE_SPEEDUPS_OFF=off) == cached


@pytest.mark.parametrize("off, silent", [("", "True"), ("silent-widgets", "False"), ("all", "False")])
def test_widgets_are_silent_without_a_frontend_unless_switched_off(off, silent):
    code = ("import comm; from course import speedups; speedups.widgets_send_nothing();"
            " print(comm.create_comm is comm.DummyComm)")
    assert _run(code, COURSE_SPEEDUPS_OFF=off, COURSE_NO_FRONTEND="1") == silent
    assert _run(code, COURSE_SPEEDUPS_OFF=off, COURSE_NO_FRONTEND="0") == "False"  # a learner's kernel


@pytest.mark.parametrize("off, frozen", [("", "True"), ("frozen-heap", "False")])
def test_the_heap_is_frozen_unless_switched_off(off, frozen):
    code = "import gc; from course import speedups; speedups.freeze_heap(); print(gc.get_freeze_count() > 0)"
    assert _run(code, COURSE_SPEEDUPS_OFF=off) == frozen


def test_importing_the_speedups_is_cheap():
    code = "import sys; import course.speedups; print(sorted({'comm', 'jsonschema', 'nbgrader'} & set(sys.modules)))"
    assert _run(code) == "[]"
