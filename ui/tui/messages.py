"""What the app's workers tell the app's thread (widgets are only touched there)."""

from __future__ import annotations

from typing import Any

from textual.message import Message


class AgentReady(Message):
    def __init__(self, agent: Any, note: str) -> None:
        super().__init__()
        self.agent, self.note = agent, note


class Status(Message):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class Token(Message):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class ToolRan(Message):
    def __init__(self, record: Any) -> None:
        super().__init__()
        self.record = record


class TurnDone(Message):
    def __init__(self, turn: Any) -> None:
        super().__init__()
        self.turn = turn


class ToolDone(Message):
    """A slash command or a pane action that ran a tool in a worker."""

    def __init__(self, name: str, result: Any, section: str | None = None, before: Any = None) -> None:
        super().__init__()
        self.name, self.result = name, result
        self.section, self.before = section, before  # what it worked on, and the song before it (for the marks)


class Failed(Message):
    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title, self.text = title, text
