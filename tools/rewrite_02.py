"""Rebuild solutions/02-wrong-year-attachment/wrong-year-attachment.ipynb from this file (issue 16).

Why a script: the notebook is the single source of case 02, and writing it whole from one place
keeps every cell's text, metadata and grade id reviewable in one diff and re-runnable. Question
cells are written with PLAIN explanations and no key material; then run, in order:

    .venv/bin/python tools/rewrite_02.py
    .venv/bin/python scripts/reseal-questions 02-wrong-year-attachment
    .venv/bin/python scripts/answer-cell-lines
    .venv/bin/course build 02-wrong-year-attachment

Cell ids are derived from each cell's grade id (or its place), so a second run writes the same file.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATH = ROOT / "solutions" / "02-wrong-year-attachment" / "wrong-year-attachment.ipynb"
DATA = "02-wrong-year-attachment"

cells: list[dict] = []


def _id(seed: str) -> str:
    return hashlib.sha1(seed.encode()).hexdigest()[:8]


def _lines(text: str) -> list[str]:
    text = text.strip("\n")
    return text.splitlines(keepends=True)


def md(text: str, nbgrader: dict | None = None, course: dict | None = None) -> None:
    meta: dict = {}
    if course:
        meta["course"] = course
    if nbgrader:
        meta["nbgrader"] = nbgrader
    seed = (nbgrader or {}).get("grade_id") or f"md-{len(cells)}"
    cells.append({"cell_type": "markdown", "id": _id(seed), "metadata": meta, "source": _lines(text)})


def code(text: str, nbgrader: dict | None = None, course: dict | None = None, tags: list[str] | None = None) -> None:
    meta: dict = {}
    if course:
        meta["course"] = course
    if nbgrader:
        meta["nbgrader"] = nbgrader
    if tags:
        meta["tags"] = tags
    seed = (nbgrader or {}).get("grade_id") or f"code-{len(cells)}"
    cells.append({"cell_type": "code", "execution_count": None, "id": _id(seed), "metadata": meta,
                  "outputs": [], "source": _lines(text)})


def nbg(grade_id: str, *, grade=False, solution=False, locked=True, points=None, task=False) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution,
            "task": task}
    if points is not None:
        meta["points"] = points
    return dict(sorted(meta.items()))


def _value(v, indent: str) -> str:
    if isinstance(v, list):
        inner = "".join(f"{indent}    {x!r},\n" for x in v)
        return f"[\n{inner}{indent}]"
    if isinstance(v, dict):
        inner = "".join(f"{indent}    {k!r}: {x!r},\n" for k, x in v.items())
        return f"{{\n{inner}{indent}}}"
    return repr(v)


def question(var: str, cls: str, exercise_id: str, **args) -> None:
    """The question cell: the constructor with plain texts (reseal-questions adds the key material)."""
    body = "".join(f"    {name}={_value(value, '    ')},\n" for name, value in args.items())
    code(f"# Question: answer it below.\n{var} = {cls}(\n    {exercise_id!r},\n{body})\n{var}",
         nbg(f"{exercise_id}-question"))


def answer(exercise_id: str, solution: str) -> None:
    code(f"# Or answer in code\n### BEGIN SOLUTION\n{solution.strip()}\n### END SOLUTION",
         nbg(f"{exercise_id}-answer", solution=True, locked=False))


def grade_cell(exercise_id: str, step: str, points: float, hidden: str, accept: dict | None = None) -> None:
    course = {"exercise": exercise_id, "step": step}
    if accept:
        course = {"accept": accept, **course}
    code(f"saved({exercise_id!r})\n### BEGIN HIDDEN TESTS\n{hidden.strip()}\n### END HIDDEN TESTS",
         nbg(exercise_id, grade=True, points=points), course)


def scaffold(line: str, after: str = "") -> None:
    """The novice path: one pre-written line (or short block) with one blank, giving the same answer."""
    text = ("New to pandas? Copy this into the cell below and replace the blank `___`:\n\n"
            f"```python\n{line.strip()}\n```")
    if after:
        text += "\n\n" + after
    md(text)


# ============================================================================= the story

md("""
# Case 2: last year's numbers in this year's report

On Monday morning you sent a client their 2025 annual report, with the figures attached as
`client-report-2025.csv`. On Tuesday morning you open the file again and your stomach drops: it
holds **last year's** (2024) figures. You had reused last year's file as a template.

> "You attached last year's numbers to this year's report. Everyone makes mistakes. But not
> everyone manages the aftermath in a proactive and professional manner."

*Source: Inc. article, "top 5 strategies" for handling the aftermath of a mistake. The case is the
article's hypothetical example; the client, the people and all the data below are synthetic, made
for this course.*

