"""The ``course`` command: a thin layer that parses arguments and forwards to one function each.

Every subcommand is a ``main`` with keyword-only arguments in its own module of
:mod:`course.commands`, called with ``vars(args)``, so the library and the command line cannot
drift apart. Bad input gets one line on stderr and exit status 2. The help texts name the folders
as the course ships them (:data:`course.layout.SHIPPED`); the commands' own messages name them as
the course's nbgrader_config.py has them.
"""

from __future__ import annotations

import argparse
import sys

from . import __version__
from .commands import CommandError, build, feedback, grade, import_, key, lint, record, report, start, workshop
from .instructor.nbgrader_api import GradebookUnavailable
from .layout import SHIPPED, BadSetting, CourseNotFound, UnknownAssignment

from .speedups import skip_iri_checker

__all__ = ["main"]


def _fail(message: str) -> int:
    print(f"course: error: {message}", file=sys.stderr)
    return 2


# the folders as the course ships them, for the help texts (no course is read to print help)
SOURCE, RELEASE, SUBMITTED = f"{SHIPPED['source']}/", f"{SHIPPED['release']}/", f"{SHIPPED['submitted']}/"


def _no_browser(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-browser", dest="open_browser", action="store_const", const=False, default=None,
                   help="print the URL but open no browser")


