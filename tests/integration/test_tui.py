"""The Textual app driven by Textual's Pilot: real agent (offline planner), real tools, real sessions."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable

import pytest

from memory.paths import sessions_database
from memory.sessions import SessionStore
from song.midi_import import load_midi
from tests.conftest import REPO, SHARED_MIDI
from ui.tui.app import CocomposerApp
from ui.tui.panes import CritiquePane, SongPane
from ui.tui.screens import HelpScreen, HistoryScreen, current_path

SIZE = (120, 36)


async def until(pilot, condition: Callable[[], bool], limit: float = 60.0) -> None:
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < limit, "timed out waiting for the app"
        await pilot.pause(0.05)


async def type_and_send(pilot, text: str) -> None:
    prompt = pilot.app.query_one("#prompt")
    prompt.focus()  # typing moves the focus to the request line (CocomposerApp.on_key)
    prompt.value = text
    await pilot.press("enter")


def _notifications(app) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


@pytest.fixture
def store(private_home: Path):
    with SessionStore(sessions_database()) as opened:
        yield opened


def run(coroutine) -> None:
    asyncio.run(coroutine)


def test_a_request_updates_chat_and_song(store: SessionStore) -> None:
    async def scenario() -> None:
        app = CocomposerApp(store, "t", "offline")
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: app.agent is not None)
            await type_and_send(pilot, "write an 8-bar chorus in G major")
            await until(pilot, lambda: not app.busy and app.session.current_number == 2)
            await pilot.pause(0.2)
            pane = app.query_one("#song", SongPane)
            assert pane.song.section("chorus").bars == 8 and pane.selected == "chorus"
            roll = str(app.query_one("#roll").render())
            assert "bars 1-" in roll and re.search(r"bars \d+-8 of 8", roll), "every bar of the section is drawn"
            chat_text = " ".join(str(w.render()) for w in app.query("#chat Static"))
            assert "compose_section(chorus, 8 bars, G major)" in chat_text
            assert app.query_one("#prompt").disabled is False
            await type_and_send(pilot, "make it more syncopated")
            await until(pilot, lambda: not app.busy and app.session.current_number == 3)
            await pilot.pause(0.2)
            assert pane.changed["chorus"], "the edited notes are marked in the piano roll"
    run(scenario())


def test_slash_commands(store: SessionStore, tmp_path: Path) -> None:
    blue_sky = SHARED_MIDI / "MIDIs_multitrack" / "Mr. Blue Sky.mid"

    async def scenario() -> None:
        app = CocomposerApp(store, "slash", "offline")
        async with app.run_test(size=SIZE) as pilot:
            await type_and_send(pilot, f'/load "{blue_sky}"')
            await until(pilot, lambda: app.session.current_number == 2)
            await pilot.pause(0.1)
            assert app.query_one("#song", SongPane).song.title == "Mr. Blue Sky"
            out = tmp_path / "blue.mid"
            await type_and_send(pilot, f"/export {out}")
            await until(pilot, out.exists)
            await type_and_send(pilot, "/critique main")
            await until(pilot, lambda: app.workspace.last_critique is not None)
            await pilot.pause(0.2)
            assert app.query_one("#panes").active == "critique-tab"
            await type_and_send(pilot, "/undo")
            await until(pilot, lambda: app.session.current_number == 1)  # a tool call in a worker, like the agent's
            await type_and_send(pilot, "/redo")
            await until(pilot, lambda: app.session.current_number == 2)
            await type_and_send(pilot, "/show main")
            await pilot.pause(0.1)
            assert app.query_one("#panes").active == "song-tab" and app.query_one("#song", SongPane).selected == "main"
            await type_and_send(pilot, "/show nowhere")
            await pilot.pause(0.1)
            assert any("no section named 'nowhere'" in n for n in _notifications(app))
            await type_and_send(pilot, "/play main")
            await until(pilot, lambda: "WAV is at" in str(app.query_one("#status").render()) or "playing" in str(app.query_one("#status").render()), 60)
            await type_and_send(pilot, "/stop")
            await type_and_send(pilot, "/help")
            await pilot.pause(0.1)
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            await type_and_send(pilot, "/refs irish jigs")
            await until(pilot, lambda: any("library is empty" in n for n in _notifications(app)))
            await type_and_send(pilot, "/llm offline")
            await until(pilot, lambda: app.agent is not None)
            await type_and_send(pilot, "/session other")
            await pilot.pause(0.2)
            assert app.session.name == "other" and app.session.current_number == 1
            await type_and_send(pilot, "/frobnicate")
            await pilot.pause(0.1)
            assert any("/frobnicate is not a command" in n for n in _notifications(app))
    run(scenario())


def test_history_screen_goes_back_and_forward(store: SessionStore) -> None:
    async def scenario() -> None:
        app = CocomposerApp(store, "h", "offline")
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: app.agent is not None)
            await type_and_send(pilot, "write a 4-bar verse in C")
            await until(pilot, lambda: not app.busy and app.session.current_number == 2)
            await type_and_send(pilot, "make the verse busier")
            await until(pilot, lambda: not app.busy and app.session.current_number == 3)
            await pilot.press("ctrl+h")
            await pilot.pause(0.2)
            assert isinstance(app.screen, HistoryScreen)
            await pilot.press("down", "enter")  # newest first: the second row is v2
            await pilot.pause(0.2)
            assert app.session.current_number == 2
            assert current_path(app.session.history()) == {1, 2}, "v3 is off the current path now"
            await pilot.press("ctrl+h")
            await pilot.pause(0.2)
            await pilot.press("enter")  # back to the newest, v3
            await pilot.pause(0.2)
            assert app.session.current_number == 3
    run(scenario())


def test_applying_a_critique_finding(store: SessionStore) -> None:
    async def scenario() -> None:
        app = CocomposerApp(store, "c", "offline")
        async with app.run_test(size=SIZE) as pilot:
            await type_and_send(pilot, f'/load "{SHARED_MIDI / "MIDIs_multitrack" / "Mr. Blue Sky.mid"}"')
            await until(pilot, lambda: app.session.current_number == 2)
            await type_and_send(pilot, "/critique main")
            await until(pilot, lambda: app.workspace.last_critique is not None and app.query_one("#panes").active == "critique-tab")
            pane = app.query_one("#critique", CritiquePane)
            fixable = [i for i, f in enumerate(pane._findings) if f.suggestion is not None]
            assert fixable, "the critique of Mr. Blue Sky suggests fixes"
            await pilot.press("escape")  # back to the request line
            assert app.focused is app.query_one("#prompt")
            await pilot.press("f4")  # the findings, ready for the arrow keys
            findings = app.query_one("#findings")
            assert app.focused is findings and findings.index == 0
            for _ in range(fixable[0]):
                await pilot.press("down")
            await pilot.press("enter")
            await until(pilot, lambda: app.session.current_number == 3)
            assert app.session.history()[-1].description
            await pilot.pause(0.2)
            song_pane = app.query_one("#song", SongPane)
            fixed = pane._findings[fixable[0]]
            assert app.query_one("#panes").active == "song-tab" and song_pane.selected == fixed.section, \
                "the fix shows in the song pane, on the section it changed"
            await pilot.press("f4", "w", "h")  # typing from a pane goes to the request line
            assert app.focused is app.query_one("#prompt") and app.query_one("#prompt").value == "wh"
            await pilot.press("f3")
            assert app.query_one("#panes").active == "song-tab" and app.focused is app.query_one("#sections")
    run(scenario())


class EscAfterFirstTool(CocomposerApp):
    """Presses Esc the moment the first tool call of a turn shows in the chat. Pilot waits for
    workers to finish, so it cannot press keys in the middle of a turn; and the agent's later
    tool calls take milliseconds, so the turn's worker waits here until the app has handled
    the message and the key (as a person's Esc during a slow turn would arrive)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.pressed = threading.Event()

    def agent_tool_ran(self, record) -> None:
        super().agent_tool_ran(record)
        if record.version is not None and record.version > 2:
            self.pressed.wait(10)

    def on_tool_finished(self, message) -> None:
        super().on_tool_finished(message)
        if self.session.current_number > 2 and not self.pressed.is_set():
            self.simulate_key("escape")
            self.call_after_refresh(self.pressed.set)


def test_escape_cancels_a_turn_and_restores_the_song(store: SessionStore) -> None:
    async def scenario() -> None:
        app = EscAfterFirstTool(store, "e", "offline")
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: app.agent is not None)
            await type_and_send(pilot, "write a 4-bar verse in C")
            await until(pilot, lambda: not app.busy and app.session.current_number == 2)
            before = app.session.song
            await type_and_send(pilot, "write a chorus then make the chorus busier then make the verse busier then harmonize the verse")
            await until(pilot, lambda: not app.busy)
            await pilot.pause(0.2)
            assert app.session.song == before
            assert "Cancelled" in app.session.messages()[-1].content
            assert any(v.description.startswith("chorus: new") for v in app.session.history()), "the cancelled work stays in the history"
    run(scenario())


