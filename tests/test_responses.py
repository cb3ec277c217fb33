"""The responses file: round trips, attempts, atomic writes, and damage that is moved aside, never fatal."""

from __future__ import annotations

import json

import pytest

from course import responses
from course.responses import (
    FILENAME,
    MAX_BYTES,
    SCHEMA_VERSION,
    Answer,
    ResponsesStore,
    default_path,
    load_answers,
    valid_exercise_id,
)


def corrupt_files(folder):
    return sorted(folder.glob("responses.corrupt-*.json"))


def tmp_files(folder):
    return sorted(p for p in folder.iterdir() if p.name.endswith(".tmp"))


def on_disk(store):
    return json.loads(store.path.read_text(encoding="utf-8"))


# -- creating and reading -------------------------------------------------------------------------


def test_creating_a_store_never_creates_the_file(tmp_path, store):
    ResponsesStore(tmp_path / FILENAME)
    assert not store.path.exists()
    assert list(tmp_path.iterdir()) == []


def test_reading_a_missing_file_is_no_answers_and_creates_nothing(tmp_path, store):
    assert store.answers() == {}
    assert store.get("anything") is None
    assert load_answers(store.path) == {}
    assert not store.path.exists()


def test_default_path_follows_environment_then_working_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_RESPONSES", str(tmp_path / "elsewhere.json"))
    assert default_path() == tmp_path / "elsewhere.json"
    assert ResponsesStore().path == tmp_path / "elsewhere.json"
    monkeypatch.delenv("COURSE_RESPONSES")
    monkeypatch.chdir(tmp_path)
    assert default_path() == tmp_path / FILENAME


def test_load_answers_without_path_uses_default(tmp_path, monkeypatch, store):
    store.record("q1", "x")
    monkeypatch.setenv("COURSE_RESPONSES", str(store.path))
    assert load_answers()["q1"].value == "x"


# -- writing --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["Pause first", ["a", "b"], {"item": "category", "other": None}, [], {}, 3, 2.5, None, True, "ünïcødé ✔ “quotes”"],
)
def test_record_get_round_trip(store, value):
    answer = store.record("q1", value)
    assert isinstance(answer, Answer)
    assert answer.exercise_id == "q1" and answer.value == value and answer.attempts == 1
    got = store.get("q1")
    assert got == answer
    # and a fresh store (another kernel) reads the same
    assert ResponsesStore(store.path).get("q1") == answer
    assert load_answers(store.path)["q1"].value == value


def test_attempts_count_up_and_value_is_latest(store):
    for n, value in enumerate(["a", "b", "c", "b"], start=1):
        answer = store.record("q1", value)
        assert answer.attempts == n
        assert store.get("q1").attempts == n
        assert store.get("q1").value == value
    assert store.get("q1").time  # an ISO timestamp string
    assert store.get("q1").time.endswith("+00:00")


def test_attempts_are_per_exercise(store):
    store.record("q1", "a")
    store.record("q1", "b")
    store.record("q2", "c")
    answers = store.answers()
    assert answers["q1"].attempts == 2
    assert answers["q2"].attempts == 1


def test_file_holds_schema_version_and_entries(store):
    store.record("q1", ["x"])
    raw = on_disk(store)
    assert raw["schema"] == SCHEMA_VERSION == 1
    assert set(raw["answers"]["q1"]) == {"value", "time", "attempts", "first"}
    assert raw["answers"]["q1"]["value"] == ["x"]
    assert raw["answers"]["q1"]["attempts"] == 1


def test_file_is_valid_json_after_each_write(store):
    for n in range(1, 16):
        store.record(f"q{n % 5}", {"n": n})
        raw = json.loads(store.path.read_bytes().decode("utf-8"))
        assert raw["schema"] == SCHEMA_VERSION
        assert len(raw["answers"]) == min(n, 5)


def test_two_stores_on_one_file_merge_rather_than_overwrite(store):
    other = ResponsesStore(store.path)
    store.record("q1", "from kernel A")
    other.record("q2", "from kernel B")
    store.record("q3", "from kernel A again")
    answers = load_answers(store.path)
    assert {k: a.value for k, a in answers.items()} == {
        "q1": "from kernel A",
        "q2": "from kernel B",
        "q3": "from kernel A again",
    }


def test_no_leftover_tmp_files_after_writes(tmp_path, store):
    for n in range(10):
        store.record(f"q{n}", n)
    assert tmp_files(tmp_path) == []
    assert {p.name for p in tmp_path.iterdir()} <= {FILENAME, f".{FILENAME}.lock"}


