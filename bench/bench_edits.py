"""Each edit operation on a 32-bar section (a real tune's melody, repeated to 32 bars)."""

from __future__ import annotations

from bench.bench_midi_import import SHARED_MIDI
from bench.measure import Row, time_runs


def _section_of_32_bars():
    from song.midi_import import load_midi
    from song.model import Section

    song = load_midi(SHARED_MIDI / "MIDIs_multitrack" / "Mr. Blue Sky.mid").song
    source = song.sections[0]
    limit = 32 * song.meter.bar_length
    notes = tuple(n for n in source.notes if n.end <= limit)
    return song.replace(sections=(Section("chorus", 32, notes),), form=("chorus",))


def run(runs: int) -> list[Row]:
    from song.edits import OPERATIONS, edit_section

    song = _section_of_32_bars()
    rows = []
    for operation in OPERATIONS:
        semitones = 2 if operation == "transpose" else None
        timing = time_runs(lambda: edit_section(song, "chorus", operation, 0.5, semitones), max(runs, 20))
        count = len(song.section("chorus").notes)
        rows.append(Row(f"edit {operation} (32 bars, {count} notes)", timing.median_s, timing.spread_s, timing.runs))
    return rows
