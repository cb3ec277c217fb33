"""Real Unix users for a test: added by scripts/exchange-users, a command run as one of them, removed.

Why a module of its own: a test of nbgrader's exchange (or of anything a JupyterHub does) needs
users who cannot read each other's files, and the care is the same each time: an environment every
user can run (the machine's default python3 may sit where only root can read), homes in a folder
every user can traverse, a clean environment for each command, and the users removed whatever
happens. Without root a test that takes them is skipped, except under CI, where it fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
USERS_SCRIPT = REPO / "scripts" / "exchange-users"

__all__ = ["Machine", "unix_users"]


def _why_not_here() -> str:
    """Why real users cannot be made on this machine, or "" when they can."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "adding Unix users needs root (CI runs as root)"
    missing = [tool for tool in ("useradd", "userdel", "runuser") if shutil.which(tool) is None]
    return f"missing {', '.join(missing)}" if missing else ""


@dataclass
class Machine:
    """The users' shared environment, their homes, and a way to run a command as one of them."""

    top: Path  # a temporary folder every user can traverse
    venv: Path
    homes: Path
    log: list[str] = field(default_factory=list)

    @property
    def artifacts(self) -> Path:
        """Where the run's log and the learners' feedback are kept (test-artifacts/, git-ignored)."""
        folder = Path(os.environ.get("COURSE_TEST_ARTIFACTS") or REPO / "test-artifacts")
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def home(self, user: str) -> Path:
        return self.homes / user

    def run(self, user: str, *args, cwd: Path | None = None, check: bool = True) -> subprocess.CompletedProcess:
        """Run ``args`` as ``user`` in a clean environment: their home, the shared venv first on PATH."""
        env = [f"HOME={self.home(user)}", f"USER={user}", f"LOGNAME={user}", "LANG=C.UTF-8",
               f"PATH={self.venv}/bin:/usr/bin:/bin"]
        done = subprocess.run(["runuser", "-u", user, "--", "env", "-i", *env, *map(str, args)],
                              cwd=cwd or self.home(user), capture_output=True, text=True, timeout=900)
        self.log.append(f"$ [{user}] {' '.join(map(str, args))}\n{done.stdout}{done.stderr}")
        if check:
            assert done.returncode == 0, f"{user}: {' '.join(map(str, args))} failed:\n{done.stdout}\n{done.stderr}"
        return done


def _users_script(*args: str) -> str:
    done = subprocess.run([str(USERS_SCRIPT), *args], capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, f"scripts/exchange-users {' '.join(args)}:\n{done.stderr[-3000:]}"
    return done.stdout


@contextmanager
def unix_users(*names: str, log: str):
    """Add ``names`` (homes in a fresh temporary folder), yield the :class:`Machine`, remove them
    after; every command run and its output go to ``log`` in the artifacts folder."""
    reason = _why_not_here()
    if reason:
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail(f"real Unix users must be made under CI: {reason}")
        pytest.skip(reason)
    venv = Path(_users_script("venv").strip().splitlines()[-1])
    top = Path(tempfile.mkdtemp(prefix="course-exchange-"))
    top.chmod(0o755)  # a mkdtemp folder is 0700: the users could not reach their homes
    machine = Machine(top, venv, top / "home")
    try:
        _users_script("create", str(machine.homes), *names)
        yield machine
    finally:
        _users_script("remove", *names)
        shutil.rmtree(top, ignore_errors=True)
        (machine.artifacts / log).write_text("\n".join(machine.log))
