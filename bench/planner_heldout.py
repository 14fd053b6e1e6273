"""The offline planner on requests written before it saw them, by a helper told only the tool
contract: tests/data/planner_heldout_v2.jsonl (247 requests; 218 with tool calls, 13 that
should get a question, 16 no tool can do) and tests/data/planner_heldout_v3.jsonl (246: 196
calls, 24 questions, 26 limits; written before the learned request reader saw it) and
tests/data/planner_heldout_v4.jsonl (245: 198 calls, 23 questions, 24 limits; written after
the reader's last change by a helper that saw only the contract).
`python -m bench.planner_heldout [--show-misses] [--set PATH]` prints the figures, per kind
of request, and writes bench/<the set's name>.json.
Read the misses only to report them, never to tune the planner: a fix must be measured on
requests written after it (a new set).

- right tools: the planned tool names equal the expected ones, in order; for "ask" a question
  and no call (numbered choices, or a question for the value the request left out: "Which key
  should the song move to?"; until 2026-12-07 only numbered choices counted); for "limit" an
  answer and no call.
- right tools and arguments: the calls equal the expected ones (arguments left unsaid, or
  equal to the tool's default, are omitted on both sides; keys compared as the tools read
  them, "D" = "D major", since 2026-12-07 (third session); a library search's query compared as
  its words, any case, singular or plural, "Irish jigs" = "irish jig", since the fourth: the
  search reads words by meaning, and both find the same pieces; an export's format equal to
  the one its file name implies counts as left out).
- destructive misreads: a planned call that replaces or removes notes (composing over a
  section that has notes, rewriting bars, an edit, a refine, a song-wide key or meter change,
  undo, redo, checkout, loading a file over the song) that the expected calls do not contain.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from collections import defaultdict
from pathlib import Path

from agent.planner.plan import SongContext, plan
from bench.planner_eval import CONTEXTS

HERE = Path(__file__).resolve().parent
HELD_OUT = HERE.parent / "tests" / "data" / "planner_heldout_v2.jsonl"
NOTE_CHANGING = {"regenerate_bars", "edit_section", "refine_section", "undo", "redo", "checkout"}


def destroys(call: dict, context: SongContext) -> bool:
    """Does this call replace or remove notes the user has?"""
    name, args = call["name"], call["args"]
    if name == "compose_section":
        return args.get("section") in context.names
    if name == "set_song":
        return bool({"key", "meter"} & set(args)) and bool(context.names)
    if name == "load_midi":
        return bool(context.names) and ("section" not in args or args.get("section") in context.names)
    return name in NOTE_CHANGING and bool(context.names)


def without_defaults(call: dict) -> dict:
    """The call with the arguments that equal their tool's default left out (critique
    {"target": "song"} and critique {} ask for the same thing), and keys written one way
    ("D" and "D major" name the same key, as the tools read them)."""
    from song.errors import BadInput
    from song.export import FORMATS_BY_SUFFIX
    from song.keys import Key
    from tools.registry import TOOLS

    tool = TOOLS.get(call["name"])
    fields = tool.arguments.model_fields if tool else {}
    args = {k: v for k, v in call["args"].items() if k not in fields or fields[k].is_required() or fields[k].default != v}
    if isinstance(args.get("key"), str):
        try:
            args["key"] = str(Key.parse(args["key"]))
        except BadInput:
            pass
    if call["name"] == "export_song" and args.get("format") and args["format"] == FORMATS_BY_SUFFIX.get(Path(str(args.get("path"))).suffix.lower()):
        del args["format"]  # the format the file name says anyway
    if call["name"] == "find_references" and isinstance(args.get("query"), str):
        args["query"] = " ".join(_singular(word) for word in re.findall(r"\w+", args["query"].lower()))
    return {"name": call["name"], "args": args}


def _singular(word: str) -> str:
    """'waltzes' -> 'waltz', 'chorales' -> 'chorale', 'jigs' -> 'jig' (for comparing queries)."""
    if re.search(r"(?:s|x|z|ch|sh)es$", word):
        return word[:-2]
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def evaluate(rows: list[dict]) -> dict[str, object]:
    plan("warm up", CONTEXTS["song"])  # loads the embedder once, as a running app would have
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # requests, tools, arguments, destructive
    seconds, misses = [], []
    for row in rows:
        context = CONTEXTS[row["context"]]
        started = time.perf_counter()
        planned = plan(row["text"], context)
        choices = getattr(planned, "choices", ())  # (older planners never asked)
        seconds.append(time.perf_counter() - started)
        got = [without_defaults(c.as_dict()) for c in planned.calls]
        want = [without_defaults(c) for c in row["tool_calls"]]
        kind = row.get("kind", "calls")
        if kind == "ask":  # a question back: numbered choices, or one asking for the value the request left out
            tools_ok = args_ok = not got and (bool(choices) or "?" in (planned.answer or ""))
        elif kind == "limit":
            tools_ok = args_ok = not got and bool(planned.answer) and not choices
        else:
            tools_ok = [c["name"] for c in got] == [c["name"] for c in want]
            args_ok = tools_ok and got == want
        wanted = {(c["name"], c["args"].get("section")) for c in want}
        destructive = any(destroys(c, context) and (c["name"], c["args"].get("section")) not in wanted for c in got)
        group = _group(row)
        for key in (group, "all"):
            counts = totals[key]
            counts[0] += 1
            counts[1] += tools_ok
            counts[2] += args_ok
            counts[3] += destructive
        if not args_ok or destructive:
            misses.append({"text": row["text"], "kind": kind, "want": want, "got": got, "answer": (planned.answer or "")[:120],
                           "destructive": destructive})
    ordered = sorted(seconds)
    by_kind = {key: {"requests": c[0], "right_tools": round(c[1] / c[0], 3), "right_tools_and_arguments": round(c[2] / c[0], 3),
                     "destructive_misreads": c[3]} for key, c in sorted(totals.items())}
    import resource

    return {"by_kind": by_kind, "plan_ms_p50": round(1000 * statistics.median(ordered), 3),
            "plan_ms_p95": round(1000 * ordered[int(0.95 * (len(ordered) - 1))], 3),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1), "misses": misses}


def _group(row: dict) -> str:
    """The kind of request, for the per-kind figures: ask, limit, or the first expected tool."""
    kind = row.get("kind", "calls")
    if kind != "calls":
        return kind
    names = [c["name"] for c in row["tool_calls"]]
    return "multi-step" if len(names) > 1 else names[0] if names else "none"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--set", type=Path, default=HELD_OUT)
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in args.set.read_text(encoding="utf-8").splitlines() if line.strip()]
    report = evaluate(rows)
    for kind, figures in report["by_kind"].items():  # type: ignore[union-attr]
        print(f"{kind:20} {figures['requests']:4}  tools {figures['right_tools']:.1%}  tools+args "
              f"{figures['right_tools_and_arguments']:.1%}  destructive {figures['destructive_misreads']}")
    print(f"plan ms p50 {report['plan_ms_p50']} p95 {report['plan_ms_p95']}; peak memory {report['peak_rss_mb']} MB")
    if args.show_misses:
        for miss in report["misses"]:  # type: ignore[union-attr]
            print(json.dumps(miss, ensure_ascii=False))
    if args.set.name.startswith("planner_heldout"):  # the figures only: the misses stay out of sight of whoever tunes next
        figures = {k: v for k, v in report.items() if k != "misses"}
        (HERE / f"{args.set.stem}.json").write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
