"""Warm kernels for grading: fork each notebook's kernel from a process that has done the imports.

Why: autograding one of the course's notebooks costs about 2.7 s of CPU in its kernel, and half
of that is the same every time: starting Python and importing ipykernel, pandas, matplotlib,
ipywidgets and the course. On a 2-core machine CPU is the limit, so a cohort grades faster only if
each kernel does less. A fork server imports all of that once; each kernel is then a ``fork()`` of
it that starts ipykernel with the connection file nbgrader asked for, in the notebook's folder,
with the environment it would have had. The notebook runs in a fresh kernel with an empty
namespace, exactly as before; only the start-up is shared.

It is plugged in as a jupyter_client kernel provisioner (``course-warm-provisioner``), selected
only inside ``course grade``'s workers. It falls back to an ordinary launch whenever the kernel
is not this environment's ipykernel, or the fork server cannot start, so grading never depends on
it. Linux and macOS only (``fork``); elsewhere the ordinary launch is used.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from typing import Any

from jupyter_client.provisioning import LocalProvisioner

__all__ = ["WarmProvisioner", "PROVISIONER_NAME", "serve"]

PROVISIONER_NAME = "course-warm-provisioner"
# not matplotlib_inline.backend_inline: on import it hooks itself into the running shell, which
# exists only in the kernel
PRELOAD = (
    "ipykernel.kernelapp", "ipykernel.ipkernel", "IPython", "numpy", "pandas", "matplotlib",
    "matplotlib.figure", "matplotlib.backends.backend_agg", "matplotlib.pyplot", "pandas.plotting._matplotlib",
    "ipywidgets",
    "course.exercises", "course.grading", "course.progress", "course.data", "course.message_checker",
)


# -- the fork server (its own process) ----------------------------------------------------------------

def serve() -> None:
    """Import everything once, then fork a kernel for each request read from stdin."""
    import builtins
    import importlib
    import threading
    import types

    # Some libraries fix defaults at import time by asking "am I in a kernel?"; answer as a kernel
    # would, so that what the notebook sees is what it would see in a cold kernel:
    # ipykernel picks the inline matplotlib backend before any user code (kernelapp.init_gui_pylab),
    # and pandas sets display.max_columns from get_ipython() (pandas.core.config_init.is_terminal).
    if not os.environ.get("MPLBACKEND"):
        os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    builtins.get_ipython = lambda: types.SimpleNamespace(kernel=None)
    try:
        for name in PRELOAD:
            try:
                importlib.import_module(name)
            except Exception:  # a missing optional module only makes kernels a little less warm
                pass
        _warm_drawing()
    finally:
        del builtins.get_ipython
    replies = os.fdopen(os.dup(1), "w", buffering=1)
    if threading.active_count() != 1:  # forking a threaded process is unsafe: refuse, and be replaced
        replies.write(json.dumps({"error": "threads were started by an import"}) + "\n")
        return
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # kernels are reaped automatically
    replies.write(json.dumps({"ready": os.getpid()}) + "\n")
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _become_kernel(request)
        replies.write(json.dumps({"pid": pid}) + "\n")


def _warm_drawing() -> None:
    """Draw one small chart to PNG, so that fonts are loaded and text layout is cached before forking.

    Every notebook of the course draws its progress summary (and a case chart); in a cold process
    the first drawing loads and parses the font files. Only the Agg renderer is used here; the
    kernel's own backend (inline) is chosen in the kernel, as it would be in a cold one."""
    try:
        import io

        from matplotlib.figure import Figure

        figure = Figure(figsize=(4, 3))
        axes = figure.subplots()
        axes.bar(["assess", "own"], [1, 2], label="score")
        axes.set_title("warm-up")
        axes.set_xlabel("step")
        axes.legend()
        figure.savefig(io.BytesIO(), format="png", bbox_inches="tight")
    except Exception:  # a cold first drawing is slower, never wrong
        pass


def _become_kernel(request: dict) -> None:
    """In the forked child: take on the kernel's environment and folder, then run ipykernel."""
    try:
        os.setsid()  # its own process group, so interrupts and kills reach it alone
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["cwd"])
        import random

        random.seed()  # a fresh kernel has fresh randomness; a fork would share the server's
        try:
            import numpy

            numpy.random.seed()
        except ImportError:
            pass
        from ipykernel.kernelapp import IPKernelApp

        sys.argv = ["ipykernel_launcher", *request["argv"]]
        IPKernelApp.launch_instance(argv=request["argv"])
    finally:
        os._exit(0)


# -- the client side (in a grading worker) -----------------------------------------------------------

class _ForkServer:
    """The running fork server of this process, started on first use."""

    _instance: _ForkServer | None = None
    _failed = False

    def __init__(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "course.warm_kernels"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, bufsize=1,
        )
        ready = json.loads(self.process.stdout.readline() or "{}")
        if "ready" not in ready:
            self.process.kill()
            raise OSError(ready.get("error", "the fork server did not start"))

    @classmethod
    def get(cls) -> _ForkServer | None:
        if cls._failed or not hasattr(os, "fork"):
            return None
        if cls._instance is None or cls._instance.process.poll() is not None:
            try:
                cls._instance = cls()
            except OSError:
                cls._failed = True
                return None
        return cls._instance

    def fork(self, argv: list[str], env: dict[str, str], cwd: str) -> int:
        self.process.stdin.write(json.dumps({"argv": argv, "env": env, "cwd": cwd}) + "\n")
        self.process.stdin.flush()
        return int(json.loads(self.process.stdout.readline())["pid"])


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
    """A local provisioner whose kernels are forked from the warm server when they can be."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any):
        argv = _kernel_argv(cmd)
        server = _ForkServer.get() if argv is not None else None
        if server is None:
            return await super().launch_kernel(cmd, **kwargs)
        env = dict(kwargs.get("env") or os.environ)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        pid = server.fork(argv, env, cwd)
        self.process = _Forked(pid)
        self.pid = self.pgid = pid
        self.cwd = cwd
        return self.connection_info


if __name__ == "__main__":
    serve()
