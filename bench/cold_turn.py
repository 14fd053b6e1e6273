"""Where a cold first turn goes, step by step in one fresh process (offline): the imports,
the request reader, the melody model, then two compose turns. `python -m bench.cold_turn`
prints seconds per step; run it on a quiet machine (it uses a throwaway COCOMPOSER_HOME)."""

from __future__ import annotations

import os
import sys
import tempfile
import time


def main() -> int:
    os.environ["COCOMPOSER_HOME"] = tempfile.mkdtemp(prefix="cold-turn-")
    started = last = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal last
        now = time.perf_counter()
        print(f"{name:28s} {now - last:6.2f} s")
        last = now

    import tools.registry
    lap("import tools.registry")
    import agent.agent
    lap("import agent.agent")
    import numpy  # noqa: F401 - what the reader and the melody model both run on
    lap("import numpy")
    from tools.requests import load_request_reader
    load_request_reader()
    lap("request reader loaded")
    from tools.compose import melody_model
    melody_model().model  # noqa: B018 - load now
    lap("melody model loaded")
    from agent.providers import resolve_provider
    from memory.paths import sessions_database
    from memory.sessions import SessionStore

    store = SessionStore(sessions_database())
    talk = agent.agent.Agent(tools.registry.Workspace(store.open("cold", create=True)), resolve_provider("offline"))
    talk.ask("write an 8-bar chorus in D minor")
    lap("first compose turn")
    talk.ask("write an 8-bar verse in D minor")
    lap("second compose turn")
    print(f"{'total':28s} {time.perf_counter() - started:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
