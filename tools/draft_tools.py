"""The whole-song tool: a pop song draft in one call (tools/song_draft.py). Registered in
tools/registry.py beside the others."""

from __future__ import annotations

from pydantic import Field

from tools.tool import Arguments, Tool
from tools.workspace import ToolResult, Workspace


class WriteSongArgs(Arguments):
    key: str | None = Field(None, description="for a new song: 'A minor', 'Eb major'")
    meter: str | None = Field(None, description="for a new song: '4/4', '3/4'")
    tempo: float | None = Field(None, gt=20, lt=400, description="for a new song: beats per minute")
    style: str | None = Field(None, description="the melody style: pop (default), folk, irish, ...")
    mood: str | None = Field(None, description="calm, wistful, hopeful, lively, busy ... (as for compose_section)")
    bridge: bool = Field(False, description="true when the user asks for a bridge: only forms with one are drawn")
    seed: int | None = Field(None, description="same seed, same draft")
    title: str | None = Field(None, max_length=120, description="the song's title, when the user names it")


def write_song_tool(workspace: Workspace, args: WriteSongArgs) -> ToolResult:
    """Write a whole song draft in one go: a form drawn from real pop songs (intro, verses,
    pre-chorus, choruses, maybe a bridge, outro, with their lengths), each section composed in
    its role, later verses repeating the first verse's tune with new details, every chorus the
    same chorus, pop chords under each new section, and the form set. Sections the song already
    has are kept and the draft is built around them. Use it for "write me a pop song", "give me
    a whole song in A minor", "finish the song around my verse". Example: {"key": "A minor", "tempo": 92}."""
    from tools.moods import MOODS
    from tools.registry import commit_song  # the one place a version is committed
    from tools.song_draft import write_song

    density = syncopation = None
    if args.mood:
        word = next((m for m in MOODS if m in args.mood.lower()), None)
        if word is not None:
            density, syncopation = MOODS[word]
    draft = write_song(workspace.song, args.key, args.meter, args.tempo, args.style or "pop", density, syncopation,
                       args.seed, args.bridge)
    song = draft.song.replace(title=args.title) if args.title else draft.song
    return commit_song(workspace, song, draft.description + (f"; titled '{args.title}'" if args.title else ""), {"form": list(draft.form)})


DRAFT_TOOLS = (Tool("write_song", WriteSongArgs, write_song_tool, True),)
