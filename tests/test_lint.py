"""`course lint`, the authoring audit: each finding on a small crafted course, accepted and not.

Why each finding twice: a finding that cannot be accepted makes authors delete the audit, and
one that can be accepted silently makes it meaningless. So each rule is shown crossing its line
(reported, exit status 1), then the same course with a written reason in the right metadata
(listed as accepted with the reason, exit status 0), and an empty reason is shown to accept
nothing. The last tests run the audit on the real course: it passes only with the "rewrite
pending" acceptances, and stripped of them it reports the review's own measurements.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course.commands import lint as lint_command
from course.instructor.lint import acceptances, lint
from course.instructor.lint.pending import main as accept_pending
from course.layout import CourseNotFound, UnknownAssignment
from lint_course import (REPO, balance, code, graded_code, manual, md, multiple, notebook, single,
                         write_course)

A = "01-case"
B = "02-case"
EVEN = ["Call the client and explain", "Send the corrected figures", "Wait for the client to ask"]
KEY = EVEN[1]
WHY = "it is written"


def _run(root: Path, capsys, assignment: str | None = None) -> tuple[int, list[str]]:
    status = lint_command.main(root=root, assignment=assignment)
    return status, capsys.readouterr().out.splitlines()


def _codes(root: Path, assignment: str | None = None) -> dict[tuple[str, str], str | None]:
    """(code, subject) -> the reason it is accepted with (None: not accepted)."""
    return {(f.code, f.subject): f.accepted for f in lint(root=root, assignment=assignment).findings}


def _course(tmp_path: Path, *cells, accept: dict | None = None, start: dict | None = None, **more) -> Path:
    books = {A: notebook([*cells, *balance()], accept=accept)}
    books.update({name: notebook([*c, *balance(name)]) for name, c in more.items()})
    return write_course(tmp_path / "course", books, start=start)


# --- clean ---------------------------------------------------------------------------------------

def test_a_clean_course_has_no_finding(tmp_path, capsys):
    root = _course(tmp_path, single("q-clean", EVEN, KEY), multiple("m-clean", EVEN + ["Ask a colleague to check"],
                                                                     [EVEN[0], EVEN[1]]))
    status, out = _run(root, capsys)
    assert status == 0
    assert out == ["course lint: the course: 0 finding(s) not accepted, 0 accepted with a reason"]


# --- longest-key -----------------------------------------------------------------------------------

LONG = ["Call the client", "Send the right file, with a line saying what changed and why", "Wait for a reply"]


@pytest.mark.parametrize("where", ["grade", "question"])
def test_a_key_longest_by_a_clear_margin_is_found_and_can_be_accepted(tmp_path, capsys, where):
    root = _course(tmp_path, single("q-long", LONG, LONG[1]))
    status, out = _run(root, capsys)
    assert status == 1
    assert out[0] == ("UNACCEPTED 01-case/case.ipynb cell 0 q-long: longest-key: the key is 60 characters, "
                      "the longest other option 16 (3.75x)")
    shutil.rmtree(root)
    accept = {"longest-key": "the law needs all of it"}
    root = _course(tmp_path, single("q-long", LONG, LONG[1], **{"accept" if where == "grade" else "question_accept": accept}))
    status, out = _run(root, capsys)
    assert status == 0
    assert out[0].startswith("accepted   01-case/case.ipynb cell 0 q-long: longest-key: ")
    assert out[0].endswith("(reason: the law needs all of it)")


@pytest.mark.parametrize("options, found", [
    (["A" * 50, "B" * 59, "C" * 40], False),  # 59 / 50 = 1.18: under 20% longer
    (["A" * 50, "B" * 60, "C" * 40], True),  # 1.2 and 10 characters: a clear margin
    (["Yes", "No", "Maybe not"], False),  # "Maybe not" is 3x "Yes" but only 6 characters longer
    (["Yes", "No", "Certainly not"], True),  # 10 characters and 4.3x
])
def test_a_clear_margin_is_20_percent_and_8_characters(tmp_path, options, found):
    key = max(options, key=len)
    root = _course(tmp_path, single("q", options, key))
    assert (("longest-key", "q") in _codes(root)) is found


def test_a_multiple_choice_whose_every_key_is_longer_than_every_wrong_option(tmp_path):
    options = ["Name the year in every file you send", "Hope", "Have a colleague check reports before they go", "Pray"]
    root = _course(tmp_path, multiple("m", options, [options[0], options[2]]))
    assert _codes(root) == {("longest-key", "m"): None}
    shutil.rmtree(root)
    root = _course(tmp_path, multiple("m", options, [options[0], options[2]], accept={"longest-key": "rewrite pending"}))
    assert _codes(root) == {("longest-key", "m"): "rewrite pending"}
    shutil.rmtree(root)
    one_short = ["Name the year in every file you send", "Hope", "Check", "Pray"]  # a key as short as a wrong one
    root = _course(tmp_path, multiple("m", one_short, [one_short[0], one_short[2]]))
    assert _codes(root) == {}


# --- empty reasons and unknown codes -------------------------------------------------------------

@pytest.mark.parametrize("reason", ["", "   ", None, 3])
def test_an_empty_reason_accepts_nothing_and_is_itself_a_finding(tmp_path, capsys, reason):
    root = _course(tmp_path, single("q-long", LONG, LONG[1], accept={"longest-key": reason}))
    status, out = _run(root, capsys)
    assert status == 1
    assert out[0].startswith("UNACCEPTED 01-case/case.ipynb cell 0 q-long: longest-key: ")
    assert "UNACCEPTED 01-case/case.ipynb cell 1 q-long: bad-acceptance: 'longest-key' has an empty reason, " \
           "which accepts nothing" in out


def test_an_acceptance_naming_no_finding_code_is_a_finding(tmp_path, capsys):
    root = _course(tmp_path, single("q", EVEN, KEY, accept={"longest-keys": "typo"}))
    status, out = _run(root, capsys)
    assert status == 1
    assert out[0].startswith("UNACCEPTED 01-case/case.ipynb cell 1 q: bad-acceptance: 'longest-keys' is no finding code")


def test_an_acceptance_with_no_finding_is_noted_not_failed(tmp_path, capsys):
    root = _course(tmp_path, single("q", EVEN, KEY, accept={"longest-key": "was long once"}))
    status, out = _run(root, capsys)
    assert status == 0
    assert out[0] == ("note: 01-case/case.ipynb cell 1 accepts 'longest-key', which it has no finding of "
                      "(remove it, or it will hide a future one)")


def test_an_acceptance_elsewhere_accepts_nothing_here(tmp_path):
    """A reason on another exercise's cell, or in the notebook's metadata, does not accept an exercise's finding."""
    root = _course(tmp_path, single("q-long", LONG, LONG[1]), single("q2", EVEN, KEY, accept={"longest-key": "x"}),
                   accept={"longest-key": "the whole notebook"})
    assert _codes(root)[("longest-key", "q-long")] is None


