#!/usr/bin/env python3
"""Rebuild solutions/03-premature-send/premature-send.ipynb from this script (issue 16).

Why a script: the notebook is written wholesale from the plain texts below (plain explanations,
plain keys in the hidden tests), so a reader reviews one file and a re-run gives the same notebook.
Afterwards run, in this order:

    .venv/bin/python scripts/reseal-questions 03-premature-send   # key material from the plain keys
    .venv/bin/python scripts/answer-cell-lines                     # each answer cell's first line
    .venv/bin/course build 03-premature-send                       # notebooks/

Cell ids of cells that stay are kept (the cell's grade id, or its place in the story); new cells
get an id made from their name, so a re-run changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATH = ROOT / "solutions" / "03-premature-send" / "premature-send.ipynb"

KEPT_IDS = {
    "intro": "32a01044", "workshop-text": "368e128d", "workshop": "0a8003ab", "setup": "c755b052",
    "step1": "ee56c789", "show-sent": "144e10ed", "show-notes": "2d32c434",
    "premature-sentences-question": "e8014cd1", "premature-sentences-answer": "7854420c",
    "premature-sentences": "5873cd03", "undo-text": "c3ed35b0", "show-timeline-so-far": "f60fa106",
    "show-setup": "86f9dd29", "undo-sources": "13c3b196",
    "premature-undo-recall-question": "0e33f1b2", "premature-undo-recall-answer": "575d0457",
    "premature-undo-recall": "44e7653b", "premature-serious-question": "3732d60b",
    "premature-serious-answer": "2524d327", "premature-serious": "585036bb", "step2": "f7668bd5",
    "premature-prompt-question": "444bfa1f", "premature-prompt-answer": "f45c1413", "premature-prompt": "37cd92f2",
    "premature-first-words-question": "29d506b4", "premature-first-words-answer": "6323bb56",
    "premature-first-words": "ad59030b", "holding-text": "e1b2cdfe",
    "premature-follow-up-question": "66aaf45f", "premature-follow-up-answer": "14099401",
    "premature-follow-up": "94c7fd3d", "premature-follow-up-content": "6aab08c6",
    "premature-follow-up-manual": "fbbd5da4", "complete-text": "f8bbc177", "premature-complete": "2773ae27",
    "step4": "452dab3a", "step5": "556e092c", "premature-safeguards-question": "5836b473",
    "premature-safeguards-answer": "90e223f6", "premature-safeguards": "3c853e56",
    "premature-follow-through-question": "ec467cd6", "premature-follow-through-answer": "7ee55281",
    "premature-follow-through": "efdbd012", "progress-text": "e07e8136", "progress-summary": "61aea5c3",
}

NOTICED = "2026-02-10 14:27:33"  # the moment you notice: the timeline is shown up to it, the rest later


def _id(name: str) -> str:
    return KEPT_IDS.get(name) or hashlib.sha1(f"03-premature-send/{name}".encode()).hexdigest()[:8]


def _lines(text: str) -> list[str]:
    return text.strip("\n").splitlines(keepends=True)


def md(name: str, text: str, metadata: dict | None = None) -> dict:
    return {"cell_type": "markdown", "id": _id(name), "metadata": metadata or {}, "source": _lines(text)}


def code(name: str, text: str, metadata: dict | None = None) -> dict:
    return {"cell_type": "code", "execution_count": None, "id": _id(name), "metadata": metadata or {},
            "outputs": [], "source": _lines(text)}


def nbg(grade_id: str, *, grade=False, solution=False, locked=True, points=None, task=False) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": task}
    if points is not None:
        meta["points"] = points
    return dict(sorted(meta.items()))


def _dict_lines(name: str, mapping: dict) -> str:
    rows = "".join(f"        {k!r}: {v!r},\n" for k, v in mapping.items())
    return f"    {name}={{\n{rows}    }},\n"


def _list_lines(name: str, items: list) -> str:
    rows = "".join(f"        {v!r},\n" for v in items)
    return f"    {name}=[\n{rows}    ],\n"


def exercise(var: str, kind: str, eid: str, step: str, points: float, prompt: str, key, *,
             options=None, items=None, categories=None, explanations=None, explanation=None,
             extra: str = "", answer=None) -> list[dict]:
    """The question, answer and grade cells of one widget exercise, with plain texts and a plain key."""
    args = f"    {eid!r},\n    step={step!r},\n    points={points!r},\n    prompt={prompt!r},\n"
    if options is not None:
        args += _list_lines("options", options)
    if items is not None:
        args += _list_lines("items", items)
    if categories is not None:
        args += _list_lines("categories", categories)
    args += extra
    if explanations:
        args += _dict_lines("explanations", explanations)
    if explanation:
        args += f"    explanation={explanation!r},\n"
    question = f"# Question: answer it below.\n{var} = {kind}(\n{args})\n{var}"
    value = answer if answer is not None else key
    if isinstance(value, str) and "\n" in value:
        given = f'{var}.answer("""{value}""")'
    else:
        given = f"{var}.answer({value!r})"
    answer_cell = f"# Or answer in code\n### BEGIN SOLUTION\n{given}\n### END SOLUTION"
    hidden = f"grade({eid!r})" if key is None else f"grade({eid!r}, key={key!r})"
    grade_cell = f"saved({eid!r})\n### BEGIN HIDDEN TESTS\n{hidden}\n### END HIDDEN TESTS"
    return [
        code(f"{eid}-question", question, {"nbgrader": nbg(f"{eid}-question")}),
        code(f"{eid}-answer", answer_cell, {"nbgrader": nbg(f"{eid}-answer", solution=True, locked=False)}),
        code(eid, grade_cell, {"course": {"exercise": eid, "step": step},
                               "nbgrader": nbg(eid, grade=True, points=points)}),
    ]


def manual_table(title: str, rows: list[tuple[int, str]]) -> str:
    table = "".join(f"| {p} | {text} |\n" for p, text in rows)
    return f"{title}\n\n**How your instructor scores it**\n\n| Points | What it looks like |\n|---|---|\n{table}"


# --------------------------------------------------------------------------------------------------
# The story

INTRO = """
# Case 3: the half-written email

