#!/usr/bin/env python3
"""Write solutions/04-postmortem/postmortem.ipynb from this script (re-runnable; the notebook is
generated wholesale, so edit the texts here, then run this, scripts/answer-cell-lines and
`course build 04-postmortem`).

Why a script: the notebook's cells carry nbgrader metadata (grade ids, points, locks) and the
course's rubric steps; writing them here keeps the ids, points and rubric tables in one readable
place, and the notebook diff-friendly.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "solutions" / "04-postmortem" / "postmortem.ipynb"

SRE = ("*Source: Beyer, Jones, Petoff and Murphy (eds.), Site Reliability Engineering, O'Reilly 2016, "
       "ch. 15 \"Postmortem Culture: Learning from Failure\", https://sre.google/sre-book/postmortem-culture/*")
cells: list[dict] = []


def _lines(text: str) -> list[str]:
    text = text.strip("\n")
    parts = text.split("\n")
    return [p + "\n" for p in parts[:-1]] + [parts[-1]]


def _id(meta: dict) -> str:
    """A stable cell id: the grade id where there is one, else the cell's place."""
    grade_id = meta.get("nbgrader", {}).get("grade_id")
    return grade_id or f"cell-{len(cells):02d}"


def md(text: str, **meta) -> None:
    cells.append({"cell_type": "markdown", "id": _id(meta), "metadata": meta, "source": _lines(text)})


def code(text: str, **meta) -> None:
    cells.append({"cell_type": "code", "execution_count": None, "id": _id(meta), "metadata": meta, "outputs": [],
                  "source": _lines(text)})


def nbg(grade_id: str, *, grade=False, solution=False, locked=True, points=None, task=False) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution,
            "task": task}
    if points is not None:
        meta["points"] = points
    return dict(sorted(meta.items()))


def locked_md(grade_id: str, text: str) -> None:
    md(text, nbgrader=nbg(grade_id))


def written_code(grade_id: str, step: str, points: int, template: str, model: str) -> None:
    """A manually graded code cell: the template the learner fills, and (solutions only) the model."""
    code(f"{template.strip()}\n### BEGIN SOLUTION\n{model.strip()}\n### END SOLUTION",
         course={"step": step}, nbgrader=nbg(grade_id, grade=True, solution=True, locked=False, points=points))


FRESH = '''# the checking helpers loaded afresh from the installed course's files, not the names or modules a
# learner's cell can rebind or patch, and not from a package handed in beside the notebook
import importlib.util as _iu, os as _os, course as _course
def _fresh(name):
    _file = _os.path.join(_os.path.dirname(_os.path.realpath(_course.__file__)), name + ".py")
    if _file.startswith(_os.path.realpath(_os.getcwd()) + _os.sep) or not _os.path.isfile(_file):
        raise ImportError("the course package must be the installed one, not one handed in with the notebook")
    _spec = _iu.spec_from_file_location("_course_" + name, _file)
    _module = _iu.module_from_spec(_spec)
    _spec.loader.exec_module(_module)
    return _module
_checks, _pm = _fresh("code_checks"), _fresh("postmortem")'''


def check_cell(grade_id: str, step: str, points: int, function: str) -> None:
    code(f"try_code(postmortem.{function}(globals()))\n### BEGIN HIDDEN TESTS\n{FRESH}\n"
         f"_checks.check_code(\"{grade_id}\", _pm.{function}(globals()), points={points})\n### END HIDDEN TESTS",
         course={"step": step}, nbgrader=nbg(grade_id, grade=True, points=points))


def rubric(title: str, points: int, question: str, levels: list[tuple[str, str]]) -> str:
    """A locked prompt's text: the levels the instructor scores against, led by the question they answer
    (the SRE book's review questions, ch. 15, where one fits)."""
    rows = "\n".join(f"| {p} | {what} |" for p, what in levels)
    return (f"{title}\n\n**How your instructor scores it** ({points} points). {question}\n\n"
            f"| Points | What it looks like |\n|---|---|\n{rows}")


