"""The partial learner's answers for every assignment, and the points each earns, worked by hand.

Why by hand: the tests that grade with nbgrader (tests/test_nbgrader_pipeline.py, the shared cohort
of tests/cohort.py, tests/test_autograde.py) then check the grading rules instead of repeating
them. Answers are as a learner's clicks would save them; the points follow the grading rules (the README, "For instructors").
"""

from __future__ import annotations

import json

# The partial submission: answers as a learner's clicks would save them, with the points each
# should earn under the grading rules (worked by hand).
PARTIAL_ANSWERS = {
    # single choice, right: 3 of 3
    "orient-first-move": "Check what was sent, to whom, and whether they have used it",
    # multiple choice, 3 right of 4: 2 right picks, 1 wrong pick -> (2 - 1) / 3 * 3 = 1.0
    "orient-assess-questions": [
        "Who received it, and did they forward it?",
        "Whose fault was it, and who else touched the file?",
        "Has anyone already used the numbers?",
    ],
    # multiple choice, 2 right of 4: the client ticked, the manager forgotten (the lesson this item
    # adds) -> 1 / 2 * 3 = 1.5
    "orient-who-hears": ["The client, now, in a short call with a time for the fix"],
    # ordering, first two swapped: 9 of the 10 pairs in order -> 9 / 10 * 3 = 2.7 (issue 15: credit by
    # pairs; by place it was 3 of 5 -> 1.8)
    "orient-call-order": [
        "Take responsibility: it was your mistake",
        "Say plainly what happened: the report had last year's numbers",
        "Say what it affects, as far as you know",
        "Offer the fix and when they will have it",
        "Ask whether that works for them, or what they would prefer",
    ],
    # categorise, everything "helps": the 3 that do help are right -> 3 / 6 * 3 = 1.5
    "orient-first-message": {
        "I sent you last year's figures by mistake this morning.": "helps",
        "Our system makes the two files look identical, so it was bound to happen.": "helps",
        "That was my error.": "helps",
        "I feel awful about this and I'm so, so sorry.": "helps",
        "Apologies if this caused any confusion.": "helps",
        "You will have the corrected report by noon, well before your 2 pm meeting.": "helps",
    },
    # orient-apology-parts: not answered -> 0
    # single choice, wrong (regret without ownership) -> 0
    "orient-most-important": "I'm so sorry about the report this morning, truly.",
    # single choice, right -> 3
    "orient-final-say": "Book a short call before 2 pm, and send the file as well",
    # multiple choice, 2 right of 5: 1 right pick -> 1 / 2 * 3 = 1.5
    "orient-never-again": ["Put the reporting year in each file name, and check it before Send"],
    # categorise, 4 of 5 right ("human error" called a root cause) -> 4 / 5 * 3 = 2.4
    "orient-root-causes": {
        "The client should have noticed the dates.": "not a root cause",
        "I was finishing the report during a call while answering chat messages.": "a root cause to act on",
        "Human error: I'll just be more careful.": "a root cause to act on",
        "Last year's file was copied as a template, so both had the same name.": "a root cause to act on",
        "There is no review step before client reports go out.": "a root cause to act on",
    },
    # ordering, all right -> 3
    "orient-why-chain": [
        "The client received last year's numbers",
        "I attached the wrong file",
        "Both files had the same name",
        "I copied last year's folder as a template",
        "We have no naming convention for reports",
    ],
    # single choice, right -> 2
    "orient-one-off": "Pattern: the year has slipped three times now",
    # multiple choice, 1 right of 4: the one right pick and one wrong (the free report) cancel out ->
    # max(0, (1 - 1) / 1) * 3 = 0
    "orient-earn-trust": [
        "Deliver each report on time and checked, unprompted",
        "Offer next month's report free to make up for it",
    ],
    # hand-edited into nonsense (a string where a list belongs) -> 0, and no crash
    "orient-team-guide": "assess, own, fix",
}
PARTIAL_EXPECTED = {
    "orient-first-move": 3.0,
    "orient-assess-questions": 1.0,
    "orient-who-hears": 1.5,
    "orient-call-order": 2.7,
    "orient-first-message": 1.5,
    "orient-apology-parts": 0.0,
    "orient-most-important": 0.0,
    "orient-final-say": 3.0,
    "orient-never-again": 1.5,
    "orient-root-causes": 2.4,
    "orient-why-chain": 3.0,
    "orient-one-off": 2.0,
    "orient-earn-trust": 0.0,
    "orient-team-guide": 0.0,
}


