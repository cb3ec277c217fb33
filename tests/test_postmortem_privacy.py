"""04-postmortem is private: a learner's own mistake goes to the instructor only, never to a room.

The notebook has no workshop cell; and should a learner join anyway (typing ``join(...)`` into it,
or a kernel that joined elsewhere), nothing of 04's reaches the session: its exercises are never
published, and a notebook in its folder joins nothing. Other answers of the same kernel still go,
so the guard is no blanket switch that would hide a broken workshop."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from course.answers import events
from course.answers.events import SavedAnswer
from course.workshop import participant
from course.workshop.store import DirectoryStore, open_store

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = [REPO / "solutions" / "04-postmortem" / "postmortem.ipynb",
             REPO / "notebooks" / "04-postmortem" / "postmortem.ipynb"]


@pytest.fixture(autouse=True)
def no_workshop_from_outside(monkeypatch):
    for name in (participant.CODE_VARIABLE, participant.NAME_VARIABLE, participant.HUB_USER_VARIABLE,
                 "COURSE_WORKSHOP_STORE"):
        monkeypatch.delenv(name, raising=False)
    participant._current = None
    yield
    participant._current = None
    events.unsubscribe(participant.publish)


def _session(tmp_path, monkeypatch, folder: str):
    location = tmp_path / "workshops"
    monkeypatch.setenv("COURSE_WORKSHOP_STORE", str(location))
    work = tmp_path / folder
    work.mkdir()
    monkeypatch.chdir(work)
    return DirectoryStore(location).create("workshop")


def _record(exercise_id: str) -> SavedAnswer:
    return SavedAnswer(exercise_id, "drafted_message", "own", "Hi Marta, the invoice I sent was wrong.", score=0.9)


def test_a_joined_kernel_publishes_nothing_of_the_postmortem(tmp_path, monkeypatch, capfd):
    session = _session(tmp_path, monkeypatch, "notebook")
    participant.join(code=session.code, name="Sam")
    assert participant.current() is not None
    capfd.readouterr()
    assert events.publish(_record("postmortem-message")) is None
    assert events.publish(_record("spam-reply")) is None  # the same kernel's other answers still go
    (sam,) = open_store().participants(session.code)
    assert set(sam.answers) == {"spam-reply"}
    assert set(sam.first_answers) == {"spam-reply"}
    out = capfd.readouterr()
    assert out.out == "" and out.err == "", "the private answer is kept back without a word"


def test_a_notebook_in_the_postmortem_folder_joins_nothing(tmp_path, monkeypatch, capfd):
    session = _session(tmp_path, monkeypatch, "04-postmortem")
    participant.join(code=session.code, name="Sam")
    out = capfd.readouterr()
    assert out.err == "" and out.out.count("\n") == 1
    assert out.out.startswith("This notebook is private: what you write here goes to your instructor only")
    assert participant.current() is None
    assert open_store().participants(session.code) == []


def test_private_names_the_postmortems_exercises_only():
    assert participant.private("postmortem-message")
    assert not participant.private("premature-follow-up")
    assert not participant.private("orient-first-move")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=["solutions", "release"])
def test_the_notebook_has_no_workshop_cell_and_says_it_is_private(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells)
    assert not re.search(r"(?<![.\w])join\(", text) and "course.workshop" not in text
    assert "goes to your instructor only" in "".join(cells[0]["source"])


def test_every_exercise_of_the_postmortem_is_private():
    from course.catalogue import load

    catalogue = load("04-postmortem", root=REPO)
    ids = [e.id for e in catalogue.exercises] + [c.grade_id for c in catalogue.graded_cells]
    assert ids and all(participant.private(i) for i in ids), ids


def test_no_workshop_session_can_be_made_for_the_postmortem(capsys, monkeypatch, tmp_path):
    from course.cli import main

    monkeypatch.chdir(REPO)
    status = main(["workshop", "create", "04-postmortem", "--store", str(tmp_path / "sessions")])
    out, err = capsys.readouterr()
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "04-postmortem is private" in err
    assert not (tmp_path / "sessions").exists() or not any((tmp_path / "sessions").iterdir())
