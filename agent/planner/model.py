"""The offline planner as a LangChain chat model, so the agent graph is the same with or
without an LLM: it answers a request with one tool call at a time (the steps of its plan,
in order, because each may depend on the last) and, when the steps are done or one failed,
with a reply written from the tools' results.

It implements `bind_tools` (recording which tools exist) and `_generate`; LangChain's fake
chat models do neither, which is why this class exists.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, Sequence

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import ConfigDict, PrivateAttr

from agent.planner.plan import Plan, SongContext, plan
from agent.planner.replies import write_reply


class OfflinePlanner(BaseChatModel):
    """Plans tool calls from the request's words and the song (see agent/planner/plan.py)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    context: Callable[[], SongContext] = SongContext
    tool_names: tuple[str, ...] = ()
    _plans: dict[str, Plan] = PrivateAttr(default_factory=dict)
    _offered: list[Plan] = PrivateAttr(default_factory=list)  # the last plan that asked: its choices await an answer

    @property
    def _llm_type(self) -> str:
        return "cocomposer-offline-planner"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> "OfflinePlanner":  # type: ignore[override]
        names = tuple(getattr(t, "name", None) or (t.get("name") if isinstance(t, dict) else t.__name__) for t in tools)
        bound = self.model_copy(update={"tool_names": names})
        bound._plans, bound._offered = self._plans, self._offered
        return bound

    def plan_for(self, text: str) -> Plan:
        """The plan for a request, made once (when the request arrives) and then followed. A
        question's choices stay open for the next request only."""
        if text not in self._plans:
            context = self.context()
            if self._offered:
                context = dataclasses.replace(context, choices=self._offered[-1].choices)
            planned = plan(text, context)
            self._offered[:] = [planned] if planned.choices else []
            self._plans[text] = planned
        return self._plans[text]

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        last_human = max((i for i, m in enumerate(messages) if isinstance(m, HumanMessage)), default=None)
        if last_human is None:
            return _result(AIMessage(content="Tell me what to write or change."))
        request = str(messages[last_human].content)
        steps = self.plan_for(request)
        results = [(m.name or "", str(m.content)) for m in messages[last_human + 1:] if isinstance(m, ToolMessage)]
        failed = any(text.lower().startswith("error") for _, text in results)
        if not failed and len(results) < len(steps.calls):
            call = steps.calls[len(results)]
            if call.name in self.tool_names or not self.tool_names:
                tool_call = {"name": call.name, "args": call.args, "id": f"call_{len(results)}", "type": "tool_call"}
                return _result(AIMessage(content="", tool_calls=[tool_call]))
        self._plans.pop(request, None)  # the turn is over: plan afresh if the same words come again
        return _result(AIMessage(content=write_reply(results, steps.answer, steps.calls, self.context().bars_of)))


def _result(message: AIMessage) -> ChatResult:
    return ChatResult(generations=[ChatGeneration(message=message)])
