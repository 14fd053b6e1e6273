"""The cocomposer terminal app: chat on the left, the song on the right.

Everything slow (building the agent, loading the melody model, an agent turn, a critique, a
reference search, rendering audio) runs in a thread worker that reports back with messages;
widgets are only touched on the app's thread (here, and in ui/tui/commands.py for the
commands that need no LLM). The first screen paints before the models, the embedder or
Chroma are loaded (this module imports none of them), and a status line
says what is still loading. During a turn the input is locked; Esc cancels the turn and the
song goes back to the version it had before it.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, Input, ListView, Markdown, Static, TabbedContent, TabPane

from memory.sessions import Session, SessionStore
from song.model import Song
from ui.tui.commands import DirectCommands
from ui.tui.messages import AgentReady, Failed, Status, Token, ToolFinished, TurnDone
from ui.tui.panes import CritiquePane, ReferencesPane, SongPane
from ui.tui.prompt import CHAT_HISTORY_SHOWN, PromptInput, as_markdown, describe_call
from ui.tui.screens import HelpScreen, HistoryScreen

if TYPE_CHECKING:
    from tools.registry import ToolCallRecord

WELCOME = """**Welcome to cocomposer.** Say what you want in your own words, for example:
*write an 8-bar verse in A minor at a walking pace* · *harmonize it with folk chords* ·
*what do you think?* · *apply the first fix* · *find Irish airs in A minor*.
Slash commands work without any LLM (/load, /play, /undo, /history…); F1 lists everything."""


class CocomposerApp(DirectCommands, App[None]):
    CSS_PATH = Path(__file__).with_name("styles.tcss")  # absolute, so subclasses elsewhere find it
    TITLE = "cocomposer"
    AUTO_FOCUS = "#prompt"
    BINDINGS = [
        Binding("escape", "cancel_turn", "cancel"),
        Binding("f3", "show_pane('song-tab', '#sections')", "song", show=False),  # F3, undo, redo: in help, so the footer fits 80 columns
        Binding("f4", "show_pane('critique-tab', '#findings')", "critique"),
        Binding("f5", "show_pane('refs-tab', '#results')", "refs"),
        Binding("ctrl+z", "undo", "undo", show=False),
        Binding("ctrl+y", "redo", "redo", show=False),
        Binding("f2", "history", "history"),
        Binding("ctrl+h", "history", "history", show=False),  # most terminals send Ctrl+H as Backspace
        Binding("f1", "help", "help"),
        Binding("ctrl+q", "quit", "quit"),
    ]

    def __init__(self, store: SessionStore, session_name: str | None = None, llm: str | None = None,
                 model: str | None = None, timeout: float | None = None) -> None:
        super().__init__()
        self.store = store
        self.session_name = session_name
        self.llm, self.model_name, self.timeout = llm, model, timeout
        self.session: Session | None = None
        self.agent: Any = None
        self.workspace: Any = None
        self.busy = False
        self.cancel = threading.Event()
        self.player: Any = None
        self._reply: Markdown | None = None
        self._pending: str | None = None
        self._model_loaded = threading.Event()
        self._song_before_turn: Song | None = None

    # ----- layout ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            with Vertical(id="chat-column"):
                yield VerticalScroll(id="chat")
                yield PromptInput(placeholder="write an 8-bar chorus in D minor · /help", id="prompt")
                yield Static("starting…", id="status")
            with TabbedContent(id="panes"):
                with TabPane("Song", id="song-tab"):
                    yield SongPane(id="song")
                with TabPane("Critique", id="critique-tab"):
                    yield CritiquePane(id="critique")
                with TabPane("References", id="refs-tab"):
                    yield ReferencesPane(id="refs")
        yield Footer()

    def on_mount(self) -> None:
        self._open_session(self.session_name or self.store.last_session() or "default")
        self.load_melody_model()
        self.build_agent()

    @work(thread=True, group="model")
    def load_melody_model(self) -> None:
        """The melody checkpoint (numpy), alongside the agent's build, so the first compose is quick."""
        try:
            from tools.compose import melody_model
            from tools.references import library_exists, reference_library

            melody_model().model  # noqa: B018 - load now
            if library_exists():  # composing checks new melodies against the library: open it now
                reference_library().count()
        except Exception as error:
            self.post_message(Failed("The melody model did not load", str(error)))
        finally:
            self._model_loaded.set()

    def _open_session(self, name: str) -> None:
        from tools.registry import Workspace

        self.session = self.store.open(name, create=True)
        self.store.remember_last(name)
        self.workspace = Workspace(self.session)
        self.agent = None
        chat = self.query_one("#chat", VerticalScroll)
        chat.remove_children()
        earlier = [m for m in self.session.messages(CHAT_HISTORY_SHOWN) if m.role in ("user", "assistant")]
        if not earlier:
            chat.mount(Markdown(WELCOME, classes="assistant"))
        for message in earlier:
            self._add_chat(message.role, message.content)
        self._refresh_song()
        self.sub_title = f"session {name}"

    # ----- chat -----------------------------------------------------------------------

    def _add_chat(self, role: str, text: str) -> Markdown | Static:
        chat = self.query_one("#chat", VerticalScroll)
        widget: Markdown | Static
        if role == "user":
            widget = Static(Text.assemble(("› ", "bold"), text), classes="user")
        elif role == "tool":
            widget = Static(Text(f"⚙ {text}"), classes="tool")
        else:
            widget = Markdown(as_markdown(text), classes="assistant")
        chat.mount(widget)
        self._follow_chat()
        return widget

    def _set_status(self, text: str) -> None:
        self.query_one("#status", Static).update(text)

    def _refresh_song(self, previous: Song | None = None, focus: str | None = None) -> None:
        if self.session is not None:
            self.query_one("#song", SongPane).show(self.session.song, previous, focus)

    def _lock(self, locked: bool) -> None:
        self.busy = locked
        prompt = self.query_one("#prompt", PromptInput)
        prompt.disabled = locked
        if not locked:
            prompt.focus()

    # ----- the agent ------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="agent")
    def build_agent(self) -> None:
        """Builds the agent off the UI thread (LangChain is imported only for an LLM; offline,
        the planner's request reader loads instead), then waits for the melody model."""
        try:
            self.post_message(Status("loading the agent…"))
            from agent.agent import Agent
            from agent.providers import resolve_provider

            provider = resolve_provider(self.llm, self.model_name, self.timeout)
            agent = Agent(self.workspace, provider)
            self.post_message(AgentReady(agent, provider.describe()))
            self.post_message(Status(f"ready · loading the melody model… · {provider.describe()}"))
            if provider.kind == "offline":  # the planner's request reader, while the melody model loads
                from tools.requests import load_request_reader

                load_request_reader()
            self._model_loaded.wait()
            self.post_message(Status(f"ready · model loaded · {provider.describe()}"))
        except Exception as error:  # a bad --llm, a missing key: say so, keep slash commands working
            self.post_message(Failed("Agent not available", str(error)))
            self.post_message(Status("agent not available · slash commands still work · /llm offline"))

    def on_agent_ready(self, message: AgentReady) -> None:
        self.agent = message.agent
        self.sub_title = f"session {self.session.name if self.session else ''} · {message.note}"
        if self._pending is not None:
            text, self._pending = self._pending, None
            self._set_status("working… (Esc cancels)")
            self.run_turn(text)

    def on_status(self, message: Status) -> None:
        self._set_status(message.text)

    @on(Input.Submitted, "#prompt")
    def submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        prompt = self.query_one("#prompt", PromptInput)
        prompt.remember(text)
        prompt.value = ""
        if not text or self.busy:
            return
        if text.startswith("/"):
            self.slash(text)
            return
        self._add_chat("user", text)
        self._lock(True)
        self.cancel.clear()
        self._song_before_turn = self.session.song if self.session else None
        self._reply = None
        if self.agent is None:  # typed before the agent finished loading: run it when it is ready
            self._pending = text
            self._set_status("waiting for the agent to load… (Esc cancels)")
            return
        self._set_status("working… (Esc cancels)")
        self.run_turn(text)

    @work(thread=True, exclusive=True, group="turn")
    def run_turn(self, text: str) -> None:
        try:
            turn = self.agent.ask(text, on_token=lambda t: self.post_message(Token(t)), on_tool=self.agent_tool_ran,
                                  cancel=self.cancel)
            self.post_message(TurnDone(turn))
        except Exception as error:
            self.post_message(Failed("The request failed", f"{type(error).__name__}: {error}"))
            self.post_message(TurnDone(None))

    def agent_tool_ran(self, record: ToolCallRecord) -> None:
        """Called in the turn's worker thread as each of the agent's tool calls finishes."""
        self.post_message(ToolFinished(record, self._song_before_turn, from_agent=True))

    async def on_token(self, message: Token) -> None:
        if self._reply is None:
            self._reply = self._add_chat("assistant", "")  # type: ignore[assignment]
        await self._reply.append(message.text)  # type: ignore[union-attr]
        self._follow_chat()

    def _follow_chat(self) -> None:
        """Keep the newest words in view while a streamed reply grows (once it has re-rendered)."""
        chat = self.query_one("#chat", VerticalScroll)
        self.call_after_refresh(chat.scroll_end, animate=False)

    def on_tool_finished(self, message: ToolFinished) -> None:
        """Every tool call, whether the agent, a slash command or a pane action made it: a line
        in the chat, and the pane it concerns brought up to date."""
        record = message.record
        if not message.from_agent:
            self._set_status("ready")
        if not record.ok:
            self._add_chat("tool", f"{describe_call(record.name, record.args)}: failed")
            self.notify(record.result.removeprefix("error: "), title=f"{record.name} failed", severity="error")
            return
        self._add_chat("tool", describe_call(record.name, record.args) + (f" → v{record.version}" if record.version else ""))
        if not message.from_agent:  # no reply follows a direct command: its result is the answer
            self._add_chat("tool", record.result.splitlines()[0])
        panes = self.query_one("#panes", TabbedContent)
        if record.version is not None:  # the song changed: show it, whichever pane was up
            self._refresh_song(message.before, record.args.get("section") or record.data.get("section"))
            panes.active = "song-tab"
        elif record.name == "critique" and self.workspace.last_critique is not None:
            panes.active = "critique-tab"
        elif record.name == "find_references" and record.data.get("results"):
            self.query_one("#refs", ReferencesPane).show(record.data.get("query", ""), record.data["results"])
            panes.active = "refs-tab"
        self._show_critique()

    def _show_critique(self) -> None:
        """The critique pane holds the critique of the current version, or says it is stale."""
        if self.session is None:
            return
        pane = self.query_one("#critique", CritiquePane)
        if self.workspace.last_critique is not None:
            pane.show(self.workspace.last_critique, self.session.current_number)
        else:
            pane.mark_stale(self.session.current_number)

    async def on_turn_done(self, message: TurnDone) -> None:
        turn = message.turn
        if turn is not None:
            if self._reply is None:
                self._add_chat("assistant", turn.reply)
            else:
                await self._reply.update(as_markdown(turn.reply))
                self._follow_chat()
        self._reply = None
        if self.session is not None and self.session.song != self._song_before_turn:
            self._refresh_song(self._song_before_turn)  # a turn that changed nothing keeps the last marks
        self._show_critique()
        self._lock(False)
        self._set_status(f"ready · {self.sub_title.split(' · ', 1)[-1]}")

    def action_cancel_turn(self) -> None:
        """Esc: cancels a turn; otherwise takes you back to the request line."""
        if not self.busy:
            self.query_one("#prompt", PromptInput).focus()
            return
        if self._pending is not None:
            self._pending = None
            self._lock(False)
            self._set_status("cancelled")
            return
        if self.busy:
            self.cancel.set()
            self._set_status("cancelling… the song goes back to where it was")

    def action_show_pane(self, tab: str, list_id: str) -> None:
        """F3/F4/F5: a pane's tab, with its list focused so Up/Down and Enter work at once."""
        self.query_one("#panes", TabbedContent).active = tab
        items = self.query_one(list_id, ListView)
        items.focus()
        if items.index is None and len(items):
            items.index = 0

    def on_key(self, event: events.Key) -> None:
        """Typing while a pane's list has the focus goes to the request line: nobody should
        have to find their way back to it before asking for something."""
        prompt = self.query_one("#prompt", PromptInput)
        if event.is_printable and event.character and self.screen is self.screen_stack[0] \
                and self.focused is not prompt and not prompt.disabled:
            prompt.focus()
            prompt.insert_text_at_cursor(event.character)
            event.stop()

    def on_failed(self, message: Failed) -> None:
        self.notify(message.text, title=message.title, severity="error")
        if self.agent is None and self._pending is not None:  # the request waiting for the agent cannot run
            self._pending = None
            self._lock(False)

    # ----- actions ----------------------------------------------------------------------

    def action_undo(self) -> None:
        if not self.busy and self.session is not None:
            self.run_tool("undo", {})

    def action_redo(self) -> None:
        if not self.busy and self.session is not None:
            self.run_tool("redo", {})

    def action_history(self) -> None:
        if self.session is None or self.busy:
            return

        def chosen(number: int | None) -> None:
            if number is not None:
                self.run_tool("checkout", {"version": number})

        self.push_screen(HistoryScreen(self.session.history()), chosen)

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Any):  # the command palette
        yield from super().get_system_commands(screen)
        yield SystemCommand("Undo", "Go back one version", self.action_undo)
        yield SystemCommand("Redo", "Go forward one version", self.action_redo)
        yield SystemCommand("History", "All versions; pick one to return to", self.action_history)
        yield SystemCommand("Critique the song", "Findings with fixes", lambda: self.run_tool("critique", {"target": "song"}))
        yield SystemCommand("Play the song", "Render and play", lambda: self.play(None))
        yield SystemCommand("Help", "Commands and keys", self.action_help)
