"""The responses file under real concurrency and real crashes (separate processes, SIGKILL).

Two kernels of one assignment write one file; a kernel can die at any instant. No answer may be
lost to a race, and a killed writer must never leave a file that the next read would move aside.
No timing is asserted: delays only vary where the kills land.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from course.responses import FILENAME, SCHEMA_VERSION, ResponsesStore, load_answers

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")

REPO = Path(__file__).resolve().parent.parent
TIMEOUT = 120  # seconds; only a guard against a hang, never a measurement

# Each writer waits on stdin for "go" so that both start writing together.
WRITER = textwrap.dedent(
    """
    import sys
    from course.responses import ResponsesStore

    path, tag, count, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    store = ResponsesStore(path)
    print("ready", flush=True)
    sys.stdin.readline()
    if mode == "load-first":
        store.answers()
    for i in range(count):
        if mode == "same":
            store.record(f"shared-{i % 5}", {"by": tag, "i": i})
        else:
            store.record(f"{tag}-{i}", {"by": tag, "i": i})
    print("done", flush=True)
    """
)

# Writes as fast as it can until killed; padding makes each write long enough to be hit mid-way.
ENDLESS_WRITER = textwrap.dedent(
    """
    import sys
    from course.responses import ResponsesStore

    store = ResponsesStore(sys.argv[1])
    tag = sys.argv[2]
    print("ready", flush=True)
    i = 0
    while True:
        store.record(f"k{i % 40}", {"tag": tag, "i": i, "pad": "x" * 3000})
        i += 1
    """
)


def child_env():
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("COURSE_RESPONSES", None)
    return env


def start(script, *args, cwd):
    proc = subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        cwd=cwd, env=child_env(), text=True,
    )
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    return proc


def run_together(procs, folder=None):
    """Release all writers at once, then wait for each; while they run, read the file too."""
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    if folder is not None:
        # a third party (a grade cell, the progress summary) reading while both write
        reads = 0
        while any(p.poll() is None for p in procs) and reads < 2000:
            answers = load_answers(folder / FILENAME)
            assert isinstance(answers, dict)
            assert not list(folder.glob("responses.corrupt-*.json"))
            reads += 1
    results = []
    for p in procs:
        out, err = p.communicate(timeout=TIMEOUT)
        assert p.returncode == 0, err
        results.append((out, err))
    return results


def test_two_processes_writing_distinct_answers_lose_none(tmp_path):
    path = tmp_path / FILENAME
    a = start(WRITER, path, "a", 200, "distinct", cwd=tmp_path)
    b = start(WRITER, path, "b", 200, "distinct", cwd=tmp_path)
    for out, err in run_together([a, b], folder=tmp_path):
        assert out.strip().endswith("done")
        assert err == ""

    answers = load_answers(path)
    assert len(answers) == 400
    for tag in "ab":
        for i in range(200):
            answer = answers[f"{tag}-{i}"]
            assert answer.value == {"by": tag, "i": i}
            assert answer.attempts == 1
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["schema"] == SCHEMA_VERSION
    assert not list(tmp_path.glob("responses.corrupt-*.json"))
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_two_processes_writing_the_same_ids_count_every_attempt(tmp_path):
    path = tmp_path / FILENAME
    procs = [start(WRITER, path, tag, 150, "same", cwd=tmp_path) for tag in "ab"]
    run_together(procs)

    answers = load_answers(path)
    assert set(answers) == {f"shared-{n}" for n in range(5)}
    assert sum(a.attempts for a in answers.values()) == 300
    for n in range(5):
        assert answers[f"shared-{n}"].attempts == 60  # 30 writes from each process
        assert answers[f"shared-{n}"].value["i"] % 5 == n
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_writer_killed_at_random_moments_never_leaves_a_damaged_file(tmp_path):
    path = tmp_path / FILENAME
    rng = random.Random(20240611)
    parent = ResponsesStore(path)
    rounds = 20
    for n in range(rounds):
        tag = f"w{n}"
        proc = start(ENDLESS_WRITER, path, tag, cwd=tmp_path)
        if n % 2:
            # make sure this writer is in full flow (its answers are on disk) before the kill
            while not any(a.value["tag"] == tag for k, a in load_answers(path).items() if k != "parent"):
                assert proc.poll() is None, proc.stderr.read()
        # then let it write for a random moment: sometimes not at all, sometimes many writes
        try:
            proc.wait(timeout=rng.choice([0, 0.001, 0.005, 0.02, 0.05]) + rng.random() * 0.05)
        except subprocess.TimeoutExpired:
            pass
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=TIMEOUT)
        proc.stdout.close()
        proc.stdin.close()
        proc.stderr.close()
        assert proc.returncode == -signal.SIGKILL

        if path.exists():
            raw = json.loads(path.read_bytes().decode("utf-8"))
            assert raw["schema"] == SCHEMA_VERSION
            assert isinstance(raw["answers"], dict)
        answers = load_answers(path)
        assert not list(tmp_path.glob("responses.corrupt-*.json")), f"moved aside after kill {n}"
        for exercise_id, answer in answers.items():
            if exercise_id != "parent":
                assert set(answer.value) == {"tag", "i", "pad"}
        # the lock died with the writer: the next kernel can still write, and earlier answers survive
        parent.record("parent", n)
        assert parent.get("parent").attempts == n + 1

    final = load_answers(path)
    assert len(final) > 1  # the writers' answers survived their kills (odd rounds waited for them)
    assert final["parent"].attempts == rounds
    assert final["parent"].value == rounds - 1
    assert not list(tmp_path.glob("responses.corrupt-*.json"))


def test_corrupt_file_met_by_two_processes_is_moved_aside_once(tmp_path):
    path = tmp_path / FILENAME
    damage = b'{"schema": 1, "answers": {"half-written'
    path.write_bytes(damage)
    procs = [start(WRITER, path, tag, 50, "load-first", cwd=tmp_path) for tag in "ab"]
    results = run_together(procs)

    moved = list(tmp_path.glob("responses.corrupt-*.json"))
    assert len(moved) == 1
    assert moved[0].read_bytes() == damage
    messages = [line for out, _ in results for line in out.splitlines() if "moved to" in line]
    assert len(messages) == 1
    assert all(err == "" for _, err in results)
    answers = load_answers(path)
    assert len(answers) == 100
    # and the next write in this process works too
    ResponsesStore(path).record("after", True)
    assert load_answers(path)["after"].value is True
    assert len(list(tmp_path.glob("responses.corrupt-*.json"))) == 1
