"""Add case 02's decision (wrong-first-move) and the exercise that follows it to solutions/.

Why: issue 17 §1. The case showed its future from the start; now Tuesday's first move is the
learner's, and what it leads to (the timeline to Friday, Thursday's budget sheet) is read from that
branch's data below the decision. The cells go where the decision is due in the story: after the
damage is assessed (wrong-timeline) and before "Speak with the relevant parties", whose quote would
give the answer away.

Re-runnable: removes the cells it added (ids ``first-move-NN``) before adding them again, and its
other edits (the setup cell, the Step 5 opening, wrong-final-call's points) are idempotent. Then run
scripts/reseal-questions, scripts/answer-cell-lines and `course build 02-wrong-year-attachment`."""
import json
from pathlib import Path

from notebook_cells import code, md, src  # noqa: E402 - tools/ is on the path when run

PATH = Path(__file__).resolve().parents[1] / "solutions/02-wrong-year-attachment/wrong-year-attachment.ipynb"
nb = json.loads(PATH.read_text(encoding="utf-8"))


def grade_id(cell):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


CALL = "Call the client now, then correct everyone who received the file"
QUIET = "Email the right file to the finance lead alone, as an updated version"
RECALL = "Recall Monday's email in Outlook, then send the right file in its place"

# drop what an earlier run added
nb["cells"] = [c for c in nb["cells"] if not str(c.get("id", "")).startswith("first-move-")]

added = [
    md('''
### Tuesday, 09:30: your first move

You know what went wrong and which lines matter. The right file is on your desktop, and sending it
takes a minute. Nobody at the client has said anything yet.

Choose, then press **Decide**. What happens next depends on your choice, and the first decision you
make is the one your answers are graded on.
'''),
    code(f'''
# Question: answer it below.
q_first_move = Decision(
    'wrong-first-move',
    story='02-wrong-year-attachment',
    step='own',
    points=2,
    prompt='It is Tuesday, 09:30, and the right file is ready to send. What do you do first?',
    options=[
        {CALL!r},
        {QUIET!r},
        {RECALL!r},
    ],
    explanations={{
        {CALL!r}: "The client owns the decisions made with her figures, and only she knew what they were for. One call put the right figures in front of everyone who held the wrong ones, two days early.",
        {QUIET!r}: "A file marked 'updated' does not say the first one was wrong, so nobody stops using it. The client learns last, from her own team, which costs more trust than the slip did.",
        {RECALL!r}: "Recall works only inside your own organisation (Microsoft Support, \\"Recall or replace an email message\\"), and it explains nothing. A forwarded copy stays where it is.",
    }},
    explanation="A correction stops wrong figures only where people hear that something was wrong. Tell the person who owns the decisions first, then everyone who holds the file.",
)
q_first_move
''', "wrong-first-move-question"),
    code(f'''
### BEGIN SOLUTION
q_first_move.answer({CALL!r})
### END SOLUTION
''', "wrong-first-move-answer", solution=True, locked=False),
    code(f'''
saved('wrong-first-move')
### BEGIN HIDDEN TESTS
grade('wrong-first-move', key={CALL!r})
### END HIDDEN TESTS
''', "wrong-first-move", grade=True, points=2, step="own"),
    md('''
Whatever you decided, the case goes on. Load the timeline again: it now runs to Friday.
'''),
    code('''
timeline = story.load("timeline")
timeline[timeline["at"] >= "2026-01-20 09:30"]
'''),
    md('''
One of those emails brought the budget sheet of Thursday's meeting: for each region, the 2025
revenue on the sheet and the 2026 revenue target the meeting set from it.
'''),
    code('''
meeting = story.load("budget_meeting")
meeting
'''),
    code('''
# Question: answer it below.
q_meeting_growth = Numeric(
    'wrong-meeting-growth',
    after='wrong-first-move',
    step='assess',
    points=2,
    prompt="The meeting set each region's 2026 target 7% above the 2025 revenue on its sheet, rounded to the nearest 10,000. Against the real 2025 revenue, what growth do its targets ask for, in % (2 decimals)?",
    decimals=2,
    unit='%',
    explanation="Add up the meeting's target_2026, divide by this year's real revenue (the Revenue lines of this_year, summed) and subtract 1. A sheet built on the right figures gives about the 7% the meeting meant; one built on Monday's file gives less, and nobody in the room could tell.",
)
q_meeting_growth
''', "wrong-meeting-growth-question"),
    md('''
New to pandas? Copy this into the cell below and replace the blank `___`:

```python
real_revenue = this_year.loc[this_year["line_item"] == "___", "amount"].sum()
q_meeting_growth.answer(100 * (meeting["target_2026"].sum() / real_revenue - 1))
```
'''),
    code('''
### BEGIN SOLUTION
real_revenue = this_year.loc[this_year["line_item"] == "Revenue", "amount"].sum()
q_meeting_growth.answer(100 * (meeting["target_2026"].sum() / real_revenue - 1))
### END SOLUTION
''', "wrong-meeting-growth-answer", solution=True, locked=False),
    code('''
saved('wrong-meeting-growth')
### BEGIN HIDDEN TESTS
grade('wrong-meeting-growth', key={'client-first': 7.02, 'quiet-fix': 5.38, 'recall-resend': 5.38})
### END HIDDEN TESTS
''', "wrong-meeting-growth", grade=True, points=2, step="assess"),
    md('''
Whichever move you made, the next steps take Tuesday morning again, slowly: who must hear it from
you, how, and in what words. They are the repair on every branch; after a quiet move you make that
call on Friday instead, with a budget to put right as well.
'''),
]
for number, cell in enumerate(added):
    cell["id"] = f"first-move-{number:02d}"

at = next(i for i, c in enumerate(nb["cells"]) if grade_id(c) == "wrong-timeline") + 1
nb["cells"][at:at] = added

setup = next(c for c in nb["cells"] if grade_id(c) == "setup")
s = src(setup)
if "Decision" not in s:
    s = s.replace("from course.exercises import DraftedMessage, ", "from course.exercises import Decision, DraftedMessage, ")
if "from course.story import Story" not in s:
    s = s.replace("from course.progress import summary\n", "from course.progress import summary\nfrom course.story import Story\n")
    s = s.rstrip("\n") + '\nstory = Story("02-wrong-year-attachment")  # the case as your decisions shape it\n'
setup["source"] = s.rstrip("\n").splitlines(keepends=True)

# Step 5 told the future of one branch as the only one; it now says what a recovery in time earns
step5 = next(c for c in nb["cells"] if src(c).startswith("## Step 5"))
step5["source"] = src(step5).replace(
    "Thursday's meeting used the corrected figures, and the client thanked you for the quick warning.\n"
    "That limits the damage; it does not put you ahead.",
    "When the correction reaches everyone in time, Thursday's meeting runs on the right figures and the\n"
    "client thanks you for the warning. That limits the damage; it does not put you ahead.",
).splitlines(keepends=True)

# rebuild keeps >= 15% of the points (course lint thin-step) now that the case has 56 points
for cell in nb["cells"]:
    if grade_id(cell) == "wrong-final-call-question":
        cell["source"] = src(cell).replace("    step='rebuild',\n    points=2,", "    step='rebuild',\n    points=3,")\
            .splitlines(keepends=True)
    if grade_id(cell) == "wrong-final-call":
        cell["metadata"]["nbgrader"]["points"] = 3

PATH.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
print("added", len(added), "cells at", at)
