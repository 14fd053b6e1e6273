"""The app in a real terminal (tmux): time to first paint, and from Enter to the song pane
showing a composed 8-bar section (offline; the request is typed as soon as the screen
appears, so loading the agent and the melody model is included). A third run plans through
an OpenAI-compatible server on loopback (tests/openai_server.py with the offline planner
behind it), so the reply streams in over HTTP. `python -m bench.tui_smoke` prints the numbers
and the final screen, and writes bench/tui_smoke.json."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPT = Path(sys.executable).parent / "cocomposer"


def _screen(name: str) -> str:
    return subprocess.run(["tmux", "capture-pane", "-p", "-t", name], capture_output=True, text=True).stdout


def _wait_for(name: str, text: str, limit: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if text in _screen(name):
            return time.perf_counter() - started
        time.sleep(0.02)
    raise TimeoutError(f"{text!r} did not appear in {limit} s:\n{_screen(name)}")


def run(width: int = 100, height: int = 30, wait_until_loaded: bool = False, base_url: str | None = None) -> dict[str, object]:
    """One start of the app; with `base_url` it plans through an OpenAI-compatible server
    (the replies stream into the chat) instead of the offline planner."""
    if shutil.which("tmux") is None:
        raise RuntimeError("tmux is not installed")
    name = f"cocomposer-smoke-{os.getpid()}"
    with tempfile.TemporaryDirectory() as home:
        env = f"COCOMPOSER_HOME={home} OMP_NUM_THREADS=1 TERM=xterm-256color"
        llm = "offline"
        if base_url:
            env += f" OPENAI_BASE_URL={base_url}"
            llm = "compatible --model planner-standin"
        command = f"env {env} {SCRIPT} --session smoke --llm {llm}"
        started = time.perf_counter()
        subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), command], check=True)
        try:
            _wait_for(name, "No song yet", 20)
            first_paint = time.perf_counter() - started
            if wait_until_loaded:
                _wait_for(name, "model loaded", 60)
            subprocess.run(["tmux", "send-keys", "-t", name, "write an 8-bar chorus in G major", "Enter"], check=True)
            sent = time.perf_counter()
            _wait_for(name, "chorus: 8 bars", 60)
            composed = time.perf_counter() - sent
            _wait_for(name, "Next:", 10)
            screen = _screen(name)
            subprocess.run(["tmux", "send-keys", "-t", name, "C-q"], check=True)
        finally:
            subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
    return {"terminal": f"{width}x{height}", "first_paint_s": round(first_paint, 3),
            "enter_to_8_bar_section_s": round(composed, 3), "screen": screen}


def main() -> int:
    from tests.openai_server import FakeOpenAI, planner_responder

    typed_at_once = run()
    print(typed_at_once.pop("screen"))
    typed_when_ready = run(wait_until_loaded=True)
    typed_when_ready.pop("screen")
    with FakeOpenAI(planner_responder) as server:  # the remote path: HTTP, streamed tool calls and reply
        remote = run(wait_until_loaded=True, base_url=server.base_url)
        remote.pop("screen")
        remote["http_requests"] = len(server.requests)
    report = {"typed_at_first_paint": typed_at_once, "typed_when_the_status_says_loaded": typed_when_ready,
              "openai_compatible_server_typed_when_loaded": remote}
    print(json.dumps(report))
    (HERE / "tui_smoke.json").write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
