#!/usr/bin/env python3
"""Rebuild solutions/00-orientation/orientation.ipynb from the plain content below (issue 16).

Why a script: the notebook is written once, in plain text (plain explanations, the plain key in each
hidden test), and the key material is then made by `scripts/reseal-questions`; re-running this
script and those steps gives the same notebook. Usage (from the repository root):

    .venv/bin/python tools/rewrite_00.py
    .venv/bin/python scripts/reseal-questions 00-orientation
    .venv/bin/python scripts/answer-cell-lines
    .venv/bin/course build 00-orientation
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATH = ROOT / "solutions" / "00-orientation" / "orientation.ipynb"

INC = "*Source: Inc. article, \"top 5 strategies\" for handling the aftermath of a mistake.*"
BLOG = ("*Source: \"10 things you should do if you make a big mistake\" (citing a TechRepublic post), "
        "Personal Branding Magazine blog, November 2007.*")


def nbgrader(grade_id: str, *, grade: bool = False, solution: bool = False, locked: bool = True,
             points: float | None = None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return meta


def lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def markdown(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": lines(text.strip("\n"))}


def code(text: str, metadata: dict | None = None) -> dict:
    return {"cell_type": "code", "execution_count": None, "metadata": metadata or {}, "outputs": [],
            "source": lines(text.strip("\n"))}


def literal(value) -> str:
    return repr(value)


def exercise(cls: str, var: str, exercise_id: str, step: str, points: int, prompt: str, *,
             choices: list[str], key, explanations: dict[str, str], explanation: str | None = None,
             categories: list[str] | None = None) -> list[dict]:
    """The question cell, the answer cell and the grade cell of one widget exercise."""
    field = "options" if cls in ("SingleChoice", "MultipleChoice") else "items"
    missing = set(choices) - set(explanations)
    assert not missing or cls == "Ordering", (exercise_id, missing)
    body = [f"{var} = {cls}(", f"    {exercise_id!r},", f"    step={step!r},", f"    points={points},",
            f"    prompt={prompt!r},", f"    {field}=["]
    body += [f"        {c!r}," for c in choices] + ["    ],"]
    if categories:
        body += ["    categories=["] + [f"        {c!r}," for c in categories] + ["    ],"]
    body += ["    explanations={"] + [f"        {k!r}: {v!r}," for k, v in explanations.items()] + ["    },"]
    if explanation:
        body += [f"    explanation={explanation!r},"]
    body += [")", var]
    question = code("# Question: answer it below.\n" + "\n".join(body), {"nbgrader": nbgrader(f"{exercise_id}-question")})
    answer_value = key[0] if cls == "Ordering" and isinstance(key[0], list) else key
    answer = code(f"# Or answer in code: {var}.answer(...)\n### BEGIN SOLUTION\n{var}.answer({literal(answer_value)})\n"
                  "### END SOLUTION",
                  {"nbgrader": nbgrader(f"{exercise_id}-answer", solution=True, locked=False)})
    graded = code(f"saved({exercise_id!r})\n### BEGIN HIDDEN TESTS\ngrade({exercise_id!r}, key={literal(key)})\n"
                  "### END HIDDEN TESTS",
                  {"course": {"exercise": exercise_id, "step": step},
                   "nbgrader": nbgrader(exercise_id, grade=True, points=points)})
    return [question, answer, graded]


CELLS: list[dict] = []
add = CELLS.extend

# --- opening -------------------------------------------------------------------------------------

add([markdown("""
# Orientation: five steps for recovering from a mistake

Everyone makes mistakes at work. What sets people apart is what they do next. This notebook sets out
the five steps this course uses for every case, with a real story and two everyday cases as
examples. It takes about 30 minutes and needs no programming: you answer by clicking. (The three
case notebooks that follow use some pandas.)

**By the end you can**

1. **Assess the damage**: pause, and size a mistake before you act on it: who has it, what they
   have done with it, and whether a quick fix is still open.
2. **Speak with the relevant parties**: decide who must hear it and when (your own manager among
   them), send a short holding statement, and use words that own the mistake.
3. **Fix it, and show it won't happen again**: offer a repair the other side can accept, and
   prevention that is a specific check, not a promise to be careful.
4. **Self-reflect**: ask "why?" until you reach a cause you can act on, and decide from evidence
   whether it was a one-off or a pattern.
