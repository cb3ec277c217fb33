#!/usr/bin/env python3
"""Rebuild solutions/01-bulk-spam/bulk-spam.ipynb wholesale (issue 16).

Why a script: the notebook is ~90 cells of nbgrader metadata, question calls and grade cells;
writing them from one table keeps ids, steps, points and keys consistent, and lets the lead re-run
it. Question cells are written with PLAIN explanations and no key material; run afterwards:

    .venv/bin/python tools/rewrite_01.py
    .venv/bin/python scripts/reseal-questions 01-bulk-spam
    .venv/bin/python scripts/answer-cell-lines
    .venv/bin/course build 01-bulk-spam
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATH = ROOT / "solutions" / "01-bulk-spam" / "bulk-spam.ipynb"
INDENT = "    "

cells: list[dict] = []


def _id(seed: str) -> str:
    return hashlib.sha1(seed.encode()).hexdigest()[:8]


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def md(text: str, *, nbgrader: dict | None = None, course: dict | None = None) -> None:
    meta: dict = {}
    if nbgrader:
        meta["nbgrader"] = {"schema_version": 3, **nbgrader}
    if course:
        meta["course"] = course
    cells.append({"cell_type": "markdown", "id": _id(f"md{len(cells)}:{text[:40]}"), "metadata": meta,
                  "source": _lines(text.strip("\n"))})


def code(src: str, *, nbgrader: dict | None = None, course: dict | None = None, tags: list | None = None,
         seed: str | None = None) -> None:
    meta: dict = {}
    if nbgrader:
        meta["nbgrader"] = {"schema_version": 3, **nbgrader}
    if course:
        meta["course"] = course
    if tags:
        meta["tags"] = tags
    cells.append({"cell_type": "code", "execution_count": None, "id": _id(seed or f"code{len(cells)}:{src[:40]}"),
                  "metadata": meta, "outputs": [], "source": _lines(src.strip("\n"))})


def _arg(name: str, value) -> str:
    if isinstance(value, dict):
        rows = "".join(f"{INDENT * 2}{k!r}: {v!r},\n" for k, v in value.items())
        return f"{INDENT}{name}={{\n{rows}{INDENT}}},\n"
    if isinstance(value, list):
        rows = "".join(f"{INDENT * 2}{v!r},\n" for v in value)
        return f"{INDENT}{name}=[\n{rows}{INDENT}],\n"
    return f"{INDENT}{name}={value!r},\n"


def exercise(var: str, cls: str, ex_id: str, step: str, points: float, *, solution: str, hidden: str | None = None,
             scaffold: str | None = None, accept: dict | None = None, **args) -> None:
    """The question cell, (a scaffold for novices,) the answer cell and the grade cell of one widget exercise."""
    body = "".join(_arg(k, v) for k, v in {"step": step, "points": points, **args}.items())
    code(f"# Question: answer it below.\n{var} = {cls}(\n{INDENT}{ex_id!r},\n{body})\n{var}\n",
         nbgrader={"grade": False, "grade_id": f"{ex_id}-question", "locked": True, "solution": False, "task": False},
         seed=f"{ex_id}-question")
    if scaffold:
        md("New to pandas? Copy this line into the cell below and replace the blank:\n\n"
           f"```python\n{scaffold}\n```\n")
    code(f"# answer\n### BEGIN SOLUTION\n{solution.strip()}\n### END SOLUTION\n",
         nbgrader={"grade": False, "grade_id": f"{ex_id}-answer", "locked": False, "solution": True, "task": False},
         seed=f"{ex_id}-answer")
    course = {"exercise": ex_id, "step": step}
    if accept:
        course = {"accept": accept, **course}
    code(f"saved({ex_id!r})\n### BEGIN HIDDEN TESTS\n{hidden or f'grade({ex_id!r})'}\n### END HIDDEN TESTS\n",
         nbgrader={"grade": True, "grade_id": ex_id, "locked": True, "points": points, "solution": False,
                   "task": False},
         course=course, seed=ex_id)


def choice(var, cls, ex_id, step, points, prompt, options: dict, key, **extra):
    """A single or multiple choice: options maps each option to its explanation, in the order written."""
    exercise(var, cls, ex_id, step, points, prompt=prompt, options=list(options), explanations=options,
             solution=f"{var}.answer({key!r})", hidden=f"grade({ex_id!r}, key={key!r})", **extra)


def scored_table(rows: list[tuple[str, str]]) -> str:
    return "| Points | What it looks like |\n|---|---|\n" + "".join(f"| {p} | {t} |\n" for p, t in rows)


# =================================================================================================
md("""
# Case 1: the accidental spammer

You look after the email list of a small training business. A list of 10,000 names lands in your
lap: contacts at independent hotels, the very trade your next teleclass is for. Your manager,
Priya, has set up a joint venture with a well-known speaker, and the teleclass is its launch. In
your enthusiasm you email all 10,000 at once, and invite them to unsubscribe from a list they never
joined. Then the replies start.

This is a real story, told by the entrepreneur it happened to:

