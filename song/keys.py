"""Keys: a spelled tonic and a mode, parsed from what songwriters type.

Accepted spellings: "D minor", "D min", "Dm", "d" (a lower-case tonic alone means minor, as in
ABC and music21), "Bb", "B-", "F♯m", "f#m", "E dorian", "A mixolydian", "C ionian", "Ebmaj".
Printed back canonically as "<Tonic> <mode>": "Bb major", "F# minor", "E dorian".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from song.errors import InvalidKey

LETTER_PITCH_CLASS = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
# Position of each natural on the circle of fifths, counted from C.
LETTER_FIFTHS = {"F": -1, "C": 0, "G": 1, "D": 2, "A": 3, "E": 4, "B": 5}

# Each mode's scale in semitones above its tonic, and how far its key signature sits on the
# circle of fifths from the major key on the same tonic (E dorian: E major - 2 = D major).
MODE_STEPS: dict[str, tuple[int, ...]] = {
    "major": (0, 2, 4, 5, 7, 9, 11),
    "minor": (0, 2, 3, 5, 7, 8, 10),
    "dorian": (0, 2, 3, 5, 7, 9, 10),
    "phrygian": (0, 1, 3, 5, 7, 8, 10),
    "lydian": (0, 2, 4, 6, 7, 9, 11),
    "mixolydian": (0, 2, 4, 5, 7, 9, 10),
    "locrian": (0, 1, 3, 5, 6, 8, 10),
}
MODE_FIFTHS_OFFSET = {
    "lydian": 1, "major": 0, "mixolydian": -1, "dorian": -2, "minor": -3, "phrygian": -4,
    "locrian": -5,
}
MODE_ALIASES = {
    "": "major", "maj": "major", "major": "major", "ionian": "major", "ion": "major",
    "m": "minor", "min": "minor", "minor": "minor", "aeolian": "minor", "aeo": "minor",
    "dor": "dorian", "dorian": "dorian", "phr": "phrygian", "phrygian": "phrygian",
    "lyd": "lydian", "lydian": "lydian", "mix": "mixolydian", "mixo": "mixolydian",
    "mixolydian": "mixolydian", "loc": "locrian", "locrian": "locrian",
}
assert set(MODE_ALIASES.values()) == set(MODE_STEPS) == set(MODE_FIFTHS_OFFSET)

# Major-key names by number of sharps (negative: flats), as MIDI key signatures spell them.
MAJOR_BY_FIFTHS = {
    -7: "Cb", -6: "Gb", -5: "Db", -4: "Ab", -3: "Eb", -2: "Bb", -1: "F", 0: "C",
    1: "G", 2: "D", 3: "A", 4: "E", 5: "B", 6: "F#", 7: "C#",
}

_KEY_PATTERN = re.compile(
    r"^\s*(?P<letter>[A-Ga-g])(?P<accidental>(#|♯|b|♭|-|x|##|bb)?)\s*(?P<mode>[A-Za-z]*)\s*$"
)


@dataclass(frozen=True)
class Key:
    """A tonic spelled with a letter and accidentals ("F#", "Bb") plus a mode ("minor")."""

    tonic: str
    mode: str = "major"

    def __post_init__(self) -> None:
        if self.mode not in MODE_STEPS:
            raise InvalidKey(f"unknown mode {self.mode!r} (use one of {', '.join(MODE_STEPS)})")
        if not re.fullmatch(r"[A-G](#{1,2}|b{1,2})?", self.tonic):
            raise InvalidKey(f"bad tonic {self.tonic!r} (a letter A-G with optional # or b)")

    @classmethod
    def parse(cls, text: str) -> "Key":
        """Parse a key as people write it; raise InvalidKey with the accepted forms."""
        if isinstance(text, Key):
            return text
        if not isinstance(text, str):
            raise InvalidKey(f"a key must be text like 'D minor', got {text!r}")
        match = _KEY_PATTERN.match(text.replace(" - ", " "))
        if not match:
            raise InvalidKey(
                f"cannot read key {text!r} (try 'D minor', 'Bb', 'f#m' or 'E dorian')"
            )
        letter, accidental, mode_text = match["letter"], match["accidental"], match["mode"]
        accidental = (
            accidental.replace("♯", "#").replace("♭", "b").replace("-", "b").replace("x", "##")
        )
        mode_key = mode_text.lower() if mode_text != "M" else "maj"
        if mode_key not in MODE_ALIASES:
            raise InvalidKey(
                f"cannot read key {text!r}: unknown mode {mode_text!r} "
                f"(use major, minor, dorian, phrygian, lydian, mixolydian or locrian)"
            )
        mode = MODE_ALIASES[mode_key]
        if mode_text == "" and letter.islower():
            mode = "minor"
        return cls(letter.upper() + accidental, mode)

    @property
    def tonic_pitch_class(self) -> int:
        """0 = C ... 11 = B."""
        offset = self.tonic.count("#") - self.tonic.count("b")
        return (LETTER_PITCH_CLASS[self.tonic[0]] + offset) % 12

    @property
    def scale_pitch_classes(self) -> tuple[int, ...]:
        """The seven pitch classes of the key's scale, tonic first."""
        return tuple((self.tonic_pitch_class + step) % 12 for step in MODE_STEPS[self.mode])

    @property
    def fifths(self) -> int:
        """Sharps (positive) or flats (negative) in the key signature; may exceed 7."""
        accidentals = self.tonic.count("#") - self.tonic.count("b")
        return LETTER_FIFTHS[self.tonic[0]] + 7 * accidentals + MODE_FIFTHS_OFFSET[self.mode]

    def midi_key_signature(self) -> str:
        """The key signature as MIDI files write it ('Dm', 'Bb', 'F#m'): major or minor only.

        Modes are written as the major key with the same signature (E dorian -> 'D'); the
        exact mode travels in a text event next to it.
        """
        fifths = self.fifths
        while fifths > 7:
            fifths -= 12
        while fifths < -7:
            fifths += 12
        if self.mode == "minor":
            relative_major_fifths = fifths
            major = MAJOR_BY_FIFTHS[relative_major_fifths]
            minor_pc = (Key(major).tonic_pitch_class + 9) % 12
            return _spell_minor(minor_pc, relative_major_fifths) + "m"
        return MAJOR_BY_FIFTHS[fifths]

    def contains(self, pitch: int) -> bool:
        """Whether a MIDI pitch belongs to the key's scale."""
        return pitch % 12 in self.scale_pitch_classes

    @property
    def relative(self) -> "Key | None":
        """The major or minor key with the same notes (C major <-> A minor); None for modes."""
        if self.mode not in ("major", "minor"):
            return None
        shift, mode = (9, "minor") if self.mode == "major" else (3, "major")
        return Key(_spell_minor((self.tonic_pitch_class + shift) % 12, self.fifths), mode)

    def spell(self, pitch: int) -> str:
        """A MIDI pitch named as written in this key: flats in flat keys, sharps in sharp
        keys, and in minor keys the raised sixth and seventh as sharps (C#5 in D minor, not
        Db5: the leading tone is a raised C)."""
        raised = {(self.tonic_pitch_class + 9) % 12, (self.tonic_pitch_class + 11) % 12} if self.mode == "minor" else set()
        return pitch_name(pitch, prefer_flats=self.fifths < 0 and pitch % 12 not in raised)

    def __str__(self) -> str:
        return f"{self.tonic} {self.mode}"


SHARP_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
FLAT_NAMES = ("C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B")


def _spell_minor(pitch_class: int, fifths: int) -> str:
    """Spell a minor tonic with sharps in sharp keys and flats in flat keys."""
    return (SHARP_NAMES if fifths >= 0 else FLAT_NAMES)[pitch_class]


def pitch_name(pitch: int, prefer_flats: bool = False) -> str:
    """Scientific pitch name of a MIDI pitch: 60 -> 'C4', 70 -> 'A#4' (or 'Bb4')."""
    names = FLAT_NAMES if prefer_flats else SHARP_NAMES
    return f"{names[pitch % 12]}{pitch // 12 - 1}"
