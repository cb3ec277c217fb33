"""Grading kernels in a bubblewrap sandbox: a submission's code sees its own folder and nothing to steal.

Why: nbgrader runs the learner's notebook with the instructor's rights in the instructor's
folder, so a cell could read the solutions, the gradebook or another learner's answers and write
their keys into its own ``responses.json`` before the hidden tests run. ``course grade`` runs
every kernel inside ``bwrap`` (Debian's bubblewrap) instead, which sees:

- the system folders, the virtual environment, the base interpreter and the course package (with
  the case data) read-only, and a few files of ``/etc`` (never ``/etc/shadow`` or host keys);
- the one submission it grades, at the path nbgrader gave it (read-write: the notebook saves
  answers there);
- private, empty ``/tmp``, ``$HOME`` and ``/dev``; no network (its own loopback), its own process
  and IPC namespaces, no capabilities; the rest of the root is an empty read-only folder.

Everything else (solutions, gradebook, other learners' folders, the instructor's home, sockets of
other services) is not there at all. Kernels talk to the grader over Unix sockets in a
per-worker runtime folder (IPC transport), since the sandbox has no shared network.

Warm kernels (:mod:`.warm_kernels`) survive it: each worker's fork server runs in one long-lived
sandbox, and each submission is staged in the worker's *slot*, the only learner folder the sandbox
can see: before a kernel starts, every other process in the sandbox is killed and its scratch
folders are emptied (by the server: :func:`.fork_server.clear_namespace`), the submission's folder is copied into the slot, and the kernel runs there;
when it is shut down, what it wrote is copied back to the real autograded folder (notebooks
excepted: nbgrader writes those itself) and the slot is emptied. So a kernel only ever sees the
one submission it grades, and nothing a learner's code leaves behind meets the next submission.
The ordinary (cold) launch runs one ``bwrap`` per kernel with the real folder bound in.

What it does not guard: CPU time beyond nbgrader's cell timeout, memory and disk use inside the
slot, what the course package and case data reveal (they are public), the environment variables
``course grade`` runs with (secrets are dropped by name, see :func:`kernel_env`), and tricks inside
the learner's own kernel against the grading helpers (scoring widget answers outside the kernel
answers those, not the sandbox).
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

__all__ = ["MODES", "SandboxUnavailable", "Jail", "resolve", "probe", "current", "enter", "leave", "kernel_env",
           "command_pid", "outer_pid", "mirror"]

MODES = ("auto", "require", "off")
# what of /etc a kernel needs: the linker cache, the time zone (dates print as they would), users
ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "timezone", "passwd", "group",
       "nsswitch.conf", "hosts", "mime.types", "alternatives", "fonts", "ssl/certs", "os-release")
# environment variables a kernel never gets: the gradebook's URL (with its password) and the like
SECRET = re.compile(r"^COURSE_DB_URL$|PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|_KEY$|^JPY_PARENT_PID$", re.I)


class SandboxUnavailable(Exception):
    """``--sandbox require`` and bwrap cannot make a sandbox here; the message says why in one line."""


def resolve(mode: str) -> tuple[bool, str]:
    """Whether to sandbox for ``mode`` (auto, require, off), and why not when auto cannot."""
    if mode not in MODES:
        raise SandboxUnavailable(f"--sandbox must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "off":
        return False, ""
    why = probe()
    if why is None:
        return True, ""
    if mode == "require":
        raise SandboxUnavailable(f"cannot sandbox the grading kernels: {why}")
    return False, why


_PROBED: dict[str, str | None] = {}


def probe() -> str | None:
    """None if a kernel's sandbox starts here, else why not (one line). Tried once per process."""
    if "why" not in _PROBED:
        bwrap = shutil.which("bwrap")
        if bwrap is None:
            _PROBED["why"] = "bwrap is not installed (Debian's bubblewrap; scripts/ensure-bwrap installs it)"
        else:
            command = [bwrap, *_base_args(), "--chdir", "/", "--", sys.executable, "-c", "import course.grading"]
            try:
                done = subprocess.run(command, capture_output=True, text=True, timeout=60)
                lines = (done.stderr or "").strip().splitlines()
                _PROBED["why"] = None if done.returncode == 0 else \
                    f"bwrap cannot make a sandbox here: {lines[-1] if lines else f'exit status {done.returncode}'}"
            except (OSError, subprocess.TimeoutExpired) as problem:
                _PROBED["why"] = f"bwrap cannot make a sandbox here: {problem}"
    return _PROBED["why"]


