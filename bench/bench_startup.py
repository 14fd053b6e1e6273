"""Start-up and memory: `cocomposer --help`, the app's first paint (headless), and the app's
peak memory once the agent, the melody model, the embedder and Chroma are all loaded.

Each measurement runs in a fresh process, as a user's would. The baseline for `--help` is
`python -c pass` in the same interpreter: the cost of Python itself."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from bench.measure import Row, Timing, interleaved

SCRIPT = Path(sys.executable).parent / "cocomposer"

FIRST_PAINT = """
import time, sys
started = time.perf_counter()
from memory.sessions import SessionStore
from ui.tui.app import CocomposerApp

class Timed(CocomposerApp):
    def on_mount(self):
        super().on_mount()
        self.call_after_refresh(self.painted)

    def painted(self):
        print(time.perf_counter() - started, flush=True)
        self.exit()

store = SessionStore(sys.argv[1] + "/sessions.sqlite3")
Timed(store, "bench", "offline").run(headless=True, size=(100, 30))
"""

PEAK_MEMORY = """
import asyncio, sys
from memory.sessions import SessionStore
from ui.tui.app import CocomposerApp

async def main():
    store = SessionStore(sys.argv[1] + "/sessions.sqlite3")
    app = CocomposerApp(store, "bench", "offline")
    async with app.run_test(size=(100, 30)) as pilot:
        while "model loaded" not in str(app.query_one("#status").render()):
            await pilot.pause(0.1)
        app.query_one("#prompt").value = "write an 8-bar chorus in G major"
        await pilot.press("enter")
        while app.busy or app.session.current_number < 2:
            await pilot.pause(0.1)
        from memory.embeddings import text_embedder
        from tools.references import reference_library
        text_embedder()(["warm the embedder"])
        reference_library().count()
    status = open("/proc/self/status").read()  # VmHWM: ru_maxrss would carry the parent's peak over
    print(int(status.split("VmHWM:")[1].split()[0]) / 1024)

asyncio.run(main())
"""


def _python(code: str, home: str) -> float:
    result = subprocess.run([sys.executable, "-c", code, home], capture_output=True, text=True, timeout=300,
                            env={**__import__("os").environ, "COCOMPOSER_HOME": home, "OMP_NUM_THREADS": "1"})
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:])
    return float(result.stdout.strip().splitlines()[-1])


def run(runs: int) -> list[Row]:
    help_run, python_run = interleaved(
        lambda: subprocess.run([str(SCRIPT), "--help"], capture_output=True, check=True),
        lambda: subprocess.run([sys.executable, "-c", "pass"], capture_output=True, check=True), runs)
    with tempfile.TemporaryDirectory() as home:
        paints = sorted(_python(FIRST_PAINT, home) for _ in range(runs))
        peak_mb = _python(PEAK_MEMORY, home)
    paint = Timing(paints[len(paints) // 2], paints[-1] - paints[0], len(paints))
    return [
        Row("cocomposer --help (fresh process)", help_run.median_s, help_run.spread_s, help_run.runs,
            "python -c pass", python_run.median_s),
        Row("the app's first paint, headless 100x30 (fresh process, imports included)", paint.median_s, paint.spread_s, paint.runs),
        Row(f"the app's peak memory with agent, model, embedder and Chroma loaded: {peak_mb:.0f} MB", 0.0, 0.0, 1,
            note=f"{peak_mb:.0f} MB"),
    ]
