"""How long a learner waits, measured in a real Jupyter kernel.

Two numbers decide whether the course feels responsive and is safe to use:

1. ``import course`` -> first exercise displayed. A learner opens a notebook, runs the first cell
   and waits for the first question. If that takes seconds, the course feels broken before it
   has begun; the package keeps its imports lazy so this stays well under a second.
2. answer change -> saved on disk. Every click is written to ``responses.json`` before the kernel
   goes idle, because the learner may stop the kernel, close the tab or submit right after
   clicking. The save must be fast enough that doing it on every click costs nothing noticeable.

Both are timed inside the kernel (``time.perf_counter``) and sent back through cell output; each
kernel runs in a fresh temporary directory, so no responses file lands in the repository. The
script prints figures only: exit 1 means it could not measure, never that a target was missed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
from contextlib import contextmanager

from jupyter_client.manager import KernelManager

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
DISPLAY_TARGET_S = 0.8
SAVE_TARGET_MS = 20.0
MARKER = "LATENCY_RESULT "

SETUP = """\
import time
t0 = time.perf_counter()
import course
from course.exercises import SingleChoice, make_key
ex = SingleChoice("latency_probe", step="assess", points=1, prompt="What do you do first?",
                  options=["Tell your manager", "Hope nobody notices"],
                  key=make_key("single_choice", "latency_probe", "Tell your manager"))
display(ex)
print({marker!r} + repr(time.perf_counter() - t0))
"""

FLIPS = """\
import json, time
from pathlib import Path
path, options, seconds = Path("responses.json"), list(ex.options), []
def on_disk(value):
    try:
        return json.loads(path.read_text("utf-8"))["answers"][ex.id]["value"] == value
    except (OSError, ValueError, KeyError):
        return False
for i in range({changes}):
    value = options[i % 2]
    t0 = time.perf_counter()
    ex._radio.value = value
    while not on_disk(value):  # the save is synchronous, so this normally passes at once
        if time.perf_counter() - t0 > 10:
            raise TimeoutError(f"change {{i}} to {{value!r}} not on disk after 10 s")
    seconds.append(time.perf_counter() - t0)
print({marker!r} + json.dumps(seconds))
"""


@contextmanager
def kernel():
    """A fresh python3 kernel in a fresh temporary directory; shut down and removed afterwards."""
    env = {k: v for k, v in os.environ.items() if k not in ("COURSE_RESPONSES", "COURSE_MODE")}
    with tempfile.TemporaryDirectory(prefix="learner-latency-") as cwd:
        km = KernelManager(kernel_name="python3")
        km.start_kernel(cwd=cwd, env=env, stderr=subprocess.DEVNULL)  # quiet its TCP warning
        kc = km.client()
        try:
            kc.start_channels()
            kc.wait_for_ready(timeout=60)
            yield kc
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)


def run_cell(kc, code: str, timeout: float = 120) -> tuple[str, list[dict]]:
    """Execute code; return the result line it printed and the display data it published."""
    stdout, displays = [], []

    def hook(msg):
        if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
            stdout.append(msg["content"]["text"])
        elif msg["msg_type"] in ("display_data", "execute_result"):
            displays.append(msg["content"]["data"])

    reply = kc.execute_interactive(code, output_hook=hook, timeout=timeout)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"cell failed: {reply['content'].get('ename')}: {reply['content'].get('evalue')}")
    lines = [ln for ln in "".join(stdout).splitlines() if ln.startswith(MARKER)]
    if not lines:
        raise RuntimeError("cell printed no result line")
    return lines[-1][len(MARKER):], displays


def measure_first_display(runs: int) -> list[float]:
    seconds = []
    for n in range(1, runs + 1):
        with kernel() as kc:
            result, displays = run_cell(kc, SETUP.format(marker=MARKER))
        if not any(WIDGET_MIME in data for data in displays):
            raise RuntimeError(f"run {n}: display output has no {WIDGET_MIME}")
        seconds.append(float(result))
        print(f"  run {n}: {seconds[-1]:.3f} s (widget displayed)")
    return seconds


def measure_saves(changes: int) -> list[float]:
    with kernel() as kc:
        run_cell(kc, SETUP.format(marker=MARKER))
        result, _ = run_cell(kc, FLIPS.format(changes=changes, marker=MARKER), timeout=60 + changes)
    return [s * 1000 for s in json.loads(result)]


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]  # nearest rank


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="Prints figures only; exit 1 means the measurement failed.")
    parser.add_argument("--runs", type=int, default=5,
                        help="fresh kernels for import -> first exercise displayed (default 5)")
    parser.add_argument("--changes", type=int, default=200,
                        help="answer changes timed until saved on disk (default 200)")
    args = parser.parse_args(argv)
    if min(args.runs, args.changes) < 1:
        parser.error("--runs and --changes must be at least 1")
    try:
        print(f"import course -> first exercise displayed ({args.runs} fresh kernel(s))")
        display_s = measure_first_display(args.runs)
        print(f"answer change -> saved on disk ({args.changes} changes in one kernel)")
        save_ms = measure_saves(args.changes)
    except Exception as problem:  # any failure to measure, e.g. the kernel did not start
        print(f"learner_latency: measurement failed: {type(problem).__name__}: {problem}".splitlines()[0],
              file=sys.stderr)
        return 1
    d_med, s_med = statistics.median(display_s), statistics.median(save_ms)
    judged = {True: "meets target", False: "MISSES target"}
    print()
    print(f"import course -> first exercise displayed: median {d_med:.2f} s "
          f"(min {min(display_s):.2f}, max {max(display_s):.2f}; {len(display_s)} runs)   "
          f"target < {DISPLAY_TARGET_S} s: {judged[d_med < DISPLAY_TARGET_S]}")
    print(f"answer change -> saved on disk:           median {s_med:.1f} ms "
          f"(p95 {p95(save_ms):.1f}, max {max(save_ms):.1f}; {len(save_ms)} changes) "
          f"target < {SAVE_TARGET_MS:g} ms: {judged[s_med < SAVE_TARGET_MS]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
