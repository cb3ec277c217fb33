"""An exercise definition's answer key, in every form a learner notebook can carry it, and how to take it out.

Why: a practice notebook judges answers the moment they are given, so each exercise carries its
key as salted digests (``key=[...]``), its explanations veiled (``explanations=``,
``explanation=``; sealed with the right answer in notebooks from before), the right answer veiled
for "Show the answer" (``solution=``) and, for an item set, the size of the right set
(``expected_size=``). The digest formula and pepper are public (:mod:`course.keys`), so trying
every option, position, category or number in a range recovers almost every key in seconds. A
graded release must therefore hold none of them (:mod:`course.instructor.graded_release`), and
grading must see a graded learner's locked cells as the practice release's minus exactly these
arguments, not as edited (:func:`course.instructor.submissions.inspect`).

Everything here reads and rewrites cell sources as text, found with ``ast``; nothing imports
nbgrader, so it costs nothing to a command that only inspects submissions.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from .. import keys
from ..catalogue import parse_cell

__all__ = ["KEY_ARGUMENTS", "key_texts", "leaked", "without_key_material"]

# the keyword arguments of an exercise constructor that are, or are derived from, its answer key
KEY_ARGUMENTS = ("key", "explanations", "explanation", "solution", "expected_size")
SEALED_MARK = "sealed:"  # how every sealed or veiled text begins (course.keys.seal, course.keys.veil)


def _key_arguments(tree: ast.Module, names: Iterable[str]) -> list[ast.keyword]:
    names = set(names)
    return [kw for node in ast.walk(tree) if isinstance(node, ast.Call) for kw in node.keywords if kw.arg in names]


def without_key_material(source: str, names: Iterable[str] = KEY_ARGUMENTS) -> str:
    """``source`` without the keyword arguments ``names`` (and their commas) of any call in it.

    An argument on lines of its own goes with those lines, so the rest of the cell keeps its
    layout; an argument inside a line goes with its comma. A cell that is not valid Python is
    returned as it is (:func:`leaked` then catches any key left in it)."""
    tree = parse_cell(source)
    if tree is None:
        return source
    lines = source.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)

    def offset(lineno: int, col: int) -> int:  # ast columns count UTF-8 bytes
        return starts[lineno - 1] + len(lines[lineno - 1].encode("utf-8")[:col].decode("utf-8"))

    spans = [(offset(kw.lineno, kw.col_offset), offset(kw.end_lineno, kw.end_col_offset))
             for kw in _key_arguments(tree, names)]
    for start, end in sorted(spans, reverse=True):
        after = len(source[end:]) - len(source[end:].lstrip(" \t"))
        comma = source[end + after:end + after + 1] == ","
        if comma:
            end += after + 1
        line_start = source.rfind("\n", 0, start) + 1
        line_end = source.find("\n", end)
        line_end = len(source) if line_end == -1 else line_end
        if not source[line_start:start].strip() and not source[end:line_end].strip():
            start, end = line_start, min(line_end + 1, len(source))  # the argument had lines of its own
        elif comma:
            end += len(source[end:]) - len(source[end:].lstrip(" \t"))  # f(a, key=k, b) -> f(a, b)
        elif source[:start].rstrip(" \t").endswith(","):
            start = len(source[:start].rstrip(" \t")) - 1  # f(a, key=k) -> f(a)
        source = source[:start] + source[end:]
    return source


def key_texts(source: str) -> set[str]:
    """Every string literal inside the key arguments of ``source``: the digests, the sealed (or
    plain) explanations. What a graded file must not contain, whatever shape a later edit gives it."""
    tree = parse_cell(source)
    if tree is None:
        return set()
    found = set()

    def strings(node: ast.AST) -> None:
        if isinstance(node, ast.Dict):  # option or item -> explanation: the options stay on the page
            for value in node.values:
                strings(value)
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, str) and node.value.strip():
                found.add(node.value)
        else:
            for child in ast.iter_child_nodes(node):
                strings(child)

    for kw in _key_arguments(tree, KEY_ARGUMENTS):
        strings(kw.value)
    return found


def leaked(text: str, secrets: Iterable[str]) -> list[str]:
    """The key texts of ``secrets`` found in ``text`` (shortened), plus any sealed text at all."""
    found = [s for s in secrets if s in text or (keys.is_digest(s) and s in text.lower())]
    if SEALED_MARK in text and not any(keys.is_sealed(s) for s in found):
        found.append(SEALED_MARK)
    return sorted({s if len(s) <= 40 else s[:37] + "..." for s in found})
