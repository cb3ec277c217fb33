"""Importing LMS downloads (Canvas, Moodle, Blackboard zips and folders) into grading/submitted/.

Every test builds its own small course (the config and 00-orientation only) and its own download
in tmp_path, so nothing here touches the repository's grading/ folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import zipfile
from pathlib import Path

import pytest

from course.instructor.lms_import import default_patterns, import_submissions

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENT = "00-orientation"
NOTEBOOK = "orientation.ipynb"


@pytest.fixture
def root(tmp_path) -> Path:
    course = tmp_path / "course"
    course.mkdir()
    shutil.copy(REPO / "nbgrader_config.py", course)
    shutil.copytree(REPO / "notebooks" / ASSIGNMENT, course / "notebooks" / ASSIGNMENT)
    shutil.copytree(REPO / "solutions" / ASSIGNMENT, course / "solutions" / ASSIGNMENT)
    return course


def notebook(tag: str) -> bytes:
    return json.dumps({"cells": [], "metadata": {"tag": tag}, "nbformat": 4, "nbformat_minor": 5}).encode()


def answers(tag: str) -> bytes:
    entry = {"value": tag, "time": "2026-01-01T00:00:00.000+00:00", "attempts": 1}
    return json.dumps({"schema": 1, "answers": {"orient-first-move": entry}}).encode()


def make_zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def zip_bytes(tmp_path: Path, entries: dict[str, bytes]) -> bytes:
    return make_zip(tmp_path / "inner.zip", entries).read_bytes()


def mark_encrypted(path: Path, name: str) -> None:
    """Set the 'encrypted' flag of one entry in the central directory (zipfile cannot write encrypted entries)."""
    data = bytearray(path.read_bytes())
    at = data.index(b"PK\x01\x02")  # the first central directory record
    while data[at + 46: at + 46 + len(name)] != name.encode():
        at = data.index(b"PK\x01\x02", at + 4)
    data[at + 8] |= 0x1
    path.write_bytes(bytes(data))


def submitted(root: Path, student: str) -> Path:
    return root / "grading" / "submitted" / student / ASSIGNMENT


def assert_imported(root: Path, student: str, tag: str) -> None:
    folder = submitted(root, student)
    assert json.loads((folder / NOTEBOOK).read_bytes())["metadata"]["tag"] == tag
    assert json.loads((folder / "responses.json").read_bytes())["answers"]["orient-first-move"]["value"] == tag


def reasons(result) -> dict[str, str]:
    return {s.entry: s.reason for s in result.skipped}


def test_canvas_flat_zip_with_a_renamed_notebook(root, tmp_path):
    source = make_zip(tmp_path / "submissions.zip", {
        "smithjane_12345_67890_orientation.ipynb": notebook("jane"),
        "smithjane_12345_67891_responses.json": answers("jane"),
        "doejohn_23456_67892_orientation-1.ipynb": notebook("john"),  # Canvas's name for a re-upload
        "doejohn_23456_67893_responses.json": answers("john"),
        "leeann_LATE_34567_67894_orientation.ipynb": notebook("ann"),
        "leeann_LATE_34567_67895_responses-1.json": answers("ann"),
    })
    result = import_submissions(root=root, assignment=ASSIGNMENT, source=source)
    assert result.imported == ("doejohn", "leeann", "smithjane")
    assert result.skipped == () and result.warnings == ()
    for student, tag in [("smithjane", "jane"), ("doejohn", "john"), ("leeann", "ann")]:
        assert_imported(root, student, tag)
        assert sorted(p.name for p in submitted(root, student).iterdir()) == [NOTEBOOK, "responses.json"]
    assert not list((root / "grading" / "submitted").glob("*/.*")), "no temporary folders left behind"


def test_zip_of_per_learner_zips(root, tmp_path):
    source = make_zip(tmp_path / "all.zip", {
        "jsmith.zip": zip_bytes(tmp_path, {NOTEBOOK: notebook("js"), "responses.json": answers("js")}),
        # a learner who zipped the assignment folder itself
        "adoe.zip": zip_bytes(tmp_path, {f"{ASSIGNMENT}/{NOTEBOOK}": notebook("ad"),
                                         f"{ASSIGNMENT}/responses.json": answers("ad")}),
        # Canvas renames a learner's uploaded zip; its contents keep their names
        "leeann_34567_67894_mywork.zip": zip_bytes(tmp_path, {NOTEBOOK: notebook("la"),
                                                              "responses.json": answers("la")}),
        "broken.zip": b"PK\x03\x04 this is not really a zip",
    })
    result = import_submissions(root=root, assignment=ASSIGNMENT, source=source)
    assert result.imported == ("adoe", "jsmith", "leeann")
    for student, tag in [("jsmith", "js"), ("adoe", "ad"), ("leeann", "la")]:
        assert_imported(root, student, tag)
    assert "corrupt zip" in reasons(result)["broken.zip"]


def test_folder_of_per_learner_folders(root, tmp_path):
    source = tmp_path / "download"
    for student in ("jsmith", "adoe"):
        (source / student).mkdir(parents=True)
        (source / student / NOTEBOOK).write_bytes(notebook(student))
        (source / student / "responses.json").write_bytes(answers(student))
    (source / "jsmith" / ".ipynb_checkpoints").mkdir()
    (source / "jsmith" / ".ipynb_checkpoints" / "orientation-checkpoint.ipynb").write_bytes(notebook("old"))
    (source / "adoe" / ".DS_Store").write_bytes(b"\0\0")
    (source / "adoe" / "notes.txt").write_text("my notes")
    (source / "linked").symlink_to(source / "jsmith", target_is_directory=True)
    (source / "mallory").mkdir()
    (source / "mallory" / NOTEBOOK).symlink_to(REPO / "notebooks" / ASSIGNMENT / NOTEBOOK)
    result = import_submissions(root=root, assignment=ASSIGNMENT, source=source)
    assert result.imported == ("adoe", "jsmith")
    assert_imported(root, "jsmith", "jsmith")
    assert_imported(root, "adoe", "adoe")
    why = reasons(result)
    assert why["jsmith/.ipynb_checkpoints/orientation-checkpoint.ipynb"] == "system or editor junk"
    assert why["adoe/.DS_Store"] == "system or editor junk"
    assert why["adoe/notes.txt"].startswith("not a notebook")
    assert why[f"mallory/{NOTEBOOK}"] == why["linked"] == "symbolic link"
    assert not submitted(root, "mallory").exists()


def test_hostile_and_junk_entries_are_skipped_and_nothing_escapes(root, tmp_path):
    source = tmp_path / "hostile.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr(f"okuser/{NOTEBOOK}", notebook("ok"))
        archive.writestr("okuser/responses.json", answers("ok"))
        archive.writestr("../evil.ipynb", notebook("evil"))
        archive.writestr("okuser/../../evil/responses.json", answers("evil"))
        archive.writestr("..\\windows\\orientation.ipynb", notebook("evil"))
        archive.writestr("C:/temp/orientation.ipynb", notebook("evil"))
        link = zipfile.ZipInfo(f"linky/{NOTEBOOK}")
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "../../../../etc/passwd")
        archive.writestr(f"empty/{NOTEBOOK}", b"")
        archive.writestr("empty/responses.json", b"")
        archive.writestr(f"__MACOSX/okuser/._{NOTEBOOK}", b"\0\5\26\7")
        archive.writestr("okuser/.DS_Store", b"\0\0")
        archive.writestr("okuser/Thumbs.db", b"\0\0")
        archive.writestr(f"okuser/.ipynb_checkpoints/{NOTEBOOK}", notebook("old"))
        archive.writestr(NOTEBOOK, notebook("whose?"))
        archive.writestr(f"locked/{NOTEBOOK}", notebook("locked"))
    # writestr would normalise an absolute name, so add one the way a hostile tool would
    with zipfile.ZipFile(source, "a") as archive:
        info = zipfile.ZipInfo("placeholder")
        info.filename = f"/tmp/abs/{NOTEBOOK}"
        archive.writestr(info, notebook("evil"))

    mark_encrypted(source, f"locked/{NOTEBOOK}")

    result = import_submissions(root=root, assignment=ASSIGNMENT, source=source)
    assert result.imported == ("okuser",)
    assert_imported(root, "okuser", "ok")
    why = reasons(result)
    for entry in ["../evil.ipynb", "okuser/../../evil/responses.json", "..\\windows\\orientation.ipynb",
                  "C:/temp/orientation.ipynb", f"/tmp/abs/{NOTEBOOK}"]:
        assert why[entry].startswith("unsafe path"), entry
    assert why[f"linky/{NOTEBOOK}"] == "symbolic link"
    assert why[f"empty/{NOTEBOOK}"] == why["empty/responses.json"] == "empty file"
    for junk in [f"__MACOSX/okuser/._{NOTEBOOK}", "okuser/.DS_Store", "okuser/Thumbs.db",
                 f"okuser/.ipynb_checkpoints/{NOTEBOOK}"]:
        assert why[junk] == "system or editor junk", junk
    assert why[NOTEBOOK].startswith("cannot tell whose file")
    assert why[f"locked/{NOTEBOOK}"].startswith("cannot be read")
    assert all("\n" not in s.reason for s in result.skipped)
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert not [p for p in written if "evil" in p or p.endswith("passwd")]
    assert sorted(p.name for p in (root / "grading" / "submitted").iterdir()) == ["okuser"]
    assert not Path(f"/tmp/abs/{NOTEBOOK}").exists()


def test_a_corrupt_zip_is_one_line_and_imports_nothing(root, tmp_path):
    garbage = tmp_path / "garbage.zip"
    garbage.write_bytes(b"this is not a zip file at all")
    with pytest.raises(ValueError, match="not a readable zip file") as raised:
        import_submissions(root=root, assignment=ASSIGNMENT, source=garbage)
    assert "\n" not in str(raised.value)

    good = make_zip(tmp_path / "good.zip", {f"a/{NOTEBOOK}": notebook("a"), "a/responses.json": answers("a")})
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(good.read_bytes()[:-30])
    with pytest.raises(ValueError, match="not a readable zip file"):
        import_submissions(root=root, assignment=ASSIGNMENT, source=truncated)

    # a damaged member after good ones: the good learners before it must not be written either
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(damaged, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(f"a/{NOTEBOOK}", notebook("a"))
        archive.writestr("a/responses.json", answers("a"))
        archive.writestr(f"b/{NOTEBOOK}", notebook("MARKER-b"))
    data = bytearray(damaged.read_bytes())
    at = data.index(b"MARKER-b")
    data[at] ^= 0xFF  # the stored bytes change, the recorded CRC does not
    damaged.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="nothing was imported") as raised:
        import_submissions(root=root, assignment=ASSIGNMENT, source=damaged)
    assert "\n" not in str(raised.value)
    assert not (root / "grading" / "submitted").exists()


def test_wrong_assignment_or_missing_source_is_a_one_line_error(root, tmp_path):
    source = make_zip(tmp_path / "s.zip", {f"a/{NOTEBOOK}": notebook("a")})
    with pytest.raises(ValueError, match="valid assignments: 00-orientation") as raised:
        import_submissions(root=root, assignment="01-orientation", source=source)
    assert "\n" not in str(raised.value)
    with pytest.raises(ValueError, match="no submissions at") as raised:
        import_submissions(root=root, assignment=ASSIGNMENT, source=tmp_path / "missing.zip")
    assert "\n" not in str(raised.value) and ASSIGNMENT in str(raised.value)
    # nothing written: reading nbgrader_config.py makes the gradebook's folder (grading/), and only that
    assert not (root / "grading" / "submitted").exists() and not any((root / "grading").iterdir())


def test_reimport_skips_without_force_and_replaces_with_force(root, tmp_path):
    first = make_zip(tmp_path / "first.zip", {
        f"jsmith/{NOTEBOOK}": notebook("v1"), "jsmith/responses.json": answers("v1"),
        f"adoe/{NOTEBOOK}": notebook("a1"), "adoe/responses.json": answers("a1"),
    })
    assert import_submissions(root=root, assignment=ASSIGNMENT, source=first).imported == ("adoe", "jsmith")
    (submitted(root, "jsmith") / "extra.txt").write_text("left by an earlier import")

    second = make_zip(tmp_path / "second.zip", {
        f"jsmith/{NOTEBOOK}": notebook("v2"), "jsmith/responses.json": answers("v2"),
        f"newbie/{NOTEBOOK}": notebook("n1"), "newbie/responses.json": answers("n1"),
    })
    again = import_submissions(root=root, assignment=ASSIGNMENT, source=second)
    assert again.imported == ("newbie",)
    assert "already submitted" in reasons(again)["jsmith"] and "force" in reasons(again)["jsmith"]
    assert_imported(root, "jsmith", "v1")

    forced = import_submissions(root=root, assignment=ASSIGNMENT, source=second, force=True)
    assert forced.imported == ("jsmith", "newbie")
    assert_imported(root, "jsmith", "v2")
    assert not (submitted(root, "jsmith") / "extra.txt").exists(), "force replaces the whole submission"
    assert_imported(root, "adoe", "a1")  # learners not in the new download are left alone
    assert sorted(p.name for p in (root / "grading" / "submitted" / "jsmith").iterdir()) == [ASSIGNMENT]


def test_ambiguous_and_colliding_learners_are_skipped_whole(root, tmp_path):
    source = make_zip(tmp_path / "s.zip", {
        "smithjane_111_1_orientation.ipynb": notebook("jane-a"),
        "smithjane_222_2_orientation.ipynb": notebook("jane-b"),  # another Jane Smith
        f"twice/{NOTEBOOK}": notebook("t1"),
        "twice/orientation-1.ipynb": notebook("t2"),
        "twice/responses.json": answers("t"),
    })
    result = import_submissions(root=root, assignment=ASSIGNMENT, source=source)
    assert result.imported == ()
    why = reasons(result)
    assert "user ids 111, 222" in why["smithjane"]
    assert why["twice"].startswith(f"more than one file for {NOTEBOOK} (twice/{NOTEBOOK}, twice/orientation-1.ipynb)")
    assert not (root / "grading" / "submitted").exists()


def test_missing_responses_and_foreign_files(root, tmp_path):
    source = make_zip(tmp_path / "s.zip", {
        f"jsmith/{NOTEBOOK}": notebook("js"),
        "jsmith/other.ipynb": notebook("other"),
        "jsmith/data.json": b"{}",
        "jsmith/broken-responses/responses.json": b"{not json",
    })
    result = import_submissions(root=root, assignment=ASSIGNMENT, source=source)
    assert result.imported == ("jsmith",)
    assert result.warnings == ("jsmith: no responses.json in the submission",)
    why = reasons(result)
    assert why["jsmith/other.ipynb"].endswith(f"(it expects {NOTEBOOK}, responses.json)")
    assert why["jsmith/data.json"].startswith("not a file of")
    # the folder pattern makes "broken-responses" the student; the file itself is damaged
    assert why["jsmith/broken-responses/responses.json"].startswith("damaged:")


def test_blackboard_attempts_keep_the_latest_and_its_time(root, tmp_path):
    source = make_zip(tmp_path / "gradebook.zip", {
        f"Orientation_jsmith_attempt_2026-01-30-15-00-00_{NOTEBOOK}": notebook("first"),
        "Orientation_jsmith_attempt_2026-01-30-15-00-00_responses.json": answers("first"),
        f"Orientation_jsmith_attempt_2026-02-01-09-30-00_{NOTEBOOK}": notebook("second"),
        "Orientation_jsmith_attempt_2026-02-01-09-30-00_responses.json": answers("second"),
        "Orientation_jsmith_attempt_2026-02-01-09-30-00.txt": b"Name: Jane Smith\n",
    })
    result = import_submissions(root=root, assignment=ASSIGNMENT, source=source)
    assert result.imported == ("jsmith",)
    assert_imported(root, "jsmith", "second")
    assert (submitted(root, "jsmith") / "timestamp.txt").read_text() == "2026-02-01 09:30:00"
    older = [s for s in result.skipped if "older attempt" in s.reason]
    assert len(older) == 2


def test_moodle_download(root, tmp_path):
    source = make_zip(tmp_path / "moodle.zip", {
        f"Jane Smith_4321_assignsubmission_file_/{NOTEBOOK}": notebook("jane"),
        "Jane Smith_4321_assignsubmission_file_/responses.json": answers("jane"),
        f"John Doe_5678_assignsubmission_file_{NOTEBOOK}": notebook("john"),
        "John Doe_5678_assignsubmission_file_responses.json": answers("john"),
    })
    result = import_submissions(root=root, assignment=ASSIGNMENT, source=source)
    assert result.imported == ("4321", "5678")
    assert_imported(root, "4321", "jane")
    assert_imported(root, "5678", "john")
    assert not (submitted(root, "4321") / "timestamp.txt").exists()


def test_an_nbgrader_named_regexp_works_as_the_pattern(root, tmp_path):
    # the example of nbgrader's FileNameCollectorPlugin.named_regexp: file_id has no extension
    pattern = r".*_(?P<student_id>\w+)_attempt_(?P<timestamp>[0-9\-]+)_(?P<file_id>\w+)"
    source = make_zip(tmp_path / "s.zip", {
        f"ps1_bitdiddle_attempt_2016-01-30-15-45-30_{NOTEBOOK}": notebook("bd"),
        "ps1_bitdiddle_attempt_2016-01-30-15-45-30_responses.json": answers("bd"),
    })
    result = import_submissions(root=root, assignment=ASSIGNMENT, source=source, pattern=pattern)
    assert result.imported == ("bitdiddle",)
    assert_imported(root, "bitdiddle", "bd")
    assert (submitted(root, "bitdiddle") / "timestamp.txt").read_text() == "2016-01-30 15:45:30"
    with pytest.raises(ValueError, match="named groups"):
        import_submissions(root=root, assignment=ASSIGNMENT, source=source, pattern=r"(?P<student_id>\w+)")
    with pytest.raises(ValueError, match="not a regular expression"):
        import_submissions(root=root, assignment=ASSIGNMENT, source=source, pattern=r"(?P<student_id>")


def test_default_patterns_name_the_learner():
    def who(path):
        for pattern in default_patterns(ASSIGNMENT):
            if match := re.match(pattern, path):
                return match["student_id"], match["file_id"]
        return None

    assert who("smithjane_12345_67890_orientation.ipynb") == ("smithjane", "orientation.ipynb")
    assert who("smithjane_LATE_12345_67890_orientation-1.ipynb") == ("smithjane", "orientation-1.ipynb")
    assert who("wrapper/jsmith/orientation.ipynb") == ("jsmith", "orientation.ipynb")
    assert who(f"jsmith/{ASSIGNMENT}/orientation.ipynb") == ("jsmith", "orientation.ipynb")
    assert who(f"{ASSIGNMENT}/jsmith/orientation.ipynb") == ("jsmith", "orientation.ipynb")
    assert who(f"{ASSIGNMENT}/orientation.ipynb") is None
    assert who("orientation.ipynb") is None


def test_import_does_not_depend_on_the_working_folder(root, tmp_path, monkeypatch):
    source = make_zip(tmp_path / "s.zip", {f"jsmith/{NOTEBOOK}": notebook("js"), "jsmith/responses.json": answers("js")})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    import_submissions(root=root, assignment=ASSIGNMENT, source=source)
    assert_imported(root, "jsmith", "js")
    assert os.listdir(elsewhere) == []


def test_an_oversized_file_is_skipped(root, tmp_path, monkeypatch):
    import course.instructor.lms_import as lms_import

    monkeypatch.setattr(lms_import, "MAX_FILE_BYTES", 1000)
    source = make_zip(tmp_path / "s.zip", {f"big/{NOTEBOOK}": b"{" + b" " * 5000 + b"}",
                                           f"small/{NOTEBOOK}": notebook("s")})
    result = import_submissions(root=root, assignment=ASSIGNMENT, source=source)
    assert result.imported == ("small",)
    assert "far too large" in reasons(result)[f"big/{NOTEBOOK}"]
