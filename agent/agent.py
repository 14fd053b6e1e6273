"""One conversation turn: the request, the tool calls, the reply, all kept in the session.

`langchain.agents.create_agent` runs the loop (model -> tools -> model ...) over the tool
registry, with whatever chat model the provider gives (agent/providers.py), the offline
planner included. A turn that fails (provider down, timeout, rate limit, a malformed tool
call) ends with a clear reply; tools that already ran committed their versions, nothing is
half-written, and the song is otherwise untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from agent.prompts import system_prompt
from agent.providers import Provider, chat_model
from tools.registry import TOOLS, Workspace, call_tool

HISTORY = 12  # earlier messages the model sees
MAX_STEPS = 24  # graph steps per turn (each tool call is two)


@dataclass(frozen=True)
class ToolCallRecord:
    name: str
    args: dict[str, Any]
    result: str
    version: int | None

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "args": self.args, "result": self.result, "version": self.version}


@dataclass(frozen=True)
class Turn:
    reply: str
    tool_calls: tuple[ToolCallRecord, ...] = field(default_factory=tuple)
    failed: bool = False


def langchain_tools(workspace: Workspace, log: list[ToolCallRecord]) -> list[Any]:
    """The registry as LangChain tools over this workspace; every call is logged."""
    from langchain_core.tools import StructuredTool

    def runner(name: str) -> Callable[..., str]:
        def run(**arguments: Any) -> str:
            result = call_tool(workspace, name, arguments)
            log.append(ToolCallRecord(name, {k: v for k, v in arguments.items() if v is not None}, result.text, result.version))
            return result.text
        return run

    return [StructuredTool.from_function(func=runner(tool.name), name=tool.name, description=tool.description,
                                         args_schema=tool.arguments) for tool in TOOLS.values()]


class Agent:
    """The agent over one session."""

    def __init__(self, workspace: Workspace, provider: Provider) -> None:
        from langchain.agents import create_agent

        self.workspace = workspace
        self.provider = provider
        self.focus: str | None = None
        self._log: list[ToolCallRecord] = []
        self.model = chat_model(provider, self._context)
        self.graph = create_agent(self.model, langchain_tools(workspace, self._log))

    def _context(self) -> Any:
        from agent.planner.plan import SongContext

        return SongContext.of(self.workspace.song, self.focus)

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

    def ask(self, text: str, on_token: Callable[[str], None] | None = None) -> Turn:
        """Run one turn; `on_token` receives the reply as it streams (remote models)."""
        from langchain_core.messages import AIMessage, AIMessageChunk

        session = self.workspace.session
        messages = self._messages(text)
        session.add_message("user", text)
        self._log.clear()
        final: list[Any] = []
        failed = False
        try:
            for mode, payload in self.graph.stream({"messages": messages}, {"recursion_limit": MAX_STEPS},
                                                   stream_mode=["messages", "values"]):
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
        except Exception as error:  # the provider or the graph failed: say so, keep the song
            failed = True
            reply = self._failure(error)
        records = tuple(self._log)
        for record in records:
            session.add_message("tool", f"{record.name} {record.args} -> {record.result}")
            self.focus = record.args.get("section", self.focus) if isinstance(record.args, dict) else self.focus
        session.add_message("assistant", reply)
        return Turn(reply, records, failed)

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
