"""The request line and the chat's text: input history, slash-command completion, and how
replies and tool calls are written in the chat."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.suggester import SuggestFromList
from textual.widgets import Input

SLASH_COMMANDS = ["/load ", "/export ", "/play", "/stop", "/undo", "/redo", "/history", "/critique", "/refs ",
                  "/session ", "/llm offline", "/llm openai", "/llm compatible", "/help"]
CHAT_HISTORY_SHOWN = 20


class PromptInput(Input):
    """The request line: Up/Down walk through earlier requests."""

    BINDINGS = [Binding("up", "older", show=False), Binding("down", "newer", show=False)]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(suggester=SuggestFromList(SLASH_COMMANDS, case_sensitive=False), select_on_focus=False, **kwargs)
        self.history: list[str] = []
        self.position = 0

    def remember(self, text: str) -> None:
        if text and (not self.history or self.history[-1] != text):
            self.history.append(text)
        self.position = len(self.history)

    def action_older(self) -> None:
        if self.history and self.position > 0:
            self.position -= 1
            self.value = self.history[self.position]
            self.cursor_position = len(self.value)

    def action_newer(self) -> None:
        if self.position < len(self.history) - 1:
            self.position += 1
            self.value = self.history[self.position]
        else:
            self.position, self.value = len(self.history), ""
        self.cursor_position = len(self.value)


def as_markdown(reply: str) -> str:
    """Tool results are line-oriented: keep their line breaks (Markdown would join them)."""
    lines: list[str] = []
    in_list = False
    for line in reply.splitlines():
        is_item = line.lstrip().startswith(("- ", "* ", "|", "#"))
        if in_list and not is_item:
            lines.append("")  # end the list, or the next line joins its last item
        lines.append(line if is_item else line + "  ")
        in_list = is_item
    return "\n".join(lines)


def describe_call(name: str, args: dict[str, Any]) -> str:
    """'compose_section(chorus, 8 bars, G major)': a tool call in a few words."""
    parts = []
    for key, value in args.items():
        if key == "bars":
            parts.append(f"{value} bars")
        elif key in ("section", "key", "meter", "operation", "style", "goal", "target", "path", "query", "like", "mood"):
            parts.append(str(value))
        elif isinstance(value, list):
            parts.append(" ".join(map(str, value)))
        else:
            parts.append(f"{key}={value}")
    return f"{name}({', '.join(parts)})"