> "An uncomfortable 24 hours followed, as email after email of some of the nastiest, most vitriolic
> personal attacks I've ever seen poured into my inbox."

*Source: Personal Branding Magazine blog, November 2007, in a post citing TechRepublic's "10 things
you should do if you make a big mistake". The blogger's story is real; your role, Priya, the hotels
and all the data below are made up for this course.*
""")
md("""
## What you will learn

By the end of this case you can:

1. **Assess the damage**: measure a bad send with pandas (delivery, bounces and the spam complaint
   rate against Gmail's limits) and size the replies waiting for you.
2. **Speak with the relevant parties**: decide who hears it from you first (your own manager among
   them), write a holding note and a reply that owns the mistake, and triage 300 replies in a day.
3. **Fix it**: contain the send, build the suppression list that is the real repair, and turn
   down repairs that repeat the offence.
4. **Self-reflect**: sort the causes by what you can act on, and reflect on a mistake of your own.
5. **Earn trust back**: plan the follow-through over the next weeks, and share the lesson.

**What it asks of you.** About 60 minutes if you already use pandas; allow 90 or more if you are
new to it. The pandas it uses: picking rows with a condition (`responses[responses["kind"] ==
"thanks"]`), `.sum()` and `.mean()` of a true/false column, `.isin()`, `.value_counts()`, and Python
sets (`set(...)`, `-`, `|`). Wherever a question asks for a figure, a "New to pandas?" line gives
you the code with one blank to fill.

Answer by clicking, or in code where a question asks for a figure you compute.
""")
md("In a live workshop? Type the session code and your name between the quotes, then run the cell. "
   "Working on your own? Leave them empty.")
code('from course.workshop import join\njoin(code="", name="")')
code('''
import pandas as pd

from course.data import load
from course.exercises import Categorise, DraftedMessage, ItemSet, MultipleChoice, Numeric, Ordering, SingleChoice
from course.grading import grade, saved
from course.progress import summary

pd.set_option("display.max_colwidth", None)  # show every reply in full

bought = load("01-bulk-spam", "bought_list")        # the 10,000 contacts you were given
subscribers = load("01-bulk-spam", "subscribers")   # people who opted in to your list
send_log = load("01-bulk-spam", "send_log")         # one row per address the send went to
responses = load("01-bulk-spam", "responses")       # 24 hours of replies, complaints and unsubscribes
''', nbgrader={"grade": False, "grade_id": "setup", "locked": True, "solution": False, "task": False}, seed="setup")
md("Have a first look: what does each table hold, and how do they connect? (Hint: `email`.)")
code("send_log.head()")
code("responses.head()")
code('responses["kind"].value_counts()')

# ---- Step 1 ---------------------------------------------------------------------------------------
md("""
## Step 1: Assess the damage

Before you reply to anyone, measure. Mailbox providers judge senders by numbers, and so will you.

Gmail's guidelines for senders ask you to keep your spam complaint rate (complaints as a share of
delivered messages) **below 0.3%**, and to aim for **below 0.1%**. Above 0.3%, a bulk sender loses
Gmail's help with delivery until the rate stays below it for 7 days in a row.\\*

\\* Gmail measures the rate on the mail its own users receive. Here you take it over the whole
send: a fair simplification, since you cannot see each provider's share.

*Source: Google, "Email sender guidelines", Gmail Help (2024 onward); Yahoo's sender best practices
say the same.*

