"""Nothing lost when something fails (issue 14, part 5): a failed grading run or build never
destroys an earlier good result, and says in one line what went wrong.

Each test works on a copy of the session's graded cohort or built course (tests/cohort.py): it
breaks the gradebook, a submission or a solutions notebook, runs the command again, and checks
that the exports, the autograded folders and the release are as they were.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cohort import LEARNERS, SPAM, copy_course

from course.commands import CommandError
from course.commands import grade as grade_command
from course.instructor import nbgrader_api
from course.instructor.autograde import grade
from course.instructor.build import BuildError, build
from course.instructor.exports import LearnerScores, write_grades_csv
from course.layout import CONFIG, CourseLayout

REPO = Path(__file__).resolve().parents[1]


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _graded_copy(graded_cohort, tmp_path: Path) -> CourseLayout:
    """A copy of the graded cohort with its exports written, as a good earlier run leaves them."""
    layout = CourseLayout.of(copy_course(graded_cohort.root, tmp_path / "course"))
    assert grade_command.main(assignment=SPAM, root=layout.root, quiet=True, workers=2) == 0
    return layout


def _break_submissions(layout: CourseLayout, students) -> None:
    for student in students:
        for notebook in (layout.submitted / student / SPAM).glob("*.ipynb"):
            notebook.write_text("{not a notebook", encoding="utf-8")


@pytest.mark.slow
def test_a_gradebook_without_the_assignment_is_refused_and_nothing_is_lost(graded_cohort, tmp_path, capsys):
    layout = _graded_copy(graded_cohort, tmp_path)
    exports, autograded = _files(layout.exports), _files(layout.autograded)
    assert {f"{SPAM}-grades.csv", f"{SPAM}-canvas.csv"} <= set(exports) and autograded
    Path(layout.db_url[len("sqlite:///"):]).unlink()  # a new, empty gradebook
    capsys.readouterr()
    with pytest.raises(CommandError, match=rf"^{SPAM} is not in the gradebook: run `course build {SPAM}`"):
        grade_command.main(assignment=SPAM, root=layout.root, quiet=True, force=True, workers=2)
    assert _files(layout.exports) == exports
    assert _files(layout.autograded) == autograded


@pytest.mark.slow
def test_a_failed_submission_keeps_its_earlier_autograded_folder_and_says_why(graded_cohort, tmp_path):
    layout = _graded_copy(graded_cohort, tmp_path)
    before = _files(layout.graded("partial", SPAM))
    assert before
    _break_submissions(layout, ["partial"])
    [result] = grade(root=layout.root, assignment=SPAM, student="partial", force=True, progress=False)
    assert result.status == "failed"
    assert _files(layout.graded("partial", SPAM)) == before
    assert result.reasons[-1].startswith("nbformat.reader.NotJSONError: Notebook does not appear to be JSON")
    assert not any("Please see" in reason for reason in result.reasons)
    assert not (layout.state / "previous" / "partial").exists()  # the copy set aside is gone once put back


@pytest.mark.slow
def test_a_run_that_grades_nobody_keeps_the_exports(graded_cohort, tmp_path, capsys):
    layout = _graded_copy(graded_cohort, tmp_path)
    stamps = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in layout.exports.iterdir()}
    _break_submissions(layout, LEARNERS[SPAM])
    capsys.readouterr()
    assert grade_command.main(assignment=SPAM, root=layout.root, quiet=True, force=True, workers=2) == 1
    out = capsys.readouterr().out
    assert f"exports kept as they were (all {len(LEARNERS[SPAM])} failed)" in out
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in layout.exports.iterdir()} == stamps
    assert all(_files(layout.graded(student, SPAM)) for student in LEARNERS[SPAM])


def test_an_export_that_fails_midway_leaves_the_earlier_one_whole(tmp_path, monkeypatch):
    shutil.copy(REPO / CONFIG, tmp_path)
    target = tmp_path / "grades.csv"
    target.write_text("the earlier, good export\n", encoding="utf-8")
    learner = LearnerScores("ada", 1.0, 2.0, {}, {}, {}, False)  # no steps: its row fails to format

    with pytest.raises(KeyError):
        write_grades_csv(root=tmp_path, assignment=SPAM, path=target, learners=[learner])
    assert target.read_text(encoding="utf-8") == "the earlier, good export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([CONFIG, "grades.csv"])  # no temporary left


@pytest.mark.slow
def test_a_failed_build_keeps_the_learner_notebooks(built_course, tmp_path):
    layout = CourseLayout.of(copy_course(built_course, tmp_path / "course"))
    release = _files(layout.released(SPAM))
    assert release
    source = next((layout.source / SPAM).glob("*.ipynb"))
    nb = json.loads(source.read_text(encoding="utf-8"))
    graded = [c for c in nb["cells"] if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")]
    graded[1]["metadata"]["nbgrader"]["grade_id"] = graded[0]["metadata"]["nbgrader"]["grade_id"]
    source.write_text(json.dumps(nb), encoding="utf-8")  # nbgrader refuses two cells with one id

    with pytest.raises(BuildError, match="^nbgrader could not build 01-bulk-spam: .*Duplicate grade id"):
        build(root=layout.root, assignment=SPAM)
    assert _files(layout.released(SPAM)) == release
    assert not list(layout.release.glob(".build-*"))


@pytest.mark.slow
def test_a_build_still_records_the_assignment_in_the_gradebook(built_course, tmp_path):
    layout = CourseLayout.of(copy_course(built_course, tmp_path / "course"))
    Path(layout.db_url[len("sqlite:///"):]).unlink()
    [built] = build(root=layout.root, assignment=SPAM)
    assert built.notebooks == tuple(sorted(p.name for p in layout.released(SPAM).glob("*.ipynb")))
    with nbgrader_api.gradebook(layout) as gradebook:
        assert gradebook.find_assignment(SPAM).max_score > 0
    assert not list(layout.release.glob(".build-*"))


def test_a_folder_set_aside_by_a_run_that_died_is_put_back(tmp_path):
    from course.instructor.autograde import _set_aside, _settle

    folder, aside = tmp_path / "autograded" / "ada" / SPAM, tmp_path / "state" / "previous" / "ada" / SPAM
    folder.mkdir(parents=True)
    (folder / "bulk-spam.ipynb").write_text("graded")
    assert _set_aside(folder, aside) == aside and not folder.exists()
    # the worker died here; the next run finds the copy and puts it back before setting it aside again
    assert _set_aside(folder, aside) == aside and (aside / "bulk-spam.ipynb").read_text() == "graded"
    folder.mkdir()
    (folder / "bulk-spam.ipynb").write_text("half written")
    _settle(folder, aside, succeeded=False)
    assert (folder / "bulk-spam.ipynb").read_text() == "graded" and not aside.exists()


NBGRADER_LOG = """[WARNING] Removing existing assignment: /course/grading/autograded/ada/01-bulk-spam
[INFO] Creating/updating student with ID 'ada': {}
[ERROR] There was an error processing assignment: /course/grading/submitted/ada/01-bulk-spam
[ERROR] Traceback (most recent call last):
      File "nbgrader/converters/base.py", line 390, in convert_notebooks
        self.convert_single_notebook(notebook_filename)
    nbformat.reader.NotJSONError: Notebook does not appear to be JSON: '{bad'

