"""The workshop session store and joining: every rule of the store, on both backends.

Why both backends run the same tests: the dashboard reads whichever one a facilitator chose, and
must see the same room. Why the participant side is tested with real exercises: a learner's
save must never break because the room's store is gone, closed or damaged.
"""

from __future__ import annotations

import json
import os
import stat

import pytest

from course.answers import events
from course.exercises import SingleChoice, make_key
from course.responses import ResponsesStore
from course.workshop import participant
from course.workshop.store import (
    CODE_ALPHABET,
    DirectoryStore,
    Published,
    SessionClosed,
    SqlStore,
    StoreUnavailable,
    normalise_name,
    open_store,
    participant_id,
)
from samples import SC_EXPLANATIONS, SC_OPTIONS, SC_RIGHT

ENV = ("COURSE_WORKSHOP", "COURSE_WORKSHOP_NAME", "JUPYTERHUB_USER", "COURSE_WORKSHOP_STORE")


@pytest.fixture(autouse=True)
def no_workshop_from_outside(monkeypatch):
    """No session joined and no workshop variables from the environment the tests run in."""
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    participant._current = None
    yield
    participant._current = None
    events.unsubscribe(participant.publish)


@pytest.fixture(params=["directory", "sqlite", "postgresql"])
def room(request, tmp_path):
    """An empty store of each kind; messages are collected, not printed. PostgreSQL is a real
    server (the session's ``postgres`` fixture), whose tables are dropped after each test."""
    messages: list[str] = []
    if request.param == "directory":
        store = DirectoryStore(tmp_path / "workshops", warn=messages.append)
    elif request.param == "sqlite":
        store = SqlStore(f"sqlite:///{tmp_path / 'room.db'}", warn=messages.append)
    else:
        store = SqlStore(request.getfixturevalue("postgres").database("workshop"), warn=messages.append)
        _drop_tables(store)  # a test that stopped midway may have left its room
    store.messages = messages
    yield store
    if request.param == "postgresql":
        _drop_tables(store)
    store.dispose()


def _drop_tables(store: SqlStore) -> None:
    from course.workshop.store import _tables

    _tables()[0].drop_all(store._engine)
    store._ready = False


def answer(exercise_id="q1", value="a", **fields) -> Published:
    return Published(exercise_id, value, **{"kind": "single_choice", "step": "assess", **fields})


# -- sessions -----------------------------------------------------------------------------------

def test_a_new_session_gets_a_six_character_code_without_look_alike_characters(room):
    codes = {room.create("01-bulk-spam").code for _ in range(20)}
    assert len(codes) == 20
    for code in codes:
        assert len(code) == 6 and set(code) <= set(CODE_ALPHABET)
        assert not set(code) & set("0O1IL")
    info = room.info(next(iter(codes)))
    assert info.assignment == "01-bulk-spam" and info.closed is None and info.is_open


def test_a_chosen_code_is_upper_cased_and_cannot_be_taken_twice(room):
    info = room.create("00-orientation", code=" tue-am ", title="Tuesday morning")
    assert info.code == "TUE-AM" and info.title == "Tuesday morning"
    assert room.info("tue-am") == info
    with pytest.raises(ValueError, match="TUE-AM.*already exists"):
        room.create("01-bulk-spam", code="TUE-AM")
    assert room.info("TUE-AM").assignment == "00-orientation", "the first session is left as it was"


@pytest.mark.parametrize("code", ["AB", "K7/QX2", "../ETC", "A" * 33, "", "K7 QX2"])
def test_a_malformed_code_is_refused_in_one_line(room, code):
    with pytest.raises(ValueError, match="not a workshop session code") as problem:
        room.create("01-bulk-spam", code=code)
    assert "\n" not in str(problem.value)
    with pytest.raises(ValueError):
        room.join(code, "Sam")


@pytest.mark.parametrize("assignment", ["", "   ", "two\nlines", 42])
def test_a_session_needs_a_one_line_assignment(room, assignment):
    with pytest.raises(ValueError, match="assignment"):
        room.create(assignment)