How many messages were delivered? Use `send_log` (its `status` column).
""")
exercise("q_delivered", "Numeric", "spam-delivered", "assess", 2,
         prompt="How many messages were delivered?", decimals=0,
         explanation="Bounced messages never arrived, so nobody could complain about them: rates are taken "
                     "over delivered messages.",
         scaffold='q_delivered.answer((send_log["status"] == "___").sum())',
         solution='delivered_count = (send_log["status"] == "delivered").sum()\nq_delivered.answer(delivered_count)',
         hidden="grade('spam-delivered', key=9595)")
md("""
What share of the send bounced (hard and soft bounces together), as a percentage of everything
sent?
""")
exercise("q_bounce_rate", "Numeric", "spam-bounce-rate", "assess", 1,
         prompt="What was the bounce rate, in % of messages sent (2 decimals)?", decimals=2, unit="%",
         explanation="405 of 10,000 never arrived, and not one of them was your own subscriber: every dead "
                     "address was on the bought list.",
         scaffold='q_bounce_rate.answer(100 * send_log["status"].isin(["hard_bounce", "soft_bounce"]).___())',
         solution='bounced = send_log["status"].isin(["hard_bounce", "soft_bounce"]).mean()\n'
                  'q_bounce_rate.answer(100 * bounced)',
         hidden="grade('spam-bounce-rate', key=4.05)")
md("""
Now the number mailbox providers watch most closely: spam complaints as a share of **delivered**
messages.
""")
exercise("q_complaint_rate", "Numeric", "spam-complaint-rate", "assess", 2,
         prompt="What was the spam complaint rate, in % of delivered messages (2 decimals)?", decimals=2, unit="%",
         explanation="About 2%: more than six times Gmail's 0.3% line, and twenty times the 0.1% to aim for.",
         scaffold='q_complaint_rate.answer(100 * (responses["kind"] == "spam_complaint").sum() '
                  '/ (send_log["status"] == "___").sum())',
         solution='complaints = (responses["kind"] == "spam_complaint").sum()\n'
                  'q_complaint_rate.answer(100 * complaints / delivered_count)',
         hidden="grade('spam-complaint-rate', key=1.99)")
choice("q_threshold", "SingleChoice", "spam-threshold", "assess", 1,
       "How does your complaint rate compare with Gmail's guidelines?",
       {
           "Between 0.1% and 0.3%: a warning sign to watch":
               "Check the calculation: complaints divided by delivered messages.",
           "Far above 0.3%: expect the spam folder for a while":
               "One send was enough to cross the line by a wide margin, and it takes 7 clean days in a row "
               "to get back.",
           "Below 0.1%: well within what Gmail asks of senders":
               "Check the calculation: complaints divided by delivered messages.",
           "Too early to say: it needs a month of data":
               "Providers react to the rate you have now; one send is enough.",
       },
       "Far above 0.3%: expect the spam folder for a while")

md("""
People also wrote back: some furious, some with questions, some to say thank you. Each of them is
waiting for a person to answer. How many replies did people write to you themselves? Count the
angry replies, the questions and the thank-yous (`responses["kind"]`).
""")
exercise("q_written", "Numeric", "spam-written-replies", "assess", 2,
         prompt="How many replies did people write themselves (angry replies, questions and thank-yous)?",
         decimals=0,
         explanation="343 people wrote to you: 236 angry, 64 with a question, 43 to thank you. Spam-button "
                     "complaints, unsubscribes and auto-replies are not waiting for an answer.",
         scaffold='q_written.answer(responses["kind"].isin(["angry_reply", "question", "___"]).sum())',
         solution='written = responses["kind"].isin(["angry_reply", "question", "thanks"])\n'
                  'q_written.answer(written.sum())',
         hidden="grade('spam-written-replies', key=343)")
md("""
Look closer at the thank-yous. Are they from the subscribers who chose to hear from you? An address
is one of your subscribers when it is in `subscribers["email"]`.
""")
exercise("q_thanks_bought", "Numeric", "spam-thanks-bought", "assess", 2,
         prompt="What share of the thank-you replies come from people who are not your subscribers, in % "
                "(2 decimals)?",
         decimals=2, unit="%",
         explanation="27 of the 43, about 63%: most of the warmth came from people who never agreed to hear "
                     "from you. A kind reply is not consent to marketing.",
         scaffold='q_thanks_bought.answer(100 * (~responses.loc[responses["kind"] == "thanks", "email"]'
                  '.isin(subscribers["___"])).mean())',
         solution='thanks = responses[responses["kind"] == "thanks"]\n'
                  'q_thanks_bought.answer(100 * (~thanks["email"].isin(subscribers["email"])).mean())',
         hidden="grade('spam-thanks-bought', key=62.79)")
md("""
Read what the thank-yous and the questions say, split by whether the writer is one of your
subscribers. You will need both in steps 2 and 3.
""")
code('''
written_to_you = responses[responses["kind"].isin(["thanks", "question"])]
written_to_you.assign(subscriber=written_to_you["email"].isin(subscribers["email"])).groupby(
    ["kind", "subscriber", "excerpt"]).size()
''')

md("""
### Stop it growing

Some of the fix cannot wait for the assessment to finish: the first moves of step 3 happen in the
first hour.
""")
choice("q_first_hour", "MultipleChoice", "spam-first-hour", "fix", 3,
       "It is the first hour and the complaints are arriving. What do you do now? Tick all that apply.",
       {
           "Send an apology to all 10,000 at once":
               "A second mass email to people who never consented repeats the offence, and brings a second "
               "wave of complaints.",
           "Pause everything still queued to send":
               "Stop the damage from growing first: every message still queued is another complaint waiting.",
           "Delete the bought list straight away, before measuring anything":
               "You need the list to measure the damage and to build the suppression list; delete it once "
               "it is suppressed.",
           "Report it to the regulator within 72 hours under GDPR art. 33":
               "Article 33's 72-hour notice is for a personal-data breach, such as addresses exposed in To or "
               "Cc. Mailing without consent is a different wrong: stop it and repair it. (GDPR art. 33; UK "
               "ICO guidance on personal data breaches.)",
           "Check whether your sending domain is on a blocklist":
               "A blocklisting would stop your mail to your genuine subscribers too; it tells you how far "
               "the damage reaches.",
       },
       ["Pause everything still queued to send", "Check whether your sending domain is on a blocklist"])

# ---- Step 2 ---------------------------------------------------------------------------------------
md("""
## Step 2: Speak with the relevant parties

