"""What nbgrader test cells call: grade() and saved(). Points as a float, reviews on stdout, never stderr."""

from __future__ import annotations

import json
import os

import pytest

from course.exercises import Categorise, MultipleChoice, Ordering, SingleChoice, make_key, seal_explanations
from course.grading import AuthoringError, grade, saved
from course.responses import ResponsesStore

from samples import SC_OPTIONS, SC_RIGHT, SC_EXPLANATIONS, MC_OPTIONS, MC_RIGHT, ORD_RIGHT, ORD_SHOWN, CAT_ITEMS, CAT_RIGHT


def single(store, points=2, **kw):
    kw.setdefault("explanations", SC_EXPLANATIONS)
    return SingleChoice("sc", options=SC_OPTIONS, step="assess", points=points, prompt="First move?",
                        key=make_key("single_choice", "sc", SC_RIGHT), store=store, **kw)


def multiple(store, points=3):
    return MultipleChoice("mc", options=MC_OPTIONS, step="own", points=points, prompt="Which?",
                          key=make_key("multiple_choice", "mc", MC_RIGHT), store=store)


def ordering(store, points=5):
    return Ordering("ord", items=ORD_SHOWN, step="fix", points=points, prompt="Order them.",
                    key=make_key("ordering", "ord", ORD_RIGHT), store=store)


def categorise(store, points=2):
    return Categorise("cat", items=CAT_ITEMS, categories=["productive", "unproductive"], step="reflect",
                      points=points, prompt="Sort them.", key=make_key("categorise", "cat", CAT_RIGHT), store=store)


BUILDERS = {"sc": (single, SC_RIGHT), "mc": (multiple, MC_RIGHT), "ord": (ordering, ORD_RIGHT),
            "cat": (categorise, CAT_RIGHT)}


def graded_output(capsys):
    out, err = capsys.readouterr()
    assert err == "", "grade cells must never write to stderr"
    return out


# -- full, partial and zero -----------------------------------------------------------------------


def test_full_marks_returns_points_as_float(store, capsys):
    single(store).answer(SC_RIGHT)
    capsys.readouterr()
    earned = grade("sc", key=SC_RIGHT)
    assert earned == 2.0 and type(earned) is float
    out = graded_output(capsys)
    assert out.startswith("sc · 2 of 2 points. Well done: full marks.")
    assert SC_EXPLANATIONS[SC_RIGHT] in out
    assert len(out.splitlines()) == 1


@pytest.mark.parametrize(
    "builder, key, answer, points, expected",
    [
        # ordering by pairs (issue 15; by place these were 3.0 and 1.0): one neighbour swap reverses
        # 1 of 10 pairs, two swaps 2 of 10
        (ordering, ORD_RIGHT, ["Assess", "Own up", "Fix", "Rebuild", "Reflect"], 5, 4.5),
        (ordering, ORD_RIGHT, ["Own up", "Assess", "Fix", "Rebuild", "Reflect"], 5, 4.0),
        (ordering, ORD_RIGHT, ORD_RIGHT, 5, 5.0),
        (multiple, MC_RIGHT, [MC_OPTIONS[0]], 3, 1.0),
        (multiple, MC_RIGHT, [MC_OPTIONS[0], MC_OPTIONS[2]], 3, 2.0),
        (multiple, MC_RIGHT, [MC_OPTIONS[0], MC_OPTIONS[2], MC_OPTIONS[1]], 3, 1.0),
        (multiple, MC_RIGHT, [MC_OPTIONS[0]], 2, 0.67),  # rounded to 2 places
        (multiple, MC_RIGHT, [MC_OPTIONS[1], MC_OPTIONS[4]], 3, 0.0),  # floored at 0
        (multiple, MC_RIGHT, MC_RIGHT, 3, 3.0),
        (categorise, CAT_RIGHT, {**CAT_RIGHT, "Blame the intern": "productive"}, 2, 1.5),
        (categorise, CAT_RIGHT, {"Check the logs": "productive"}, 4, 1.0),  # 3 left unsorted
        (single, SC_RIGHT, SC_OPTIONS[1], 2, 0.0),
        (single, SC_RIGHT, SC_RIGHT, 1.5, 1.5),
    ],
)
def test_points_earned(store, capsys, builder, key, answer, points, expected):
    ex = builder(store, points=points)
    ex.answer(answer)
    capsys.readouterr()
    earned = grade(ex.id, key=key)
    assert earned == expected and type(earned) is float
    out = graded_output(capsys)
    assert f"{ex.id} · {expected:g} of {points:g} points." in out
    if expected == points:
        assert "Well done: full marks." in out
    elif expected > 0:
        assert "Part of the way there." in out
    else:
        assert "Not this time" in out


