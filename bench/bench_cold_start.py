"""Cold starts, as a songwriter meets them: every command a fresh process, timed against
`python -c "import torch"` in the same run, alternating, so the ratios hold on another
machine (issue 21's targets were set where importing torch took 1.5 s).

Measured: `ask` composing a verse offline, `critique` of a multi-track arrangement, `show`
of the same file, `--help`, and the app launched in a real terminal (tmux) with the request
typed the moment the screen appears, up to the composed section on screen; with the peak
memory (VmHWM / ru_maxrss) of each process.

`make bench` runs it with the other benchmarks. `python -m bench.bench_cold_start --before DIR`
also times another checkout of the project (a `git worktree` of an older commit) in the same
run, with each checkout's warm sampling speed (16 bars: one melody, four candidates), and
writes bench/cold_start.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.measure import Row

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ARRANGEMENT = REPO.parent / "shared" / "midi" / "MIDIs_multitrack" / "Funkytown.mid"
REQUEST = "write an 8 bar verse in A minor"
TARGET_SECONDS_AT_TORCH_1_5_S = {"ask": 2.0, "critique": 1.0, "show": 0.3, "app": 2.0}


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float


def _timed(argv: list[str], cwd: Path, home: str) -> Run:
    """One fresh process: wall seconds and its own peak resident memory."""
    env = {**os.environ, "COCOMPOSER_HOME": home, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(cwd)}
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a full pipe would stall the child we wait for
        started = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)  # this child's own peak memory, not the largest child's so far
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait for it again
        if process.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(argv)} failed: {errors.read().decode()[-1500:]}")
    return Run(seconds, usage.ru_maxrss / 1024)


def _tmux_screen(name: str) -> str:
    return subprocess.run(["tmux", "capture-pane", "-p", "-t", name], capture_output=True, text=True).stdout


def app_launch_to_section(tree: Path) -> Run:
    """Launch the app in tmux, type the request as soon as the screen appears, and time
    launch -> the song pane showing the composed 8-bar verse; peak memory from /proc."""
    name = f"cocomposer-cold-{os.getpid()}"
    with tempfile.TemporaryDirectory() as home:
        command = (f"cd {tree} && env COCOMPOSER_HOME={home} OMP_NUM_THREADS=1 PYTHONPATH={tree} TERM=xterm-256color "
                   f"{sys.executable} -m ui.cli --session cold --llm offline")
        started = time.perf_counter()
        subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "100", "-y", "30", command], check=True)
        try:
            _until(name, "No song yet", started)
            subprocess.run(["tmux", "send-keys", "-t", name, REQUEST, "Enter"], check=True)
            _until(name, "verse: 8 bars", started)
            seconds = time.perf_counter() - started
            pid = subprocess.run(["tmux", "list-panes", "-t", name, "-F", "#{pane_pid}"], capture_output=True, text=True).stdout.split()[0]
            peak_mb = _peak_mb(int(pid))
        finally:
            subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
    return Run(seconds, peak_mb)


def _until(name: str, text: str, started: float, limit_s: float = 60.0) -> None:
    while text not in _tmux_screen(name):
        if time.perf_counter() - started > limit_s:
            raise TimeoutError(f"{text!r} did not appear in {limit_s} s:\n{_tmux_screen(name)}")
        time.sleep(0.01)


def _peak_mb(shell_pid: int) -> float:
    """The app's VmHWM: the pane runs `sh -c "cd ... && env ... python"`, so look at its
    descendants for the Python process."""
    peaks = []
    for pid in [shell_pid, *_descendants(shell_pid)]:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        if "VmHWM:" in status:
            peaks.append(int(status.split("VmHWM:")[1].split()[0]) / 1024)
    return max(peaks, default=0.0)


def _descendants(pid: int) -> list[int]:
    found = []
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split() if Path(f"/proc/{pid}").exists() else []:
        found += [int(child), *_descendants(int(child))]
    return found


def measurements(tree: Path) -> dict[str, object]:
    """What to time for one checkout: name -> a function returning a Run."""
    def command(*args: str):
        def run() -> Run:
            with tempfile.TemporaryDirectory() as home:
                return _timed([sys.executable, "-m", "ui.cli", *args], tree, home)
        return run

    found = {
        "ask": command("--llm", "offline", "--session", "cold", "ask", REQUEST),
        "critique": command("critique", str(ARRANGEMENT)),
        "show": command("show", str(ARRANGEMENT)),
        "help": command("--help"),
    }
    if shutil.which("tmux"):
        found["app"] = lambda: app_launch_to_section(tree)
    return found


WARM_GENERATION = """
import json, statistics, time
from models.api import MelodyModel, Request
from models.sample import SamplingOptions
from song.keys import Key
from song.meter import Meter
model = MelodyModel()
request = Request(Key.parse("D major"), Meter.parse("4/4"), 16)
model.generate(request, options=SamplingOptions(seed=0))
one, four = [], []
for seed in range(1, 8):
    started = time.perf_counter(); model.generate(request, options=SamplingOptions(seed=seed)); one.append(time.perf_counter() - started)
    started = time.perf_counter(); model.generate(request, n=4, options=SamplingOptions(seed=seed)); four.append(time.perf_counter() - started)
