"""The graded release: no answer key in anything a graded learner receives (issue 14, part 1).

The attack (tests/key_attack.py) hashes every option, every item in every position, every item in
every category and every number in a range with the public digest formula and pepper, and looks
for the digests in every file of a release; it also tries each exercise's true answer, as an
oracle, on every digest and every sealed text. On the practice release it recovers the keys (so
the test can fail); on the graded one it must recover nothing. The fast tests derive the graded
flavour from the committed practice release, as ``course build --graded`` does after its build;
the slow ones run the command, grade both flavours with ``course grade`` and publish the graded
one with nbgrader's ``release_assignment``.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from key_attack import candidate_parts, digest_table, each_key, plain_keys, recovered, recovered_texts

from course import catalogue, progress
from course.answers import KINDS
from course.cli import main
from course.exercises import get_mode, registry
from course.grading import AuthoringError, grade
from course.instructor.graded_release import GradedReleaseError, write_graded, write_graded_start_page
from course.instructor.key_material import KEY_ARGUMENTS, without_key_material
from course.instructor.submissions import Submission, inspect
from course.layout import CONFIG, CourseLayout

REPO = Path(__file__).resolve().parents[1]
LAYOUT = CourseLayout.of(REPO)
ASSIGNMENTS = LAYOUT.assignments()


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Path:
    """The graded flavour of every committed assignment and the start page, as --graded writes it."""
    to = tmp_path_factory.mktemp("graded-release")
    for assignment in ASSIGNMENTS:
        write_graded(LAYOUT, assignment, to)
    write_graded_start_page(LAYOUT, to)
    return to


@pytest.fixture(scope="module")
def attack() -> dict[str, tuple[list, dict, dict]]:
    """assignment -> (exercises, true keys, the digest of every candidate part)."""
    found = {}
    for assignment in ASSIGNMENTS:
        exercises = list(catalogue.load(assignment, root=REPO).exercises)
        true_keys = plain_keys(REPO, assignment)
        found[assignment] = exercises, true_keys, digest_table(exercises, true_keys)
    return found


def _full_keys(exercises, true_keys, parts_found) -> list[str]:
    """The exercises whose every right part was recovered: their whole key."""
    full = []
    for e in exercises:
        rules = KINDS[e.kind]
        if rules.needs_key and e.id in true_keys:  # every key: one, or one per branch of a decision
            if all(set(rules.parts(rules.canonical(k))) <= parts_found.get(e.id, set())
                   for k in each_key(e, true_keys[e.id])):
                full.append(e.id)
    return full


def test_the_attack_recovers_the_keys_of_the_practice_release(attack):
    """The attack works: on the practice release, without the oracle, it finds almost every key."""
    for assignment, (exercises, true_keys, table) in attack.items():
        found = recovered(LAYOUT.released(assignment), table)
        tried = {e.id: candidate_parts(e) for e in exercises}  # only what a learner can try: no oracle
        full = _full_keys(exercises, true_keys, {e: parts & tried[e] for e, parts in found.items()})
        keyed = [e.id for e in exercises if KINDS[e.kind].needs_key]
        assert len(full) >= len(keyed) - 2, (assignment, sorted(set(keyed) - set(full)))
        if keyed:  # 04-postmortem's one exercise, a drafted message, carries no key and no texts to open
            assert recovered_texts(LAYOUT.released(assignment), exercises, true_keys), assignment


def test_the_attack_recovers_nothing_from_the_graded_release(graded, attack):
    for assignment, (exercises, true_keys, table) in attack.items():
        folder = graded / assignment
        assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in LAYOUT.released(assignment).iterdir())
        assert recovered(folder, table) == {}, assignment
        assert recovered_texts(folder, exercises, true_keys) == [], assignment
    assert recovered(graded, {d: e for _, _, t in attack.values() for d, e in t.items()}) == {}  # start page too
    assert (graded / "index.ipynb").is_file()


def _plain_forms(key) -> list[str]:
    """How a plain key could be spelled in a file: a number on its own, a whole list or mapping."""
    if isinstance(key, (int, float)):
        return [rf"(?<![\w.]){re.escape(str(key))}(?![\w])"]
    if isinstance(key, (list, dict, set)):
        key = sorted(key) if isinstance(key, set) else key
        return [re.escape(json.dumps(key)), re.escape(repr(key)), re.escape(json.dumps(key, ensure_ascii=False))]
    return []


def test_no_plain_key_nor_key_argument_is_in_any_graded_file(graded, attack):
    texts = {p: p.read_text(encoding="utf-8") for p in graded.rglob("*") if p.is_file()}
    words = {w for text in texts.values() for w in re.findall(r"[\w.@+-]+", text)}
    for assignment, (exercises, true_keys, _) in attack.items():
        keys = [(e, key) for e in exercises for key in each_key(e, true_keys.get(e.id))]  # one per branch too
        for e, key in keys:
            if e.kind == "item_set":  # the right set, also of a key of named groups
                key = set(KINDS["item_set"].canonical(key))
            for form in _plain_forms(key):
                for path, text in texts.items():
                    assert not re.search(form, text), (e.id, path.name)
            if e.kind == "item_set":  # no item of a right set either
                assert not key & words, e.id
    for path, text in texts.items():
        assert "sealed:" not in text and "HIDDEN TESTS" not in text and "grade(" not in text, path
        for cell in nbformat.reads(text, as_version=4).cells:
            assert without_key_material(cell.source) == cell.source, (path.name, cell.source[:80])


def test_every_checksum_in_the_graded_release_is_of_the_graded_cell(graded):
    """nbgrader's validator accepts the graded notebook, and no checksum is computed from key material."""
    from nbgrader.utils import compute_checksum

    for path in graded.glob("*/*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if "checksum" in meta:
                assert meta["checksum"] == compute_checksum(cell), (path.name, meta["grade_id"])


def _run_cells(path: Path, namespace: dict) -> dict:
    """Run a notebook's setup and question cells in this process, as its kernel would."""
    for cell in nbformat.read(path, as_version=4).cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_id == "setup" or grade_id.endswith("-question"):
            exec(cell.source, namespace)  # noqa: S102 - the course's own notebooks
    return namespace


def test_the_graded_notebooks_run_in_graded_mode_by_themselves(graded, tmp_path, monkeypatch):
    """No COURSE_MODE: the graded notebook records answers silently; the practice one judges them."""
    monkeypatch.chdir(tmp_path)
    assignment = "00-orientation"
    true_keys = plain_keys(REPO, assignment)
    for flavour, folder in (("practice", LAYOUT.release), ("graded", graded)):
        registry.clear()
        _run_cells(folder / assignment / "orientation.ipynb", {})
        panels = [registry.get(e) for e in true_keys]
        for panel in panels:  # an ordering with several acceptable orders (orient-team-guide): its first
            key = true_keys[panel.id]
            panel.answer(key[0] if panel.kind == "ordering" and isinstance(key[0], list) else key)
        if flavour == "graded":
            assert get_mode() == "graded"
            for panel in panels:
                assert panel._feedback.value == "" and "graded after you submit" in panel._status.value, panel.id
                assert panel.check().fraction == 0 and panel.check().right == (), panel.id
            assert sum(row.earned for row in progress.step_progress()) == 0
            assert sum(row.answered for row in progress.step_progress()) == len(panels)
        else:
            assert get_mode() == "practice"
            assert all("✔ Right" in p._feedback.value for p in panels)
        # the hidden tests grade either flavour against the plain key, to full marks
        for panel in panels:
            assert grade(panel.id, key=true_keys[panel.id]) == panel.points
        (tmp_path / "responses.json").unlink()


def test_the_authoring_guard_holds_where_digests_are(graded, tmp_path, monkeypatch):
    """A practice exercise refuses a hidden test whose key is not its own; a graded one cannot check
    that, but still refuses a key that is no answer at all."""
    monkeypatch.chdir(tmp_path)
    wrong_but_valid = "Email the client at once with a full apology and an explanation"  # an option, not the key
    _run_cells(LAYOUT.released("00-orientation") / "orientation.ipynb", {})
    with pytest.raises(AuthoringError, match="does not match"):
        grade("orient-first-move", key=wrong_but_valid)
    registry.clear()
    _run_cells(graded / "00-orientation" / "orientation.ipynb", {})
    assert grade("orient-first-move", key=wrong_but_valid) == 0
    with pytest.raises(AuthoringError, match="not a valid answer"):
        grade("orient-first-move", key="not an option")


def test_a_keyless_exercise_judges_nothing_and_scores_nothing_for_the_room():
    rules = KINDS["multiple_choice"]("ex", options=["a", "b", "c"], step="assess", points=3)
    assert rules.keyless and rules.key == ()
    assert rules.check(["a"]).fraction == 0 and rules.check(["a"]).right == ()
    assert rules.record(["a"]).score is None
    with pytest.raises(ValueError, match="salted digests"):  # an empty key is still an authoring slip
        KINDS["multiple_choice"]("ex", options=["a", "b", "c"], step="assess", points=3, key=[])


def _submission(tmp_path: Path, notebook: Path, name: str) -> Submission:
    folder = tmp_path / name / "00-orientation"
    folder.mkdir(parents=True)
    shutil.copy(notebook, folder / "orientation.ipynb")
    (folder / "responses.json").write_text('{"schema": 1, "answers": {}}')
    return Submission(name, folder, "")


def test_a_graded_learners_locked_cells_are_not_called_edited(graded, tmp_path):
    release = LAYOUT.released("00-orientation")
    graded_notebook = graded / "00-orientation" / "orientation.ipynb"
    assert inspect(_submission(tmp_path, graded_notebook, "graded"), release) == []
    assert inspect(_submission(tmp_path, release / "orientation.ipynb", "practice"), release) == []
    cheat = _submission(tmp_path, graded_notebook, "cheat")
    nb = nbformat.read(cheat.folder / "orientation.ipynb", as_version=4)
    question = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "orient-first-move-question")
    question.source = question.source.replace("points=3", "points=30")
    nbformat.write(nb, cheat.folder / "orientation.ipynb")
    assert any("1 locked cell(s) edited (orient-first-move-question)" in r for r in inspect(cheat, release))


