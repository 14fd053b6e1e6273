"""The chords a harmonization may choose from, per style and mode, and how they are spelled.

Each choice is a roman numeral with its root (semitones above the tonic), the chord-symbol
quality that spells it, its transition family (tools/chord_transitions.py) and a style prior
in log units (0 for the style's staples, negative for colour chords it uses sparingly).

- simple: triads, mostly I IV V vi (ii sometimes).
- folk:   the diatonic triads but vii°, V/V, and the modal bVII (mixolydian tunes).
- pop:    learned from POP909's chord annotations (tools/pop_harmony.py): the commonest
          chords of pop songs in each mode, sevenths, sus2/sus4 and borrowed chords included,
          with priors from how long each sounds. The hand-picked pop set it replaced (I IV V vi
          plus ii, iii, bVI, bVII, iv and Vsus4) stays as HAND_PICKED_POP, the evaluation's baseline.
- jazzy:  sevenths throughout (Imaj7 ii7 iii7 IVmaj7 V7 vi7 viiø7), secondary dominants
          (V7/ii, V7/V, V7/vi, I7 as V7/IV) and V9.
"""

from __future__ import annotations

from dataclasses import dataclass

from song.keys import FLAT_NAMES, SHARP_NAMES, Key

STYLES = ("simple", "pop", "folk", "jazzy")


@dataclass(frozen=True)
class ChordChoice:
    numeral: str  # as printed in replies: "V7/V"
    offset: int  # root, semitones above the tonic
    quality: str  # chord-symbol quality: "", "m", "dim", "7", "maj7", "m7", "m7b5", "sus4", "9"
    family: str  # transition family: "7:M"
    prior: float = 0.0

    def symbol(self, key: Key) -> str:
        """The chord symbol in `key`: flats in flat keys and for the borrowed flat degrees."""
        flats = key.fifths < 0 or (self.offset in (1, 3, 8, 10) and key.fifths <= 1)
        root = (FLAT_NAMES if flats else SHARP_NAMES)[(key.tonic_pitch_class + self.offset) % 12]
        return root + self.quality

    @property
    def is_tonic(self) -> bool:
        return self.offset == 0 and self.family in ("0:M", "0:m") and "/" not in self.numeral

    @property
    def is_dominant(self) -> bool:
        return self.offset == 7 and "/" not in self.numeral

    @property
    def is_subdominant(self) -> bool:
        return self.offset == 5 and "/" not in self.numeral


def _c(numeral: str, offset: int, quality: str, family: str, prior: float = 0.0) -> ChordChoice:
    return ChordChoice(numeral, offset, quality, family, prior)


MAJOR = {
    "simple": (_c("I", 0, "", "0:M"), _c("IV", 5, "", "5:M"), _c("V", 7, "", "7:M"), _c("vi", 9, "m", "9:m", -0.2),
               _c("ii", 2, "m", "2:m", -0.6)),
    "folk": (_c("I", 0, "", "0:M"), _c("ii", 2, "m", "2:m", -0.3), _c("iii", 4, "m", "4:m", -0.6), _c("IV", 5, "", "5:M"),
             _c("V", 7, "", "7:M"), _c("vi", 9, "m", "9:m", -0.2), _c("V/V", 2, "", "2:M", -0.8), _c("bVII", 10, "", "10:M", -0.8)),
    "jazzy": (_c("Imaj7", 0, "maj7", "0:M"), _c("ii7", 2, "m7", "2:m"), _c("iii7", 4, "m7", "4:m", -0.3),
              _c("IVmaj7", 5, "maj7", "5:M"), _c("V7", 7, "7", "7:M"), _c("V9", 7, "9", "7:M", -0.3), _c("vi7", 9, "m7", "9:m"),
              _c("viiø7", 11, "m7b5", "11:d", -0.6), _c("V7/ii", 9, "7", "9:M", -0.5), _c("V7/V", 2, "7", "2:M", -0.4),
              _c("V7/vi", 4, "7", "4:M", -0.5), _c("V7/IV", 0, "7", "0:M", -0.7)),
}
MINOR = {
    "simple": (_c("i", 0, "m", "0:m"), _c("iv", 5, "m", "5:m"), _c("V", 7, "", "7:M"), _c("VI", 8, "", "8:M", -0.2),
               _c("III", 3, "", "3:M", -0.5), _c("VII", 10, "", "10:M", -0.5)),
    "folk": (_c("i", 0, "m", "0:m"), _c("III", 3, "", "3:M", -0.2), _c("iv", 5, "m", "5:m"), _c("v", 7, "m", "7:m", -0.3),
             _c("V", 7, "", "7:M"), _c("VI", 8, "", "8:M", -0.2), _c("VII", 10, "", "10:M", -0.2), _c("IV", 5, "", "5:M", -0.8)),
    "jazzy": (_c("im7", 0, "m7", "0:m"), _c("iiø7", 2, "m7b5", "2:d", -0.2), _c("IIImaj7", 3, "maj7", "3:M", -0.2),
              _c("ivm7", 5, "m7", "5:m"), _c("V7", 7, "7", "7:M"), _c("V7b9", 7, "7b9", "7:M", -0.4),
              _c("VImaj7", 8, "maj7", "8:M"), _c("VII7", 10, "7", "10:M", -0.3), _c("V7/iv", 0, "7", "0:M", -0.7),
              _c("V7/V", 2, "7", "2:M", -0.6)),
}


HAND_PICKED_POP = {  # the pop style before it was learned from pop songs: the evaluation's baseline
    "major": (_c("I", 0, "", "0:M"), _c("ii", 2, "m", "2:m", -0.3), _c("iii", 4, "m", "4:m", -0.6), _c("IV", 5, "", "5:M"),
              _c("V", 7, "", "7:M"), _c("vi", 9, "m", "9:m"), _c("bVI", 8, "", "8:M", -0.9), _c("bVII", 10, "", "10:M", -0.7),
              _c("iv", 5, "m", "5:m", -0.9), _c("Vsus4", 7, "sus4", "7:M", -0.6)),
    "minor": (_c("i", 0, "m", "0:m"), _c("III", 3, "", "3:M"), _c("iv", 5, "m", "5:m"), _c("V", 7, "", "7:M"),
              _c("v", 7, "m", "7:m", -0.5), _c("VI", 8, "", "8:M"), _c("VII", 10, "", "10:M"), _c("Vsus4", 7, "sus4", "7:M", -0.6)),
}


def choices(style: str, minor: bool) -> tuple[ChordChoice, ...]:
    """The style's chords for a key with a minor third (minor, dorian, phrygian) or a major one."""
    if style == "pop":
        from tools.pop_harmony import learned_choices

        return tuple(ChordChoice(*choice) for choice in learned_choices(minor))
    return (MINOR if minor else MAJOR)[style]
