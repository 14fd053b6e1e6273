"""What the edits do to real melodies: the criteria of the edits issue, measured.

`python -m bench.edit_measures [--limit N]` runs over the key corpus (music21's folk tunes,
bench/key_corpus.py; every meter found there) and writes bench/edit_measures.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from statistics import mean

from bench.key_corpus import CACHE, build
from song.edits import edit_section
from song.features import in_key_ratio, note_density, syncopation
from song.midi_import import load_midi

OUT = Path(__file__).resolve().parent / "edit_measures.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args(argv)
    entries = build()[: args.limit or None]
    meters: Counter[str] = Counter()
    eligible = raised = pitches_same = bars_same = 0
    rises: dict[float, list[float]] = {0.25: [], 0.5: [], 1.0: []}
    restored = restored_total = 0
    denser = sparser = dense_in_key = sparse_in_key = 0
    for done, entry in enumerate(entries, 1):
        song = load_midi(CACHE / entry["file"]).song
        section = song.sections[0]
        meters[str(song.meter)] += 1
        base = syncopation(section.notes, song.meter)
        for amount in rises:
            edited, _ = edit_section(song, section.name, "syncopate", amount)
            rises[amount].append(syncopation(edited.section(section.name).notes, song.meter) - base)
        synced, _ = edit_section(song, section.name, "syncopate", 0.5)
        after = synced.section(section.name)
        if any(n.start % song.meter.beat_length == 0 for n in section.notes[1:]):
            eligible += 1
            raised += syncopation(after.notes, song.meter) > base
        pitches_same += [n.pitch for n in after.notes] == [n.pitch for n in section.notes]
        bars_same += after.bars == section.bars and synced.meter == song.meter
        straight, _ = edit_section(synced, section.name, "straighten", 1.0)
        back = syncopation(straight.section(section.name).notes, song.meter)
        restored_total += 1
        restored += abs(back - base) <= 0.1 * base + 1e-9
        density, in_key = note_density(section.notes, section.bars), in_key_ratio(section.notes, song.key)
        dense = edit_section(song, section.name, "densify", 0.5)[0].section(section.name)
        sparse = edit_section(song, section.name, "simplify", 0.5)[0].section(section.name)
        denser += note_density(dense.notes, dense.bars) > density
        sparser += note_density(sparse.notes, sparse.bars) < density
        dense_in_key += abs(in_key_ratio(dense.notes, song.key) - in_key) <= 0.02
        sparse_in_key += abs(in_key_ratio(sparse.notes, song.key) - in_key) <= 0.02
        if done % 100 == 0:
            sys.stderr.write(f"\r{done}/{len(entries)}")
    sys.stderr.write("\n")
    total = len(entries)
    result = {
        "melodies": total,
        "meters": dict(meters.most_common()),
        "syncopate_0.5_raises_lhl": round(raised / eligible, 4),
        "syncopate_eligible": eligible,
        "syncopate_keeps_pitch_sequence": round(pitches_same / total, 4),
        "syncopate_keeps_bars_and_meter": round(bars_same / total, 4),
        "syncopate_mean_rise": {str(a): round(mean(v), 4) for a, v in rises.items()},
        "straighten_after_syncopate_within_10pct": round(restored / restored_total, 4),
        "densify_raises_density": round(denser / total, 4),
        "simplify_lowers_density": round(sparser / total, 4),
        "densify_in_key_within_0.02": round(dense_in_key / total, 4),
        "simplify_in_key_within_0.02": round(sparse_in_key / total, 4),
    }
    OUT.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