5. **Earn trust back through your actions**: follow through over the weeks after, deliver
   consistently, and share the lesson.

**How the exercises work**

- Answer by clicking. Each answer is saved the moment you give it, in a file called
  `responses.json` next to this notebook, so you can close the notebook and come back.
- In practice mode (the default) you get feedback straight away. Change your answer as often as
  you like: only your latest answer counts.
- Prefer the keyboard or a screen reader? Use Tab to move between options and Space or the arrow
  keys to choose, or answer in code in the cell under each question (there is an example there).
- Start with **Run > Run All Cells**. Running the cells again never erases an answer.
"""),
     markdown("In a live workshop? Type the session code and your name between the quotes, then run the cell. "
              "Working on your own? Leave them empty."),
     code('from course.workshop import join\njoin(code="", name="")'),
     code("from course.exercises import Categorise, MultipleChoice, Ordering, SingleChoice\n"
          "from course.grading import grade, saved\nfrom course.progress import summary",
          {"nbgrader": nbgrader("setup")}),
     markdown(f"""
## A real story and two everyday cases

**The accidental spammer.** A blogger was handed a list of 10,000 names in one industry and
emailed every one of them to promote a teleclass:

> "In my enthusiasm at receiving such a windfall, and with a high profile joint venture to
> promote, I emailed all 10,000 contacts directly (horror of horrors) … An uncomfortable 24 hours
> followed."

What turned it around was a recovery plan, started at once, which "earned me a lot more emails of
thanks and understanding."

{BLOG}

Do not read that as a trick for coming out ahead. A meta-analysis of service recovery studies found
that a good recovery can lift satisfaction above where it was before the failure, but not the
intention to buy again or what people tell others; and the more serious the failure, the less a
recovery makes up for it. A good recovery limits the damage. It does not leave you better off than
never having made the mistake.

*Sources: de Matos, Henrique & Rossi (2007), "Service Recovery Paradox: A Meta-Analysis", Journal of
Service Research 10(1): 60-77; Soares & Proença (2015), "Does Service Failure Context Matter?
Customers' Response to Service Recovery", Journal of Marketing Research & Case Studies.*

**Two everyday cases.** An Inc. article opens with two mistakes most of us could make on a busy
day:

> "You mistakenly hit send on a half-written email to an important client. You attached last
> year's numbers to this year's report."

{INC}

The article's cases are made up, to stand for many real ones, and so is the data in the case
notebooks: the course works through all three cases, one notebook each. This one sets out the
steps, on the wrong-report case.
"""),
     markdown("""
## The five steps

The course's five steps follow the Inc. article's five headings. Step 3 is worded for what the course
asks of you (a fix, and prevention), where the article's heading speaks of explaining.

| # | The course's step | The Inc. article's heading | From the article |
|---|------|------|------|
| 1 | **Assess the damage** | "Assess the damage." | "pause, assess, and gather yourself" |
| 2 | **Speak with the relevant parties** | "Speak with the relevant parties." | "admit your mistake fully. Take responsibility." |
| 3 | **Fix it, and show it won't happen again** | "Explain it will never happen again." | "Devise an action plan to fix this problem" |
| 4 | **Self-reflect** | "Self-reflect." | "Was this a one-off mistake? Or is this somewhat of a pattern?" |
| 5 | **Earn trust back through your actions** | "Earn trust back through your actions." | "Excellent work is the very best remedy" |

The blogger puts the last step this way: "How will you share the lessons so that no-one who works
with you or for you makes a similar mistake?"

*Sources: Inc. article, "top 5 strategies" for handling the aftermath of a mistake; Personal Branding
Magazine blog, November 2007.*

Every exercise in the course is scored against one of these steps, so at the end you see where
you are strong and which step to practise. The cell below lists what good practice looks like in
each step.
"""),
     code("from course.rubric import STEPS\n\nfor step in STEPS:\n"
          "    print(f\"{step.number}. {step.title}: {step.question}\")\n"
          "    for habit in step.good_practice:\n        print(f\"   - {habit}\")",
          {"nbgrader": nbgrader("rubric-table")}),
     ])

# --- step 1: assess ------------------------------------------------------------------------------

add([markdown("""
## Step 1: Assess the damage