[ERROR] There was an error processing assignment '01-bulk-spam' for student 'ada'
[ERROR] Please see the the above traceback for details on the specific errors on the above failures.
"""
TRACEBACK = "Traceback (most recent call last):\n  ...\nNbGraderException: Please see the the above traceback"


@pytest.mark.parametrize("outcome, reported", [
    ({"log": NBGRADER_LOG, "error": TRACEBACK}, "nbformat.reader.NotJSONError: Notebook does not appear to be JSON: '{bad'"),
    ({"log": "[INFO] Creating\n[ERROR] No assignment with ID '01-bulk-spam' exists in the database\n" + NBGRADER_LOG,
      "error": TRACEBACK}, "No assignment with ID '01-bulk-spam' exists in the database"),
    ({"error": "Traceback (most recent call last):\nOSError: disk full"}, "OSError: disk full"),
    ({"success": False}, ""),
])
def test_the_reported_error_is_nbgraders_first(outcome, reported):
    assert nbgrader_api.first_error(outcome) == reported


class _FlakyKernelAPI:
    """An nbgrader API whose first autograde fails as ``first`` says, and whose next ones succeed."""

    def __init__(self, first: dict):
        self.outcomes, self.calls = [first], 0

    def autograde(self, assignment, student, force, create):
        self.calls += 1
        return self.outcomes.pop(0) if self.outcomes else {"success": True, "log": ""}


KERNEL_LOG = ("[ERROR] Error occurred while starting new kernel client for kernel 3f2a: "
              "Kernel didn't respond in 60 seconds\n" + NBGRADER_LOG)


def test_a_kernel_that_did_not_start_is_tried_once_more():
    """On a loaded machine nbclient can give up on a kernel's start-up: no learner's code has run,
    so the submission is graded again rather than failed."""
    from course.instructor.autograde import autograde_once_more_if_no_kernel

    api = _FlakyKernelAPI({"success": False, "log": KERNEL_LOG, "error": TRACEBACK})
    assert autograde_once_more_if_no_kernel(api, "01-bulk-spam", "ada")["success"] and api.calls == 2


@pytest.mark.parametrize("failure", [
    {"success": False, "log": NBGRADER_LOG, "error": TRACEBACK},  # the learner's notebook is broken
    {"success": False, "error": "Traceback (most recent call last):\nOSError: disk full"},
])
def test_any_other_failure_is_reported_at_once(failure):
    from course.instructor.autograde import autograde_once_more_if_no_kernel

    api = _FlakyKernelAPI(failure)
    assert autograde_once_more_if_no_kernel(api, "01-bulk-spam", "ada") is failure and api.calls == 1


def test_a_kernel_that_never_starts_fails_with_nbclients_words():
    from course.instructor.autograde import autograde_once_more_if_no_kernel

    api = _FlakyKernelAPI({"success": False, "log": KERNEL_LOG, "error": TRACEBACK})
    api.outcomes.append({"success": False, "log": KERNEL_LOG, "error": TRACEBACK})
    outcome = autograde_once_more_if_no_kernel(api, "01-bulk-spam", "ada")
    assert api.calls == 2 and not outcome["success"]
    assert nbgrader_api.first_error(outcome).startswith("Error occurred while starting new kernel client")
