"""The exchange end to end, as real users: an instructor and three learners, each a Unix user.

Why real users: on a shared server or a JupyterHub, nbgrader's exchange is a folder that the
instructor and every learner write with their own rights, so what a test in one account cannot
see (a learner who cannot read the release, an instructor who cannot read a submission, feedback
that reaches the wrong learner or carries the key) shows only here. The path is the README's
("For instructors", "A graded class through nbgrader's exchange"): the instructor builds the graded
flavour and releases it; each learner fetches it into their own home and answers, ``cx-ana`` by
the widgets, ``cx-ben`` by typing code into the notebook and running it, ``cx-chen`` by the widgets,
submitting, changing an answer and submitting again; the instructor collects (``--update`` for
the resubmission), runs ``course grade``, scores the drafted message through nbgrader's gradebook
API as formgrader does, refreshes the feedback and releases it; each learner fetches feedback that
holds their own scores, the gradebook's, and no key.

CI runs as root: scripts/exchange-users adds the users (homes in a temporary folder) and removes
them afterwards, and makes the environment they all run (Debian's python3, a folder every user
can read, cached by pyproject.toml's hash); tests/unix_users.py drives it. Without root the test is
skipped, except under CI=true, where it must run.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from test_feedback import _visible_text, assert_no_key_in_feedback
from unix_users import Machine, unix_users
from worked_answers import SPAM_PARTIAL_EXPECTED, _spam_partial_answers


REPO = Path(__file__).resolve().parents[1]
ROLES = Path(__file__).with_name("exchange_roles.py")
ASSIGNMENT, NOTEBOOK = "01-bulk-spam", "bulk-spam"
SOLUTION = REPO / "solutions" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
COURSE_ID = "recovering-from-mistakes"  # nbgrader_config.py's default
INSTRUCTOR, ANA, BEN, CHEN = "cx-instructor", "cx-ana", "cx-ben", "cx-chen"
LEARNERS = (ANA, BEN, CHEN)
MANUAL_CELL = "spam-reply-manual"  # the drafted reply's manually graded task cell
MANUAL = {ANA: 2.0, BEN: 3.0, CHEN: 1.0}
GRADED_RELEASE = "graded-release"  # where `course build --graded --to` writes, in the course folder
# every user's nbgrader finds the exchange and the course (the README: /etc/jupyter/nbgrader_config.py)
USER_CONFIG = """c = get_config()
c.Exchange.root = "{exchange}"
c.CourseDirectory.course_id = "{course_id}"
"""

# cx-ben types the instructor's code into every answer cell but one, which he gets wrong
BEN_WRONG = {"spam-threshold-answer": "q_threshold.answer('Below 0.1%: well within what Gmail asks of senders')"}
BEN_MISSES = "spam-threshold"
# ... and the instructor's own messages score what the checker gives them (tests/worked_answers.py: full
# marks, 2 and 3), and his personal reflection, a markdown cell he left as the stub, waits for a manual score that
# never comes
BEN_PARTLY = {BEN_MISSES: 0.0, "spam-holding": 2.0, "spam-reply": 3.0, "spam-my-reflection": 0.0}
# cx-chen: a first submission, then one answer changed (9000 -> 9595) and submitted again
CHEN_FIRST = {"spam-delivered": 9000, "spam-threshold": "Far above 0.3%: expect the spam folder for a while",
              "spam-who-first": "Your manager, Priya: a short note now, the full plan later"}
CHEN_CHANGE = {"spam-delivered": 9595}
CHEN_EXPECTED = {"spam-delivered": 2.0, "spam-threshold": 1.0, "spam-who-first": 2.0}


@pytest.fixture(scope="module")
def machine():
    with unix_users(INSTRUCTOR, *LEARNERS, log="exchange.log") as made:
        yield made


def _solution_code(path: Path) -> dict[str, str]:
    """Each answer cell's solution region in the instructor's notebook, by grade id: the code a
    learner who worked it out would type."""
    code = {}
    for cell in nbformat.read(path, as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("solution") and "BEGIN SOLUTION" in cell.source:
            lines = cell.source.split("\n")
            begin = next(i for i, line in enumerate(lines) if "BEGIN SOLUTION" in line)
            end = next(i for i, line in enumerate(lines) if "END SOLUTION" in line)
            code[meta["grade_id"]] = "\n".join(lines[begin + 1:end])
    return code


@dataclass
class Run:
    """What the end-to-end run left for the checks."""

    machine: Machine
    course: Path
    exchange: Path
    gradebook: dict  # student -> {"total", "max", "cells": {grade id: [score, max]}}
    feedback: dict[str, list[Path]]  # learner -> the feedback files fetch_feedback gave them
    chen_after_plain_collect: dict  # cx-chen's collected answers after his resubmission, before --update
    chen_collected: dict  # ... and after `collect --update`
    chen_submissions: list[str]  # the timestamps of cx-chen's two submissions, in order
    apart: dict[str, int]  # what one learner tried on another's files -> its exit status


def _release(instructor, course: Path) -> None:
    """The instructor builds the graded flavour and releases it through the exchange."""
    instructor("course", "build", ASSIGNMENT, "--graded", "--to", GRADED_RELEASE)
    # DIR is a release folder, one subfolder per assignment, as nbgrader's release_directory
    assert (course / GRADED_RELEASE / ASSIGNMENT / f"{NOTEBOOK}.ipynb").is_file(), \
        f"`course build --graded --to {GRADED_RELEASE}` wrote no {GRADED_RELEASE}/{ASSIGNMENT}/{NOTEBOOK}.ipynb"
    instructor("nbgrader", "release_assignment", ASSIGNMENT, f"--CourseDirectory.release_directory={GRADED_RELEASE}")


def _refresh_feedback(instructor) -> None:
    """The instructor refreshes the feedback from the gradebook after scoring by hand."""
    instructor("course", "feedback", ASSIGNMENT)


def _collected_answers(course: Path, student: str) -> dict:
    raw = json.loads((course / "grading" / "submitted" / student / ASSIGNMENT / "responses.json").read_text())
    return {k: v["value"] for k, v in raw["answers"].items()}


@pytest.fixture(scope="module")
def run(machine) -> Run:
    m = machine
    shared = m.top / "shared"  # what every user may read: the roles script and the answers to give
    shared.mkdir(mode=0o755)
    shutil.copy(ROLES, shared / ROLES.name)
    ben_code = {**_solution_code(SOLUTION), **BEN_WRONG}
    for name, data in {"ana": _spam_partial_answers(), "ben": ben_code, "chen-1": CHEN_FIRST,
                       "chen-2": CHEN_CHANGE, "scores": [
                           {"student": s, "assignment": ASSIGNMENT, "notebook": NOTEBOOK, "cell": MANUAL_CELL,
                            "score": points} for s, points in MANUAL.items()]}.items():
        (shared / f"{name}.json").write_text(json.dumps(data))
    for path in shared.iterdir():
        path.chmod(0o644)
    roles = shared / ROLES.name

    # the exchange as nbgrader documents it: a folder everyone may write (sticky, like /tmp)
    exchange = m.top / "exchange"
    exchange.mkdir()
    exchange.chmod(0o1777)
    for user in (INSTRUCTOR, *LEARNERS):  # the README's /etc/jupyter/nbgrader_config.py, per user here
        config = m.home(user) / ".jupyter" / "nbgrader_config.py"
        config.parent.mkdir()
        config.write_text(USER_CONFIG.format(exchange=exchange, course_id=COURSE_ID))
        for path in (config.parent, config):
            shutil.chown(path, user, user)
    # the instructor's course: the repository's config and solutions, in a folder they own
    course = m.home(INSTRUCTOR) / "course"
    course.mkdir()
    shutil.copy(REPO / "nbgrader_config.py", course)
    shutil.copytree(REPO / "solutions", course / "solutions", ignore=shutil.ignore_patterns("responses*.json"))
    shutil.chown(course, INSTRUCTOR, INSTRUCTOR)
    for path in course.rglob("*"):
        shutil.chown(path, INSTRUCTOR, INSTRUCTOR)

    def instructor(*args, check=True):
        return m.run(INSTRUCTOR, *args, cwd=course, check=check)

    def learner(user, *args, cwd=None, check=True):
        return m.run(user, *args, cwd=cwd, check=check)

    _release(instructor, course)
    inbound = exchange / COURSE_ID / "inbound"
    instructor("chmod", "+t", inbound)  # nbgrader makes inbound 2733; sticky: no one moves another's work

    for user in LEARNERS:
        learner(user, "nbgrader", "fetch_assignment", ASSIGNMENT)

    def folder(user):
        return m.home(user) / ASSIGNMENT

    def submit(user):
        learner(user, "nbgrader", "submit", ASSIGNMENT)

    learner(ANA, "python", roles, "click", folder(ANA) / "responses.json", shared / "ana.json")
    submit(ANA)
    learner(BEN, "python", roles, "type", folder(BEN) / f"{NOTEBOOK}.ipynb", shared / "ben.json")
    learner(BEN, "jupyter", "nbconvert", "--to", "notebook", "--execute", "--inplace",
            "--ExecutePreprocessor.timeout=600", f"{NOTEBOOK}.ipynb", cwd=folder(BEN))
    submit(BEN)
    learner(CHEN, "python", roles, "click", folder(CHEN) / "responses.json", shared / "chen-1.json")
    submit(CHEN)

    instructor("nbgrader", "collect", ASSIGNMENT)
    learner(CHEN, "python", roles, "click", folder(CHEN) / "responses.json", shared / "chen-2.json")
    submit(CHEN)
    instructor("nbgrader", "collect", ASSIGNMENT)  # without --update: the first submission stays
    chen_after_plain_collect = _collected_answers(course, CHEN)
    instructor("nbgrader", "collect", "--update", ASSIGNMENT)
    chen_collected = _collected_answers(course, CHEN)
    chen_submissions = sorted(p.name.split("+")[2] for p in inbound.iterdir() if p.name.startswith(f"{CHEN}+"))

    # what one learner can do to another's work in the exchange: nothing
    chens = next(p for p in inbound.iterdir() if p.name.startswith(f"{CHEN}+"))
    apart = {
        "list inbound": learner(ANA, "ls", inbound, check=False).returncode,
        "move a submission": learner(ANA, "mv", chens, inbound / f"{ANA}+moved", check=False).returncode,
    }

    instructor("course", "grade", ASSIGNMENT, "--quiet")
    instructor("python", roles, "score", course, shared / "scores.json")
    _refresh_feedback(instructor)
    instructor("nbgrader", "release_feedback", ASSIGNMENT)
    apart["list feedback"] = learner(ANA, "ls", exchange / COURSE_ID / "feedback", check=False).returncode
    feedback = {}
    for user in LEARNERS:
        learner(user, "nbgrader", "fetch_feedback", ASSIGNMENT)
        feedback[user] = sorted((folder(user) / "feedback").glob(f"*/{NOTEBOOK}.html"))
        for page in feedback[user]:  # kept to look at: what each learner received
            shutil.copy(page, m.artifacts / f"exchange-feedback-{user}.html")
    gradebook = json.loads(instructor("python", roles, "scores", course, ASSIGNMENT).stdout)
    instructor("nbgrader", "export")  # grades.csv in the course folder, which git ignores
    return Run(m, course, exchange, gradebook, feedback, chen_after_plain_collect, chen_collected,
               chen_submissions, apart)


def _expected_cells(run: Run, student: str) -> dict[str, float]:
    """Every grade cell's score as worked out by hand (tests/worked_answers.py and the constants above)."""
    out_of = {cell: points for cell, (_score, points) in run.gradebook[student]["cells"].items()}
    if student == ANA:
        autograded = SPAM_PARTIAL_EXPECTED
    elif student == BEN:
        autograded = {cell: BEN_PARTLY.get(cell, points) for cell, points in out_of.items()}
    else:
        autograded = CHEN_EXPECTED
    return {cell: (MANUAL[student] if cell == MANUAL_CELL else autograded.get(cell, 0.0)) for cell in out_of}


