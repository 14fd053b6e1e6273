"""Key accuracy on the test split of the key corpus: ours vs music21's analyze('key').

`python -m bench.key_accuracy [--limit N]` prints a table and writes bench/key_accuracy.json.
Both read the same MIDI files, written from music21's corpus without key signatures; the
truth is the tune's key signature plus its final note (bench/key_corpus.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from bench.key_corpus import CACHE, build, split
from song.key_finding import find_key
from song.keys import Key
from song.midi_import import load_midi

OUT = Path(__file__).resolve().parent / "key_accuracy.json"


def same_key(a: Key, b: Key) -> bool:
    return a.tonic_pitch_class == b.tonic_pitch_class and a.mode == b.mode


def music21_key(path: Path) -> Key:
    import music21

    found = music21.converter.parse(path, forceSource=True).analyze("key")
    return Key(found.tonic.name.replace("-", "b"), found.mode)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=0, help="score only the first N test tunes")
    args = parser.parse_args(argv)
    _, test = split(build())
    if args.limit:
        test = test[: args.limit]
    ours_right = theirs_right = 0
    ours_seconds = theirs_seconds = 0.0
    misses = []
    for done, entry in enumerate(test, 1):
        path, truth = CACHE / entry["file"], Key.parse(entry["key"])
        started = time.perf_counter()
        song = load_midi(path).song
        ours = find_key(song.melody(), song.meter).key
        ours_seconds += time.perf_counter() - started
        started = time.perf_counter()
        theirs = music21_key(path)
        theirs_seconds += time.perf_counter() - started
        ours_right += same_key(ours, truth)
        theirs_right += same_key(theirs, truth)
        if not same_key(ours, truth):
            misses.append({"file": entry["file"], "truth": str(truth), "ours": str(ours), "music21": str(theirs)})
        if done % 50 == 0:
            sys.stderr.write(f"\r{done}/{len(test)}")
    sys.stderr.write("\n")
    total = len(test)
    result = {
        "tunes": total,
        "collections": sorted({e["collection"] for e in test}),
        "ours": round(ours_right / total, 4),
        "music21_analyze_key": round(theirs_right / total, 4),
        "ours_seconds_per_tune": round(ours_seconds / total, 4),
        "music21_seconds_per_tune": round(theirs_seconds / total, 4),
        "misses": misses,
    }
    OUT.write_text(json.dumps(result, indent=1) + "\n")
    print("| key finder | exact key | seconds per tune (import + find) |\n|---|---|---|")
    print(f"| ours (song/key_finding.py) | {result['ours']:.1%} | {result['ours_seconds_per_tune']:.3f} |")
    print(f"| music21 analyze('key') | {result['music21_analyze_key']:.1%} | {result['music21_seconds_per_tune']:.3f} |")
    print(f"{total} test tunes never used in tuning; wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