def _base_args() -> list[str]:
    """What every grading sandbox holds, read-only, and its isolation; the caller adds the folders.

    A session of its own keeps the sandbox away from the instructor's terminal (TIOCSTI)."""
    args = ["--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
            "--ro-bind", "/usr", "/usr"]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    for name in ETC:
        if os.path.exists(f"/etc/{name}"):
            args += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    args += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    home = os.environ.get("HOME", "")
    if home and home != "/" and os.path.isabs(home):
        args += ["--tmpfs", home]
        # matplotlib's font list, so that no kernel rebuilds it (and says so on stderr)
        cache = Path(os.environ.get("XDG_CACHE_HOME") or Path(home) / ".cache") / "matplotlib"
        for fonts in sorted(cache.glob("fontlist-*.json")):
            args += ["--ro-bind", str(fonts), str(fonts)]
    for folder in _software():
        args += ["--ro-bind", folder, folder]
    return args


def _software() -> list[str]:
    """The interpreter, the environment and the course package, each once (outermost first)."""
    import course

    folders = set()
    for folder in (sys.base_prefix, sys.prefix, str(Path(course.__file__).parent)):
        folders |= {os.path.abspath(folder), os.path.realpath(folder)}  # a venv's python links into its base
    kept: list[str] = []
    for folder in sorted(folders):  # a folder sorts before what is inside it
        if folder in ("/", "/usr") or folder.startswith("/usr/") or any(folder.startswith(k + os.sep) for k in kept):
            continue
        kept.append(folder)
    return kept


def kernel_env(env: dict[str, str]) -> dict[str, str]:
    """The kernel's environment without secrets (a cell could print them into its own feedback)."""
    return {k: v for k, v in env.items() if not SECRET.search(k)}


# -- one worker's sandbox ------------------------------------------------------------------------

_CURRENT: Jail | None = None


def current() -> Jail | None:
    """This worker's sandbox, or None when grading unsandboxed."""
    return _CURRENT


def enter(autograded: Path, slots: Path, runtime_parent: str) -> Jail:
    """Make this process's kernels run sandboxed (a grading worker calls it as it starts)."""
    from multiprocessing.util import Finalize

    global _CURRENT
    _CURRENT = Jail(autograded, slots, runtime_parent)
    Finalize(_CURRENT, _CURRENT.close, exitpriority=10)  # as the worker exits
    return _CURRENT


def leave() -> None:
    """This process's kernels run unsandboxed again, and its sandbox's folders go (a Dask worker at
    the end of a grading run: :mod:`.cluster`)."""
    global _CURRENT
    jail, _CURRENT = _CURRENT, None
    if jail is not None:
        jail.close()