It is 10:15. You have just noticed that the report you emailed a client at 9:00 has last year's
numbers attached. Your heart is racing.
""")])
add(exercise(
    "SingleChoice", "q_first_move", "orient-first-move", "assess", 3,
    "What do you do in the next ten minutes?",
    choices=[
        "Email the client at once with a full apology and an explanation",
        "Send the right file quietly, with a short note saying 'updated version'",
        "Recall the message in Outlook and get on with the day",
        "Check what was sent, to whom, and whether they have used it",
    ],
    key="Check what was sent, to whom, and whether they have used it",
    explanations={
        "Email the client at once with a full apology and an explanation":
            "Speaking up matters, but not before you know the facts: a rushed message often needs a second correction.",
        "Send the right file quietly, with a short note saying 'updated version'":
            "This buries the mistake. If they have already used the old numbers, they find out later, and trust suffers twice.",
        "Recall the message in Outlook and get on with the day":
            "Recall rarely reaches someone outside your organisation, and the message may already have been read.",
        "Check what was sent, to whom, and whether they have used it":
            "A few minutes of checking tell you how serious it is and what to say.",
    },
    explanation=("Pausing is not delaying: it is the fastest way to a message you will not have to correct. "
                 "The Inc. article: \"Your emotions scream panic, but keep a level head. How serious is this "
                 "actually? Is there a quick potential fix? Or is the damage already done?\""),
))
add([markdown("Sizing a mistake means asking questions before acting on the answers.")])
add(exercise(
    "MultipleChoice", "q_assess_questions", "orient-assess-questions", "assess", 3,
    "Before you contact anyone, which questions do you answer? Tick all that apply.",
    choices=[
        "Who received it, and did they forward it?",
        "Whose fault was it, and who else touched the file?",
        "Has anyone already used the numbers?",
        "Is there still a quick fix, or is the damage done?",
    ],
    key=["Who received it, and did they forward it?", "Has anyone already used the numbers?",
         "Is there still a quick fix, or is the damage done?"],
    explanations={
        "Who received it, and did they forward it?": "The scope: one person, a whole finance team, or ten thousand contacts?",
        "Whose fault was it, and who else touched the file?":
            "Hunting for the culprit does not size the damage. Causes come later, in step 4, and they are about systems, not people.",
        "Has anyone already used the numbers?": "A forwarded file or a decision already made changes how urgent it is.",
        "Is there still a quick fix, or is the damage done?": "The Inc. article's own question: it decides what you do next.",
    },
))

# --- step 2: own ---------------------------------------------------------------------------------

add([markdown("""
## Step 2: Speak with the relevant parties

By 10:30 you know: the client's finance lead has the wrong report, has not forwarded it, and plans
to use it at a budget meeting at 2 pm. The corrected file will take you about an hour.
""")])
add(exercise(
    "MultipleChoice", "q_who_hears", "orient-who-hears", "own", 3,
    "Who hears about it from you this morning? Tick all that apply.",
    choices=[
        "Your manager, in two lines, before you call the client",
        "Nobody yet: you call the client once the right file is ready",
        "The client, now, in a short call with a time for the fix",
        "The whole department, so everyone checks their files today",
    ],
    key=["Your manager, in two lines, before you call the client",
         "The client, now, in a short call with a time for the fix"],
    explanations={
        "Your manager, in two lines, before you call the client":
            "Inc.: \"Your boss, your client–whoever it is–wants to understand what happened and why.\" "
            "Your manager should not hear it first from the client.",
        "Nobody yet: you call the client once the right file is ready":
            "Tempting, because you want to arrive with the solution; but an hour of silence is an hour in "
            "which they may use the wrong numbers.",
        "The client, now, in a short call with a time for the fix":
            "A short first word now stops them using the wrong numbers; the full fix follows.",
        "The whole department, so everyone checks their files today":
            "A panic broadcast, before you even know the cause. Sharing the lesson comes later, in step 5.",
    },
    explanation=("Speak \"as soon as you can, but after you've had a chance to assess\" (Inc.): the people "
                 "who rely on the work, and the person responsible for yours."),
))
add([markdown("At 10:35 you phone the finance lead.")])
add(exercise(
    "Ordering", "q_call_order", "orient-call-order", "own", 3,
    "Put the parts of your call to the client in a good order, first to last. Select an item, then move it.",
    choices=[
        "Offer the fix and when they will have it",
        "Take responsibility: it was your mistake",
        "Ask whether that works for them, or what they would prefer",
        "Say plainly what happened: the report had last year's numbers",
        "Say what it affects, as far as you know",
    ],
    key=["Say plainly what happened: the report had last year's numbers", "Take responsibility: it was your mistake",
         "Say what it affects, as far as you know", "Offer the fix and when they will have it",
         "Ask whether that works for them, or what they would prefer"],
    explanations={
        "Say plainly what happened: the report had last year's numbers": "Lead with the facts, so they do not have to guess.",
        "Take responsibility: it was your mistake": "Owning it early makes everything after it believable.",
        "Say what it affects, as far as you know": "Your assessment from step 1 goes here.",
        "Offer the fix and when they will have it": "A concrete repair with a time.",
        "Ask whether that works for them, or what they would prefer": "The client has the final call on the fix.",
    },
    explanation="Facts, ownership, impact, repair, their say: short and in that order.",
))
add([markdown("""
On the call she asks you to put it in writing for her team before the corrected file arrives. That
note is a **holding statement**, a short first message sent before you have the full fix: what
happened, that it is yours, what they should do meanwhile, and when they will hear from you next.
Sent early, it keeps silence from being read as hiding.