You are drafting a contract-renewal proposal to Dana Whitfield, an important client. Her address
is already in the To: line. Your manager calls; switching windows, you press Ctrl+Enter, and the
draft goes out half-written.

> "You mistakenly hit send on a half-written email to an important client."

*Source: Inc. article, "top 5 strategies" for handling the aftermath of a mistake. The case is
hypothetical, as in the article; the email, notes and timeline below are synthetic, made for this
course.*

It took one keystroke; the recovery takes the rest of the afternoon. In this notebook you work the
case through the five steps, deciding at each one what you do next, with the facts you have at that
moment.

**What you will be able to do**

1. *Assess*: read what the client received against what you meant to send, and say whether undo or
   recall can still help.
2. *Own*: decide when to speak, who must hear it (your own manager too), and write a short holding
   reply that owns the slip.
3. *Fix*: write the complete email from your notes, and order the safeguards that stop a repeat.
4. *Reflect*: build a chain of "why?" from the case's facts down to a cause you can act on, then
   reflect on a mistake of your own.
5. *Rebuild*: choose the follow-through that earns trust back over the next weeks, and how to share
   the lesson.

**What you need**: no pandas beyond running the cells that show the tables (one of them keeps the
rows up to a time: `timeline[timeline["at"] <= "2026-02-10 14:27:33"]`). It takes about 50 minutes.
"""

SETUP = """
import pandas as pd

from course.data import load
from course.exercises import Categorise, DraftedMessage, MultipleChoice, Ordering, SingleChoice
from course.grading import check_code, grade, saved, try_code
from course.progress import summary

pd.set_option("display.max_colwidth", None)  # show every sentence and note in full

sent_draft = load("03-premature-send", "sent_draft")      # the email as it went out, sentence by sentence
writer_notes = load("03-premature-send", "writer_notes")  # what the complete email was meant to say
timeline = load("03-premature-send", "timeline")          # what happened, when
mail_setup = load("03-premature-send", "mail_setup")      # the settings that decide what undo or recall can do
"""

STEP1 = """
## Step 1: Assess the damage