# --- banks -----------------------------------------------------------------------------------------

def _bank(keys_at: list[int], lengths: list[list[int]] | None = None, prefix: str = "s") -> list:
    """Single choices whose key sits at the given positions (0-based); options of the given lengths."""
    cells = []
    for n, at in enumerate(keys_at):
        sizes = lengths[n] if lengths else [40, 40, 40, 40]
        options = [f"{prefix}{n} option {i} ".ljust(size, "x") for i, size in enumerate(sizes)]
        cells.append(single(f"{prefix}{n}", options, options[at], prompt=f"{prefix} question {n}?"))
    return cells


def test_a_fixed_key_position_across_an_assignment(tmp_path, capsys):
    root = _course(tmp_path, *_bank([1, 1, 0]))
    status, out = _run(root, capsys, A)
    assert status == 1
    assert out[0] == ("UNACCEPTED 01-case/case.ipynb notebook metadata assignment 01-case: bank-key-position: the key "
                      "is option 2 in 2 of 3 single-choice questions (67%; at most 40% wanted): s0, s1")
    shutil.rmtree(root)
    root = _course(tmp_path, *_bank([1, 1, 0]), accept={"bank-key-position": "two of three by chance"})
    assert _codes(root, A) == {("bank-key-position", "assignment 01-case"): "two of three by chance"}
    shutil.rmtree(root)
    root = _course(tmp_path, *_bank([1, 0, 2]))  # 1 of 3 each: 33%
    assert _codes(root, A) == {}


def test_a_bank_of_two_shows_no_pattern(tmp_path):
    root = _course(tmp_path, *_bank([1, 1]))
    assert _codes(root, A) == {}


