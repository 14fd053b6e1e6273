"""The slash commands, once for both faces (the Textual app and the plain prompt).

A slash command works without any LLM. Those that change or read the song are tool calls
(`/undo 2` is `undo(steps=2)`), run through the tool registry like the agent's, so a change
made by typing `/harmonize verse` is committed and described exactly as the agent's would
be. The rest are things only a face can do (show help, switch session, stop audio); each face
implements those, by the same names.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from typing import Any, Callable

from song.errors import BadInput
from song.words import sung_lines
from tools.calls import ToolCall


@dataclass(frozen=True)
class FaceRequest:
    """A slash command the face carries out itself (help, session, history, play ...)."""

    name: str
    args: tuple[str, ...]


@dataclass(frozen=True)
class SlashCommand:
    usage: str
    help: str
    arity: tuple[int, int]  # fewest and most words after the name
    tool: str | None = None
    arguments: Callable[[list[str]], dict[str, Any]] | None = None  # words -> the tool's arguments


def _steps(words: list[str]) -> dict[str, Any]:
    if not words:
        return {}
    if not words[0].isdigit() or int(words[0]) < 1:
        raise BadInput(f"steps must be a whole number like 2, got {words[0]!r}")
    return {"steps": int(words[0])}


def _version(words: list[str]) -> dict[str, Any]:
    number = words[0].lstrip("vV")
    if not number.isdigit():
        raise BadInput(f"give a version number like 3 (from /history), got {words[0]!r}")
    return {"version": int(number)}


def _export(words: list[str]) -> dict[str, Any]:
    paths = [w for w in words if w != "--force"]
    if len(paths) != 1:
        raise BadInput("usage: /export PATH [--force]")
    return {"path": paths[0], **({"force": True} if "--force" in words else {})}


COMMANDS: dict[str, SlashCommand] = {
    "load": SlashCommand("/load PATH [SECTION]", "import a MIDI file (as the whole song, or into one section)", (1, 2),
                         "load_midi", lambda w: {"path": w[0], **({"section": w[1]} if len(w) > 1 else {})}),
    "show": SlashCommand("/show [SECTION]", "the song, or a section's piano roll", (0, 1)),
    "export": SlashCommand("/export PATH [--force]", "write the song (.mid, .musicxml or .wav)", (1, 2),
                           "export_song", _export),
    "critique": SlashCommand("/critique [SECTION|FILE.mid]", "findings with fixes", (0, 1),
                             "critique", lambda w: {"target": w[0] if w else "song"}),
    "refs": SlashCommand("/refs QUERY", "search the reference library", (1, 99),
                         "find_references", lambda w: {"query": " ".join(w)}),
    "harmonize": SlashCommand("/harmonize SECTION [STYLE]", "chords under a section (simple, pop, folk, jazzy)", (1, 2),
                              "harmonize_section", lambda w: {"section": w[0], **({"style": w[1]} if len(w) > 1 else {})}),
    "lyrics": SlashCommand("/lyrics SECTION: WORDS", "set words to a section's melody (' / ' breaks a line)", (2, 999), "set_lyrics"),
    "melody": SlashCommand("/melody SECTION: WORDS", "write a new melody for the words (' / ' breaks a line)", (2, 999), "compose_section"),
    "play": SlashCommand("/play [SECTION]", "hear the song (or one section); /stop stops it", (0, 1)),
    "stop": SlashCommand("/stop", "stop playing", (0, 0)),
    "undo": SlashCommand("/undo [N]", "step back N versions", (0, 1), "undo", _steps),
    "redo": SlashCommand("/redo [N]", "step forward again", (0, 1), "redo", _steps),
    "history": SlashCommand("/history", "all versions", (0, 0)),
    "checkout": SlashCommand("/checkout N", "return to version N (nothing is deleted)", (1, 1), "checkout", _version),
    "session": SlashCommand("/session NAME", "switch to (or create) another session", (1, 1)),
    "llm": SlashCommand("/llm offline|openai|compatible", "choose who plans the requests", (1, 1)),
    "help": SlashCommand("/help", "this list", (0, 0)),
    "quit": SlashCommand("/quit", "leave", (0, 0)),
}
ALIASES = {"exit": "quit", "q": "quit"}


def help_text() -> str:
    width = max(len(c.usage) for c in COMMANDS.values())
    return "commands:\n" + "\n".join(f"  {c.usage.ljust(width)}  {c.help}" for c in COMMANDS.values())


def parse_slash(text: str) -> ToolCall | FaceRequest:
    """The request a line starting with '/' makes; BadInput (one line, with the usage) when it
    names no command or has the wrong number of words."""
    worded = re.match(r"^/(lyrics|melody)\s+([^:]+?)\s*:\s*(\S.*)$", text.strip(), re.DOTALL)
    if worded:  # the words are taken as typed (apostrophes and all), ' / ' breaking lines
        lines = sung_lines(worded.group(3))
        section = worded.group(2).strip()
        if worded.group(1) == "melody":
            return ToolCall("compose_section", {"section": section, "lyrics": lines})
        return ToolCall("set_lyrics", {"section": section, "text": lines})
    bare = re.match(r"^/(lyrics|melody)\b", text.strip())
    if bare:
        raise BadInput(f"usage: /{bare.group(1)} SECTION: WORDS (e.g. /{bare.group(1)} chorus: hold on, hold on / to the light)")
    try:
        words = shlex.split(text.strip()[1:])
    except ValueError as error:
        raise BadInput(f"cannot read that command: {error}") from None
    if not words:
        raise BadInput("type a command after '/'; /help lists them")
    name, *words = words
    name = ALIASES.get(name, name)
    command = COMMANDS.get(name)
    if command is None:
        raise BadInput(f"/{name} is not a command; /help lists them")
    fewest, most = command.arity
    if not fewest <= len(words) <= most:
        raise BadInput(f"usage: {command.usage}")
    if command.tool is not None and command.arguments is not None:
        return ToolCall(command.tool, command.arguments(words))
    return FaceRequest(name, tuple(words))