A wrong attachment is a **competence** failure, and researchers found those easier to repair than
failures of integrity (*Lewicki, Polin & Lount 2016, "An Exploration of the Structure of Effective
Apologies"*). Easier is not automatic: you work the case through the five steps.

**What you will practise**

1. Assess: compare the file you sent with the right one, decide which changes are material, and
   name what you still need to find out.
2. Own: decide who hears it from you, how and when, and write a short holding note.
3. Fix: send a correction with a table of the material lines, and write a guard that refuses a
   report for the wrong year.
4. Reflect: decide from your past reports whether this was a one-off or a pattern, and find the
   causes you can act on.
5. Rebuild: plan the follow-through over the next months, and what you share with your team.

**The pandas it assumes**: `merge`, arithmetic on columns, selecting rows with a condition, and
`abs()`, `max()`, `sum()` and `to_markdown()`. New to pandas? Every question you answer with
pandas has a line to copy, with one blank to fill in.

**Time**: about 70 minutes if you know pandas; 90 to 120 minutes if you are new to it.
""")

md("In a live workshop? Type the session code and your name between the quotes, then run the cell. "
   "Working on your own? Leave them empty.")
code('from course.workshop import join\njoin(code="", name="")')

code(f"""
import pandas as pd

from course.data import load
from course.exercises import DraftedMessage, ItemSet, MultipleChoice, Numeric, Ordering, SingleChoice
from course.grading import check_code, grade, raises, saved, try_code
from course.progress import summary

pd.set_option("display.max_colwidth", None)  # show every text in full

this_year = load("{DATA}", "report_this_year")   # what you meant to send
last_year = load("{DATA}", "report_last_year")   # last year's report
sent = load("{DATA}", "attachment_sent")         # what actually went out
timeline = load("{DATA}", "timeline")            # what you have seen happen since
past_reports = load("{DATA}", "past_reports")    # your last eight quarterly reports to this client
""", nbg("setup"))

# ============================================================================= step 1: assess

md("""
## Step 1: Assess the damage

"How serious is this actually? Is there a quick potential fix? Or is the damage already done?"
(*Inc. article*). Start with the facts: the file's name says 2025; what do its rows say?
""")
code('sent["year"].value_counts()')

md("""
Now compare what you sent with what you meant to send, line by line. The two tables are in a
different order, so **merge** them on `line_id`
(`this_year.merge(last_year, on="line_id", suffixes=("_this", "_last"))`), then compute each line's
difference (this year minus last year) and relative difference (the difference divided by last
year's amount). Call the merged table `diff`: the next questions use it.
""")
question("q_differ", "Numeric", "wrong-differ-count", step="assess", points=2,
         prompt="How many of the 240 figures in the file you sent differ from this year's?", decimals=0,
         explanation="Almost every figure differs; only two rent lines on a fixed lease stayed the same. The "
                     "client cannot use any of the sent figures as they are.")
scaffold('''
diff = this_year.merge(last_year, on="line_id", suffixes=("_this", "_last"))
diff["difference"] = diff["amount_this"] - diff["amount_last"]
diff["relative"] = diff["difference"] / diff["amount_last"]
q_differ.answer((diff["difference"] != ___).sum())
''')
answer("wrong-differ-count", '''
diff = this_year.merge(last_year, on="line_id", suffixes=("_this", "_last"))
diff["difference"] = diff["amount_this"] - diff["amount_last"]
diff["relative"] = diff["difference"] / diff["amount_last"]
q_differ.answer((diff["difference"] != 0).sum())
''')
grade_cell("wrong-differ-count", "assess", 2, "grade('wrong-differ-count', key=238)")

question("q_largest_abs", "Numeric", "wrong-largest-abs", step="assess", points=2,
         prompt="Which change is biggest in money? Give the largest absolute difference between the years, "
                "in currency units.", decimals=0,
         explanation="A revenue line: the biggest gap in money terms is the one most likely to change a budget "
                     "decision.")
scaffold('q_largest_abs.answer(diff["difference"].___().max())')
answer("wrong-largest-abs", 'q_largest_abs.answer(diff["difference"].abs().max())')
grade_cell("wrong-largest-abs", "assess", 2, "grade('wrong-largest-abs', key=458313)")

question("q_largest_rel", "Numeric", "wrong-largest-rel", step="assess", points=2,
         prompt="And the biggest change for its size: the largest relative difference, in % of last year's "
                "amount (1 decimal)?", decimals=1, unit="%",
         explanation="A small cost line that doubled: small in money, but it would mislead any plan built on "
                     "it. The largest change in money and the largest for its size are different lines.")
scaffold('q_largest_rel.answer(100 * diff["relative"].abs().___())')
answer("wrong-largest-rel", 'q_largest_rel.answer(100 * diff["relative"].abs().max())')
grade_cell("wrong-largest-rel", "assess", 2, "grade('wrong-largest-rel', key=100.7)")

md("""
Which differences are **material**, that is, large enough to change a decision the client makes
with these numbers? Before you pick a threshold, look at how the changes are spread. This cell
counts the lines in bands of relative change (up or down):
""")
code('''
size = (this_year.merge(last_year, on="line_id", suffixes=("_this", "_last"))
        .eval("abs(amount_this - amount_last) / amount_last"))
bands = pd.cut(size, bins=[0, 0.02, 0.04, 0.06, 0.10, 0.15, 0.20, 0.30, 0.50, 2.00], include_lowest=True)
bands.value_counts().sort_index().rename("lines")
''')
question("q_threshold", "SingleChoice", "wrong-threshold", step="assess", points=2,
         prompt="Your correction will list the material lines first. Which threshold for 'material' would you "
                "defend to the client's finance lead?",
         options=["Any change at all", "5% of last year's figure", "10% of last year's figure",
                  "30% of last year's figure"],
         explanations={
             "Any change at all": "238 of 240 figures changed: calling them all material buries the few that "
                                  "change decisions among the drift. (Every figure is still corrected.)",
             "5% of last year's figure": "A round rule of thumb, but here it falls inside the crowd of small "
                                         "moves: dozens of lines moved by 4% to 6%, so which side of the line "
                                         "each lands on is chance, not judgment.",
             "10% of last year's figure": "No line moved by between 6% and 22%: any threshold in that empty "
                                          "band picks the same ten lines, and 10% sits well inside it.",
             "30% of last year's figure": "It drops four lines that moved by 22% to 27%, among them the revenue "
                                          "line with the largest difference in money.",
         })
answer("wrong-threshold", "q_threshold.answer(\"10% of last year's figure\")")
grade_cell("wrong-threshold", "assess", 2, "grade('wrong-threshold', key=\"10% of last year's figure\")")

question("q_material", "ItemSet", "wrong-material", step="assess", points=3,
         prompt="Which lines changed materially under your threshold, up or down? Record their line_id "
                "values.", noun="lines",
         explanation="Ten lines, up and down: these are the figures to put in front of the client first. Any "
                     "threshold from 7% to 22% picks these same ten.")
scaffold('''
material_lines = diff[diff["relative"].abs() > ___]
q_material.answer(set(material_lines["line_id"]))
''', after="Keep the name `material_lines`: your correction's table is built from it.")
answer("wrong-material", '''
material_lines = diff[diff["relative"].abs() > 0.10]
q_material.answer(set(material_lines["line_id"]))
''')
grade_cell("wrong-material", "assess", 3, '''
from course.data import load as _load
_d = _load("02-wrong-year-attachment", "report_this_year").merge(
    _load("02-wrong-year-attachment", "report_last_year"), on="line_id", suffixes=("_this", "_last"))
key = set(_d.loc[((_d["amount_this"] - _d["amount_last"]) / _d["amount_last"]).abs() > 0.10, "line_id"])
grade('wrong-material', key=key)
''')

md("Now what has happened since you sent it, as far as you can see from your inbox:")
code("timeline")
question("q_timeline", "SingleChoice", "wrong-timeline", step="assess", points=2,
         prompt="It is Tuesday, 09:20, and the timeline is all you know. How much damage is done?",
         options=["Done: the finance lead is already working from the wrong figures",
                  "Unknown: the finance lead has them; ask how they are being used",
                  "None yet: nobody has said that the figures look wrong",
                  "Contained, once you recall the email and resend the file"],
         explanations={
             "Done: the finance lead is already working from the wrong figures":
                 "Having the figures is not having used them: nothing you can see says a decision rests on "
                 "them yet, and assuming the worst skips the question that matters.",
             "Unknown: the finance lead has them; ask how they are being used":
                 "The file has reached the finance lead, but what it is for, and by when, is in nothing you "
                 "can see. Asking the client is part of assessing the damage.",
             "None yet: nobody has said that the figures look wrong":
                 "Silence is not safety: nobody has noticed, which is how wrong figures go into a decision "
                 "unchallenged.",
             "Contained, once you recall the email and resend the file":
                 "Recall does not reach a client outside your organisation (Microsoft Support, \"Recall or "
                 "replace an email message\"), and the file has been passed on anyway.",
         })
answer("wrong-timeline", "q_timeline.answer('Unknown: the finance lead has them; ask how they are being used')")
grade_cell("wrong-timeline", "assess", 2,
           "grade('wrong-timeline', key='Unknown: the finance lead has them; ask how they are being used')")

# ============================================================================= step 2: own

md("""
## Step 2: Speak with the relevant parties

"Speak with the relevant parties … as soon as you can, but after you've had a chance to assess,
calm down, and gather your thoughts." (*Inc. article*). You know what was wrong and how much of it
matters. Now: who, how, and what do you say?
""")
question("q_who_hears", "MultipleChoice", "wrong-who-hears", step="own", points=3,
         prompt="It is 09:45. Who must hear about the mistake from you this morning? Tick each one.",
         options=["Your manager, before the client can mention it to them",
                  "Your client, who received the report and passed it on",
                  "The finance lead, directly, since they hold the figures now"],
         explanations={
             "Your manager, before the client can mention it to them":
                 "\"Your boss, your client–whoever it is–wants to understand what happened and why\" (Inc.). "
                 "Your manager answers for this client too, and should hear it from you first.",
             "Your client, who received the report and passed it on":
                 "They received it, and they decide how the news reaches anyone else on their side.",
             "The finance lead, directly, since they hold the figures now":
                 "Going around your client to their colleague is a quiet fix: the client would hear of your "
                 "mistake from their own team. Tell the client, and offer to brief the finance lead with them.",
         })
answer("wrong-who-hears", '''q_who_hears.answer(["Your manager, before the client can mention it to them",
                    "Your client, who received the report and passed it on"])''')
grade_cell("wrong-who-hears", "own", 3, '''grade('wrong-who-hears', key=["Your manager, before the client can mention it to them",
                               "Your client, who received the report and passed it on"])''')

question("q_channel", "SingleChoice", "wrong-channel", step="own", points=2,
         prompt="Your manager knows, and agrees you should handle it. How do you tell the client?",
         options=["Call now, and follow up in writing once the figures are checked",
                  "Wait until the corrected report is ready, then send it with an apology",
                  "Email the right file now, with a line saying it replaces Monday's",
                  "Raise it at Friday's regular check-in, corrected report in hand"],
         explanations={
             "Call now, and follow up in writing once the figures are checked":
                 "A call reaches them now and lets you ask how the figures are being used; the written "
                 "follow-up gives them figures they can check.",
             "Wait until the corrected report is ready, then send it with an apology":
                 "Every hour you wait is an hour they may build on the wrong figures: nobody stops using "
                 "figures they do not know are wrong.",
             "Email the right file now, with a line saying it replaces Monday's":
                 "A swapped file with one line hides the size of the change: nobody is told which figures "
                 "moved, or asked whether they have already used them.",
             "Raise it at Friday's regular check-in, corrected report in hand":
                 "Friday may be after the figures have been used, and news kept for a routine meeting looks "
                 "like news that was buried.",
         })
answer("wrong-channel", "q_channel.answer('Call now, and follow up in writing once the figures are checked')")
grade_cell("wrong-channel", "own", 2,
           "grade('wrong-channel', key='Call now, and follow up in writing once the figures are checked')")

question("q_say_first", "SingleChoice", "wrong-say-first", step="own", points=2,
         prompt="The client picks up. What do you say first?",
         options=["“Quick one: have you used Monday's report yet? If not, no harm done.”",
                  "“Our template mixed up the years in Monday's file, I'm afraid.”",
                  "“I'm so sorry, I feel awful, I've really let you down with this.”",
                  "“Monday's report has last year's figures. My mistake, and I'm sorry.”"],
         explanations={
             "“Quick one: have you used Monday's report yet? If not, no harm done.”":
                 "It asks them to judge the harm before you have said what happened or owned it.",
             "“Our template mixed up the years in Monday's file, I'm afraid.”":
                 "It puts the mistake on a template, so the client hears an excuse; acknowledging "
                 "responsibility is what matters most in an apology (Lewicki, Polin & Lount 2016).",
             "“I'm so sorry, I feel awful, I've really let you down with this.”":
                 "All feeling and no facts: they still do not know what was wrong, and now they have to "
                 "reassure you.",
             "“Monday's report has last year's figures. My mistake, and I'm sorry.”":
                 "What happened, whose mistake it was, and an apology, in two short sentences; next, ask how "
                 "the figures are being used.",
         })
answer("wrong-say-first",
       "q_say_first.answer(\"“Monday's report has last year's figures. My mistake, and I'm sorry.”\")")
grade_cell("wrong-say-first", "own", 2,
           "grade('wrong-say-first', key=\"“Monday's report has last year's figures. My mistake, and I'm sorry.”\")")

md("""
On the call you ask how the figures are being used. The client tells you: their finance lead is
putting them into **Thursday's budget meeting**, two days from now. You promise checked figures
today. Checking them will take you a couple of hours, and the client wants something in writing
to forward to the finance lead straight away.

Write that first note now: a **holding statement**, short, sent before you have the full fix. The
checklist shows the apology components and red flags as you type.
""")
question("q_holding_note", "DraftedMessage", "wrong-holding-note", step="own", points=3,
         prompt="Your short note to the client, sent straight after the call, before the corrected figures "
                "are checked", max_words=120)
answer("wrong-holding-note", '''
q_holding_note.answer("""Dear Ms Patel,

As I said on the phone, the report I sent you on Monday has last year's (2024) figures in it instead of this year's. That was my mistake, and I'm sorry: I reused last year's file as a template and didn't check the year. Please ask your finance lead not to use those figures. I'll send you the checked 2025 figures by 15:00 today, with the lines that changed most listed first, well before Thursday's meeting.

Best regards,
Alex""")
''')
grade_cell("wrong-holding-note", "own", 3, "grade('wrong-holding-note')")

# ============================================================================= step 3: fix

md("""
## Step 3: Fix it, and show it won't happen again

"Devise an action plan to fix this problem (though understanding your client has the final call
and might have different ideas)–and what specifically you'll do to make sure this never happens
again." (*Inc. article*)

By 15:00, send the correction in writing. The finance lead needs the figures that matter, in a
table they can check: build it from your `material_lines` with pandas and put it in your message.
The checklist shows the apology components and red flags as you type; the table is checked when
you submit. Give, for every materially changed line, its `line_id` and this year's amount.
""")
question("q_correction", "DraftedMessage", "wrong-correction", step="fix", points=3,
         prompt="Your written correction to the client, with a table of the corrected figures", max_words=300)
scaffold('''
print(material_lines[["line_id", "amount_last", "amount_this"]].to_markdown(index=___))
''', after="Then copy the printed table into your message (or build the message in code, as an f-string).")
answer("wrong-correction", '''
table = (material_lines[["line_id", "amount_last", "amount_this"]]
         .rename(columns={"amount_last": "sent (2024, wrong)", "amount_this": "correct (2025)"})
         .to_markdown(index=False))
q_correction.answer(f"""Dear Ms Patel,

Here are the corrected figures I promised this morning. The report I sent on Monday had last year's (2024) figures attached instead of this year's; that was my mistake. I reused last year's file as a template and did not check the year before sending.

The corrected 2025 report is attached. These are the lines that changed by more than 10%:

{table}

Every other figure moved by less than 6%. From now on every report I send goes through a check that refuses a file whose year does not match.

I can walk your finance lead through the changes before Thursday's meeting, or reissue the report in whatever form suits them best: tell me which you prefer.

Best regards,
Alex""")
''')
grade_cell("wrong-correction", "fix", 3, "grade('wrong-correction')")
code('''
from course.responses import load_answers
_message = load_answers().get("wrong-correction")
_text = _message.value if _message and isinstance(_message.value, str) else ""
try_code([("your correction is saved", lambda: bool(_text)),
          ("it contains a table (lines that start with '|')", lambda: "\\n|" in _text)])
### BEGIN HIDDEN TESTS
from course.data import load as _load
_d = _load("02-wrong-year-attachment", "report_this_year").merge(
    _load("02-wrong-year-attachment", "report_last_year"), on="line_id", suffixes=("_this", "_last"))
_m = _d.loc[((_d["amount_this"] - _d["amount_last"]) / _d["amount_last"]).abs() > 0.10]
check_code("wrong-correction-table", [
    ("the table names every materially changed line", lambda: all(i in _text for i in _m["line_id"])),
    ("it gives this year's figure for each of them",
     lambda: all(str(v) in _text or f"{v:,}" in _text for v in _m["amount_this"])),
], points=2)
### END HIDDEN TESTS
''', nbg("wrong-correction-table", grade=True, points=2), {"step": "fix"})
md("""
### Your correction, read by your instructor (3 points)

Your instructor reads the correction you saved above.

**How your instructor scores it**

| Points | What it looks like |
|---|---|
| 3 | It owns the mistake in its first lines; it gives a repair the client can act on before Thursday (the corrected figures, an offer to walk the finance lead through them); it leaves the client the choice of how the fix is done |
| 2 | Two of those three |
| 1 | One of them |
| 0 | No correction written yet |
""", nbg("wrong-correction-manual", points=3, task=True), {"step": "fix"})

md("""
Now the prevention: a **guard** that refuses to send a report whose data is not for the year it
claims. Write a function `check_report_year(table, year)` that:

- returns the table when every row's `year` is `year`;
- raises `ValueError` with a clear message (naming the year or years it found) otherwise;
- also raises `ValueError` for a table with no `year` column, or with no rows at all.

Your function is tested with some examples below, and with more cases when you submit.
""")
code('''
# Write check_report_year(table, year) here.
### BEGIN SOLUTION
def check_report_year(table, year):
    """Refuse a report unless every row of it is for `year`: the check that would have caught this."""
    if "year" not in table.columns:
        raise ValueError("the report has no 'year' column, so its year cannot be checked")
    if table.empty:
        raise ValueError("the report has no rows")
    found = sorted(int(y) for y in table["year"].unique())
    if found != [year]:
        raise ValueError(f"the report holds figures for {', '.join(map(str, found))}, not {year}")
    return table
### END SOLUTION
''', nbg("wrong-guard-answer", solution=True, locked=False))
GUARD_TEST = r'''
try_code([
    ("accepts this year's report", lambda: check_report_year(this_year, 2025) is not None),
    ("refuses the file that was sent", lambda: raises(ValueError, check_report_year, sent, 2025)),
])
### BEGIN HIDDEN TESTS
# the checking helpers loaded afresh from the installed course's file, not the names or modules a
# learner's cell can rebind or patch, and not from a package handed in beside the notebook
import importlib.util as _iu, os as _os, course as _course
_file = _os.path.join(_os.path.dirname(_os.path.realpath(_course.__file__)), "code_checks.py")
if _file.startswith(_os.path.realpath(_os.getcwd()) + _os.sep) or not _os.path.isfile(_file):
    raise ImportError("the course package must be the installed one, not one handed in with the notebook")
_spec = _iu.spec_from_file_location("_course_code_checks", _file)
_checks = _iu.module_from_spec(_spec)
_spec.loader.exec_module(_checks)
import pandas as _pd
from course.data import load as _load
_this = _load("02-wrong-year-attachment", "report_this_year")
_last = _load("02-wrong-year-attachment", "report_last_year")
def _message_for(table, year):
    try:
        check_report_year(table, year)
    except ValueError as problem:
        return str(problem)
    return ""
_checks.check_code("wrong-guard", [
    ("accepts this year's report", lambda: check_report_year(_this.copy(), 2025) is not None),
    ("refuses last year's report", lambda: _checks.raises(ValueError, check_report_year, _last.copy(), 2025)),
    ("refuses a table that mixes both years",
     lambda: _checks.raises(ValueError, check_report_year, _pd.concat([_this, _last.head(3)]), 2025)),
    ("refuses a table with no year column",
     lambda: _checks.raises(ValueError, check_report_year, _this.drop(columns="year"), 2025)),
    ("refuses an empty table", lambda: _checks.raises(ValueError, check_report_year, _this.iloc[0:0], 2025)),
    ("its message names the year it found", lambda: "2024" in _message_for(_last.copy(), 2025)),
], points=3)
### END HIDDEN TESTS
'''
code(GUARD_TEST, nbg("wrong-guard", grade=True, points=3), {"step": "fix"})

# ============================================================================= step 4: reflect

md("""
## Step 4: Self-reflect

"Why did this happen? Were you multitasking to an extreme, and that caused you to miss a key
deadline or detail? Was this a one-off mistake? Or is this somewhat of a pattern?"
(*Inc. article*)

Your last eight quarterly reports to this client: for each, which period's figures were in the
file you first attached (`figures_in_file`), who reviewed it before sending, and who caught a
wrong file, and when.
""")
code("past_reports")
question("q_pattern", "SingleChoice", "wrong-pattern", step="reflect", points=3,
         prompt="Read the history with pandas. Was Monday's slip a one-off, or part of a pattern?",
         options=["A one-off: only one earlier wrong file ever reached the client",
                  "A pattern: three of the eight files held an earlier period's figures",
                  "A pattern in your manager's reviews, which let one wrong file through",
                  "Impossible to say: eight reports are too few to judge from"],
         explanations={
             "A one-off: only one earlier wrong file ever reached the client":
                 "Counting only what the client saw hides the two your manager caught before sending: a near "
                 "miss is the same mistake, caught in time.",
             "A pattern: three of the eight files held an earlier period's figures":
                 "The same slip as Monday's, three times: two caught by your manager's review before sending, "
                 "one by the client after the reviews stopped in 2025.",
             "A pattern in your manager's reviews, which let one wrong file through":
                 "Look at reviewed_by: nobody reviewed the 2025 reports. The reviews caught both slips they "
                 "saw; what changed is that the check stopped.",
             "Impossible to say: eight reports are too few to judge from":
                 "Three of eight, each the same slip (an earlier period's file under the new name), is a "
                 "pattern by any standard you would apply to a client's figures.",
         })
scaffold('past_reports[past_reports["figures_in_file"] != past_reports[___]]')
answer("wrong-pattern", '''
slips = past_reports[past_reports["figures_in_file"] != past_reports["period"]]
print(slips[["period", "figures_in_file", "reviewed_by", "caught_by", "when_caught"]])
q_pattern.answer("A pattern: three of the eight files held an earlier period's figures")
''')
grade_cell("wrong-pattern", "reflect", 3,
           "grade('wrong-pattern', key=\"A pattern: three of the eight files held an earlier period's figures\")")

question("q_root_causes", "MultipleChoice", "wrong-root-causes", step="reflect", points=3,
         prompt="Given that history, which causes of Monday's slip would you act on? Tick each one.",
         options=["Each new report starts as a copy of the last one's file",
                  "Not taking enough care when attaching files to client emails",
                  "The only check of the period was a person's review, and it stopped",
                  "The client passed the report on without checking its year"],
         explanations={
             "Each new report starts as a copy of the last one's file":
                 "A copy keeps the old figures until something replaces them, under a name changed by hand: "
                 "the slip is built into the starting point. Your guard closes that gap.",
             "Not taking enough care when attaching files to client emails":
                 "'Human error' stops the why-chain too early: you cannot fix care, but you can fix the step "
                 "that lets an old file go out under a new name.",
             "The only check of the period was a person's review, and it stopped":
                 "The reviews caught both slips they saw; the slips after they stopped got through. A check "
                 "that depends on one person's time stops when they are busy; a guard runs every time.",
             "The client passed the report on without checking its year":
                 "The client trusted the file you sent; their checks are not a control you own or can change.",
         })
answer("wrong-root-causes", '''q_root_causes.answer(["Each new report starts as a copy of the last one's file",
                      "The only check of the period was a person's review, and it stopped"])''')
grade_cell("wrong-root-causes", "reflect", 3, '''grade('wrong-root-causes', key=["Each new report starts as a copy of the last one's file",
                                 "The only check of the period was a person's review, and it stopped"])''')

md("""
### Your own mistake (3 points, read only by your instructor)

Think of a time you sent or used the wrong version of something, at work or in your studies (or
one you saw closely, if you prefer). In a few sentences: what happened? Was it a one-off, or part
of a pattern? What one change would have stopped it?

**How your instructor scores it**

| Points | What it looks like |
|---|---|
| 3 | A specific mistake; one-off or pattern decided with a reason; one concrete change (a setting, a check, a habit with a trigger), not "be more careful" |
| 2 | Two of those three |
| 1 | One of them |
| 0 | Nothing written yet |

Nobody is marked on the size of the mistake you choose to share.
""", nbg("wrong-my-reflection-prompt"))
md("""
Last term I handed in a group report with the previous draft of our results table: I had two
files called "results-final" open and attached the older one. It was a pattern, not a one-off:
looking back, I had picked the wrong version of a file twice before that year, both times when I
kept copies with near-identical names. The change: I now put the date in every file name and,
before I attach anything, open the file and check the date on its first page against the name.
""", nbg("wrong-my-reflection", grade=True, solution=True, locked=False, points=3), {"step": "reflect"})

# ============================================================================= step 5: rebuild

md("""
## Step 5: Earn trust back through your actions

"Show this will never happen again by consistently delivering results and being ultra reliable
and trustworthy." (*Inc. article*)

Thursday's meeting used the corrected figures, and the client thanked you for the quick warning.
That limits the damage; it does not put you ahead. Studies of the "service recovery paradox" found
that a good recovery can lift satisfaction, but not, on average, what customers do next (*de
Matos, Henrique & Rossi 2007, Journal of Service Research*). Trust comes back over the next
reports.
""")
question("q_follow_through", "Ordering", "wrong-follow-through", step="rebuild", points=3,
         prompt="Plan the next three months: put these in the order you will do them.",
         items=["Show your team the guard and the past-reports table at their weekly meeting",
                "Send the Q1 report on the agreed day, through the guard",
                "Ask the client after Thursday's meeting whether the figures served them",
                "Look back with your manager after two quarters: did every report go out right?",
                "Build the guard into the report template, so every report runs it"],
         explanations={
             "Ask the client after Thursday's meeting whether the figures served them":
                 "Close the loop on this report first, while it matters to them.",
             "Build the guard into the report template, so every report runs it":
                 "A check only helps if it runs every time, without anyone having to remember it.",
             "Show your team the guard and the past-reports table at their weekly meeting":
                 "Others copy last period's files too: the lesson and the guard are worth more shared.",
             "Send the Q1 report on the agreed day, through the guard":
                 "Consistent delivery: the first report after the mistake, on time and checked.",
             "Look back with your manager after two quarters: did every report go out right?":
                 "Look back once there is a record to look at: trust rebuilt is something you can count.",
         },
         explanation="Close this report's loop, make the guard part of every report and share it, deliver, "
                     "then look back with your manager.")
answer("wrong-follow-through", '''q_follow_through.answer([
    "Ask the client after Thursday's meeting whether the figures served them",
    "Build the guard into the report template, so every report runs it",
    "Show your team the guard and the past-reports table at their weekly meeting",
    "Send the Q1 report on the agreed day, through the guard",
    "Look back with your manager after two quarters: did every report go out right?",
])''')
grade_cell("wrong-follow-through", "rebuild", 3, '''
# two acceptable orders: the guard built into the template before it is shown to the team, or shown to
# the team first (they may reuse it before it is in the template)
grade('wrong-follow-through', key=[
    ["Ask the client after Thursday's meeting whether the figures served them", 'Build the guard into the report template, so every report runs it', 'Show your team the guard and the past-reports table at their weekly meeting', 'Send the Q1 report on the agreed day, through the guard', 'Look back with your manager after two quarters: did every report go out right?'],
    ["Ask the client after Thursday's meeting whether the figures served them", 'Show your team the guard and the past-reports table at their weekly meeting', 'Build the guard into the report template, so every report runs it', 'Send the Q1 report on the agreed day, through the guard', 'Look back with your manager after two quarters: did every report go out right?'],
])
''')

question("q_final_call", "SingleChoice", "wrong-final-call", step="rebuild", points=2,
         prompt="It is April, 16:40. The Q1 report is due at 17:00, and the guard refuses the file: it holds "
                "Q4 figures. What do you do?",
         options=["Send the file at 17:00 marked draft; the checked one follows tomorrow",
                  "Switch the guard off just this once: today the deadline matters more",
                  "Swap in the Q1 data and send at 17:00 without running the guard again",
                  "Tell the client it will be an hour late; send once the guard passes"],
         explanations={
             "Send the file at 17:00 marked draft; the checked one follows tomorrow":
                 "A draft with the wrong quarter's figures is Monday's mistake with a label on it: people use "
                 "drafts.",
             "Switch the guard off just this once: today the deadline matters more":
                 "A guard switched off under pressure is off exactly when slips happen; the deadline is why it "
                 "exists.",
             "Swap in the Q1 data and send at 17:00 without running the guard again":
                 "A fix made in a rush is the one most likely to be wrong, and the guard takes seconds to run.",
             "Tell the client it will be an hour late; send once the guard passes":
                 "An hour late and right, announced before the deadline, is the reliability you are rebuilding; "
                 "the client hears of the delay from you.",
         })
answer("wrong-final-call",
       "q_final_call.answer(\"Tell the client it will be an hour late; send once the guard passes\")")
grade_cell("wrong-final-call", "rebuild", 2,
           "grade('wrong-final-call', key=\"Tell the client it will be an hour late; send once the guard passes\")")

question("q_share_lesson", "MultipleChoice", "wrong-share-lesson", step="rebuild", points=3,
         prompt="You write a short note for your team about Monday. What goes in it? Tick each one.",
         options=["What happened, in a few lines, with your own part in it",
                  "The past-reports table: two near misses and one miss before Monday",
                  "The guard function, and where it now runs in the report template",
                  "A reminder to everyone to take more care with attachments",
                  "One check anyone can do by hand: the period inside matches the name"],
         explanations={
             "What happened, in a few lines, with your own part in it":
                 "Said plainly and without blame, it shows others the slip is easy to make, and safe to report.",
             "The past-reports table: two near misses and one miss before Monday":
                 "The near misses are the evidence that this is a pattern, and that a check catches it.",
             "The guard function, and where it now runs in the report template":
                 "The fix itself, ready for anyone who sends reports from a copied file.",
             "A reminder to everyone to take more care with attachments":
                 "'Take more care' is not a plan: it asks people for what they already believe they give. A "
                 "specific check, run every time, is.",
             "One check anyone can do by hand: the period inside matches the name":
                 "A specific check with a trigger (before attaching), for files the guard does not see.",
         })
answer("wrong-share-lesson", '''q_share_lesson.answer([
    "What happened, in a few lines, with your own part in it",
    "The past-reports table: two near misses and one miss before Monday",
    "The guard function, and where it now runs in the report template",
    "One check anyone can do by hand: the period inside matches the name",
])''')
grade_cell("wrong-share-lesson", "rebuild", 3, '''grade('wrong-share-lesson', key=[
    'What happened, in a few lines, with your own part in it',
    'The past-reports table: two near misses and one miss before Monday',
    'The guard function, and where it now runs in the report template',
    'One check anyone can do by hand: the period inside matches the name',
])''')

# ============================================================================= progress

md("""
## Your progress

Your score for each step of this case (in graded mode: how many questions you have answered). The
code exercise, the table check and your instructor's scores of your correction and your own
reflection are added when you submit.
""")
code("summary()", nbg("progress-summary"), tags=["nbval-ignore-output"])


def main() -> None:
    old = json.loads(PATH.read_text(encoding="utf-8"))
    nb = {"cells": cells, "metadata": {k: v for k, v in old["metadata"].items() if k != "course"},
          "nbformat": 4, "nbformat_minor": 5}
    PATH.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {PATH.relative_to(ROOT)}: {len(cells)} cells")


if __name__ == "__main__":
    main()
