"""The warm fork server: one process that imports a kernel's libraries once and forks each kernel.

Run by :mod:`.warm_kernels` (the grading worker's side, which says why) as
``python -m course.instructor.fork_server [--sandboxed]``; it reads one JSON request a line on
stdin and answers one JSON line on stdout: fork a kernel, fork a spare kernel that waits for its
folder, hand a spare over, or (sandboxed) clear the sandbox before the next kernel.

What a forked kernel inherits from this process is only what a fresh kernel would have: the
imported modules. Not the server's pipes, not another spare's orders pipe; and a sandboxed
server cannot be traced by its own kernels (it is not dumpable), so a learner's code can neither
patch it nor read its requests.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import sys
import time

from ..speedups import freeze_heap

__all__ = ["PRELOAD", "serve", "clear_namespace", "scratch_snapshot"]

# not matplotlib_inline.backend_inline: on import it hooks itself into the running shell, which
# exists only in the kernel
PRELOAD = (
    "ipykernel.kernelapp", "ipykernel.ipkernel", "IPython", "numpy", "pandas", "matplotlib",
    "matplotlib.figure", "matplotlib.backends.backend_agg", "matplotlib.pyplot", "pandas.plotting._matplotlib",
    "ipywidgets",
    "course.exercises", "course.grading", "course.progress", "course.data", "course.message_checker",
)


def serve(sandboxed: bool = False) -> None:
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
        _warm_message_checker()
    finally:
        del builtins.get_ipython
    freeze_heap()  # everything imported so far lives as long as each kernel (course.speedups)
    replies = os.fdopen(os.dup(1), "w", buffering=1)
    snapshot = {}
    if sandboxed:  # a learner's code may neither trace nor patch this process (same user, no capabilities)
        _set_dumpable(False)
        snapshot = scratch_snapshot()
    if threading.active_count() != 1:  # forking a threaded process is unsafe: refuse, and be replaced
        replies.write(json.dumps({"error": "threads were started by an import"}) + "\n")
        return
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # kernels are reaped automatically
    replies.write(json.dumps({"ready": os.getpid(), "pidns": os.readlink("/proc/self/ns/pid")
                              if os.path.exists("/proc/self/ns/pid") else None}) + "\n")
    # a spare kernel's pid -> the pipe that tells it where to start, and the one it answers on
    spares: dict[int, tuple[int, int]] = {}
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        if "clear" in request:  # sandboxed: no process but this one (and its live spares), no scratch files
            keep = request.get("spares", True)
            for pid in [pid for pid, (orders, _) in spares.items() if not keep or not _reader_alive(orders)]:
                for pipe in spares.pop(pid):
                    os.close(pipe)
            clear_namespace(set(spares), snapshot if request.get("wipe", True) else {})
            replies.write(json.dumps({"ok": True}) + "\n")
            continue
        if "go" in request:  # hand a spare over: its folder and environment, then it starts
            pipes = spares.pop(request["go"], None)
            ok = pipes is not None
            if ok:
                try:
                    orders = {k: request.get(k) for k in ("env", "cwd", "key")}
                    os.write(pipes[0], (json.dumps(orders) + "\n").encode())
                    # done only when the spare has its new key: a client that subscribes sooner
                    # would get the welcome message signed with the old one
                    ok = _answered(pipes[1], timeout=30)
                except OSError:
                    ok = False
                for pipe in pipes:
                    os.close(pipe)
            replies.write(json.dumps({"ok": ok}) + "\n")
            continue
        spare = "connection_file" in request
        if spare:
            (orders_in, orders_out), (answer_in, answer_out) = os.pipe(), os.pipe()
        pid = os.fork()
        if pid == 0:
            # nothing of the server's reaches a kernel: not its replies, not another spare's orders
            replies.close()
            for pipes in spares.values():
                for pipe in pipes:
                    os.close(pipe)
            _set_dumpable(True)
            if spare:
                os.close(orders_out)
                os.close(answer_in)
                _become_spare(request, orders_in, answer_out)
            _become_kernel(request)
        if spare:
            os.close(orders_in)
            os.close(answer_out)
            spares[pid] = (orders_out, answer_in)
        replies.write(json.dumps({"pid": pid}) + "\n")


def _warm_message_checker() -> None:
    """Read the message checker's model and check one message before forking, so no kernel reads it again.

    Every case notebook grades drafted messages; in a cold process the first check reads and indexes
    the model's weights (``course/message_model.json``)."""
    try:
        from course.message_checker import check_message

        check_message("I sent the wrong file; the right one is attached.")
    except Exception:  # a kernel reads it itself, a little later
        pass


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
        _detach()
        _take_place(request["env"], request["cwd"])
        from ipykernel.kernelapp import IPKernelApp

        sys.argv = ["ipykernel_launcher", *request["argv"]]
        IPKernelApp.launch_instance(argv=request["argv"])
    finally:
        os._exit(0)


