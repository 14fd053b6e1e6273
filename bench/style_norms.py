"""Measure what is typical: percentiles of the melody measures over the key corpus.

`python -m bench.style_norms` writes tools/data/style_norms.json, which the critique uses
to say "this is unusually square/dense/wide" with a stated reference range.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from bench.key_corpus import CACHE, build
from song.features import section_features
from song.midi_import import load_midi

OUT = Path(__file__).resolve().parents[1] / "tools" / "data" / "style_norms.json"
MEASURES = ("syncopation", "wnbd", "note_density", "duration_entropy", "pitch_range", "leap_ratio", "largest_leap", "stepwise_ratio", "longest_repeated_run")


def main() -> int:
    entries = build()
    values: dict[str, list[float]] = {name: [] for name in MEASURES}
    for done, entry in enumerate(entries, 1):
        song = load_midi(CACHE / entry["file"]).song
        for section in song.sections:
            features = section_features(section, song.meter, song.key)
            for name in MEASURES:
                values[name].append(float(getattr(features, name)))
        if done % 200 == 0:
            sys.stderr.write(f"\r{done}/{len(entries)}")
    sys.stderr.write("\n")
    norms = {
        "source": f"{len(entries)} folk tunes from music21's corpus (Essen, O'Neill's 1850, Ryan's Mammoth), bench/key_corpus.py",
        "tunes": len(entries),
        "measures": {
            name: {f"p{q}": round(float(np.percentile(series, q)), 3) for q in (10, 25, 50, 75, 90)}
            for name, series in values.items()
        },
    }
    OUT.write_text(json.dumps(norms, indent=2) + "\n")
    print(json.dumps(norms, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