def test_the_key_longest_too_often_across_an_assignment(tmp_path):
    # each key just the longest (41 against 40: no clear margin), at positions 1, 2, 3
    lengths = [[41, 40, 40, 40], [40, 41, 40, 40], [40, 40, 41, 40]]
    root = _course(tmp_path, *_bank([0, 1, 2], lengths))
    assert _codes(root, A) == {("bank-longest-key", "assignment 01-case"): None}
    shutil.rmtree(root)
    root = _course(tmp_path, *_bank([0, 1, 2], lengths), accept={"bank-longest-key": "rewrite pending"})
    assert _codes(root, A) == {("bank-longest-key", "assignment 01-case"): "rewrite pending"}
    shutil.rmtree(root)
    lengths[2] = [40, 40, 40, 42]  # 2 of 3 longest is 67%: still found; the third key is now option 3 of equal ones
    root = _course(tmp_path, *_bank([0, 1, 2], lengths))
    assert ("bank-longest-key", "assignment 01-case") in _codes(root, A)
    lengths[1] = [40, 40, 42, 40]
    root2 = _course(tmp_path / "b", *_bank([0, 1, 2], lengths))  # 1 of 3: 33%
    assert _codes(root2, A) == {}


def _shapes(shapes: list[tuple[int, int]]) -> list:
    cells = []
    for n, (right, of) in enumerate(shapes):
        options = [f"m{n} option {i}".ljust(30, "x") for i in range(of)]
        cells.append(multiple(f"m{n}", options, options[:right], prompt=f"multiple {n}?"))
    return cells


def test_most_multiple_choices_of_one_shape(tmp_path, capsys):
    root = _course(tmp_path, *_shapes([(3, 5), (3, 5), (2, 4)]))
    status, out = _run(root, capsys, A)
    assert status == 1
    assert out[0].endswith("bank-choice-shape: 2 of 3 multiple-choice questions have 3 right of 5: m0, m1")
    shutil.rmtree(root)
    root = _course(tmp_path, *_shapes([(3, 5), (3, 5), (2, 4)]), accept={"bank-choice-shape": "rewrite pending"})
    assert _codes(root, A) == {("bank-choice-shape", "assignment 01-case"): "rewrite pending"}
    shutil.rmtree(root)
    root = _course(tmp_path, *_shapes([(3, 5), (3, 5), (2, 4), (1, 3)]))  # half is not most
    assert _codes(root, A) == {}


def test_the_course_wide_bank_is_accepted_in_the_start_pages_metadata(tmp_path, capsys):
    # two assignments of two questions each: neither bank shows a pattern alone, the course's does
    two = {B: _bank([1, 0], prefix="t")}
    root = _course(tmp_path, *_bank([1, 2]), start=notebook([md("# Start")]), **two)
    status, out = _run(root, capsys)
    assert status == 1
    assert out[0] == ("UNACCEPTED index.ipynb notebook metadata the course: bank-key-position: the key is option 2 "
                      "in 2 of 4 single-choice questions (50%; at most 40% wanted): s0, t0")
    assert _run(root, capsys, A)[0] == 0  # one assignment alone: its bank only
    shutil.rmtree(root)
    root = _course(tmp_path, *_bank([1, 2]), start=notebook([md("# Start")], accept={"bank-key-position": "small bank"}),
                   **two)
    assert _codes(root) == {("bank-key-position", "the course"): "small bank"}


# --- repeated prompts --------------------------------------------------------------------------------

def test_a_prompt_repeated_across_notebooks(tmp_path, capsys):
    same = "Which of these are root causes you can act on?"
    root = _course(tmp_path, single("a-root", EVEN, KEY, prompt=same),
                   **{B: [single("b-root", EVEN, EVEN[0], prompt="which of these are  root causes you can act on ")]})
    status, out = _run(root, capsys, A)
    assert status == 1
    assert out == [f"UNACCEPTED 01-case/case.ipynb cell 0 a-root: repeated-prompt: {same!r} is also the prompt of "
                   "b-root (02-case/case.ipynb)",
                   "course lint: 01-case: 1 finding(s) not accepted, 0 accepted with a reason",
                   'fix each, or accept it with a written reason: "course": {"accept": {"CODE": "REASON"}} in the '
                   "metadata of the exercise's grade cell (of the notebook, for an assignment's bank or steps; of the "
                   "start page, for the course's bank)"]
    shutil.rmtree(root)
    root = _course(tmp_path, single("a-root", EVEN, KEY, prompt=same, accept={"repeated-prompt": "a ritual on purpose"}),
                   **{B: [single("b-root", EVEN, EVEN[0], prompt=same)]})
    assert _codes(root) == {("repeated-prompt", "a-root"): "a ritual on purpose", ("repeated-prompt", "b-root"): None}


