"""A plain prompt loop over a session: `cocomposer chat --plain`, and `chat` whenever stdin or
stdout is not a terminal (the full-screen Textual app is ui/tui/).

Slash commands work without any LLM (/load, /show, /export, /harmonize, /play, /undo,
/redo, /history, /checkout, /session, /help, /quit); anything else is a request for the
agent (agent/agent.py). Every change is a session commit.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Any, Callable, TextIO

from memory.sessions import Session, SessionStore
from song.errors import CocomposerError

DEFAULT_SESSION = "default"
HELP = """commands:
  /load PATH [SECTION]   import a MIDI file (as the whole song, or into one section)
  /show [SECTION]        the song, or a section's piano roll
  /export PATH [--force] write the song (.mid, .musicxml or .wav)
  /harmonize SECTION [STYLE]  chords under a section (simple, pop, folk, jazzy)
  /play [SECTION]        hear the song (or one section)
  /undo [N]  /redo [N]   step through versions
  /history               all versions; /checkout N returns to one
  /session NAME          switch to (or create) another session
  /help  /quit"""


class PromptLoop:
    """Reads lines, runs slash commands on the session, prints one reply per line."""

    def __init__(self, store: SessionStore, session: Session, out: TextIO = sys.stdout,
                 agent_factory: Callable[[Session], Any] | None = None) -> None:
        self.store = store
        self.session = session
        self.out = out
        self.agent_factory = agent_factory
        self._agent: Any = None
        self.commands: dict[str, Callable[[list[str]], str]] = {
            "load": self._load, "show": self._show, "export": self._export, "undo": self._undo,
            "redo": self._redo, "history": self._history, "checkout": self._checkout,
            "session": self._switch, "harmonize": self._harmonize, "play": self._play, "help": lambda _: HELP,
        }

    def handle(self, line: str) -> str | None:
        """The reply to one line of input; None means quit."""
        text = line.strip()
        if not text:
            return ""
        if not text.startswith("/"):
            if self.agent_factory is None:
                self.session.add_message("user", text)
                return "No agent in this prompt; type /help for the commands."
            if self._agent is None or self._agent.workspace.session is not self.session:
                self._agent = self.agent_factory(self.session)
            return self._agent.ask(text).reply
        try:
            name, *args = shlex.split(text[1:])
        except ValueError as error:
            return f"error: {error}"
        if name in ("quit", "exit", "q"):
            return None
        command = self.commands.get(name)
        if command is None:
            return f"error: unknown command /{name} (type /help)"
        try:
            return command(args)
        except CocomposerError as error:
            return f"error: {error}"

    def _load(self, args: list[str]) -> str:
        from song.combine import adopt_import
        from song.midi_import import load_midi

        if not args:
            return "usage: /load PATH [SECTION]"
        imported = load_midi(args[0])
        target = args[1] if len(args) > 1 else None
        song = adopt_import(self.session.song, imported.song, target)
        where = f"into section '{target}'" if target else "as the song"
        version = self.session.commit(
            song, f"loaded {Path(args[0]).name} {where}: {imported.song.note_count} notes, key {imported.song.key}"
        )
        return f"v{version.number}: {version.description} (melody from {imported.melody_source})"

    def _show(self, args: list[str]) -> str:
        from ui.pianoroll import piano_roll
        from ui.summary import song_summary

        song = self.session.song
        if not args:
            return song_summary(song)
        return piano_roll(song.section(args[0]), song.meter, bars=8, key=song.key)

    def _export(self, args: list[str]) -> str:
        from song.export import export_song

        paths = [a for a in args if a != "--force"]
        if len(paths) != 1:
            return "usage: /export PATH [--force]"
        written = export_song(self.session.song, paths[0], force="--force" in args)
        return f"wrote {written}"

    def _harmonize(self, args: list[str]) -> str:
        from tools.harmony import harmonize_section

        if not 1 <= len(args) <= 2:
            return "usage: /harmonize SECTION [simple|pop|folk|jazzy]"
        result = harmonize_section(self.session.song, args[0], args[1] if len(args) > 1 else "simple")
        version = self.session.commit(result.song, f"harmonized {args[0]}")
        return f"v{version.number}: {result.description}"

    def _play(self, args: list[str]) -> str:
        from tools.playback import play

        song = self.session.song
        if args:
            song = song.replace(sections=(song.section(args[0]),), form=(args[0],))
        if not song.sections:
            return "nothing to play yet: /load a MIDI file first"
        return play(song).message

    def _steps(self, args: list[str]) -> int:
        if not args:
            return 1
        if not args[0].isdigit():
            raise CocomposerError(f"steps must be a number, got {args[0]!r}")
        return int(args[0])

    def _undo(self, args: list[str]) -> str:
        version = self.session.undo(self._steps(args))
        return f"back at v{version.number}: {version.description}"

    def _redo(self, args: list[str]) -> str:
        version = self.session.redo(self._steps(args))
        return f"forward to v{version.number}: {version.description}"

    def _history(self, _: list[str]) -> str:
        from ui.summary import history_lines

        return history_lines(self.session.history())

    def _checkout(self, args: list[str]) -> str:
        if not args or not args[0].isdigit():
            return "usage: /checkout N"
        version = self.session.checkout(int(args[0]))
        return f"at v{version.number}: {version.description}"

    def _switch(self, args: list[str]) -> str:
        if len(args) != 1:
            return "usage: /session NAME"
        self.session = self.store.open(args[0], create=True)
        self.store.remember_last(self.session.name)
        return f"session {self.session.name} (v{self.session.current_number})"


def run_prompt_loop(store: SessionStore, name: str | None, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout,
                    agent_factory: Callable[[Session], Any] | None = None) -> int:
    """Open the session (the last one by default) and answer lines until /quit or EOF;
    lines that are not slash commands go to the agent."""
    session = store.open(name or store.last_session() or DEFAULT_SESSION, create=True)
    store.remember_last(session.name)
    loop = PromptLoop(store, session, out, agent_factory)
    interactive = stdin.isatty()
    out.write(f"cocomposer · session {session.name} · /help for commands, /quit to leave\n")
    while True:
        if interactive:
            out.write("> ")
            out.flush()
        line = stdin.readline()
        if not line:
            return 0
        reply = loop.handle(line)
        if reply is None:
            return 0
        if reply:
            out.write(reply + "\n")
            out.flush()