def test_partial_ordering_review(store, capsys):
    ordering(store).answer(["Assess", "Own up", "Fix", "Rebuild", "Reflect"])
    capsys.readouterr()
    assert grade("ord", key=ORD_RIGHT) == 4.5  # 9 of 10 pairs (by place it was 3 of 5 items: 3.0)
    out = graded_output(capsys)
    assert ("4.5 of 5 points. Part of the way there. 9 of 10 pairs of items in the right order; "
            "2 of 5 items are out of place.") in out


def test_zero_names_the_step_to_revisit(store, capsys):
    single(store).answer(SC_OPTIONS[2])
    capsys.readouterr()
    assert grade("sc", key=SC_RIGHT) == 0.0
    out = graded_output(capsys)
    assert "0 of 2 points" in out
    assert "step 1, “Assess the damage”, is worth another look" in out


def test_grading_a_wrong_answer_reviews_the_choice_without_the_key(store, capsys):
    ex = single(store)
    for wrong in SC_OPTIONS[1:]:
        ex.answer(wrong)
        capsys.readouterr()
        assert grade("sc", key=SC_RIGHT) == 0.0
        out = graded_output(capsys)
        assert f"You chose “{wrong}”." in out
        assert SC_EXPLANATIONS[wrong] in out
        assert SC_RIGHT not in out  # the key must not leak
        assert SC_EXPLANATIONS[SC_RIGHT] not in out


def test_sealed_explanations_in_review_open_for_the_chosen_option_only(store, capsys):
    texts, closing = seal_explanations("single_choice", "sc", SC_RIGHT, SC_EXPLANATIONS, "Closing note.")
    ex = single(store, explanations=texts, explanation=closing)
    ex.answer(SC_OPTIONS[1])
    capsys.readouterr()
    assert grade("sc", key=SC_RIGHT) == 0.0
    out = graded_output(capsys)
    assert SC_EXPLANATIONS[SC_OPTIONS[1]] in out
    assert SC_RIGHT not in out and SC_EXPLANATIONS[SC_RIGHT] not in out and "sealed:" not in out


def test_multiple_choice_review_does_not_name_missed_right_options(store, capsys):
    multiple(store).answer([MC_OPTIONS[0], MC_OPTIONS[1]])
    capsys.readouterr()
    assert grade("mc", key=MC_RIGHT) == 0.0
    out = graded_output(capsys)
    assert "1 of 3 strong picks found; 1 of your picks would backfire." in out
    assert MC_OPTIONS[2] not in out and MC_OPTIONS[3] not in out


def test_grade_reads_the_file_now_not_the_widget(tmp_path, store, capsys):
    ex = single(store)
    ex.answer(SC_OPTIONS[1])
    ResponsesStore(store.path).record("sc", SC_RIGHT)  # changed in another kernel since
    capsys.readouterr()
    assert grade("sc", key=SC_RIGHT) == 2.0
    graded_output(capsys)


def test_grade_uses_the_exercises_own_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COURSE_RESPONSES", str(tmp_path / "elsewhere.json"))
    folder = tmp_path / "assignment"
    folder.mkdir()
    store = ResponsesStore(folder / "responses.json")
    single(store).answer(SC_RIGHT)
    capsys.readouterr()
    assert grade("sc", key=SC_RIGHT) == 2.0  # not the default path, which points elsewhere
    graded_output(capsys)


def test_grade_does_not_write(store, capsys):
    single(store).answer(SC_RIGHT)
    before = store.path.read_bytes()
    grade("sc", key=SC_RIGHT)
    assert store.path.read_bytes() == before


