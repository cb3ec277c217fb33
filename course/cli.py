"""The ``course`` command: a thin layer that parses arguments and forwards to one function each.

Every subcommand's work lives in its own module with keyword-only arguments, so the library and
the command line cannot drift apart. Bad input gets one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from . import __version__
from .paths import CourseNotFound, find_root

__all__ = ["main"]


def _build(args) -> int:
    from .instructor.build import BuildError, build

    try:
        built = build(root=find_root(), assignment=args.assignment)
    except BuildError as problem:
        return _fail(str(problem))
    for b in built:
        print(f"built notebooks/{b.assignment}/ from solutions/{b.assignment}/: {', '.join(b.notebooks)}")
    return 0


def _grade(args) -> int:
    from .instructor.autograde import GradeError, grade

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
    from .instructor.exports import cohort_scores, write_canvas_csv, write_grades_csv
    from .instructor.feedback import FeedbackError, write_feedback

    root = find_root()
    learners = cohort_scores(root=root, assignment=assignment)  # once: feedback and both exports share it
    try:
        written = (write_feedback(root=root, assignment=assignment, students=regraded, learners=learners)
                   if regraded else [])
    except FeedbackError as problem:
        print(f"course: feedback not written: {problem}", file=sys.stderr)
        written = []
    grades = write_grades_csv(root=root, assignment=assignment, learners=learners)
    canvas = write_canvas_csv(root=root, assignment=assignment, learners=learners)
    print(f"feedback: {len(written)} file(s) in grading/feedback/; grades per rubric step: "
          f"{grades.relative_to(root)}; for Canvas: {canvas.relative_to(root)}")


def _report(args) -> int:
    from .instructor.report import build_report

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

    from .instructor.lms_import import import_submissions

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


def _kinds_help() -> str:
    """Every exercise kind of the one registry, for `course key`'s help (those judged by rules say so)."""
    from .answers import KINDS

    names = [kind if cls.needs_key else f"{kind} (judged by rules: it takes no key)"
             for kind, cls in KINDS.items()]
    return ", ".join(names[:-1]) + " or " + names[-1]


def _key(args) -> int:
    from .answers import make_key, seal_explanations

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


def _workshop(args) -> int:
    """Run a ``course workshop`` subcommand; a wrong code, a closed session or an unreachable store is one line."""
    try:
        return args.workshop_run(args)
    except BrokenPipeError:  # the output went into `head`, which had enough: not a store problem
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except LookupError as problem:  # an unknown session code
        return _fail(f"{str(problem).strip(chr(34) + chr(39))}; `course workshop list` shows the sessions")
    except ValueError as problem:  # a malformed or taken code, a closed session
        return _fail(str(problem))
    except Exception as problem:  # noqa: BLE001 - the store's own errors vary by backend
        if isinstance(problem, OSError) or type(problem).__module__.startswith("sqlalchemy"):
            first = str(problem).strip().splitlines()[0] if str(problem).strip() else type(problem).__name__
            return _fail(f"cannot reach the workshop store {args.store or '(default)'}: {first}")
        raise


def _sessions(args):
    from .workshop.store import open_store

    return open_store(args.store)


def _catalogue(assignment: str) -> list:
    """The assignment's exercises, or none where this is not run inside the course (exports still work)."""
    from .catalogue import CatalogueError, load

    try:
        return list(load(assignment, root=find_root()).exercises)
    except (CourseNotFound, CatalogueError):
        return []


def _workshop_create(args) -> int:
    from .paths import assignments

    known = assignments(find_root())
    if args.assignment not in known:
        return _fail(f"no assignment {args.assignment!r} in solutions/; valid assignments: {', '.join(known) or '(none)'}")
    info = _sessions(args).create(args.assignment, code=args.code, title=args.title or "")
    store = args.store or ""
    print(f"Workshop session {info.code} created for {info.assignment}"
          + (f" ({info.title})" if info.title else "") + ".")
    print("Participants join with this line at the top of their notebook:")
    print(f'    from course.workshop import join; join(code="{info.code}", name="<your name>")')
    print(f"or with COURSE_WORKSHOP={info.code} set in their environment"
          + (f", and COURSE_WORKSHOP_STORE={store} so their kernels reach this store." if store else "."))
    print(f"Dashboard: course workshop dashboard {info.code}{' --store ' + store if store else ''}"
          f"   Live tally: course workshop tally {info.code}{' --store ' + store if store else ''}")
    return 0


