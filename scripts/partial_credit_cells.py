"""Write issue 15's partial-credit changes into solutions/ (re-runnable, idempotent).

What it does, and why a script: several helpers edit the same notebooks, so every change here is
made cell by cell, by grade id or exercise id, and running it twice changes nothing the second time.

1. The hidden tests that score by the new rules: the suppression list by named subgroups
   (``spam-suppression``), the drafted emails' text checks with the equivalent-forms helpers of
   ``course/code_checks.py`` (``premature-follow-up-content``; ``premature-complete`` is written by
   ``tools/rewrite_03.py`` since issue 16 made the complete email a drafted message), and two
   orderings with a second acceptable order (``spam-follow-through``, ``wrong-follow-through``).
2. Every ordering's key material: ordering parts are now pairs, so each ``Ordering(...)`` gets its
   digests again (``key=``) and its closing explanation sealed again (``explanation=``), both
   through the functions ``course key`` uses (:func:`course.answers.make_key`, the kind's parts).
   The closing text is opened with the parts it was sealed with (the new pairs, or the old places
   on a first run). Item explanations are sealed with an item's place in the first order, as
   before, so they stay as they are.

Run: ``.venv/bin/python scripts/partial_credit_cells.py`` from the repository, then
``course build`` for each assignment.
"""

from __future__ import annotations

import ast
import json
import re
import sys
import textwrap
from pathlib import Path

from course import keys
from course.answers import make_key
from course.answers.ordering import OrderingRules, orders_of
from course.catalogue import literal, parse_cell

ROOT = Path(__file__).resolve().parents[1]

SPAM_FOLLOW_THROUGH = [
    'Remove every complainer and unsubscriber, and confirm it to those who asked',
    'Watch complaints and blocklists daily for the next week',
    'Once complaints stay below 0.1% for 7 days, invite genuine subscribers only to the teleclass',
    'After the teleclass, tell the joint-venture partner what changed and how it went',
    'Write up the lesson and share it with your team',
]
WRONG_FOLLOW_THROUGH = [  # as issue 16 rewrote it: the follow-through over the next three months
    "Ask the client after Thursday's meeting whether the figures served them",
    'Build the guard into the report template, so every report runs it',
    'Show your team the guard and the past-reports table at their weekly meeting',
    'Send the Q1 report on the agreed day, through the guard',
    'Look back with your manager after two quarters: did every report go out right?',
]


def _moved(order: list[str], item: str, place: int) -> list[str]:
    rest = [i for i in order if i != item]
    return rest[:place] + [item] + rest[place:]


def _orders_key(exercise_id: str, orders: list[list[str]], why: str) -> str:
    lines = ",\n".join(f"    {order!r}" for order in orders)
    comment = "".join(f"# {line}\n" for line in textwrap.wrap(why, 100))
    return f"{comment}grade({exercise_id!r}, key=[\n{lines},\n])\n"


HIDDEN = {
    "spam-suppression": '''from course.data import load as _load
_b, _s, _r = (_load("01-bulk-spam", t) for t in ("bought_list", "subscribers", "responses"))
_objected = set(_r.loc[_r["kind"].isin(["unsubscribe", "spam_complaint"]), "email"])
_genuine = set(_b["email"]) & set(_s["email"])  # the genuine subscribers the send reached
# scored by named groups (course/answers/item_set.py), so that each lesson costs its weight: the bought
# addresses are half the marks (the suppression itself); honouring every objection and keeping the
# genuine subscribers who did not object are a quarter each, whatever the groups' sizes (33 and 301
# of 9,699 addresses, which by the share of the whole set cost 0.01 and 0.12 of 4 points)
_groups = {
    "the bought addresses of people who never subscribed": {
        "items": set(_b["email"]) - set(_s["email"]), "belongs": True, "weight": 2,
        "review": "None of them consented to your email, so every one of them goes on the list."},
    "the genuine subscribers who unsubscribed or complained": {
        "items": _genuine & _objected, "belongs": True, "weight": 1,
        "review": "An unsubscribe or a complaint objects to your marketing, and that objection is absolute "
                  "(GDPR art. 21): subscribers or not, they go on the list."},
    "the genuine subscribers who did not object": {
        "items": _genuine - _objected, "belongs": False, "weight": 1,
        "review": "They opted in and did not object: suppressing them throws away the audience you did earn."},
}
grade('spam-suppression', key=_groups)
''',
    # checks the saved message only, so course grade scores it again outside the kernel: it calls
    # check_code by name, and takes the text helper from the package
    "premature-follow-up-content": '''import re as _re
from course.code_checks import mentions_amount as _mentions_amount
from course.scenarios.premature_send import fee as _fee
_right = _fee()[0]
_when = _re.compile(r"\\b(today|tomorrow|tonight|this (morning|afternoon|evening)|end of (the )?day|by \\d|"
                    r"\\d{1,2}(:\\d\\d)? ?(am|pm)|\\d{1,2}:\\d\\d|monday|tuesday|wednesday|thursday|friday)\\b", _re.I)
check_code("premature-follow-up-content", [
    ("it gives the right fee", lambda: _mentions_amount(_text, _right)),
    ("it gives a time for the complete proposal", lambda: bool(_when.search(_text))),
], points=2)
''',
    "spam-follow-through": _orders_key(
        "spam-follow-through",
        [SPAM_FOLLOW_THROUGH, _moved(SPAM_FOLLOW_THROUGH, SPAM_FOLLOW_THROUGH[-1], 1)],
        "two acceptable orders: the lesson written up last, or straight after the removal (a "
        "postmortem is written while it is fresh)"),
    "wrong-follow-through": _orders_key(
        "wrong-follow-through",
        [WRONG_FOLLOW_THROUGH, _moved(WRONG_FOLLOW_THROUGH, WRONG_FOLLOW_THROUGH[2], 1)],
        "two acceptable orders: the guard built into the template before it is shown to the team, or "
        "shown to the team first (they may reuse it before it is in the template)"),
}

