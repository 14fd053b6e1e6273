"""A call of one registry tool, by name with its arguments: what a critique suggests as a fix,
what a slash command asks for, what the offline planner plans. Running it is
`tools.registry.call_tool(workspace, call.name, call.args)`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ToolCall:
    name: str
    args: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "args": self.args}
