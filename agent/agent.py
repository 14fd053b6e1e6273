"""One conversation turn: the request, the tool calls, the reply, all kept in the session.

`langchain.agents.create_agent` runs the loop (model -> tools -> model ...) over the tool
registry, with whatever chat model the provider gives (agent/providers.py), the offline
planner included. A turn that fails (provider down, timeout, rate limit, a malformed tool
call) ends with a clear reply; tools that already ran committed their versions, nothing is
half-written, and the song is otherwise untouched.
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass, field
from typing import Any, Callable

from agent.prompts import system_prompt
from agent.providers import Provider, chat_model
from tools.calls import ToolCall
from tools.registry import TOOLS, ToolCallRecord, Workspace, call_tool

HISTORY = 12  # earlier messages the model sees
MAX_STEPS = 24  # graph steps per turn (each tool call is two)


@dataclass(frozen=True)
class Turn:
    reply: str
    tool_calls: tuple[ToolCallRecord, ...] = field(default_factory=tuple)
    failed: bool = False


def langchain_tools(workspace: Workspace, log: list[ToolCallRecord],
                    announce: Callable[[ToolCallRecord], None] = lambda record: None) -> list[Any]:
    """The registry as LangChain tools over this workspace; every call is logged and announced."""
    from langchain_core.tools import StructuredTool

    def runner(name: str) -> Callable[..., str]:
        def run(**arguments: Any) -> str:
            result = call_tool(workspace, name, arguments)
            record = ToolCallRecord(name, {k: v for k, v in arguments.items() if v is not None}, result)
            log.append(record)
            announce(record)
            return result.text
        return run

    return [StructuredTool.from_function(func=runner(tool.name), name=tool.name, description=tool.description,
                                         args_schema=tool.arguments) for tool in TOOLS.values()]


def redact(text: str) -> str:
    """The text with the API key blanked out: a provider's error message may quote it."""
    import os

    secret = os.environ.get("OPENAI_API_KEY", "")
    return text.replace(secret, "[redacted]") if len(secret) >= 8 else text


class TurnCancelled(Exception):
    """The user pressed Esc: stop at the next step and put the song back."""