def test_an_unknown_session_is_a_lookup_error_naming_the_store(room):
    with pytest.raises(LookupError, match=r"no workshop session 'NOPE42' in ") as problem:
        room.info("nope42")
    assert room.location in str(problem.value)
    for call in (lambda: room.join("NOPE42", "Sam"), lambda: room.publish("NOPE42", "Sam", answer()),
                 lambda: room.participants("NOPE42"), lambda: room.close("NOPE42")):
        with pytest.raises(LookupError):
            call()


def test_sessions_are_listed_newest_first(room):
    assert room.sessions() == []
    first = room.create("00-orientation", code="FIRST1")
    second = room.create("01-bulk-spam", code="SECOND")
    assert [s.code for s in room.sessions()] == [second.code, first.code]


def test_closing_is_idempotent_and_refuses_new_participants_and_answers(room):
    code = room.create("01-bulk-spam").code
    room.publish(code, "Sam", answer(value="a"))
    closed = room.close(code)
    assert closed.closed is not None
    assert room.close(code).closed == closed.closed, "closing twice keeps the first closing time"
    with pytest.raises(SessionClosed, match=f"{code} was closed"):
        room.join(code, "Ana")
    with pytest.raises(SessionClosed):
        room.publish(code, "Sam", answer(value="b"))
    assert isinstance(SessionClosed("x"), ValueError)
    people = room.participants(code)
    assert [p.name for p in people] == ["Sam"] and people[0].answers["q1"].value == "a", "answers stay readable"


# -- participants -------------------------------------------------------------------------------

def test_joining_registers_presence_without_answers(room):
    code = room.create("01-bulk-spam").code
    sam = room.join(code, "Sam")
    assert sam.answers == {} and sam.name == "Sam" and sam.joined == sam.seen
    assert sam.participant_id == participant_id(code, "Sam")
    assert [p.participant_id for p in room.participants(code)] == [sam.participant_id]


def test_a_name_is_one_participant_whatever_its_case_and_spacing(room):
    code = room.create("01-bulk-spam").code
    first = room.join(code, "Sam Lee")
    again = room.join(code, "  sam   LEE ")
    room.publish(code, "SAM LEE", answer())
    people = room.participants(code)
    assert len(people) == 1
    assert people[0].participant_id == first.participant_id == again.participant_id
    assert people[0].name == "SAM LEE", "the display name is the latest one typed"
    assert people[0].joined == first.joined, "rejoining keeps the first joining time"
    assert people[0].seen >= again.seen >= first.seen


def test_the_same_name_in_another_session_is_another_participant(room):
    one, two = room.create("01-bulk-spam").code, room.create("01-bulk-spam").code
    assert room.join(one, "Sam").participant_id != room.join(two, "Sam").participant_id
    assert [p.name for p in room.participants(one)] == ["Sam"]
    assert [p.name for p in room.participants(two)] == ["Sam"]


def test_participants_are_listed_in_the_order_they_joined(room):
    code = room.create("01-bulk-spam").code
    for name in ("Zoe", "Ana", "Max"):
        room.join(code, name)
    room.publish(code, "Zoe", answer())  # a later answer does not move Zoe
    assert [p.name for p in room.participants(code)] == ["Zoe", "Ana", "Max"]


def test_publishing_without_joining_first_counts_the_participant(room):
    code = room.create("01-bulk-spam").code
    stored = room.publish(code, "Ana", answer(value="b", score=0.5))
    assert stored.attempts == 1 and stored.value == "b" and stored.score == 0.5
    assert stored.kind == "single_choice" and stored.step == "assess" and stored.time
    (ana,) = room.participants(code)
    assert ana.name == "Ana" and ana.answers == {"q1": stored}


def test_a_changed_answer_replaces_the_old_one_and_the_store_counts_attempts(room):
    code = room.create("01-bulk-spam").code
    room.publish(code, "Sam", answer(value="a", attempts=99))
    room.publish(code, "Sam", answer(value="b"))
    stored = room.publish(code, "sam", answer(value=["c", "d"], kind="multiple_choice"))
    assert stored.attempts == 3, "attempts are counted by the store, not taken from the publisher"
    (sam,) = room.participants(code)
    assert sam.answers["q1"].value == ["c", "d"] and sam.answers["q1"].kind == "multiple_choice"