def _workshop_tally(args) -> int:
    import time

    from .workshop import tally

    sessions = _sessions(args)
    info = sessions.info(args.code)
    catalogue = _catalogue(info.assignment)
    live = not args.once and not info.closed
    seen = None
    printed = False
    clear = sys.stdout.isatty()
    try:
        while True:
            info = sessions.info(args.code)
            participants = sessions.participants(args.code)
            now = (info.closed, tally.fingerprint(participants))
            if now != seen:
                seen = now
                text = tally.text(tally.build(info.code, participants, catalogue), info, names=args.names)
                if clear and live:
                    print("\x1b[H\x1b[2J", end="")  # redraw in place, like top
                elif printed:
                    print("-" * 40)
                print(text)
                printed = True
                if live:
                    print(f"\n(updated {time.strftime('%H:%M:%S')}; checks every {args.every:g} s; Ctrl+C to stop)",
                          flush=True)
            if not live or info.closed:
                if live:
                    print(f"Workshop {info.code} is closed: this is its final tally.")
                return 0
            time.sleep(args.every)
    except KeyboardInterrupt:
        print("\nStopped the live tally (the session stays open).")
        return 0


def _write_csv(args, sessions, info) -> str:
    from pathlib import Path

    from .workshop import tally

    t = tally.build(info.code, sessions.participants(info.code), _catalogue(info.assignment))
    path = Path(args.csv or f"workshop-{info.code}.csv")
    rows = t.export_rows()
    try:
        rows.to_csv(path, index=False)
    except OSError as problem:
        raise ValueError(f"cannot write {path}: {problem.strerror or problem}") from None
    return f"{len(rows)} answer(s) from {t.present} participant(s) written to {path}"


def _workshop_close(args) -> int:
    sessions = _sessions(args)
    info = sessions.info(args.code)
    if info.closed:
        return _fail(f"workshop {info.code} was already closed at {info.closed}; "
                     f"`course workshop export {info.code}` exports its answers again")
    info = sessions.close(args.code)
    print(f"Closed workshop {info.code}: no more answers are taken. {_write_csv(args, sessions, info)}.")
    return 0


def _workshop_export(args) -> int:
    sessions = _sessions(args)
    info = sessions.info(args.code)
    print(f"Workshop {info.code}: {_write_csv(args, sessions, info)}.")
    return 0


def _workshop_list(args) -> int:
    sessions = _sessions(args)
    found = sessions.sessions()
    if not found:
        print(f"No workshop sessions in {sessions.location} yet: `course workshop create ASSIGNMENT` makes one.")
        return 0
    print(f"{'code':<10} {'assignment':<28} {'state':<7} {'people':>6}  {'created':<20} title")
    for info in found:
        people = len(sessions.participants(info.code))
        print(f"{info.code:<10} {info.assignment:<28} {'closed' if info.closed else 'open':<7} {people:>6}  "
              f"{info.created[:19]:<20} {info.title}")
    return 0


def _workshop_dashboard(args) -> int:
    from .workshop.dashboard import serve

    info = _sessions(args).info(args.code)  # a wrong code or an unreachable store fails here, in one line
    if info.closed:
        print(f"Workshop {info.code} is closed: the dashboard shows its final answers.")
    try:
        root = find_root()
    except CourseNotFound:
        root = None
    return serve(code=info.code, store=args.store, root=root, voila=args.voila, port=args.port,
                 open_browser=False if args.no_browser else None)


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
    p.add_argument("kind", help=_kinds_help())
    p.add_argument("exercise_id", help="the exercise id (its nbgrader grade_id)")
    p.add_argument("answer", help='the right answer: option text, or JSON such as \'["a", "b"]\' or \'{"item": "cat"}\'')
    p.add_argument("--explanation", metavar="TEXT",
                   help="also seal this closing explanation, so it opens only for the right answer")
    p.add_argument("--explanations", metavar="JSON",
                   help="also seal these per-option (or per-item) explanations, given as a JSON object")
    p.set_defaults(run=_key)

    _workshop_parser(sub)
    return top