class Agent:
    """The agent over one session."""

    def __init__(self, workspace: Workspace, provider: Provider) -> None:
        from langchain.agents import create_agent

        self.workspace = workspace
        self.provider = provider
        self.focus: str | None = None
        self.last_change: ToolCall | None = None  # the last call that changed the song (for corrections)
        self._log: list[ToolCallRecord] = []
        self._on_tool: Callable[[ToolCallRecord], None] | None = None
        self._cancel: threading.Event | None = None
        self.model = chat_model(provider, self._context)
        self.graph = create_agent(self.model, langchain_tools(workspace, self._log, self._announce))

    def _announce(self, record: ToolCallRecord) -> None:
        if self._on_tool is not None:
            self._on_tool(record)
        if self._cancel is not None and self._cancel.is_set():
            raise TurnCancelled()

    def _context(self) -> Any:
        from agent.planner.plan import SongContext

        return SongContext.of(self.workspace.song, self.focus, self.workspace.last_critique, last_change=self.last_change)

    def _messages(self, text: str) -> list[Any]:
        from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

        history: list[Any] = []
        for message in self.workspace.session.messages(HISTORY):
            if message.role == "user":
                history.append(HumanMessage(message.content))
            elif message.role == "assistant":
                history.append(AIMessage(message.content))
        prompt = system_prompt(self.workspace.song, self.workspace.last_critique)
        return [SystemMessage(prompt), *history, HumanMessage(text)]

    def ask(self, text: str, on_token: Callable[[str], None] | None = None,
            on_tool: Callable[[ToolCallRecord], None] | None = None, cancel: threading.Event | None = None) -> Turn:
        """Run one turn; `on_token` receives the reply as it streams (remote models), `on_tool`
        each tool call as soon as it has run. Setting `cancel` stops the turn at its next step
        and returns the song to the version it had before the turn (the undone versions stay
        in the history)."""
        from langchain_core.messages import AIMessage, AIMessageChunk

        session = self.workspace.session
        messages = self._messages(text)
        session.add_message("user", text)
        self._log.clear()
        self._on_tool, self._cancel = on_tool, cancel
        before = session.current_number
        final: list[Any] = []
        failed = False
        try:
            for mode, payload in self.graph.stream({"messages": messages}, {"recursion_limit": MAX_STEPS},
                                                   stream_mode=["messages", "values"]):
                if cancel is not None and cancel.is_set():
                    raise TurnCancelled()
                if mode == "messages":
                    chunk = payload[0]
                    if on_token and isinstance(chunk, AIMessageChunk) and chunk.content and not chunk.tool_call_chunks:
                        on_token(str(chunk.content))
                else:
                    final = payload["messages"]
            last = final[-1] if final else None
            reply = str(last.content).strip() if isinstance(last, AIMessage) else ""
            turn_messages = final[len(messages):]
            invalid = [bad for m in turn_messages if isinstance(m, AIMessage) for bad in m.invalid_tool_calls]
            if invalid:
                bad = invalid[0]
                note = (f"The model asked for {bad.get('name') or 'a tool'} with arguments I could not read "
                        f"({(bad.get('error') or 'malformed JSON').splitlines()[0][:120]}); nothing was changed by that call.")
                reply = f"{note}\n{reply}".strip() if reply and reply != note else note
                failed = True
            if not reply:
                reply = self._summary_of_tools() or "(no reply)"
        except Exception as error:  # the provider or the graph failed, or the user cancelled
            failed = True
            if isinstance(error, TurnCancelled) or (cancel is not None and cancel.is_set()):
                if session.current_number != before:  # through the registry, like every change
                    call_tool(self.workspace, "checkout", {"version": before})
                reply = f"Cancelled. The song is back at v{before}, as it was before this request."
            else:
                reply = self._failure(error)
        return self._finish(Turn(reply, tuple(self._log), failed))

    def _finish(self, turn: Turn) -> Turn:
        """Keep the turn in the session: its tool calls and the reply (never the API key)."""
        session = self.workspace.session
        turn = dataclasses.replace(turn, reply=redact(turn.reply))
        for record in turn.tool_calls:
            session.add_message("tool", redact(f"{record.name} {record.args} -> {record.result}"))
            self.focus = record.args.get("section", self.focus)
            if record.version is not None and record.name not in ("undo", "redo", "checkout"):
                self.last_change = ToolCall(record.name, record.args)
        session.add_message("assistant", turn.reply)
        self._on_tool = self._cancel = None
        return turn

    def _summary_of_tools(self) -> str:
        return "\n".join(record.result for record in self._log)

    def _failure(self, error: Exception) -> str:
        kinds = {cls.__name__ for cls in type(error).__mro__}  # provider wrappers subclass the openai errors
        version = f"v{self.workspace.session.current_number}"
        done = f" ({len(self._log)} tool call(s) finished before that and are kept)" if self._log else ""
        where = self.provider.describe()
        if kinds & {"APITimeoutError", "ReadTimeout", "TimeoutError", "TimeoutException"}:
            what = f"{where} did not answer in {self.provider.timeout_s:g} s"
        elif kinds & {"APIConnectionError", "ConnectError", "ConnectionError"}:
            what = f"cannot reach {where}"
        elif "RateLimitError" in kinds:
            what = f"{where} is rate-limiting us (tried {self.provider.max_retries + 1} times)"
        elif "AuthenticationError" in kinds:
            what = f"{where} refused the API key"
        elif kinds & {"InternalServerError", "APIStatusError"}:
            what = f"{where} answered with a server error ({str(error).splitlines()[0][:120]})"
        elif "GraphRecursionError" in kinds:
            what = "the model kept calling tools without finishing"
        else:
            what = f"the agent failed ({type(error).__name__}: {str(error).splitlines()[0][:160] if str(error) else ''})"
        return f"Sorry: {what}. Your song is safe at {version}{done}. Try again, or use --llm offline."