def test_a_failed_replace_leaves_no_tmp_file_and_the_old_file_intact(tmp_path, store, monkeypatch):
    store.record("q1", "kept")
    before = store.path.read_bytes()

    def refuse(src, dst):
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(responses.os, "replace", refuse)
    with pytest.raises(OSError, match="simulated"):
        store.record("q2", "lost")
    monkeypatch.undo()
    assert store.path.read_bytes() == before
    assert tmp_files(tmp_path) == []


# -- rejected input -------------------------------------------------------------------------------


@pytest.mark.parametrize("bad_id", ["a.b", "", "has space", "ü", "a/b", "../x", 5, None, ("a",)])
def test_invalid_exercise_ids_rejected(store, bad_id):
    assert not valid_exercise_id(bad_id)
    with pytest.raises(ValueError, match="letters, digits"):
        store.record(bad_id, "x")
    assert not store.path.exists()


@pytest.mark.parametrize("good_id", ["a", "orient-first-move", "Q_1", "0"])
def test_valid_exercise_ids_accepted(store, good_id):
    assert valid_exercise_id(good_id)
    store.record(good_id, "x")
    assert store.get(good_id).value == "x"


def test_exercise_id_with_trailing_newline_rejected(store):
    assert not valid_exercise_id("q1\n")
    with pytest.raises(ValueError):
        store.record("q1\n", "x")


@pytest.mark.parametrize("bad_value", [object(), {1, 2}, b"bytes", {"k": object()}, [lambda: 0]])
def test_non_json_values_rejected(store, bad_value):
    with pytest.raises(TypeError, match="cannot be saved as JSON"):
        store.record("q1", bad_value)
    assert not store.path.exists()


def test_rejected_value_leaves_existing_answer_alone(store):
    store.record("q1", "first")
    before = store.path.read_bytes()
    with pytest.raises(TypeError):
        store.record("q1", object())
    assert store.path.read_bytes() == before
    assert store.get("q1").attempts == 1


# -- a damaged file -------------------------------------------------------------------------------

TOO_BIG = json.dumps(
    {"schema": 1, "answers": {"q1": {"value": "x" * (MAX_BYTES + 1), "time": "", "attempts": 1}}}
).encode()

CORRUPT = {
    "not-json": b'{"schema": 1, "answers": {',
    "empty": b"",
    "top-level-list": b"[1, 2, 3]",
    "top-level-string": b'"answers"',
    "answers-not-a-table": b'{"schema": 1, "answers": ["q1"]}',
    "no-answers": b'{"schema": 1}',
    "wrong-schema": b'{"schema": 2, "answers": {}}',
    "missing-schema": b'{"answers": {"q1": {"value": "a", "time": "", "attempts": 1}}}',
    "not-utf8": b'{"schema": 1, "answers": {"q1": {"value": "\xff\xfe"}}}',
    "too-big": TOO_BIG,
}


def check_moved_aside(tmp_path, store, original: bytes, capsys):
    out, err = capsys.readouterr()
    assert err == ""
    moved = corrupt_files(tmp_path)
    assert len(moved) == 1
    assert moved[0].read_bytes() == original
    lines = out.splitlines()
    assert len(lines) == 1, out
    assert FILENAME in lines[0] and moved[0].name in lines[0]
    return moved[0]


@pytest.mark.parametrize("content", CORRUPT.values(), ids=CORRUPT.keys())
def test_corrupt_file_found_on_read_is_moved_aside(tmp_path, store, capsys, content):
    store.path.write_bytes(content)
    assert store.answers() == {}
    check_moved_aside(tmp_path, store, content, capsys)
    assert not store.path.exists()  # reading moves it aside but writes nothing new
    # the next write works and starts a fresh, valid file
    store.record("q9", "fresh")
    raw = on_disk(store)
    assert raw["schema"] == SCHEMA_VERSION
    assert list(raw["answers"]) == ["q9"]
    assert store.get("q9").attempts == 1
    assert len(corrupt_files(tmp_path)) == 1
    assert capsys.readouterr().out == ""  # no further complaints


@pytest.mark.parametrize("content", CORRUPT.values(), ids=CORRUPT.keys())
def test_corrupt_file_found_on_write_is_moved_aside(tmp_path, store, capsys, content):
    store.path.write_bytes(content)
    answer = store.record("q1", "new")
    assert answer.attempts == 1
    check_moved_aside(tmp_path, store, content, capsys)
    raw = on_disk(store)
    assert raw["schema"] == SCHEMA_VERSION
    assert raw["answers"]["q1"]["value"] == "new"
    assert list(raw["answers"]) == ["q1"]


