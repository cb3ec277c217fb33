"""List the message checker's mistakes on the development corpus, for one finding or all: what an author tunes against.

Run: ``.venv/bin/python tools/message_errors.py [--rules] [FINDING ...]``; ``--rules`` shows the
phrase rules' own mistakes (the whole checker has seen these messages in training, so its own
errors here are few and say little about new writing). It reads only
``tests/messages/development/``: the held-out writers are for measuring, never for reading errors
off (``benchmarks/message_checker.py`` prints their figures and nothing else).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "tests"))  # the corpus loader, shared with the tests (tests/ is not a package)

from course.message_checker import check_message, rule_matches  # noqa: E402


def main(wanted: list[str]) -> None:
    rules_only = "--rules" in wanted
    wanted = [w for w in wanted if w != "--rules"]
    import message_corpus as corpus
    for m in corpus.DEVELOPMENT:
        report = check_message(m["text"])
        got = report.components | report.red_flags
        quotes = {f.id: f.quote for f in report.findings}
        if rules_only:
            matches = rule_matches(m["text"])
            got, quotes = set(matches), {k: v[1] for k, v in matches.items()}
        truth = m["components"] | m["red_flags"]
        for finding in sorted(got ^ truth):
            if wanted and finding not in wanted:
                continue
            kind = "false alarm" if finding in got else "missed"
            quote = quotes.get(finding, "")
            print(f"{m['where']} {finding} {kind}{f' on “{quote}”' if quote else ''}"
                  f"{' (note: ' + m['note'] + ')' if m.get('note') else ''}")
            print("   ", m["text"].replace("\n", " / ")[:400])


if __name__ == "__main__":
    main(sys.argv[1:])