Several people need to hear about this from you, not from an angry recipient.
""")
choice("q_who_first", "SingleChoice", "spam-who-first", "own", 2,
       "It is 10:15, the send is paused and you have the numbers. Who hears from you first?",
       {
           "The speaker, your partner: once you have a full recovery plan":
               "The partner must hear it from you today, since their name was on your email; but waiting for "
               "a full plan leaves your manager to hear it from the partner.",
           "The 10,000 recipients: one apology email to them all":
               "A second mass email to people who never consented repeats the offence; answer the people "
               "who wrote to you instead.",
           "Your manager, Priya: a short note now, the full plan later":
               "Priya owns the joint venture and must not hear it from the partner or a customer first. "
               "\"Your boss, your client–whoever it is–wants to understand what happened and why\" (Inc.). "
               "A short note now; the plan when you have it.",
           "The list seller: they need to know their list is bad":
               "Talking to the seller repairs nothing for the people you emailed: it is blame looking for a "
               "target.",
       },
       "Your manager, Priya: a short note now, the full plan later")
md("""
Write Priya that note now: a **holding statement**, the short first message you send before you
have the full fix. It says what happened, that it was your doing, what you have done so far, and
when she will have the plan. You have no plan yet, so do not guess at one. The checklist under the
box shows, as you type, which parts of an apology your note has.
""")
exercise("q_holding", "DraftedMessage", "spam-holding", "own", 2,
         prompt="Your holding note to your manager, Priya", max_words=120,
         solution='''q_holding.answer("""Priya,

I made a mistake this morning: I emailed all 10,000 contacts on the bought hotel list about the teleclass, without their consent. That was my decision, and I'm sorry.

I have paused the send. I have suppressed the bought addresses, so none of them gets another email from us. About 2% marked it as spam, far above Gmail's 0.3% limit, and angry replies are arriving; I am answering them myself.

You will have my full recovery plan by 2 pm today. I would like us to tell the partner together this afternoon.

Sam""")''')
md("""
Not every reply needs the same answer, and a good personal answer takes a few minutes. Sort the
kinds of reply: who gets a personal answer today, who gets a short reply later in the week, and
who gets no reply at all (their address goes on your suppression list, which is the answer they
asked for).
""")
exercise("q_responses", "Categorise", "spam-responses", "own", 3,
         prompt="How do you handle each kind of reply?",
         items=[
             "An automatic out-of-office reply",
             "An angry reply: 'Who gave you my address?'",
             "A thank-you from one of your own subscribers",
             "A spam complaint through the mailbox provider's button",
             "A teleclass question from a hotel owner not on your list",
         ],
         categories=["a personal answer today", "a short reply this week", "no reply: suppress only"],
         explanations={
             "An angry reply: 'Who gave you my address?'":
                 "They wrote to you, angry and with a question: a short, personal reply that owns the "
                 "mistake belongs to today.",
             "A teleclass question from a hotel owner not on your list":
                 "A direct question deserves a direct answer, even from someone you should never have "
                 "emailed: answering what you were asked is not marketing.",
             "A thank-you from one of your own subscribers":
                 "On your side and in no hurry: thank them once the angry replies and questions are answered.",
             "An automatic out-of-office reply":
                 "Nobody is waiting for an answer; just make sure they get no more mail.",
             "A spam complaint through the mailbox provider's button":
                 "They asked for no more email from you; a reply would be another one.",
         },
         solution="q_responses.answer(KEY)".replace("KEY", repr({
             "An angry reply: 'Who gave you my address?'": "a personal answer today",
             "A teleclass question from a hotel owner not on your list": "a personal answer today",
             "A thank-you from one of your own subscribers": "a short reply this week",
             "An automatic out-of-office reply": "no reply: suppress only",
             "A spam complaint through the mailbox provider's button": "no reply: suppress only",
         })),
         hidden="grade('spam-responses', key=KEY)".replace("KEY", repr({
             "An angry reply: 'Who gave you my address?'": "a personal answer today",
             "A teleclass question from a hotel owner not on your list": "a personal answer today",
             "A thank-you from one of your own subscribers": "a short reply this week",
             "An automatic out-of-office reply": "no reply: suppress only",
             "A spam complaint through the mailbox provider's button": "no reply: suppress only",
         })))
md("""
That makes about 300 personal answers (236 angry replies and 64 questions, 63 of them from people
who are not your subscribers), at three or four minutes each.
""")
choice("q_triage", "SingleChoice", "spam-triage", "own", 2,
       "About 300 people need a personal answer from you. How do you plan the first day?",
       {
           "One identical apology to all 300 in a single send: fast and fair":
               "A mass mail to 300 people is rote, and reads like one; an external apology should be "
               "\"genuine, not rote\" (PagerDuty incident response documentation).",
           "The questions first: those people are interested in the teleclass":
               "Sorting by sales value tells the angry people where they stand. Answer in the order people "
               "wrote.",
           "Oldest first: a core text you adapt to each person, all done today":
               "A long day, and it is the day they are waiting. A core text keeps the facts right; adapting "
               "it keeps it personal. Ask Priya for a second pair of hands if it runs over.",
           "Wait a day or two until tempers cool, then answer them all":
               "Silence reads as not caring, and angry people who hear nothing tell others. Answer the same "
               "day.",
       },
       "Oldest first: a core text you adapt to each person, all done today")
md("""
Here is one of the angry replies:

> "I have never heard of you and never signed up for anything. How did you get my address? Take me
> off whatever list this is, and don't tell me to 'just unsubscribe'."

Draft your reply. The checklist under the box shows, as you type, which parts of an effective
apology your reply has, and any red flags. Researchers found that acknowledging responsibility
matters most in an apology, and an offer of repair next (*Lewicki, Polin & Lount 2016,
Negotiation and Conflict Management Research 9(2): 177-196*). Keep it short.
""")
exercise("q_reply", "DraftedMessage", "spam-reply", "own", 3,
         prompt="Your reply to the angry recipient", max_words=150,
         solution='''q_reply.answer("""Hello,

You're right, and I'm sorry. I emailed you from a purchased list without your consent: that was my mistake, not yours.

I have removed your address from everything I send, so you won't hear from me again, and I am deleting the purchased list. From now on I only email people who have signed up themselves.

Sam""")''')
md("**How your instructor scores it** (your reply above, 3 points)\n\n" + scored_table([
    ("3", "Owns the mistake plainly (no blame, no excuses); a concrete repair that asks nothing of the "
          "recipient (removed, list deleted); short and genuine (no grovelling, no sales pitch)"),
    ("2", "Two of those three"),
    ("1", "One of them"),
    ("0", "Nothing written yet"),
]), nbgrader={"grade": False, "grade_id": "spam-reply-manual", "locked": True, "points": 3, "solution": False,
              "task": True}, course={"step": "own"})

# ---- Step 3 ---------------------------------------------------------------------------------------
md("""
## Step 3: Fix it, and show it won't happen again

A colleague has an idea: email the whole bought list once more and ask people to "please
re-confirm your subscription", so you can keep the ones who say yes.
""")
choice("q_reconfirm", "SingleChoice", "spam-reconfirm", "fix", 2,
       "What do you tell your colleague about the re-confirmation email?",
       {
           "Yes: it gives every contact a fair choice to opt in":
               "They made their choice by never signing up. The UK ICO fined Flybe £70,000 and Honda £13,000 "
               "for emails that asked people whether they wanted marketing.",
           "Yes, as long as the subject line opens with an apology":
               "An apology in the subject does not change what the email is: marketing to people who never "
               "consented.",
           "Only to those who neither complained nor unsubscribed":
               "Not complaining is not consent: silence gives you no permission.",
           "No: asking them for consent by email is marketing too":
               "In the ICO's words, \"sending emails to determine whether people want to receive marketing "
               "without the right consent, is still marketing\" (UK ICO monetary penalty notices, Flybe and "
               "Honda). In the EU and UK, marketing email needs prior consent (ePrivacy Directive "
               "2002/58/EC, art. 13).",
       },
       "No: asking them for consent by email is marketing too")
md("""
Back to the thank-yous from contacts on the bought list. Seven of them wrote "Thanks for the invite,
I've signed up.": they registered for the teleclass themselves.
""")
choice("q_signed_up", "SingleChoice", "spam-signed-up", "fix", 2,
       "Seven contacts from the bought list signed up for the teleclass. What do you do about them?",
       {
           "Cancel their places: nobody from the bought list may be kept":
               "They asked for the teleclass themselves; cancelling punishes the few who said yes, to tidy "
               "your list.",
           "Keep their places, send only class details, and no other mail":
               "They agreed to one thing, the teleclass: honour it, and nothing more. Any other mail waits "
               "until they subscribe themselves.",
           "Add them to your newsletter list: they have shown they like your work":
               "Thanks for one email is not consent to marketing; adding them turns a recovery into a "
               "second offence.",
           "Reply and ask whether they would like your newsletter as well":
               "Asking for consent by email is itself marketing: the re-confirmation idea again, in a "
               "friendlier voice.",
       },
       "Keep their places, send only class details, and no other mail")
md("""
The most important repair is that nobody who did not ask for your marketing gets any more of it.
That means a **suppression list**: addresses you will never send marketing to, whatever list they
turn up on.

It must hold:
- every address from the bought list that is **not** one of your genuine subscribers (a teleclass
  registration is consent to the teleclass, not to marketing), and
- everyone who **unsubscribed** or made a **spam complaint**, genuine subscribers included:
  an objection to direct marketing is absolute (GDPR art. 21).

Where you are matters less than it seems. In the US, the CAN-SPAM Act is opt-out: you may email
first, but must honour an opt-out within 10 business days. In the EU and the UK, marketing email
needs consent first. This course follows the stricter rule; under either, Gmail's guidelines say
"Don't purchase email addresses".

*Sources: UK ICO guidance on bought lists; GDPR art. 21(3); US Federal Trade Commission, "CAN-SPAM
Act: A Compliance Guide for Business"; EU ePrivacy Directive 2002/58/EC, art. 13; Google, "Email
sender guidelines" (honour unsubscribes within 48 hours).*