# --- key in the markdown ---------------------------------------------------------------------------

GIVEN = ["Yes: it gives everyone a fair and open choice to stay", "No: asking people who never consented is itself marketing",
         "Only to the people who did not complain about the mail"]
QUOTE = md('The regulator: "asking whether people want marketing without consent is still marketing, and it '
           'is never allowed."')


def test_a_key_given_away_in_the_markdown_just_before(tmp_path, capsys):
    root = _course(tmp_path, QUOTE, single("q", GIVEN, GIVEN[1]))
    status, out = _run(root, capsys)
    assert status == 1
    assert out[0] == ("UNACCEPTED 01-case/case.ipynb cell 1 q: key-in-markdown: 4 of the 5 distinctive words of the "
                      f"key {GIVEN[1]!r} stand in the markdown just above: asking, consented, marketing, never")
    shutil.rmtree(root)
    root = _course(tmp_path, QUOTE, single("q", GIVEN, GIVEN[1], accept={"key-in-markdown": "rewrite pending"}))
    assert _codes(root) == {("key-in-markdown", "q"): "rewrite pending"}


def test_only_the_markdown_just_before_counts_and_only_distinctive_words(tmp_path):
    root = _course(tmp_path, QUOTE, code("x = 1"), single("q", GIVEN, GIVEN[1]))  # a code cell between
    assert _codes(root) == {}
    shutil.rmtree(root)
    shared = ["No: asking people who never consented is itself marketing", "Marketing to people who consented, never",
              "Only to the people who did not complain about it"]  # the key's words are in a wrong option too: not distinctive
    root = _course(tmp_path, QUOTE, single("q", shared, shared[0]))
    assert _codes(root) == {}


# --- few options, unexplained options --------------------------------------------------------------

def test_fewer_than_three_options(tmp_path, capsys):
    root = _course(tmp_path, single("q", EVEN[:2], KEY))
    status, out = _run(root, capsys)
    assert status == 1 and out[0].endswith("q: few-options: 2 option(s); write at least 3 plausible ones")
    shutil.rmtree(root)
    root = _course(tmp_path, single("q", EVEN[:2], KEY, accept={"few-options": "a yes-or-no decision"}))
    assert _codes(root) == {("few-options", "q"): "a yes-or-no decision"}


def test_a_wrong_option_without_an_explanation(tmp_path, capsys):
    missing = {EVEN[0]: WHY, EVEN[2]: "  ", KEY: WHY}
    root = _course(tmp_path, single("q", EVEN, KEY, explanations=missing))
    status, out = _run(root, capsys)
    assert status == 1 and out[0].endswith(f"q: unexplained-option: no explanation for {EVEN[2]!r}")
    shutil.rmtree(root)
    root = _course(tmp_path, single("q", EVEN, KEY, explanations=missing, accept={"unexplained-option": "obvious"}))
    assert _codes(root) == {("unexplained-option", "q"): "obvious"}
    shutil.rmtree(root)
    root = _course(tmp_path, single("q", EVEN, KEY, explanations={EVEN[0]: WHY, EVEN[2]: WHY}))  # the key needs none
    assert _codes(root) == {}


# --- thin steps, missing steps ---------------------------------------------------------------------

def test_a_rubric_step_under_15_percent_counting_code_and_manual_cells(tmp_path, capsys):
    cells = [single("q", EVEN, KEY, step="reflect", points=2), graded_code("code-own", "own", 3),
             manual("man-fix", "fix", 3), manual("m-assess", "assess", 3), manual("m-rebuild", "rebuild", 3)]
    root = write_course(tmp_path / "course", {A: notebook(cells)})
    status, out = _run(root, capsys)
    assert status == 1
    assert out[0] == ("UNACCEPTED 01-case/case.ipynb notebook metadata assignment 01-case: thin-step: step 'reflect' "
                      "holds 2 of 14 points (14%; at least 15% wanted), counting every graded cell")
    shutil.rmtree(root)
    root = write_course(tmp_path / "course", {A: notebook(cells, accept={"thin-step": "reflect comes in case 2"})})
    assert _codes(root) == {("thin-step", "assignment 01-case"): "reflect comes in case 2"}
    shutil.rmtree(root)
    cells[0] = single("q", EVEN, KEY, step="reflect", points=3)  # 3 of 15: 20%
    root = write_course(tmp_path / "course", {A: notebook(cells)})
    assert _codes(root) == {}


