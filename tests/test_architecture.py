"""The structure docs/architecture.md describes is the structure of the code.

Why static: the rules are about which module imports which, wherever the import sits (top of the
file or inside a function), so the source is read with ``ast`` rather than imported.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "course"
DOC = REPO / "docs" / "architecture.md"

# the learner's kernel: what notebooks import, and what that imports
LEARNER_SIDE = ("course/exercises", "course/answers", "course/responses.py", "course/grading.py", "course/code_checks.py",
                "course/progress.py", "course/data.py", "course/scenarios", "course/message_checker.py",
                "course/message_patterns.py", "course/message_model.py", "course/workshop/participant.py", "course/rubric.py",
                "course/keys.py", "course/setup_hint.py", "course/completion.py")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module a file imports, absolute, wherever the import statement sits."""
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _files(*places: str) -> list[Path]:
    files = []
    for place in places:
        path = REPO / place
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return files


def test_every_module_the_architecture_names_exists():
    named = set(re.findall(r"`(course/[\w/.<>-]+?)`", DOC.read_text(encoding="utf-8")))
    missing = [p for p in sorted(named) if "<" not in p and not (REPO / p).exists()]
    assert not missing, f"docs/architecture.md names what is not there: {missing}"
    assert {"course/instructor/", "course/commands/", "course/answers/", "course/exercises/"} <= named


def test_every_package_module_is_on_one_side_of_the_architecture():
    text = DOC.read_text(encoding="utf-8")
    for path in sorted(PACKAGE.glob("*.py")) + sorted(p for p in PACKAGE.iterdir() if p.is_dir()
                                                         and (p / "__init__.py").is_file()):
        if path.name == "__init__.py":
            continue
        name = f"course/{path.name}" + ("/" if path.is_dir() else "")
        assert name.rstrip("/") in text, f"docs/architecture.md does not place {name}"


@pytest.mark.parametrize("path", _files(*LEARNER_SIDE), ids=lambda p: str(p.relative_to(REPO)))
def test_the_learners_kernel_never_imports_the_instructors_side(path):
    bad = sorted(m for m in _imports(path)
                 if m.startswith(("course.instructor", "course.commands", "course.cli", "nbgrader")))
    assert not bad, f"{path.relative_to(REPO)} imports {bad}"


def test_nothing_in_the_exercises_imports_the_workshop():
    for path in _files("course/exercises"):
        bad = sorted(m for m in _imports(path) if m.startswith("course.workshop"))
        assert not bad, f"{path.relative_to(REPO)} imports {bad}"


def test_the_answer_rules_import_no_widgets():
    for path in _files("course/answers"):
        bad = sorted(m for m in _imports(path) if m.split(".")[0] in ("ipywidgets", "IPython", "comm"))
        assert not bad, f"{path.relative_to(REPO)} imports {bad}"


def test_no_two_modules_import_each_other():
    graph = {_module_name(p): {m for m in _imports(p) if m.startswith("course")} for p in _files("course")}
    pairs = sorted({tuple(sorted((a, b))) for a, deps in graph.items() for b in deps
                    if b in graph and b != a and a in graph[b] and not (a.startswith(b + ".") or b.startswith(a + "."))})
    assert not pairs, f"modules that import each other: {pairs}"


def test_the_readme_layout_section_matches_the_tree():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Layout", 1)[1]
    block = section.split("```", 2)[1]
    entries = [line.split()[0] for line in block.splitlines() if line.strip()]
    missing = [e for e in entries if not (REPO / e.rstrip("/")).exists()]
    assert not missing, f"the README's Layout names what is not there: {missing}"
    for folder in ("course/instructor/", "course/commands/", "course/answers/", "docs/"):
        assert folder in block, f"the README's Layout leaves out {folder}"


def test_notebooks_and_docstrings_cite_only_public_sources_and_files_in_the_repository():
    """Not the planning notes the course grew from (design notes, content notes, seed files):
    a learner or a contributor cannot open them."""
    private = re.compile(r"shared/|\bseeds?/|seed 00\d|seed ``0|design(\.md| §)|content\.md|item-writing|reviews/")
    files = [*_files("course", "benchmarks"), *sorted((REPO / "solutions").rglob("*.ipynb")),
             *sorted((REPO / "notebooks").rglob("*.ipynb")), *sorted((REPO / "docs").rglob("*.md")), REPO / "README.md"]
    cited = [f"{p.relative_to(REPO)}: {m.group(0)}" for p in files
             for m in private.finditer(p.read_text(encoding="utf-8"))]
    assert not cited, f"references to files outside the repository: {cited[:10]}"