"Your emotions scream panic, but keep a level head. How serious is this actually? Is there a quick
potential fix? Or is the damage already done?" (*Inc. article*)

First, read exactly what Dana received, and compare it with what you meant to say.
"""

SENT = [
    "Hi Dana,",
    "Thanks again for meeting us on Thursday; it was good to hear how the new depots are going.",
    "As promised, here is our proposal for renewing the analytics contract for 2026-27.",
    "The annual fee would be £54,000, payable quarterly.",
    "The new route dashboard would",
    "(Check with Sam whether we can still go lower, they pushed back hard on price last year.)",
    "We could also include two training days for",
    "TODO: attach the two case studies before sending",
    "Let me know if you have any questions.",
    "Looking forward to",
]
SENTENCES_KEY = dict(zip(SENT, ["fine", "fine", "fine", "wrong", "unfinished", "internal only", "unfinished",
                                "internal only", "fine", "unfinished"]))
SENTENCES_WHY = dict(zip(SENT, [
    "A normal greeting.",
    "A complete, friendly sentence.",
    "Complete and correct.",
    "Compare it with the writer's notes: two digits are swapped.",
    "It stops mid-sentence.",
    "A note to yourself about your negotiating room.",
    "It stops mid-sentence.",
    "A reminder never meant for the client.",
    "Complete and harmless.",
    "It stops mid-sentence.",
]))

UNDO_TEXT = """
It is 14:27 and you have just seen the draft in Sent items. Here is the afternoon so far (everything
up to this moment), and your mail setup.
"""

UNDO_OPTIONS = [
    "Yes: press Undo now, before Dana has had time to open it",
    "Yes: recall it from Sent items, so it leaves her inbox",
    "Only while it is unread: recall removes copies nobody opened",
    "No: undo closed at 14:24:08, and recall stops at our domain",
]
UNDO_WHY = dict(zip(UNDO_OPTIONS, [
    "Undo Send is a short delay before delivery, not a recall: it closed at 14:24:08, when the message "
    "was delivered, three minutes before you noticed.",
    "Recall works only for recipients inside brightside.example (see mail_setup); Dana is at "
    "harbourline.example.",
    "Read or unread makes no difference here: recall cannot reach a mailbox outside your organisation.",
    "Right: so the repair has to be a message of your own, not a setting.",
]))

UNDO_SOURCES = """
Undo Send only holds a message back for a few seconds before it is delivered (Gmail lets you choose
5 to 30): it is a delay, not a recall. Outlook's message recall works only for recipients in your
own organisation, so it cannot reach an external client.

*Sources: Gmail Help, "Unsend Gmail messages"; Microsoft Support, "Recall or replace an email message
that you sent".*
"""

SERIOUS_OPTIONS = [
    "Serious but repairable: a wrong fee and a pricing note reached her",
    "Minor: it is plainly an unfinished draft, and she will wait for the real one",
    "Grave: a client who reads our pricing notes will not renew now",
    "Unclear: nothing can be judged until she has replied to it",
]
SERIOUS_WHY = dict(zip(SERIOUS_OPTIONS, [
    "Right: a fee 20% too high and a note about how low you might go reached a client in the middle of "
    "a renewal; but nothing is signed, so a prompt, honest correction can repair it.",
    "A fee £9,000 too high and a note about your negotiating room are not draft noise: she will read "
    "them as facts.",
    "Catastrophising drives panic moves (a discount, a rushed proposal); nothing is decided yet.",
    "Waiting for her reply gives away the minutes you have now, before she acts on the wrong fee.",
]))

STEP2 = """
## Step 2: Speak with the relevant parties

"And do this as soon as you can, but after you've had a chance to assess, calm down, and gather
your thoughts." (*Inc. article*)

