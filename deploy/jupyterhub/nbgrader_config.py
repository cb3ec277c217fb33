"""nbgrader's global configuration for every user of the course's JupyterHub: copy it to
/etc/jupyter/nbgrader_config.py (deploy/jupyterhub/README.md).

As nbgrader's "Using nbgrader with JupyterHub" says: one file every account reads, naming the
course and the exchange. Learners' and instructors' nbgrader (the Assignments tab, fetch, submit,
release, collect) then meet in the same folder. The hub hands both values to every server
(jupyterhub_config.py: COURSE_ID, COURSE_EXCHANGE_ROOT), so this file and the hub never disagree;
the defaults are for a terminal outside the hub.

The instructor's course folder keeps the course's own nbgrader_config.py (the repository's), which
nbgrader reads after this one: the gradebook (COURSE_DB_URL), the folders, and the graded release.
"""

import os

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)

c.CourseDirectory.course_id = os.environ.get("COURSE_ID", "recovering-from-mistakes")
c.Exchange.root = os.environ.get("COURSE_EXCHANGE_ROOT", "/srv/nbgrader/exchange")