def _workshop_parser(sub) -> None:
    p = sub.add_parser("workshop", help="run a live workshop session: create, tally, dashboard, close, export",
                       description="Run a live workshop session: participants join with a code, their answers "
                                   "gather in a shared store, and the facilitator shows the room's answers on a "
                                   "dashboard, then closes the session and exports the answers as CSV.")
    p.set_defaults(run=_workshop)
    ws = p.add_subparsers(dest="workshop_command", required=True, metavar="SUBCOMMAND")
    store = argparse.ArgumentParser(add_help=False)
    store.add_argument("--store", metavar="LOCATION",
                       help="the session store: a folder every participant's kernel can reach, or a database URL "
                            "(default: $COURSE_WORKSHOP_STORE, else ~/.course-workshops)")

    w = ws.add_parser("create", parents=[store], help="create a session and print its code and join line",
                      description="Create a workshop session for an assignment; print its code and the line "
                                  "participants put at the top of their notebook.")
    w.add_argument("assignment", help="the assignment folder name, e.g. 00-orientation")
    w.add_argument("--code", help="choose the code (letters, digits and '-'; default: a fresh 6-character code)")
    w.add_argument("--title", help="a title shown on the dashboard, e.g. 'Monday team'")
    w.set_defaults(workshop_run=_workshop_create)

    w = ws.add_parser("tally", parents=[store], help="a live tally of the room's answers in the terminal",
                      description="Show the room's answers in the terminal, refreshed as they come in "
                                  "(Ctrl+C stops it; the session stays open).")
    w.add_argument("code", help="the session code")
    w.add_argument("--every", type=float, default=3.0, metavar="SECONDS", help="seconds between checks (default: 3)")
    w.add_argument("--once", action="store_true", help="print the tally once and stop")
    w.add_argument("--names", action="store_true", help="also list the participants' names")
    w.set_defaults(workshop_run=_workshop_tally)

    for name, run, text in (
        ("close", _workshop_close, "Close a session (no more joins or answers) and export its answers as CSV."),
        ("export", _workshop_export, "Export a session's answers as CSV: one row per participant per exercise."),
    ):
        w = ws.add_parser(name, parents=[store], help=text[0].lower() + text[1:-1], description=text)
        w.add_argument("code", help="the session code")
        w.add_argument("--csv", metavar="PATH", help="where to write the CSV (default: workshop-CODE.csv here)")
        w.set_defaults(workshop_run=run)

    w = ws.add_parser("list", parents=[store], help="list the sessions in the store",
                      description="List the workshop sessions in the store, newest first.")
    w.set_defaults(workshop_run=_workshop_list)

    w = ws.add_parser("dashboard", parents=[store], help="open the facilitator's dashboard of a session",
                      description="Open the facilitator's dashboard of a session in JupyterLab, or serve it as "
                                  "a page with Voilà (--voila) for the projector.")
    w.add_argument("code", help="the session code")
    w.add_argument("--voila", action="store_true", help="serve the dashboard as a page with Voilà")
    w.add_argument("--port", type=int, help="the port to serve on")
    w.add_argument("--no-browser", action="store_true", help="print the URL but open no browser")
    w.set_defaults(workshop_run=_workshop_dashboard)


def _skip_slow_iri_checker() -> None:
    """Make ``import rfc3987_syntax`` fail in this process, so jsonschema leaves out its IRI checker.

    Why: jsonschema (under nbformat, so under every command that reads a notebook) imports
    rfc3987_syntax, when it is installed, for its ``iri`` and ``iri-reference`` format checkers,
    and that import compiles some 35 Lark parsers: about 0.8 s of every ``course`` command, on
    one core while the other waits (jsonschema issue #1428; jupyter_server #1559). No notebook,
    nbgrader or course schema uses those formats. Kernels and JupyterLab are separate processes
    and are not affected."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


def main(argv: list[str] | None = None) -> int:
    _skip_slow_iri_checker()
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except CourseNotFound as problem:
        return _fail(str(problem))


if __name__ == "__main__":
    sys.exit(main())
