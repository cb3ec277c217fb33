"""Grading kernels run sandboxed: a submission's code sees its own folder, the course package and the
system, and not the solutions, the gradebook, other learners' work, the network or the next submission.

The proof is a hostile notebook graded by ``course grade`` with one worker, ahead of two honest
learners: its cell tries every theft it can (reading the solutions, the gradebook, another
learner's submission and answers, /etc/shadow, a secret in the environment; a TCP connection to a
server this test runs on loopback; writing outside its folder) and records what it saw in its own
folder, and it leaves a daemon that copies every other learner's answers it finds while they are
graded. Unsandboxed (``sandbox="off"``) every attempt succeeds, so the test can fail; sandboxed
(warm kernels and ordinary ones) every attempt fails, and the honest learners' grades are the same.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

import pytest
from worked_answers import PARTIAL_ANSWERS, responses_json

from course.instructor import sandbox
from course.instructor.sandbox import Jail, SandboxUnavailable, kernel_env, resolve

ASSIGNMENT, NOTEBOOK = "00-orientation", "orientation.ipynb"
HOSTILE, VICTIM, PERFECT = "a-hostile", "b-victim", "c-perfect"
SECRET = ("GRADER_API_TOKEN", "s3cret-token")
ATTEMPTS = ("solutions", "gradebook", "other submission", "other answers", "network", "write outside", "shadow",
            "secret")


def _need_bwrap() -> None:
    why = sandbox.probe()
    if why is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must grade sandboxed: {why}")
        pytest.skip(why)


# -- quick: the pieces -----------------------------------------------------------------------------

def test_off_needs_no_bwrap_require_fails_in_one_line_and_auto_says_why(monkeypatch):
    monkeypatch.setattr(sandbox, "_PROBED", {"why": "bwrap is not installed"})
    assert resolve("off") == (False, "")
    assert resolve("auto") == (False, "bwrap is not installed")
    with pytest.raises(SandboxUnavailable, match="^cannot sandbox the grading kernels: bwrap is not installed$"):
        resolve("require")
    with pytest.raises(SandboxUnavailable, match="auto, require, off"):
        resolve("sometimes")
    monkeypatch.setattr(sandbox, "_PROBED", {"why": None})
    assert resolve("auto") == (True, "") and resolve("require") == (True, "")


def test_a_kernel_gets_no_secret_from_the_environment():
    env = {"PATH": "/bin", "HOME": "/root", "COURSE_DB_URL": "postgresql://u:pw@h/db", "AWS_SECRET_ACCESS_KEY": "x",
           "GITHUB_TOKEN": "t", "PGPASSWORD": "p", "JPY_PARENT_PID": "7", "COURSE_SPEEDUPS_OFF": ""}
    assert kernel_env(env) == {"PATH": "/bin", "HOME": "/root", "COURSE_SPEEDUPS_OFF": ""}


def test_the_slot_copies_back_what_the_kernel_wrote_but_no_notebook_and_no_link(tmp_path):
    autograded = tmp_path / "autograded"
    folder = autograded / "learner" / ASSIGNMENT
    folder.mkdir(parents=True)
    (folder / NOTEBOOK).write_text("submitted")
    (folder / "responses.json").write_text("{}")
    (folder / "gone.txt").write_text("removed by the kernel")
    (tmp_path / "secret.txt").write_text("the key")
    jail = Jail(autograded, tmp_path / "state", tempfile.mkdtemp())
    try:
        assert jail.stage(str(folder)) == str(folder)
        inside = jail.slot / "learner" / ASSIGNMENT
        assert sorted(p.name for p in jail.slot.rglob("*")) == sorted(["learner", ASSIGNMENT, NOTEBOOK,
                                                                         "responses.json", "gone.txt"])
        (inside / "responses.json").write_text('{"answers": 1}')
        (inside / NOTEBOOK).write_text("rewritten by the kernel")
        (inside / "gone.txt").unlink()
        (inside / "charts").mkdir()
        (inside / "charts" / "a.png").write_text("png")
        (inside / "key.txt").symlink_to(tmp_path / "secret.txt")  # names a file the grader could read
        jail.unstage()
        assert list(jail.slot.iterdir()) == []
        assert (folder / "responses.json").read_text() == '{"answers": 1}'
        assert (folder / NOTEBOOK).read_text() == "submitted"
        assert (folder / "charts" / "a.png").read_text() == "png"
        assert not (folder / "gone.txt").exists() and not (folder / "key.txt").exists()
        with pytest.raises(RuntimeError, match="only in the autograded folder"):
            jail.stage(str(tmp_path))
    finally:
        jail.close()


@pytest.mark.parametrize("warm", [True, False], ids=["warm", "ordinary"])
def test_a_sandboxed_kernel_sees_its_own_folder_and_nothing_else(tmp_path, monkeypatch, warm):
    """One kernel through the course's provisioner, as nbgrader starts it: forked from the warm
    server in the worker's sandbox, or launched in a sandbox of its own."""
    _need_bwrap()
    from jupyter_client.manager import KernelManager
    from jupyter_client.provisioning.factory import KernelProvisionerFactory

    from course.instructor import warm_kernels

    autograded = tmp_path / "autograded"
    folder = autograded / "learner" / ASSIGNMENT
    folder.mkdir(parents=True)
    (folder / "responses.json").write_text("{}")
    (tmp_path / "solutions.txt").write_text("the key")
    runtime = tempfile.mkdtemp(prefix="course-test-")
    monkeypatch.setenv("JUPYTER_DEFAULT_PROVISIONER_NAME", warm_kernels.PROVISIONER_NAME)
    monkeypatch.setenv(*SECRET)
    monkeypatch.setattr(warm_kernels._ForkServer, "_instance", None)
    monkeypatch.setattr(warm_kernels._ForkServer, "_failed", not warm)
    monkeypatch.setattr(sandbox, "_CURRENT", None)  # and so it is again after the test
    KernelProvisionerFactory.clear_instance()
    jail = sandbox.enter(autograded, tmp_path / "state", runtime)
    code = f"""
import json, os
seen = {{"cwd": os.getcwd(), "here": sorted(os.listdir(".")), "graded": os.listdir({str(autograded)!r})}}
for name, path in (("key", {str(tmp_path / "solutions.txt")!r}), ("shadow", "/etc/shadow")):
    try:
        seen[name] = open(path).read()
    except OSError as problem:
        seen[name] = type(problem).__name__
seen["secret"] = os.environ.get({SECRET[0]!r})
def environ(pid):
    try:
        return open(f"/proc/{{pid}}/environ", errors="replace").read()
    except OSError:  # a process it may not read (the fork server)
        return ""
seen["secret in /proc"] = [pid for pid in os.listdir("/proc") if pid.isdigit() and {SECRET[1]!r} in environ(pid)]
open("seen.json", "w").write(json.dumps(seen))
os.symlink({str(tmp_path / "solutions.txt")!r}, "answers.json")  # for the grader to follow afterwards
os.mkfifo("pipe")
"""
    try:
        km = KernelManager(kernel_name="python3")
        km.start_kernel(cwd=str(folder))
        client = km.client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        assert client.execute_interactive(code, timeout=60)["content"]["status"] == "ok"
        # a cell past its time limit is interrupted, as nbgrader does it
        looping = client.execute("while True:\n    pass")
        time.sleep(0.5)
        km.interrupt_kernel()
        reply = client.get_shell_msg(timeout=30)
        assert reply["parent_header"]["msg_id"] == looping and reply["content"]["ename"] == "KeyboardInterrupt"
        client.stop_channels()
        km.shutdown_kernel(now=True)
    finally:
        sandbox._CURRENT = None
        server = warm_kernels._ForkServer._instance
        if server is not None:
            server.process.kill()
            server.process.wait()
        KernelProvisionerFactory.clear_instance()
        jail.close()
        shutil.rmtree(runtime, ignore_errors=True)
    assert sorted(p.name for p in folder.iterdir()) == ["responses.json", "seen.json"]  # no link, no fifo
    seen = json.loads((folder / "seen.json").read_text())  # written in the sandbox, now in the real folder
    assert seen == {"cwd": str(folder), "here": ["responses.json"], "graded": ["learner"],
                    "key": "FileNotFoundError", "shadow": "FileNotFoundError", "secret": None, "secret in /proc": []}


