"""One conversation turn: the request, the tool calls, the reply, all kept in the session.

With an LLM, `langchain.agents.create_agent` runs the loop (model -> tools -> model ...) over
the tool registry with the provider's chat model (agent/providers.py). Offline, the planner
plans the request once and the agent runs its calls in order, stopping at the first error,
then writes the reply from their results (agent/planner/offline.py): one plan a turn, and
LangChain is never imported. Both run every tool through the same registry. A turn that
fails (provider down, timeout, rate limit, a malformed tool call) ends with a clear reply;
tools that already ran committed their versions, nothing is half-written, and the song is
otherwise untouched.
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass, field
from typing import Any, Callable

from agent.planner.offline import OfflinePlanner
from agent.planner.replies import write_reply
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


def langchain_tools(run_tool: Callable[[str, dict[str, Any]], str]) -> list[Any]:
    """The registry as LangChain tools, each running through `run_tool(name, arguments)`."""
    from langchain_core.tools import StructuredTool

    def runner(name: str) -> Callable[..., str]:
        return lambda **arguments: run_tool(name, arguments)

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
        self.workspace = workspace
        self.provider = provider
        self.focus: str | None = None
        self.last_change: ToolCall | None = None  # the last call that changed the song (for corrections)
        self._log: list[ToolCallRecord] = []
        self._on_tool: Callable[[ToolCallRecord], None] | None = None
        self._cancel: threading.Event | None = None
        self.planner: OfflinePlanner | None = None
        self.graph: Any = None
        if provider.kind == "offline":
            self.planner = OfflinePlanner(self._context)
        else:
            from langchain.agents import create_agent

            self.graph = create_agent(chat_model(provider), langchain_tools(self._run_tool))

    def _run_tool(self, name: str, arguments: dict[str, Any]) -> str:
        """Run one tool call through the registry, log it and announce it; stop here if the
        user cancelled."""
        result = call_tool(self.workspace, name, arguments)
        record = ToolCallRecord(name, {k: v for k, v in arguments.items() if v is not None}, result)
        self._log.append(record)
        if self._on_tool is not None:
            self._on_tool(record)
        if self._cancel is not None and self._cancel.is_set():
            raise TurnCancelled()
        return result.text

    def _context(self) -> Any:
        from agent.planner.plan import SongContext

        return SongContext.of(self.workspace.song, self.focus, self.workspace.last_critique, last_change=self.last_change,
                              can_redo=self.workspace.session.can_redo)

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
        session = self.workspace.session
        messages = self._messages(text) if self.graph is not None else []
        session.add_message("user", text)
        self._log.clear()
        self._on_tool, self._cancel = on_tool, cancel
        before = session.current_number
        failed = False
        try:
            if self.planner is not None:
                reply = self._follow_plan(text)
            else:
                reply, failed = self._run_graph(messages, on_token, cancel)
        except Exception as error:  # the provider or the graph failed, or the user cancelled
            failed = True
            if isinstance(error, TurnCancelled) or (cancel is not None and cancel.is_set()):
                if session.current_number != before:  # through the registry, like every change
                    call_tool(self.workspace, "checkout", {"version": before})
                reply = f"Cancelled. The song is back at v{before}, as it was before this request."
            else:
                reply = self._failure(error)
        return self._finish(Turn(reply, tuple(self._log), failed))

    def _follow_plan(self, text: str) -> str:
        """The offline turn: plan once, run the calls in order until one fails, reply from
        what they said."""
        assert self.planner is not None
        steps = self.planner.plan_for(text)
        results: list[tuple[str, str]] = []
        for call in steps.calls:
            said = self._run_tool(call.name, dict(call.args))
            results.append((call.name, said))
            if said.lower().startswith("error"):
                break
        return write_reply(results, steps.answer, steps.calls, self._context().bars_of)

    def _run_graph(self, messages: list[Any], on_token: Callable[[str], None] | None,
                   cancel: threading.Event | None) -> tuple[str, bool]:
        """The LLM turn: LangChain's agent loop, streaming the reply; (reply, failed)."""
        from langchain_core.messages import AIMessage, AIMessageChunk

        final: list[Any] = []
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
        invalid = [bad for m in final[len(messages):] if isinstance(m, AIMessage) for bad in m.invalid_tool_calls]
        if invalid:
            bad = invalid[0]
            note = (f"The model asked for {bad.get('name') or 'a tool'} with arguments I could not read "
                    f"({(bad.get('error') or 'malformed JSON').splitlines()[0][:120]}); nothing was changed by that call.")
            return (f"{note}\n{reply}".strip() if reply and reply != note else note), True
        return reply or self._summary_of_tools() or "(no reply)", False

    def _finish(self, turn: Turn) -> Turn:
        """Keep the turn in the session: its tool calls and the reply (never the API key)."""
        session = self.workspace.session
        turn = dataclasses.replace(turn, reply=redact(turn.reply))
        for record in turn.tool_calls:
            session.add_message("tool", redact(f"{record.name} {record.args} -> {record.result}"))
            if not str(record.result).lower().startswith("error"):  # a failed load's section never becomes "it"
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