# ---------------------------------------------------------------------------------------------------

md("""
# A postmortem of your own

Every case so far was someone else's. This last notebook is about a mistake of **yours**: you
write it up the way Google's site reliability engineers write up an outage, as a *blameless
postmortem*, and you end with one lesson you will pass on.

> **Private.** What you write here goes to your instructor only. This notebook has no workshop
> cell, and even in a live workshop nothing from it reaches the room's dashboard. Share only what
> you are comfortable sharing; nobody is marked on the size of the mistake you choose.

A postmortem is "a written record of an incident, its impact, the actions taken to mitigate or
resolve it, the root cause(s), and the follow-up actions to prevent the incident from recurring".
It is *blameless*: it looks for what in the steps, tools and habits let the mistake through,
because "you can't 'fix' people, but you can fix systems and processes".

""" + SRE + """

**What you will do**, in the five steps of this course (reflect comes before fix here, as root
causes come before action items in a postmortem):

- *Assess*: a summary, the impact, and a timeline you check with pandas.
- *Own*: the message to the person it affected, and your part in it, in the first person.
- *Reflect*: a chain of "why?" down to a cause you can act on; what went well; where you got lucky.
- *Fix*: action items, each with an owner and a due date.
- *Rebuild*: the lesson, and who you will share it with.

**How it is scored.** Small checks of the form of your write-up run when you submit, and you can
run them as you go: each says in one line what is missing and how to fix it. Your instructor
scores the substance of each part, against the table shown above it.

**What you need**: about 45 minutes, and enough pandas to fill in a small table.
""")

code("""
import pandas as pd

from course import postmortem
from course.exercises import DraftedMessage
from course.grading import check_code, grade, saved, try_code
from course.progress import summary

pd.set_option("display.max_colwidth", None)  # show every sentence in full
""", nbgrader=nbg("setup"))

md("""
## Choose your mistake

Pick a mistake of your own, at work or in your studies: one that affected someone else, and that
is over. If you would rather not, take one of the three short cases below and write it up as if
it were yours, in the first person; you may fill in details the case leaves out.

**Case A: the missed deadline.** You coordinate a grant application for your team. The funder's
portal closed at 17:00 on Friday 6 March 2026; your calendar said Monday 9 March, copied from last
year's call. You noticed on Monday at 09:15, when the portal showed "closed". Your manager, Ravi,
had promised the partner charity the application was in. You called the funder at 09:40; they
allowed no late entries, but told you the next round opens on 1 June.

**Case B: the wrong invoice.** You freelance for a small publisher, Harbour Books. On Tuesday
3 March 2026 at 16:40 you sent them invoice INV-0312 for £4,800; it should have been £480 (12
hours at £40). You had copied your last invoice, to another client, and changed the lines but not
the total, which your template does not compute. Their system approved it for Thursday's payment
run; their bookkeeper, Marta, noticed on Wednesday at 14:20 and emailed you at 14:32.

**Case C: the deleted shared file.** Tidying your team's shared drive on Friday 13 March 2026 at
17:30, you deleted a folder called "old-2025". It held the live staff rota, which your colleague
Ola links to from the team's calendar. On Monday at 08:05 the link was broken and two people
missed the start of their shifts. Ola told you at 08:40; you restored the folder from the drive's
bin at 08:52.
""")

md("""
## Assess the damage

In a few lines: **what happened** (the summary), and **its impact**: who was affected and how,
with figures where there are any (money, hours, people), and what was averted. Then the
**timeline**: one row per moment, from the first cause you know of, through the moment it was
noticed, to the moment it was resolved. Write each time as `"2026-03-14 09:30"`.

The example postmortem in the SRE book's appendix D has these same parts.
*Source: Beyer et al., Site Reliability Engineering, appendix D, "Example Postmortem",
https://sre.google/sre-book/example-postmortem/*
""")