It is 14:28. You know what Dana received, and that no setting can take it back. The complete
proposal needs about another hour of work.
"""

PROMPT_OPTIONS = [
    "Wait, and send the finished proposal in an hour, with a line of apology for it",
    "Write to her now: own the slip, give the right fee, say when the rest comes",
    "Finish the proposal as fast as you can and send it within ten minutes",
    "Ask her to delete the email unread, and say the real one follows later",
]
PROMPT_WHY = dict(zip(PROMPT_OPTIONS, [
    "For that hour she has the wrong fee and the note about Sam with no word from you, and, as the rest "
    "of the timeline shows, she does not wait.",
    "Right: prompt and short, it stops the wrong fee from travelling and buys you the time to finish "
    "the proposal properly.",
    "Hurrying is how this happened; a second rushed email risks a second mistake.",
    "She may have read it already, and the request draws attention to the note without explaining it.",
]))

NEXT_TEXT = """
### What happened next

Whatever you chose, the afternoon went on. Run the cell to see the rest of the timeline.
"""

WHO_OPTIONS = [
    "Dana, within the hour: a short reply with the right fee",
    "Your manager, this afternoon, before the complete proposal goes",
    "Sam, today: the note Dana read names Sam and your pricing",
    "The IT helpdesk, first: they may still pull the email back",
    "Your manager, once the complete proposal is out and all is fixed",
]
WHO_KEY = WHO_OPTIONS[:3]
WHO_WHY = dict(zip(WHO_OPTIONS, [
    "She asked you two direct questions: she hears from you first, briefly.",
    "Your manager must hear it from you, not from Dana: a wrong price went to a client they answer for, "
    "and they may want a say in the fix.",
    "The note names Sam and your pricing; if Dana asks Sam, Sam should already know what she read.",
    "Recall cannot reach an external client, as you found; a ticket only delays telling the people who "
    "matter.",
    "Bringing a finished fix sounds better, but your manager may hear it first from Dana: tell them now, "
    "and the fix after.",
]))

FIRST_OPTIONS = [
    "“Please ignore my last email; the complete proposal will follow shortly.”",
    "“I am so sorry, I am mortified; nothing like this has ever happened to me.”",
    "“I sent that email before it was finished: the fee is £45,000, not £54,000.”",
    "“Our mail system sent my draft on its own while I was on a call, I'm afraid.”",
]
FIRST_WHY = dict(zip(FIRST_OPTIONS, [
    "It leaves her two questions unanswered and the wrong fee standing, and explains nothing.",
    "Grovelling makes the message about you; she needs the facts first.",
    "Right: it owns the slip in the first person and answers the question she asked first, in one "
    "sentence.",
    "Blaming the tool is an excuse, and not true: you pressed Ctrl+Enter.",
]))

HOLDING_TEXT = """
Now write that reply: a **holding statement**, the short first message you send before you have the
full fix. Keep it brief (the checklist flags anything over 80 words): own the slip, give the right
fee, answer her question about Sam honestly, and tell her when the complete proposal will come. No
grovelling: she needs facts and a time.
"""

FOLLOW_UP_MODEL = """Hi Dana,

I sent that email before it was finished, and I'm sorry: it went out while I was switching to a call. The fee is £45,000 a year, as we agreed, not £54,000. Sam is our commercial director; that line was an internal note that should not have reached you, and our price stands. I will send you the complete proposal by 4 pm today, and from now on I add the recipient last.

Jordan"""

FOLLOW_UP_CONTENT = """
from course.responses import load_answers
_answer = load_answers().get("premature-follow-up")
_text = _answer.value if _answer and isinstance(_answer.value, str) else ""
try_code([("your reply is saved", lambda: bool(_text))])
### BEGIN HIDDEN TESTS
import re as _re
from course.code_checks import mentions_amount as _mentions_amount
from course.scenarios.premature_send import fee as _fee
_right = _fee()[0]
_when = _re.compile(r"\\b(today|tomorrow|tonight|this (morning|afternoon|evening)|end of (the )?day|by \\d|"
                    r"\\d{1,2}(:\\d\\d)? ?(am|pm)|\\d{1,2}:\\d\\d|monday|tuesday|wednesday|thursday|friday)\\b", _re.I)