def test_load_answers_moves_a_corrupt_file_aside(tmp_path, store, capsys):
    store.path.write_bytes(b"not json at all")
    assert load_answers(store.path) == {}
    check_moved_aside(tmp_path, store, b"not json at all", capsys)


def test_two_corrupt_files_in_a_row_are_both_kept(tmp_path, store, capsys):
    store.path.write_bytes(b"first damage")
    store.answers()
    store.path.write_bytes(b"second damage")
    store.answers()
    capsys.readouterr()
    kept = {p.read_bytes() for p in corrupt_files(tmp_path)}
    assert kept == {b"first damage", b"second damage"}


def test_file_exactly_at_limit_is_still_read(tmp_path, store, capsys):
    head = b'{"schema": 1, "answers": {"q1": {"value": "'
    tail = b'", "time": "", "attempts": 1}}}'
    content = head + b"x" * (MAX_BYTES - len(head) - len(tail)) + tail
    assert len(content) == MAX_BYTES
    store.path.write_bytes(content)
    assert store.get("q1").value.startswith("xxx")
    assert corrupt_files(tmp_path) == []
    assert capsys.readouterr().out == ""


# -- single malformed entries ---------------------------------------------------------------------

MALFORMED = {
    "schema": 1,
    "answers": {
        "good": {"value": ["a"], "time": "2024-01-01T00:00:00.000+00:00", "attempts": 2},
        "not-a-dict": "a string",
        "no-value": {"time": "t", "attempts": 1},
        "bad-attempts": {"value": "v", "time": "t", "attempts": "three"},
        "bad-time": {"value": "v", "time": 5, "attempts": 1},
        "bad.id": {"value": "v", "time": "t", "attempts": 1},
    },
}


def test_malformed_entries_skipped_on_read(tmp_path, store, capsys):
    store.path.write_text(json.dumps(MALFORMED), encoding="utf-8")
    answers = store.answers()
    assert list(answers) == ["good"]
    assert answers["good"] == Answer("good", ["a"], "2024-01-01T00:00:00.000+00:00", 2, first=["a"])
    out, err = capsys.readouterr()
    assert err == ""
    assert len(out.splitlines()) == 1
    assert "skipped 5 malformed entries" in out
    assert corrupt_files(tmp_path) == []


def test_malformed_entries_kept_on_disk_after_another_record(tmp_path, store, capsys):
    store.path.write_text(json.dumps(MALFORMED), encoding="utf-8")
    store.record("new", "value")
    raw = on_disk(store)
    for key, entry in MALFORMED["answers"].items():
        assert raw["answers"][key] == entry
    assert raw["answers"]["new"]["value"] == "value"
    assert corrupt_files(tmp_path) == []
    assert capsys.readouterr().err == ""


def test_entry_without_time_or_attempts_still_reads(store):
    store.path.write_text(json.dumps({"schema": 1, "answers": {"q1": {"value": "v"}}}), encoding="utf-8")
    assert store.get("q1") == Answer("q1", "v", "", 1, first="v")


@pytest.mark.parametrize("bad_attempts", ["three", -4, None, True, 1.5])
def test_recording_over_an_entry_with_bad_attempts_restarts_the_count(store, capsys, bad_attempts):
    store.path.write_text(
        json.dumps({"schema": 1, "answers": {"q1": {"value": "v", "time": "t", "attempts": bad_attempts}}}),
        encoding="utf-8",
    )
    assert store.record("q1", "w").attempts == 1
    assert store.get("q1").attempts == 1


def test_recording_over_a_malformed_entry_replaces_it(store, capsys):
    store.path.write_text(json.dumps({"schema": 1, "answers": {"q1": "garbage"}}), encoding="utf-8")
    assert store.record("q1", "w").attempts == 1
    assert store.get("q1").value == "w"
    assert capsys.readouterr().out == ""


# -- first try, drafts and reveals (issue 15: judge on request, record first and latest) ----------

def test_first_checked_answer_is_kept_while_the_latest_changes(tmp_path):
    store = ResponsesStore(tmp_path / "responses.json")
    store.save("q1", "A")
    store.save("q1", "B")
    store.save("q1", "C")
    answer = store.get("q1")
    assert (answer.first, answer.value, answer.checks) == ("A", "C", 3)


def test_drafts_are_kept_apart_count_nothing_and_go_when_checked(tmp_path):
    store = ResponsesStore(tmp_path / "responses.json")
    store.save_draft("q1", ["b", "a"])
    assert store.get("q1") is None  # nothing graded: a draft is not an answer
    assert store.draft("q1") == ["b", "a"]
    store.save("q1", ["b", "a"])
    assert store.draft("q1") is None
    assert store.get("q1").checks == 1
    store.save_draft("q1", ["a", "b"])
    assert store.get("q1").value == ["b", "a"]  # the latest *checked* answer stays the graded one
    assert ResponsesStore(tmp_path / "responses.json").draft("q1") == ["a", "b"]