Not every sentence helps, though. Some sound kind but shift the blame, play the mistake down, or
make the message about you.
""")])
add(exercise(
    "Categorise", "q_first_message", "orient-first-message", "own", 3,
    "Sort each sentence you might put in your holding statement to the client: does it help or hurt?",
    choices=[
        "I sent you last year's figures by mistake this morning.",
        "Our system makes the two files look identical, so it was bound to happen.",
        "That was my error.",
        "I feel awful about this and I'm so, so sorry.",
        "Apologies if this caused any confusion.",
        "You will have the corrected report by noon, well before your 2 pm meeting.",
    ],
    categories=["helps", "hurts"],
    key={"I sent you last year's figures by mistake this morning.": "helps",
         "That was my error.": "helps",
         "Our system makes the two files look identical, so it was bound to happen.": "hurts",
         "I feel awful about this and I'm so, so sorry.": "hurts",
         "You will have the corrected report by noon, well before your 2 pm meeting.": "helps",
         "Apologies if this caused any confusion.": "hurts"},
    explanations={
        "I sent you last year's figures by mistake this morning.": "Plain facts, first.",
        "Our system makes the two files look identical, so it was bound to happen.":
            "An excuse: it moves the blame to the system.",
        "That was my error.": "Full ownership in four words.",
        "I feel awful about this and I'm so, so sorry.": "Grovelling makes the message about you, not about them.",
        "Apologies if this caused any confusion.": "A conditional apology ('if') plays the mistake down.",
        "You will have the corrected report by noon, well before your 2 pm meeting.":
            "A concrete repair with a time: what a holding statement promises.",
    },
))
add([markdown("""
Researchers took apologies apart into six components and asked which ones count. Apologies with more
of the components were rated as more effective, and the components did not all weigh the same.

