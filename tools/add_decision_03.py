"""Give case 03 its decision (premature-next-move) and the exercise that follows it, in solutions/.

Why: issue 17 §1. Until now the notebook showed Dana's reply ("And who is Sam?") in the timeline
before the learner chose whether to wait; the single choice `premature-prompt` was judged by a tick.
Now the base timeline ends when the slip is noticed, the choice is a `Decision` whose branches are
declared in course/scenarios/premature_send.py (DECISIONS), `story.load("timeline")` below it shows
what followed on the branch taken, and `premature-open-questions` asks, per branch, what Dana's
reply now leaves to answer. Cells after it that spoke of "her two questions" are phrased for every
branch.

Re-runnable: removes the cells it added (ids `next-move-NN`) and the cells it replaced, then adds
them again; the text edits match whole lines. Then run scripts/reseal-questions 03-premature-send,
scripts/answer-cell-lines and `course build 03-premature-send`."""
import json
from pathlib import Path

from notebook_cells import code, md, src  # noqa: E402 - tools/ is on the path when run

PATH = Path(__file__).resolve().parents[1] / "solutions/03-premature-send/premature-send.ipynb"
nb = json.loads(PATH.read_text(encoding="utf-8"))

WAIT = "Wait for her reply first, then answer what she asks, with the right fee"
NOW = "Write to her now: own the slip, give the right fee, say when the rest comes"
DELETE = "Ask her to delete the email unread, and say the real one follows later"

BOTH = "Answer both her questions: the right fee, and who Sam is"
NOTHING = "Nothing she asked is open: send the full proposal on time"
FEE_ONLY = "Correct the fee only, and leave the line about Sam alone"
GROVEL = "Apologise again at length before giving the facts she needs"
OPEN_KEY = {"wait": BOTH, "write-now": NOTHING, "ask-to-delete": BOTH}


def set_src(cell, text):
    cell["source"] = text.splitlines(keepends=True)


def by_grade_id(grade_id):
    return next(c for c in nb["cells"] if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id)


def by_id(cell_id):
    return next(c for c in nb["cells"] if c.get("id") == cell_id)


def replace_line(cell, starts, new_line):
    """Replace the one line of a cell that starts with ``starts`` (an explanation, a table row)."""
    lines = src(cell).split("\n")
    hits = [i for i, line in enumerate(lines) if line.startswith(starts)]
    assert len(hits) == 1, (starts, len(hits))
    lines[hits[0]] = new_line
    set_src(cell, "\n".join(lines))


def explain(cell, option, text):
    replace_line(cell, f"        {option!r}: ", f"        {option!r}: {text!r},")


# drop what an earlier run added, and the cells it replaces: the single choice premature-prompt
# and the "What happened next" cells that showed the whole afternoon, Dana's reply included
REPLACED = {"444bfa1f", "f45c1413", "37cd92f2", "f5e3f35e", "ef3e7bb4", "32b87baf"}
nb["cells"] = [c for c in nb["cells"]
               if not str(c.get("id", "")).startswith("next-move-") and c.get("id") not in REPLACED]

