"""Feedback keeps every review and score and shows no answer key, for every learner and case.

Why the leak check is so literal: the feedback is handed to learners, and nbgrader's own
feedback shows the hidden tests, keys included (nbgrader issue #917). So each plain key of each
hidden test in solutions/ is looked for in every feedback file: a list or mapping key in the forms
it would take in code (repr, JSON), and, because a single-choice key is an option text that the
question itself shows, every line of every hidden test instead.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import nbformat
import pytest
from cohort import LEARNERS, NOTEBOOK, ORIENTATION, SPAM
from test_notebooks import _hidden_keys

from course.instructor import feedback
from course.instructor.key_material import without_key_material

# the tests that take graded_cohort (the session's graded course) are marked slow by conftest.py

REPO = Path(__file__).resolve().parents[1]
MARKERS = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "grade(", "check_code(", "key=", "sealed:", "BEGIN SOLUTION")


@pytest.fixture(scope="module")
def feedback_files(graded_cohort) -> dict[str, list[Path]]:
    return {a: feedback.write_feedback(root=graded_cohort.root, assignment=a) for a in (ORIENTATION, SPAM)}


def _visible_text(page: str) -> str:
    """What a reader sees: no scripts or styles, no tags, entities decoded."""
    page = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def _hidden_test_lines(path: Path) -> list[str]:
    lines = []
    for cell in nbformat.read(path, as_version=4).cells:
        inside = False
        for line in cell.source.split("\n"):
            if "BEGIN HIDDEN TESTS" in line:
                inside = True
            elif "END HIDDEN TESTS" in line:
                inside = False
            elif inside and len(line.strip()) > 8:  # not a lone bracket, which any code may hold
                lines.append(line.strip())
    return lines


def assert_no_key_in_feedback(page: str, text: str, cells: dict, assignment: str, notebook: str,
                              numeric_keys: bool = True) -> None:
    """What a learner fetches as feedback (``page``, its visible ``text``) holds no key of a question
    they got wrong: no hidden test, no key as the hidden tests or the catalogue write it, no sealed
    text, no salted digest of the practice release. ``cells``: the gradebook's (score, points) per
    exercise, since a right answer is the learner's own to see. ``numeric_keys``: look for a wrong
    number's key too (a page that shows other figures, such as scores, may contain it by chance).
    Shared by the tests that fetch feedback as learners do: through nbgrader's exchange
    (``test_exchange``) and through the Assignments tab on a JupyterHub (``test_hub``)."""
    solution = REPO / "solutions" / assignment / f"{notebook}.ipynb"
    for marker in MARKERS:
        assert marker not in page, marker
    for line in _hidden_test_lines(solution):
        assert line not in text, f"hidden test line {line!r}"
    literal = _hidden_keys(solution)  # as the hidden tests write them
    from course import catalogue

    for exercise in catalogue.load(assignment, root=REPO).exercises:  # and in the catalogue's form
        score, points = cells[exercise.id]
        if exercise.key is None or score >= points:
            continue
        for key in (exercise.key, literal.get(exercise.id)):
            if isinstance(key, (list, dict)):
                for form in {repr(key), json.dumps(key), json.dumps(key, ensure_ascii=False)}:
                    assert form not in page and form not in text, f"the key of {exercise.id}"
            elif numeric_keys and isinstance(key, (int, float)) and not isinstance(key, bool):
                assert not re.search(rf"(?<![\d.]){re.escape(f'{key:g}')}(?![\d])", text), f"the key of {exercise.id}"
    practice = (REPO / "notebooks" / assignment / f"{notebook}.ipynb").read_text(encoding="utf-8")
    digests = set(re.findall(r"'([0-9a-f]{16})'", practice))
    assert len(digests) >= 10, "the practice release's salted digests, to look for"
    assert not [d for d in digests if d in page], "a salted digest"


def test_feedback_is_written_for_every_learner_where_nbgrader_puts_it(graded_cohort, feedback_files):
    for assignment, paths in feedback_files.items():
        expected = [graded_cohort.root / "grading" / "feedback" / s / assignment / f"{NOTEBOOK[assignment]}.html"
                    for s in sorted(LEARNERS[assignment])]
        assert paths == expected
        assert all(p.is_file() for p in paths)


@pytest.mark.parametrize("assignment", [ORIENTATION, SPAM])
def test_no_answer_key_appears_in_any_feedback_file(feedback_files, assignment):
    solutions = REPO / "solutions" / assignment / f"{NOTEBOOK[assignment]}.ipynb"
    keys = _hidden_keys(solutions)
    hidden_lines = _hidden_test_lines(solutions)
    assert len(keys) >= 10 and len(hidden_lines) >= len(keys)
    structured = {i: k for i, k in keys.items() if isinstance(k, (list, dict))}
    assert structured, "the case has ordering, multiple-choice or categorise keys to look for"
    for path in feedback_files[assignment]:
        page = path.read_text(encoding="utf-8")
        text = _visible_text(page)
        for marker in MARKERS:
            assert marker not in page and marker not in text, f"{path}: {marker!r}"
        for exercise_id, key in structured.items():
            for form in {repr(key), json.dumps(key), json.dumps(key, ensure_ascii=False)}:
                assert form not in page and form not in text, f"{path}: the key of {exercise_id} stands in it"
        for line in hidden_lines:  # single-choice and numeric keys, and keys computed from the data
            assert line not in text and html.escape(line) not in page, f"{path}: hidden test line {line!r}"


def test_feedback_keeps_each_review_its_score_and_the_table_per_step(feedback_files):
    page = next(p for p in feedback_files[ORIENTATION] if p.parent.parent.name == "partial").read_text()
    text = _visible_text(page)
    assert "orient-most-important · 0 of 2 points." in text
    assert "You chose “I" in text and "so sorry about the report this morning, truly.”." in text
    # by pairs since issue 15 (by place it was 1.8, and the table's 3.3 and 16.2 below 4.2 and 17.1)
    assert "orient-call-order · 2.7 of 3 points. Part of the way there." in text
    assert "Score: 2.7 / 3.0" in text
    assert "Your scores by recovery step" in text
    rows = re.findall(r"<tr><th scope=\"row\">([^<]+)</th><td>([^<]+)</td><td>([^<]+)</td></tr>", page)
    # the worked partial answers per step (tests/worked_answers.py), since issue 16
    table = [("1 Assess the damage", "4", "6"), ("2 Speak with the relevant parties", "5.7", "13"),
             ("3 Fix it, and show it won't happen again", "4.5", "6"), ("4 Self-reflect", "7.4", "8"),
             ("5 Earn trust back through actions", "0", "6"), ("Total", "21.6", "39")]
    assert rows == table * 2, "at the top, and in place of the progress chart computed in the kernel"
    assert "application/vnd.jupyter.widget" not in page, "widgets cannot run in a static page"


def test_feedback_says_when_a_grade_still_waits_for_the_instructor(feedback_files):
    page = next(p for p in feedback_files[SPAM] if p.parent.parent.name == "perfect").read_text()
    assert "still to be graded by your instructor" in page
    assert "spam-reply · 3 of 3 points." in _visible_text(page)  # the solution owns it and repairs it: full marks


def test_writing_feedback_prints_nothing_on_stderr(graded_cohort, capfd):
    paths = feedback.write_feedback(root=graded_cohort.root, assignment=ORIENTATION, students=["partial"])
    assert [p.parent.parent.name for p in paths] == ["partial"]
    assert capfd.readouterr().err == ""


def test_feedback_for_a_learner_without_a_graded_submission_is_refused(graded_cohort):
    with pytest.raises(feedback.FeedbackError, match="nobody"):
        feedback.write_feedback(root=graded_cohort.root, assignment=ORIENTATION, students=["nobody"])


def test_secret_arguments_go_whole_and_nothing_else_does():
    source = ("q = SingleChoice(\n    'x',\n    prompt='Why?',\n    options=['a', 'b'],\n"
              "    explanations={\n        'a': 'sealed:AAA',\n        'b': 'sealed:BBB',\n    },\n"
              "    explanation='sealed:CCC',\n    key=['0123456789abcdef'],\n)\nq")
    assert without_key_material(source) == "q = SingleChoice(\n    'x',\n    prompt='Why?',\n" \
                                                      "    options=['a', 'b'],\n)\nq"
    assert without_key_material("f(1, key='k', other=2)") == "f(1, other=2)"
    assert without_key_material("f(1, key='k')") == "f(1)"
    assert without_key_material("f(key='k')") == "f()"
    assert without_key_material("%matplotlib inline") == "%matplotlib inline"


def test_regions_are_cut_even_when_their_end_marker_is_missing():
    source = "a = 1\n### BEGIN SOLUTION\nb = 2\n### END SOLUTION\nc = 3\n### BEGIN SOLUTION\nd = 4"
    assert feedback.strip_regions(source, "BEGIN SOLUTION", "END SOLUTION") == "a = 1\nc = 3"
