"""deploy/jupyterhub/jupyterhub_config.py loaded as JupyterHub loads it, without a hub: fast.

Why apart from tests/test_hub.py: that test needs root, PostgreSQL and Chromium and runs for
minutes; what the file decides by itself (refusing to start without a gradebook URL or without the
course in the users' environment, each role's environment, adding to the hub's own allowed users
rather than replacing them) is checked here in a second, on every `make test-fast`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from traitlets.config.loader import PyFileConfigLoader

from course.setup_hint import STARTUP
from course.start import LEARNER_CONFIG

CONFIG = Path(__file__).resolve().parents[1] / "deploy" / "jupyterhub" / "jupyterhub_config.py"
SETTINGS = {"COURSE_DB_URL": "postgresql://grader:secret@db.example.org/gradebook",
            "COURSE_HUB_INSTRUCTORS": "teacher", "COURSE_HUB_LEARNERS": "ana, ben,teacher",
            "COURSE_USER_PYTHON": sys.executable}
COURSE_VARIABLES = ("COURSE_ID", "COURSE_DB_URL", "COURSE_HUB_INSTRUCTORS", "COURSE_HUB_LEARNERS",
                    "COURSE_EXCHANGE_ROOT", "COURSE_WORKSHOP_STORE", "COURSE_WORKSHOP", "COURSE_USER_PYTHON",
                    "COURSE_LEARNER_CONFIG", "COURSE_KERNEL_STARTUP", "COURSE_HUB_JUPYTER_CONFIG",
                    "COURSE_MEM_LIMIT", "COURSE_CPU_LIMIT")


def _load(monkeypatch, **settings):
    for name in COURSE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    return PyFileConfigLoader(CONFIG.name, path=str(CONFIG.parent)).load_config()


def _spawner(name: str, groups: tuple[str, ...] = (), environment: dict | None = None):
    user = SimpleNamespace(name=name, groups=[SimpleNamespace(name=g) for g in groups])
    return SimpleNamespace(user=user, environment=dict(environment or {}))


def test_the_hub_refuses_to_start_without_the_gradebook_url(monkeypatch):
    with pytest.raises(SystemExit) as stopped:
        _load(monkeypatch, **{**SETTINGS, "COURSE_DB_URL": ""})
    assert "set COURSE_DB_URL" in str(stopped.value) and "\n" not in str(stopped.value)


def test_the_hub_refuses_to_start_when_the_users_python_has_no_course(monkeypatch, tmp_path):
    bare = tmp_path / "python"  # a Python that cannot import the course: the system's own, isolated
    bare.write_text(f"#!/bin/sh\nexec {sys.executable} -I -S \"$@\"\n")
    bare.chmod(0o755)
    with pytest.raises(SystemExit) as stopped:
        _load(monkeypatch, **{**SETTINGS, "COURSE_USER_PYTHON": str(bare)})
    assert "the course is not installed in the users' environment" in str(stopped.value)


def test_instructors_and_learners_are_nbgraders_groups_added_to_the_hubs_own_allowed_users(monkeypatch):
    c = _load(monkeypatch, **SETTINGS)
    assert c.JupyterHub.load_groups == {"formgrade-recovering-from-mistakes": {"users": ["teacher"]},
                                        "nbgrader-recovering-from-mistakes": {"users": ["ana", "ben"]}}
    allowed = c.Authenticator.allowed_users  # lazy: merged into what the hub already allows
    assert allowed.get_value({"someone-tljh-allowed"}) == {"someone-tljh-allowed", "teacher", "ana", "ben"}
    assert "admin_users" not in c.Authenticator  # no one made an admin (on TLJH: sudo)


def test_each_role_gets_its_own_environment_on_top_of_the_spawners(monkeypatch):
    c = _load(monkeypatch, **SETTINGS, COURSE_WORKSHOP="K7QX2M")
    hook = c.Spawner.pre_spawn_hook

    learner = _spawner("ana", ("nbgrader-recovering-from-mistakes",), {"FROM_THE_SPAWNER": "kept"})
    hook(learner)
    env = learner.environment
    assert env["FROM_THE_SPAWNER"] == "kept"
    assert env["COURSE_MODE"] == "graded" and env["COURSE_WORKSHOP_NAME"] == "ana" and env["COURSE_WORKSHOP"] == "K7QX2M"
    assert env["JUPYTER_CONFIG_PATH"] == str(LEARNER_CONFIG) and env["PYTHONSTARTUP"] == str(STARTUP)
    assert env["COURSE_EXCHANGE_ROOT"] == "/srv/nbgrader/exchange" and env["COURSE_WORKSHOP_STORE"] == "/srv/workshops"
    assert "COURSE_DB_URL" not in env

    # an instructor: named in COURSE_HUB_INSTRUCTORS, or put in the formgrade- group on the admin page
    for instructor in (_spawner("teacher"), _spawner("later", ("formgrade-recovering-from-mistakes",))):
        hook(instructor)
        assert instructor.environment["COURSE_DB_URL"] == SETTINGS["COURSE_DB_URL"]
        assert not {"COURSE_MODE", "JUPYTER_CONFIG_PATH", "PYTHONSTARTUP"} & set(instructor.environment)

    # someone the LMS let in, in no group: a learner, never an instructor
    stranger = _spawner("from-the-lms")
    hook(stranger)
    assert stranger.environment["COURSE_MODE"] == "graded" and "COURSE_DB_URL" not in stranger.environment


def test_on_kubernetes_the_paths_are_given_and_the_users_image_is_not_run(monkeypatch):
    c = _load(monkeypatch, **{**SETTINGS, "COURSE_USER_PYTHON": "/nonexistent/python"},
              COURSE_LEARNER_CONFIG="/opt/conda/lib/python3.12/site-packages/course/learner_jupyter",
              COURSE_KERNEL_STARTUP="/opt/conda/lib/python3.12/site-packages/course/learner_jupyter/kernel_startup.py",
              COURSE_MEM_LIMIT="2G", COURSE_CPU_LIMIT="1")
    learner = _spawner("ana")
    c.Spawner.pre_spawn_hook(learner)
    assert learner.environment["JUPYTER_CONFIG_PATH"].startswith("/opt/conda/")
    assert (c.Spawner.mem_limit, c.Spawner.cpu_limit) == ("2G", 1.0)
    assert os.pathsep not in learner.environment["JUPYTER_CONFIG_PATH"]  # no global folder given