def test_grade_is_the_same_in_graded_mode(store, capsys):
    from course.exercises import set_mode

    set_mode("graded")
    ordering(store).answer(["Assess", "Own up", "Fix", "Rebuild", "Reflect"])
    capsys.readouterr()
    assert grade("ord", key=ORD_RIGHT) == 4.5  # 9 of 10 pairs, as in practice mode
    graded_output(capsys)


# -- what a learner may have done: zero, kindly, never an exception --------------------------------


@pytest.mark.parametrize("exercise_id", BUILDERS)
def test_no_answer_scores_zero_with_a_kind_message(store, capsys, exercise_id):
    builder, key = BUILDERS[exercise_id]
    ex = builder(store)
    earned = grade(exercise_id, key=key)
    assert earned == 0.0 and type(earned) is float
    out = graded_output(capsys)
    assert f"{exercise_id} · no answer was saved, so 0 of {ex.points:g} points." in out
    assert "worth another look" in out
    assert not store.path.exists()


@pytest.mark.parametrize(
    "exercise_id, hand_edited",
    [
        ("sc", 3),
        ("sc", [SC_RIGHT]),
        ("sc", "Pause"),
        ("mc", 5),  # a number where a list is expected
        ("mc", MC_OPTIONS[0]),  # a string where a list is expected
        ("mc", ["not an option"]),
        ("mc", None),
        ("ord", 5),
        ("ord", {"Assess": 1}),
        ("ord", ORD_RIGHT[:3]),
        ("ord", [["Assess"], ["Own up"], ["Fix"], ["Reflect"], ["Rebuild"]]),
        ("cat", ["Check the logs"]),
        ("cat", {"Check the logs": "maybe"}),
        ("cat", {"Check the logs": ["productive"]}),
        ("cat", 7),
    ],
)
def test_malformed_saved_value_scores_zero_without_exception(store, capsys, exercise_id, hand_edited):
    builder, key = BUILDERS[exercise_id]
    store.path.write_text(
        json.dumps({"schema": 1, "answers": {exercise_id: {"value": hand_edited, "time": "", "attempts": 1}}}),
        encoding="utf-8",
    )
    ex = builder(store)  # the re-run cell shows nothing and does not crash
    assert ex.value is None
    capsys.readouterr()
    earned = grade(exercise_id, key=key)
    assert earned == 0.0 and type(earned) is float
    out = graded_output(capsys)
    assert "could not be read as an answer to this question, so 0 of" in out


def test_malformed_ordering_with_a_number_scores_zero(store, capsys):
    ex = ordering(store)  # created before the hand edit, as in a running kernel
    store.path.write_text(
        json.dumps({"schema": 1, "answers": {"ord": {"value": ["Assess", 2, "Fix", "Reflect", "Rebuild"],
                                                     "time": "", "attempts": 1}}}),
        encoding="utf-8",
    )
    assert ex.id == "ord"
    assert grade("ord", key=ORD_RIGHT) == 0.0


def test_malformed_entry_counts_as_no_answer(store, capsys):
    single(store)
    store.path.write_text(json.dumps({"schema": 1, "answers": {"sc": "not an entry"}}), encoding="utf-8")
    assert grade("sc", key=SC_RIGHT) == 0.0
    out = graded_output(capsys)
    assert "skipped 1 malformed entry" in out
    assert "no answer was saved" in out


def test_corrupt_file_scores_zero_and_is_moved_aside(tmp_path, store, capsys):
    single(store)
    store.path.write_bytes(b"{ this is not json")
    assert grade("sc", key=SC_RIGHT) == 0.0
    out = graded_output(capsys)
    assert "could not be read because it is not valid JSON" in out
    assert "no answer was saved" in out
    moved = list(tmp_path.glob("responses.corrupt-*.json"))
    assert len(moved) == 1 and moved[0].read_bytes() == b"{ this is not json"