added = [
    md('''
Choose, then press **Decide**. What happens next depends on your choice, and the first decision you
make is the one your answers are graded on.
'''),
    code(f'''
# Question: answer it below.
q_next_move = Decision(
    'premature-next-move',
    story='03-premature-send',
    step='own',
    points=2,
    prompt='It is 14:28 and the proposal needs another hour. What do you do now?',
    options=[
        {WAIT!r},
        {NOW!r},
        {DELETE!r},
    ],
    explanations={{
        {WAIT!r}: "Until she writes, she has the wrong fee and the note about going lower with no word from you; then her questions set the agenda, and your answer comes late.",
        {NOW!r}: "Prompt and short, it stops the wrong fee from travelling, explains the note before she has to ask, and buys you the time to finish the proposal properly.",
        {DELETE!r}: "She may have read it already, and the request draws attention to the note without explaining it; the wrong fee still stands, uncorrected.",
    }},
    explanation="Speak as soon as you can, once you have assessed (Inc. article): a short, honest correction limits how long a mistake stands, and silence lets the other person's questions fill the gap.",
)
q_next_move
''', "premature-next-move-question"),
    code(f'''
### BEGIN SOLUTION
q_next_move.answer({NOW!r})
### END SOLUTION
''', "premature-next-move-answer", solution=True, locked=False),
    code(f'''
saved('premature-next-move')
### BEGIN HIDDEN TESTS
grade('premature-next-move', key={NOW!r})
### END HIDDEN TESTS
''', "premature-next-move", grade=True, points=2, step="own"),
    md('''
### What happened next

Whatever you decided, the afternoon went on. Load the timeline again: it now runs on from the
moment you noticed, along the path you chose.
'''),
    code('''
timeline = story.load("timeline")
timeline[timeline["at"] > "2026-02-10 14:27:33"]
'''),
    code(f'''
# Question: answer it below.
q_open_questions = SingleChoice(
    'premature-open-questions',
    after='premature-next-move',
    step='own',
    points=2,
    prompt="Read Dana's reply, the timeline's last row. What must your next message to her do?",
    options=[
        {BOTH!r},
        {NOTHING!r},
        {FEE_ONLY!r},
        {GROVEL!r},
    ],
    explanations={{
        {BOTH!r}: "Where her reply asks whether the fee is right and who Sam is, each needs a straight answer now, the fee first: skip one and she is left guessing.",
        {NOTHING!r}: "Where your note reached her first, she has the right fee and the note explained, and she says so: what she needs next is the full proposal, on time.",
        {FEE_ONLY!r}: "She has read the note about going lower on price; left unexplained, it lets her draw her own conclusions about your pricing and about Sam.",
        {GROVEL!r}: "A long apology makes the message about you; she needs the facts and a time, with one short sorry at most.",
    }},
    explanation="Answer what the other person actually asked, each open question, in the order that matters to them; where nothing is open, keep the promise you made.",
)
q_open_questions
''', "premature-open-questions-question"),
    code(f'''
### BEGIN SOLUTION
q_open_questions.answer({OPEN_KEY["write-now"]!r})
### END SOLUTION
''', "premature-open-questions-answer", solution=True, locked=False),
    code(f'''
saved('premature-open-questions')
### BEGIN HIDDEN TESTS
grade('premature-open-questions', key={OPEN_KEY!r})
### END HIDDEN TESTS
''', "premature-open-questions", grade=True, points=2, step="own"),
]
for number, cell in enumerate(added):
    cell["id"] = f"next-move-{number:02d}"

at = nb["cells"].index(by_id("f7668bd5")) + 1  # "Step 2: Speak with the relevant parties", it is 14:28
nb["cells"][at:at] = added

# the setup: the Decision, and the story the decisions shape
setup = by_grade_id("setup")
s = src(setup)
if "Decision" not in s:
    s = s.replace("from course.exercises import Categorise, ", "from course.exercises import Categorise, Decision, ")
if "from course.story import Story" not in s:
    s = s.replace("from course.progress import summary\n", "from course.progress import summary\nfrom course.story import Story\n")
    s = s.rstrip("\n") + '\nstory = Story("03-premature-send")  # the case as your decisions shape it\n'
s = s.replace('timeline = load("03-premature-send", "timeline")          # what happened, when',
              'timeline = load("03-premature-send", "timeline")          # what has happened so far')
set_src(setup, s)

# the introduction and the timeline as it stands at 14:27: no filter needed, the future is not in it
intro = nb["cells"][0]
set_src(intro, src(intro).replace(
    '**What you need**: no pandas beyond running the cells that show the tables (one of them keeps the\n'
    'rows up to a time: `timeline[timeline["at"] <= "2026-02-10 14:27:33"]`). It takes about 50 minutes.',
    '**What you need**: no pandas beyond running the cells that show the tables (one of them keeps the\n'
    'rows after a time: `timeline[timeline["at"] > "2026-02-10 14:27:33"]`). It takes about 50 minutes.'))
so_far = by_id("f60fa106")
set_src(so_far, "timeline")

# what spoke of "her two questions" is phrased for every branch
explain(by_grade_id("premature-who-hears-question"), "Dana, within the hour: a short reply with the right fee",
        "She has a wrong fee and a note that was never meant for her: she hears from you first, briefly.")
words = by_grade_id("premature-first-words-question")
explain(words, "“Please ignore my last email; the complete proposal will follow shortly.”",
        "It leaves the wrong fee standing and the note about Sam unexplained, and it explains nothing.")
explain(words, "“I sent that email before it was finished: the fee is £45,000, not £54,000.”",
        "Right: it owns the slip in the first person and corrects the fee, the fact she most needs, in one sentence.")
set_src(by_id("e1b2cdfe"), """Now write your message to Dana, on the path you took: the note you send her now, or your answer to
her reply. It is a **holding statement**, the short first message you send before you have the full
fix. Keep it brief (the checklist flags anything over 80 words): own the slip, give the right fee,
say honestly who Sam is (whether or not she has asked yet), and tell her when the complete proposal
will come. No grovelling: she needs facts and a time.""")
replace_line(by_grade_id("premature-follow-up-manual"), "| 3 |",
             "| 3 | Brief and calm; owns the slip in the first person; gives the right fee, says honestly who Sam is and when the complete proposal comes |")

PATH.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
print("added", len(added), "cells at", at)