locked_md("postmortem-assess-prompt", rubric(
    "### Your summary, impact and timeline (4 points, read only by your instructor)", 4,
    "The SRE book's review questions: *Was key incident data collected for posterity? Are the impact "
    "assessments complete?*",
    [("4", "The summary says what happened, to whom, in two or three sentences; the impact names everyone "
           "affected, with figures where they exist; it says what was averted or is still at risk; the "
           "timeline runs from the first cause through detection to resolution"),
     ("3", "Three of those four"), ("2", "Two of them"), ("1", "One of them"), ("0", "Nothing written yet")]))

written_code("postmortem-assess", "assess", 4, '''
# Write your summary and the impact between the triple quotes, and one row of the timeline per moment.
incident_summary = """

"""
impact = """

"""
timeline = pd.DataFrame(
    [
        # ("2026-03-14 09:30", "what happened then"),
    ],
    columns=["when", "what"],
)
''', '''
incident_summary = """
On 3 March I sent Harbour Books an invoice for £4,800 instead of £480. Their bookkeeper, Marta,
caught it the next afternoon, before it was paid, and I sent a credit note and the right invoice
within the hour.
"""
impact = """
Harbour Books received an invoice ten times too high, and their system approved it for Thursday's
payment run. Marta spent about an hour checking it and taking it off the run. No money moved, so
there is nothing to refund, but had it been paid she would have had to chase £4,320 back from me
at her month end. It came a week before they decide on next quarter's work with me.
"""
timeline = pd.DataFrame(
    [
        ("2026-03-03 16:20", "I copy invoice INV-0311 (another client, £4,800) to make Harbour Books' invoice"),
        ("2026-03-03 16:40", "I send INV-0312: 12 hours at £40, with the copied total of £4,800"),
        ("2026-03-04 10:05", "Harbour Books' system approves it for Thursday's payment run"),
        ("2026-03-04 14:20", "Marta notices it is ten times my usual invoice"),
        ("2026-03-04 14:32", "Marta emails me to ask whether it is right"),
        ("2026-03-04 15:10", "I read her email and check the invoice"),
        ("2026-03-04 15:25", "I reply with a credit note and the corrected invoice, INV-0313, for £480"),
        ("2026-03-04 15:40", "Marta takes INV-0312 off the payment run"),
    ],
    columns=["when", "what"],
)
''')

md("""
Check your timeline with pandas before the course does: read the times as dates, and ask whether
they only ever go forward. A `False` means a row is out of place (or a time is mistyped).
""")

code("""
when = pd.to_datetime(timeline["when"], errors="coerce")  # a time pandas cannot read becomes NaT
when.is_monotonic_increasing, when.isna().sum()          # in order? how many times unreadable?
""")

md("""
The check below reads the form of this step: the summary and impact written, at least three rows
in the timeline, each dated and saying what happened, in time order. Run it as often as you like.
""")

check_cell("postmortem-assess-check", "assess", 3, "assess_checks")

md("""
## Own it

First, the message to the person your mistake affected most (if you wrote one at the time, write
it better now). Keep it short: own the mistake in your first lines, in the first person, and say
what you have done or will do to put it right, and when. Ask for nothing, forgiveness included. The
checklist under the box gives that its full marks, and flags what undoes an apology: blame, excuses,
grovelling, a stock phrase, a mistake with no one doing it ("the invoice went out wrong").

Then say what **your** part was, in the first person: what you did or did not do, without excuses
and without running yourself down. A blameless postmortem names no one as the cause, you included;
it still says plainly who did what.
""")

code("""
# Question: answer it below.
q_message = DraftedMessage(
    'postmortem-message',
    step='own',
    points=2,
    prompt='Your message to the person your mistake affected most',
    max_words=120,
)
q_message
""", nbgrader=nbg("postmortem-message-question"))

code('''
# Or answer in code: q_message.answer("""your message""")
### BEGIN SOLUTION
q_message.answer("""Hi Marta,

Thank you for catching this, and I'm sorry for the extra work. The invoice I sent on Tuesday was wrong, and the mistake was mine: I copied an old invoice and left its total. The right amount is £480, for 12 hours at £40. I have attached a credit note for INV-0312 and the corrected invoice, INV-0313. From now on my invoices compute the total from the hours, and I check it before sending.

Best wishes,
Alex""")
### END SOLUTION
''', nbgrader=nbg("postmortem-message-answer", solution=True, locked=False))

