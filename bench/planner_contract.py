"""The tool contract a held-out writer is given (and nothing else but tests/data/planner_heldout_brief.md):
`python -m bench.planner_contract OUT.json` writes every registry tool's name, docstring and argument schema."""

from __future__ import annotations

import json
import sys
from typing import Any

from tools.registry import TOOLS


def contract() -> list[dict[str, Any]]:
    tools = []
    for name, tool in TOOLS.items():
        schema = tool.arguments.model_json_schema()
        args: dict[str, Any] = {}
        for arg, spec in schema.get("properties", {}).items():
            kept = {k: v for k, v in spec.items() if k in ("description", "type", "default", "enum", "minimum", "maximum")}
            if "anyOf" in spec:  # optional values: list the types, keep an enum
                kept["type"] = [option["type"] for option in spec["anyOf"] if option.get("type")]
                kept.update({"enum": option["enum"] for option in spec["anyOf"] if "enum" in option})
            args[arg] = kept
        tools.append({"name": name, "doc": tool.description, "args": args, "required": schema.get("required", [])})
    return tools


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m bench.planner_contract OUT.json", file=sys.stderr)
        return 2
    with open(argv[0], "w", encoding="utf-8") as out:
        json.dump(contract(), out, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