*Source: Lewicki, Polin & Lount (2016), "An Exploration of the Structure of Effective Apologies",
Negotiation and Conflict Management Research 9(2): 177-196.*
""")])
add(exercise(
    "Categorise", "q_apology_parts", "orient-apology-parts", "own", 2,
    "Take this apology apart: which component is each sentence?",
    choices=[
        "I'm sorry for the trouble it caused you.",
        "The corrected report is attached, and I can walk your finance lead through it.",
        "I sent you last year's figures: that was my mistake.",
        "I hope you can forgive the slip.",
        "I reused last year's file as a template and didn't check the year.",
        "I've set up a naming rule and a second check, so it won't happen again.",
    ],
    categories=["acknowledgment of responsibility", "expression of regret", "explanation",
                "declaration of repentance", "offer of repair", "request for forgiveness"],
    key={"I sent you last year's figures: that was my mistake.": "acknowledgment of responsibility",
         "I'm sorry for the trouble it caused you.": "expression of regret",
         "I reused last year's file as a template and didn't check the year.": "explanation",
         "I've set up a naming rule and a second check, so it won't happen again.": "declaration of repentance",
         "The corrected report is attached, and I can walk your finance lead through it.": "offer of repair",
         "I hope you can forgive the slip.": "request for forgiveness"},
    explanations={
        "I sent you last year's figures: that was my mistake.": "It names the mistake and who made it.",
        "I'm sorry for the trouble it caused you.": "Regret, about their trouble rather than your feelings.",
        "I reused last year's file as a template and didn't check the year.":
            "A short explanation, not an excuse: it still owns the mistake.",
        "I've set up a naming rule and a second check, so it won't happen again.":
            "Repentance backed by a specific change.",
        "The corrected report is attached, and I can walk your finance lead through it.":
            "A repair they can accept or change.",
        "I hope you can forgive the slip.": "Asking for forgiveness.",
    },
))
add(exercise(
    "SingleChoice", "q_most_important", "orient-most-important", "own", 2,
    ("Her head of finance, who was not on the call, rings you between two meetings: you have time "
     "for one sentence before he has to go. Which sentence do you use?"),
    choices=[
        "I'm so sorry about the report this morning, truly.",
        "I do hope you can forgive me for this morning's slip.",
        "I sent you last year's figures, and that was my mistake.",
        "The template I used still held last year's figures, you see.",
    ],
    key="I sent you last year's figures, and that was my mistake.",
    explanations={
        "I'm so sorry about the report this morning, truly.":
            "Regret helps, but on its own 'I'm sorry' can sound like words without ownership.",
        "I do hope you can forgive me for this morning's slip.":
            "Lewicki and colleagues found the request for forgiveness mattered least of the six.",
        "I sent you last year's figures, and that was my mistake.":
            "Acknowledging responsibility mattered most in the study; an offer of repair came second.",
        "The template I used still held last year's figures, you see.":
            "An explanation on its own, with nobody owning it, sounds like an excuse.",
    },
    explanation="With one sentence, own it: say 'it was my mistake' plainly; the repair comes next.",
))

# --- step 3: fix ---------------------------------------------------------------------------------

add([markdown("""
## Step 3: Fix it, and show it won't happen again

You offered to send the corrected report by noon. The finance lead writes back: she would rather you
walked her through the changed lines on a short call before her meeting.
""")])
add(exercise(
    "SingleChoice", "q_final_say", "orient-final-say", "fix", 3,
    "It is 11:00. What do you do?",
    choices=[
        "Book a short call before 2 pm, and send the file as well",
        "Send the file by noon as planned: a call takes longer",
        "Send the file with a short note listing every changed line",
        "Offer a discount on this month's fee to make up for it",
    ],
    key="Book a short call before 2 pm, and send the file as well",
    explanations={
        "Book a short call before 2 pm, and send the file as well":
            "She asked for the call: a repair she chose works better for her than the one you planned.",
        "Send the file by noon as planned: a call takes longer":
            "Quicker for you, but the repair has to work for them.",
        "Send the file with a short note listing every changed line":
            "Thorough, and still your repair in place of the one she asked for.",
        "Offer a discount on this month's fee to make up for it":
            "Money does not fix the numbers on her desk, and it can read as buying silence.",
    },
    explanation=("The Inc. article: \"Devise an action plan to fix this problem (though understanding your "
                 "client has the final call and might have different ideas)\"."),
))
add([markdown("""
The second half of step 3 is prevention: "what specifically you'll do to make sure this never happens
again" (Inc. article).
""")])
add(exercise(
    "MultipleChoice", "q_never_again", "orient-never-again", "fix", 3,
    "On the call she asks how you will stop this happening again. Which of these make your answer believable? Tick all that apply.",
    choices=[
        "Promise to be much more careful with every report from now on",
        "Put the reporting year in each file name, and check it before Send",
        "Send reports as links, so a wrong file can be taken down at once",
        "Have a colleague check each report against the notes before it goes",
        "Explain it was a one-in-a-hundred slip that will not come back",
    ],
    key=["Put the reporting year in each file name, and check it before Send",
         "Have a colleague check each report against the notes before it goes"],
    explanations={
        "Promise to be much more careful with every report from now on":
            "'Be careful' is not a plan: nothing about how the work is done changes.",
        "Put the reporting year in each file name, and check it before Send":
            "A specific check at a specific moment: a plan anyone can see you keep.",
        "Send reports as links, so a wrong file can be taken down at once":
            "A way to pull a mistake back, not to prevent it: the wrong numbers may be read first.",
        "Have a colleague check each report against the notes before it goes":
            "A review step catches what one busy person misses.",
        "Explain it was a one-in-a-hundred slip that will not come back":
            "It plays the mistake down and promises with no plan behind it.",
    },
))

# --- step 4: reflect -----------------------------------------------------------------------------

add([markdown("""
## Step 4: Self-reflect