print(json.dumps({"sixteen_bars_s": statistics.median(one), "four_candidates_s": statistics.median(four)}))
"""


def warm_generation(tree: Path) -> dict[str, float]:
    """Warm sampling speed of the checkout's melody model (16 bars: one melody, four candidates)."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(tree)}
    result = subprocess.run([sys.executable, "-c", WARM_GENERATION], cwd=tree, env=env, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def import_torch() -> Run:
    with tempfile.TemporaryDirectory() as home:
        return _timed([sys.executable, "-c", "import torch"], REPO, home)


def measure(trees: dict[str, Path], runs: int) -> dict[str, object]:
    """Every measurement of every tree, `runs` times, each round alternating with the baseline."""
    plans = {label: measurements(tree) for label, tree in trees.items()}
    times: dict[str, list[Run]] = {}
    baseline: list[Run] = []
    for _ in range(runs):
        for label, plan in plans.items():
            for name, run in plan.items():
                baseline.append(import_torch())
                times.setdefault(f"{label} {name}", []).append(run())
    torch_s = statistics.median(r.seconds for r in baseline)
    report: dict[str, object] = {"import_torch_s": round(torch_s, 3), "runs": runs, "rows": {}}
    for key, found in times.items():
        name = key.split()[-1]
        median_s = statistics.median(r.seconds for r in found)
        report["rows"][key] = {  # type: ignore[index]
            "median_s": round(median_s, 3), "spread_s": round(max(r.seconds for r in found) - min(r.seconds for r in found), 3),
            "share_of_import_torch": round(median_s / torch_s, 3),
            "at_torch_1_5_s": round(1.5 * median_s / torch_s, 3),
            "target_s": TARGET_SECONDS_AT_TORCH_1_5_S.get(name),
            "peak_mb": round(max(r.peak_mb for r in found), 1),
        }
    return report


def run(runs: int) -> list[Row]:
    """For `make bench`: this checkout, against `import torch` (ratio = torch / ours)."""
    report = measure({"now": REPO}, max(3, runs))
    rows = []
    for key, row in report["rows"].items():  # type: ignore[union-attr]
        target = f", target {row['target_s']} s at torch 1.5 s" if row["target_s"] else ""
        rows.append(Row(f"cold {key.split()[-1]} (fresh process){target}: {row['at_torch_1_5_s']} s at torch 1.5 s, "
                        f"peak {row['peak_mb']:.0f} MB", row["median_s"], row["spread_s"], report["runs"],  # type: ignore[arg-type]
                        'python -c "import torch"', report["import_torch_s"]))  # type: ignore[arg-type]
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--before", type=Path, help="another checkout to time in the same run (e.g. a git worktree)")
    args = parser.parse_args(argv)
    trees = {"now": REPO, **({"before": args.before.resolve()} if args.before else {})}
    report = measure(trees, args.runs)
    warm = [{label: warm_generation(tree) for label, tree in trees.items()} for _ in range(2)]  # twice, alternating
    report["warm_generation"] = {label: {name: round(min(w[label][name] for w in warm), 3) for name in warm[0][label]} for label in trees}
    report["machine"] = {"cpus": os.cpu_count(), "date": time.strftime("%Y-%m-%d %H:%M %Z")}
    print(json.dumps(report, indent=1))
    (HERE / "cold_start.json").write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
