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
