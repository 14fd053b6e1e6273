"""The agent, offline: planning one request, and a whole `ask` turn that composes 8 bars
(planner, melody model with 4 candidates, critique, session commit), warm."""

from __future__ import annotations

import os
import tempfile

from bench.measure import Row, Timing, time_runs


def run(runs: int) -> list[Row]:
    from agent.planner.plan import SongContext, plan

    context = SongContext((("verse", 8), ("chorus", 8)), 100.0, "chorus")
    planning = time_runs(lambda: plan("make the chorus a little more syncopated and then harmonize it with pop chords", context), max(runs, 50))
    saved = os.environ.get("COCOMPOSER_HOME")
    with tempfile.TemporaryDirectory() as home:
        os.environ["COCOMPOSER_HOME"] = home  # a private session store, as the tests use
        try:
            compose, edit = _turns(home, runs)
        finally:
            os.environ.pop("COCOMPOSER_HOME") if saved is None else os.environ.update(COCOMPOSER_HOME=saved)
    return [
        Row("plan a two-step request (offline planner)", planning.median_s, planning.spread_s, planning.runs),
        Row("offline ask turn: compose 8 bars (4 candidates, critique, commit)", compose.median_s, compose.spread_s, compose.runs),
        Row("offline ask turn: syncopate a section", edit.median_s, edit.spread_s, edit.runs),
    ]


def _turns(home: str, runs: int) -> tuple[Timing, Timing]:
    from agent.agent import Agent
    from agent.providers import Provider
    from memory.sessions import SessionStore
    from tools.registry import Workspace

    with SessionStore(f"{home}/sessions.sqlite3") as store:
        agent = Agent(Workspace(store.open("bench", create=True)), Provider("offline"))
        agent.ask("write an 8-bar verse in D minor")  # warm: imports, model load
        counter = iter(range(1000))
        compose = time_runs(lambda: agent.ask(f"write an 8-bar chorus {next(counter)}"), runs)
        edit = time_runs(lambda: agent.ask("make the verse a little more syncopated"), runs)
    return compose, edit
