"""What a tool acts on and what it gives back: the `Workspace` (the session, and the last
critique with the version it judged), the `ToolResult` of one call, and the `ToolCallRecord`
every face shows. tools/registry.py runs the tools over these."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from memory.sessions import Session
from song.model import Song


@dataclass(frozen=True)
class CritiqueOfVersion:
    """A critique and the song version it judged: its fixes name bars of that version only."""

    version: int
    report: Any  # tools.critique.CritiqueReport


@dataclass
class Workspace:
    """What the tools act on: the session (its current song and history) and the last critique."""

    session: Session
    critique_of: CritiqueOfVersion | None = None

    @property
    def song(self) -> Song:
        return self.session.song

    def remember_critique(self, report: Any) -> None:
        """Keep a critique of the current version (what "apply the first fix" applies)."""
        self.critique_of = CritiqueOfVersion(self.session.current_number, report)

    @property
    def last_critique(self) -> Any:
        """The last critique while the song is still the version it judged, else None: after
        any change (or in another version after undo) its fixes would name bars that moved."""
        if self.critique_of is None or self.critique_of.version != self.session.current_number:
            return None
        return self.critique_of.report


@dataclass(frozen=True)
class ToolCallRecord:
    """One tool call and what came of it, whoever asked: the agent, a slash command, a pane
    action or the CLI. The UI shows every one through the same handler."""

    name: str
    args: dict[str, Any]
    outcome: ToolResult

    @property
    def result(self) -> str:
        return self.outcome.text

    @property
    def version(self) -> int | None:
        return self.outcome.version

    @property
    def data(self) -> dict[str, Any]:
        return self.outcome.data

    @property
    def ok(self) -> bool:
        return self.outcome.ok

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "args": self.args, "result": self.result, "version": self.version}


@dataclass(frozen=True)
class ToolResult:
    text: str  # what the LLM reads
    data: dict[str, Any] = field(default_factory=dict)  # what the UI shows
    version: int | None = None  # the version committed, when the song changed
    ok: bool = True
    error: Exception | None = field(default=None, compare=False)  # what went wrong, for a CLI's exit code

