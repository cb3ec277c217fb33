"""The ``course`` command: a thin layer that parses arguments and forwards to one function each.

Every subcommand's work lives in its own module with keyword-only arguments, so the library and
the command line cannot drift apart. Bad input gets one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys

from . import __version__
from .paths import CourseNotFound, find_root

__all__ = ["main"]


def _build(args) -> int:
    from .build import BuildError, build

    try:
        built = build(root=find_root(), assignment=args.assignment)
    except BuildError as problem:
        return _fail(str(problem))
    for b in built:
        print(f"built notebooks/{b.assignment}/ from solutions/{b.assignment}/: {', '.join(b.notebooks)}")
    return 0


def _grade(args) -> int:
    from .autograde import GradeError, grade

    try:
        results = grade(root=find_root(), assignment=args.assignment, workers=args.workers, student=args.student,
                        force=args.force, progress=not args.quiet, cell_timeout=args.timeout)
    except GradeError as problem:
        return _fail(str(problem))
    print(_summary_table(results))
    if not args.no_exports:
        _write_outputs(args.assignment, [r.student for r in results if r.status in ("graded", "flagged")])
    return 1 if any(r.status == "failed" for r in results) else 0


def _write_outputs(assignment: str, regraded: list[str]) -> None:
    """After grading: feedback for the learners just graded, and the cohort's grade exports."""
    from .exports import write_canvas_csv, write_grades_csv
    from .feedback import FeedbackError, write_feedback

    root = find_root()
    try:
        written = write_feedback(root=root, assignment=assignment, students=regraded) if regraded else []
    except FeedbackError as problem:
        print(f"course: feedback not written: {problem}", file=sys.stderr)
        written = []
    grades, canvas = write_grades_csv(root=root, assignment=assignment), write_canvas_csv(root=root, assignment=assignment)
    print(f"feedback: {len(written)} file(s) in grading/feedback/; grades per rubric step: "
          f"{grades.relative_to(root)}; for Canvas: {canvas.relative_to(root)}")


def _report(args) -> int:
    from .report import build_report

    root = find_root()
    try:
        path = build_report(root=root, assignment=args.assignment)
    except ValueError as problem:
        return _fail(str(problem))
    print(f"report: {path.relative_to(root)} (open it in a browser; it prints well too)")
    return 0


def _summary_table(results) -> str:
    """One line per learner, reasons indented beneath, and the counts at the end."""
    lines = [f"{'learner':<24} {'status':<10} {'score':>13}  notes"]
    for r in results:
        score = f"{r.score:g} / {r.max_score:g}" if r.score is not None else "-"
        notes = r.reasons or [""]
        lines.append(f"{r.student[:24]:<24} {r.status:<10} {score:>13}  {notes[0]}")
        lines.extend(f"{'':<50}{note}" for note in notes[1:])
    counts = {s: sum(r.status == s for r in results) for s in ("graded", "flagged", "failed", "unchanged")}
    lines.append(", ".join(f"{n} {s}" for s, n in counts.items() if n) + f" ({len(results)} submissions)")
    return "\n".join(lines)


def _import(args) -> int:
    from pathlib import Path

    from .lms_import import import_submissions

    try:
        result = import_submissions(root=find_root(), assignment=args.assignment, source=Path(args.source),
                                    pattern=args.pattern, force=args.force)
    except ValueError as problem:
        return _fail(str(problem))
    print(f"imported {len(result.imported)} submission(s) of {args.assignment} into grading/submitted/: "
          + (", ".join(result.imported) or "none"))
    for note in result.warnings:
        print(f"  note: {note}")
    for skipped in result.skipped:
        print(f"  skipped {skipped.entry}: {skipped.reason}")
    return 0


def _start(args) -> int:
    from .start import start

    return start(root=find_root(), port=args.port, open_browser=False if args.no_browser else None)


