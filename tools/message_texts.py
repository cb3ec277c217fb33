"""Rewrite what notebooks 00-03 teach about drafted messages to match the checker of issue 18.

Why: the orientation taught that apologies with more components are better, and the texts around
each drafted message said only that a checklist shows components and red flags. The course now
teaches, and the checker scores, that acknowledging responsibility matters most and an offer of
repair next; a request for forgiveness matters least and is never needed; more words or components
earn nothing; and each red flag (blame, an excuse after "but", minimising, "sorry if", work pushed
back on the reader, grovelling, a pitch, a rote formula, ownership left out) costs.

Re-runnable: each edit replaces a whole markdown cell (found by its cell id), one explanation line
of a question cell (found by its item, whatever its current sealed or plain text), or inserts a
cell once (found by its id). Explanations are written in plain text; run
``scripts/reseal-questions``, ``scripts/answer-cell-lines`` and ``course build`` afterwards.
Case 04's texts live in ``tools/build_04.py``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = "*Source: Lewicki, Polin & Lount (2016), \"An Exploration of the Structure of Effective Apologies\",\nNegotiation and Conflict Management Research 9(2): 177-196.*"

ORIENTATION = "solutions/00-orientation/orientation.ipynb"
SPAM = "solutions/01-bulk-spam/bulk-spam.ipynb"
WRONG = "solutions/02-wrong-year-attachment/wrong-year-attachment.ipynb"
PREMATURE = "solutions/03-premature-send/premature-send.ipynb"

# Markdown cells replaced whole, by cell id.
MARKDOWN = {
    ORIENTATION: {
        # Before the apology parts: ask before telling which component counts most.
        "5fcee946": f"""\
Researchers took apologies apart into six components and asked which ones count. They did not all
weigh the same. First, take one apology apart.

{SOURCE}""",
    },
    SPAM: {
        "9a1c09bb": """\
Write Priya that note now: a **holding statement**, the short first message you send before you
have the full fix. It says what happened, that it was your doing, what you have done so far, and
when she will have the plan. You have no plan yet, so do not guess at one. The checklist under the
box shows, as you type, which parts of an apology your note has and any red flags. Saying in the
first person that it was your doing, and what you have done to contain it, earns its full marks.""",
        "e80ba389": """\
Here is one of the angry replies:

> "I have never heard of you and never signed up for anything. How did you get my address? Take me
> off whatever list this is, and don't tell me to 'just unsubscribe'."

Draft your reply. The checklist under the box shows, as you type, which parts of an effective
apology your reply has, and any red flags. Researchers found that acknowledging responsibility
matters most in an apology, an offer of repair next, and a request for forgiveness least
(*Lewicki, Polin & Lount 2016, Negotiation and Conflict Management Research 9(2): 177-196*). So own
it in the first person, say what you have done about it, and stop: a longer reply earns nothing
more, and a stock phrase or a word about the teleclass costs marks.""",
        "d352d81d": """\
**How your instructor scores it** (your reply above, 3 points)

| Points | What it looks like |
|---|---|
| 3 | Owns the mistake plainly, in the first person (no blame, no excuses); a concrete repair that asks nothing of the recipient (removed, list deleted); short and genuine (no grovelling, no sales pitch, no stock phrases) |
| 2 | Two of those three |
| 1 | One of them |
| 0 | Nothing written yet |""",
    },
    WRONG: {
        "045d9eae": """\
On the call you ask how the figures are being used. The client tells you: their finance lead is
putting them into **Thursday's budget meeting**, two days from now. You promise checked figures
today. Checking them will take you a couple of hours, and the client wants something in writing
to forward to the finance lead straight away.

Write that first note now: a **holding statement**, short, sent before you have the full fix. The
checklist shows the apology components and red flags as you type. Owning the mistake in the first
person and saying what you will send, and when, earns its full marks; a longer note earns no more.""",
        "881dad5e": """\
### Your correction, read by your instructor (3 points)

Your instructor reads the correction you saved above.

**How your instructor scores it**

| Points | What it looks like |
|---|---|
| 3 | It owns the mistake in its first lines, in the first person and without blame or stock phrases; it gives a repair the client can act on before Thursday (the corrected figures, an offer to walk the finance lead through them); it leaves the client the choice of how the fix is done |
| 2 | Two of those three |
| 1 | One of them |
| 0 | No correction written yet |""",
    },
    PREMATURE: {
        "e1b2cdfe": """\
Now write your message to Dana, on the path you took: the note you send her now, or your answer to
her reply. It is a **holding statement**, the short first message you send before you have the full
fix. Keep it brief (the checklist flags anything over 80 words): own the slip in the first person,
give the right fee, say honestly who Sam is (whether or not she has asked yet), and tell her when
the complete proposal will come. No grovelling and no stock closing: she needs facts and a time.""",
        "fbbd5da4": """\
### Your reply to Dana (3 points, scored by your instructor)

**How your instructor scores it**

| Points | What it looks like |
|---|---|
| 3 | Brief and calm; owns the slip in the first person; gives the right fee, says honestly who Sam is and when the complete proposal comes |
| 2 | Two of those three |
| 1 | One of them |
| 0 | Nothing written yet, or a reply that blames the tool, grovels, or hides who sent it ("the email went out") |""",
    },
}

# After orient-most-important: what counts, what hurts, and how the checklist scores.
WHAT_COUNTS_ID = "apology-what-counts"
WHAT_COUNTS_AFTER = "a490f300"  # the grade cell of orient-most-important
WHAT_COUNTS = f"""\
In the study, **acknowledging responsibility** mattered most and an **offer of repair** came next.
A **request for forgiveness** mattered least: your messages never need one, and a line such as "I
hope you can forgive the slip" could be pasted into any apology. Nor is a longer apology a better
one: more words, or more of the components, do not make up for a missing "that was my mistake".

