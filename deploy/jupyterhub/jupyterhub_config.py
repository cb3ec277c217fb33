"""JupyterHub configuration for the course "Recovering from Mistakes" (deploy/jupyterhub/README.md).

Copy it to the hub's configuration: with The Littlest JupyterHub, to
/opt/tljh/config/jupyterhub_config.d/course.py (TLJH loads every file there after its own
settings); with a plain JupyterHub, as jupyterhub_config.py (then also choose an authenticator: this
file sets none, because each hub logs people in its own way: PAM, LTI 1.3 from the LMS, OAuth).

Why this shape: it is nbgrader's own "Using nbgrader with JupyterHub" set-up, one class with one
grader, not a mechanism of the course's own. The hub users are Unix users (or containers, on
Kubernetes); instructors are the hub group ``formgrade-<course id>`` and learners the group
``nbgrader-<course id>``, the names nbgrader's JupyterHub documentation gives those roles. What
differs per role is only each server's environment, set here in ``pre_spawn_hook``:

- learners' servers run with the course's learner Jupyter config first on ``JUPYTER_CONFIG_PATH``
  (``course.start.LEARNER_CONFIG``: nbgrader's Formgrader, Create Assignment and course list off,
  its Assignments tab on, as nbgrader's table of extensions per role says), in graded mode
  (``COURSE_MODE=graded``; the release they fetch is the graded flavour the instructor publishes
  through the exchange, which holds no key), with the kernel start-up file that turns a cell run
  before the setup cell into one line (``PYTHONSTARTUP``), and the hub user name as their workshop
  name (``COURSE_WORKSHOP_NAME``);
- instructors' servers keep every nbgrader tool and get the gradebook's URL (``COURSE_DB_URL``,
  PostgreSQL), which learners never see;
- everyone's nbgrader reads the global nbgrader config (this folder's nbgrader_config.py, copied to
  /etc/jupyter/): the exchange on a shared folder and the course id.

The settings that differ between hubs are read from the hub's own environment (for TLJH: a
systemd drop-in for jupyterhub.service, README), so this file is copied unchanged:

=========================  ===========================================================  ==========================
variable                   what                                                         default
=========================  ===========================================================  ==========================
COURSE_ID                  nbgrader's course id (the exchange files work under it)      recovering-from-mistakes
COURSE_HUB_INSTRUCTORS     hub users who teach, comma-separated                         (none)
COURSE_HUB_LEARNERS        hub users who learn, comma-separated (with an LMS: leave     (none)
                           empty; everyone not an instructor is a learner)
COURSE_DB_URL              the gradebook, for instructors' servers only                 (required)
COURSE_EXCHANGE_ROOT       nbgrader's exchange, a folder every server mounts            /srv/nbgrader/exchange
COURSE_WORKSHOP_STORE      the live workshops' store: a shared folder (or a database)   /srv/workshops
COURSE_WORKSHOP            a live workshop's session code for every learner (a day's    (none)
                           setting; empty: learners type it into the join line)
COURSE_USER_PYTHON         the Python of the users' environment (the course installed)  /opt/tljh/user/bin/python,
                                                                                        else this hub's Python
COURSE_LEARNER_CONFIG,     the two paths the users' Python prints for                   (asked of COURSE_USER_PYTHON)
COURSE_KERNEL_STARTUP      course.start.LEARNER_CONFIG and course.setup_hint.STARTUP
                           (on Kubernetes, where the hub cannot run the users' image)
COURSE_HUB_JUPYTER_CONFIG  a folder put last on every server's JUPYTER_CONFIG_PATH,     (none: /etc/jupyter is
                           for a global nbgrader_config.py outside /etc/jupyter          always read)
COURSE_MEM_LIMIT           memory per server, 2G say (enforced by TLJH's                (the hub's own setting)
                           SystemdSpawner and KubeSpawner)
COURSE_CPU_LIMIT           CPU cores per server, 1 say (ditto)                          (the hub's own setting)
=========================  ===========================================================  ==========================

A hub that cannot serve the course stops at start-up with one line saying why (no gradebook URL,
no course in the users' environment), rather than spawning servers that half work.
"""

import os
import subprocess
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (provided by traitlets when JupyterHub loads this file)


def _setting(name, default=""):
    return os.environ.get(name, default).strip()


def _names(name):
    return sorted({user.strip() for user in _setting(name).split(",") if user.strip()})