@pytest.mark.slow
@pytest.mark.parametrize("student", LEARNERS)
def test_the_gradebook_holds_each_learners_own_answers_and_the_manual_score(run, student):
    cells = {cell: score for cell, (score, _points) in run.gradebook[student]["cells"].items()}
    assert cells == pytest.approx(_expected_cells(run, student))
    assert run.gradebook[student]["total"] == pytest.approx(sum(cells.values()))
    assert run.gradebook[student]["max"] == 60.0


@pytest.mark.slow
def test_a_resubmission_reaches_the_instructor_only_with_collect_update(run):
    assert run.chen_after_plain_collect["spam-delivered"] == CHEN_FIRST["spam-delivered"]
    assert run.chen_collected["spam-delivered"] == CHEN_CHANGE["spam-delivered"]
    assert len(run.chen_submissions) == 2


@pytest.mark.slow
@pytest.mark.parametrize("student", LEARNERS)
def test_each_learner_fetches_feedback_with_the_gradebooks_scores(run, student):
    pages = run.feedback[student]
    assert len(pages) == 1, f"{student} fetched {pages}"
    if student == CHEN:  # the feedback of the submission graded, the second
        assert pages[0].parent.name == run.chen_submissions[-1]
    page = pages[0].read_text(encoding="utf-8")
    book = run.gradebook[student]
    per_cell = {gid: (float(score), float(points)) for gid, score, points in
                re.findall(r'href="#([\w-]+)">[^<]*</a> \(Score: ([\d.]+) / ([\d.]+)\)', page)}
    assert per_cell == {cell: (round(score, 2), points) for cell, (score, points) in book["cells"].items()}
    header = re.search(r"\(Score: ([\d.]+) / ([\d.]+)\)</h4>", page)
    assert header and float(header[1]) == round(book["total"], 2) and float(header[2]) == book["max"]
    total = re.search(r'<tfoot><tr><th scope="row">Total</th><td>([^<]+)</td><td>([^<]+)</td>', page)
    assert total and float(total[1]) == pytest.approx(book["total"], abs=0.005)
    assert "still to be graded" not in page, "the drafted message was scored"


@pytest.mark.slow
@pytest.mark.parametrize("student", LEARNERS)
def test_no_feedback_a_learner_fetches_holds_a_key(run, student):
    page = run.feedback[student][0].read_text(encoding="utf-8")
    assert_no_key_in_feedback(page, _visible_text(page), run.gradebook[student]["cells"], ASSIGNMENT, NOTEBOOK)


@pytest.mark.slow
def test_nbgrader_export_writes_grades_csv_where_git_ignores_it(run):
    assert (run.course / "grades.csv").is_file()
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    ignored = subprocess.run(["git", "check-ignore", "--no-index", "-q", "grades.csv"], cwd=REPO)
    assert ignored.returncode == 0, "grades.csv from `nbgrader export` is not git-ignored"


@pytest.mark.slow
def test_the_exchange_keeps_learners_apart(run):
    assert all(status != 0 for status in run.apart.values()), run.apart