def _become_spare(request: dict, pipe: int, answer: int) -> None:
    """In a forked child: start a kernel ahead of need, and wait to be told where it runs.

    Everything up to the first message (sockets, the shell, the display machinery) is done
    while the previous notebook is still running (sandboxed: once it has ended and its sandbox is
    cleared); the hand-over brings the notebook's folder and
    environment, which no cell has seen yet. Its ports are its own: the provisioner passes the
    connection file it writes back to the kernel manager."""
    try:
        _detach()
        from ipykernel.kernelapp import IPKernelApp

        argv = ["-f", request["connection_file"], *request.get("sockets", []), *request["argv"]]
        sys.argv = ["ipykernel_launcher", *argv]
        app = IPKernelApp.instance()
        app.initialize(argv)
        with os.fdopen(pipe, "r") as orders:
            line = orders.readline()
        if not line:  # the fork server is gone: nobody will use this kernel
            return
        place = json.loads(line)
        if place.get("key"):  # a key no one has read from this kernel's connection file
            app.session.key = place["key"].encode()
        _take_place(place["env"], place["cwd"])
        os.write(answer, b"1")
        os.close(answer)
        app.start()
    finally:
        os._exit(0)


def _detach() -> None:
    """A kernel's own session and process group (interrupts reach it alone), and quiet standard streams."""
    os.setsid()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)


def _set_dumpable(dumpable: bool) -> None:
    """prctl(PR_SET_DUMPABLE): a process that is not dumpable cannot be traced by its own user."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(4, int(dumpable), 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _answered(pipe: int, timeout: float) -> bool:
    """Whether a spare wrote its answer within ``timeout`` seconds."""
    import select

    ready, _, _ = select.select([pipe], [], [], timeout)
    return bool(ready) and os.read(pipe, 1) == b"1"


def _reader_alive(pipe: int) -> bool:
    """Whether a spare still holds the other end of its orders pipe (else it is gone, whoever has its pid)."""
    import select

    poller = select.poll()
    poller.register(pipe, select.POLLOUT)
    return not any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0))


def _take_place(env: dict[str, str], cwd: str) -> None:
    """The environment, folder, import path and randomness a freshly launched kernel would have."""
    server_folder = os.getcwd()
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    if sys.path and sys.path[0] == server_folder:  # `python -m` puts the launch folder first
        sys.path[0] = cwd
    import random

    random.seed()  # a fresh kernel has fresh randomness; a fork would share the server's
    try:
        import numpy

        numpy.random.seed()
    except ImportError:
        pass



# -- sandboxed: clearing the sandbox before each kernel --------------------------------------------

def scratch_snapshot() -> dict[str, set[str]]:
    """The sandbox's writable scratch folders as they start (mount points and device nodes)."""
    roots = ["/tmp", "/dev", os.environ.get("HOME", "")]
    return {root: set(_entries(root)) for root in roots if root and root != "/" and os.path.isdir(root)}


def _entries(root: str):
    """Every path under ``root`` on its own file system (not into anything mounted on it)."""
    device = os.lstat(root).st_dev
    for folder, dirs, files in os.walk(root, topdown=True):
        keep = []
        for name in dirs:
            path = os.path.join(folder, name)
            yield path
            try:
                if os.lstat(path).st_dev == device:
                    keep.append(name)
            except OSError:
                pass
        dirs[:] = keep
        for name in files:
            yield os.path.join(folder, name)


def clear_namespace(keep: set[int], snapshot: dict[str, set[str]]) -> None:
    """Kill every process of this sandbox but pid 1, this one and ``keep``; remove what they wrote
    to the scratch folders. A learner's daemon must not meet the next submission."""
    me = os.getpid()
    for _ in range(500):
        victims = [pid for pid in _live_pids() if pid not in keep and pid not in (1, me)]
        if not victims:
            break
        for pid in victims:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.001)
    for pid in keep:
        try:
            os.kill(pid, signal.SIGCONT)  # a spare stopped by someone
        except ProcessLookupError:
            pass
    for root, before in snapshot.items():
        for path in sorted(set(_entries(root)) - before, key=len, reverse=True):
            try:
                if stat.S_ISDIR(os.lstat(path).st_mode):
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    os.unlink(path)
            except OSError:
                pass


def _live_pids() -> list[int]:
    pids = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as handle:
                    state = handle.read().rsplit(")", 1)[1].split()[0]
            except (OSError, IndexError):
                continue
            if state not in ("Z", "X"):
                pids.append(int(name))
    return pids


if __name__ == "__main__":
    serve(sandboxed="--sandboxed" in sys.argv[1:])
