"""Run every benchmark module (bench/bench_*.py), print a markdown table, write results.json.

`make bench` (or `python -m bench.run [--runs N] [--only NAME]`). Each module exposes
`run(runs) -> list[Row]`. Ratios compare against a baseline timed in the same run, alternating,
because these machines are noisy.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import time
from pathlib import Path

from bench.measure import Row

HERE = Path(__file__).resolve().parent


def discover(only: str | None = None) -> list[str]:
    names = sorted(path.stem for path in HERE.glob("bench_*.py"))
    return [name for name in names if only is None or only in name]


def _seconds(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 0.1 else f"{value:.3f} s"


def markdown(rows: list[Row]) -> str:
    lines = [
        "| benchmark | median | spread | runs | baseline | baseline median | ratio (baseline/ours) |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        ratio = f"{row.ratio:.1f}x" if row.ratio is not None else ""
        base = _seconds(row.baseline_median_s) if row.baseline_median_s is not None else ""
        lines.append(
            f"| {row.name} | {_seconds(row.median_s)} | {_seconds(row.spread_s)} | {row.runs} | "
            f"{row.baseline or ''} | {base} | {ratio} |"
        )
    return "\n".join(lines)


def machine() -> dict[str, object]:
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "omp_num_threads": os.environ.get("OMP_NUM_THREADS"),
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", help="run the benchmark modules whose name contains this")
    parser.add_argument("--out", default=str(HERE / "results.json"))
    parser.add_argument("--table", action="store_true", help="print the table of the saved results and stop")
    args = parser.parse_args(argv)
    if args.table:
        saved = json.loads(Path(args.out).read_text())
        print(markdown([Row(**{k: v for k, v in r.items() if k != "ratio"}) for rows in saved["modules"].values() for r in rows]))
        return 0
    out = Path(args.out)
    results = json.loads(out.read_text()) if out.exists() else {}
    modules: dict[str, list[dict[str, object]]] = results.get("modules", {})
    rows: list[Row] = []
    for name in discover(args.only):
        sys.stderr.write(f"running {name} ...\n")
        module = importlib.import_module(f"bench.{name}")
        module_rows = module.run(args.runs)
        rows.extend(module_rows)
        modules[name] = [row.as_dict() for row in module_rows]
    print(markdown(rows))
    # Modules not run this time keep their last results, so --only refreshes part of the table.
    out.write_text(json.dumps({"machine": machine(), "modules": modules}, indent=2) + "\n")
    sys.stderr.write(f"wrote {out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
