"""Checks of learners' code: partial credit per check, failures reported, nothing ever on stderr."""

from __future__ import annotations

import sys
import warnings

import pytest

from course.grading import AuthoringError, check_code, raises, try_code


def _fails():
    raise ValueError("year column missing")


def _warns_and_writes_stderr():
    warnings.warn("deprecated thing")
    print("oops", file=sys.stderr)
    return True


def test_each_passing_check_earns_an_equal_share(capsys):
    checks = [("a", lambda: True), ("b", _fails), ("c", lambda: None), ("d", lambda: False)]
    assert check_code("guard", checks, points=3) == 1.5
    out = capsys.readouterr()
    assert "2 of 4 checks pass" in out.out
    assert "✘ b (ValueError: year column missing)" in out.out
    assert "✘ d (the check returned False)" in out.out
    assert out.err == ""


def test_learner_warnings_and_stderr_never_reach_stderr(capsys):
    assert check_code("guard", [("noisy", _warns_and_writes_stderr)], points=2) == 2.0
    out = capsys.readouterr()
    assert out.err == "" and "oops" in out.out


def test_a_missing_function_is_a_failed_check_not_a_crash(capsys):
    assert check_code("guard", [("defined", lambda: undefined_function())], points=2) == 0.0  # noqa: F821
    assert "NameError" in capsys.readouterr().out


def test_try_code_reports_without_points(capsys):
    assert try_code([("ok", lambda: True), ("bad", _fails)]) is None
    out = capsys.readouterr().out
    assert "✔ ok" in out and "✘ bad" in out and "points" not in out


def test_no_checks_is_an_authoring_error():
    with pytest.raises(AuthoringError):
        check_code("guard", [], points=1)


def test_raises_tells_a_refusal_from_a_pass_and_lets_other_errors_through(capsys):
    def guard(x):
        if x is None:
            raise ValueError("no table")
        if x == "boom":
            raise KeyError("year")

    assert raises(ValueError, guard, None) is True
    assert raises(ValueError, guard, 1) is False
    assert check_code("guard", [("refuses a missing column", lambda: raises(ValueError, guard, "boom"))],
                      points=1) == 0.0
    assert "KeyError" in capsys.readouterr().out
