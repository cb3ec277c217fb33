"""`course lint`, the authoring audit: each finding on a small crafted course, accepted and not.

Why each finding twice: a finding that cannot be accepted makes authors delete the audit, and
one that can be accepted silently makes it meaningless. So each rule is shown crossing its line
(reported, exit status 1), then the same course with a written reason in the right metadata
(listed as accepted with the reason, exit status 0), and an empty reason is shown to accept
nothing. The last tests run the audit on the real course: it passes with its written
acceptances, none of them "rewrite pending", and no learner notebook shows an internal note.
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
from lint_course import (REPO, balance, code, graded_code, levels_table, manual, md, multiple, notebook, single,
                         write_course, written)

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


# --- internal notes ------------------------------------------------------------------------------

def _cell_with(cell: dict, **metadata) -> dict:
    cell["metadata"].update(metadata)
    return cell


def test_an_internal_note_a_learner_would_read_is_found_and_can_be_accepted(tmp_path, capsys):
    cells = [md("Look at the data (seed 001). **For the instructor**: see shared/content.md."),
             code("# NBVAL_IGNORE_OUTPUT\nsend_log.head()"),
             code("# Write your answer here (your answer in code, if you are not answering by clicking)\n"
                  "# TODO: a better example")]
    root = _course(tmp_path, *cells)
    status, out = _run(root, capsys)
    assert status == 1
    assert out[:3] == [
        "UNACCEPTED 01-case/case.ipynb cell 0 markdown cell: internal-note: a learner would read a seed ('(seed 001)'); "
        "a note for the instructor ('For the instructor'); a path into the authors' shared folder ('shared/content.md')",
        "UNACCEPTED 01-case/case.ipynb cell 1 code cell: internal-note: a learner would read an nbval marker "
        "('NBVAL_IGNORE_OUTPUT')",
        "UNACCEPTED 01-case/case.ipynb cell 2 code cell: internal-note: a learner would read the old answer-cell line "
        "('if you are not answering by clicking'); an author's to-do ('TODO')"]
    shutil.rmtree(root)
    why = {"internal-note": "the page teaches what a seed is"}
    root = _course(tmp_path, _cell_with(md("A random sample is drawn from a seed 42 of its own."), course={"accept": why}))
    assert _codes(root) == {("internal-note", "markdown cell"): "the page teaches what a seed is"}


@pytest.mark.parametrize("text", [
    "YOUR ANSWER HERE", "# YOUR CODE HERE", "# NBVAL_SKIP", "(seed 7)", "for the instructor only",
    "see ../shared/design.md", "FIXME later", "TODO", "x = 1  # TODO check", "- TODO", "(TODO: the fee)",
    "The fee TODO: check it", "[FIXME]",
])
def test_each_internal_note(tmp_path, text):
    root = _course(tmp_path, code(text))
    assert list(_codes(root)) == [("internal-note", "code cell")], text


def test_what_a_learner_never_reads_and_the_storys_own_todo_are_no_note(tmp_path):
    """The hidden tests, the solution, a hidden question cell, a written answer's model text and a
    TODO the story quotes (case 03's draft) are not the author's notes."""
    draft = "TODO: attach the two case studies before sending"
    options = [draft.ljust(50, "."), "Sam is copied".ljust(50, "."), "The fee is wrong".ljust(50, ".")]
    cells = [md(f'The draft ends:\n\n> {draft}\n\nIt also says "{draft}" once more, and `TODO` is a word. '
                f'Dana saw the TODO note, and a TODO in a draft is easy to miss.'),
             single("q-draft", options, options[1]),
             code("print('TODO: attach')  # the draft's line\n### BEGIN SOLUTION\n# TODO: NBVAL_SKIP (seed 1)\n"
                  "### END SOLUTION\n### BEGIN HIDDEN TESTS\n# For the instructor: TODO\n### END HIDDEN TESTS"),
             written("me-reflection", answer="For the instructor: TODO (seed 3), my model answer.")]
    root = _course(tmp_path, *cells)
    assert _codes(root) == {}


def test_the_start_page_is_read_for_internal_notes(tmp_path, capsys):
    root = _course(tmp_path, start=notebook([md("# Start\n\nTODO: say who the course is for")]))
    status, out = _run(root, capsys)
    assert status == 1
    assert out[0] == ("UNACCEPTED index.ipynb cell 0 markdown cell: internal-note: a learner would read an author's "
                      "to-do ('TODO')")
    assert _run(root, capsys, A)[0] == 0  # one assignment alone: its own notebooks only


# --- manually graded cells need a table of levels ----------------------------------------------------

def test_a_written_answer_with_its_levels_just_above_is_clean_and_counts_in_its_step(tmp_path):
    root = _course(tmp_path, written("me-reflection", points=3))
    assert _codes(root) == {}
    cells = [single("q", EVEN, KEY, step="assess", points=9), written("me-reflection", points=3),
             manual("m-own", "own", 4), manual("m-fix", "fix", 4), manual("m-rebuild", "rebuild", 4)]
    root = write_course(tmp_path / "thin", {A: notebook(cells)})
    # 3 of 24 is 12.5%: the written answer's points count under reflect, and are not enough alone
    assert [f.message for f in lint(root=root).findings] == [
        "step 'reflect' holds 3 of 24 points (12%; at least 15% wanted), counting every graded cell"]


def test_a_manually_graded_cell_without_a_table_of_levels(tmp_path, capsys):
    cells = [written("me-reflection", prompt="### Your own mistake\n\nWhat happened?"),
             manual("m-reply", "own", 3, text="**How your instructor scores it**: 1 point for owning it, 1 for a "
                                                  "repair, 1 for a short genuine tone.")]
    root = _course(tmp_path, *cells)
    status, out = _run(root, capsys)
    assert status == 1
    missing = ('no table of levels in the cell or the markdown cell just above it (a markdown table with a "Points" '
               'column and a row for each level, from full marks to 0)')
    assert out[:2] == [f"UNACCEPTED 01-case/case.ipynb cell 1 me-reflection: no-rubric: manually graded (3 points): {missing}",
                       f"UNACCEPTED 01-case/case.ipynb cell 2 m-reply: no-rubric: manually graded (3 points): {missing}"]
    shutil.rmtree(root)
    why = {"no-rubric": "the rubric is the checklist printed above"}
    root = _course(tmp_path, manual("m-reply", "own", 3, text="Scored by the checklist.", accept=why))
    assert _codes(root) == {("no-rubric", "m-reply"): "the rubric is the checklist printed above"}


@pytest.mark.parametrize("table, found", [
    (levels_table(3, 2, 1, 0), None),
    (levels_table(3, 0), None),  # two levels are a table of levels
    (levels_table(3), "no table"),  # one row is a score, not levels
    (levels_table(2, 1, 0), "tops out at 2 points, but the cell is worth 3"),
    ("| Level | What it looks like |\n|---|---|\n| 3 | all |\n| 0 | none |", "no table"),  # no "Points" column
    ("| **Points** | Looks like |\n|:-:|---|\n| **3** | all |\n| 1-2 | some |\n| 0 | none |", None),
])
def test_a_table_of_levels_has_a_points_column_two_levels_and_full_marks_at_the_top(tmp_path, table, found):
    root = _course(tmp_path, written("me", prompt=f"### Yours\n\n{table}"))
    messages = [f.message for f in lint(root=root).findings if f.code == "no-rubric"]
    if found is None:
        assert messages == []
    else:
        assert len(messages) == 1 and found in messages[0], messages


def test_the_table_counts_only_in_the_cell_or_the_markdown_cell_just_above(tmp_path):
    root = _course(tmp_path, md("### Yours\n\n" + levels_table(3, 0)), md("Write it below."), *written("me", prompt=""))
    assert list(_codes(root)) == [("no-rubric", "me")]
    shutil.rmtree(root)
    root = _course(tmp_path, written("me", prompt="", answer="A model.\n\n" + levels_table(3, 0)))
    assert _codes(root) == {}  # the table in the cell itself (a task cell's usual place)


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
    # 01 needs no acceptance since issue 16: give its copy one, as an author would, for the build to strip
    path = root / "solutions" / "01-bulk-spam" / "bulk-spam.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["metadata"].setdefault("course", {})["accept"] = {"thin-step": "a short case, on purpose"}
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert '"accept"' in path.read_text()
    build.main(root=root)
    for rel in ("01-bulk-spam/bulk-spam.ipynb", "index.ipynb"):
        assert (root / "notebooks" / rel).read_bytes() == (REPO / "notebooks" / rel).read_bytes(), rel
        assert '"accept"' not in (root / "notebooks" / rel).read_text()


# --- the real course ---------------------------------------------------------------------------------

def test_the_course_passes_only_with_its_written_acceptances(capsys):
    status, out = _run(REPO, capsys)
    assert status == 0, "\n".join(line for line in out if line.startswith("UNACCEPTED"))
    assert out[-1].startswith("course lint: the course: 0 finding(s) not accepted, ")


def test_the_course_carries_no_rewrite_pending_acceptance():
    """Issue 16 rewrote the notebooks: every acceptance left must give a reason specific to its item."""
    pending = []
    for path in sorted((REPO / "solutions").rglob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        places = [("notebook metadata", nb.get("metadata", {}))] + [
            (f"cell {i}", cell.get("metadata", {})) for i, cell in enumerate(nb.get("cells", []))]
        for where, meta in places:
            given = (meta.get("course") or {}).get("accept") if isinstance(meta.get("course"), dict) else None
            for finding_code, reason in (given or {}).items() if isinstance(given, dict) else ():
                if isinstance(reason, str) and "rewrite pending" in reason.lower():
                    pending.append(f"{path.relative_to(REPO / 'solutions')} {where}: {finding_code}")
    assert pending == [], "acceptances still 'rewrite pending':\n" + "\n".join(pending)


def _released():
    for path in sorted((REPO / "notebooks").rglob("*.ipynb")):
        yield pytest.param(path, id=str(path.relative_to(REPO / "notebooks")))


@pytest.mark.parametrize("path", _released())
def test_no_learner_notebook_shows_an_internal_note(path):
    """The release as committed (what a learner opens), read as ``course lint`` reads the source."""
    from course.instructor.lint.bank import Notebook
    from course.instructor.lint.learner_view import internal_notes

    found = [f"cell {f.cell}: {f.message}" for f in internal_notes(Notebook.read(path, path.name))]
    assert found == []
