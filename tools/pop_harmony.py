"""Pop harmony learned from pop songs: the chords the `pop` style may choose, how often each
sounds, and which follows which, counted from the training split of POP909's chord
annotations (song/pop909.py; the test split is never counted).

Each annotated chord becomes a *choice*: its root in semitones above the song's tonic and its
quality as a chord symbol spells it ("", "m", "m7", "sus2", "maj7", "7", "7sus4", ...), per
mode. The `pop` vocabulary is the commonest choices of each mode, together sounding for at
least COVERAGE of the annotated time (borrowed chords and sevenths included where pop uses
them); a choice's prior is the log of its share of the time against the commonest chord's;
transitions are counted between consecutive different chords (staying on a chord is the
harmonizer's own REPEAT). `python -m tools.pop_harmony` recounts and writes
tools/data/pop_harmony.json (committed, so nothing is read at run time).
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "pop_harmony.json"
COVERAGE = 0.97  # share of the annotated chord time the vocabulary covers, per mode
MAX_CHOICES = 18
PRIOR_FLOOR = -1.5  # the rarest chord in the vocabulary costs at most this much (log units)

SYMBOL_QUALITY = {  # POP909's quality -> our chord-symbol quality; the rest fold into these
    "maj": "", "min": "m", "min7": "m7", "maj7": "maj7", "7": "7", "sus2": "sus2", "sus4": "sus4",
    "sus4(b7)": "7sus4", "sus4(b7": "7sus4", "dim": "dim", "maj6": "6", "maj(9)": "add9", "hdim7": "m7b5",
    "min9": "m9", "aug": "aug", "maj9": "maj9", "9": "9", "min(9)": "madd9", "min6": "m6", "dim7": "dim7",
    "minmaj7": "mMaj7",
}


def symbol_quality(dataset_quality: str) -> str:
    """Our chord-symbol quality for a POP909 one: exact where we have it, else its triad."""
    if dataset_quality in SYMBOL_QUALITY:
        return SYMBOL_QUALITY[dataset_quality]
    for prefix, quality in (("sus4", "sus4"), ("sus2", "sus2"), ("hdim", "m7b5"), ("dim", "dim"), ("aug", "aug"),
                            ("min", "m"), ("maj", ""), ("9", "9"), ("7", "7")):
        if dataset_quality.startswith(prefix):
            return quality
    return ""


def family(offset: int, quality: str) -> str:
    """The transition family of a learned choice: "7:M" for V (as the corpus counts name a
    major triad), "9:m" for vi, "7:sus4", "2:m7"; each learned chord is its own family."""
    return f"{offset}:{quality or 'M'}"


MAJOR_DEGREES = ("I", "bII", "II", "bIII", "III", "IV", "#IV", "V", "bVI", "VI", "bVII", "VII")
MINOR_DEGREES = ("I", "bII", "II", "III", "#III", "IV", "#IV", "V", "VI", "#VI", "VII", "#VII")
NUMERAL_SUFFIX = {"": "", "m": "", "dim": "°", "aug": "+", "m7b5": "ø7", "dim7": "°7", "mMaj7": "(maj7)"}


def numeral(offset: int, quality: str, minor: bool) -> str:
    """The roman numeral of a learned choice in its mode: "V", "vi7", "Isus2", "bVII", "iiø7"."""
    degree = (MINOR_DEGREES if minor else MAJOR_DEGREES)[offset]
    lower = quality.startswith("m") and not quality.startswith("maj") or quality in ("dim", "dim7")
    head = degree[:-len(degree.lstrip("b#"))] if degree[0] in "b#" else ""
    roman = degree[len(head):]
    return head + (roman.lower() if lower else roman) + NUMERAL_SUFFIX.get(quality, quality.removeprefix("m") if lower else quality)


def count(song_ids: list[str]) -> dict[str, dict]:
    """Time shares and transitions of (offset, quality) choices, per mode, over `song_ids`."""
    from song.pop909 import load_song

    beats: dict[str, Counter] = defaultdict(Counter)
    moves: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    heard: dict[str, list[float]] = defaultdict(lambda: [0.0] * 12)  # quality -> melody time at each interval above the root
    songs = 0
    for song_id in song_ids:
        song = load_song(song_id)
        if song is None:
            continue
        songs += 1
        mode = "minor" if song.key.mode == "minor" else "major"
        starts = [note.start for note in song.melody]  # in time order, as the file has them
        longest = max((note.duration for note in song.melody), default=0)
        previous = None
        for chord in song.chords:
            if chord.root is None:
                previous = None
                continue
            choice = family((chord.root - song.key.tonic_pitch_class) % 12, symbol_quality(chord.quality))
            beats[mode][choice] += float(chord.beats)
            near = song.melody[bisect_left(starts, chord.start - longest):bisect_left(starts, chord.start + chord.beats)]
            _listen(near, chord.start, chord.start + chord.beats, chord.root, heard[symbol_quality(chord.quality)])
            if previous is not None and previous != choice:
                moves[mode][previous][choice] += 1
            previous = choice
    return {"songs": songs, "beats": {m: dict(c) for m, c in beats.items()}, "melody_over_chord": dict(heard),
            "transitions": {m: {a: dict(row) for a, row in rows.items()} for m, rows in moves.items()}}


def _listen(melody, start, stop, root: int, into: list[float]) -> None:
    """Add the melody's time in [start, stop) at each interval above `root` (notes that start
    on a beat count double, as the harmonizer weighs them)."""
    from tools.harmony import ON_BEAT

    for note in melody:
        overlap = min(note.end, stop) - max(note.start, start)
        if overlap > 0:
            on_beat = note.start >= start and note.start.denominator == 1
            into[(note.pitch - root) % 12] += float(overlap) * (ON_BEAT if on_beat else 1.0)


def vocabulary_of(beats: dict[str, float]) -> list[tuple[str, float]]:
    """The commonest choices covering COVERAGE of the time (at most MAX_CHOICES), with priors."""
    total = sum(beats.values())
    ranked = sorted(beats.items(), key=lambda item: -item[1])
    chosen, covered = [], 0.0
    for choice, time in ranked:
        if covered >= COVERAGE * total or len(chosen) == MAX_CHOICES:
            break
        chosen.append((choice, max(PRIOR_FLOOR, math.log(time / ranked[0][1]))))
        covered += time
    return chosen


@lru_cache(maxsize=1)
def committed() -> dict:
    return json.loads(DATA.read_text())


def learned_choices(minor: bool) -> list[tuple[str, int, str, str, float]]:
    """(numeral, offset, quality, family, prior) of the committed pop vocabulary of a mode."""
    found = []
    for name, prior in committed()["vocabulary"]["minor" if minor else "major"]:
        offset, code = name.split(":")
        quality = "" if code == "M" else code
        found.append((numeral(int(offset), quality, minor), int(offset), quality, name, prior))
    return found


@lru_cache(maxsize=64)
def interval_log_probabilities(quality: str) -> tuple[float, ...]:
    """log P(a melody note sits this many semitones above the root | a chord of this quality
    sounds), from the melodies over the annotated chords (add-one smoothed in beats)."""
    heard = committed()["melody_over_chord"].get(quality) or committed()["melody_over_chord"][""]
    total = sum(heard) + 12
    return tuple(math.log((time + 1) / total) for time in heard)


def learned_transitions() -> dict[str, dict[str, dict[str, int]]]:
    """Counts of chord changes per mode, in the harmonizer's Counts shape."""
    return committed()["transitions"]


def main() -> int:
    from song.pop909 import song_ids

    counted = count(song_ids("train"))
    vocabulary = {mode: vocabulary_of(beats) for mode, beats in counted["beats"].items()}
    DATA.write_text(json.dumps({"source": "POP909 finalized_chord.txt, training split (song/pop909.py)",
                                "coverage": COVERAGE, "vocabulary": vocabulary, **counted}, indent=1, sort_keys=True) + "\n")
    for mode, chosen in vocabulary.items():
        print(mode, ", ".join(f"{c} ({p:.2f})" for c, p in chosen))
    print(f"{counted['songs']} songs -> {DATA}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