COURSE_ID = _setting("COURSE_ID", "recovering-from-mistakes")
INSTRUCTORS_GROUP = f"formgrade-{COURSE_ID}"  # nbgrader's name for a course's graders
LEARNERS_GROUP = f"nbgrader-{COURSE_ID}"  # nbgrader's name for a course's students
INSTRUCTORS = _names("COURSE_HUB_INSTRUCTORS")
LEARNERS = [name for name in _names("COURSE_HUB_LEARNERS") if name not in INSTRUCTORS]
DB_URL = _setting("COURSE_DB_URL")
EXCHANGE_ROOT = _setting("COURSE_EXCHANGE_ROOT", "/srv/nbgrader/exchange")
WORKSHOP_STORE = _setting("COURSE_WORKSHOP_STORE", "/srv/workshops")
WORKSHOP_CODE = _setting("COURSE_WORKSHOP")
GLOBAL_JUPYTER_CONFIG = _setting("COURSE_HUB_JUPYTER_CONFIG")
_TLJH_USER_PYTHON = "/opt/tljh/user/bin/python"
USER_PYTHON = _setting("COURSE_USER_PYTHON") or (_TLJH_USER_PYTHON if os.path.exists(_TLJH_USER_PYTHON)
                                                 else sys.executable)

if not DB_URL:
    sys.exit("course hub: set COURSE_DB_URL to the gradebook's PostgreSQL URL "
             "(postgresql://USER:PASSWORD@HOST/DATABASE); deploy/jupyterhub/README.md says how")


def _course_files():
    """The learner Jupyter config folder and the kernel start-up file, as the users' environment
    has them installed (the hub's own environment may be another one, as on TLJH). On Kubernetes
    the users' environment is an image the hub cannot run: give both paths instead."""
    given = _setting("COURSE_LEARNER_CONFIG"), _setting("COURSE_KERNEL_STARTUP")
    if all(given):
        return given
    probe = ("import course.setup_hint as h, course.start as s; "
             "print(s.LEARNER_CONFIG); print(h.STARTUP)")
    try:
        done = subprocess.run([USER_PYTHON, "-c", probe], capture_output=True, text=True, timeout=120)
    except OSError as error:
        sys.exit(f"course hub: cannot run the users' Python {USER_PYTHON} ({error}); set COURSE_USER_PYTHON")
    if done.returncode != 0:
        sys.exit(f"course hub: the course is not installed in the users' environment ({USER_PYTHON}); "
                 "install it there with pip (deploy/jupyterhub/README.md)")
    learner_config, startup = done.stdout.split()
    return learner_config, startup


LEARNER_CONFIG, KERNEL_STARTUP = _course_files()

# who is who: nbgrader's groups for this course. Added to what the hub already allows (TLJH's
# `tljh-config add-item users.allowed`, say), never replacing it; no one is made a hub admin here
# (on TLJH an admin has sudo on the machine)
if INSTRUCTORS or LEARNERS:
    c.Authenticator.allowed_users.update(set(INSTRUCTORS) | set(LEARNERS))
c.JupyterHub.load_groups = {INSTRUCTORS_GROUP: {"users": INSTRUCTORS}, LEARNERS_GROUP: {"users": LEARNERS}}

# every server opens JupyterLab, in the user's home: where the Assignments tab fetches to
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
# per learner, where set here; TLJH (`tljh-config set limits.memory 2G`) and z2jh
# (singleuser.memory.limit) have their own settings, which this leaves alone when unset.
# Enforced by spawners that can (TLJH's SystemdSpawner, KubeSpawner), ignored by the others.
if _setting("COURSE_MEM_LIMIT"):
    c.Spawner.mem_limit = _setting("COURSE_MEM_LIMIT")
if _setting("COURSE_CPU_LIMIT"):
    c.Spawner.cpu_limit = float(_setting("COURSE_CPU_LIMIT"))


def _is_instructor(spawner):
    return spawner.user.name in INSTRUCTORS or any(group.name == INSTRUCTORS_GROUP for group in spawner.user.groups)


def course_environment(spawner):
    """Give each server its role's environment (the module docstring says what and why).

    Added in a hook, on top of the spawner's own environment, rather than set as
    c.Spawner.environment: TLJH and z2jh set their spawner's environment themselves (z2jh from
    singleuser.extraEnv), and a spawner's own setting would replace this one."""
    extra_config = [GLOBAL_JUPYTER_CONFIG] if GLOBAL_JUPYTER_CONFIG else []
    env = {"COURSE_ID": COURSE_ID, "COURSE_EXCHANGE_ROOT": EXCHANGE_ROOT, "COURSE_WORKSHOP_STORE": WORKSHOP_STORE}
    if _is_instructor(spawner):
        env["COURSE_DB_URL"] = DB_URL
        if extra_config:
            env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(extra_config)
    else:
        env.update({
            "JUPYTER_CONFIG_PATH": os.pathsep.join([LEARNER_CONFIG, *extra_config]),
            "PYTHONSTARTUP": KERNEL_STARTUP,
            "COURSE_MODE": "graded",
            "COURSE_WORKSHOP_NAME": spawner.user.name,
        })
        if WORKSHOP_CODE:
            env["COURSE_WORKSHOP"] = WORKSHOP_CODE
    spawner.environment = {**spawner.environment, **env}


c.Spawner.pre_spawn_hook = course_environment
