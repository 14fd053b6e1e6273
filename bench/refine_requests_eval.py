"""The offline planner on refine requests it never saw: right tool, then right goal and section.

`python -m bench.refine_requests_eval` reads tests/data/refine_requests_holdout.jsonl (60
requests written by a helper from the goal contract alone: 45 refine requests over the nine
goals, 7 vague ones that should get a question, 8 look-alikes for other tools), prints each
miss and the two rates, and writes bench/refine_requests_eval.json. The song holds a verse, a
chorus and a bridge. The set has been read once its misses were printed: it measures, it is not
for tuning (write a new one for that)."""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
HOLDOUT = HERE.parent / "tests" / "data" / "refine_requests_holdout.jsonl"


def main() -> int:
    from agent.planner.plan import SongContext, plan

    context = SongContext((("verse", 8), ("chorus", 8), ("bridge", 8)), 100.0)
    rows = [json.loads(line) for line in HOLDOUT.read_text().splitlines() if line.strip()]
    right_tool = right_all = 0
    for row in rows:
        result, expected = plan(row["text"], context), row["expected"]
        calls = result.calls
        if expected["tool"] is None:
            tool_ok = all_ok = not calls and result.answer is not None
        elif expected["tool"] == "refine_section":
            tool_ok = len(calls) == 1 and calls[0].name == "refine_section"
            all_ok = tool_ok and calls[0].args.get("goal") == expected["goal"] and calls[0].args.get("section") == expected["section"]
        else:
            tool_ok = all_ok = bool(calls) and calls[0].name == expected["tool"]
        right_tool += tool_ok
        right_all += all_ok
        if not all_ok:
            print(f"miss: {row['text']!r}: expected {expected}, got {[(c.name, c.args) for c in calls]}")
    report = {"requests": len(rows), "right_tool": right_tool / len(rows), "right_tool_and_arguments": right_all / len(rows)}
    print(json.dumps(report))
    (HERE / "refine_requests_eval.json").write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