check_code("premature-follow-up-content", [
    ("it gives the right fee", lambda: _mentions_amount(_text, _right)),
    ("it gives a time for the complete proposal", lambda: bool(_when.search(_text))),
], points=2)
### END HIDDEN TESTS
"""

FOLLOW_UP_MANUAL = manual_table("### Your reply to Dana (3 points, scored by your instructor)", [
    (3, "Brief and calm; owns the slip in the first person; gives the right fee, answers who Sam is "
        "honestly and says when the complete proposal comes"),
    (2, "Two of those three"),
    (1, "One of them"),
    (0, "Nothing written yet, or a reply that blames the tool, grovels or hides the slip"),
])

STEP3 = """
## Step 3: Fix it, and show it won't happen again

"Devise an action plan to fix this problem (though understanding your client has the final call
and might have different ideas)–and what specifically you'll do to make sure this never happens
again." (*Inc. article*)

It is 15:30. Write the **complete** email from your notes (`writer_notes`, above): every point in
them, and nothing meant only for your colleagues. The checklist beside it is a writing aid; the
check in the cell after it reads your email for the points of your notes.
"""

COMPLETE_MODEL = """Hi Dana,

As promised, here is the complete proposal for renewing the analytics contract for 2026-27. I'm sorry again that I sent you my draft before it was finished.

- Fee: £45,000 a year, payable quarterly, as we agreed at the meeting.
- The route dashboard goes live on 1 April, built together with your operations team.
- Two training days for your planners are included at no extra cost.
- I have attached the two case studies (regional depots and cold chain).

To keep the April start, we would need your decision by 27 February. I would be glad to walk you through the proposal on a call this week.

Best regards,
Jordan"""

COMPLETE_CHECK = """
from course.responses import load_answers
_answer = load_answers().get("premature-complete-email")
_text = _answer.value if _answer and isinstance(_answer.value, str) else ""
try_code([("your complete email is saved", lambda: bool(_text))])
### BEGIN HIDDEN TESTS
# each point of the writer's notes in any usual wording ("£45k", "Feb 27", "27th February"); the
# internal note by its content (going lower on price, last year's push-back, a TODO), not by Sam's
# name: an honest "Sam is our commercial director" is what the course asks for
import re as _re
from course.code_checks import mentions_amount as _mentions_amount, mentions_date as _mentions_date
from course.scenarios.premature_send import fee as _fee
_flat = " ".join(_text.split())
_right = _fee()[0]
_internal = _re.compile(r"\\b(todo|(go|going|come|coming|get|getting) (any )?lower|push(ed|ing)?[ -]?back)\\b", _re.I)
check_code("premature-complete", [
    ("it gives the right fee", lambda: _mentions_amount(_flat, _right)),
    ("it gives the dashboard's start (April)", lambda: _mentions_date(_flat, None, 4)),
    ("it includes the two training days", lambda: "training" in _flat.lower()),
    ("it attaches or mentions the case studies", lambda: bool(_re.search(r"case[ -]?stud", _flat, _re.I))),
    ("it asks for a decision by 27 February", lambda: _mentions_date(_flat, 27, 2)),
    ("it holds no internal notes (going lower on price, last year's push-back, a TODO)",
     lambda: bool(_flat) and not _internal.search(_flat)),
], points=3)
### END HIDDEN TESTS
"""

SAFEGUARDS_TEXT = """
Now the second half of this step: what specifically stops a half-written email reaching a client
again. Each safeguard below acts at a different moment.
"""

SAFEGUARDS = [
    "Add the recipients last, once the email is finished",
    "Go through a short review checklist: figures, attachments, no internal notes",
    "Schedule important emails to send later instead of sending at once",
    "Set the undo-send window to 30 seconds",
]
SAFEGUARDS_WHY = dict(zip(SAFEGUARDS, [
    "While drafting: nothing can go out by accident.",
    "Before pressing Send.",
    "At Send: a window to change your mind.",
    "After Send: the last safety net (a delay, not a recall).",
]))

STEP4 = """
## Step 4: Self-reflect