"Why did this happen? Were you multitasking to an extreme, and that caused you to miss a key
deadline or detail?" (*Inc. article*)

Teams that run blameless postmortems put it this way: "You can't 'fix' people, but you can fix
systems and processes." So "human error" is where to start asking why, not where to stop. Sort the
causes you find by what you can act on: the cases ask you to rank them that way.

*Sources: Google SRE book, ch. 15 "Postmortem Culture: Learning from Failure"; PagerDuty
incident response documentation, post-mortem process.*
""")])
add(exercise(
    "Categorise", "q_root_causes", "orient-root-causes", "reflect", 3,
    "Which of these is a root cause you can act on, and which is not?",
    choices=[
        "The client should have noticed the dates.",
        "I was finishing the report during a call while answering chat messages.",
        "Human error: I'll just be more careful.",
        "Last year's file was copied as a template, so both had the same name.",
        "There is no review step before client reports go out.",
    ],
    categories=["a root cause to act on", "not a root cause"],
    key={"I was finishing the report during a call while answering chat messages.": "a root cause to act on",
         "Last year's file was copied as a template, so both had the same name.": "a root cause to act on",
         "There is no review step before client reports go out.": "a root cause to act on",
         "The client should have noticed the dates.": "not a root cause",
         "Human error: I'll just be more careful.": "not a root cause"},
    explanations={
        "The client should have noticed the dates.": "Blame shifted to the client: nothing you can change.",
        "I was finishing the report during a call while answering chat messages.":
            "Multitasking to an extreme: a habit you can change.",
        "Human error: I'll just be more careful.": "It stops asking 'why' too soon.",
        "Last year's file was copied as a template, so both had the same name.":
            "A process gap you can close with a naming rule.",
        "There is no review step before client reports go out.": "A missing safety net you can add.",
    },
))
add([markdown("""
The "5 whys" habit asks "why?" again and again, until the answer is something you can act on.
Five is a habit, not a rule.

*Source: the 5 Whys technique of the Toyota Production System (Taiichi Ohno).*
""")])
add(exercise(
    "Ordering", "q_why_chain", "orient-why-chain", "reflect", 3,
    "Order this chain of whys, from what went wrong down to the cause you can act on.",
    choices=[
        "I copied last year's folder as a template",
        "The client received last year's numbers",
        "We have no naming convention for reports",
        "I attached the wrong file",
        "Both files had the same name",
    ],
    key=["The client received last year's numbers", "I attached the wrong file", "Both files had the same name",
         "I copied last year's folder as a template", "We have no naming convention for reports"],
    explanations={
        "The client received last year's numbers": "The symptom: what the client saw.",
        "I attached the wrong file": "Why? The immediate slip.",
        "Both files had the same name": "Why was that easy to do?",
        "I copied last year's folder as a template": "Why did they share a name?",
        "We have no naming convention for reports": "The cause a team can fix for everyone.",
    },
    explanation="Each answer is the 'why' of the one before it; the last is something you can change.",
))
add([markdown("""
The article's other question is "Was this a one-off mistake? Or is this somewhat of a pattern?"
(*Inc. article*). Decide it from evidence, not from how you feel today. You look back over the
last twelve reports you sent this client: two others went out with last year's date in a footer,
and the client pointed both out.
""")])
add(exercise(
    "SingleChoice", "q_one_off", "orient-one-off", "reflect", 2,
    "One-off or pattern?",
    choices=[
        "One-off: this is the first time a whole file was wrong",
        "Pattern: the year has slipped three times now",
        "Too soon to say: wait and see if it happens again",
        "Pattern, in me: I am simply careless with dates",
    ],
    key="Pattern: the year has slipped three times now",
    explanations={
        "One-off: this is the first time a whole file was wrong":
            "Defining the mistake narrowly hides the two footers: the year went wrong three times.",
        "Pattern: the year has slipped three times now":
            "Three of twelve is a pattern in how reports are made, and a reason for a check in the process.",
        "Too soon to say: wait and see if it happens again":
            "The evidence is already there; waiting lets the client find the fourth.",
        "Pattern, in me: I am simply careless with dates":
            "A pattern, yes, but of the process: a verdict on yourself points at no change to make.",
    },
))

# --- step 5: rebuild -----------------------------------------------------------------------------

add([markdown("""
## Step 5: Earn trust back through your actions

