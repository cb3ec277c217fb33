"""course.answers: each kind's rules without widgets, the one registry of kinds, and the saved-answer hook.

Grading scores through rules registered on their own (no panel built, no ipywidgets imported);
a panel and its bare rules grade alike; the exercises announce a plain record of each saved answer
to whoever subscribes, and know nothing of the workshop.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from course import answers
from course.answers import KINDS, Check, Rules, events, make_key, registry
from course.exercises import KINDS as PANELS
from course.grading import AuthoringError, grade
from samples import KIND_SAMPLES as SPECS
from samples import MC_OPTIONS, MESSAGE, SC_EXPLANATIONS, SC_OPTIONS, SC_RIGHT

ROOT = Path(__file__).resolve().parents[1]


def rules_of(kind: str, exercise_id: str = "ex") -> Rules:
    spec, right, _ = SPECS[kind]
    key = make_key(kind, exercise_id, right) if KINDS[kind].needs_key else None
    return KINDS[kind](exercise_id, step="assess", points=4, key=key, **spec)


def test_every_kind_has_a_sample_here():
    assert set(SPECS) == set(KINDS)


def test_the_rules_base_is_abstract():
    with pytest.raises(TypeError):
        Rules("ex", step="assess", points=1)  # type: ignore[abstract]


def test_the_panels_follow_the_one_registry_of_kinds():
    assert list(PANELS) == list(KINDS)
    for kind, panel in PANELS.items():
        assert panel.rules_class is KINDS[kind] and panel.kind == kind
        assert panel.needs_key == KINDS[kind].needs_key


@pytest.mark.parametrize("module", ["course.answers", "course.grading", "course.answers.registry"])
def test_the_rules_and_grading_import_no_ipywidgets(module):
    code = f"import sys, {module}; print('ipywidgets' in sys.modules, 'course.exercises' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.split() == ["False", "False"], result.stdout + result.stderr


def test_grading_rules_registered_alone_builds_no_widget(tmp_path):
    """A kernel that never builds a widget grades exactly as a learner's notebook does."""
    code = f"""
import sys
from course.answers import SingleChoiceRules, make_key, registry
from course.grading import grade
from course.responses import ResponsesStore
store = ResponsesStore({str(tmp_path / "responses.json")!r})
store.record("sc", {SC_OPTIONS[1]!r})
registry.register(SingleChoiceRules("sc", options={SC_OPTIONS!r}, step="assess", points=2,
                                    key=make_key("single_choice", "sc", {SC_RIGHT!r})), store=store)
print(repr(grade("sc", key={SC_RIGHT!r})))
print("ipywidgets" in sys.modules)
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == ("sc · 0 of 2 points. Not this time: step 1, “Assess the damage”, is worth another look. "
                        f"You chose “{SC_OPTIONS[1]}”.")
    assert lines[1:] == ["0.0", "False"]


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_rules_object_alone_grades_as_its_panel_does(kind, store, capsys):
    spec, right, other = SPECS[kind]
    key = right
    ex = "spam-sorry-send" if kind == "decision" else "ex"  # a decision's panel must be a declared decision
    for answer in (other, right) if right is not None else (other,):
        registry.clear()
        panel = PANELS[kind](ex, step="assess", points=4, prompt="?", store=store,
                             key=make_key(kind, ex, right) if right is not None else None, **spec)
        panel.answer(answer)
        capsys.readouterr()
        with_panel = grade(ex, key=key), capsys.readouterr().out
        registry.clear()
        registry.register(rules_of(kind, ex), store=store)
        assert registry.get(ex) is registry.entry(ex).rules, "registered without a panel"
        assert (grade(ex, key=key), capsys.readouterr().out) == with_panel


def test_exact_scores_through_rules_alone(store, capsys):
    """The same partial credit as the panels' tests: ordering by pairs, multiple choice with a penalty,
    an item set's share against the plain key, a drafted message by its checklist."""
    # ordering by pairs (issue 15): one swapped neighbour pair reverses 1 of 10 pairs, 9/10 of 4 points
    # (by place it was 3 of 5 items, 2.4)
    cases = [("ordering", ["Assess", "Own up", "Fix", "Rebuild", "Reflect"], 3.6),
             ("multiple_choice", [MC_OPTIONS[0], MC_OPTIONS[2], MC_OPTIONS[1]], 1.33),
             ("categorise", {"Check the logs": "productive"}, 1.0),
             ("item_set", ["a@x.example", "b@x.example", "z@x.example"], 1.33),
             ("numeric", 2.0449, 4.0)]
    for kind, answer, expected in cases:
        registry.clear()
        rules = rules_of(kind)
        store.record("ex", rules.normalise(answer))
        registry.register(rules, store=store)
        assert grade("ex", key=SPECS[kind][1]) == expected, kind
    registry.clear()
    drafted = rules_of("drafted_message")
    store.record("ex", MESSAGE)
    registry.register(drafted, store=store)
    assert grade("ex") == round(drafted.check(MESSAGE).fraction * 4, 2)
    with pytest.raises(AuthoringError, match="takes no key"):
        grade("ex", key="anything")


