"""What the app's workers tell the app's thread (widgets are only touched there)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # the types only: this module must not import the agent (LangChain) at start
    from agent.agent import Agent, Turn
    from song.model import Song
    from tools.registry import ToolCallRecord


class AgentReady(Message):
    def __init__(self, agent: Agent, note: str) -> None:
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


class TurnDone(Message):
    def __init__(self, turn: Turn | None) -> None:  # None: the turn failed before it could answer
        super().__init__()
        self.turn = turn


class ToolFinished(Message):
    """A tool call has run, whoever asked for it (the agent, a slash command, a pane action):
    the app shows every one through the same handler."""

    def __init__(self, record: ToolCallRecord, before: Song | None, from_agent: bool) -> None:
        super().__init__()
        self.record = record
        self.before = before  # the song before the call (for the changed-notes marks)
        self.from_agent = from_agent  # the agent's reply follows; a direct command's result is all there is


class Failed(Message):
    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title, self.text = title, text