def test_key_arguments_go_whole_and_nothing_else_does():
    source = ("x = SingleChoice(\n    'id',\n    options=['a', 'b'],\n    explanations={\n        'a': 'sealed:xx',\n"
              "    },\n    solution='sealed:v2:zz',\n    key=['0123456789abcdef'],\n    reveal_after=3,\n)\n"
              "y = Numeric('n', step='fix', key=['fedcba9876543210'], solution='sealed:v2:ww', points=1)\n"
              "z = ItemSet('s', expected_size=3, explanation='sealed:yy')\nx\n")
    assert without_key_material(source) == ("x = SingleChoice(\n    'id',\n    options=['a', 'b'],\n    reveal_after=3,\n)\n"
                                            "y = Numeric('n', step='fix', points=1)\nz = ItemSet('s')\nx\n")
    # the veiled right answer ("Show the answer") is key material; how many checks before it is not
    assert set(KEY_ARGUMENTS) == {"key", "explanations", "explanation", "solution", "expected_size"}


def _course_copy(tmp_path: Path, assignment: str = "00-orientation") -> CourseLayout:
    root = tmp_path / "course"
    root.mkdir()
    shutil.copy(REPO / CONFIG, root)
    for folder in (LAYOUT.source, LAYOUT.release):
        shutil.copytree(folder / assignment, root / folder.name / assignment,
                        ignore=shutil.ignore_patterns("responses*.json"))
    return CourseLayout.of(root)


