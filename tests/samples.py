"""Sample exercise content shared by the widget and grading tests (one copy, so they agree)."""

SC_OPTIONS = ["Pause and gather the facts", "Email everyone again at once", "Say nothing and hope"]
SC_RIGHT = SC_OPTIONS[0]
SC_EXPLANATIONS = {
    SC_OPTIONS[0]: "Facts first lets you scope the damage.",
    SC_OPTIONS[1]: "A second rushed email widens the mistake.",
    SC_OPTIONS[2]: "They find out anyway, from someone else.",
}

MC_OPTIONS = [
    "Apologise promptly",
    "Blame the list seller",
    "Say what happens next",
    "Offer a concrete repair",
    "Write a long emotional message",
]
MC_RIGHT = [MC_OPTIONS[0], MC_OPTIONS[2], MC_OPTIONS[3]]
MC_EXPLANATIONS = {o: f"Note on option {n}." for n, o in enumerate(MC_OPTIONS)}

ORD_RIGHT = ["Assess", "Own up", "Fix", "Reflect", "Rebuild"]
ORD_SHOWN = ["Own up", "Assess", "Fix", "Rebuild", "Reflect"]  # the order the widget starts in
ORD_EXPLANATIONS = {item: f"Why {item.lower()} goes here." for item in ORD_RIGHT}

CAT_ITEMS = ["Check the logs", "Blame the intern", "Write a postmortem", "Send a panicky email"]
CAT_CATEGORIES = ["productive", "unproductive"]
CAT_RIGHT = {
    "Check the logs": "productive",
    "Blame the intern": "unproductive",
    "Write a postmortem": "productive",
    "Send a panicky email": "unproductive",
}
CAT_EXPLANATIONS = {item: f"About {item.lower()}." for item in CAT_ITEMS}

# case 01's decision (course/scenarios/bulk_spam.py, DECISIONS): its options are the scenario's branches
DECISION_OPTIONS = ["Email one short apology to all 10,000 today, as the speaker asks",
                    "Answer the people who wrote, one by one, and email nobody else"]

MESSAGE = "I'm sorry: I sent the wrong file. Here is the right one, and from now on I check attachments first."

# One sample exercise of every kind in course.answers.KINDS (a new kind needs one here). Kind -> (its
# spec besides id, step and points; the plain right answer, None when judged by rules; another answer)
KIND_SAMPLES = {
    "single_choice": (dict(options=SC_OPTIONS, explanations=SC_EXPLANATIONS), SC_RIGHT, SC_OPTIONS[1]),
    "multiple_choice": (dict(options=MC_OPTIONS), MC_RIGHT, [MC_OPTIONS[0], MC_OPTIONS[1]]),
    "ordering": (dict(items=ORD_SHOWN), ORD_RIGHT, ORD_SHOWN),
    "categorise": (dict(items=CAT_ITEMS, categories=CAT_CATEGORIES), CAT_RIGHT,
                   {**CAT_RIGHT, "Blame the intern": "productive"}),
    "numeric": (dict(decimals=2, unit="%"), 2.04, "2.1%"),
    "item_set": (dict(noun="addresses"), ["a@x.example", "b@x.example", "c@x.example"],
                 ["a@x.example", "b@x.example", "z@x.example"]),
    "drafted_message": (dict(max_words=120), None, MESSAGE),
    "decision": (dict(story="01-bulk-spam", options=DECISION_OPTIONS), DECISION_OPTIONS[1], DECISION_OPTIONS[0]),
}