def test_rules_judge_against_the_salted_key_and_the_plain_key_alike():
    for kind in KINDS:
        rules = rules_of(kind)
        _, right, other = SPECS[kind]
        value = rules.normalise(other)
        if rules.needs_key and kind != "item_set":  # an item set's practice check is all or nothing
            assert rules.check(value) == rules.grade(value, right), kind
        assert rules.check(None) == Check(0.0, (), ())
        if right is not None:
            assert rules.key_matches(right) and rules.check(rules.normalise(right)).complete
            assert rules.same_answer(rules.normalise(right), rules.canonical(right), decimals=2)


def test_sealed_explanations_open_through_the_rules():
    sealed, closing = answers.seal_explanations("single_choice", "ex", SC_RIGHT, SC_EXPLANATIONS, "Well reasoned.")
    rules = KINDS["single_choice"]("ex", options=SC_OPTIONS, step="assess", points=1,
                                   key=make_key("single_choice", "ex", SC_RIGHT), explanations=sealed,
                                   explanation=closing)
    wrong = rules.check(SC_OPTIONS[2])
    assert rules.explanation_text(SC_OPTIONS[2], rules.parts(SC_OPTIONS[2])[0]) == SC_EXPLANATIONS[SC_OPTIONS[2]]
    assert rules.closing_text(wrong) == ""
    assert rules.closing_text(rules.check(SC_RIGHT)) == "Well reasoned."
    assert rules.review(SC_OPTIONS[2], wrong) == f"You chose “{SC_OPTIONS[2]}”. {SC_EXPLANATIONS[SC_OPTIONS[2]]}"


def test_spec_mistakes_are_one_clear_line():
    with pytest.raises(ValueError, match="key must be salted digests"):
        KINDS["single_choice"]("ex", options=SC_OPTIONS, step="assess", points=1, key=[SC_RIGHT])
    with pytest.raises(ValueError, match="at least two distinct"):
        KINDS["ordering"]("ex", items=["only"], step="assess", points=1, key=["0" * 16])
    with pytest.raises(ValueError, match="unknown exercise kind 'essay'; valid kinds: single_choice"):
        make_key("essay", "ex", "text")


# -- the saved-answer hook --------------------------------------------------------------------


@pytest.fixture
def heard():
    """Subscribe a listener for the test; unsubscribed afterwards whatever happens."""
    records: list[events.SavedAnswer] = []

    def listener(record):
        records.append(record)
        return None

    events.subscribe(listener)
    yield records
    events.unsubscribe(listener)


def panel(store, kind="single_choice"):
    spec, right, _ = SPECS[kind]
    return PANELS[kind]("ex", step="assess", points=4, prompt="?", store=store,
                        key=make_key(kind, "ex", right) if right is not None else None, **spec)