Two weeks later the client is polite, but her team now checks every figure you send.
""")])
add(exercise(
    "MultipleChoice", "q_earn_trust", "orient-earn-trust", "rebuild", 3,
    "Which of these earns her trust back? Tick all that apply.",
    choices=[
        "Open each call by saying again how sorry you are",
        "Offer next month's report free to make up for it",
        "Deliver each report on time and checked, unprompted",
        "Ask her directly whether she trusts you again yet",
    ],
    key=["Deliver each report on time and checked, unprompted"],
    explanations={
        "Open each call by saying again how sorry you are":
            "Repeating the apology keeps the mistake in her mind, not your reliability.",
        "Offer next month's report free to make up for it":
            ("A gesture can soften the moment, but even a good recovery does not leave you ahead "
             "(de Matos et al. 2007): a record of reliable work does more."),
        "Deliver each report on time and checked, unprompted":
            "Inc.: \"consistently delivering results and being ultra reliable\". Trust comes back one delivery at a time.",
        "Ask her directly whether she trusts you again yet":
            "It asks her to reassure you; trust is shown to her, not asked of her.",
    },
    explanation="Only one of these is the remedy the article names: \"Excellent work is the very best remedy\".",
))
add([markdown("""
Rebuilding takes weeks, not one gesture, and the blogger adds a part that reaches beyond the client:
"How will you share the lessons so that no-one who works with you or for you makes a similar
mistake?" (*Personal Branding Magazine blog, November 2007*)
""")])
FOLLOW = ["Confirm that the corrected figures reached everyone who uses them",
          "Show your team the slip and the check you added, at the next team meeting",
          "Deliver the next three reports on time, each checked against the new list",
          "Ask the client, after those reports, whether anything still worries her"]
add(exercise(
    "Ordering", "q_team_guide", "orient-team-guide", "rebuild", 3,
    "Put your follow-through over the coming weeks in order, first to last.",
    choices=[FOLLOW[2], FOLLOW[1], FOLLOW[3], FOLLOW[0]],
    key=[FOLLOW, [FOLLOW[1], FOLLOW[0], FOLLOW[2], FOLLOW[3]]],
    explanations={
        FOLLOW[0]: "Close the loop on the fix first: the wrong numbers may have travelled.",
        FOLLOW[1]: "Share the lesson while it is fresh, so nobody who works with you repeats it.",
        FOLLOW[2]: "Consistent delivery is what rebuilds trust, and it takes more than one report.",
        FOLLOW[3]: "Asking once there is a record to judge by shows you are still following through.",
    },
    explanation=("Close the loop, share the lesson (either may come first), then a run of reliable "
                 "deliveries, then ask: trust is rebuilt over weeks, not in one gesture."),
))

# --- close ---------------------------------------------------------------------------------------

add([markdown("""
## Your progress

The table and chart show your score for each step (in graded mode: how many questions you have
answered). A short bar is not a verdict: it tells you which step to look at again. The next
notebooks apply the five steps to the three cases, with their data.
"""),
     code("summary()", {"nbgrader": nbgrader("progress-summary"), "tags": ["nbval-ignore-output"]})])


def main() -> None:
    old = json.loads(PATH.read_text(encoding="utf-8"))
    seen = set()
    for cell in CELLS:  # stable cell ids: from the grade id, else from the text
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        basis = grade_id or "".join(cell["source"])
        cell_id = hashlib.sha1(basis.encode()).hexdigest()[:8]
        assert cell_id not in seen, basis
        seen.add(cell_id)
        cell["id"] = cell_id
    metadata = {k: v for k, v in old["metadata"].items() if k != "course"}  # no "rewrite pending" left
    notebook = {"cells": CELLS, "metadata": metadata, "nbformat": old["nbformat"],
                "nbformat_minor": old["nbformat_minor"]}
    PATH.write_text(json.dumps(notebook, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {PATH.relative_to(ROOT)}: {len(CELLS)} cells")


if __name__ == "__main__":
    main()