def test_a_tool_error_is_a_notification(store: SessionStore) -> None:
    async def scenario() -> None:
        app = CocomposerApp(store, "n", "offline")
        async with app.run_test(size=SIZE) as pilot:
            await type_and_send(pilot, "/load /nowhere/missing.mid")
            await until(pilot, lambda: any("load_midi failed" in n for n in _notifications(app)))
            await until(pilot, lambda: app.agent is not None)
            await type_and_send(pilot, "/harmonize bridge")  # the planner would answer that there is no bridge; a slash command asks the tool
            await until(pilot, lambda: any("harmonize_section failed" in n and "bridge" in n for n in _notifications(app)))
            assert app.session.current_number == 1
    run(scenario())


HEAVY = ("torch", "transformers", "sentence_transformers", "chromadb", "langchain", "langchain_core", "langchain_openai")
FIRST_SCREEN = """
import asyncio, sys
from memory.paths import sessions_database
from memory.sessions import SessionStore
from ui.tui.app import CocomposerApp

warm_ups = []

class FirstScreen(CocomposerApp):
    # The two warm-up workers on_mount starts (they import the agent and torch on purpose,
    # right after the first paint, in threads that would race this check) only note they ran.
    def load_melody_model(self):
        warm_ups.append("load_melody_model")

    def build_agent(self):
        warm_ups.append("build_agent")

async def main():
    app = FirstScreen(SessionStore(sessions_database()), None, "offline")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.query_one("#song").song.sections, "the first screen shows the last session's song"
        heavy = sorted(m for m in sys.modules if m.split(".")[0] in set(sys.argv[1:]))
    print("WARM_UPS", *warm_ups)
    print("HEAVY", *heavy)

asyncio.run(main())
"""


