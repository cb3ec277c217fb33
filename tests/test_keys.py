"""Salted digests: stable, salted by exercise id, and sorted so order leaks nothing."""

from __future__ import annotations

import hashlib
import string

import pytest

from course import keys
from course.exercises import make_key


def test_digest_length_and_hex():
    d = keys.digest("ex-1", "choice=Pause")
    assert len(d) == keys.DIGEST_LENGTH == 16
    assert set(d) <= set(string.hexdigits.lower())


def test_digest_is_deterministic():
    assert keys.digest("ex-1", "choice=Pause") == keys.digest("ex-1", "choice=Pause")


def test_digest_depends_on_exercise_id():
    assert keys.digest("ex-1", "choice=Pause") != keys.digest("ex-2", "choice=Pause")


def test_digest_depends_on_part():
    assert keys.digest("ex-1", "choice=Pause") != keys.digest("ex-1", "choice=Panic")


def test_digest_is_peppered_not_a_bare_hash():
    part = "choice=Pause"
    for bare in (part, "ex-1" + part, "ex-1\x1f" + part):
        assert keys.digest("ex-1", part) != hashlib.sha256(bare.encode()).hexdigest()[:16]


def test_id_and_part_boundary_is_unambiguous():
    # "ab" + "c" must not collide with "a" + "bc"
    assert keys.digest("ab", "c") != keys.digest("a", "bc")


def test_digests_sorted_and_order_independent():
    parts = ["position 1=z", "position 2=a", "position 3=m", "position 4=b"]
    result = keys.digests("ord", parts)
    assert isinstance(result, tuple)
    assert list(result) == sorted(result)
    assert result == keys.digests("ord", list(reversed(parts)))
    assert set(result) == {keys.digest("ord", p) for p in parts}
    assert all(len(d) == keys.DIGEST_LENGTH for d in result)


def test_make_key_matches_digests_of_parts():
    assert make_key("single_choice", "q", "Pause") == [keys.digest("q", "choice=Pause")]
    assert make_key("multiple_choice", "q", ("b", "a")) == sorted(
        [keys.digest("q", "pick=a"), keys.digest("q", "pick=b")]
    )
    # an ordering's parts are its pairs (issue 15), the orders after the first tagged
    assert make_key("ordering", "q", ["x", "y", "z"]) == sorted(
        [keys.digest("q", "x before y"), keys.digest("q", "x before z"), keys.digest("q", "y before z")]
    )
    assert make_key("ordering", "q", [["x", "y"], ["y", "x"]]) == sorted(
        [keys.digest("q", "x before y"), keys.digest("q", "order 2: y before x")]
    )
    assert make_key("categorise", "q", {"i": "c"}) == [keys.digest("q", "i -> c")]


def test_make_key_does_not_contain_the_plain_answer():
    key = make_key("single_choice", "q", "Pause and gather the facts")
    assert not any("Pause" in k for k in key)


def test_make_key_unknown_kind():
    with pytest.raises(ValueError, match="single_choice"):
        make_key("essay", "q", "x")


# -- sealed texts ---------------------------------------------------------------------------------

TEXT = "Assess, own, fix, reflect, rebuild: ünïcødé “quoted”."


def test_seal_round_trip_with_the_right_parts():
    sealed = keys.seal("ord", ["position 1=a", "position 2=b"], TEXT)
    assert keys.is_sealed(sealed)
    assert "Assess" not in sealed
    assert keys.unseal("ord", ["position 1=a", "position 2=b"], sealed) == TEXT


def test_unseal_ignores_the_order_of_parts():
    sealed = keys.seal("mc", ["pick=a", "pick=c"], TEXT)
    assert keys.unseal("mc", ["pick=c", "pick=a"], sealed) == TEXT


@pytest.mark.parametrize(
    "exercise_id, parts",
    [
        ("mc", ["pick=a"]),  # only part of the answer
        ("mc", ["pick=a", "pick=b"]),  # a wrong answer
        ("mc", ["pick=a", "pick=c", "pick=b"]),  # the answer plus a wrong pick
        ("other", ["pick=a", "pick=c"]),  # the right answer to another exercise
        ("mc", []),
    ],
)
def test_unseal_with_anything_else_gives_none(exercise_id, parts):
    sealed = keys.seal("mc", ["pick=a", "pick=c"], TEXT)
    assert keys.unseal(exercise_id, parts, sealed) is None


def test_unseal_garbage_gives_none():
    assert keys.unseal("mc", ["pick=a"], "sealed:not base64!!") is None
    assert keys.unseal("mc", ["pick=a"], "sealed:") is None


def test_is_sealed():
    assert not keys.is_sealed("A plain explanation.")
    assert not keys.is_sealed("")
    assert keys.is_sealed(keys.seal("q", ["choice=x"], ""))


def test_sealing_is_salted_by_exercise_id():
    assert keys.seal("q1", ["choice=x"], TEXT) != keys.seal("q2", ["choice=x"], TEXT)


def test_long_text_round_trips():
    long_text = "x" * 5000 + "end"
    assert keys.unseal("q", ["choice=x"], keys.seal("q", ["choice=x"], long_text)) == long_text


# -- veiled texts: what the practice kernel opens after any check, or on a reveal --------------------


def test_a_veiled_text_opens_with_its_exercise_id_alone():
    veiled = keys.veil("ord", TEXT)
    assert keys.is_veiled(veiled) and keys.is_sealed(veiled)  # every scan for "sealed:" still finds it
    assert TEXT not in veiled
    assert keys.unveil("ord", veiled) == TEXT
    assert keys.unveil("other", veiled) is None
    assert keys.unseal("ord", ["position 1=a"], veiled) is None  # not the older form
    assert keys.veil("ord", TEXT) == veiled  # deterministic: regenerated material is the same


def test_veiled_texts_that_begin_alike_do_not_look_alike():
    a, b = keys.veil("q", "Check the calculation: one way."), keys.veil("q", "Check the calculation: another.")
    assert a[:24] != b[:24]


def test_opened_reads_plain_veiled_and_older_sealed_texts():
    assert keys.opened("q", "plain") == "plain"
    assert keys.opened("q", keys.veil("q", TEXT)) == TEXT
    older = keys.seal("q", ["choice=x"], TEXT)
    assert keys.opened("q", older) is None and keys.opened("q", older, ["choice=x"]) == TEXT


def test_the_solution_is_the_canonical_right_answer_veiled():
    import json

    from course.answers import MAX_SOLUTION_ITEMS, seal_solution

    assert json.loads(keys.unveil("mc", seal_solution("multiple_choice", "mc", ["b", "a"]))) == ["b", "a"]
    assert json.loads(keys.unveil("n", seal_solution("numeric", "n", 4.05))) == 4.05
    assert seal_solution("item_set", "s", {"x", "y"}) and seal_solution(
        "item_set", "s", {str(n) for n in range(MAX_SOLUTION_ITEMS + 1)}) == ""  # too large to carry
    assert seal_solution("drafted_message", "m", None) == ""