def _key(args) -> int:
    from .exercises import make_key, seal_explanations

    try:
        answer = json.loads(args.answer)
    except json.JSONDecodeError:
        answer = args.answer  # a bare option text is the common case for single choice
    try:
        texts = json.loads(args.explanations) if args.explanations else {}
        digests = make_key(args.kind, args.exercise_id, answer)
        sealed, closing = seal_explanations(args.kind, args.exercise_id, answer, texts, args.explanation or "")
    except (ValueError, TypeError, KeyError, AttributeError) as problem:
        return _fail(f"cannot make a key: {problem}")
    print(f"key={digests!r},")
    if sealed:
        print("explanations={")
        for name, text in sealed.items():
            print(f"    {name!r}: {text!r},")
        print("},")
    if closing:
        print(f"explanation={closing!r},")
    return 0


def _fail(message: str) -> int:
    print(f"course: error: {message}", file=sys.stderr)
    return 2


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="course", description="Recovering from Mistakes: the course's command.")
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("start", help="open the course in JupyterLab at its start page",
                       description="Open the course in JupyterLab at its start page (notebooks/index.ipynb).")
    p.add_argument("--port", type=int, help="the port to serve on (default: JupyterLab's, 8888 or the next free)")
    p.add_argument("--no-browser", action="store_true", help="print the URL but open no browser")
    p.set_defaults(run=_start)

    p = sub.add_parser("build", help="regenerate notebooks/ from solutions/ with nbgrader",
                       description="Regenerate the learner notebooks in notebooks/ from solutions/ with nbgrader.")
    p.add_argument("assignment", nargs="?", help="one assignment folder name (default: all of them)")
    p.set_defaults(run=_build)

    p = sub.add_parser("grade", help="autograde every submission of an assignment in parallel",
                       description="Autograde every new or changed submission in grading/submitted/ in parallel "
                                   "worker processes, then print what was graded, flagged or failed, and why.")
    p.add_argument("assignment", help="the assignment folder name, e.g. 00-orientation")
    p.add_argument("--workers", type=int, metavar="N", help="worker processes (default: the number of cores)")
    p.add_argument("--student", metavar="ID", help="grade only this learner (again, even if unchanged)")
    p.add_argument("--force", action="store_true", help="regrade every submission, changed or not")
    p.add_argument("--timeout", type=int, metavar="SECONDS", help="stop a cell after this long (default: 30)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--no-exports", action="store_true", help="write no feedback or grade exports afterwards")
    p.set_defaults(run=_grade)

    p = sub.add_parser("report", help="write the cohort report of a graded assignment (HTML with charts)",
                       description="Write grading/reports/ASSIGNMENT.html: each rubric step's scores across the "
                                   "cohort, the hardest exercises, the most chosen wrong options, and the learners "
                                   "who may need help.")
    p.add_argument("assignment", help="the assignment folder name, e.g. 00-orientation")
    p.set_defaults(run=_report)

    p = sub.add_parser("import", help="import submissions downloaded from an LMS (a zip or a folder)",
                       description="Import a zip or folder of submissions downloaded from an LMS (Canvas, Moodle, "
                                   "Blackboard, or a folder per learner) into grading/submitted/, ready for "
                                   "`course grade`. Each learner's responses.json comes with their notebook.")
    p.add_argument("assignment", help="the assignment folder name, e.g. 00-orientation")
    p.add_argument("source", help="the downloaded .zip file or folder")
    p.add_argument("--pattern", metavar="REGEX",
                   help="a regular expression with named groups student_id and file_id (as nbgrader's zip_collect)")
    p.add_argument("--force", action="store_true", help="replace submissions that are already there")
    p.set_defaults(run=_import)

    p = sub.add_parser("key", help="print the salted key an exercise carries for an answer",
                       description="Print the salted digests to paste as an exercise's key= (for authors).")
    p.add_argument("kind", help="single_choice, multiple_choice, ordering or categorise")
    p.add_argument("exercise_id", help="the exercise id (its nbgrader grade_id)")
    p.add_argument("answer", help='the right answer: option text, or JSON such as \'["a", "b"]\' or \'{"item": "cat"}\'')
    p.add_argument("--explanation", metavar="TEXT",
                   help="also seal this closing explanation, so it opens only for the right answer")
    p.add_argument("--explanations", metavar="JSON",
                   help="also seal these per-option (or per-item) explanations, given as a JSON object")
    p.set_defaults(run=_key)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except CourseNotFound as problem:
        return _fail(str(problem))


if __name__ == "__main__":
    sys.exit(main())