Build it with pandas as a set of email addresses, then record it.
""")
SUPPRESSION_HIDDEN = '''from course.data import load as _load
_b, _s, _r = (_load("01-bulk-spam", t) for t in ("bought_list", "subscribers", "responses"))
_objected = set(_r.loc[_r["kind"].isin(["unsubscribe", "spam_complaint"]), "email"])
_genuine = set(_b["email"]) & set(_s["email"])  # the genuine subscribers the send reached
# scored by named groups (course/answers/item_set.py), so that each lesson costs its weight: the bought
# addresses are half the marks (the suppression itself); honouring every objection and keeping the
# genuine subscribers who did not object are a quarter each, whatever the groups' sizes (33 and 301
# of 9,699 addresses, which by the share of the whole set cost 0.01 and 0.12 of 4 points)
_groups = {
    "the bought addresses of people who never subscribed": {
        "items": set(_b["email"]) - set(_s["email"]), "belongs": True, "weight": 2,
        "review": "None of them consented to your email, so every one of them goes on the list."},
    "the genuine subscribers who unsubscribed or complained": {
        "items": _genuine & _objected, "belongs": True, "weight": 1,
        "review": "An unsubscribe or a complaint objects to your marketing, and that objection is absolute "
                  "(GDPR art. 21): subscribers or not, they go on the list."},
    "the genuine subscribers who did not object": {
        "items": _genuine - _objected, "belongs": False, "weight": 1,
        "review": "They opted in and did not object: suppressing them throws away the audience you did earn."},
}
grade('spam-suppression', key=_groups)'''
exercise("q_suppression", "ItemSet", "spam-suppression", "fix", 4,
         prompt="Your suppression list (a set of email addresses)", noun="addresses",
         explanation="Bought addresses out, objections honoured for everyone: the genuine subscribers who left "
                     "stay gone too.",
         scaffold='q_suppression.answer((set(bought["email"]) - set(subscribers["email"])) | '
                  'set(responses.loc[responses["kind"].isin(["unsubscribe", "___"]), "email"]))',
         solution='genuine = set(subscribers["email"])\n'
                  'objected = set(responses.loc[responses["kind"].isin(["unsubscribe", "spam_complaint"]), "email"])\n'
                  'suppression_list = (set(bought["email"]) - genuine) | objected\n'
                  'q_suppression.answer(suppression_list)',
         hidden=SUPPRESSION_HIDDEN)
md("""
Repairs and prevention have an order. Some things cannot wait a day; some take a few days to do
properly; and some are tempting but must never happen.
""")
WHEN_KEY = {
    "Suppress every bought address, complainer and unsubscriber": "now",
    "Load the suppression list into your mailing tool": "now",
    "Delete the bought data once it is suppressed": "this week",
    "Turn on double opt-in for new sign-ups": "this week",
    "Add one-click unsubscribe to every marketing email": "this week",
    "Add a consent check to the steps before any send": "this week",
    "Send the bought list a short 'sorry for our email' message": "never",
    "Buy a better-quality list next time": "never",
}
exercise("q_when", "Categorise", "spam-when", "fix", 3,
         prompt="When does each action belong?",
         items=[
             "Turn on double opt-in for new sign-ups",
             "Send the bought list a short 'sorry for our email' message",
             "Load the suppression list into your mailing tool",
             "Delete the bought data once it is suppressed",
             "Buy a better-quality list next time",
             "Add a consent check to the steps before any send",
             "Add one-click unsubscribe to every marketing email",
             "Suppress every bought address, complainer and unsubscriber",
         ],
         categories=["now", "this week", "never"],
         explanations={
             "Suppress every bought address, complainer and unsubscriber": "Before anything else goes out to anyone.",
             "Load the suppression list into your mailing tool":
                 "A list in a spreadsheet protects nobody; in the tool, it blocks every later send.",
             "Delete the bought data once it is suppressed":
                 "Keep only what the suppression list needs, then delete the rest.",
             "Turn on double opt-in for new sign-ups": "Consent you can prove, for every new subscriber.",
             "Add one-click unsubscribe to every marketing email": "Gmail expects it of bulk senders (RFC 8058).",
             "Add a consent check to the steps before any send":
                 "The check that was missing: where did this list come from, and did these people agree?",
             "Send the bought list a short 'sorry for our email' message":
                 "A second unsolicited email to all of them, however kind, is a second offence; answer the "
                 "people who wrote.",
             "Buy a better-quality list next time":
                 "Gmail's guidelines say it plainly: \"Don't purchase email addresses\".",
         },
         solution=f"q_when.answer({WHEN_KEY!r})", hidden=f"grade('spam-when', key={WHEN_KEY!r})")

# ---- Step 4 ---------------------------------------------------------------------------------------
md("""
## Step 4: Self-reflect

Why did this happen? Blameless postmortems look for causes in systems and habits, not in people:
"You can't 'fix' people, but you can fix systems and processes." Some causes are yours to change
this week; some need other people and time; some are facts of the world you can only plan around.