# 01-bulk-spam, worked the same way. The message checker's score rule (course.message_patterns,
# issue 18): acknowledgment 0.55 and repair 0.45 are full marks; regret, explanation and repentance
# 0.10 each help a message missing one of those (capped at 1); forgiveness 0; each red flag costs 0.15. Multiple choice scores
# (right - wrong) / |key|; categorise the share of items placed right; ordering the share of pairs in
# the right order.
SPAM_PARTIAL_ANSWERS = {
    "spam-delivered": 9595,                     # right -> 2
    "spam-bounce-rate": 3.02,                   # hard bounces only -> 0
    "spam-complaint-rate": 1.91,                # divided by all sent, not delivered -> 0
    "spam-threshold": "Far above 0.3%: expect the spam folder for a while",  # right -> 1
    "spam-written-replies": 300,                # the thank-yous left out (236 + 64, not 343) -> 0
    # spam-thanks-bought: not answered -> 0
    "spam-first-hour": [                        # 2 right, 1 wrong of a 2-option key -> (2 - 1) / 2 * 3 = 1.5
        "Pause everything still queued to send",
        "Check whether your sending domain is on a blocklist",
        "Report it to the regulator within 72 hours under GDPR art. 33",
    ],
    "spam-who-first": "The speaker, your partner: once you have a full recovery plan",  # wrong -> 0
    # explanation ("bought list"), regret ("sorry"), repair ("I will send"), no acknowledgment (no "I"
    # did it: the email "went"), so ownership left out -> (0.1 + 0.1 + 0.45 - 0.15) * 2 = 1.0
    "spam-holding": ("Priya, the teleclass email went to the whole bought list this morning. I'm sorry. "
                     "I will send you a plan later today."),
    "spam-responses": {                         # 4 of 5 right -> 4 / 5 * 3 = 2.4
        "An angry reply: 'Who gave you my address?'": "a personal answer today",
        "A teleclass question from a hotel owner not on your list": "no reply: suppress only",
        "A thank-you from one of your own subscribers": "a short reply this week",
        "An automatic out-of-office reply": "no reply: suppress only",
        "A spam complaint through the mailbox provider's button": "no reply: suppress only",
    },
    "spam-triage": "Oldest first: a core text you adapt to each person, all done today",  # right -> 2
    # regret ("sorry"), acknowledgment ("my mistake"), repair ("I have removed"), no red flag: brief, owned
    # and repaired, so full marks -> 3
    "spam-reply": "I'm sorry. Sending you that email was my mistake. I have removed your address.",
    "spam-reconfirm": "Only to those who neither complained nor unsubscribed",  # wrong -> 0
    "spam-signed-up": "Keep their places, send only class details, and no other mail",  # right -> 2
    # the decision (issue 17): the apology blast to all 10,000, wrong -> 0; the case goes on down that
    # branch, whose day two brought 152 complaints: 1.584% of the 9,595 delivered, right ON THAT BRANCH -> 1
    # (the perfect learner, on the other branch, answers 0.042 and is right too: two branches, each graded
    # against its own key)
    "spam-sorry-send": "Email one short apology to all 10,000 today, as the speaker asks",
    "spam-day-two-rate": 1.584,
    # spam-suppression: set in the fixture: the bought addresses that are not genuine subscribers
    # (9,666, all right) but not the 33 genuine subscribers who objected: scored by the hidden test's
    # groups (issue 15), the bought group (weight 2) and the subscribers kept (1) right, the objectors
    # (1) missed -> 3 / 4 * 4 = 3.0 (by the share of the whole set it was 9666 / 9699 * 4 = 3.99)
    "spam-when": {                              # 6 of 8 right -> 6 / 8 * 3 = 2.25
        "Suppress every bought address, complainer and unsubscriber": "now",
        "Load the suppression list into your mailing tool": "this week",
        "Delete the bought data once it is suppressed": "this week",
        "Turn on double opt-in for new sign-ups": "this week",
        "Add one-click unsubscribe to every marketing email": "now",
        "Add a consent check to the steps before any send": "this week",
        "Send the bought list a short 'sorry for our email' message": "never",
        "Buy a better-quality list next time": "never",
    },
    "spam-root-causes": {                       # 3 of 6 right -> 3 / 6 * 4 = 2
        # the two "act on later" causes taken as the learner's own to fix now, and the seller's part
        # as something to act on: the common slip of owning what needs others, and chasing the seller
        "No consent check among the steps before a send": "act on now, yourself",
        "Treating a windfall list as an audience, without asking its source": "act on now, yourself",
        "Launch dates for the joint venture leave no time for checks": "act on now, yourself",
        "One person can send to 10,000 with no second sign-off": "act on now, yourself",
        "The seller gathered the addresses without anyone's consent": "act on later, with others",
        "Gmail counts every spam-button click against the sender": "cannot act on",
    },
    "spam-recovery-paradox": "Yes: a well-handled failure builds more loyalty than no failure",  # wrong -> 0
    "spam-follow-through": [                    # last two swapped: 9 of 10 pairs -> 9 / 10 * 4 = 3.6
        "Confirm to each person who asked that they are off your list",
        "Send your next newsletter to genuine subscribers only, and read its complaint rate",
        "Keep each send's complaint rate under 0.3% for 7 days running",
        "Report to Priya and the partner what changed and how the class went",
        "Invite your genuine subscribers to the teleclass",
    ],
    "spam-share-lesson": "A blameless one-page write-up and ten minutes at the team meeting",  # right -> 2
    # spam-next-list: not answered -> 0
}
SPAM_PARTIAL_EXPECTED = {
    "spam-delivered": 2.0, "spam-bounce-rate": 0.0, "spam-complaint-rate": 0.0, "spam-threshold": 1.0,
    "spam-written-replies": 0.0, "spam-thanks-bought": 0.0, "spam-first-hour": 1.5, "spam-who-first": 0.0,
    "spam-holding": 1.0, "spam-responses": 2.4, "spam-triage": 2.0, "spam-reply": 3.0, "spam-reconfirm": 0.0,
    "spam-signed-up": 2.0, "spam-sorry-send": 0.0, "spam-day-two-rate": 1.0, "spam-suppression": 3.0,
    "spam-when": 2.25, "spam-root-causes": 2.0,
    "spam-recovery-paradox": 0.0, "spam-follow-through": 3.6, "spam-share-lesson": 2.0, "spam-next-list": 0.0,
    # the personal reflection, a markdown cell graded by hand, left as the release's stub: nbgrader scores
    # an unchanged written answer 0 itself, and asks no instructor for it
    "spam-my-reflection": 0.0,
}