def test_each_save_announces_a_plain_record(store, heard):
    exercise = panel(store)
    exercise.answer(SC_OPTIONS[1])
    exercise.answer(SC_RIGHT)
    # each record also says which check it is and what the learner's first try was (the workshop's first tries)
    assert heard == [events.SavedAnswer("ex", "single_choice", "assess", SC_OPTIONS[1], 0.0,
                                        attempt=1, first_value=SC_OPTIONS[1], first_score=0.0),
                     events.SavedAnswer("ex", "single_choice", "assess", SC_RIGHT, 1.0,
                                        attempt=2, first_value=SC_OPTIONS[1], first_score=0.0)]
    assert heard[0].is_first and not heard[1].is_first
    with pytest.raises(AttributeError):
        heard[0].score = 1.0  # frozen: a listener cannot change what others hear
    drafted = panel(store, "drafted_message")
    drafted.answer(MESSAGE)
    assert heard[-1].kind == "drafted_message" and heard[-1].score == drafted.check().fraction


def test_nobody_listening_builds_no_record(store, monkeypatch):
    assert not events.listening()
    exercise = panel(store)
    monkeypatch.setattr(exercise.rules, "record", lambda value: pytest.fail("a record was built for nobody"))
    exercise.answer(SC_RIGHT)
    assert "⚠" not in exercise._status.value


def test_a_listener_problem_is_shown_after_the_saved_line_and_never_raised(store, capfd):
    def refuses(record):
        return "This answer is saved here but did not reach workshop K7QX2M: gone"

    def breaks(record):
        raise RuntimeError("disk\non fire")

    exercise = panel(store)
    for listener, said in ((refuses, "This answer is saved here but did not reach workshop K7QX2M: gone"),
                           (breaks, "disk on fire")):
        events.subscribe(listener)
        try:
            exercise.answer(SC_OPTIONS[1] if listener is refuses else SC_RIGHT)  # two answers: two saves
        finally:
            events.unsubscribe(listener)
        assert f"✓ Saved (answered {'once' if listener is refuses else '2 times'}). ⚠ {said}" in exercise._status.value
    assert store.get("ex").attempts == 2
    assert capfd.readouterr().err == ""


def test_subscribing_twice_hears_once_and_unsubscribing_stops(store):
    calls = []

    def listener(record):
        calls.append(record.value)

    events.subscribe(listener)
    events.subscribe(listener)
    try:
        assert events.publish(events.SavedAnswer("ex", "numeric", "assess", 2.0)) is None
    finally:
        events.unsubscribe(listener)
    events.unsubscribe(listener)  # not subscribed any more: ignored
    assert calls == [2.0] and not events.listening()


# -- which module may import which ------------------------------------------------------------


def _imports(folder: Path) -> dict[str, set[str]]:
    """Every module each file of a package imports, absolute (relative imports resolved)."""
    found = {}
    for path in sorted(folder.glob("*.py")):
        package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = package.rsplit(".", node.level - 1)[0] if node.level else ""
                module = ".".join(p for p in (base, node.module or "") if p)
                names.add(module)
                names.update(f"{module}.{alias.name}" for alias in node.names)
        found[path.name] = names
    return found


@pytest.mark.parametrize("package, forbidden", [
    ("course/exercises", "course.workshop"),
    ("course/answers", "course.workshop"),
    ("course/answers", "course.exercises"),
    ("course/answers", "ipywidgets"),
    ("course/scenarios", "course.data"),
])
def test_no_upward_imports(package, forbidden):
    for name, imported in _imports(ROOT / package).items():
        bad = sorted(m for m in imported if m == forbidden or m.startswith(forbidden + "."))
        assert not bad, f"{package}/{name} imports {bad}"


def test_answering_an_exercise_loads_no_workshop_and_data_loads_its_folder_one_way(tmp_path):
    code = f"""
import sys
from course.exercises import SingleChoice, make_key
from course.responses import ResponsesStore
ex = SingleChoice("sc", options=["a", "b"], step="assess", points=1, prompt="?",
                  key=make_key("single_choice", "sc", "a"), store=ResponsesStore({str(tmp_path / "r.json")!r}))
ex.answer("a")
print(sorted(m for m in sys.modules if m.startswith("course.workshop")))
import course.scenarios
print("course.data" in sys.modules)
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert result.stdout.splitlines() == ["[]", "False"]
