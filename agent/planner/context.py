"""What the planner knows of the song when it reads a request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from agent.planner.choices import Choice
from song.model import Song
from tools.calls import ToolCall


@dataclass(frozen=True)
class SongContext:
    """What the planner knows of the song: section names and lengths, tempo, the section
    last talked about ('it')."""

    sections: tuple[tuple[str, int], ...] = ()
    tempo: float | None = None
    focus: str | None = None
    fixes: tuple[ToolCall, ...] = ()  # the last critique's suggested fixes, in the order shown
    choices: tuple[Choice, ...] = ()  # what the last reply offered to choose from
    last_change: ToolCall | None = None  # the last call that changed the song, for "no, A minor" and "the same to the verse"
    can_redo: bool | None = None  # something was undone and redo would bring it back (None: not known)

    @classmethod
    def of(cls, song: Song, focus: str | None = None, critique: Any = None, choices: tuple[Choice, ...] = (),
           last_change: ToolCall | None = None, can_redo: bool | None = None) -> "SongContext":
        fixes = tuple(ToolCall(f.suggestion.name, dict(f.suggestion.args))
                      for f in getattr(critique, "findings", ()) if f.suggestion is not None)
        return cls(tuple((s.name, s.bars) for s in song.sections), song.tempo if song.sections else None, focus, fixes,
                   choices, last_change, can_redo)

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.sections]

    def bars_of(self, name: str | None) -> int | None:
        return next((bars for n, bars in self.sections if n == name), None)