# -- slow: a hostile notebook under course grade ------------------------------------------------------

HOSTILE_CELL = '''
import json, os, socket, subprocess, sys
ROOT, PORT = {root!r}, {port}
seen = {{}}
def attempt(name, action):
    try:
        seen[name] = "saw " + repr(action())[:60]
    except Exception as problem:
        seen[name] = "failed: " + type(problem).__name__
def connect():
    with socket.create_connection(("127.0.0.1", PORT), timeout=3) as s:
        s.sendall(b"hello from a learner")
    return "connected"
def write_outside():
    with open(f"{{ROOT}}/grading/submitted/{victim}/00-orientation/planted.txt", "w") as f:
        return f.write("planted")
attempt("solutions", lambda: open(f"{{ROOT}}/solutions/00-orientation/orientation.ipynb").read())
attempt("gradebook", lambda: open(f"{{ROOT}}/grading/gradebook.db", "rb").read(16))
attempt("other submission", lambda: os.listdir(f"{{ROOT}}/grading/submitted/{victim}/00-orientation"))
attempt("other answers", lambda: open(f"{{ROOT}}/grading/submitted/{victim}/00-orientation/responses.json").read())
attempt("network", connect)
attempt("write outside", write_outside)
attempt("shadow", lambda: open("/etc/shadow").read())
attempt("secret", lambda: os.environ["{secret}"])
seen["graded folders"] = sorted(os.listdir(f"{{ROOT}}/grading/autograded"))
DAEMON = """
import glob, os, time
end = time.time() + 120
while time.time() < end and not os.path.exists(%r):
    for answers in glob.glob(%r):
        if "/{hostile}/" not in answers:
            try:
                with open(answers) as f, open(os.path.join(os.path.dirname(answers), "stolen.json"), "w") as out:
                    out.write(f.read())
            except OSError:
                pass
    time.sleep(0.01)
""" % (f"{{ROOT}}/stop-daemon", f"{{ROOT}}/grading/autograded/*/00-orientation/responses.json")
subprocess.Popen([sys.executable, "-c", DAEMON], start_new_session=True,
                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
with open("probe.json", "w") as f:
    json.dump(seen, f)
'''


