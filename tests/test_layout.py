"""One layout: every folder and the gradebook come from nbgrader_config.py, through course.layout.

Why a renamed course: with the shipped names, a command that spells "grading/submitted" itself
works by accident. Here a copy of the course renames every folder in its nbgrader_config.py and
moves the gradebook, and the whole instructor path (build, import, grade with its feedback and
exports, report, the workshop's questions) must use the renamed folders and leave none of the
shipped names on disk. A source scan keeps the folder names from being spelled again elsewhere.
"""

from __future__ import annotations

import ast
import csv
import dataclasses
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course.cli import main
from course.layout import SHIPPED, CourseLayout, UnknownAssignment
from course.workshop import catalogue

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENT = "00-orientation"
NOTEBOOK = "orientation.ipynb"

# every folder the course ships, renamed (the nbgrader_config.py text, before -> after)
RENAMES = {
    '"solutions"': '"instructor-src"',
    '"notebooks"': '"learner-copies"',
    '"grading/submitted"': '"inbox/handed-in"',
    '"grading/autograded"': '"marked/auto"',
    '"grading/feedback"': '"returned/pages"',
    '"grading/exports"': '"results/csv"',
    '"grading/reports"': '"results/cohort"',
    '"grading/.course-grade"': '"results/state"',
    '"grading/release-graded"': '"results/for-graded-class"',
    'os.path.join(here, "grading", "gradebook.db")': 'os.path.join(here, "records", "marks.sqlite")',
}
SHIPPED_PARTS = {part for folder in SHIPPED.values() for part in folder.split("/")} | {"gradebook.db"}