{SOURCE}

Some words undo an apology, which "should be genuine, not rote" (*PagerDuty incident response
documentation, post-mortem process*). In the case notebooks, a checklist under each message you
draft ticks the components it finds and flags each of these, quoting your words:

| Red flag | For example |
|---|---|
| Blaming others | "the list seller lied", "nobody told me" |
| An excuse after "but" | "Sorry, but I was told they had all opted in" |
| Minimising | "just a small slip", "hardly anyone noticed" |
| A conditional apology ("sorry if") | "apologies if this caused any confusion" |
| Pushing the burden back on the reader | "just unsubscribe", "please delete it yourself" |
| Grovelling: your feelings at the centre | "I'm so, so sorry, I haven't slept" |
| A sales pitch or unrelated ask | "and do sign up for the next teleclass!" |
| A rote formula | "we apologise for any inconvenience", "I hope you can forgive the slip" |
| Ownership left out | "mistakes were made", "the email went out" |
| Far too long | more words than the box allows |

A brief message that owns the mistake in the first person and offers a concrete repair gets the
checklist's full marks; each red flag costs some of them. Your instructor reads the message too."""

# Model answers (the solution's ``.answer("""...""")``), by notebook and question variable.
ANSWERS = {
    PREMATURE: {
        # Owned in the first person throughout: no "it went out", no "an internal note" without an owner.
        "q_follow_up": """\
Hi Dana,

I sent that email before it was finished, while I was switching to a call, and I'm sorry. The fee is \
£45,000 a year, as we agreed, not £54,000. Sam is our commercial director; that line was my note to \
colleagues and should not have reached you, and our price stands. I will send you the complete \
proposal by 4 pm today, and from now on I add the recipient last.

Jordan""",
    },
}

# Plain explanations of question items, by exercise id and item (resealed afterwards).
EXPLANATIONS = {
    ORIENTATION: {
        "orient-apology-parts": {
            "I hope you can forgive the slip.":
                "Asking for forgiveness: the least important of the six, never needed, and a stock line "
                "that could close any apology.",
        },
        "orient-most-important": {
            "I do hope you can forgive me for this morning's slip.":
                "Lewicki and colleagues found the request for forgiveness mattered least of the six; it "
                "asks him for something before he knows what happened.",
        },
    },
}


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + [lines[-1]]


def _source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _replace_explanation(source: str, exercise_id: str, item: str, text: str) -> str:
    if f"'{exercise_id}'" not in source:
        return source
    pattern = re.compile(r"^(\s+)(" + re.escape(repr(item)) + "|" + re.escape(json.dumps(item))
                         + r"): .*,$", re.M)
    new, n = pattern.subn(lambda m: f"{m.group(1)}{m.group(2)}: {text!r},", source, count=1)
    if n != 1:
        raise SystemExit(f"{exercise_id}: no explanation line for {item!r}")
    return new


def rewrite(path: str) -> None:
    file = ROOT / path
    notebook = json.loads(file.read_text(encoding="utf-8"))
    cells = notebook["cells"]
    by_id = {cell.get("id"): cell for cell in cells}
    for cell_id, text in MARKDOWN.get(path, {}).items():
        if cell_id not in by_id or by_id[cell_id]["cell_type"] != "markdown":
            raise SystemExit(f"{path}: no markdown cell {cell_id}")
        by_id[cell_id]["source"] = _lines(text)
    for exercise_id, items in EXPLANATIONS.get(path, {}).items():
        question = [c for c in cells if c["cell_type"] == "code"
                    and c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == f"{exercise_id}-question"]
        if len(question) != 1:
            raise SystemExit(f"{path}: no question cell of {exercise_id}")
        source = _source(question[0])
        for item, text in items.items():
            source = _replace_explanation(source, exercise_id, item, text)
        question[0]["source"] = _lines(source)
    for variable, text in ANSWERS.get(path, {}).items():
        pattern = re.compile(r'^' + re.escape(variable) + r'\.answer\("""(.*?)"""\)', re.S | re.M)
        hits = [c for c in cells if c["cell_type"] == "code" and pattern.search(_source(c))]
        if len(hits) != 1:
            raise SystemExit(f"{path}: no single answer cell of {variable}")
        source = pattern.sub(lambda m: f'{variable}.answer("""{text}""")', _source(hits[0]))
        hits[0]["source"] = _lines(source)
    if path == ORIENTATION:
        if WHAT_COUNTS_ID in by_id:
            by_id[WHAT_COUNTS_ID]["source"] = _lines(WHAT_COUNTS)
        else:
            at = next(i for i, c in enumerate(cells) if c.get("id") == WHAT_COUNTS_AFTER) + 1
            cells.insert(at, {"cell_type": "markdown", "id": WHAT_COUNTS_ID, "metadata": {},
                              "source": _lines(WHAT_COUNTS)})
    file.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"rewrote {path}")


if __name__ == "__main__":
    for notebook_path in (ORIENTATION, SPAM, WRONG, PREMATURE):
        rewrite(notebook_path)