def test_a_leak_the_stripping_misses_stops_the_graded_release(tmp_path):
    """Key material anywhere else (a markdown cell quoting a digest) fails the build; nothing is written."""
    layout = _course_copy(tmp_path)
    path = layout.released("00-orientation") / "orientation.ipynb"
    nb = nbformat.read(path, as_version=4)
    digest = re.search(r"key=\['([0-9a-f]{16})'", "".join(c.source for c in nb.cells)).group(1)
    nb.cells.append(nbformat.v4.new_markdown_cell(f"Psst: {digest}"))
    nbformat.write(nb, path)
    with pytest.raises(GradedReleaseError, match=f"key material in orientation.ipynb \\({digest}\\)"):
        write_graded(layout, "00-orientation")
    assert not layout.released_graded("00-orientation").exists()


def test_the_graded_release_never_goes_over_the_practice_one(tmp_path):
    layout = _course_copy(tmp_path)
    for folder in (layout.release, layout.source, layout.release / "graded"):
        with pytest.raises(GradedReleaseError, match="overlaps"):
            write_graded(layout, "00-orientation", folder)


def test_to_without_graded_is_one_line(capsys):
    assert main(["build", "00-orientation", "--to", "somewhere"]) == 2
    assert capsys.readouterr().err == "course: error: --to is where the graded release goes: give --graded too\n"


# -- slow: the command, grading both flavours, and nbgrader's exchange ----------------------------