def test_a_step_with_no_graded_cell_is_thin(tmp_path):
    cells = [manual(f"m-{step}", step, 3) for step in ("assess", "own", "fix", "reflect")]
    root = write_course(tmp_path / "course", {A: notebook(cells)})
    assert _codes(root) == {("thin-step", "assignment 01-case"): None}


def test_an_exercise_or_graded_cell_without_a_step(tmp_path, capsys):
    root = _course(tmp_path, single("q", EVEN, KEY, step=None, grade_step="assess"), manual("man", None, 1),
                   manual("odd", "learn", 1))
    status, out = _run(root, capsys)
    assert status == 1
    assert out[:3] == [
        "UNACCEPTED 01-case/case.ipynb cell 0 q: no-step: the exercise has no step= (valid: assess, own, fix, reflect, "
        "rebuild)",
        "UNACCEPTED 01-case/case.ipynb cell 2 man: no-step: the graded cell has no \"course\": {\"step\": ...} metadata "
        "(valid: assess, own, fix, reflect, rebuild)",
        "UNACCEPTED 01-case/case.ipynb cell 3 odd: no-step: the graded cell names step 'learn', which is no rubric step "
        "(valid: assess, own, fix, reflect, rebuild)"]
    assert ("no-step", "q") in _codes(root)  # the exercise's grade cell has a step: only its constructor lacks one
    shutil.rmtree(root)
    why = {"no-step": "an ungraded warm-up"}
    root = _course(tmp_path, single("q", EVEN, KEY, step=None, grade_step="assess", accept=why),
                   manual("man", None, 1, accept=why),
                   manual("odd", "learn", 1, accept=why))
    assert _codes(root) == {("no-step", "q"): "an ungraded warm-up", ("no-step", "man"): "an ungraded warm-up",
                            ("no-step", "odd"): "an ungraded warm-up"}


# --- bad input ---------------------------------------------------------------------------------

def test_a_wrong_assignment_or_no_course_is_one_line(tmp_path, monkeypatch):
    root = _course(tmp_path, single("q", EVEN, KEY))
    with pytest.raises(UnknownAssignment, match="^no assignment '07-nope' in solutions/; valid assignments: 01-case$"):
        lint_command.main(root=root, assignment="07-nope")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CourseNotFound, match="nbgrader_config.py"):
        lint_command.main()
    run = subprocess.run([sys.executable, "-m", "course.cli", "lint", "07-nope"], capture_output=True, text=True,
                         cwd=root)
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == "course: error: no assignment '07-nope' in solutions/; valid assignments: 01-case\n"


# --- the acceptance script -------------------------------------------------------------------------

def _sources(root: Path) -> list[str]:
    return [json.dumps([c["source"] for c in json.loads(p.read_text())["cells"]])
            for p in sorted(root.rglob("*.ipynb"))]


def test_the_script_accepts_with_the_given_reason_only_and_is_idempotent(tmp_path, capsys):
    root = _course(tmp_path, single("q-long", LONG, LONG[1]), QUOTE,
                   single("q", GIVEN, GIVEN[1], accept={"key-in-markdown": "the law needs it"}),
                   *_bank([1, 1, 0]), start=notebook([md("# Start")]))
    sources = _sources(root)
    assert accept_pending(["  ", "--root", str(root)]) == 2
    assert accept_pending(["rewrite pending", "--root", str(root)]) == 0
    report = lint(root=root)
    assert not report.unaccepted
    assert {f.accepted for f in report.findings} == {"rewrite pending", "the law needs it"}
    assert _codes(root)[("key-in-markdown", "q")] == "the law needs it"  # another reason is never touched
    assert _sources(root) == sources  # metadata only
    before = {p: p.read_bytes() for p in root.rglob("*.ipynb")}
    assert accept_pending(["rewrite pending", "--root", str(root)]) == 0
    assert {p: p.read_bytes() for p in root.rglob("*.ipynb")} == before
    # the finding goes away (the key is shortened): a re-run withdraws its own reason, nothing else
    path = root / "solutions" / A / "case.ipynb"
    path.write_text(path.read_text().replace("Send the right file, with a line saying what changed and why",
                                             "Send the right file"))
    capsys.readouterr()
    assert accept_pending(["rewrite pending", "--root", str(root)]) == 0
    grade_cell = json.loads(path.read_text())["cells"][1]["metadata"]
    assert grade_cell["course"] == {"exercise": "q-long", "step": "assess"}
    assert "note:" not in capsys.readouterr().out
    assert lint_command.main(root=root) == 0