def _kinds_help() -> str:
    """Every exercise kind of the one registry, for `course key`'s help (those judged by rules say so)."""
    from .answers import KINDS

    names = [kind if cls.needs_key else f"{kind} (judged by rules: it takes no key)"
             for kind, cls in KINDS.items()]
    return ", ".join(names[:-1]) + " or " + names[-1]


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="course", description="Recovering from Mistakes: the course's command.")
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("start", help="open the course in JupyterLab at its start page",
                       description=f"Open the course in JupyterLab at its start page ({RELEASE}index.ipynb).")
    p.add_argument("--port", type=int, help="the port to serve on (default: JupyterLab's, 8888 or the next free)")
    _no_browser(p)
    p.set_defaults(run=start.main)

    p = sub.add_parser("build", help=f"regenerate {RELEASE} from {SOURCE} with nbgrader",
                       description=f"Regenerate the learner notebooks in {RELEASE} from {SOURCE} with nbgrader.")
    p.add_argument("assignment", nargs="?", help="one assignment folder name (default: all of them)")
    p.add_argument("--graded", action="store_true",
                   help="also write the graded flavour: no answer key in any form, graded mode by itself "
                        "(for nbgrader's release_assignment)")
    p.add_argument("--to", metavar="DIR", help=f"where the graded flavour goes, DIR/ASSIGNMENT/ "
                                               f"(default: {SHIPPED['graded_release']}/)")
    p.set_defaults(run=build.main)

    p = sub.add_parser("grade", help="autograde every submission of an assignment in parallel",
                       description=f"Autograde every new or changed submission in {SUBMITTED} in parallel "
                                   "worker processes, then print what was graded, flagged or failed, and why.")
    p.add_argument("assignment", help="the assignment folder name, e.g. 00-orientation")
    p.add_argument("--workers", type=int, metavar="N", help="worker processes (default: the number of cores)")
    p.add_argument("--student", metavar="ID", help="grade only this learner (again, even if unchanged)")
    p.add_argument("--force", action="store_true", help="regrade every submission, changed or not")
    p.add_argument("--timeout", type=int, metavar="SECONDS", help="stop a cell after this long (default: 30)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--no-exports", dest="exports", action="store_false",
                   help="write no feedback or grade exports afterwards")
    p.add_argument("--clear-stale-manual", action="store_true",
                   help="grade nothing: clear the manual scores given to an earlier submission (all, or "
                        "--student's), so each is scored again in formgrader; then refresh feedback and exports")
    p.add_argument("--sandbox", choices=("auto", "require", "off"), default="auto",
                   help="run each learner's kernel in a bubblewrap sandbox that sees only their folder: auto "
                        "(where bwrap works, else say so), require (fail without it), off (default: auto)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="grade on the workers of this Dask scheduler (tcp://HOST:PORT) instead of local processes; "
                        "each worker needs the course package installed, not the course folder")
    p.set_defaults(run=grade.main)

    p = sub.add_parser("feedback", help="refresh feedback and grade exports from the gradebook (after formgrader)",
                       description="Write each graded learner's feedback (no hidden test, no key; every figure "
                                   "from the gradebook) and the grade exports again from the gradebook, re-running "
                                   "no notebook: run it after scoring in formgrader, before `nbgrader "
                                   "release_feedback`.")
    p.add_argument("assignment", help="the assignment folder name, e.g. 01-bulk-spam")
    p.add_argument("--student", metavar="ID", help="only this learner's feedback (the exports cover everyone)")
    p.set_defaults(run=feedback.main)

    p = sub.add_parser("report", help="write the cohort report of a graded assignment (HTML with charts)",
                       description=f"Write {SHIPPED['reports']}/ASSIGNMENT.html: each rubric step's scores across the "
                                   "cohort, the hardest exercises, the most chosen wrong options, and the learners "
                                   "who may need help.")
    p.add_argument("assignment", help="the assignment folder name, e.g. 00-orientation")
    p.set_defaults(run=report.main)

    p = sub.add_parser("import", help="import submissions downloaded from an LMS (a zip or a folder)",
                       description="Import a zip or folder of submissions downloaded from an LMS (Canvas, Moodle, "
                                   f"Blackboard, or a folder per learner) into {SUBMITTED}, ready for "
                                   "`course grade`. Each learner's responses.json comes with their notebook.")
    p.add_argument("assignment", help="the assignment folder name, e.g. 00-orientation")
    p.add_argument("source", help="the downloaded .zip file or folder")
    p.add_argument("--pattern", metavar="REGEX",
                   help="a regular expression with named groups student_id and file_id (as nbgrader's zip_collect)")
    p.add_argument("--force", action="store_true", help="replace submissions that are already there")
    p.set_defaults(run=import_.main)

    p = sub.add_parser("key", help="print the salted key an exercise carries for an answer",
                       description="Print the salted digests to paste as an exercise's key= (for authors).")
    p.add_argument("kind", help=_kinds_help())
    p.add_argument("exercise_id", help="the exercise id (its nbgrader grade_id)")
    p.add_argument("answer", help='the right answer: option text, or JSON such as \'["a", "b"]\' or \'{"item": "cat"}\'')
    p.add_argument("--explanation", metavar="TEXT",
                   help="also veil this closing explanation (shown once the answer is right or revealed)")
    p.add_argument("--explanations", metavar="JSON",
                   help="also veil these per-option (or per-item) explanations, given as a JSON object")
    p.set_defaults(run=key.main)

    p = sub.add_parser("lint", help="audit the question bank for cues that answer it without reading",
                       description="Audit the question bank for cues that let a learner answer without reading: print each finding "
                                   "(a key that is the longest option, a key in the markdown just above, a repeated "
                                   "prompt, a bank's patterns, a thin rubric step, ...) with its notebook, cell and "
                                   "exercise, one per line; exit status 1 if any is not accepted with a written "
                                   'reason in the metadata ("course": {"accept": {"CODE": "REASON"}}).')
    p.add_argument("assignment", nargs="?", help="one assignment folder name (default: every one, and the "
                                                 "course-wide bank)")
    p.set_defaults(run=lint.main)

    p = sub.add_parser("record", help="write your completion record: one printable page, no answers in it",
                       description=f"Write your completion record ({RELEASE}completion-record.html): per rubric step, "
                                   "your first-try and final scores across the course, the cases you completed, and "
                                   "the date; none of your answers. Open it in a browser and print it, or save it "
                                   "as PDF. Run it from the course folder.")
    p.add_argument("assignments", nargs="*", default=(), metavar="ASSIGNMENT",
                   help="only these assignments (default: every one in the release folder)")
    p.add_argument("--name", default="", help='the name printed on the record, e.g. --name "Ada Lovelace"')
    p.add_argument("--to", metavar="PATH", help=f"where to write it, a file or a folder (default: {RELEASE}"
                                                 "completion-record.html)")
    p.set_defaults(run=record.main)

    _workshop_parser(sub)
    return top


def _workshop_parser(sub) -> None:
    p = sub.add_parser("workshop", help="run a live workshop session: create, tally, dashboard, close, export",
                       description="Run a live workshop session: participants join with a code, their answers "
                                   "gather in a shared store, and the facilitator shows the room's answers on a "
                                   "dashboard, then closes the session and exports the answers as CSV.")
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
    w.set_defaults(run=workshop.create)

    w = ws.add_parser("tally", parents=[store], help="a live tally of the room's answers in the terminal",
                      description="Show the room's answers in the terminal, refreshed as they come in "
                                  "(Ctrl+C stops it; the session stays open).")
    w.add_argument("code", help="the session code")
    w.add_argument("--every", type=float, default=3.0, metavar="SECONDS", help="seconds between checks (default: 3)")
    w.add_argument("--once", action="store_true", help="print the tally once and stop")
    w.add_argument("--names", action="store_true", help="also list the participants' names")
    w.add_argument("--latest", action="store_true",
                   help="count each participant's latest answers (default: their first tries)")
    w.set_defaults(run=workshop.tally)

    for name, run, text in (
        ("close", workshop.close, "Close a session (no more joins or answers) and export its answers as CSV."),
        ("export", workshop.export, "Export a session's answers as CSV: one row per participant per exercise."),
    ):
        w = ws.add_parser(name, parents=[store], help=text[0].lower() + text[1:-1], description=text)
        w.add_argument("code", help="the session code")
        w.add_argument("--csv", metavar="PATH", help="where to write the CSV (default: workshop-CODE.csv here)")
        w.set_defaults(run=run)

    w = ws.add_parser("list", parents=[store], help="list the sessions in the store",
                      description="List the workshop sessions in the store, newest first.")
    w.set_defaults(run=workshop.list_sessions)

    w = ws.add_parser("dashboard", parents=[store], help="open the facilitator's dashboard of a session",
                      description="Open the facilitator's dashboard of a session in JupyterLab, or serve it as "
                                  "a page with Voilà (--voila) for the projector.")
    w.add_argument("code", help="the session code")
    w.add_argument("--voila", action="store_true", help="serve the dashboard as a page with Voilà")
    w.add_argument("--port", type=int, help="the port to serve on")
    w.add_argument("--drill", action="store_true",
                   help="open it as a drill: the case's decisions one at a time, with votes, a timer and reveals")
    w.add_argument("--minutes", type=float, help="the drill's time per decision, in minutes (default 3)")
    _no_browser(w)
    w.set_defaults(run=workshop.dashboard)


def main(argv: list[str] | None = None) -> int:
    skip_iri_checker()  # about 0.8 s of every command (course.speedups)
    options = vars(parser().parse_args(argv))
    run = options.pop("run")
    for chosen in ("command", "workshop_command"):  # which subcommand: already in `run`
        options.pop(chosen, None)
    try:
        return run(**options)
    except (CommandError, CourseNotFound, UnknownAssignment, BadSetting, GradebookUnavailable) as problem:
        return _fail(str(problem))


if __name__ == "__main__":
    sys.exit(main())
