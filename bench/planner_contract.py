"""The tool contract a held-out writer is given (and nothing else but tests/data/planner_heldout_brief.md):
`python -m bench.planner_contract OUT.json` writes every registry tool's name, docstring and argument schema."""

import json
import sys

from tools.registry import TOOLS
out = []
for name, tool in TOOLS.items():
    schema = tool.arguments.model_json_schema()
    args = {}
    for k, v in schema.get("properties", {}).items():
        d = {kk: vv for kk, vv in v.items() if kk in ("description", "type", "default", "enum", "minimum", "maximum")}
        if "anyOf" in v:
            types = [a.get("type") for a in v["anyOf"] if a.get("type")]
            d["type"] = types
            for a in v["anyOf"]:
                if "enum" in a: d["enum"] = a["enum"]
        args[k] = d
    out.append({"name": name, "doc": tool.doc if hasattr(tool, "doc") else tool.description, "args": args, "required": schema.get("required", [])})
json.dump(out, open(sys.argv[1], "w"), indent=1)