_HIDDEN_TESTS = re.compile(r"(### BEGIN HIDDEN TESTS\n)(.*?)(### END HIDDEN TESTS)", re.S)


def _source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _set_source(cell, text: str) -> bool:
    if _source(cell) == text:
        return False
    lines = text.splitlines(keepends=True)
    cell["source"] = lines
    return True


def hidden_tests(cell) -> bool:
    grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    body = HIDDEN.get(grade_id)
    if body is None:
        return False
    source = _source(cell)
    if not _HIDDEN_TESTS.search(source):
        sys.exit(f"{grade_id}: no hidden tests to replace")
    return _set_source(cell, _HIDDEN_TESTS.sub(lambda m: m.group(1) + body + m.group(3), source, count=1))


def plain_keys(cells) -> dict[str, object]:
    """Exercise id -> the literal key of its hidden test, for every grade('id', key=<literal>)."""
    found = {}
    for cell in cells:
        tree = parse_cell(_source(cell)) if cell["cell_type"] == "code" else None
        for node in ast.walk(tree) if tree is not None else ():
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "grade":
                key = next((literal(k.value) for k in node.keywords if k.arg == "key"), None)
                if node.args and key is not None:
                    found[literal(node.args[0])] = key
    return found


def _old_parts(order: list[str]) -> list[str]:
    """The parts an ordering was sealed with before issue 15: each item's place."""
    return [f"position {n}={item}" for n, item in enumerate(order, start=1)]


def ordering_keys(cell, found: dict[str, object]) -> bool:
    source = _source(cell)
    tree = parse_cell(source)
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
             and node.func.id == "Ordering"] if tree is not None else []
    changed = False
    for call in calls:
        exercise_id = literal(call.args[0])
        key = found.get(exercise_id)
        if key is None:
            sys.exit(f"{exercise_id}: no literal key in its hidden test")
        digests = make_key("ordering", exercise_id, key)
        source = re.sub(r"key=\[[^\]]*\]", f"key={digests!r}", source, count=1)
        closing = next((literal(k.value) for k in call.keywords if k.arg == "explanation"), "")
        if isinstance(closing, str) and keys.is_sealed(closing):
            new_parts = OrderingRules.parts(OrderingRules.canonical(key))
            text = keys.unseal(exercise_id, new_parts, closing)
            if text is None:
                text = keys.unseal(exercise_id, _old_parts(orders_of(key)[0]), closing)
            if text is None:
                sys.exit(f"{exercise_id}: the closing explanation opens with neither the old nor the new key")
            if keys.unseal(exercise_id, new_parts, closing) is None:
                source = source.replace(repr(closing), repr(keys.seal(exercise_id, new_parts, text)), 1)
        changed = _set_source(cell, source) or changed
    return changed


def main() -> int:
    for path in sorted((ROOT / "solutions").glob("*/*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        changed = [hidden_tests(cell) for cell in nb["cells"] if cell["cell_type"] == "code"]
        found = plain_keys(nb["cells"])
        changed += [ordering_keys(cell, found) for cell in nb["cells"]
                    if cell["cell_type"] == "code" and "Ordering(" in _source(cell)]
        if any(changed):
            path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            print(f"updated {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
