"""Shared fixtures: a private data home per test, and the real MIDI files from ../shared/midi."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("OMP_NUM_THREADS", "1")

# The test command is reproducible: property tests draw the same examples on every run, so a
# red run is a change's fault, not the dice's. `HYPOTHESIS_PROFILE=explore make test` draws
# fresh examples to hunt for new counterexamples; add each one found as a test.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

REPO = Path(__file__).resolve().parents[1]
SHARED_MIDI = Path(os.environ.get("COCOMPOSER_SHARED_MIDI", REPO.parent / "shared" / "midi"))


def shared_midi_files() -> list[Path]:
    """Every .mid file under ../shared/midi (the real files users bring)."""
    if not SHARED_MIDI.is_dir():
        raise RuntimeError(f"the shared MIDI files are missing: {SHARED_MIDI} (set COCOMPOSER_SHARED_MIDI)")
    return sorted(SHARED_MIDI.rglob("*.mid"))


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own COCOMPOSER_HOME, so no test sees another's sessions."""
    home = tmp_path / "cocomposer-home"
    monkeypatch.setenv("COCOMPOSER_HOME", str(home))
    return home


@pytest.fixture
def blue_sky() -> Path:
    """A multi-track pop arrangement with a track named 'Melody'."""
    return SHARED_MIDI / "MIDIs_multitrack" / "Mr. Blue Sky.mid"