def test_the_latest_answer_by_time_wins_even_when_it_arrives_first(room):
    """A participant's two kernels: the slower one's older answer arrives last, and loses."""
    code = room.create("01-bulk-spam").code
    room.publish(code, "Sam", answer(value="new", time="2030-01-01T10:00:05+00:00"))
    stored = room.publish(code, "Sam", answer(value="old", time="2030-01-01T10:00:01+00:00"))
    assert stored.value == "new" and stored.attempts == 2
    assert room.participants(code)[0].answers["q1"].value == "new"


def test_publishing_the_same_answer_again_is_not_another_attempt(room):
    code = room.create("01-bulk-spam").code
    same = answer(value="a", time="2030-01-01T10:00:00Z")
    room.publish(code, "Sam", same)
    assert room.publish(code, "Sam", same).attempts == 1
    assert room.publish(code, "Sam", answer(value="b", time="2030-01-01T10:00:00Z")).attempts == 2


def test_the_first_try_is_kept_apart_from_the_latest_and_never_replaced(room):
    code = room.create("01-bulk-spam").code
    wrong = answer(value="a", score=0.0, time="2030-01-01T10:00:00Z")
    room.publish(code, "Sam", wrong, first=wrong)
    room.publish(code, "Sam", answer(value="b", score=1.0, time="2030-01-01T10:00:09Z"),
                 first=answer(value="b", score=1.0))  # a second kernel that believes "b" came first
    (sam,) = room.participants(code)
    assert sam.answers["q1"].value == "b" and sam.answers["q1"].attempts == 2
    first = sam.first_answers["q1"]
    assert (first.value, first.score, first.kind, first.step, first.time) == (
        "a", 0.0, "single_choice", "assess", "2030-01-01T10:00:00.000000+00:00")


def test_a_first_try_arrives_with_a_later_answer_when_the_participant_joined_late(room):
    code = room.create("01-bulk-spam").code
    room.publish(code, "Ana", answer(value="b", score=1.0), first=answer(value="a", score=0.0))
    (ana,) = room.participants(code)
    assert ana.answers["q1"].value == "b" and ana.answers["q1"].attempts == 1
    assert (ana.first_answers["q1"].value, ana.first_answers["q1"].score) == ("a", 0.0)
    assert ana.first_answers["q1"].time == ana.answers["q1"].time, "no time of its own: the answer's"


def test_an_answer_published_without_a_first_try_is_the_first_where_none_is_kept(room):
    code = room.create("01-bulk-spam").code
    room.publish(code, "Sam", answer(value="a"))
    room.publish(code, "Sam", answer(value="b"))
    (sam,) = room.participants(code)
    assert sam.first_answers["q1"].value == "a" and sam.answers["q1"].value == "b"
    with pytest.raises(ValueError, match="first try is of 'q2'"):
        room.publish(code, "Sam", answer(value="c"), first=answer("q2", value="c"))


def test_a_store_from_before_first_tries_keeps_its_answers_and_gains_them(room, tmp_path):
    """An existing store: the folder's participant files have no first tries, the database no table."""
    code = room.create("01-bulk-spam").code
    room.publish(code, "Sam", answer(value="a"))
    if isinstance(room, DirectoryStore):
        path = room._participant_file(code, participant_id(code, "Sam"))
        raw = json.loads(path.read_text())
        del raw["first"]
        path.write_text(json.dumps(raw))
        reopened = DirectoryStore(room.root)
    else:
        from course.workshop.store import _tables

        _tables()[4].drop(room._engine)
        reopened = SqlStore(room._engine.url.render_as_string(hide_password=False))
    try:
        (sam,) = reopened.participants(code)
        assert sam.answers["q1"].value == "a" and sam.first_answers == {}
        reopened.publish(code, "Sam", answer(value="b"), first=answer(value="b"))
        reopened.publish(code, "Ana", answer(value="c"), first=answer(value="a"))
        sam, ana = reopened.participants(code)
        assert sam.answers["q1"].attempts == 2 and sam.first_answers["q1"].value == "b"
        assert ana.first_answers["q1"].value == "a"
    finally:
        reopened.dispose()


