"""Learners' submissions as the grader finds them: where they are, whether they changed, what is odd.

Why a pre-flight look: a cohort always holds a few broken submissions (a renamed notebook, an
edited test cell, a hand-edited or huge responses.json). nbgrader grades most of these as far as
it can, silently; an instructor needs to know which ones and why. Everything here only reads:
the learner's files are evidence and are never changed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..responses import FILENAME, code_conflicts, diagnose
from .key_material import without_key_material

__all__ = ["Submission", "find_submissions", "inspect", "expected_notebooks", "code_answer_reasons"]

MAX_NOTEBOOK_BYTES = 20_000_000  # a notebook larger than this is not a learner's work


@dataclass(frozen=True)
class Submission:
    """One learner's folder for one assignment, with a fingerprint of everything in it."""

    student: str
    folder: Path
    fingerprint: str


def _fingerprint(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and ".ipynb_checkpoints" not in p.parts):
        digest.update(str(path.relative_to(folder)).encode("utf-8") + b"\0")
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()


def find_submissions(root: Path, assignment: str, submitted: Path, student: str | None = None) -> list[Submission]:
    """Every ``submitted/<student>/<assignment>/`` folder (or just one student's), sorted by student."""
    if student is not None:
        folders = [submitted / student / assignment]
        if not folders[0].is_dir():
            raise ValueError(f"no submission of {assignment} by {student!r} in {submitted}")
    else:
        folders = sorted(p for p in submitted.glob(f"*/{assignment}") if p.is_dir())
    return [Submission(f.parent.name, f, _fingerprint(f)) for f in folders]


def expected_notebooks(release: Path) -> list[str]:
    """The notebook file names an assignment's learners received."""
    return sorted(p.name for p in release.glob("*.ipynb"))


def _locked_cells(path: Path) -> dict[str, str]:
    """grade_id -> source of the locked cells (questions, grade cells) of a notebook."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = {}
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("locked") and meta.get("grade_id"):
            source = cell.get("source", "")
            cells[meta["grade_id"]] = "".join(source) if isinstance(source, list) else source
    return cells


def _same_cell(mine: str, original: str) -> bool:
    """A locked cell as released, in either flavour: the graded one is the practice one without its
    key arguments (course.instructor.graded_release), which no learner's work changes; grading
    puts the practice cell back either way."""
    return mine == original or without_key_material(mine) == without_key_material(original)


def code_answer_reasons(answers: Path) -> list[str]:
    """One reason per exercise whose code answer differs from the saved (clicked) one.

    Why flag it: the learner answered in code, then changed the answer by clicking; grading re-runs
    the code but keeps the saved answer (course.responses), so the instructor should know that the
    notebook on screen shows another answer than the one graded."""
    return [f"{exercise_id}: the code answer differs from the saved (clicked) answer; the saved one was graded"
            for exercise_id in code_conflicts(answers)]


def inspect(submission: Submission, release: Path) -> list[str]:
    """One-line reasons why this submission needs an instructor's eye (empty when all is as expected)."""
    reasons = []
    present = {p.name for p in submission.folder.glob("*.ipynb")}
    for name in expected_notebooks(release):
        path = submission.folder / name
        if name not in present:
            others = sorted(present - set(expected_notebooks(release)))
            hint = f" (found {', '.join(others)}: renamed? it is not graded)" if others else ""
            reasons.append(f"{name} is missing{hint}; its exercises score 0")
            continue
        if path.stat().st_size > MAX_NOTEBOOK_BYTES:
            reasons.append(f"{name} is {path.stat().st_size:,} bytes, far larger than a notebook should be")
            continue
        try:
            mine = _locked_cells(path)
        except (ValueError, UnicodeDecodeError, AttributeError):
            reasons.append(f"{name} is not a readable notebook (not valid JSON)")
            continue
        original = _locked_cells(release / name)
        deleted = sorted(set(original) - set(mine))
        edited = sorted(g for g in set(original) & set(mine) if not _same_cell(mine[g], original[g]))
        if deleted:
            reasons.append(f"{name}: {len(deleted)} locked cell(s) deleted ({', '.join(deleted[:3])}); restored for grading")
        if edited:
            reasons.append(f"{name}: {len(edited)} locked cell(s) edited ({', '.join(edited[:3])}); restored for grading")
    answers = submission.folder / FILENAME
    if not answers.exists():
        reasons.append("no responses.json: every widget exercise scores 0 unless answered in code")
    else:
        problem = diagnose(answers)
        if problem:
            reasons.append(f"{problem}; its answers score 0")
        else:
            reasons.extend(code_answer_reasons(answers))
    return reasons
