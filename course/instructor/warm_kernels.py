"""Warm kernels for grading: fork each notebook's kernel from a process that has done the imports.

Why: autograding one of the course's notebooks costs about 2.7 s of CPU in its kernel, and half
of that is the same every time: starting Python and importing ipykernel, pandas, matplotlib,
ipywidgets and the course. On a 2-core machine CPU is the limit, so a cohort grades faster only if
each kernel does less. A fork server imports all of that once; each kernel is then a ``fork()`` of
it that starts ipykernel with the connection file nbgrader asked for, in the notebook's folder,
with the environment it would have had. The notebook runs in a fresh kernel with an empty
namespace, exactly as before; only the start-up is shared.

Each worker also keeps one spare: while a notebook runs, the next kernel is forked and starts up
(sockets, shell) in the background; the next launch hands it the notebook's folder and
environment before any cell runs, and its own ports go back to the kernel manager. The worker
then waits for no kernel start at all.

The server is :mod:`.fork_server`; this module is the worker's side. It is plugged in as a
jupyter_client kernel provisioner (``course-warm-provisioner``), selected only inside ``course
grade``'s workers. It falls back to an ordinary launch whenever the kernel is not this
environment's ipykernel, or the fork server cannot start, so grading never depends on it. Linux and macOS only (``fork``); elsewhere the ordinary launch is used.

Sandboxed (``course grade --sandbox``, :mod:`.sandbox`), the server runs inside its worker's
bubblewrap sandbox and kernels use Unix sockets; before each kernel the server kills every other
process in the sandbox and empties its scratch folders, and the spare is started only then (when
no learner's code is running), so nothing a notebook leaves behind meets the next submission.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from typing import Any

from jupyter_client.provisioning import LocalProvisioner

from . import sandbox

__all__ = ["WarmProvisioner", "PROVISIONER_NAME", "start_server", "stop_server", "use_in_worker"]

PROVISIONER_NAME = "course-warm-provisioner"


# -- the client side (in a grading worker) -----------------------------------------------------------

def use_in_worker(*, warm: bool) -> None:
    """This worker's kernels come through the course's provisioner: forked from a warm server
    started now (``warm``), or launched the ordinary way, and sandboxed if :func:`.sandbox.enter` was called."""
    os.environ["JUPYTER_DEFAULT_PROVISIONER_NAME"] = PROVISIONER_NAME
    if warm:
        start_server()
    else:
        _ForkServer._failed = True


def start_server() -> None:
    """Start this process's fork server ahead of its first kernel (its imports take a second or two).

    A grading worker calls this as it starts, so that the server imports while the worker sets
    up nbgrader and prepares its first notebook; the first launch then waits less, or not at all."""
    _ForkServer.start()


def stop_server() -> None:
    """Stop this process's fork server and its spare kernel, so that the next :func:`use_in_worker`
    starts afresh: a Dask worker (:mod:`.cluster`) outlives a grading run, and the next run may
    bring another course, grading policy or sandbox."""
    server, _ForkServer._instance = _ForkServer._instance, None
    _ForkServer._failed = False
    if server is None:
        return
    if server._spare is not None:
        _Forked(server._spare[2]).kill()
    server.process.kill()  # sandboxed, this is bwrap: the sandbox and everything in it go with it
    server.process.wait()
    if server._folder is not None:
        shutil.rmtree(server._folder, ignore_errors=True)


class _ForkServer:
    """The running fork server of this process, started on first use."""

    _instance: _ForkServer | None = None
    _failed = False

    def __init__(self):
        self._spare: tuple[list[str], int, int, str] | None = None  # argv, pid inside, pid here, connection
        self._folder: str | None = None
        self.jail = sandbox.current()
        command, env = [sys.executable, "-m", "course.instructor.fork_server"], None
        if self.jail is not None:  # no secret in its environment: a kernel can read it in /proc/self/environ
            command, env = self.jail.server_command([*command, "--sandboxed"]), sandbox.kernel_env(dict(os.environ))
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, text=True, bufsize=1, env=env)
        self._ready = False
        self._pidns: str | None = None
        self._clean = True  # sandboxed: no learner's code has run since the last clearing

    def _wait_until_ready(self) -> None:
        if self._ready:
            return
        try:
            ready = json.loads(self.process.stdout.readline() or "{}")
        except ValueError:
            ready = {}
        if "ready" not in ready:
            self.process.kill()
            raise OSError(ready.get("error", "the fork server did not start"))
        self._ready = True
        if self.jail is not None:  # its pids are those of the sandbox's namespace
            self._pidns = ready.get("pidns")
            self._server_pid = sandbox.outer_pid(int(ready["ready"]), self._pidns)
            if self._server_pid is None:
                self.process.kill()
                raise OSError("the sandboxed fork server cannot be found")

    def _here(self, pid: int) -> int:
        """A kernel's pid as this process sees it (the server reports the pid in its sandbox)."""
        if self.jail is None:
            return pid
        outer = sandbox.outer_pid(pid, self._pidns, near=self._server_pid)
        if outer is None:
            raise OSError(f"kernel {pid} of the sandbox is gone")
        return outer

    @classmethod
    def start(cls) -> None:
        """Start this process's server now and let it import while the caller goes on."""
        if not cls._failed and hasattr(os, "fork") and cls._instance is None:
            try:
                cls._instance = cls()
            except OSError:
                cls._failed = True

    @classmethod
    def get(cls) -> _ForkServer | None:
        if cls._failed or not hasattr(os, "fork"):
            return None
        try:
            if cls._instance is None or cls._instance.process.poll() is not None:
                cls._instance = cls()
            cls._instance._wait_until_ready()
        except OSError:
            cls._failed, cls._instance = True, None
            return None
        return cls._instance

    def _ask(self, request: dict) -> dict:
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def fork(self, argv: list[str], env: dict[str, str], cwd: str) -> int:
        return self._here(int(self._ask({"argv": argv, "env": env, "cwd": cwd})["pid"]))

    def clear(self, *, after_kernel: bool) -> None:
        """Sandboxed: kill every process in the sandbox but the server, and empty its scratch folders.

        After a kernel, there is no spare yet. Before one, the spare made after the last kernel
        stays, with the files it made in the scratch folders, and nothing else should be there;
        if no clearing followed the last kernel, everything goes, the spare too."""
        request = {"clear": True, "spares": False, "wipe": True}
        if not after_kernel and self._clean:
            request.update(wipe=False, spares=True)
        elif not after_kernel:
            self._spare = None
        if not self._ask(request).get("ok"):
            raise OSError("the sandbox could not be cleared")
        self._clean = after_kernel

    def prepare_spare(self, argv: list[str]) -> None:
        """Start the next kernel now, in the background, for the next notebook of this worker."""
        if self._spare is not None:
            return
        sockets = []
        if self.jail is not None:  # Unix sockets in the runtime folder: the sandbox has no shared network
            connection_file, ip = self.jail.connection_names()
            sockets = ["--IPKernelApp.transport=ipc", f"--IPKernelApp.ip={ip}"]
        else:
            if self._folder is None:
                self._folder = tempfile.mkdtemp(prefix="course-warm-kernels-")
            connection_file = os.path.join(self._folder, f"spare-{time.monotonic_ns()}.json")
        inner = int(self._ask({"argv": argv, "connection_file": connection_file, "sockets": sockets})["pid"])
        self._spare = (list(argv), inner, self._here(inner), connection_file)

    def take_spare(self, argv: list[str], env: dict[str, str], cwd: str) -> tuple[int, dict] | None:
        """Hand the spare kernel over if it was started with these arguments: its pid and connection."""
        spare, self._spare = self._spare, None
        if spare is None:
            return None
        spare_argv, inner, pid, connection_file = spare
        info = _read_connection_file(connection_file, pid) if spare_argv == argv else None
        # a new message key, sent down the spare's own pipe: its connection file was readable meanwhile
        key = str(uuid.uuid4())
        if info is None or not self._ask({"go": inner, "env": env, "cwd": cwd, "key": key}).get("ok"):
            _Forked(pid).kill()
            return None
        info["key"] = key.encode()
        try:
            os.unlink(connection_file)  # the kernel read it at start; the kernel manager writes its own
        except OSError:
            pass
        return pid, info


