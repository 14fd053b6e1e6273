"""What works without any LLM: slash commands, and the pane actions (apply a finding's fix,
load a reference, play). Each runs in a thread worker and reports back with messages; a
mixin of the app, which holds the session, the workspace and the widgets."""

from __future__ import annotations

from typing import Any, Callable

from textual import work
from textual.widgets import TabbedContent

from ui.tui.messages import Failed, Status, ToolDone
from ui.tui.panes import CritiquePane, FindingChosen, ReferenceChosen, ReferencesPane
from ui.tui.prompt import describe_call


class DirectCommands:
    """Mixed into CocomposerApp (a textual App): everything here uses its session, workspace
    and widgets, and its _add_chat / _refresh_song / _set_status / build_agent."""

    session: Any
    workspace: Any
    player: Any = None

    def slash(self, text: str) -> None:
        import shlex

        try:
            name, *args = shlex.split(text[1:])
        except ValueError as error:
            self.notify(str(error), title="Cannot read that command", severity="error")
            return
        commands: dict[str, Callable[[list[str]], None]] = {
            "load": lambda a: self.run_tool("load_midi", {"path": a[0], **({"section": a[1]} if len(a) > 1 else {})}) if a else self._usage("/load PATH [SECTION]"),
            "export": lambda a: self.run_tool("export_song", {"path": a[0]}) if a else self._usage("/export PATH"),
            "critique": lambda a: self.run_tool("critique", {"target": a[0] if a else "song"}),
            "refs": lambda a: self.run_tool("find_references", {"query": " ".join(a)}) if a else self._usage("/refs QUERY"),
            "play": lambda a: self.play(a[0] if a else None),
            "stop": lambda a: self.action_stop(),
            "undo": lambda a: self.action_undo(),
            "redo": lambda a: self.action_redo(),
            "history": lambda a: self.action_history(),
            "help": lambda a: self.action_help(),
            "session": lambda a: self._switch_session(a[0]) if a else self._usage("/session NAME"),
            "llm": lambda a: self._switch_llm(a[0]) if a else self._usage("/llm offline|openai|compatible"),
        }
        command = commands.get(name)
        if command is None:
            self.notify(f"/{name} is not a command; /help lists them", title="Unknown command", severity="warning")
            return
        command(args)

    def _usage(self, text: str) -> None:
        self.notify(f"usage: {text}", title="Missing argument", severity="warning")

    @work(thread=True, group="tools")
    def run_tool(self, name: str, args: dict[str, Any]) -> None:
        from tools.registry import call_tool

        self.post_message(Status(f"{describe_call(name, args)}…"))
        before = self.session.song if self.session else None
        self.post_message(ToolDone(name, call_tool(self.workspace, name, args), args.get("section"), before))

    def on_tool_done(self, message: ToolDone) -> None:
        result = message.result
        self._set_status("ready")
        if not result.ok:
            self.notify(result.text[len("error: "):] if result.text.startswith("error: ") else result.text,
                        title=f"{message.name} failed", severity="error")
            return
        self._add_chat("tool", result.text.splitlines()[0])
        if message.name == "critique":
            if self.workspace.last_critique is not None:
                self.query_one("#critique", CritiquePane).show(self.workspace.last_critique)
            self.query_one("#panes", TabbedContent).active = "critique-tab"
        elif message.name == "find_references":
            self.query_one("#refs", ReferencesPane).show(result.data.get("query", ""), result.data.get("results", []))
            self.query_one("#panes", TabbedContent).active = "refs-tab"
        else:
            self._refresh_song(message.before, message.section)
            self.query_one("#panes", TabbedContent).active = "song-tab"
            self.notify(result.text.splitlines()[0], title=message.name)

    def on_finding_chosen(self, message: FindingChosen) -> None:
        suggestion = message.finding.suggestion
        if suggestion is None:
            self.notify("This finding has no automatic fix.", title="Critique")
            return
        self.run_tool(suggestion.tool, dict(suggestion.args))

    def on_reference_chosen(self, message: ReferenceChosen) -> None:
        self.load_reference(message.hit["id"])

    @work(thread=True, group="tools")
    def load_reference(self, piece_id: str) -> None:
        try:
            from tools.references import reference_as_section, reference_library
            from tools.registry import ToolResult

            piece = reference_library().get(piece_id)
            song, moved = reference_as_section(piece, self.session.song)
            version = self.session.commit(song, f"loaded '{piece.title}' [{piece.id}] as section inspiration{moved}")
            text = f"v{version.number}: loaded '{piece.title}' as section inspiration{moved}"
            self.post_message(ToolDone("load reference", ToolResult(text, version=version.number), "inspiration"))
        except Exception as error:
            self.post_message(Failed("Cannot load that reference", str(error)))

    @work(thread=True, group="audio")
    def play(self, section: str | None) -> None:
        try:
            from tools.playback import play

            song = self.session.song
            if section:
                song = song.replace(sections=(song.section(section),), form=(section,))
            if not song.sections:
                raise ValueError("nothing to play yet: compose or /load something first")
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