def test_times_are_kept_in_one_comparable_form(room):
    code = room.create("01-bulk-spam").code
    stored = room.publish(code, "Sam", answer(time="2030-01-01T12:00:00+02:00"))
    assert stored.time == "2030-01-01T10:00:00.000000+00:00"


@pytest.mark.parametrize("bad, match", [
    (Published("q.1", "a"), "exercise id"),
    (Published("q1", float("nan")), "JSON"),
    (Published("q1", {1, 2}), "JSON"),
    (Published("q1", "x" * 200_000), "bytes"),
    (Published("q1", "a", score=1.5), "score"),
    (Published("q1", "a", score=True), "score"),
    (Published("q1", "a", kind="Single Choice!"), "kind"),
    (Published("q1", "a", step=None), "step"),
    (Published("q1", "a", time="yesterday"), "ISO 8601"),
    ({"exercise_id": "q1", "value": "a"}, "Published"),
])
def test_a_bad_answer_is_refused_in_one_line_and_nothing_is_stored(room, bad, match):
    code = room.create("01-bulk-spam").code
    with pytest.raises(ValueError, match=match) as problem:
        room.publish(code, "Sam", bad)
    assert "\n" not in str(problem.value)
    assert room.participants(code) == []


@pytest.mark.parametrize("name, match", [("", "empty"), ("   ", "empty"), ("x" * 61, "60"),
                                         ("Sam\x00", "control"), ("Sam\u200b", "control")])
def test_a_bad_name_is_refused_in_one_line(room, name, match):
    code = room.create("01-bulk-spam").code
    with pytest.raises(ValueError, match=match):
        room.join(code, name)
    assert room.participants(code) == []


def test_names_are_unicode_normalised_so_one_person_is_one_participant():
    composed, decomposed = "Zo\u00eb", "Zoe\u0308"
    assert normalise_name(decomposed) == composed
    assert participant_id("K7QX2M", composed) == participant_id("k7qx2m", decomposed)
    assert participant_id("K7QX2M", "Ｓａｍ") == participant_id("K7QX2M", "sam"), "full-width letters too"


# -- the directory backend ----------------------------------------------------------------------

def test_the_directory_layout_is_one_file_per_participant(tmp_path):
    room = DirectoryStore(tmp_path)
    code = room.create("01-bulk-spam").code
    room.publish(code, "Sam", answer())
    room.join(code, "Ana")
    session = json.loads((tmp_path / code / "session.json").read_text())
    assert session["assignment"] == "01-bulk-spam" and session["closed"] is None
    files = sorted(p.name for p in (tmp_path / code / "participants").glob("*.json"))
    assert files == sorted(f"{participant_id(code, n)}.json" for n in ("Sam", "Ana"))
    sam = json.loads((tmp_path / code / "participants" / f"{participant_id(code, 'Sam')}.json").read_text())
    assert sam["name"] == "Sam" and sam["answers"]["q1"]["value"] == "a" and sam["answers"]["q1"]["attempts"] == 1


def test_a_corrupt_participant_file_is_skipped_with_one_line_once(tmp_path, capsys):
    room = DirectoryStore(tmp_path)
    code = room.create("01-bulk-spam").code
    room.publish(code, "Sam", answer())
    room.publish(code, "Ana", answer(value="b"))
    broken = tmp_path / code / "participants" / f"{participant_id(code, 'Ana')}.json"
    broken.write_text('{"schema": 1, "answers": {', encoding="utf-8")
    (tmp_path / code / "participants" / "notes.txt").write_text("not a participant")
    capsys.readouterr()
    assert [p.name for p in room.participants(code)] == ["Sam"]
    out = capsys.readouterr()
    assert out.err == ""
    assert out.out.count("\n") == 1 and out.out.startswith("⚠ ") and broken.name in out.out
    assert [p.name for p in room.participants(code)] == ["Sam"]
    assert capsys.readouterr().out == "", "a dashboard that refreshes says it once"


