"""The offline planner's side of a conversation: each request is planned once against the song
as it is now, and a question's numbered choices stay open for the next request only ("1",
"the second", "yes" answer it); "it" in that request is the section the question was about
("transpose the verse" / "How far?" / "up a fourth"). The agent runs the plan's calls through the registry itself,
one after another, and writes the reply from their results: no chat model, no agent graph, and
so no LangChain import on the offline path (the default)."""

from __future__ import annotations

import dataclasses
from typing import Callable

from agent.planner.plan import Plan, SongContext, plan


class OfflinePlanner:
    """Plans tool calls from the request's words and the song (see agent/planner/plan.py)."""

    def __init__(self, context: Callable[[], SongContext] = SongContext) -> None:
        self.context = context
        self._offered: Plan | None = None  # the last plan that asked: its choices await an answer, about its section

    def plan_for(self, text: str) -> Plan:
        context = self.context()
        if self._offered is not None:
            context = dataclasses.replace(context, choices=self._offered.choices, focus=self._offered.about or context.focus)
        planned = plan(text, context)
        self._offered = planned if planned.choices or planned.about else None
        return planned