def _read_connection_file(path: str, pid: int, timeout: float = 30.0) -> dict | None:
    """A spare kernel's connection info, once it has written it (None if it died or took too long)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open(path, encoding="utf-8") as handle:
                info = json.load(handle)
            if all(info.get(k) for k in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port", "key")):
                info["key"] = info["key"].encode()
                return info
        except (OSError, ValueError):
            pass  # not written yet, or caught while being written
        if _Forked(pid).poll() is not None:
            return None
        time.sleep(0.005)
    return None


def _without_connection_file(argv: list[str]) -> list[str] | None:
    """The kernel's arguments minus ``-f FILE``; None if they name the file another way."""
    rest, skip = [], False
    for n, arg in enumerate(argv):
        if skip:
            skip = False
            continue
        if arg == "-f" and n + 1 < len(argv):
            skip = True
            continue
        if arg.startswith("--f=") or arg.startswith("--connection-file") or arg.startswith("--IPKernelApp.connection_file"):
            return None
        rest.append(arg)
    return rest if len(rest) == len(argv) - 2 else None


class _Forked:
    """Enough of ``subprocess.Popen`` for a kernel this process did not start itself."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0  # reaped by the fork server; its exit status is not ours to read
            except PermissionError:
                pass
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        try:
            os.kill(self.pid, signum)
        except ProcessLookupError:
            pass

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def _kernel_argv(cmd: list[str]) -> list[str] | None:
    """The ipykernel arguments of a launch command, if it runs this very interpreter's ipykernel."""
    if len(cmd) < 3 or cmd[1:3] != ["-m", "ipykernel_launcher"]:
        return None
    program = shutil.which(cmd[0]) or cmd[0]
    if os.path.realpath(program) != os.path.realpath(sys.executable):
        return None
    return list(cmd[3:])