class Jail:
    """One grading worker's sandbox settings: its runtime folder (sockets), its slot, its commands."""

    def __init__(self, autograded: Path, slots: Path, runtime_parent: str):
        self.autograded = Path(autograded).resolve()
        self.slot = Path(slots) / f"worker-{os.getpid()}"
        shutil.rmtree(self.slot, ignore_errors=True)
        self.slot.mkdir(parents=True)
        # short: a Unix socket's path may not pass 107 bytes
        self.runtime = tempfile.mkdtemp(prefix="w", dir=runtime_parent)
        self._staged: Path | None = None

    # commands

    def server_command(self, argv: list[str]) -> list[str]:
        """The fork server's command: the slot stands in for the autograded folder."""
        return [shutil.which("bwrap") or "bwrap", *_base_args(), "--bind", str(self.slot), str(self.autograded),
                "--bind", self.runtime, self.runtime, "--remount-ro", "/", "--chdir", str(self.autograded),
                "--", *argv]

    def kernel_command(self, cmd: list[str], cwd: str) -> list[str]:
        """An ordinary kernel launch in a sandbox of its own, with its real folder bound in."""
        folder = self.check_folder(cwd)
        return [shutil.which("bwrap") or "bwrap", *_base_args(), "--bind", str(folder), str(folder),
                "--bind", self.runtime, self.runtime, "--remount-ro", "/", "--chdir", str(folder),
                # its parent here is the sandbox's pid 1, which ipykernel would take for a dead parent;
                # --die-with-parent does that watch instead
                "--unsetenv", "JPY_PARENT_PID", "--", *cmd]

    def connection_names(self) -> tuple[str, str]:
        """A new kernel's connection file and socket prefix, in the runtime folder."""
        name = os.path.join(self.runtime, f"k{uuid.uuid4().hex[:12]}")
        return name + ".json", name

    def check_folder(self, cwd: str) -> Path:
        folder = Path(cwd).resolve()
        if folder != self.autograded and self.autograded not in folder.parents:
            raise RuntimeError(f"a sandboxed kernel runs only in the autograded folder, not in {folder}")
        return folder

    # the slot

    def stage(self, cwd: str) -> str:
        """Copy the submission's folder into the emptied slot; the kernel sees it at its own path."""
        folder = self.check_folder(cwd)
        self.empty_slot()
        inside = self.slot / folder.relative_to(self.autograded)
        shutil.copytree(folder, inside, symlinks=True)
        self._staged = folder
        return str(folder)

    def unstage(self) -> None:
        """Copy back what the kernel left in its folder (not notebooks: nbgrader writes those), empty the slot."""
        folder, self._staged = self._staged, None
        if folder is not None:
            inside = self.slot / folder.relative_to(self.autograded)
            if inside.is_dir():
                mirror(inside, folder)
        self.empty_slot()

    def sanitise(self, cwd: str) -> None:
        """After an ordinary sandboxed kernel, which wrote to the real folder: no symbolic link or
        special file stays there, since the grader's own code reads that folder afterwards."""
        for folder, dirs, files in os.walk(self.check_folder(cwd)):
            for name in dirs + files:
                path = os.path.join(folder, name)
                mode = os.lstat(path).st_mode
                if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
                    os.unlink(path)

    def empty_slot(self) -> None:
        for entry in list(self.slot.iterdir()):
            _remove(entry)

    def empty_runtime(self) -> None:
        for entry in list(Path(self.runtime).iterdir()):
            _remove(entry)

    def close(self) -> None:
        shutil.rmtree(self.slot, ignore_errors=True)
        shutil.rmtree(self.runtime, ignore_errors=True)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            path.unlink()
        except FileNotFoundError:
            pass


def mirror(source: Path, target: Path) -> None:
    """Make ``target`` hold what ``source`` holds, regular files and folders only, never a notebook.

    Symbolic links are not followed nor copied: one made in the sandbox may name a file outside it
    that the grader could read."""
    names = {}
    for entry in os.scandir(source):
        if entry.name.endswith(".ipynb") or entry.is_symlink():
            continue
        if entry.is_dir(follow_symlinks=False) or entry.is_file(follow_symlinks=False):
            names[entry.name] = entry
    for entry in os.scandir(target):
        if entry.name not in names and not entry.name.endswith(".ipynb"):
            _remove(Path(entry.path))
    for name, entry in names.items():
        destination = target / name
        if entry.is_dir(follow_symlinks=False):
            if destination.is_symlink() or destination.exists() and not destination.is_dir():
                _remove(destination)
            destination.mkdir(exist_ok=True)
            mirror(Path(entry.path), destination)
        else:
            if destination.is_dir() and not destination.is_symlink():
                _remove(destination)
            shutil.copy2(entry.path, destination, follow_symlinks=False)


# -- outside: a sandboxed process's pid as the grader sees it ---------------------------------------

def command_pid(bwrap: int) -> int | None:
    """The pid of the command a ``bwrap`` process runs (its grandchild: bwrap's pid 1 sits between)."""
    pid = bwrap
    for _ in range(2):
        try:
            with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
                children = handle.read().split()
        except OSError:
            return None
        if not children:
            return None
        pid = int(children[0])
    return pid


def outer_pid(inner: int, namespace: str, near: int | None = None) -> int | None:
    """The pid, in the grader's namespace, of process ``inner`` of PID namespace ``namespace``."""
    candidates = os.listdir("/proc")
    if near is not None:  # the fork server's children first: a kernel is one
        try:
            with open(f"/proc/{near}/task/{near}/children", encoding="ascii") as handle:
                candidates = handle.read().split() + candidates
        except OSError:
            pass
    for name in candidates:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/status", encoding="ascii", errors="replace") as handle:
                line = next((x for x in handle if x.startswith("NSpid:")), "")
            ids = line.split()[1:]
            if len(ids) > 1 and int(ids[-1]) == inner and os.readlink(f"/proc/{name}/ns/pid") == namespace:
                return int(name)
        except (OSError, ValueError):
            continue
    return None