def test_a_reveal_is_recorded_once_and_survives_later_checks(tmp_path):
    store = ResponsesStore(tmp_path / "responses.json")
    assert store.mark_revealed("q1") is None  # nothing checked yet: nothing to reveal
    store.save("q1", "A")
    when = store.mark_revealed("q1").revealed
    assert when and store.mark_revealed("q1").revealed == when
    store.save("q1", "B")
    assert store.get("q1").revealed == when and store.get("q1").first == "A"


def test_an_entry_from_before_first_existed_reads_its_value_as_first(tmp_path):
    path = tmp_path / "responses.json"
    path.write_text(json.dumps({"schema": 1, "answers": {"q1": {"value": "A", "time": "", "attempts": 2}}}))
    store = ResponsesStore(path)
    assert store.get("q1").first == "A"
    store.save("q1", "B")
    assert (store.get("q1").first, store.get("q1").value) == ("A", "B")


def test_a_batch_of_saves_merges_each_as_alone_and_writes_the_file_once(tmp_path, monkeypatch):
    """course grade replays a notebook's code answers into a copy of the answers handed in: one
    write for the lot, each save merged by the same rules as alone (an unchanged re-run is no new
    attempt; a click keeps its place against a code answer that agrees)."""
    from course import responses as module

    alone, batched = ResponsesStore(tmp_path / "alone.json"), ResponsesStore(tmp_path / "batched.json")
    for store in (alone, batched):
        store.save("q1", "A")
        store.save("q2", ["x"], from_code=True)
    writes = []
    real = module.write_json_atomically
    monkeypatch.setattr(module, "write_json_atomically", lambda path, raw: (writes.append(path), real(path, raw)))
    steps = [("q1", "A", True), ("q2", ["x"], True), ("q3", 4.5, True), ("q3", 5.0, True), ("q4", "B", False)]
    for exercise_id, value, from_code in steps:
        alone.save(exercise_id, value, from_code=from_code)
    written_alone = len(writes)
    writes.clear()
    with batched.batch():
        for exercise_id, value, from_code in steps:
            batched.save(exercise_id, value, from_code=from_code)
        assert batched.get("q3").value == 5.0  # the batch reads its own saves
        assert writes == []  # nothing on disk until the end
    assert writes == [batched.path] and written_alone > 1
    strip = lambda answers: {k: (a.value, a.attempts, a.first, a.code) for k, a in answers.items()}  # noqa: E731
    assert strip(batched.answers()) == strip(alone.answers())
    assert strip(ResponsesStore(batched.path).answers()) == strip(alone.answers())


def test_a_batch_that_fails_midway_keeps_what_it_saved(tmp_path):
    store = ResponsesStore(tmp_path / "responses.json")
    with pytest.raises(RuntimeError), store.batch():
        store.save("q1", "A")
        raise RuntimeError("the grader stopped")
    assert ResponsesStore(store.path).get("q1").value == "A"
    with store.batch():
        pass  # nothing saved: nothing written, nothing lost
    assert ResponsesStore(store.path).get("q1").value == "A"


def test_reading_again_an_unchanged_file_gives_the_same_answers_without_parsing_it(tmp_path, monkeypatch):
    """A grading kernel reads its answers in every cell: an unchanged file is parsed once. A change
    of any kind (a save here, another process replacing the file, an edit in place) is read afresh,
    and an answer handed out can be changed by its reader without changing the next read."""
    import json as json_module

    from course import responses as module

    store = ResponsesStore(tmp_path / "responses.json")
    store.save("q1", ["a", "b"])
    parses = []
    real = module.json.loads
    monkeypatch.setattr(module.json, "loads", lambda text: (parses.append(1), real(text))[1])
    first = store.answers()
    first["q1"].value.append("changed by its reader")
    again = ResponsesStore(store.path).answers()
    assert again["q1"].value == ["a", "b"] and len(parses) == 1  # parsed once, not changed by the reader
    store.save("q2", "c")  # a save here replaces the file
    assert set(store.answers()) == {"q1", "q2"}
    raw = json_module.loads(store.path.read_text(encoding="utf-8"))
    raw["answers"]["q1"]["value"] = ["z"]
    store.path.write_text(json_module.dumps(raw), encoding="utf-8")  # another tool edits it in place
    assert store.get("q1").value == ["z"]