code("""
saved('postmortem-message')
### BEGIN HIDDEN TESTS
grade('postmortem-message')
### END HIDDEN TESTS
""", course={"exercise": "postmortem-message", "step": "own"},
     nbgrader=nbg("postmortem-message", grade=True, points=2))

locked_md("postmortem-own-prompt", rubric(
    "### Your part, and your message (4 points, read only by your instructor)", 4,
    "After the SRE book's blameless postmortem: it says plainly who did what, and blames no one.",
    [("4", "Your part is in the first person and plain, with no excuse and no self-reproach; it names no one "
           "else as the cause; the message above owns the mistake in the first person in its first lines; "
           "it gives a repair the person can act on, and when, without asking for forgiveness"),
     ("3", "Three of those four"), ("2", "Two of them"), ("1", "One of them"), ("0", "Nothing written yet")]))

written_code("postmortem-own", "own", 4, '''
# Your part in it, in the first person, in a sentence or two.
my_part = """

"""
''', '''
my_part = """
I made the invoice by copying my last one, to another client, and changed the lines but not the
total. I sent it without comparing the total with the hours and rate on it.
"""
''')

check_cell("postmortem-own-check", "own", 1, "own_checks")

md("""
## Reflect: why did it happen?

Ask "why?" of the mistake, then of each answer, until you reach something you can change: a step,
a tool, a habit with a trigger. Five whys is a habit, not a rule. "Human error", "I was careless"
or "I must be more careful" is where a chain stops too early: ask why once more. *Source: the 5
Whys technique of the Toyota Production System (Taiichi Ohno); the SRE book, ch. 15.*

Then two short parts of every SRE postmortem's "lessons learned": what went well, and where you got
lucky (what stopped it from being worse, by chance rather than by design).
""")

locked_md("postmortem-reflect-prompt", rubric(
    "### Your chain of whys (4 points, read only by your instructor)", 4,
    "The SRE book's review question: *Was the root cause sufficiently deep?*",
    [("4", "Each why answers the one before it; the chain goes past the slip itself to a step, tool or habit; "
           "its last why is something you can change; where you got lucky names what would have happened "
           "otherwise"),
     ("3", "Three of those four"), ("2", "Two of them"), ("1", "One of them"), ("0", "Nothing written yet")]))

written_code("postmortem-reflect", "reflect", 4, '''
# One sentence per why, from the mistake down to a cause you can change; then the two short parts.
why_chain = [
    # "why 1: ...",
]
went_well = """

"""
got_lucky = """

"""
''', '''
why_chain = [
    "Harbour Books got a £4,800 invoice because I sent one carrying another client's total.",
    "It carried that total because I made it by copying my last invoice and changing only the lines.",
    "The total did not follow the lines because my template holds the total as a typed number, not a sum.",
    "Nothing caught it before sending because I have no step that compares the total with hours times rate.",
]
went_well = """
I answered Marta within an hour of reading her email, and sent the credit note and the right
invoice in the same reply, so she had all she needed to fix her side at once.
"""
got_lucky = """
Marta happened to reconcile on Wednesday, the day before the payment run. Had it been paid, she
would have chased £4,320 back at her month end, and I would have found out from her accounts team.
"""
''')

check_cell("postmortem-reflect-check", "reflect", 3, "reflect_checks")

md("""
## Fix it, and stop it happening again

Write the action items: each one thing that will be done, **who** owns it (you, most often), and
**when** it is due. Aim for one that stops a repeat and one that would catch it sooner next time.
Date the write-up too: `written_on` is the day you write it.

A due date counts as ahead when it falls after the day of your timeline's last entry and not
before `written_on`; the course never compares it with today, so your plan is judged the same on
the day you submit and the day it is graded.
""")

