"""Accept every current `course lint` finding with one given reason: what scripts/accept-pending-lint runs.

Why a script and not a ``course lint`` option: accepting findings in bulk is for one moment, when
the audit lands on a bank that is known to need a rewrite (issue 15: "rewrite pending"), and the
lead re-runs it after merging changes that move findings. An everyday option would make silencing
the audit one flag away. It writes only the reason it is given, only into the source notebooks'
metadata (never a cell's source, never a score: acceptances change no grade), and withdraws only
acceptances with exactly that reason that no longer accept anything; others' reasons it never
touches. Run twice, the second run changes nothing.
"""

from __future__ import annotations

import argparse
import sys

from ...layout import CourseLayout, CourseNotFound
from . import acceptances, lint


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/accept-pending-lint",
                                     description="Accept every current `course lint` finding of the course with "
                                                 "REASON, in the source notebooks' metadata.")
    parser.add_argument("reason", help='the written reason, e.g. "rewrite pending"')
    parser.add_argument("--root", help="the course folder (default: found upwards from here)")
    args = parser.parse_args(argv)
    if not args.reason.strip():
        print("accept-pending-lint: an empty reason accepts nothing", file=sys.stderr)
        return 2
    try:
        layout = CourseLayout.of(args.root)
    except CourseNotFound as problem:
        print(f"accept-pending-lint: {problem}", file=sys.stderr)
        return 2
    report = lint(root=layout.root)
    changed = acceptances.write(report.findings, report.notebooks, args.reason)
    for path in changed:
        print(f"wrote acceptances in {layout.name(path)}")
    after = lint(root=layout.root)
    left = after.unaccepted
    for finding in left:
        print(finding.line())
    print(f"accept-pending-lint: {len(after.accepted)} finding(s) accepted, {len(left)} not "
          f"({len(changed)} notebook(s) changed)")
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main())
