"""Every path that writes feedback writes the safe one: ``course feedback``, plain
``nbgrader generate_feedback --force`` and the API formgrader's "Generate Feedback" button calls.

Why these paths: ``course grade`` always wrote safe feedback, but nbgrader's own paths overwrote it
with nbgrader's default, which shows the hidden tests and their keys (``grade('spam-delivered',
key=9595)``), and ``nbgrader release_feedback`` then delivered it. The course's nbgrader_config.py
now names the course's preprocessors; the same leak check run on a copy of the course whose config
does not is the proof that the check can fail and that the config is what fixes it.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cohort import LEARNERS, NOTEBOOK, SPAM, copy_course
from test_feedback import _hidden_test_lines, _visible_text
from test_notebooks import _hidden_keys

from course import catalogue, cli
from course.instructor import feedback, nbgrader_api
from course.layout import CONFIG, CourseLayout

REPO = Path(__file__).resolve().parents[1]
HIDDEN_CALL = re.compile(r"""\b(grade|check_code)\(\s*['"][\w-]+['"]\s*,\s*key\s*=""")
DIGEST = re.compile(r"['\"]([0-9a-f]{16,})['\"]")


def _digests(assignment: str) -> set[str]:
    """The salted digests the exercises of the assignment carry (``key=[...]`` in the source)."""
    found = set()
    source = (REPO / "solutions" / assignment / f"{NOTEBOOK[assignment]}.ipynb").read_text(encoding="utf-8")
    for cell in json.loads(source)["cells"]:
        for argument in re.findall(r"key=\[(.*?)\]", "".join(cell["source"]), flags=re.S):
            found.update(DIGEST.findall(argument))
    return found


def leaks(page: str, assignment: str, root: Path) -> list[str]:
    """What of the answer keys a feedback page gives away (nothing, when it is safe)."""
    solutions = REPO / "solutions" / assignment / f"{NOTEBOOK[assignment]}.ipynb"
    text, decoded = _visible_text(page), html.unescape(page)
    found = [m for m in ("### BEGIN HIDDEN TESTS", "BEGIN HIDDEN TESTS") if m in decoded]
    found += [f"hidden call {m.group(0)!r}" for where in (text, decoded) for m in HIDDEN_CALL.finditer(where)]
    keys = {e.id: e.key for e in catalogue.load(assignment, root=root).exercises if e.has_key}
    keys.update(_hidden_keys(solutions))
    for exercise_id, key in keys.items():
        if isinstance(key, (list, dict)):
            for form in {repr(key), json.dumps(key), json.dumps(key, ensure_ascii=False)}:
                if form in decoded:
                    found.append(f"the key of {exercise_id}")
    found += [f"hidden test line {line!r}" for line in _hidden_test_lines(solutions) if line in text]
    found += [f"digest {d}" for d in _digests(assignment) if d in page]
    return found


def _nbgrader(root: Path, *args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    """Plain ``nbgrader`` as an instructor types it in the course folder, with no config of their own."""
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(root / ".no-user-config"), **(env_extra or {})}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return subprocess.run([str(Path(sys.executable).parent / "nbgrader"), *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)


def _pages(root: Path, assignment: str) -> dict[str, str]:
    layout = CourseLayout.of(root)
    return {student: (layout.feedback / student / assignment / f"{NOTEBOOK[assignment]}.html").read_text(encoding="utf-8")
            for student in LEARNERS[assignment]}


@pytest.fixture(scope="module")
def course(graded_cohort, tmp_path_factory) -> Path:
    """A copy of the graded cohort, so that feedback written here overwrites no other test's."""
    return copy_course(graded_cohort.root, tmp_path_factory.mktemp("feedback-paths") / "course")


def test_plain_nbgrader_generate_feedback_writes_the_safe_feedback(course):
    run = _nbgrader(course, "generate_feedback", SPAM, "--force")
    assert run.returncode == 0, run.stderr[-2000:]
    pages = _pages(course, SPAM)
    assert set(pages) == set(LEARNERS[SPAM])
    for student, page in pages.items():
        assert leaks(page, SPAM, course) == [], student
        assert "Your scores by recovery step" in page  # the course's feedback, not nbgrader's default


def test_without_the_courses_config_nbgrader_feedback_leaks_the_keys(course, tmp_path):
    """The check above can fail: the same run on a course whose nbgrader_config.py names no
    feedback preprocessors (as before) gives the hidden tests and keys away."""
    bare = copy_course(course, tmp_path / "course")
    config = (bare / CONFIG).read_text(encoding="utf-8")
    start = config.index("c.GenerateFeedback.preprocessors")
    (bare / CONFIG).write_text(config[:start] + config[config.index("]\n", start) + 2:], encoding="utf-8")
    run = _nbgrader(bare, "generate_feedback", SPAM, "--force")
    assert run.returncode == 0, run.stderr[-2000:]
    for student, page in _pages(bare, SPAM).items():
        found = leaks(page, SPAM, bare)
        assert any(f.startswith("hidden call") for f in found), student
        assert any("BEGIN HIDDEN TESTS" in f for f in found) and any(f.startswith("digest") for f in found)


def test_formgraders_generate_feedback_writes_the_safe_feedback(course, monkeypatch):
    """As formgrader's handler does: an NbGraderAPI on the config nbgrader loads from the course
    folder (``NbGrader.load_config_file``), asked for every learner's feedback at once."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.apps.baseapp import NbGrader
    from nbgrader.coursedir import CourseDirectory

    monkeypatch.chdir(course)
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(course / ".no-user-config"))
    nbgrader_api._ensure_bin_on_path()
    for page in (CourseLayout.of(course).feedback).rglob("*.html"):
        page.unlink()
    app = NbGrader()
    app.load_config_file()
    coursedir = CourseDirectory(parent=app)
    result = NbGraderAPI(coursedir, parent=app).generate_feedback(SPAM)
    assert result["success"], result.get("error")
    for student, page in _pages(course, SPAM).items():
        assert leaks(page, SPAM, course) == [], student
        assert "Your scores by recovery step" in page


def test_the_config_names_the_pipeline_course_feedback_runs_and_stays_cheap_to_load():
    """nbgrader_config.py is loaded by every learner's JupyterLab too: naming the preprocessors by
    import string keeps nbgrader, nbconvert and the course's instructor side unimported."""
    probe = ("import sys; from traitlets.config.loader import PyFileConfigLoader; "
             f"c = PyFileConfigLoader({CONFIG!r}, path={str(REPO)!r}).load_config(); "
             "print(list(c.GenerateFeedback.preprocessors)); "
             "print([m for m in ('nbgrader', 'nbconvert', 'course.instructor', 'pandas') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    named, imported = out.splitlines()
    assert eval(named) == list(feedback.PREPROCESSORS)  # noqa: S307 (our own printed list)
    assert imported == "[]"


def _set_manual_score(root: Path, student: str, grade_id: str, score: float) -> None:
    """As formgrader saves a score: the manual score, and no longer needing a manual grade."""
    layout = CourseLayout.of(root)
    with nbgrader_api.gradebook(layout) as gradebook:
        grade = gradebook.find_grade(grade_id, NOTEBOOK[SPAM], SPAM, student)
        grade.manual_score, grade.needs_manual_grade = score, False
        gradebook.db.commit()


def test_course_feedback_refreshes_feedback_and_exports_after_manual_grading(course, monkeypatch, capsys):
    for student in LEARNERS[SPAM]:  # the drafted message and the reflection scored in formgrader, for everyone
        _set_manual_score(course, student, "spam-reply-manual", 2)
        _set_manual_score(course, student, "spam-my-reflection", 2)
    monkeypatch.chdir(course)
    assert cli.main(["feedback", SPAM]) == 0
    out = capsys.readouterr()
    assert out.err == "" and "feedback: 4 file(s)" in out.out
    page = _pages(course, SPAM)["perfect"]
    assert leaks(page, SPAM, course) == []
    text = _visible_text(page)
    # 54 autograded (tests/worked_answers.py) + 2 + 2 by hand, of 60
    assert "Total5860" in re.sub(r"\s+", "", text), "the table's total includes the manual scores"
    assert "still to be graded" not in text
    canvas = (CourseLayout.of(course).exports / f"{SPAM}-canvas.csv").read_text().splitlines()
    assert ",,,perfect,,58" in canvas, "the Canvas total follows the gradebook, now complete"
    grades = (CourseLayout.of(course).exports / f"{SPAM}-grades.csv").read_text().splitlines()
    assert any(line.startswith("perfect,58,60,") for line in grades)


def test_course_feedback_for_one_learner_writes_only_theirs(course, monkeypatch, capsys):
    monkeypatch.chdir(course)
    assert cli.main(["feedback", SPAM, "--student", "partial"]) == 0
    assert "feedback: 1 file(s)" in capsys.readouterr().out


@pytest.mark.parametrize("argv, message", [
    (["feedback", "no-such-assignment"], "no assignment 'no-such-assignment'"),
    (["feedback", SPAM, "--student", "nobody"], "nobody has no graded submission of 01-bulk-spam"),
])
def test_course_feedback_refuses_bad_input_in_one_line(course, monkeypatch, capsys, argv, message):
    monkeypatch.chdir(course)
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_course_feedback_without_graded_submissions_says_to_grade_first(built_course, monkeypatch, capsys):
    monkeypatch.chdir(built_course)
    assert cli.main(["feedback", SPAM]) == 2
    err = capsys.readouterr().err
    assert f"no graded submissions of {SPAM}" in err and f"course grade {SPAM}" in err and err.count("\n") == 1


def test_course_feedback_writes_the_others_when_one_learner_has_no_autograded_notebook(course, tmp_path,
                                                                                      monkeypatch, capsys):
    root = copy_course(course, tmp_path / "course")
    shutil.rmtree(CourseLayout.of(root).graded("spam-only", SPAM))  # in the gradebook, but its notebook is gone
    monkeypatch.chdir(root)
    assert cli.main(["feedback", SPAM]) == 1
    out = capsys.readouterr()
    assert "no feedback for spam-only" in out.err and f"course grade {SPAM} --student spam-only" in out.err
    assert "feedback: 3 file(s)" in out.out