# -- an authoring slip: raise ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "exercise_id, wrong_key",
    [
        ("sc", SC_OPTIONS[1]),  # a valid answer, but not the one the digests were made from
        ("mc", MC_RIGHT[:2]),
        ("mc", MC_RIGHT + [MC_OPTIONS[1]]),
        ("ord", ORD_SHOWN),
        ("cat", {**CAT_RIGHT, "Check the logs": "unproductive"}),
    ],
)
def test_key_that_does_not_match_the_digests_raises(store, capsys, exercise_id, wrong_key):
    builder, right = BUILDERS[exercise_id]
    builder(store).answer(right)
    capsys.readouterr()
    with pytest.raises(AuthoringError, match="does not match"):
        grade(exercise_id, key=wrong_key)
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(
    "exercise_id, bad_key",
    [("sc", "Pause"), ("mc", "Apologise promptly"), ("ord", ["Assess"]), ("cat", {"Nope": "productive"})],
)
def test_key_that_is_not_an_answer_raises(store, exercise_id, bad_key):
    builder, _ = BUILDERS[exercise_id]
    builder(store)
    with pytest.raises(AuthoringError, match="not a valid answer"):
        grade(exercise_id, key=bad_key)


def test_key_checked_even_without_an_answer(store):
    single(store)
    with pytest.raises(AuthoringError):
        grade("sc", key=SC_OPTIONS[2])


def test_grade_of_an_exercise_not_run_says_so(store):
    with pytest.raises(LookupError, match="run the cell that creates it"):
        grade("never-created", key="x")


# -- saved() --------------------------------------------------------------------------------------


PRACTICE_LINE = "Answer in the question above: it saves your answer and shows how it fared.\n"
GRADED_LINE = "Answer in the question above: it saves your answer, which is graded after you submit.\n"


def test_saved_says_the_same_true_line_before_and_after_an_answer(store, capsys):
    """Printed at Run All and never refreshed, the line must stay true once the learner answers:
    it names no state ("no answer saved yet", "run this cell again") and nothing of the answer."""
    ex = single(store)
    saved("sc")
    assert graded_output(capsys) == PRACTICE_LINE
    ex.answer(SC_OPTIONS[1])
    ex._radio.value = SC_OPTIONS[2]
    capsys.readouterr()
    saved("sc")
    out = graded_output(capsys)
    assert out == PRACTICE_LINE
    assert "graded after you submit" not in out  # practice mode grades nothing after a submission
    for option in SC_OPTIONS:
        assert option not in out  # reveals nothing about the answer
    assert "✔" not in out and "✘" not in out


def test_saved_in_graded_mode_says_it_is_graded_after_submitting(store, capsys):
    from course.exercises import set_mode

    set_mode("graded")
    ex = single(store)
    saved("sc")
    assert graded_output(capsys) == GRADED_LINE
    ex.answer(SC_OPTIONS[1])
    capsys.readouterr()
    saved("sc")
    assert graded_output(capsys) == GRADED_LINE


def test_saved_of_a_keyless_exercise_is_graded_mode(store, capsys):
    SingleChoice("sc", options=SC_OPTIONS, step="assess", points=2, prompt="First move?", key=None, store=store)
    saved("sc")
    assert graded_output(capsys) == GRADED_LINE


def test_saved_prints_nothing_in_a_grading_kernel(store, capsys, monkeypatch):
    """In ``course grade``'s kernels the review grade() prints is what the feedback should show."""
    from course.speedups import NO_FRONTEND

    single(store).answer(SC_RIGHT)  # built first: with the variable set, widgets would stay silent for good
    monkeypatch.setenv(NO_FRONTEND, "1")
    capsys.readouterr()
    saved("sc")
    assert graded_output(capsys) == ""


def test_saved_of_an_exercise_not_run_says_so():
    with pytest.raises(LookupError, match="Run All"):
        saved("never-created")


# -- which checked answer is graded: the latest, or the first under the first-try policy ------------


def _first_then_latest(store):
    """A learner who checked a wrong answer first, then the right one."""
    exercise = single(store)
    exercise.answer(SC_OPTIONS[1])
    exercise.answer(SC_RIGHT)
    assert (store.get("sc").first, store.get("sc").value) == (SC_OPTIONS[1], SC_RIGHT)
    return exercise