def _spam_partial_answers() -> dict:
    from course.data import load

    bought, subscribers = load("01-bulk-spam", "bought_list"), load("01-bulk-spam", "subscribers")
    forgot_objectors = sorted(set(bought["email"]) - set(subscribers["email"]))
    assert len(forgot_objectors) == 9666
    return {**SPAM_PARTIAL_ANSWERS, "spam-suppression": forgot_objectors}


# 02-wrong-year-attachment, worked the same way.
WRONG_MATERIAL = ["CENTRAL-Q1-UTILITIES", "CENTRAL-Q2-EQUIPMENT", "EAST-Q1-UTILITIES", "EAST-Q3-REVENUE",
                  "NORTH-Q2-CONSULTING", "NORTH-Q3-EQUIPMENT", "SOUTH-Q4-EQUIPMENT", "SOUTH-Q4-SOFTWARE",
                  "WEST-Q1-EQUIPMENT", "WEST-Q3-OTHER-INCOME"]
WRONG_PARTIAL_ANSWERS = {
    "wrong-differ-count": 240,                                            # counted every line -> 0
    "wrong-largest-abs": 458313,                                          # right -> 2
    "wrong-largest-rel": 70.5,                                            # the second largest -> 0
    "wrong-threshold": "5% of last year's figure",                       # inside the drift -> 0
    "wrong-material": ["NORTH-Q2-CONSULTING", "SOUTH-Q4-SOFTWARE"],       # 50% threshold: 2 of 10 -> 2 / 10 * 3 = 0.6
    "wrong-timeline": "Done: the finance lead is already working from the wrong figures",  # wrong -> 0
    # the decision (issue 17): the quiet fix, the file to the finance lead alone, wrong -> 0; the case
    # goes on down that branch, whose budget meeting ran on last year's figures: its targets ask for
    # 5.38% growth over the real 2025 revenue, right ON THAT BRANCH -> 2 (the perfect learner, who
    # called the client, answers 7.02 and is right too: two branches, each graded against its own key)
    "wrong-first-move": "Email the right file to the finance lead alone, as an updated version",
    "wrong-meeting-growth": 5.38,
    # multiple choice, key has 2 options: the client but not the manager -> 1 / 2 * 3 = 1.5
    "wrong-who-hears": ["Your client, who received the report and passed it on"],
    "wrong-channel": "Call now, and follow up in writing once the figures are checked",  # right -> 2
    # wrong-say-first: not answered -> 0
    # the holding note: regret ("Sorry") and repair ("I'll send"); "the report I sent" says who sent it, not
    # who got it wrong, so no acknowledgment, and no red flag -> (0.1 + 0.45) * 3 = 1.65
    "wrong-holding-note": "Sorry, the report I sent had last year's figures. I'll send the right ones today.",
    # regret ("Sorry"), acknowledgment ("I attached") and repair (the lines that changed, which the checker
    # reads as setting it right), no red flag -> full marks, 3;
    # the table check: every material line named (1 of 2 checks), no amounts (0) -> 1.0
    "wrong-correction": "Sorry, I attached the wrong year. The lines that changed most: " + ", ".join(WRONG_MATERIAL) + ".",
    "wrong-pattern": "A one-off: only one earlier wrong file ever reached the client",  # near misses missed -> 0
    "wrong-root-causes": [                                # key has 2: 2 right, 1 wrong -> (2 - 1) / 2 * 3 = 1.5
        "Each new report starts as a copy of the last one's file",
        "Not taking enough care when attaching files to client emails",
        "The only check of the period was a person's review, and it stopped",
    ],
    # ordering, the Q1 report before the team meeting: against the first acceptable order 9 of the
    # 10 pairs in order, against the second 8 -> the better, 9 / 10 * 3 = 2.7
    "wrong-follow-through": [
        "Ask the client after Thursday's meeting whether the figures served them",
        "Build the guard into the report template, so every report runs it",
        "Send the Q1 report on the agreed day, through the guard",
        "Show your team the guard and the past-reports table at their weekly meeting",
        "Look back with your manager after two quarters: did every report go out right?",
    ],
    "wrong-final-call": "Switch the guard off just this once: today the deadline matters more",  # wrong -> 0
    # multiple choice, every option ticked: 4 right of a key of 4, 1 wrong -> (4 - 1) / 4 * 3 = 2.25
    "wrong-share-lesson": [
        "What happened, in a few lines, with your own part in it",
        "The past-reports table: two near misses and one miss before Monday",
        "The guard function, and where it now runs in the report template",
        "A reminder to everyone to take more care with attachments",
        "One check anyone can do by hand: the period inside matches the name",
    ],
}
# typed into the learner notebook's answer cell: refuses other years (with the year in its
# message) but not a missing year column (KeyError, not ValueError) nor an empty table
# -> 4 of 6 checks -> 2.0
NAIVE_GUARD = """def check_report_year(table, year):
    if (table["year"] != year).any():
        raise ValueError(f"found {table['year'].iloc[0]}")
    return table
"""
WRONG_PARTIAL_EXPECTED = {
    "wrong-differ-count": 0.0, "wrong-largest-abs": 2.0, "wrong-largest-rel": 0.0, "wrong-threshold": 0.0,
    "wrong-material": 0.6, "wrong-timeline": 0.0, "wrong-first-move": 0.0, "wrong-meeting-growth": 2.0,
    "wrong-who-hears": 1.5, "wrong-channel": 2.0,
    "wrong-say-first": 0.0, "wrong-holding-note": 1.65, "wrong-correction": 3.0, "wrong-correction-table": 1.0,
    "wrong-guard": 2.0, "wrong-pattern": 0.0, "wrong-root-causes": 1.5, "wrong-follow-through": 2.7,
    "wrong-final-call": 0.0, "wrong-share-lesson": 2.25,
    # the personal reflection, left as the release's stub: nbgrader itself scores an unchanged written
    # answer 0 (an auto score), so it waits for no instructor
    "wrong-my-reflection": 0.0,
}


