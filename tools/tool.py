"""What a tool is for the registry: a name, a pydantic argument model written for the LLM, the
function over the workspace, and whether it changes the song (then its result is committed)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from pydantic import BaseModel, ConfigDict, Field

from tools.workspace import ToolResult, Workspace


@dataclass(frozen=True)
class Tool:
    name: str
    arguments: type[BaseModel]
    run: Callable[[Workspace, Any], ToolResult]
    changes_song: bool

    @property
    def description(self) -> str:
        return " ".join((self.run.__doc__ or "").split())


class Arguments(BaseModel):
    model_config = ConfigDict(extra="forbid")


SECTION = Field(description="section name as it appears in the song, e.g. 'verse', 'chorus', 'verse 2'")