def _renamed_course(where: Path) -> Path:
    """A copy of the course (config, 00-orientation and the start page) with every folder renamed."""
    root = where / "renamed"
    root.mkdir()
    config = (REPO / "nbgrader_config.py").read_text(encoding="utf-8")
    for before, after in RENAMES.items():
        assert config.count(before) == 1, f"nbgrader_config.py no longer sets {before} once"
        config = config.replace(before, after)
    (root / "nbgrader_config.py").write_text(config, encoding="utf-8")
    source = root / "instructor-src"
    shutil.copytree(REPO / "solutions" / ASSIGNMENT, source / ASSIGNMENT, ignore=shutil.ignore_patterns("responses*.json"))
    shutil.copy(REPO / "solutions" / "index.ipynb", source)
    return root


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.slow
def test_the_whole_instructor_path_follows_a_renamed_layout(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("COURSE_DB_URL", raising=False)
    monkeypatch.delenv("COURSE_ROOT", raising=False)
    root = _renamed_course(tmp_path)
    monkeypatch.chdir(root)
    layout = CourseLayout.of()
    assert (layout.source, layout.release, layout.submitted) == (
        root / "instructor-src", root / "learner-copies", root / "inbox" / "handed-in")
    assert layout.db_url == f"sqlite:///{root / 'records' / 'marks.sqlite'}"

    status, out, err = _run(capsys, "build", "--graded")
    assert status == 0 and not err, err
    assert f"built learner-copies/{ASSIGNMENT}/ from instructor-src/{ASSIGNMENT}/: {NOTEBOOK}" in out
    assert (root / "learner-copies" / ASSIGNMENT / NOTEBOOK).is_file()
    assert (root / "learner-copies" / "index.ipynb").is_file()
    assert "--CourseDirectory.release_directory=results/for-graded-class" in out
    assert {p.name for p in (root / "results" / "for-graded-class").rglob("*.ipynb")} == {NOTEBOOK, "index.ipynb"}

    # a download with a folder per learner: one hands in the solutions, one the untouched notebook
    download = tmp_path / "download"
    for student, notebook in (("perfect", root / "instructor-src"), ("blank", root / "learner-copies")):
        (download / student).mkdir(parents=True)
        shutil.copy(notebook / ASSIGNMENT / NOTEBOOK, download / student / NOTEBOOK)
    status, out, err = _run(capsys, "import", ASSIGNMENT, str(download))
    assert status == 0 and not err, err
    assert f"imported 2 submission(s) of {ASSIGNMENT} into inbox/handed-in/: blank, perfect" in out
    assert (root / "inbox" / "handed-in" / "perfect" / ASSIGNMENT / NOTEBOOK).is_file()

    status, out, err = _run(capsys, "grade", ASSIGNMENT, "--quiet", "--workers", "2")
    assert status == 0, out + err
    lines = {line.split()[0]: line.split() for line in out.splitlines() if line.split()}
    # flagged, not failed: the solutions notebook's locked cells differ, and neither has a responses.json
    assert lines["perfect"][1:5] == ["flagged", "39", "/", "39"], out
    assert lines["blank"][1:5] == ["flagged", "0", "/", "39"], out
    assert (f"feedback: 2 file(s) in returned/pages/; grades per rubric step: results/csv/{ASSIGNMENT}-grades.csv; "
            f"for Canvas: results/csv/{ASSIGNMENT}-canvas.csv") in out
    for student in ("perfect", "blank"):
        assert (root / "marked" / "auto" / student / ASSIGNMENT / NOTEBOOK).is_file()
        assert (root / "returned" / "pages" / student / ASSIGNMENT / "orientation.html").is_file()
    assert (root / "records" / "marks.sqlite").is_file() and (root / "results" / "state" / f"{ASSIGNMENT}.json").is_file()
    with open(root / "results" / "csv" / f"{ASSIGNMENT}-grades.csv", newline="", encoding="utf-8") as f:
        rows = {row[0]: row for row in csv.reader(f)}
    assert rows["perfect"][1:3] == ["39", "39"] and rows["blank"][1:3] == ["0", "39"]

    # the state folder remembers what was graded: nothing changed, nothing is graded again
    status, out, err = _run(capsys, "grade", ASSIGNMENT, "--quiet", "--no-exports")
    assert status == 0 and "2 unchanged (2 submissions)" in out, out + err

    status, out, err = _run(capsys, "report", ASSIGNMENT)
    assert status == 0 and f"report: results/cohort/{ASSIGNMENT}.html" in out, out + err
    assert "19.5 of 39" in (root / "results" / "cohort" / f"{ASSIGNMENT}.html").read_text(encoding="utf-8")  # (39 + 0) / 2

    exercises = catalogue.load(ASSIGNMENT, root=root)
    assert [e.id for e in exercises] == [e.id for e in catalogue.load(ASSIGNMENT, root=REPO)] and exercises
    status, out, err = _run(capsys, "workshop", "create", ASSIGNMENT, "--store", str(tmp_path / "sessions"))
    assert status == 0, err
    status, out, err = _run(capsys, "grade", "07-nope")
    assert status == 2 and err == ("course: error: no assignment '07-nope' in instructor-src/; "
                                   f"valid assignments: {ASSIGNMENT}\n")

    on_disk = {part for path in root.rglob("*") for part in path.relative_to(root).parts}
    assert not on_disk & SHIPPED_PARTS, sorted(on_disk & SHIPPED_PARTS)


def test_plain_nbgrader_builds_a_fresh_clone(tmp_path):
    """A fresh clone has no grading/ folder: nbgrader_config.py makes it for the gradebook."""
    root = tmp_path / "clone"
    root.mkdir()
    shutil.copy(REPO / "nbgrader_config.py", root)
    shutil.copytree(REPO / "solutions" / ASSIGNMENT, root / "solutions" / ASSIGNMENT,
                    ignore=shutil.ignore_patterns("responses*.json"))
    bin_dir = Path(sys.executable).parent
    env = {k: v for k, v in os.environ.items() if k not in ("COURSE_DB_URL", "COURSE_ID")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    run = subprocess.run([bin_dir / "nbgrader", "generate_assignment", ASSIGNMENT], cwd=root, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert (root / "notebooks" / ASSIGNMENT / NOTEBOOK).is_file()
    assert (root / "grading" / "gradebook.db").is_file()


def test_the_course_id_comes_from_course_id(tmp_path, monkeypatch):
    shutil.copy(REPO / "nbgrader_config.py", tmp_path)
    monkeypatch.delenv("COURSE_ID", raising=False)
    assert CourseLayout.of(tmp_path).course_id == "recovering-from-mistakes"
    monkeypatch.setenv("COURSE_ID", "autumn-cohort")
    assert CourseLayout.of(tmp_path).course_id == "autumn-cohort"


def test_the_shipped_folders_are_the_ones_nbgrader_config_sets(tmp_path, monkeypatch):
    """The help texts name SHIPPED; nbgrader_config.py is what the commands read. They must agree."""
    monkeypatch.delenv("COURSE_DB_URL", raising=False)
    shutil.copy(REPO / "nbgrader_config.py", tmp_path)
    layout = CourseLayout.of(tmp_path)
    assert {name: layout.name(getattr(layout, name), folder=False) for name in SHIPPED} == SHIPPED
    assert layout.gradebook_folder() == layout.root / "grading"
    assert CourseLayout.shipped(tmp_path) == dataclasses.replace(layout, db_url="", course_id="")


@pytest.mark.parametrize("config", ["the course's", "empty"])
def test_the_layout_reads_the_config_as_nbgraders_course_directory_does(tmp_path, monkeypatch, config):
    from nbgrader.coursedir import CourseDirectory

    from course.layout import load_config

    monkeypatch.delenv("COURSE_DB_URL", raising=False)
    if config == "empty":
        (tmp_path / "nbgrader_config.py").write_text("c = get_config()  # noqa: F821\n", encoding="utf-8")
    else:
        shutil.copy(REPO / "nbgrader_config.py", tmp_path)
    root = tmp_path.resolve()
    layout, nbgrader = CourseLayout.of(root), CourseDirectory(config=load_config(root))
    for name in ("source", "release", "submitted", "autograded", "feedback"):
        assert getattr(layout, name) == root / getattr(nbgrader, f"{name}_directory"), name
    assert (layout.db_url, layout.course_id) == (nbgrader.db_url, nbgrader.course_id)


def test_the_grading_policy_is_the_latest_answer_unless_the_config_says_first(tmp_path, capsys, monkeypatch):
    from course.cli import main
    from course.layout import BadSetting

    shutil.copy(REPO / "nbgrader_config.py", tmp_path)
    assert CourseLayout.of(tmp_path).graded_answer == "latest"
    config = tmp_path / "nbgrader_config.py"
    shipped = config.read_text(encoding="utf-8")
    assert 'c.CourseLayout.graded_answer = "latest"' in shipped
    config.write_text(shipped.replace('graded_answer = "latest"', 'graded_answer = " First "'), encoding="utf-8")
    assert CourseLayout.of(tmp_path).graded_answer == "first"
    config.write_text(shipped.replace('graded_answer = "latest"', 'graded_answer = "best"'), encoding="utf-8")
    with pytest.raises(BadSetting, match=r"c.CourseLayout.graded_answer is 'best'; it must be 'latest' or 'first'"):
        CourseLayout.of(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["report", ASSIGNMENT]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "graded_answer is 'best'" in err


def test_one_message_for_a_wrong_assignment(tmp_path):
    shutil.copy(REPO / "nbgrader_config.py", tmp_path)
    shutil.copytree(REPO / "solutions" / ASSIGNMENT, tmp_path / "solutions" / ASSIGNMENT)
    layout = CourseLayout.of(tmp_path)
    assert layout.check_assignment(ASSIGNMENT) == ASSIGNMENT
    with pytest.raises(UnknownAssignment) as raised:
        layout.check_assignment("07-nope")
    assert str(raised.value) == f"no assignment '07-nope' in solutions/; valid assignments: {ASSIGNMENT}"


# -- no folder name spelled outside the layout ---------------------------------------------------

_NAMES = "|".join(re.escape(part) for part in sorted(SHIPPED_PARTS))
_IN_A_PATH = re.compile(rf"(?<![\w.-])(?:{_NAMES})/|/(?:{_NAMES})(?![\w-])")  # "grading/submitted", "in solutions/"
_JOINS = {"Path", "PurePath", "join", "joinpath"}


def _folder_literals(path: Path) -> list[tuple[int, str]]:
    """String literals in code (not docstrings) that name a shipped folder: in a path written out
    ("grading/submitted/"), or alone where a path is built (``root / "solutions"``,
    ``os.path.join(here, "grading")``). A bare word elsewhere (``dest="exports"``) is not a folder."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings, joined = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            joined.update((id(node.left), id(node.right)))
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in _JOINS:
                joined.update(id(arg) for arg in node.args)
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
            and (_IN_A_PATH.search(node.value) or (id(node) in joined and node.value in SHIPPED_PARTS))]


def test_no_folder_name_is_spelled_outside_the_layout():
    found = {}
    for path in sorted((REPO / "course").rglob("*.py")):
        if path.name != "layout.py":
            for line, text in _folder_literals(path):
                found[str(path.relative_to(REPO)), text] = line
    spelled = sorted(f"{name}:{line}: {text!r}" for (name, text), line in found.items())
    assert not spelled, f"ask course.layout.CourseLayout instead: {spelled}"


def test_the_scan_sees_a_spelled_folder(tmp_path):
    """The scan above must be able to fail: a path built from a folder name is caught, a docstring is not."""
    probe = tmp_path / "probe.py"
    probe.write_text('"""Reads solutions/ and grading/."""\n'
                     'x = root / "grading" / "submitted"\n'
                     'y = f"into grading/submitted/: {n}"\n'
                     'z = os.path.join(here, "notebooks", "index.ipynb")\n'
                     'p = Path("solutions")\n'
                     'ok = SHIPPED["feedback"], dict(dest="exports"), "grading the cohort"\n', encoding="utf-8")
    assert sorted(line for line, _ in _folder_literals(probe)) == [2, 2, 3, 4, 5]
