"""What works without any LLM: slash commands (ui/slash.py, the same set as the plain prompt),
and the pane actions (apply a finding's fix, load a reference, play). Every change goes
through the tool registry in a thread worker and comes back as a ToolFinished message, shown
by the same handler as the agent's tool calls; a mixin of the app, which holds the session,
the workspace and the widgets."""

from __future__ import annotations

from typing import Any, Callable

from textual import work

from ui.slash import FaceRequest, parse_slash
from ui.tui.messages import Failed, Status, ToolFinished
from ui.tui.panes import FindingChosen, ReferenceChosen
from ui.tui.prompt import describe_call


class DirectCommands:
    """Mixed into CocomposerApp (a textual App): everything here uses its session, workspace
    and widgets, and its _add_chat / _refresh_song / _set_status / build_agent."""

    session: Any
    workspace: Any
    player: Any = None

    def slash(self, text: str) -> None:
        from song.errors import CocomposerError

        try:
            request = parse_slash(text)
        except CocomposerError as error:
            self.notify(str(error), title="Cannot run that command", severity="warning")
            return
        if not isinstance(request, FaceRequest):
            self.run_tool(request.name, request.args)
            return
        words = request.args
        faces: dict[str, Callable[[], None]] = {
            "show": lambda: self._show_section(words[0] if words else None),
            "play": lambda: self.play(words[0] if words else None),
            "stop": self.action_stop,
            "history": self.action_history,
            "help": self.action_help,
            "quit": self.exit,
            "session": lambda: self._switch_session(words[0]),
            "llm": lambda: self._switch_llm(words[0]),
        }
        faces[request.name]()

    def _show_section(self, name: str | None) -> None:
        """/show [SECTION]: the song pane, with that section's piano roll."""
        from song.errors import BadInput

        try:
            if name is not None:
                self.session.song.section(name)
        except BadInput as error:
            self.notify(str(error), title="Cannot show that", severity="warning")
            return
        self._refresh_song(None, name)
        self.action_show_pane("song-tab", "#sections")

    @work(thread=True, group="tools")
    def run_tool(self, name: str, args: dict[str, Any]) -> None:
        from tools.registry import ToolCallRecord, call_tool

        self.post_message(Status(f"{describe_call(name, args)}…"))
        before = self.session.song if self.session else None
        result = call_tool(self.workspace, name, args)
        self.post_message(ToolFinished(ToolCallRecord(name, args, result), before, from_agent=False))

    def on_finding_chosen(self, message: FindingChosen) -> None:
        suggestion = message.finding.suggestion
        if suggestion is None:
            self.notify("This finding has no automatic fix.", title="Critique")
            return
        if self.workspace.last_critique is not message.report:
            self.notify("That critique judged an earlier version of the song; critique it again (/critique) "
                        "before applying its fixes.", title="The song has changed", severity="warning")
            return
        self.run_tool(suggestion.name, dict(suggestion.args))

    def on_reference_chosen(self, message: ReferenceChosen) -> None:
        self.run_tool("load_reference", {"id": message.hit["id"]})

    @work(thread=True, group="audio")
    def play(self, section: str | None) -> None:
        try:
            from tools.playback import play, playable

            song = playable(self.session.song, section)
            self.post_message(Status("rendering…"))
            result = play(song)
            self.player = result.process
            self.post_message(Status(result.message))
        except Exception as error:
            self.post_message(Failed("Cannot play", str(error)))
            self.post_message(Status("ready"))

    def action_stop(self) -> None:
        if self.player is not None and self.player.poll() is None:
            self.player.terminate()
            self._set_status("stopped")
        self.player = None

    def _switch_session(self, name: str) -> None:
        from song.errors import CocomposerError

        try:
            self._open_session(name)
        except CocomposerError as error:
            self.notify(str(error), title="Cannot open that session", severity="error")
            return
        self.build_agent()

    def _switch_llm(self, kind: str) -> None:
        self.llm = kind
        self.agent = None
        self.build_agent()