def _type_the_naive_guard(nb) -> None:
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "wrong-guard-answer")
    cell.source = NAIVE_GUARD


# 03-premature-send, worked the same way.
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
PREMATURE_PARTIAL_ANSWERS = {
    "premature-sentences": {                    # 8 of 10 (the fee and the last fragment called fine) -> 3.2
        SENT[0]: "fine", SENT[1]: "fine", SENT[2]: "fine", SENT[3]: "fine", SENT[4]: "unfinished",
        SENT[5]: "internal only", SENT[6]: "unfinished", SENT[7]: "internal only", SENT[8]: "fine",
        SENT[9]: "fine",
    },
    "premature-undo-recall": "No: undo closed at 14:24:08, and recall stops at our domain",  # right -> 2
    "premature-serious": "Grave: a client who reads our pricing notes will not renew now",  # wrong -> 0
    # the decision (issue 17): waiting for Dana's reply, wrong -> 0; on that branch her reply asks "is
    # £54,000 right? ... And who is Sam?", so "answer both her questions" is right ON THAT BRANCH -> 2 (the
    # perfect learner wrote at once, and on their branch "nothing she asked is open" is right: two
    # branches, each graded against its own key)
    "premature-next-move": "Wait for her reply first, then answer what she asks, with the right fee",
    "premature-open-questions": "Answer both her questions: the right fee, and who Sam is",
    "premature-who-hears": [                    # key of 3: 2 right picks, 1 wrong -> (2 - 1) / 3 * 3 = 1.0
        "Dana, within the hour: a short reply with the right fee",
        "Sam, today: the note Dana read names Sam and your pricing",
        "Your manager, once the complete proposal is out and all is fixed",
    ],
    # premature-first-words: not answered -> 0
    # regret ("Sorry"), acknowledgment ("my mistake") and repair ("The right fee is £45,000"): brief,
    # owned and repaired -> 3; its content
    # check: the right fee (yes), a time for the complete proposal (no) -> 1 of 2 checks -> 1.0
    "premature-follow-up": "Sorry, my mistake: that email went out early. The right fee is £45,000.",
    # no apology at all: the model reads "two training days are included" as a repair (a false find:
    # nothing here puts a mistake right), 0.45, and raises a false red flag on the same words,
    # ownership left out (with nobody owning anything), 0.15, so 0.45 - 0.15 -> 0.3 of 1 (earlier
    # rounds' models scored it 0.0, 0.1, 0.3 or 0.4, each with its own false finds); its content check
    # (premature-complete): the right fee
    # ("£45k"), April and the training days, but no case studies, no deadline, and the internal note
    # on going lower left in (named by its content, not by Sam's name) -> 3 of 6 checks -> 1.5
    "premature-complete-email": ("Hi Dana, the fee is £45k a year. The dashboard starts in April and two "
                                 "training days are included. Sam says we could go lower on price if "
                                 "needed. Jordan"),
    "premature-safeguards": [                   # middle two swapped: 5 of 6 pairs -> 2.5 (by place: 1.5)
        "Add the recipients last, once the email is finished",
        "Schedule important emails to send later instead of sending at once",
        "Go through a short review checklist: figures, attachments, no internal notes",
        "Set the undo-send window to 30 seconds",
    ],
    # the chain stopped at "human error" (put as why 4) and the real cause set aside: 5 of 7 items
    # right -> 5 / 7 * 4 = 2.86
    "premature-why-chain": {
        "Our team has no rule for client proposals; scheduled send is there, unused": "not a link in the chain",
        "My manager phoned at the worst possible moment": "not a link in the chain",
        "I pressed Ctrl+Enter while switching windows to take the call": "why 1: why did it reach Dana?",
        "I made a human error, as anyone can on a busy afternoon": "why 4: why is nothing in place?",
        "Undo gave me 10 seconds, and no review or delay stands before Send": "why 3: why did nothing catch it?",
        "Dana opened and read the email within minutes": "not a link in the chain",
        "Dana's address was in To: from the first line of the draft": "why 2: why could one key send it?",
    },
    "premature-follow-through": [               # key of 2: 1 right pick, 1 wrong -> (1 - 1) / 2 * 4 = 0
        "Check the fee and attachments against your notes before each email to her",
        "Offer her a discount on the renewal to make up for the confusion",
    ],
    # the one right option alone -> 3
    "premature-share-lesson": ["Tell it in two minutes and propose a rule: recipient last, send later"],
}
# The partial learner types nothing into the notebook: the complete email is a drafted message now,
# saved with the answers. Their personal reflection (premature-my-reflection) is left as the stub,
# which nbgrader scores 0 without waiting for the instructor.
PREMATURE_PARTIAL_EXPECTED = {
    "premature-sentences": 3.2, "premature-undo-recall": 2.0, "premature-serious": 0.0,
    "premature-next-move": 0.0, "premature-open-questions": 2.0, "premature-who-hears": 1.0,
    "premature-first-words": 0.0,
    "premature-follow-up": 3.0, "premature-follow-up-content": 1.0, "premature-complete-email": 0.3,
    "premature-complete": 1.5, "premature-safeguards": 2.5, "premature-why-chain": 2.86,
    "premature-my-reflection": 0.0, "premature-follow-through": 0.0, "premature-share-lesson": 3.0,
}