def _release(command: str, root: Path, exchange: Path) -> Path:
    """Run the printed ``nbgrader release_assignment`` line into ``exchange``; the published notebook."""
    bin_dir = Path(sys.executable).parent
    run = subprocess.run([str(bin_dir / "nbgrader"), *shlex.split(command)[1:], f"--Exchange.root={exchange}"],
                         cwd=root, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    return exchange / "recovering-from-mistakes" / "outbound" / "01-bulk-spam" / "bulk-spam.ipynb"


@pytest.mark.slow
def test_course_build_graded_is_published_by_release_assignment(built_course, tmp_path, monkeypatch, capsys):
    from cohort import copy_course

    root = copy_course(built_course, tmp_path / "course")
    monkeypatch.chdir(root)
    assert main(["build", "01-bulk-spam", "--graded"]) == 0
    out = capsys.readouterr().out
    assert ("graded release grading/release-graded/01-bulk-spam/ (no key material, graded mode): bulk-spam.ipynb"
            in out), out
    command = out.split("publish it with: ", 1)[1].strip()
    assert command == ("nbgrader release_assignment 01-bulk-spam "
                       "--CourseDirectory.release_directory=grading/release-graded")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "course build 01-bulk-spam --graded" in readme and command in readme  # the README's commands, run here
    exercises = list(catalogue.load("01-bulk-spam", root=root).exercises)
    true_keys = plain_keys(root, "01-bulk-spam")
    table = digest_table(exercises, true_keys)
    published = _release(command, root, tmp_path / "exchange")
    assert published.read_bytes() == (root / "grading" / "release-graded" / "01-bulk-spam" / "bulk-spam.ipynb").read_bytes()
    assert recovered(published.parent, table) == {} and recovered_texts(published.parent, exercises, true_keys) == []

    # --to: anywhere outside the course (the exchange test's interface), published the same way
    elsewhere = tmp_path / "for the class"
    assert main(["build", "01-bulk-spam", "--graded", "--to", str(elsewhere)]) == 0
    command = capsys.readouterr().out.split("publish it with: ", 1)[1].strip()
    published = _release(command, root, tmp_path / "exchange-2")
    assert published.read_bytes() == (elsewhere / "01-bulk-spam" / "bulk-spam.ipynb").read_bytes()
    assert recovered(published.parent, table) == {}
    # the practice release is as `course build` leaves it, keys and all
    assert recovered(root / "notebooks" / "01-bulk-spam", table)

    # nbgrader_config.py's safety net: the option forgotten, the graded flavour is published all the same
    published = _release("nbgrader release_assignment 01-bulk-spam", root, tmp_path / "exchange-3")
    assert published.read_bytes() == (root / "grading" / "release-graded" / "01-bulk-spam" / "bulk-spam.ipynb").read_bytes()
    # and a folder of practice notebooks is refused
    practice = tmp_path / "practice-copy"
    shutil.copytree(root / "notebooks" / "01-bulk-spam", practice / "01-bulk-spam")
    with pytest.raises(AssertionError, match=r"holds answer keys \(bulk-spam.ipynb\)"):
        _release(f"nbgrader release_assignment 01-bulk-spam --CourseDirectory.release_directory={practice}",
                 root, tmp_path / "exchange-4")
    assert not (tmp_path / "exchange-4" / "recovering-from-mistakes" / "outbound" / "01-bulk-spam").exists()


@pytest.mark.slow
def test_both_flavours_grade_the_same_unflagged(built_course, tmp_path):
    """The worked answers, handed in on the practice and on the graded notebook, score exactly the
    same in every cell under ``course grade``, and neither learner is flagged."""
    from cohort import HANDED_IN, NOTEBOOK, copy_course, submit
    from worked_answers import ASSIGNMENTS as WORKED

    from course.instructor import nbgrader_api
    from course.instructor.autograde import grade as grade_cohort

    root = copy_course(built_course, tmp_path / "course")
    layout = CourseLayout.of(root)
    for assignment in WORKED:
        write_graded(layout, assignment)
        hand = HANDED_IN[assignment]["partial"]
        submit(root, assignment, "practice", hand)
        folder = submit(root, assignment, "graded", hand)
        notebook = f"{NOTEBOOK[assignment]}.ipynb"
        nb = nbformat.read(layout.released_graded(assignment) / notebook, as_version=4)
        if hand.typed is not None:
            hand.typed(nb)
        nbformat.write(nb, folder / notebook)
        assert "key=" not in (folder / notebook).read_text(encoding="utf-8")
        results = {r.student: r for r in grade_cohort(root=root, assignment=assignment, workers=2, progress=False)}
        for student in ("practice", "graded"):
            assert results[student].status == "graded" and not results[student].reasons, (assignment, results[student])
        assert results["graded"].score == results["practice"].score == pytest.approx(sum(WORKED[assignment][4].values()))
    from nbgrader.api import Gradebook

    with Gradebook(nbgrader_api.api(root).coursedir.db_url) as gradebook:
        for assignment in WORKED:
            cells = {s.student_id: {g.name: g.score for nb in s.notebooks for g in nb.grades}
                     for s in gradebook.assignment_submissions(assignment)}
            assert cells["graded"] == cells["practice"], assignment
