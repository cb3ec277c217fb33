"""Add case 01's decision (spam-sorry-send) and the exercise that follows it to solutions/.

Re-runnable: removes the cells it added before adding them again. Then run
scripts/reseal-questions, scripts/answer-cell-lines and `course build 01-bulk-spam`."""
import json
from pathlib import Path

from notebook_cells import code, md, src  # noqa: E402 - tools/ is on the path when run

PATH = Path(__file__).resolve().parents[1] / "solutions/01-bulk-spam/bulk-spam.ipynb"
nb = json.loads(PATH.read_text(encoding="utf-8"))
MARK = "spam-sorry-send"


# drop what an earlier run added
nb["cells"] = [c for c in nb["cells"] if not str(c.get("id", "")).startswith("sorry-send-")]

added = [
    md('''
### The speaker's request

Wednesday, 9:00. Your suppression list is built and loaded. The speaker, your joint-venture partner,
emails you: "Just send everyone a quick sorry, all 10,000, and it's behind us." Priya forwards it with
one line: "Your call."

Choose, then press **Decide**. What happens next depends on your choice, and the first decision you
make is the one your answers are graded on.
'''),
    code('''
# Question: answer it below.
q_sorry_send = Decision(
    'spam-sorry-send',
    story='01-bulk-spam',
    step='fix',
    points=2,
    prompt='The speaker wants a quick sorry sent to all 10,000. What do you do?',
    options=[
        'Email one short apology to all 10,000 today, as the speaker asks',
        'Answer the people who wrote, one by one, and email nobody else',
    ],
    explanations={
        'Email one short apology to all 10,000 today, as the speaker asks': "An apology nobody asked for is one more unwanted email, and it reaches the very people who asked you yesterday to stop. What they are owed is to hear nothing more from you.",
        'Answer the people who wrote, one by one, and email nobody else': "The people who wrote get a person's answer; everyone else gets what they asked for, silence. Your suppression list is the repair, and mailing round it the next day would undo it.",
    },
    explanation="A recovery is judged by what the people affected experience next. For a bought list, the best apology is that your email stops.",
)
q_sorry_send
''', "spam-sorry-send-question"),
    code('''
### BEGIN SOLUTION
q_sorry_send.answer('Answer the people who wrote, one by one, and email nobody else')
### END SOLUTION
''', "spam-sorry-send-answer", solution=True, locked=False),
    code('''
saved('spam-sorry-send')
### BEGIN HIDDEN TESTS
grade('spam-sorry-send', key='Answer the people who wrote, one by one, and email nobody else')
### END HIDDEN TESTS
''', "spam-sorry-send", grade=True, points=2, step="fix"),
    md('''
Whatever you decided, the case goes on. Load the responses again: they now run to Thursday morning,
the end of day two.
'''),
    code('''
responses = story.load("responses")
responses[responses["received_at"] >= "2024-10-09 09:00"].groupby("kind").size()
'''),
    code('''
# Question: answer it below.
q_day_two_rate = Numeric(
    'spam-day-two-rate',
    after='spam-sorry-send',
    step='assess',
    points=1,
    prompt="What was day two's spam complaint rate, in % of the 9,595 delivered addresses (3 decimals)?",
    decimals=3,
    unit='%',
    explanation="Count the spam complaints received from Wednesday 9:00 on, and divide by the 9,595 addresses that received your first email. Set it beside Gmail's 0.3% limit.",
)
q_day_two_rate
''', "spam-day-two-rate-question"),
    md('''
New to pandas? Copy this line into the cell below and replace the blank:

```python
q_day_two_rate.answer(100 * ((responses["received_at"] >= "2024-10-09 09:00") & (responses["kind"] == "___")).sum() / (send_log["status"] == "delivered").sum())
```
'''),
    code('''
### BEGIN SOLUTION
day_two = responses[responses["received_at"] >= "2024-10-09 09:00"]
q_day_two_rate.answer(100 * (day_two["kind"] == "spam_complaint").sum() / (send_log["status"] == "delivered").sum())
### END SOLUTION
''', "spam-day-two-rate-answer", solution=True, locked=False),
    code('''
saved('spam-day-two-rate')
### BEGIN HIDDEN TESTS
grade('spam-day-two-rate', key={'apology-to-all': 1.584, 'answers-only': 0.042})
### END HIDDEN TESTS
''', "spam-day-two-rate", grade=True, points=1, step="assess"),
]
for number, cell in enumerate(added):
    cell["id"] = f"sorry-send-{number:02d}"

at = next(i for i, c in enumerate(nb["cells"]) if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "spam-suppression") + 1
nb["cells"][at:at] = added

setup = next(c for c in nb["cells"] if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "setup")
s = src(setup)
if "Decision" not in s:
    s = s.replace("from course.exercises import Categorise, ", "from course.exercises import Categorise, Decision, ")
if "from course.story import Story" not in s:
    s = s.replace("from course.progress import summary\n", "from course.progress import summary\nfrom course.story import Story\n")
    s = s.rstrip("\n") + '\nstory = Story("01-bulk-spam")  # the case as your decisions shape it\n'
setup["source"] = s.splitlines(keepends=True)
PATH.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
print("added", len(added), "cells at", at)
