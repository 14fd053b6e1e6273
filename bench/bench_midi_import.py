"""MIDI import: every file in ../shared/midi with our importer vs music21.converter.parse."""

from __future__ import annotations

import os
from pathlib import Path

from bench.measure import Row, interleaved

SHARED_MIDI = Path(os.environ.get("COCOMPOSER_SHARED_MIDI", Path(__file__).resolve().parents[2] / "shared" / "midi"))


def _files() -> list[Path]:
    return sorted(SHARED_MIDI.rglob("*.mid"))


def run(runs: int) -> list[Row]:
    import music21

    from song.errors import MidiFileError
    from song.midi_import import load_midi

    files = _files()

    def ours() -> None:
        for path in files:
            try:
                load_midi(path)
            except MidiFileError:
                pass

    def theirs() -> None:
        for path in files:
            try:
                music21.converter.parse(path, forceSource=True)
            except Exception:  # music21 fails on some real files; time what it does
                pass

    mine, baseline = interleaved(ours, theirs, runs)
    name = f"MIDI import, {len(files)} files (melody, sections, key)"
    return [
        Row(name, mine.median_s, mine.spread_s, mine.runs, "music21.converter.parse", baseline.median_s,
            note="ours also extracts the melody; music21 quantizes and builds every part"),
    ]