*Source: Google SRE book, ch. 15 "Postmortem Culture: Learning from Failure".*
""")
ROOT_KEY = {
    "No consent check among the steps before a send": "act on now, yourself",
    "Treating a windfall list as an audience, without asking its source": "act on now, yourself",
    "Launch dates for the joint venture leave no time for checks": "act on later, with others",
    "One person can send to 10,000 with no second sign-off": "act on later, with others",
    "The seller gathered the addresses without anyone's consent": "cannot act on",
    "Gmail counts every spam-button click against the sender": "cannot act on",
}
exercise("q_root_causes", "Categorise", "spam-root-causes", "reflect", 4,
         prompt="Sort each cause of the send by what you can do about it.",
         items=[
             "Gmail counts every spam-button click against the sender",
             "Launch dates for the joint venture leave no time for checks",
             "No consent check among the steps before a send",
             "The seller gathered the addresses without anyone's consent",
             "One person can send to 10,000 with no second sign-off",
             "Treating a windfall list as an audience, without asking its source",
         ],
         categories=["act on now, yourself", "act on later, with others", "cannot act on"],
         explanations={
             "No consent check among the steps before a send": "Your own send checklist: add the step today.",
             "Treating a windfall list as an audience, without asking its source":
                 "A habit with a trigger you can set yourself: for any new list, ask how it was collected. "
                 "The blogger's own words were \"such a windfall\".",
             "Launch dates for the joint venture leave no time for checks":
                 "Set with Priya and the partner: plan the next launch with time for the checks.",
             "One person can send to 10,000 with no second sign-off":
                 "A setting in the mailing tool and a rule your manager agrees to: a second pair of eyes on "
                 "any large send.",
             "The seller gathered the addresses without anyone's consent":
                 "True, and out of your reach: what you control is whether you use such a list.",
             "Gmail counts every spam-button click against the sender":
                 "A rule of the game, not a cause to fix: you plan around it.",
         },
         solution=f"q_root_causes.answer({ROOT_KEY!r})", hidden=f"grade('spam-root-causes', key={ROOT_KEY!r})")
md("""
The blogger ends on a bright note: the recovery "earned me a lot more emails of thanks and
understanding."
""")
choice("q_paradox", "SingleChoice", "spam-recovery-paradox", "reflect", 2,
       "Priya reads the blog and says: \"So if we handle this well, we'll come out ahead.\" What do you answer?",
       {
           "Yes: a well-handled failure builds more loyalty than no failure":
               "That is the \"service recovery paradox\", and the research finds it weak: satisfaction can "
               "rise, loyalty and reputation do not. Recover to limit the damage, not to come out ahead.",
           "No: people who have complained never change their view of us":
               "A good recovery does change how people feel; it cannot undo the failure. Some of the angry "
               "will accept a good reply.",
           "Yes, if we also send everyone who complained a special offer":
               "A sales offer to people who complained about unsolicited sales is the mistake again.",
           "Done well, it limits the damage; it rarely leaves us better off":
               "A meta-analysis found that a good recovery can lift satisfaction, but not repurchase, word of "
               "mouth or reputation; and the more severe the failure, the weaker the recovery. Your own data "
               "agrees: 43 thank-yous against 191 complaints and 236 angry replies. (de Matos, Henrique & "
               "Rossi 2007, Journal of Service Research 10(1); Soares & Proença 2015.)",
       },
       "Done well, it limits the damage; it rarely leaves us better off")
md("### Your own mistake (3 points, read only by your instructor)\n\n"
   "Think of a time you sent something to more people, or other people, than you meant to, or acted on "
   "a windfall before checking it, at work or in your studies (or one you saw closely, if you prefer). "
   "In a few sentences: what happened? Was it a one-off, or part of a pattern? What one change would "
   "have stopped it?\n\n**How your instructor scores it**\n\n" + scored_table([
       ("3", "A specific mistake; one-off or pattern decided with a reason; one concrete change (a setting, "
             "a check, a habit with a trigger), not \"be more careful\""),
       ("2", "Two of those three"),
       ("1", "One of them"),
       ("0", "Nothing written yet"),
   ]) + "\nNobody is marked on the size of the mistake you choose to share.",
   nbgrader={"grade": False, "solution": False, "locked": True, "grade_id": "spam-my-reflection-prompt",
             "task": False})
md("""
Last spring I sent a reminder about a workshop to our whole alumni list, about 2,000 people,
instead of the 40 who had registered: I picked the wrong list in the drop-down, in a hurry
between two meetings. It was part of a pattern, not a one-off: I had picked a wrong list once
before, and both times I sent from my phone on the move. The change: my rule now is that any
send to more than 50 people waits until I am at my desk, and I check the recipient count the tool
shows against the registration list before I press Send.
""", nbgrader={"grade": True, "solution": True, "locked": False, "points": 3, "grade_id": "spam-my-reflection",
               "task": False}, course={"step": "reflect"})

# ---- Step 5 ---------------------------------------------------------------------------------------
md("""
## Step 5: Earn trust back through your actions

"For me the key is not the immediate action, but the learning that takes place afterwards. What
will you do in future to ensure that similar mistakes never occur? How will you share the lessons
so that no-one who works with you or for you makes a similar mistake?"