"Why did this happen? Were you multitasking to an extreme, and that caused you to miss a key
deadline or detail?" (*Inc. article*)

A *5 whys* chain asks "why?" of the problem, then "why?" of each answer, until it reaches a cause
you can change; five is a habit, not a rule. *Source: the 5 Whys technique of the Toyota Production
System (Taiichi Ohno).*

The problem: Dana received a half-written proposal with a wrong fee and an internal note. Each "why"
below is the question the answer before it raises.
"""

WHY_ITEMS = [
    "Our team has no rule for client proposals; scheduled send is there, unused",
    "My manager phoned at the worst possible moment",
    "I pressed Ctrl+Enter while switching windows to take the call",
    "I made a human error, as anyone can on a busy afternoon",
    "Undo gave me 10 seconds, and no review or delay stands before Send",
    "Dana opened and read the email within minutes",
    "Dana's address was in To: from the first line of the draft",
]
WHY_CATEGORIES = [
    "why 1: why did it reach Dana?",
    "why 2: why could one key send it?",
    "why 3: why did nothing catch it?",
    "why 4: why is nothing in place?",
    "not a link in the chain",
]
WHY_KEY = dict(zip(WHY_ITEMS, [WHY_CATEGORIES[3], WHY_CATEGORIES[4], WHY_CATEGORIES[0], WHY_CATEGORIES[4],
                               WHY_CATEGORIES[2], WHY_CATEGORIES[4], WHY_CATEGORIES[1]]))
WHY_WHY = dict(zip(WHY_ITEMS, [
    "The cause you can act on: a team rule for client proposals (recipient last, scheduled send, a "
    "review) changes it for everyone.",
    "Calls come every afternoon; blaming the timing stops the chain at something nobody can change.",
    "The first why: the keystroke that sent it, in the middle of a switch of windows.",
    "'Human error' is a label, not a cause: a chain that stops there changes nothing (PagerDuty's "
    "post-mortem guide says not to stop at it).",
    "Why nothing caught it: 10 seconds of undo, no delay and no review (see mail_setup).",
    "This is why it mattered, not why it happened.",
    "Why one keystroke was enough: with her address in To:, the half-written draft was ready to go.",
]))

REFLECTION_PROMPT = """
### Your own mistake (3 points, read only by your instructor)

Think of a time you sent or handed in something before it was ready, at work or in your studies (or
one you saw closely, if you prefer). In a few sentences: what happened? Was it a one-off, or part of
a pattern? What one change would have stopped it?

**How your instructor scores it**

| Points | What it looks like |
|---|---|
| 3 | A specific mistake; one-off or pattern decided with a reason; one concrete change (a setting, a check, a habit with a trigger), not "be more careful" |
| 2 | Two of those three |
| 1 | One of them |
| 0 | Nothing written yet |

Nobody is marked on the size of the mistake you choose to share.
"""

REFLECTION_MODEL = """
Last term I submitted a group report with a placeholder table still in it ("numbers TBC"): I
uploaded the draft file instead of the final one, ten minutes before the deadline. It was a pattern
rather than a one-off: I had cut it that fine twice before, and both drafts sat beside the finals
with similar names. The change: I now name the final file with "FINAL" and the date, and I upload
the evening before, after reading the PDF once through.
"""

STEP5 = """
## Step 5: Earn trust back through your actions

"Show this will never happen again by consistently delivering results and being ultra reliable and
trustworthy. Excellent work is the very best remedy for rebuilding a tarnished reputation."
(*Inc. article*)