def test_a_file_of_another_participant_under_this_name_is_skipped(tmp_path):
    messages = []
    room = DirectoryStore(tmp_path, warn=messages.append)
    code = room.create("01-bulk-spam").code
    room.join(code, "Sam")
    folder = tmp_path / code / "participants"
    sam = folder / f"{participant_id(code, 'Sam')}.json"
    (folder / f"{'0' * 16}.json").write_text(sam.read_text())  # copied by hand: its id does not fit its name
    assert [p.name for p in room.participants(code)] == ["Sam"]
    assert len(messages) == 1 and "0000000000000000.json" in messages[0]


def test_a_malformed_answer_in_a_participant_file_is_skipped_and_the_rest_is_kept(tmp_path):
    messages = []
    room = DirectoryStore(tmp_path, warn=messages.append)
    code = room.create("01-bulk-spam").code
    room.publish(code, "Sam", answer("q1"))
    room.publish(code, "Sam", answer("q2"))
    path = tmp_path / code / "participants" / f"{participant_id(code, 'Sam')}.json"
    raw = json.loads(path.read_text())
    raw["answers"]["q2"]["attempts"] = "many"
    path.write_text(json.dumps(raw))
    assert set(room.participants(code)[0].answers) == {"q1"}
    assert len(messages) == 1 and "q2" in messages[0]
    assert room.publish(code, "Sam", answer("q2", value="z")).attempts == 1, "the damaged entry is replaced"


