"""The rubric is data every other module reads: its ids, order and cross-references must hold."""

from __future__ import annotations

import pytest

from course import rubric


def test_five_steps_in_order():
    assert [s.id for s in rubric.STEPS] == ["assess", "own", "fix", "reflect", "rebuild"]
    assert rubric.STEP_IDS == ("assess", "own", "fix", "reflect", "rebuild")


def test_steps_are_numbered_one_to_five():
    assert [s.number for s in rubric.STEPS] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("s", rubric.STEPS, ids=lambda s: s.id)
def test_each_step_has_content(s):
    assert s.title.strip()
    assert s.question.strip()
    assert s.source.strip()
    assert len(s.good_practice) >= 1
    assert all(isinstance(p, str) and p.strip() for p in s.good_practice)


@pytest.mark.parametrize("s", rubric.STEPS, ids=lambda s: s.id)
def test_step_lookup_returns_the_step(s):
    assert rubric.step(s.id) is s


def test_label_is_number_and_title():
    assert rubric.step("assess").label() == "1 Assess the damage"
    assert rubric.step("rebuild").label().startswith("5 ")


@pytest.mark.parametrize("bad", ["Assess", "apologise", "", "assess "])
def test_unknown_step_error_names_the_valid_ids(bad):
    with pytest.raises(ValueError) as info:
        rubric.step(bad)
    message = str(info.value)
    assert repr(bad) in message
    for step_id in rubric.STEP_IDS:
        assert step_id in message


def test_anti_pattern_ids_unique_and_undermine_valid_steps():
    ids = [a.id for a in rubric.ANTI_PATTERNS]
    assert len(ids) == len(set(ids))
    for a in rubric.ANTI_PATTERNS:
        assert a.undermines in rubric.STEP_IDS, f"{a.id} undermines unknown step {a.undermines!r}"
        assert a.name and a.looks_like and a.why_it_backfires


def test_anti_pattern_lookup():
    first = rubric.ANTI_PATTERNS[0]
    assert rubric.anti_pattern(first.id) is first
    with pytest.raises(ValueError) as info:
        rubric.anti_pattern("no-such-pattern")
    for a in rubric.ANTI_PATTERNS:
        assert a.id in str(info.value)


def test_steps_are_immutable():
    with pytest.raises(AttributeError):
        rubric.STEPS[0].id = "changed"  # type: ignore[misc]