*Source: Personal Branding Magazine blog, November 2007.*
""")
FOLLOW_KEY = [
    "Confirm to each person who asked that they are off your list",
    "Send your next newsletter to genuine subscribers only, and read its complaint rate",
    "Keep each send's complaint rate under 0.3% for 7 days running",
    "Invite your genuine subscribers to the teleclass",
    "Report to Priya and the partner what changed and how the class went",
]
exercise("q_follow_through", "Ordering", "spam-follow-through", "rebuild", 4,
         prompt="Plan the weeks after the send: put these in the order they happen.",
         items=[
             "Keep each send's complaint rate under 0.3% for 7 days running",
             "Report to Priya and the partner what changed and how the class went",
             "Confirm to each person who asked that they are off your list",
             "Invite your genuine subscribers to the teleclass",
             "Send your next newsletter to genuine subscribers only, and read its complaint rate",
         ],
         explanations={
             "Confirm to each person who asked that they are off your list":
                 "First, within 48 hours: Gmail asks bulk senders to honour unsubscribes that fast.",
             "Send your next newsletter to genuine subscribers only, and read its complaint rate":
                 "Once the bought list is suppressed, your own subscribers are all you send to, and their "
                 "complaint rate is the one you can measure.",
             "Keep each send's complaint rate under 0.3% for 7 days running":
                 "Gmail gives a sender its delivery help back once the rate stays under 0.3% for 7 days in a "
                 "row; aim under 0.1%.",
             "Invite your genuine subscribers to the teleclass":
                 "The promotion done the right way, to people who asked to hear from you, once your mail "
                 "reaches inboxes again.",
             "Report to Priya and the partner what changed and how the class went":
                 "Follow-through they can see: what changed, with numbers.",
         },
         explanation="Honour, send only to people who asked, measure, then promote, then report: trust comes "
                     "back through what people see you do, over weeks.",
         solution=f"q_follow_through.answer({FOLLOW_KEY!r})",
         hidden=f"grade('spam-follow-through', key={FOLLOW_KEY!r})")
choice("q_share", "SingleChoice", "spam-share-lesson", "rebuild", 2,
       "A month on, how do you share the lesson with your team?",
       {
           "An email reminding the team to be careful with any list from now on":
               "\"Be careful\" is not a plan: it names no check. Share the specific check that was missing "
               "(where did this list come from?) instead.",
           "Tell Priya privately, and leave it to her to decide who else hears":
               "Priya knows already. The people who will one day hold a windfall list are your colleagues: "
               "the blog asks how you will share the lessons \"so that no-one who works with you or for you "
               "makes a similar mistake\".",
           "A write-up naming the list seller, so nobody buys from them again":
               "Blaming the seller teaches the team nothing about its own process, which is where the cause "
               "was.",
           "A blameless one-page write-up and ten minutes at the team meeting":
               "What happened, why, and what changed (the consent check, the second sign-off), shared where "
               "people can ask questions (Google SRE book, ch. 15).",
       },
       "A blameless one-page write-up and ten minutes at the team meeting")
md("""
Three months later Priya comes back from a trade show with the organiser's spreadsheet: 2,000
attendees, and a column saying who ticked "I'd like to hear from exhibitors".
""")
choice("q_next_list", "SingleChoice", "spam-next-list", "rebuild", 3,
       "Priya hands you the trade-show list for the next teleclass. What do you do?",
       {
           "Email them all once, with a clear unsubscribe link and our address":
               "That is the US CAN-SPAM floor: opt-out, with an unsubscribe and a postal address. In the EU "
               "and UK, marketing email needs consent first, and most of these people gave none.",
           "Ask them by email whether they would like to join our mailing list":
               "Asking for consent by email is itself marketing: the re-confirmation idea again.",
           "Email only those who ticked the box, and keep a record of it":
               "Consent you can show, for the people who gave it: the rule you set after the spam send, "
               "kept when it is tempting not to.",
           "Refuse the whole list: after last time, no list we did not build":
               "\"Never again\" overshoots: people who agreed to hear from you are fine to email. The rule "
               "is consent, not where a list came from.",
       },
       "Email only those who ticked the box, and keep a record of it")

md("""
## Your progress

Your score for each step of this case (in graded mode: how many questions you have answered). Your
drafted reply and your own reflection are also scored by your instructor; they show here as "to be
graded by your instructor".
""")
code("summary()", nbgrader={"grade": False, "grade_id": "progress-summary", "locked": True, "solution": False,
                            "task": False}, tags=["nbval-ignore-output"], seed="progress-summary")


def main() -> None:
    old = json.loads(PATH.read_text(encoding="utf-8"))
    meta = {k: v for k, v in old["metadata"].items() if k != "course"}
    notebook = {"cells": cells, "metadata": meta, "nbformat": old["nbformat"], "nbformat_minor": old["nbformat_minor"]}
    ids = [c["id"] for c in cells]
    assert len(ids) == len(set(ids)), "duplicate cell ids"
    PATH.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {PATH.relative_to(ROOT)}: {len(cells)} cells")


if __name__ == "__main__":
    main()