def test_the_latest_checked_answer_is_graded_by_default(store, capsys, monkeypatch):
    monkeypatch.delenv("COURSE_GRADED_ANSWER", raising=False)
    _first_then_latest(store)
    capsys.readouterr()
    assert grade("sc", key=SC_RIGHT) == 2.0
    assert "first checked answer" not in graded_output(capsys)


def test_the_first_checked_answer_is_graded_under_the_first_try_policy(store, capsys, monkeypatch):
    _first_then_latest(store)
    monkeypatch.setenv("COURSE_GRADED_ANSWER", "first")
    capsys.readouterr()
    assert grade("sc", key=SC_RIGHT) == 0.0
    out = graded_output(capsys)
    assert out.startswith("sc · 0 of 2 points. Your first checked answer is the one graded.")
    monkeypatch.setenv("COURSE_GRADED_ANSWER", "nonsense")  # never a failed grade cell: the rubric's rule
    assert grade("sc", key=SC_RIGHT) == 2.0


def test_an_answer_saved_before_first_tries_were_kept_is_graded_as_it_is(store, monkeypatch):
    store.path.write_text(json.dumps({"schema": 1, "answers": {
        "sc": {"value": SC_RIGHT, "time": "2026-11-24T10:00:00.000+00:00", "attempts": 3}}}))
    single(store)
    monkeypatch.setenv("COURSE_GRADED_ANSWER", "first")
    assert grade("sc", key=SC_RIGHT) == 2.0


def test_a_draft_is_never_graded_under_either_policy(store, monkeypatch):
    single(store)
    store.save_draft("sc", SC_RIGHT)
    for policy in ("latest", "first"):
        monkeypatch.setenv("COURSE_GRADED_ANSWER", policy)
        assert grade("sc", key=SC_RIGHT) == 0.0


def test_a_kernel_without_the_variable_reads_the_policy_of_the_course_it_grades_in(store, monkeypatch, tmp_path):
    """Plain ``nbgrader autograde`` runs the kernel in grading/autograded/<learner>/<assignment>."""
    from course import grading

    monkeypatch.delenv("COURSE_GRADED_ANSWER", raising=False)
    course = tmp_path / "course"
    graded = course / "grading" / "autograded" / "sam" / "00-orientation"
    graded.mkdir(parents=True)
    (course / "nbgrader_config.py").write_text('c = get_config()  # noqa: F821\nc.CourseLayout.graded_answer = "first"\n')
    _first_then_latest(store)
    monkeypatch.chdir(graded)
    assert grading.graded_answer() == "first" and grade("sc", key=SC_RIGHT) == 0.0
    monkeypatch.setenv("COURSE_GRADED_ANSWER", "latest")  # what course grade tells its kernels comes first
    assert grade("sc", key=SC_RIGHT) == 2.0
    monkeypatch.delenv("COURSE_GRADED_ANSWER")
    monkeypatch.chdir(tmp_path)  # no course around: the rubric's rule
    assert grading.graded_answer() == "latest"


def test_the_rescoring_outside_the_kernel_applies_the_policy_it_is_given(store, monkeypatch):
    from course.instructor.rescoring import score_outside
    from course.instructor.source_cells import SourceCell, Spec

    monkeypatch.delenv("COURSE_GRADED_ANSWER", raising=False)
    _first_then_latest(store)
    spec = Spec(exercise_id="sc", cls=type(single(store).rules), arguments=dict(
        options=SC_OPTIONS, step="assess", points=2, key=make_key("single_choice", "sc", SC_RIGHT)), variable=None)
    cell = SourceCell(grade_id="sc", notebook="n.ipynb", source=f"grade('sc', key={SC_RIGHT!r})", points=2,
                      outside=True, shows_value=True, checks_code=False)
    assert score_outside(cell, {"sc": spec}, store.path) == 2.0
    assert score_outside(cell, {"sc": spec}, store.path, "first") == 0.0
    assert os.environ.get("COURSE_GRADED_ANSWER") is None, "the instructor's process is left as it was"