The complete proposal reached Dana at 15:58, before the time you gave her. She has until 27 February
to decide.
"""

THROUGH_OPTIONS = [
    "Check the fee and attachments against your notes before each email to her",
    "Offer her a discount on the renewal to make up for the confusion",
    "Hold the call you offered, and deliver each item on the date you gave",
    "Open each email to her with a fresh apology for the half-written draft",
]
THROUGH_KEY = [THROUGH_OPTIONS[0], THROUGH_OPTIONS[2]]
THROUGH_WHY = dict(zip(THROUGH_OPTIONS, [
    "A specific check is a plan (\"be more careful\" is not): it catches this email's two slips, a wrong "
    "figure and a missing attachment, before Send.",
    "It turns a slip into a price negotiation nobody asked for, and tells her the fee was soft.",
    "Consistent delivery, date after date, is what she will remember, not the slip.",
    "One apology was enough; more keep the slip in the foreground when your work should be.",
]))

SHARE_OPTIONS = [
    "Say nothing: Dana is content now, and it was your own slip, not the team's",
    "Remind everyone to take more care with every email to a client",
    "Ask IT to switch on message recall for the team's client emails",
    "Tell it in two minutes and propose a rule: recipient last, send later",
]
SHARE_KEY = [SHARE_OPTIONS[3]]
SHARE_WHY = dict(zip(SHARE_OPTIONS, [
    "The next colleague who drafts with a client in To: has the same trap; two minutes of yours spare "
    "them the afternoon you had.",
    "\"Take more care\" is not a plan: it names no check, and everyone already believes they are careful.",
    "Recall cannot reach another organisation's mailbox, so it protects no client email.",
    "Right: a short story and one concrete rule is a lesson others can use without making the mistake.",
]))

PROGRESS_TEXT = """
## Your progress

