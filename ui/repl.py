"""A plain prompt loop over a session: `cocomposer chat --plain`, and `chat` whenever stdin or
stdout is not a terminal (the full-screen Textual app is ui/tui/).

Slash commands work without any LLM (/load, /show, /export, /harmonize, /play, /undo,
/redo, /history, /checkout, /session, /help, /quit); anything else is a request for the
agent (agent/agent.py). Every change is a session commit.
"""

from __future__ import annotations

import sys
from typing import Any, Callable, TextIO

from memory.sessions import Session, SessionStore
from song.errors import CocomposerError
from ui.slash import FaceRequest, help_text, parse_slash

DEFAULT_SESSION = "default"


class PromptLoop:
    """Reads lines, runs slash commands on the session, prints one reply per line."""

    def __init__(self, store: SessionStore, session: Session, out: TextIO = sys.stdout,
                 agent_factory: Callable[[Session], Any] | None = None) -> None:
        from tools.registry import Workspace

        self.store = store
        self.session = session
        self.workspace = Workspace(session)
        self.out = out
        self.agent_factory = agent_factory
        self._agent: Any = None
        self._player: Any = None  # the audio player process /play started
        self.face_commands: dict[str, Callable[[tuple[str, ...]], str | None]] = {
            "show": self._show, "play": self._play, "stop": self._stop,
            "history": self._history, "session": self._switch, "help": lambda _: help_text(), "quit": lambda _: None,
            "llm": lambda _: "choose the LLM when starting: cocomposer chat --plain --llm offline|openai|compatible",
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
                self.workspace = self._agent.workspace
            return self._agent.ask(text).reply
        try:
            request = parse_slash(text)
            if isinstance(request, FaceRequest):
                return self.face_commands[request.name](request.args)
        except CocomposerError as error:
            return f"error: {error}"
        from tools.registry import call_tool

        result = call_tool(self.workspace, request.name, request.args)
        data = result.data
        source = f" (melody from {data['melody_source']})" if data.get("melody_source") else ""
        return result.text + source

    def _show(self, args: tuple[str, ...]) -> str:
        from ui.pianoroll import piano_roll
        from ui.summary import song_summary

        song = self.session.song
        if not args:
            return song_summary(song)
        return piano_roll(song.section(args[0]), song.meter, bars=8, key=song.key)

    def _play(self, args: tuple[str, ...]) -> str:
        from tools.playback import play, playable

        self._stop(())
        playback = play(playable(self.session.song, args[0] if args else None))
        self._player = playback.process
        return playback.message

    def _stop(self, _: tuple[str, ...]) -> str:
        player, self._player = self._player, None
        if player is None or player.poll() is not None:
            return "nothing is playing"
        player.terminate()
        return "stopped"

    def _history(self, _: tuple[str, ...]) -> str:
        from ui.summary import history_lines

        return history_lines(self.session.history())

    def _switch(self, args: tuple[str, ...]) -> str:
        from tools.registry import Workspace

        self.session = self.store.open(args[0], create=True)
        self.store.remember_last(self.session.name)
        self.workspace = Workspace(self.session)
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
