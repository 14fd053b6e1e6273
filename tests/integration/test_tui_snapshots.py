"""Snapshots of the app at 100x30: the main screen with a song, the history and help screens.

Deterministic: a fixed song (a real file's melody with our harmonization), fixed version
times, the agent and the melody model fully loaded before the picture, no blinking cursor.
Update them with `pytest --snapshot-update` after an intended change of the layout."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from memory.paths import sessions_database
from memory.sessions import SessionStore
from song.midi_import import load_midi
from song.model import Section
from tests.conftest import SHARED_MIDI
from tools.harmony import harmonize_section
from ui.tui.app import CocomposerApp

SIZE = (100, 30)


@pytest.fixture
def app(private_home: Path):
    song = load_midi(SHARED_MIDI / "MIDIs_multitrack" / "Mr. Blue Sky.mid").song
    verse = song.sections[0]
    eight_bars = 8 * song.meter.bar_length
    short = Section("verse", 8, tuple(n for n in verse.notes if n.end <= eight_bars))
    song = harmonize_section(song.replace(sections=(short,), form=("verse",)), "verse", "pop").song
    store = SessionStore(sessions_database())
    session = store.create("snap", song, "loaded Mr. Blue Sky (8 bars)")
    session.commit(song.replace(tempo=120.0), "tempo 120")
    store.close()
    with sqlite3.connect(sessions_database()) as db:
        db.execute("UPDATE versions SET created = 1795521600 + number * 60")
    opened = SessionStore(sessions_database())
    yield CocomposerApp(opened, "snap", "offline")
    opened.close()


async def _settled(pilot) -> None:
    """Wait for the agent and the model, then hide the blinking cursor."""
    app = pilot.app
    for _ in range(600):
        if "model loaded" in str(app.query_one("#status").render()):
            break
        await pilot.pause(0.05)
    app.query_one("#prompt").cursor_blink = False
    await pilot.pause(0.1)


def test_main_screen_with_a_song(app, snap_compare) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=_settled)


def test_history_screen(app, snap_compare) -> None:
    async def open_history(pilot) -> None:
        await _settled(pilot)
        await pilot.press("ctrl+h")
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_history)


def test_help_screen(app, snap_compare) -> None:
    async def open_help(pilot) -> None:
        await _settled(pilot)
        await pilot.press("f1")
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_help)
