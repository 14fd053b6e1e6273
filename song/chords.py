"""Chord symbols ("Am7", "F/A", "Bbmaj7", "G7sus4") read into pitch classes.

Only the symbol is stored in a song; this module is where it gets its notes, for validation,
for the chord track of a MIDI export and for harmony analysis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from song.errors import InvalidSong
from song.keys import LETTER_PITCH_CLASS

# Intervals above the root, in semitones, for each quality spelling we accept.
QUALITY_INTERVALS: dict[str, tuple[int, ...]] = {
    "": (0, 4, 7), "maj": (0, 4, 7), "M": (0, 4, 7),
    "m": (0, 3, 7), "min": (0, 3, 7), "-": (0, 3, 7),
    "dim": (0, 3, 6), "o": (0, 3, 6), "°": (0, 3, 6),
    "aug": (0, 4, 8), "+": (0, 4, 8),
    "sus2": (0, 2, 7), "sus4": (0, 5, 7), "sus": (0, 5, 7),
    "5": (0, 7),
    "6": (0, 4, 7, 9), "m6": (0, 3, 7, 9),
    "7": (0, 4, 7, 10), "maj7": (0, 4, 7, 11), "M7": (0, 4, 7, 11), "Δ": (0, 4, 7, 11),
    "m7": (0, 3, 7, 10), "min7": (0, 3, 7, 10), "-7": (0, 3, 7, 10),
    "mMaj7": (0, 3, 7, 11), "m(maj7)": (0, 3, 7, 11),
    "dim7": (0, 3, 6, 9), "o7": (0, 3, 6, 9), "°7": (0, 3, 6, 9),
    "m7b5": (0, 3, 6, 10), "ø": (0, 3, 6, 10), "ø7": (0, 3, 6, 10),
    "7sus4": (0, 5, 7, 10), "7sus": (0, 5, 7, 10),
    "aug7": (0, 4, 8, 10), "7#5": (0, 4, 8, 10), "7b9": (0, 4, 7, 10, 13), "7#9": (0, 4, 7, 10, 15),
    "9": (0, 4, 7, 10, 14), "maj9": (0, 4, 7, 11, 14), "m9": (0, 3, 7, 10, 14),
    "add9": (0, 4, 7, 14), "madd9": (0, 3, 7, 14),
    "11": (0, 4, 7, 10, 14, 17), "m11": (0, 3, 7, 10, 14, 17),
    "13": (0, 4, 7, 10, 14, 21), "maj13": (0, 4, 7, 11, 14, 21), "m13": (0, 3, 7, 10, 14, 21),
}

_SYMBOL = re.compile(r"^(?P<root>[A-G])(?P<acc>#|b)?(?P<quality>[^/]*)(/(?P<bass>[A-G])(?P<bass_acc>#|b)?)?$")


@dataclass(frozen=True)
class ChordSpec:
    """What a chord symbol means: root pitch class, intervals above it, and the bass."""

    symbol: str
    root: int
    intervals: tuple[int, ...]
    bass: int

    @property
    def pitch_classes(self) -> frozenset[int]:
        return frozenset((self.root + i) % 12 for i in self.intervals) | {self.bass}

    def voicing(self, bass_octave_pitch: int = 36, chord_floor: int = 52) -> tuple[int, ...]:
        """MIDI pitches for a block chord: the bass low, the chord tones closely above E3."""
        bass = bass_octave_pitch + (self.bass - bass_octave_pitch) % 12
        root = chord_floor + (self.root - chord_floor) % 12
        upper = tuple(root + i for i in self.intervals if i < 12) + tuple(
            root + i - 12 for i in self.intervals if i >= 12
        )
        return (bass,) + tuple(sorted(set(upper)))


def _pitch_class(letter: str, accidental: str | None) -> int:
    shift = {"#": 1, "b": -1}.get(accidental or "", 0)
    return (LETTER_PITCH_CLASS[letter] + shift) % 12


def parse_chord_symbol(symbol: str) -> ChordSpec:
    """Read a chord symbol; raise InvalidSong naming the part that is not understood."""
    if not isinstance(symbol, str):
        raise InvalidSong(f"a chord symbol must be text like 'Am7', got {symbol!r}")
    match = _SYMBOL.match(symbol.strip())
    if not match:
        raise InvalidSong(f"cannot read chord symbol {symbol!r} (try 'C', 'Am7', 'F/A', 'G7')")
    quality = match["quality"]
    if quality not in QUALITY_INTERVALS:
        raise InvalidSong(f"chord {symbol!r}: unknown quality {quality!r}")
    root = _pitch_class(match["root"], match["acc"])
    bass = _pitch_class(match["bass"], match["bass_acc"]) if match["bass"] else root
    return ChordSpec(symbol.strip(), root, QUALITY_INTERVALS[quality], bass)
