"""Critique of each multi-track file in ../shared/midi (warm) vs converter.parse + analyze('key')."""

from __future__ import annotations

from bench.bench_midi_import import SHARED_MIDI
from bench.measure import Row, interleaved


def run(runs: int) -> list[Row]:
    import music21

    from tools.critique import critique

    rows = []
    for path in sorted((SHARED_MIDI / "MIDIs_multitrack").glob("*.mid")):
        critique(path)  # warm: imports, caches
        ours, theirs = interleaved(
            lambda: critique(path),
            lambda: music21.converter.parse(path, forceSource=True).analyze("key"),
            runs,
        )
        rows.append(Row(f"critique {path.name[:28]}", ours.median_s, ours.spread_s, ours.runs,
                        "converter.parse + analyze('key')", theirs.median_s))
    return rows