class _Listener:
    """A TCP server on loopback that records what each connection sends."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.received: list[bytes] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(3)
                try:
                    self.received.append(conn.recv(100))
                except OSError:
                    pass


def _hostile_course(built_course: Path, root: Path, port: int) -> Path:
    import nbformat
    from cohort import copy_course

    copy_course(built_course, root, instructor_answers=False)
    submitted = root / "grading" / "submitted"
    for student in (HOSTILE, VICTIM, PERFECT):
        (submitted / student / ASSIGNMENT).mkdir(parents=True)
    nb = nbformat.read(root / "notebooks" / ASSIGNMENT / NOTEBOOK, as_version=4)
    nb.cells.insert(1, nbformat.v4.new_code_cell(HOSTILE_CELL.format(
        root=str(root), port=port, victim=VICTIM, hostile=HOSTILE, secret=SECRET[0])))
    nbformat.write(nb, submitted / HOSTILE / ASSIGNMENT / NOTEBOOK)
    shutil.copy(root / "notebooks" / ASSIGNMENT / NOTEBOOK, submitted / VICTIM / ASSIGNMENT)
    (submitted / VICTIM / ASSIGNMENT / "responses.json").write_text(responses_json(PARTIAL_ANSWERS))
    shutil.copy(root / "solutions" / ASSIGNMENT / NOTEBOOK, submitted / PERFECT / ASSIGNMENT)
    return root


def _grades(root: Path) -> dict:
    from nbgrader.api import Gradebook

    from course.instructor import nbgrader_api

    with Gradebook(nbgrader_api.api(root).coursedir.db_url) as gradebook:
        return {(s.student_id, g.name): g.score
                for s in gradebook.assignment_submissions(ASSIGNMENT) for nb in s.notebooks for g in nb.grades}


@pytest.fixture(scope="module")
def runs(built_course, tmp_path_factory):
    """Each way of grading -> (the course root, what the hostile cell saw, what the listener received)."""
    _need_bwrap()
    from course.instructor.autograde import grade

    listener = _Listener()
    out = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(*SECRET)
        for name, mode, warm in (("off", "off", True), ("warm", "require", True), ("ordinary", "require", False)):
            root = _hostile_course(built_course, tmp_path_factory.mktemp(name) / "course", listener.port)
            before = len(listener.received)
            results = grade(root=root, assignment=ASSIGNMENT, workers=1, progress=False, sandbox=mode,
                            warm_kernels=warm, cell_timeout=60)
            (root / "stop-daemon").write_text("")  # the unsandboxed daemon is still running
            assert [r.status for r in results if r.status == "failed"] == [], results
            seen = json.loads((root / "grading" / "autograded" / HOSTILE / ASSIGNMENT / "probe.json").read_text())
            out[name] = (root, seen, listener.received[before:])
    time.sleep(0.2)
    listener.server.close()
    return out


def test_unsandboxed_the_hostile_notebook_gets_everything(runs):
    """Without the sandbox every theft works: the sandboxed runs' failures below mean something."""
    root, seen, received = runs["off"]
    assert {name: seen[name].split(" ")[0] for name in ATTEMPTS} == {name: "saw" for name in ATTEMPTS}, seen
    assert received == [b"hello from a learner"]
    assert (root / "grading" / "submitted" / VICTIM / ASSIGNMENT / "planted.txt").exists()
    assert seen["graded folders"] == [HOSTILE]  # nbgrader grades in order; the daemon comes later
    stolen = [p.parent.parent.name for p in (root / "grading" / "autograded").glob("*/*/stolen.json")]
    assert VICTIM in stolen, "the daemon read the next submission"


