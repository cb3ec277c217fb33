"""The grading worker's shortcut for nbgrader's metadata validation judges exactly as jsonschema does."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from nbgrader.nbgraderformat import common

from course.autograde import _CachedSchemaValidation

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
