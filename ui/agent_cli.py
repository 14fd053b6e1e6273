"""`cocomposer ask` (one agent turn) and `cocomposer plan` (the offline planner's tool calls)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from song.errors import BadInput


def add_parsers(commands: Any) -> None:
    ask = commands.add_parser("ask", help="one turn with the agent: it runs the tools and answers")
    ask.add_argument("text", nargs="+", help="what you want, e.g. \"write an 8-bar chorus in D minor\"")
    ask.add_argument("--session", dest="ask_session", metavar="NAME", help="session (default: the last one)")
    add_llm_options(ask)
    ask.add_argument("--json", action="store_true", help='print {"reply", "tool_calls", "song"}')
    ask.set_defaults(handler=_ask)

    plan = commands.add_parser("plan", help="the offline planner's tool calls for a request, without running them")
    plan.add_argument("text", nargs="*", help="the request")
    plan.add_argument("--jsonl", action="store_true", help="read one request per stdin line, write one JSON line each")
    plan.add_argument("--session", dest="plan_session", metavar="NAME", help="plan against this session's song")
    plan.set_defaults(handler=_plan)


def add_llm_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--llm", choices=("openai", "compatible", "offline"), help="default: COCOMPOSER_LLM, else by which keys are set")
    parser.add_argument("--model", help="model name for openai/compatible (default gpt-4o-mini)")
    parser.add_argument("--timeout", type=float, help="seconds to wait for the LLM (default 60)")
    parser.add_argument("--base-url", help="an OpenAI-compatible server, e.g. http://localhost:11434/v1 (sets OPENAI_BASE_URL)")


def apply_base_url(args: argparse.Namespace) -> None:
    import os

    if getattr(args, "base_url", None):
        os.environ["OPENAI_BASE_URL"] = args.base_url


def open_agent(store: Any, session_name: str | None, llm: str | None, model: str | None, timeout: float | None) -> Any:
    from agent.agent import Agent
    from agent.providers import resolve_provider
    from tools.registry import Workspace

    provider = resolve_provider(llm, model, timeout)
    name = session_name or store.last_session() or "default"
    session = store.open(name, create=True)
    store.remember_last(name)
    return Agent(Workspace(session), provider)


def _ask(args: argparse.Namespace) -> int:
    from memory.paths import sessions_database
    from memory.sessions import SessionStore
    from song.json_io import song_to_dict

    text = " ".join(args.text).strip()
    if not text:
        raise BadInput("say what you want, e.g. cocomposer ask \"write an 8-bar verse\"")
    apply_base_url(args)
    with SessionStore(sessions_database()) as store:
        agent = open_agent(store, args.ask_session, args.llm, args.model, args.timeout)
        streamed: list[str] = []

        def show(token: str) -> None:
            if not args.json:
                streamed.append(token)
                sys.stdout.write(token)
                sys.stdout.flush()

        turn = agent.ask(text, on_token=show)
        if args.json:
            song = agent.workspace.song
            print(json.dumps({"reply": turn.reply, "tool_calls": [c.as_dict() for c in turn.tool_calls],
                              "song": song_to_dict(song)}, ensure_ascii=False))
        elif streamed:
            sys.stdout.write("\n")
        else:
            print(turn.reply)
    return 0


def _plan(args: argparse.Namespace) -> int:
    from agent.planner.plan import SongContext, plan

    context = SongContext()
    if args.plan_session:
        from memory.paths import sessions_database
        from memory.sessions import SessionStore

        with SessionStore(sessions_database()) as store:
            context = SongContext.of(store.open(args.plan_session).song)
    if args.jsonl:
        for line in sys.stdin:
            if line.strip():
                result = plan(line.strip(), context)
                print(json.dumps({"tool_calls": [c.as_dict() for c in result.calls]}, ensure_ascii=False), flush=True)
        return 0
    text = " ".join(args.text).strip()
    if not text:
        raise BadInput("give a request, or --jsonl to read requests from stdin")
    result = plan(text, context)
    print(json.dumps({"tool_calls": [c.as_dict() for c in result.calls], "answer": result.answer}, ensure_ascii=False))
    return 0