@pytest.mark.parametrize("way", ["warm", "ordinary"])
def test_sandboxed_the_hostile_notebook_gets_nothing(runs, way):
    root, seen, received = runs[way]
    assert {name: seen[name] for name in ATTEMPTS} == {
        "solutions": "failed: FileNotFoundError", "gradebook": "failed: FileNotFoundError",
        "other submission": "failed: FileNotFoundError", "other answers": "failed: FileNotFoundError",
        "network": "failed: ConnectionRefusedError", "write outside": "failed: FileNotFoundError", "shadow": "failed: FileNotFoundError", "secret": "failed: KeyError",
    }
    assert seen["graded folders"] == [HOSTILE]
    assert received == []
    assert list((root / "grading").rglob("planted.txt")) == []
    assert list((root / "grading" / "autograded").glob("*/*/stolen.json")) == []
    assert not (root / "grading" / ".course-grade" / "sandbox").exists()  # the slots are gone after the run


def test_honest_learners_grade_the_same_sandboxed_or_not(runs):
    grades = {way: _grades(root) for way, (root, _, _) in runs.items()}
    honest = {k: v for k, v in grades["off"].items() if k[0] != HOSTILE}
    assert honest and any(v for v in honest.values())
    for way in ("warm", "ordinary"):
        assert {k: v for k, v in grades[way].items() if k[0] != HOSTILE} == honest
        assert {k: v for k, v in grades[way].items() if k[0] == HOSTILE} == \
            {k: v for k, v in grades["off"].items() if k[0] == HOSTILE}


def test_without_bwrap_course_grade_says_so_in_one_line_and_require_refuses(tmp_path, monkeypatch, capsys):
    from course import cli

    monkeypatch.setattr(sandbox, "_PROBED", {"why": "bwrap is not installed"})
    monkeypatch.chdir(tmp_path)
    shutil.copy(Path(__file__).resolve().parents[1] / "nbgrader_config.py", tmp_path)
    (tmp_path / "solutions" / ASSIGNMENT).mkdir(parents=True)
    shutil.copy(Path(__file__).resolve().parents[1] / "solutions" / ASSIGNMENT / NOTEBOOK,
                tmp_path / "solutions" / ASSIGNMENT)
    assert cli.main(["grade", ASSIGNMENT, "--sandbox", "require"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.strip().count("\n") == 0
    assert "cannot sandbox the grading kernels: bwrap is not installed" in err
    # auto grades anyway (here it then finds nothing submitted), after one line saying why unsandboxed
    assert cli.main(["grade", ASSIGNMENT]) == 2
    out, err = capsys.readouterr()
    assert out.splitlines() == ["grading without a sandbox (learners' code can read the course folder): "
                                "bwrap is not installed"]
    assert "no submissions" in err
    assert cli.main(["grade", ASSIGNMENT, "--sandbox", "off"]) == 2
    assert capsys.readouterr().out == ""