Your score for each step of this case (in graded mode: how many questions you have answered). The
checks of your reply and your complete email, and your instructor's scores, are added when you
submit.
"""


def cells() -> list[dict]:
    out = [
        md("intro", INTRO),
        md("workshop-text", "In a live workshop? Type the session code and your name between the quotes, "
                            "then run the cell. Working on your own? Leave them empty."),
        code("workshop", 'from course.workshop import join\njoin(code="", name="")'),
        code("setup", SETUP, {"nbgrader": nbg("setup")}),
        md("step1", STEP1),
        code("show-sent", "sent_draft"),
        code("show-notes", "writer_notes"),
    ]
    out += exercise("q_sentences", "Categorise", "premature-sentences", "assess", 4,
                    "Compare each sentence Dana received with your notes, and sort it.", SENTENCES_KEY,
                    items=SENT, categories=["fine", "unfinished", "wrong", "internal only"],
                    explanations=SENTENCES_WHY,
                    explanation="Three unfinished sentences, one wrong figure, two internal notes: the "
                                "internal notes and the fee matter most.")
    out += [
        md("undo-text", UNDO_TEXT),
        code("show-timeline-so-far", f'timeline[timeline["at"] <= "{NOTICED}"]'),
        code("show-setup", "mail_setup"),
    ]
    out += exercise("q_undo", "SingleChoice", "premature-undo-recall", "assess", 2,
                    "It is 14:27. Can the mail system still take the email back from Dana?", UNDO_OPTIONS[3],
                    options=UNDO_OPTIONS, explanations=UNDO_WHY)
    out += [md("undo-sources", UNDO_SOURCES)]
    out += exercise("q_serious", "SingleChoice", "premature-serious", "assess", 2,
                    "Before you write a word to anyone: how serious is this?", SERIOUS_OPTIONS[0],
                    options=SERIOUS_OPTIONS, explanations=SERIOUS_WHY)
    out += [md("step2", STEP2)]
    out += exercise("q_next_move", "SingleChoice", "premature-prompt", "own", 2,
                    "It is 14:28 and the proposal needs another hour. What do you do now?", PROMPT_OPTIONS[1],
                    options=PROMPT_OPTIONS, explanations=PROMPT_WHY)
    out += [
        md("next-text", NEXT_TEXT),
        code("show-timeline-rest", f'timeline[timeline["at"] > "{NOTICED}"]'),
        md("reply-text", "Dana opened the email three minutes after you noticed it, and replied with two "
                         "questions before any complete proposal could have reached her. It is 14:38."),
    ]
    out += exercise("q_who_hears", "MultipleChoice", "premature-who-hears", "own", 3,
                    "Who must hear about the slip from you, and when? Tick all that apply.", WHO_KEY,
                    options=WHO_OPTIONS, explanations=WHO_WHY)
    out += exercise("q_first_words", "SingleChoice", "premature-first-words", "own", 2,
                    "Your reply to Dana: which sentence opens it?", FIRST_OPTIONS[2],
                    options=FIRST_OPTIONS, explanations=FIRST_WHY)
    out += [md("holding-text", HOLDING_TEXT)]
    follow_up = exercise("q_follow_up", "DraftedMessage", "premature-follow-up", "own", 3,
                         "Your holding reply to Dana", None, extra="    max_words=80,\n", answer=FOLLOW_UP_MODEL)
    out += follow_up
    out += [
        code("premature-follow-up-content", FOLLOW_UP_CONTENT,
             {"course": {"step": "own"}, "nbgrader": nbg("premature-follow-up-content", grade=True, points=2)}),
        md("premature-follow-up-manual", FOLLOW_UP_MANUAL,
           {"course": {"step": "own"}, "nbgrader": nbg("premature-follow-up-manual", points=3, task=True)}),
        md("step3", STEP3),
    ]
    out += exercise("q_complete", "DraftedMessage", "premature-complete-email", "fix", 1,
                    "Your complete email to Dana", None, extra="    max_words=250,\n", answer=COMPLETE_MODEL)
    out += [
        code("premature-complete", COMPLETE_CHECK,
             {"course": {"step": "fix"}, "nbgrader": nbg("premature-complete", grade=True, points=3)}),
        md("safeguards-text", SAFEGUARDS_TEXT),
    ]
    out += exercise("q_safeguards", "Ordering", "premature-safeguards", "fix", 3,
                    "Put these safeguards in the order they act on an email, from writing it to after "
                    "pressing Send.", SAFEGUARDS,
                    items=[SAFEGUARDS[3], SAFEGUARDS[1], SAFEGUARDS[0], SAFEGUARDS[2]],
                    explanations=SAFEGUARDS_WHY, explanation="Layers: each catches what the one before missed.")
    out += [md("step4", STEP4)]
    out += exercise("q_why_chain", "Categorise", "premature-why-chain", "reflect", 4,
                    "Build the chain from the case's facts: put each fact at the why it answers, or set it "
                    "aside.", WHY_KEY, items=WHY_ITEMS, categories=WHY_CATEGORIES, explanations=WHY_WHY,
                    explanation="Each answer raises the next why; the chain stops at what you can change, here "
                                "a rule for sending client proposals, not at \"human error\".")
    out += [
        md("premature-my-reflection-prompt", REFLECTION_PROMPT,
           {"nbgrader": nbg("premature-my-reflection-prompt")}),
        md("premature-my-reflection", REFLECTION_MODEL,
           {"course": {"step": "reflect"},
            "nbgrader": nbg("premature-my-reflection", grade=True, solution=True, locked=False, points=3)}),
        md("step5", STEP5),
    ]
    out += exercise("q_follow_through", "MultipleChoice", "premature-follow-through", "rebuild", 4,
                    "Over the weeks while Dana decides, what earns her trust back? Tick all that apply.",
                    THROUGH_KEY, options=THROUGH_OPTIONS, explanations=THROUGH_WHY)
    out += exercise("q_share_lesson", "MultipleChoice", "premature-share-lesson", "rebuild", 3,
                    "At Monday's team meeting, how do you share the lesson? Tick all that apply.", SHARE_KEY,
                    options=SHARE_OPTIONS, explanations=SHARE_WHY)
    out += [
        md("progress-text", PROGRESS_TEXT),
        code("progress-summary", "summary()",
             {"nbgrader": nbg("progress-summary"), "tags": ["nbval-ignore-output"]}),
    ]
    return out


def main() -> None:
    nb = json.loads(PATH.read_text(encoding="utf-8"))
    nb["cells"] = cells()
    nb["metadata"].pop("course", None)  # no "rewrite pending" acceptances left
    ids = [c["id"] for c in nb["cells"]]
    assert len(ids) == len(set(ids)), "duplicate cell ids"
    PATH.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {PATH.relative_to(ROOT)}: {len(ids)} cells")


if __name__ == "__main__":
    main()