# assignment -> notebook, points autograded, points left to the instructor, partial answers,
# expected partial scores, and what the partial learner typed into their notebook
ASSIGNMENTS = {
    "00-orientation": ("orientation", 39.0, 0.0, lambda: PARTIAL_ANSWERS, PARTIAL_EXPECTED, None),
    # 01: 60 points, 6 of them manual (the reply's and the personal reflection's); the solutions' own
    # messages own the mistake, repair it and raise no red flag, so the checker gives both full marks: 54
    "01-bulk-spam": ("bulk-spam", 54.0, 6.0, _spam_partial_answers, SPAM_PARTIAL_EXPECTED, None),
    # 02: 50 autograded points (45, the decision's 2, its follow-up's 2, and the final call now 3); the
    # solutions' two drafted messages own the mistake and repair it with no red flag: full marks, 50;
    # 6 points (the correction and the personal reflection) by hand
    "02-wrong-year-attachment": ("wrong-year-attachment", 50.0, 6.0, lambda: WRONG_PARTIAL_ANSWERS,
                                 WRONG_PARTIAL_EXPECTED, _type_the_naive_guard),
    # 03: 46 points (the decision premature-next-move, 2, and premature-open-questions after it, 2, where the
    # single choice premature-prompt, 2, was), 6 of them the instructor's (the reply to Dana, the personal
    # reflection); the solutions earn all 40 autograded: both drafted messages own the mistake and
    # repair it with no red flag
    "03-premature-send": ("premature-send", 40.0, 6.0, lambda: PREMATURE_PARTIAL_ANSWERS,
                          PREMATURE_PARTIAL_EXPECTED, None),
}