locked_md("postmortem-fix-prompt", rubric(
    "### Your action plan (4 points, read only by your instructor)", 4,
    "The SRE book's review question: *Is the action plan appropriate?*",
    [("4", "Each action answers a cause in your chain (or a place you got lucky); at least one stops a repeat "
           "and one would catch it sooner; each is specific enough to say when it is done; owners and dates "
           "are realistic"),
     ("3", "Three of those four"), ("2", "Two of them"), ("1", "One of them"), ("0", "Nothing written yet")]))

written_code("postmortem-fix", "fix", 4, '''
# One row per action item: what will be done, who owns it, and when it is due ("2026-04-01").
action_items = pd.DataFrame(
    [
        # ("what will be done", "who owns it", "2026-04-01"),
    ],
    columns=["action", "owner", "due"],
)
written_on = ""  # the day you write this, like "2026-03-20"
''', '''
action_items = pd.DataFrame(
    [
        ("Make my invoice template compute the total from hours times rate", "me", "2026-03-13"),
        ("Before sending any invoice, compare its total with the client's last three", "me", "2026-03-13"),
        ("Ask Marta whether a purchase-order number on my invoices would help her checks", "me", "2026-03-20"),
    ],
    columns=["action", "owner", "due"],
)
written_on = "2026-03-06"
''')

check_cell("postmortem-fix-check", "fix", 3, "fix_checks")

md("""
## Rebuild: share the lesson

A postmortem nobody reads prevents nothing. Write the lesson in a way that helps someone else, and
say who you will share it with, where and when. *Source: the SRE book, ch. 15, on sharing
postmortems widely.*
""")

locked_md("postmortem-rebuild-prompt", rubric(
    "### Your lesson, and who hears it (4 points, read only by your instructor)", 4,
    "The SRE book's review question: *Did we share the outcome with relevant stakeholders?*",
    [("4", "The lesson is general enough to help someone else; it says what to do differently, not to take "
           "more care; it names who will hear it, who share the same risk; it says where and when"),
     ("3", "Three of those four"), ("2", "Two of them"), ("1", "One of them"), ("0", "Nothing written yet")]))

written_code("postmortem-rebuild", "rebuild", 4, '''
# The lesson in a sentence or two, and who you will share it with (where and when).
lesson = """

"""
share_with = """

"""
''', '''
lesson = """
A total typed by hand drifts from the lines it should add up; whatever I copy from a template, the
numbers that depend on other numbers must compute themselves, or be checked against them before
it goes.
"""
share_with = """
The two freelancers I share templates with, at our monthly call on 12 March, with my fixed
template attached; and Marta, in one line, so she knows what has changed on my side.
"""
''')

check_cell("postmortem-rebuild-check", "rebuild", 2, "rebuild_checks")

md("""
## Your whole write-up

Every check at once: a line for each thing still missing, or one saying every part is there. The
substance is for your instructor.
""")

code("""
print("\\n".join(postmortem.review(globals())) or "Every part of your write-up is there.")
""", nbgrader=nbg("postmortem-review"))

md("""
## Your progress

Your score for each step (in graded mode: how much you have written). Your instructor's scores
are added when you submit.
""")

code("summary()", nbgrader=nbg("progress-summary"), tags=["nbval-ignore-output"])

md("""
## Your completion record

This is the course's last notebook. Put your name between the quotes and run the cell: it writes
your completion record, one printable page with your first-try and final scores for each step
across every case, the cases you completed and the date. It holds none of your answers and none of
this write-up. Working on your own, it is your certificate of completion.
""")

code("""
from course.completion import show_record

show_record(name="")
""", tags=["nbval-ignore-output"])

nb = {"cells": cells,
      "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}},
      "nbformat": 4, "nbformat_minor": 5}
OUT.parent.mkdir(parents=True, exist_ok=True)
with open(OUT, "w", encoding="utf-8") as handle:
    json.dump(nb, handle, indent=1, ensure_ascii=False)
    handle.write("\n")
print(f"wrote {OUT.relative_to(ROOT)}: {len(cells)} cells")