def test_a_corrupt_participant_file_is_moved_aside_when_its_participant_answers_again(tmp_path):
    messages = []
    room = DirectoryStore(tmp_path, warn=messages.append)
    code = room.create("01-bulk-spam").code
    room.publish(code, "Sam", answer())
    path = tmp_path / code / "participants" / f"{participant_id(code, 'Sam')}.json"
    path.write_bytes(b"\xff\xfe garbage")
    stored = room.publish(code, "Sam", answer(value="b"))
    assert stored.value == "b" and stored.attempts == 1
    aside = list(path.parent.glob(f"{path.name}.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == b"\xff\xfe garbage", "nothing is deleted"
    assert len(messages) == 1 and "moved" in messages[0]
    assert [p.answers["q1"].value for p in room.participants(code)] == ["b"]


def test_a_damaged_session_file_is_a_one_line_store_error_and_other_sessions_still_list(tmp_path):
    messages = []
    room = DirectoryStore(tmp_path, warn=messages.append)
    good, bad = room.create("01-bulk-spam").code, room.create("01-bulk-spam").code
    (tmp_path / bad / "session.json").write_text("[]")
    with pytest.raises(StoreUnavailable, match="cannot be read"):
        room.info(bad)
    assert [s.code for s in room.sessions()] == [good]
    assert len(messages) == 1 and bad in messages[0]


def test_a_missing_store_folder_has_no_sessions(tmp_path):
    room = DirectoryStore(tmp_path / "not-yet")
    assert room.sessions() == []
    with pytest.raises(LookupError):
        room.info("K7QX2M")
    assert not (tmp_path / "not-yet").exists(), "reading creates nothing"


def test_session_folders_copy_a_shared_roots_permissions(tmp_path):
    """On a JupyterHub every participant's kernel must be able to create its file in participants/."""
    root = tmp_path / "shared"
    root.mkdir()
    os.chmod(root, 0o1777)
    code = DirectoryStore(root).create("01-bulk-spam").code
    for folder in (root / code, root / code / "participants"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o1777
    private = tmp_path / "private"
    private.mkdir()
    os.chmod(private, 0o700)
    code = DirectoryStore(private).create("01-bulk-spam").code
    assert stat.S_IMODE((private / code / "participants").stat().st_mode) & 0o022 == 0


# -- the SQL backend ----------------------------------------------------------------------------

@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_a_database_answer_that_is_not_json_is_skipped_with_one_line(tmp_path, request, dialect):
    import sqlalchemy as sa

    messages = []
    url = f"sqlite:///{tmp_path / 'room.db'}" if dialect == "sqlite" else request.getfixturevalue("postgres").database(
        "workshop_json")
    room = SqlStore(url, warn=messages.append)
    code = room.create("01-bulk-spam").code
    room.publish(code, "Sam", answer("q1"))
    room.publish(code, "Sam", answer("q2"))
    with room._engine.begin() as connection:
        connection.execute(sa.text("UPDATE workshop_answers SET value = '{broken' WHERE exercise_id = 'q2'"))
    (sam,) = room.participants(code)
    assert set(sam.answers) == {"q1"}
    assert len(messages) == 1 and "not valid JSON" in messages[0]
    _drop_tables(room)
    room.dispose()


@pytest.mark.parametrize("url, match", [
    ("mysql://user:secret@db/course", "SQLite and PostgreSQL"),
    ("nosuchdb+x://h/d", "SQLite and PostgreSQL, not nosuchdb"),
    ("postgresql+nosuchdriver://u:secret@h/d", "cannot use"),
    ("://nothing", "not a database URL"),
])
def test_an_unusable_database_url_is_a_one_line_value_error_without_the_password(url, match):
    with pytest.raises(ValueError, match=match) as problem:
        open_store(url)
    assert "secret" not in str(problem.value) and "\n" not in str(problem.value)


def test_a_database_that_cannot_be_reached_is_a_store_error(tmp_path):
    room = open_store(f"sqlite:///{tmp_path / 'no' / 'such' / 'folder' / 'room.db'}")
    with pytest.raises(StoreUnavailable, match="did not answer"):
        room.sessions()


def test_a_postgresql_server_that_is_not_there_or_lacks_the_database_is_a_store_error(postgres):
    for url in ("postgresql://course@127.0.0.1:1/workshop",  # no server on that port
                postgres.url.rsplit("/", 1)[0] + "/no_such_database"):
        with pytest.raises(StoreUnavailable, match="did not answer.*(refused|does not exist)") as problem:
            open_store(url).sessions()
        assert "\n" not in str(problem.value)


def test_the_database_location_hides_the_password():
    try:
        shown = open_store("postgresql://facilitator:secret@db.example.org/workshops").location
    except ValueError as no_driver:  # no PostgreSQL driver installed here: the message hides it too
        shown = str(no_driver)
    assert "secret" not in shown and "facilitator:***@db.example.org" in shown


# -- where the store is -------------------------------------------------------------------------

def test_the_store_location_comes_from_the_argument_the_variable_or_the_home_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert open_store().location == str(tmp_path / "home" / ".course-workshops")
    monkeypatch.setenv("COURSE_WORKSHOP_STORE", str(tmp_path / "shared"))
    assert isinstance(open_store(), DirectoryStore) and open_store().location == str(tmp_path / "shared")
    monkeypatch.setenv("COURSE_WORKSHOP_STORE", f"sqlite:///{tmp_path / 'room.db'}")
    assert isinstance(open_store(), SqlStore)
    assert open_store(tmp_path / "mine").location == str(tmp_path / "mine")


def test_importing_the_workshop_package_does_not_import_sqlalchemy():
    import subprocess
    import sys

    code = "import sys, course.workshop, course.exercises; print('sqlalchemy' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"


# -- joining from a notebook --------------------------------------------------------------------

@pytest.fixture
def session(tmp_path, monkeypatch):
    """An open session in a folder store that $COURSE_WORKSHOP_STORE points at; the notebook runs in
    a folder named like no assignment (the working folder's name is checked against the session's)."""
    location = tmp_path / "workshops"
    monkeypatch.setenv("COURSE_WORKSHOP_STORE", str(location))
    work = tmp_path / "notebook"
    work.mkdir()
    monkeypatch.chdir(work)
    return DirectoryStore(location).create("01-bulk-spam")


def exercise(tmp_path, exercise_id="sc") -> SingleChoice:
    return SingleChoice(exercise_id, options=SC_OPTIONS, step="assess", points=2, prompt="First move?",
                        key=make_key("single_choice", exercise_id, SC_RIGHT), explanations=SC_EXPLANATIONS,
                        store=ResponsesStore(tmp_path / "responses.json"))


def one_line(capfd) -> str:
    out = capfd.readouterr()
    assert out.err == "", "stderr would zero an nbgrader grade cell"
    assert out.out.count("\n") == 1, out.out
    return out.out.strip()


def test_the_notebook_line_does_nothing_without_a_code(capfd, tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "sam")  # a hub user who is not in a workshop
    monkeypatch.setenv("COURSE_WORKSHOP_STORE", str(tmp_path / "workshops"))
    assert participant.join(code="", name="") is None
    out = capfd.readouterr()
    assert out.out == "" and out.err == ""
    assert participant.current() is None
    assert not (tmp_path / "workshops").exists(), "no store is touched"


def test_joining_prints_one_kind_line_and_registers_the_participant(session, capfd):
    participant.join(code=session.code.lower(), name="  Sam ")
    assert one_line(capfd) == (
        f"✓ Joined workshop {session.code} as Sam: your answers also go to the room's dashboard, "
        "where names are hidden unless the facilitator shows them.")
    assert participant.current().code == session.code
    assert [p.name for p in open_store().participants(session.code)] == ["Sam"]


def test_joining_from_the_environment_a_hub_sets(session, capfd, monkeypatch):
    monkeypatch.setenv("COURSE_WORKSHOP", session.code)
    monkeypatch.setenv("JUPYTERHUB_USER", "sam.lee")
    participant.join(code="", name="")
    assert "as sam.lee" in one_line(capfd)
    monkeypatch.setenv("COURSE_WORKSHOP_NAME", "Sam Lee")
    participant.join()
    assert "as Sam Lee" in one_line(capfd)
    assert [p.name for p in open_store().participants(session.code)] == ["sam.lee", "Sam Lee"]
    participant.join(code="", name="sam lee")  # typed arguments win over the variables
    assert "as sam lee" in one_line(capfd)
    assert len(open_store().participants(session.code)) == 2, "the same name again is the same participant"


@pytest.mark.parametrize("code, name, expected", [
    ("", "Sam", "type its session code too"),
    ("K7", "Sam", "is not a workshop code"),
    ("NOPE42", "Sam", "There is no workshop NOPE42"),
    ("{code}", "", "type your name between the quotes"),
    ("{code}", "x" * 70, "keep it to 60"),
])
def test_a_mistake_in_the_join_line_is_one_line_and_no_exception(session, capfd, code, name, expected):
    participant.join(code=code.format(code=session.code), name=name)
    assert expected in one_line(capfd)
    assert participant.current() is None


def test_joining_a_closed_session_says_so(session, capfd):
    open_store().close(session.code)
    participant.join(code=session.code, name="Sam")
    assert "is closed" in one_line(capfd)
    assert participant.current() is None


def test_an_unreachable_store_is_one_line(session, capfd, tmp_path):
    participant.join(code=session.code, name="Sam", store="mysql://u:pw@nowhere/x")
    line = one_line(capfd)
    assert line.startswith("⚠ Could not reach the workshop store") and "pw" not in line
    participant.join(code=session.code, name="Sam", store=f"sqlite:///{tmp_path / 'no' / 'dir' / 'x.db'}")
    assert "Could not reach" in one_line(capfd)


def test_a_notebook_of_another_assignment_does_not_join(session, capfd, tmp_path, monkeypatch):
    other = tmp_path / "00-orientation"
    other.mkdir()
    monkeypatch.chdir(other)
    participant.join(code=session.code, name="Sam")
    assert "about 01-bulk-spam" in one_line(capfd)
    assert participant.current() is None
    for folder in ("01-bulk-spam", "01-bulk-spam copy", "p1"):  # the session's, a renamed copy, unnumbered
        (tmp_path / folder).mkdir()
        monkeypatch.chdir(tmp_path / folder)
        participant.join(code=session.code, name="Sam")
        assert one_line(capfd).startswith("✓ Joined")


def test_leaving_stops_publishing(session, capfd, tmp_path):
    participant.leave()
    assert "not in a workshop" in one_line(capfd)
    participant.join(code=session.code, name="Sam")
    assert events.listening(), "joining subscribes to the exercises' saved answers"
    capfd.readouterr()
    participant.leave()
    assert one_line(capfd).startswith(f"✓ Left workshop {session.code}")
    assert not events.listening(), "leaving unsubscribes"
    exercise(tmp_path).answer(SC_RIGHT)
    assert open_store().participants(session.code)[0].answers == {}


# -- publishing each saved answer ---------------------------------------------------------------

def test_each_saved_answer_is_published_with_its_kind_step_and_score(session, capfd, tmp_path):
    participant.join(code=session.code, name="Sam")
    question = exercise(tmp_path)
    question.answer(SC_OPTIONS[1])
    question.answer(SC_RIGHT)
    (sam,) = open_store().participants(session.code)
    stored = sam.answers["sc"]
    assert (stored.value, stored.kind, stored.step, stored.score, stored.attempts) == (
        SC_RIGHT, "single_choice", "assess", 1.0, 2)
    assert "⚠" not in question._status.value


def test_each_check_sends_the_learners_first_try_with_the_latest(session, capfd, tmp_path):
    question = exercise(tmp_path)
    question.answer(SC_OPTIONS[1])  # checked before joining: the room did not hear of it
    participant.join(code=session.code, name="Sam")
    question.answer(SC_OPTIONS[2])
    question.answer(SC_RIGHT)
    (sam,) = open_store().participants(session.code)
    assert (sam.answers["sc"].value, sam.answers["sc"].score) == (SC_RIGHT, 1.0)
    assert (sam.first_answers["sc"].value, sam.first_answers["sc"].score) == (SC_OPTIONS[1], 0.0)


def test_the_record_of_a_check_says_whether_it_is_the_first(tmp_path):
    question = exercise(tmp_path)
    heard = []
    events.subscribe(heard.append)
    try:
        question.answer(SC_OPTIONS[1])
        question.answer(SC_RIGHT)
    finally:
        events.unsubscribe(heard.append)
    first, second = heard
    assert (first.attempt, first.is_first, first.first) == (1, True, (SC_OPTIONS[1], 0.0))
    assert (second.attempt, second.is_first, second.first) == (2, False, (SC_OPTIONS[1], 0.0))
    assert (second.value, second.score) == (SC_RIGHT, 1.0)


def test_without_joining_nothing_is_published(tmp_path):
    question = exercise(tmp_path)
    question.answer(SC_RIGHT)
    assert participant.publish(question.rules.record(SC_RIGHT)) is None
    assert not events.listening(), "nobody listens to the exercises' saved answers"
    assert ResponsesStore(tmp_path / "responses.json").get("sc").value == SC_RIGHT


def test_a_removed_store_folder_never_breaks_a_save(session, capfd, tmp_path):
    import shutil

    participant.join(code=session.code, name="Sam")
    shutil.rmtree(tmp_path / "workshops")
    question = exercise(tmp_path)
    question.answer(SC_RIGHT)  # no exception
    assert ResponsesStore(tmp_path / "responses.json").get("sc").value == SC_RIGHT, "the answer is saved"
    status = question._status.value
    assert "✓ Saved" in status and "⚠" in status and f"did not reach workshop {session.code}" in status
    assert participant.current() is not None, "still joined: a synced folder may come back"
    assert capfd.readouterr().err == ""


def test_an_unwritable_participants_folder_never_breaks_a_save(session, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    participant.join(code=session.code, name="Sam")
    os.chmod(tmp_path / "workshops" / session.code / "participants", 0o500)
    try:
        question = exercise(tmp_path)
        question.answer(SC_RIGHT)
        assert "did not reach" in question._status.value
    finally:
        os.chmod(tmp_path / "workshops" / session.code / "participants", 0o755)


def test_a_session_closed_while_answering_says_so_once_and_stops_publishing(session, tmp_path):
    participant.join(code=session.code, name="Sam")
    open_store().close(session.code)
    question = exercise(tmp_path)
    question.answer(SC_RIGHT)
    assert f"Workshop {session.code} has closed" in question._status.value
    assert participant.current() is None
    assert not events.listening(), "a closed session stops listening"
    question.answer(SC_OPTIONS[1])
    assert "⚠" not in question._status.value
    assert ResponsesStore(tmp_path / "responses.json").get("sc").attempts == 2


def test_a_store_failure_of_any_kind_is_a_reason_not_an_exception(session, tmp_path, monkeypatch):
    participant.join(code=session.code, name="Sam")

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire\nsecond line")

    monkeypatch.setattr(participant.current().store, "publish", explode)
    question = exercise(tmp_path)
    reason = participant.publish(question.rules.record(SC_RIGHT))
    assert reason == f"This answer is saved here but did not reach workshop {session.code}: disk on fire second line"