# an instructor who ran the orientation solutions in place left these answers in solutions/: they
# must reach neither the release nor any learner's graded copy
SOLUTION_RUN_ANSWERS = {"orient-first-move": PARTIAL_ANSWERS["orient-first-move"],
                        "orient-final-say": PARTIAL_ANSWERS["orient-final-say"]}


def responses_json(answers: dict) -> str:
    """A responses.json holding these answers, as the exercises save them."""
    entries = {k: {"value": v, "time": "2026-11-24T10:00:00.000+00:00", "attempts": 1} for k, v in answers.items()}
    return json.dumps({"schema": 1, "answers": entries})


# 04-postmortem, worked the same way. Its write-up is typed into the notebook's cells (the learner's
# own postmortem, in plain Python), and only the message to the person affected is a widget answer.
# Each structure check scores the share of its checks that pass (course.postmortem; check_code).
POSTMORTEM_PARTIAL_ANSWERS = {
    # regret ("Sorry"), acknowledgment ("my mistake") and repair ("The right amount is £480"), no red
    # flag: brief, owned and repaired -> 2
    "postmortem-message": "Sorry, my mistake: the invoice was wrong. The right amount is £480.",
}
POSTMORTEM_TYPED = {
    # summary and impact written, four dated rows, but rows 2 and 3 swapped: 5 of 6 checks -> 2.5
    "postmortem-assess": '''incident_summary = """I sent Harbour Books an invoice for £4,800 instead of £480."""
impact = """Their bookkeeper spent an hour on it; nothing was paid."""
timeline = pd.DataFrame([
    ("2026-03-03 16:40", "I send the invoice with the wrong total"),
    ("2026-03-04 14:32", "Marta emails me to ask about it"),
    ("2026-03-04 14:20", "Marta notices the total"),
    ("2026-03-04 15:25", "I send a credit note and the right invoice"),
], columns=["when", "what"])
''',
    # written, but in the third person: 1 of 2 checks -> 0.5
    "postmortem-own": 'my_part = """The invoice was copied from an old one and its total was not changed."""\n',
    # three whys ending at "human error" (not denied), went well written, got lucky left empty: 3 whys,
    # each a sentence, the last naming something (a cause, if the wrong kind), what went well: 4 of 6
    # checks -> 2.0 (the last why fails only as blame)
    "postmortem-reflect": '''why_chain = [
    "The client got the wrong total because I copied an old invoice.",
    "I copied it because it was the quickest way to make a new one.",
    "It was human error on my part.",
]
went_well = """I answered within the hour with a credit note."""
got_lucky = """"""
''',
    # dated after the incident, two items each with an action and a date, but one without an owner and
    # one due before the day it was written: 5 of 7 checks -> 2.14
    "postmortem-fix": '''action_items = pd.DataFrame([
    ("Make the template compute the total", "me", "2026-03-13"),
    ("Check every total before sending", "", "2026-03-05"),
], columns=["action", "owner", "due"])
written_on = "2026-03-06"
''',
    # postmortem-rebuild: left as the release has it -> its check 0, and the manual cell, unchanged,
    # scored 0 by nbgrader itself
}
POSTMORTEM_PARTIAL_EXPECTED = {
    "postmortem-assess-check": 2.5, "postmortem-own-check": 0.5, "postmortem-message": 2.0,
    "postmortem-reflect-check": 2.0, "postmortem-fix-check": 2.14, "postmortem-rebuild-check": 0.0,
    "postmortem-rebuild": 0.0,
    # the four typed write-up cells (postmortem-assess, -own, -reflect, -fix) wait for the instructor
}


def _type_the_postmortem(nb) -> None:
    for cell in nb.cells:
        typed = POSTMORTEM_TYPED.get(cell.metadata.get("nbgrader", {}).get("grade_id"))
        if typed is not None:
            cell.source = typed


# 04: 34 points, 20 of them the instructor's (a write-up cell of 4 per rubric step); the solution
# earns all 14 autograded: the model message to Marta owns the mistake and repairs it, no red flag
ASSIGNMENTS["04-postmortem"] = ("postmortem", 14.0, 20.0, lambda: POSTMORTEM_PARTIAL_ANSWERS,
                                POSTMORTEM_PARTIAL_EXPECTED, _type_the_postmortem)