class WarmProvisioner(LocalProvisioner):
    """A local provisioner whose kernels are forked from the warm server when they can be.

    In a sandboxed worker (:func:`.sandbox.current`) every kernel is sandboxed, forked or not, talks
    over Unix sockets, and must be this environment's ipykernel: a notebook that asks for another
    kernel is refused rather than run outside the sandbox."""

    _staged = False  # a warm kernel's submission is in the worker's slot
    _bound: str | None = None  # an ordinary kernel's real folder, bound into its sandbox
    _template: list[str] | None = None

    async def pre_launch(self, **kwargs: Any) -> dict[str, Any]:
        jail, km = sandbox.current(), self.parent
        if jail is not None and km is not None:
            km.transport, km.cache_ports = "ipc", False
            km.connection_file, km.ip = jail.connection_names()
        return await super().pre_launch(**kwargs)

    async def launch_kernel(self, cmd: list[str], **kwargs: Any):
        jail = sandbox.current()
        argv = _kernel_argv(cmd)
        if jail is not None and argv is None:
            raise RuntimeError(f"a sandboxed grading kernel must be this environment's ipykernel, not {cmd[:3]}")
        server = _ForkServer.get() if argv is not None else None
        env = dict(kwargs.get("env") or os.environ)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        if jail is not None:
            env = sandbox.kernel_env(env)
        if server is None:
            if jail is not None:
                cmd, kwargs["env"] = jail.kernel_command(cmd, cwd), env
                self._bound = cwd
            return await super().launch_kernel(cmd, **kwargs)
        template = _without_connection_file(argv)
        if jail is not None:  # nothing left of an earlier notebook; then this submission, alone
            server.clear(after_kernel=False)
            jail.stage(cwd)
            self._staged = True
        spare = server.take_spare(template, env, cwd) if template is not None else None
        if spare is not None:  # started while the previous notebook ran: its ports replace ours
            pid, info = spare
            self.connection_info = {**self.connection_info, **{k: v for k, v in info.items() if k != "kernel_name"}}
        else:
            pid = server.fork(argv, env, cwd)
        self.process = _Forked(pid)
        self.pid = self.pgid = pid
        self.cwd = cwd
        self._template = template
        if template is not None and jail is None:
            server.prepare_spare(template)
        return self.connection_info

    async def send_signal(self, signum: int) -> None:
        """An ordinary sandboxed kernel: an interrupt goes to the kernel's own process group, in the
        sandbox (bwrap itself would die of it, and the sandbox with it); a kill still goes to bwrap."""
        kernel = sandbox.command_pid(self.process.pid) if self._bound is not None and self.process else None
        if kernel is None or signum in (signal.SIGKILL, signal.SIGTERM):
            return await super().send_signal(signum)
        try:
            os.killpg(os.getpgid(kernel), signum)
        except ProcessLookupError:
            pass

    async def cleanup(self, restart: bool = False) -> None:
        """Sandboxed: clear the sandbox, copy back what the kernel wrote, then start the spare (only now,
        when no learner's code runs beside it)."""
        await super().cleanup(restart=restart)
        jail, server = sandbox.current(), _ForkServer._instance
        if jail is not None and self._bound is not None:  # an ordinary launch wrote to the real folder
            jail.sanitise(self._bound)
            self._bound = None
        if jail is None or not self._staged:
            return
        self._staged = False
        alive = server is not None and server.process.poll() is None
        try:
            if alive:
                server.clear(after_kernel=True)
        except (OSError, ValueError):  # a server that cannot clear its sandbox ends with it
            server.process.kill()
            server.process.wait()
            alive = False
        jail.unstage()
        jail.empty_runtime()
        if alive and self._template is not None:
            try:
                server.prepare_spare(self._template)
            except (OSError, ValueError):  # no spare: the next kernel is forked when it is needed
                pass