def test_the_first_screen_imports_no_torch_or_langchain(store: SessionStore, blue_sky: Path) -> None:
    """The first screen (the last session's song included) paints with none of torch, the
    embedder, Chroma or LangChain imported: only the warm-up workers that on_mount starts bring
    them in. Checked in a fresh interpreter, as a user starts the app; `cocomposer --help` is
    held to the same in tests/integration/test_cli.py."""
    store.create("last", load_midi(blue_sky).song, "loaded Mr. Blue Sky")
    store.remember_last("last")
    result = subprocess.run([sys.executable, "-c", FIRST_SCREEN, *HEAVY], cwd=REPO, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = dict(line.split(" ", 1) if " " in line else (line, "") for line in result.stdout.splitlines())
    assert lines["WARM_UPS"].split() == ["load_melody_model", "build_agent"], "the warm-ups this test holds back"
    assert lines["HEAVY"] == "", f"imported before the first paint: {lines['HEAVY']}"


OFFLINE_TURN = """
import asyncio, sys
from memory.paths import sessions_database
from memory.sessions import SessionStore
from ui.tui.app import CocomposerApp

async def main():
    app = CocomposerApp(SessionStore(sessions_database()), "turn", "offline")
    async with app.run_test(size=(100, 30)) as pilot:
        app.query_one("#prompt").value = "write an 8 bar verse in A minor"
        await pilot.press("enter")
        for _ in range(600):
            await pilot.pause(0.1)
            if not app.busy and app.session.current_number >= 2:
                break
        assert app.session.song.sections, "the verse was composed"
        app._model_loaded.wait(30)
        heavy = sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[1:]))
    print("HEAVY", *heavy)

asyncio.run(main())
"""


def test_an_offline_turn_needs_no_torch_langchain_or_music21() -> None:
    """Issue 21: the app's offline path, warm-ups and a composed turn included, runs on numpy
    (the melody model, the request reader): none of torch, transformers, LangChain, the
    OpenAI client or music21 is imported."""
    forbidden = ("torch", "transformers", "sentence_transformers", "langchain", "langchain_core", "langchain_openai", "openai", "music21")
    result = subprocess.run([sys.executable, "-c", OFFLINE_TURN, *forbidden], cwd=REPO, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split("HEAVY", 1)[1].split() == []