def test_the_release_carries_no_acceptance():
    nb = notebook([single("q", EVEN, KEY, accept={"longest-key": "x"}), manual("m", "fix", 1, accept={"no-step": "y"})],
                  accept={"thin-step": "z"})
    assert acceptances.strip(nb)
    assert "course" not in nb["metadata"]
    assert nb["cells"][1]["metadata"]["course"] == {"exercise": "q", "step": "assess"}
    assert nb["cells"][2]["metadata"]["course"] == {"step": "fix"}
    assert not acceptances.strip(nb)


@pytest.mark.slow
def test_course_build_strips_the_acceptances_and_the_release_is_unchanged(tmp_path):
    """The real course's acceptances stay in the source; its release is byte for byte the committed one."""
    from course.commands import build

    root = tmp_path / "course"
    shutil.copytree(REPO / "solutions" / "01-bulk-spam", root / "solutions" / "01-bulk-spam",
                    ignore=shutil.ignore_patterns("responses*.json"))
    shutil.copy(REPO / "solutions" / "index.ipynb", root / "solutions")
    shutil.copy(REPO / "nbgrader_config.py", root)
    assert '"accept"' in (root / "solutions" / "01-bulk-spam" / "bulk-spam.ipynb").read_text()
    build.main(root=root)
    for rel in ("01-bulk-spam/bulk-spam.ipynb", "index.ipynb"):
        assert (root / "notebooks" / rel).read_bytes() == (REPO / "notebooks" / rel).read_bytes(), rel
        assert '"accept"' not in (root / "notebooks" / rel).read_text()


# --- the real course ---------------------------------------------------------------------------------

def test_the_course_passes_only_with_its_written_acceptances(capsys):
    status, out = _run(REPO, capsys)
    assert status == 0, "\n".join(line for line in out if line.startswith("UNACCEPTED"))
    assert out[-1].startswith("course lint: the course: 0 finding(s) not accepted, ")


def test_without_its_acceptances_the_course_fails_with_the_reviews_findings(tmp_path, capsys):
    root = tmp_path / "course"
    shutil.copytree(REPO / "solutions", root / "solutions", ignore=shutil.ignore_patterns("responses*.json"))
    shutil.copy(REPO / "nbgrader_config.py", root)
    for path in (root / "solutions").rglob("*.ipynb"):
        nb = json.loads(path.read_text(encoding="utf-8"))
        acceptances.strip(nb)
        path.write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    status, out = _run(root, capsys)
    assert status == 1
    text = "\n".join(out)
    assert "accepted   " not in text
    # the content review's measurements (shared reviews: 15 of 18 longest, position 2, 7 of 8 "3 of 5"),
    # less 03's share now that it is rewritten (issue 16): its 4 single choices have keys in positions
    # 4, 1, 2, 3, none the longest (15 -> 11; option 2: 13 -> 12); its multiple choices are 3 of 5,
    # 2 of 4 and 1 of 4 where they were two "3 of 5" (7 of 8 -> 6 of 9); its root-cause question is a
    # 5-whys chain, so two cases share that prompt, not three
    assert "the course: bank-longest-key: the key is the longest option in 11 of 18 single-choice questions" in text
    assert "the course: bank-key-position: the key is option 2 in 12 of 18 single-choice questions" in text
    assert "the course: bank-choice-shape: 6 of 9 multiple-choice questions have 3 right of 5" in text
    assert "cell 36 spam-reconfirm: key-in-markdown: " in text
    assert not [line for line in out if line.startswith("UNACCEPTED 03-")]  # 03 needs no acceptance at all
    root_causes = [line for line in out if "repeated-prompt: 'Which of these are root causes you can act on?" in line]
    assert len(root_causes) == 2
    assert "assignment 01-bulk-spam: thin-step: step 'reflect' holds 3 of 39 points" in text
