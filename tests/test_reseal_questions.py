"""scripts/reseal-questions: every question cell's key material made again from its plain sources.

The lead re-runs it after merging a change to how answers are split into parts, so it must read
both forms of sealed text, give the committed notebooks exactly (they were made by it), change
nothing on a second run, and stop without writing when a text cannot be opened.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import json
import shutil
from pathlib import Path

from course import catalogue, keys

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENT = "03-premature-send"
NOTEBOOK = "premature-send.ipynb"


def _script():
    loader = importlib.machinery.SourceFileLoader("reseal_questions", str(REPO / "scripts" / "reseal-questions"))
    spec = importlib.util.spec_from_loader("reseal_questions", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def _course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(REPO / "solutions" / ASSIGNMENT, root / "solutions" / ASSIGNMENT)
    shutil.copy(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    return root


def _older_form(root: Path) -> None:
    """Put the safeguards ordering back as `course key` wrote it before: no solution, texts sealed
    with the right answer's parts, and a stale digest."""
    path = root / "solutions" / ASSIGNMENT / NOTEBOOK
    nb = json.loads(path.read_text(encoding="utf-8"))
    info = catalogue.load(ASSIGNMENT, root=REPO).get("premature-safeguards")
    parts = [f"position {n}={item}" for n, item in enumerate(info.key, start=1)]
    for cell in nb["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == "premature-safeguards-question":
            lines = [line for line in cell["source"] if "solution=" not in line]
            out = []
            for line in lines:
                for name, text in info.explanations.items():
                    if line.startswith(f"        {name!r}: "):
                        line = f"        {name!r}: {keys.seal('premature-safeguards', [parts[info.key.index(name)]], text)!r},\n"
                if line.startswith("    explanation="):
                    line = f"    explanation={keys.seal('premature-safeguards', parts, info.explanation)!r},\n"
                if line.startswith("    key="):
                    line = "    key=['0123456789abcdef'],\n"
                out.append(line)
            cell["source"] = out
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def test_the_older_form_is_made_again_exactly_as_committed_and_a_second_run_changes_nothing(tmp_path, capsys):
    root = _course(tmp_path)
    path = root / "solutions" / ASSIGNMENT / NOTEBOOK
    _older_form(root)
    assert path.read_bytes() != (REPO / "solutions" / ASSIGNMENT / NOTEBOOK).read_bytes()
    older, newer = (catalogue.load(ASSIGNMENT, root=r).get("premature-safeguards") for r in (root, REPO))
    assert older.explanations == newer.explanations and older.explanation == newer.explanation  # both forms open
    assert len(newer.explanations) == 4 and newer.explanation
    script = _script()
    assert script.main(["--root", str(root)]) == 0
    assert path.read_bytes() == (REPO / "solutions" / ASSIGNMENT / NOTEBOOK).read_bytes()
    before = path.read_bytes()
    assert script.main(["--root", str(root)]) == 0
    assert path.read_bytes() == before
    assert "resealed" in capsys.readouterr().out


def test_a_text_that_does_not_open_stops_it_and_nothing_is_written(tmp_path, capsys):
    root = _course(tmp_path)
    path = root / "solutions" / ASSIGNMENT / NOTEBOOK
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == "premature-serious-question":
            cell["source"] = [line.replace("'sealed:v2:", "'sealed:", 1) if ": 'sealed:v2:" in line else line
                              for line in cell["source"]]
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == "premature-undo-recall-question":
            cell["source"] = [line.replace("key=['", "key=['f", 1)[:-5] + "'],\n" if "key=" in line else line
                              for line in cell["source"]]
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    before = path.read_bytes()
    assert _script().main(["--root", str(root)]) == 2
    assert "premature-serious: explanations that do not open" in capsys.readouterr().err
    assert path.read_bytes() == before  # the stale key of another cell was not fixed either: no partial write
