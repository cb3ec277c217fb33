"""The grading worker's shortcut for nbgrader's metadata validation judges exactly as jsonschema does."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from nbgrader.nbgraderformat import common

from course.speedups import _CachedSchemaValidation

SCHEMA = json.loads((Path(common.__file__).parent / "v3.json").read_text())
GOOD = {"schema_version": 3, "grade": True, "solution": False, "locked": True, "points": 2, "grade_id": "q1"}
BAD = [
    {**GOOD, "points": "two"},
    {**GOOD, "grade_id": 5},
    {**GOOD, "grade": "maybe"},
    {**GOOD, "solution": "yes"},
]


def test_valid_metadata_passes_both_ways():
    jsonschema.validate(GOOD, SCHEMA)
    _CachedSchemaValidation(jsonschema).validate(GOOD, SCHEMA)


@pytest.mark.parametrize("metadata", BAD)
def test_invalid_metadata_raises_the_same_error(metadata):
    cached = _CachedSchemaValidation(jsonschema)
    with pytest.raises(jsonschema.ValidationError) as plain:
        jsonschema.validate(metadata, SCHEMA)
    for _ in range(2):  # the first call checks the schema; the second uses the kept validator
        with pytest.raises(jsonschema.ValidationError) as fast:
            cached.validate(metadata, SCHEMA)
        assert fast.value.message == plain.value.message
        assert list(fast.value.path) == list(plain.value.path)


def test_an_invalid_schema_is_still_refused():
    with pytest.raises(jsonschema.SchemaError):
        _CachedSchemaValidation(jsonschema).validate(GOOD, {"type": "no-such-type"})


def test_the_schema_is_checked_once(monkeypatch):
    cached = _CachedSchemaValidation(jsonschema)
    cls = jsonschema.validators.validator_for(SCHEMA)
    checks = []
    monkeypatch.setattr(cls, "check_schema", classmethod(lambda c, s, **kw: checks.append(s)))
    for _ in range(5):
        cached.validate(GOOD, SCHEMA)
    assert len(checks) == 1


def _run_in_kernel(code: str, env: dict) -> list[dict]:
    """Run code in a fresh kernel with this environment; return every iopub message it sent."""
    from jupyter_client.manager import start_new_kernel

    km, client = start_new_kernel(kernel_name="python3", env=env)
    messages = []
    try:
        reply = client.execute_interactive(code, timeout=60, output_hook=messages.append)
        assert reply["content"]["status"] == "ok", reply["content"]
    finally:
        client.stop_channels()
        km.shutdown_kernel(now=True)
    return messages


@pytest.mark.slow
def test_a_grading_kernels_exercises_send_no_widget_messages_and_display_the_same(tmp_path):
    """What `course grade` sets for its kernels: no comm traffic, the same displayed output."""
    import os

    from course import speedups as base  # where NO_FRONTEND is named
    from course.instructor import autograde

    assert "speedups.NO_FRONTEND" in Path(autograde.__file__).read_text()  # the worker sets this very name
    code = (
        "from course.exercises import SingleChoice\n"
        "from course import keys\n"
        "q = SingleChoice('probe', step='assess', points=1, prompt='Which?', options=['a', 'b'],\n"
        "                 key=keys.digests('probe', ['a']))\n"
        "q.answer('a')\n"
        "q\n"
    )
    env = {**os.environ, "COURSE_RESPONSES": str(tmp_path / "responses.json")}
    env.pop(base.NO_FRONTEND, None)

    def shown(messages):
        data = [m["content"]["data"] for m in messages if m["msg_type"] == "execute_result"]
        return [{k: v for k, v in d.items() if k != "application/vnd.jupyter.widget-view+json"}
                | {"view": sorted(d["application/vnd.jupyter.widget-view+json"])} for d in data]

    with_frontend = _run_in_kernel(code, env)
    without = _run_in_kernel(code, {**env, base.NO_FRONTEND: "1"})
    assert sum(m["msg_type"].startswith("comm_") for m in with_frontend) > 10
    assert not [m["msg_type"] for m in without if m["msg_type"].startswith("comm_")]
    assert shown(without) == shown(with_frontend) and shown(without)
    assert '"probe"' in (tmp_path / "responses.json").read_text()  # answering still saves
