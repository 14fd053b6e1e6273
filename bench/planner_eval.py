"""The offline planner on its dev set (tests/data/planner_dev.jsonl): right tools, right tools
and arguments, and planning time. `python -m bench.planner_eval [--show-misses]` writes
bench/planner_eval.json.

Each dev request names a context: "song" (sections verse 8 bars, chorus 8, bridge 4; tempo
100; the last section talked about is the chorus) or "empty" (a new song). A request scores
"tools" when the planned tool names equal the expected ones in order, "arguments" when the
arguments are equal too (arguments left at their defaults are omitted on both sides).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from agent.planner.plan import SongContext, plan

HERE = Path(__file__).resolve().parent
DEV_SET = HERE.parent / "tests" / "data" / "planner_dev.jsonl"
CONTEXTS = {"song": SongContext((("verse", 8), ("chorus", 8), ("bridge", 4)), 100.0, "chorus"), "empty": SongContext()}


def load(path: Path = DEV_SET) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate(rows: list[dict]) -> dict[str, object]:
    plan("warm up", CONTEXTS["song"])  # loads the embedder once, as a running app would have
    tools_right = args_right = 0
    seconds, misses = [], []
    for row in rows:
        started = time.perf_counter()
        planned = plan(row["text"], CONTEXTS[row["context"]])
        seconds.append(time.perf_counter() - started)
        got = [c.as_dict() for c in planned.calls]
        want = row["tool_calls"]
        same_tools = [c["name"] for c in got] == [c["name"] for c in want]
        tools_right += same_tools
        args_right += same_tools and got == want
        if got != want:
            misses.append({"text": row["text"], "want": want, "got": got})
    ordered = sorted(seconds)
    return {"requests": len(rows), "right_tools": tools_right / len(rows), "right_tools_and_arguments": args_right / len(rows),
            "plan_ms_p50": 1000 * statistics.median(ordered), "plan_ms_p95": 1000 * ordered[int(0.95 * (len(ordered) - 1))],
            "plan_ms_max": 1000 * ordered[-1], "misses": misses}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args(argv)
    report = evaluate(load())
    summary = {k: v for k, v in report.items() if k != "misses"}
    print(json.dumps(summary))
    if args.show_misses:
        for miss in report["misses"]:  # type: ignore[union-attr]
            print(json.dumps(miss, ensure_ascii=False))
    (HERE / "planner_eval.json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
