# Run at start-up by every Python prompt and IPython kernel of a learner's JupyterLab: `course start`
# names this file in PYTHONSTARTUP (course/start.py). In a Jupyter kernel, a cell run before the
# notebook's setup cell then says so in one line (course/setup_hint.py); elsewhere nothing happens.
# It defines no name, because it runs in the learner's own namespace, prints nothing and never
# fails; a PYTHONSTARTUP file the learner had before runs after it (COURSE_OWN_PYTHONSTARTUP).
try:
    __import__("course.setup_hint", fromlist=["install"]).install()
except Exception:
    pass
if __import__("os").environ.get("COURSE_OWN_PYTHONSTARTUP"):
    exec(compile(open(__import__("os").environ["COURSE_OWN_PYTHONSTARTUP"], encoding="utf-8").read(),
                 __import__("os").environ["COURSE_OWN_PYTHONSTARTUP"], "exec"))
