"""Harmonizing real pop melodies: POP909 songs of the test split (song/pop909.py; never counted
or tuned on), each melody harmonized whole by the `pop` style learned from the training split
and by the hand-picked pop style it replaced, compared with the song's annotated chords beat
by beat, over the bars that have melody.

Two scores per beat: the root, and the root with its triad (major, minor, diminished,
augmented, suspended; sevenths, sixths and added tones fold into their triad: "Am7" counts as
A minor). `python -m bench.pop_harmony_eval [--split test|validation]` prints the table and
writes bench/pop_harmony_eval.json; `--split validation` scores training songs whose number
ends in 5, where the learned style's settings were chosen.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Callable, Sequence

from song.chords import parse_chord_symbol
from song.meter import Meter
from song.pop909 import PopSong, load_song, song_ids
from tools.chord_transitions import Counts, committed_counts
from tools.chord_vocabulary import HAND_PICKED_POP, ChordChoice, choices
from tools.harmony import harmonize
from tools.pop_harmony import learned_transitions, symbol_quality

HERE = Path(__file__).resolve().parent
TRIADS = {(0, 4, 7): "major", (0, 3, 7): "minor", (0, 3, 6): "diminished", (0, 4, 8): "augmented",
          (0, 2, 7): "suspended", (0, 5, 7): "suspended"}


def triad_of(intervals: tuple[int, ...]) -> str:
    """A chord's triad class from its intervals above the root."""
    core = tuple(sorted(i % 12 for i in intervals if i % 12 in (0, 2, 3, 4, 5, 6, 7, 8)))
    for triad, name in TRIADS.items():
        if set(triad) <= set(core):
            return name
    return "other"


def annotated_triad(quality: str) -> str:
    return triad_of(parse_chord_symbol("C" + symbol_quality(quality)).intervals)


@dataclass(frozen=True)
class System:
    """A way to harmonize: the chords of each mode, and whose transition counts."""

    vocabulary: Callable[[bool], Sequence[ChordChoice]]
    counts: Callable[[], Counts]
    learned_fit: bool


SYSTEMS = {
    "hand-picked pop, corpus transitions, rule fit (before)": System(
        lambda minor: HAND_PICKED_POP["minor" if minor else "major"], committed_counts, False),
    "learned chords and transitions, rule fit": System(lambda minor: choices("pop", minor), learned_transitions, False),
    "learned chords, transitions and melody fit (now)": System(lambda minor: choices("pop", minor), learned_transitions, True),
}


def score_song(song: PopSong) -> dict[str, list[int]]:
    """Per system: [beats compared, root right, root and triad right]."""
    meter = Meter.parse(f"{song.beats_per_bar}/4")
    end = max(chord.start + chord.beats for chord in song.chords)
    bars = math.ceil(end / song.beats_per_bar)
    melody_bars = {int(note.start // song.beats_per_bar) for note in song.melody}
    minor = song.key.mode == "minor"
    result = {}
    for name, system in SYSTEMS.items():
        chords = harmonize(song.melody, song.key, meter, bars, "pop", counts=system.counts(), vocabulary=system.vocabulary(minor),
                           learned_fit=system.learned_fit).chords
        tally = [0, 0, 0]
        for beat in range(int(end)):
            truth = song.chord_at(Fraction(beat))
            if truth is None or truth.root is None or beat // song.beats_per_bar not in melody_bars:
                continue
            ours = next((c for c in chords if c.start <= beat < c.start + c.duration), None)
            if ours is None:
                continue
            spec = parse_chord_symbol(ours.symbol)
            root_right = spec.root == truth.root
            tally[0] += 1
            tally[1] += root_right
            tally[2] += root_right and triad_of(spec.intervals) == annotated_triad(truth.quality)
        result[name] = tally
    return result


def evaluate(ids: list[str]) -> dict[str, object]:
    totals = {name: [0, 0, 0] for name in SYSTEMS}
    songs = 0
    for song_id in ids:
        song = load_song(song_id)
        if song is None or not song.melody:
            continue
        songs += 1
        for name, tally in score_song(song).items():
            totals[name] = [a + b for a, b in zip(totals[name], tally)]
    return {"songs": songs, "systems": {name: {"beats": t[0], "root": round(t[1] / t[0], 4), "root_and_triad": round(t[2] / t[0], 4)}
                                        for name, t in totals.items()}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", choices=("test", "validation"), default="test")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    ids = song_ids("test") if args.split == "test" else [i for i in song_ids("train") if i.endswith("5")]
    report = {"split": args.split, **evaluate(ids[: args.limit])}
    print(json.dumps(report, indent=1))
    if args.split == "test" and args.limit is None:
        (HERE / "pop_harmony_eval.json").write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
