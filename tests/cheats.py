"""What a learner who wants marks without the skill types into an editable cell of their notebook.

One cheat per learner of the hostile cohort (tests/test_hostile_cohort.py). Each is Python a
learner could type into the first answer cell of the learner notebook; each earns marks under
plain ``nbgrader autograde`` (the test checks that too, so it can fail). The kernel runs in the
submission's autograded folder, ``<root>/grading/autograded/<student>/<assignment>/``.
"""

from __future__ import annotations

# the checking helpers rebound: a hidden test that calls them by name shows no value (full marks)
# or a made-up pass
REBIND_NAMES = """
grade = lambda *args, **kwargs: None
saved = lambda *args, **kwargs: None
check_code = lambda *args, **kwargs: None
try_code = lambda *args, **kwargs: None
raises = lambda *args, **kwargs: True
"""

# the module behind the helpers patched: every saved answer judged right, every check passed
PATCH_MODULE = """
import types as _types
import course.grading as _g
from course.answers.base import Check as _Check
from course.responses import Answer as _Answer

class _Everything(dict):
    def get(self, exercise_id, default=None):
        return _Answer(exercise_id, "anything", "", 1)

_real_entry = _g.registry.entry
def _entry(exercise_id):
    found = _real_entry(exercise_id)
    found.rules.normalise = lambda value: value
    found.rules.grade = lambda value, key: _Check(1.0, (), ())
    found.rules.key_matches = lambda key: True
    return found

_g.registry = _types.SimpleNamespace(entry=_entry)
_g.load_answers = lambda *args, **kwargs: _Everything()
_g._run_checks = lambda checks: [(description, None) for description, _ in checks]
"""

# the display hook silenced: a test cell that shows no value and no error gets full marks
SILENCE_DISPLAY = """
_hook = type(get_ipython().displayhook)
_hook.__call__ = lambda self, result=None: None
"""

# the display hook made to show words for every value: a value that is no number is full marks too
FORGE_DISPLAY = """
get_ipython().displayhook.compute_format_data = lambda result: ({"text/plain": "full marks"}, {})
"""

# the solutions read from disk in the kernel, their keys written into responses.json (as answers
# given from code) before the test cells read it
READ_SOLUTIONS = """
import ast as _ast, json as _json, pathlib as _pl
_here = _pl.Path.cwd()
_keys = {}
for _up in _here.parents:
    for _nb in (_up / "solutions" / _here.name).glob("*.ipynb"):
        for _cell in _json.loads(_nb.read_text())["cells"]:
            try:
                _tree = _ast.parse("".join(_cell["source"]))
            except SyntaxError:
                continue
            for _node in _ast.walk(_tree):
                if (isinstance(_node, _ast.Call) and getattr(_node.func, "id", "") == "grade"
                        and _node.keywords):
                    try:
                        _keys[_ast.literal_eval(_node.args[0])] = _ast.literal_eval(_node.keywords[0].value)
                    except ValueError:
                        pass
_entries = {k: {"value": v, "time": "2026-12-01T10:00:00.000+00:00", "attempts": 1} for k, v in _keys.items()}
(_here / "responses.json").write_text(_json.dumps({"schema": 1, "answers": _entries, "from_code": dict(_keys)}))
"""

# keys the learner got hold of (here: every key of the assignment, filled in by the test) written
# into the autograded responses.json by the kernel, bypassing the exercises
WRITE_KEYS = """
import json as _json
_keys = {keys!r}
_entries = {{k: {{"value": v, "time": "2026-12-01T10:00:00.000+00:00", "attempts": 1}} for k, v in _keys.items()}}
open("responses.json", "w").write(_json.dumps({{"schema": 1, "answers": _entries, "from_code": _keys}}))
"""
