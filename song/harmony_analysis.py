"""What the chords under a melody do: roman numerals, cadences, chord tones, parallels.

Works on a section's chords (given by the songwriter, or detected from an arrangement's
accompaniment on import). The bass is the chord's bass note (the slash note, else the root).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

from song.chords import ChordSpec, parse_chord_symbol
from song.keys import Key
from song.meter import Meter
from song.model import Chord, Note

# Numerals by semitones above the tonic, named against the major scale as pop and jazz
# analysis does: in C minor, Eb is bIII and Bb is bVII.
DEGREES_FROM_MAJOR = ("I", "bII", "II", "bIII", "III", "IV", "#IV", "V", "bVI", "VI", "bVII", "VII")
MINOR_QUALITIES = {(0, 3, 7), (0, 3, 7, 10), (0, 3, 7, 9), (0, 3, 7, 10, 14), (0, 3, 7, 14), (0, 3, 7, 11), (0, 3, 7, 10, 14, 17), (0, 3, 7, 10, 14, 21)}
DIMINISHED = {(0, 3, 6): "°", (0, 3, 6, 9): "°7", (0, 3, 6, 10): "ø7"}
AUGMENTED = {(0, 4, 8), (0, 4, 8, 10)}


def roman_numeral(symbol: str, key: Key) -> str:
    """The chord's function in the key: 'V7' for G7 in C major, 'bVII' for Bb in C, 'ii' for
    Dm; in A minor, 'i' for Am and 'bIII' for C."""
    spec = parse_chord_symbol(symbol)
    numeral = DEGREES_FROM_MAJOR[(spec.root - key.tonic_pitch_class) % 12]
    intervals = spec.intervals
    if intervals in DIMINISHED:
        return numeral.lower() + DIMINISHED[intervals]
    if intervals in MINOR_QUALITIES:
        numeral = numeral.lower()
    if intervals in AUGMENTED:
        numeral += "+"
    quality = symbol[1:].lstrip("#b").split("/")[0]
    for marker in ("maj7", "maj9", "m7", "m9", "m6", "m11", "m13", "sus4", "sus2", "add9", "13", "11", "9", "7", "6"):
        if quality.endswith(marker):
            suffix = marker.lstrip("m") if marker.startswith("m") and not marker.startswith("maj") else marker
            return numeral + suffix
    return numeral


def _bare(numeral: str) -> str:
    return numeral.rstrip("0123456789°ø+").replace("maj", "").replace("sus", "").replace("add", "")


def cadence(chords: Sequence[Chord], key: Key) -> str | None:
    """The cadence the last two chords make: 'authentic' (V-I), 'plagal' (IV-I),
    'deceptive' (V-vi), 'half' (ending on V), or None (no cadence)."""
    if not chords:
        return None
    last = _bare(roman_numeral(chords[-1].symbol, key)).upper()
    before = _bare(roman_numeral(chords[-2].symbol, key)).upper() if len(chords) > 1 else ""
    if last == "I":
        if before in ("V", "VII"):
            return "authentic"
        if before == "IV":
            return "plagal"
        return None
    if last == "V":
        return "half"
    if last == "VI" and before == "V":
        return "deceptive"
    return None


def chord_at(chords: Sequence[Chord], time: Fraction) -> Chord | None:
    """The chord sounding at `time` (chords sorted by start, as a Section keeps them)."""
    index = bisect_right(chords, time, key=lambda chord: chord.start) - 1
    return chords[index] if index >= 0 and time < chords[index].end else None


@dataclass(frozen=True)
class ChordToneCheck:
    """Strong-beat melody notes measured against the chord sounding under them."""

    strong_notes: int
    chord_tones: int
    misses: tuple[tuple[int, Note, str], ...]  # (bar, note, chord symbol)

    @property
    def ratio(self) -> float:
        return self.chord_tones / self.strong_notes if self.strong_notes else 1.0


def chord_tones_on_strong_beats(notes: Sequence[Note], chords: Sequence[Chord], meter: Meter) -> ChordToneCheck:
    """How many melody notes that start on a beat are tones of the chord under them."""
    strong = hits = 0
    misses = []
    for note in notes:
        if note.start % meter.beat_length:
            continue
        chord = chord_at(chords, note.start)
        if chord is None:
            continue
        strong += 1
        if note.pitch % 12 in parse_chord_symbol(chord.symbol).pitch_classes:
            hits += 1
        else:
            misses.append((int(note.start // meter.bar_length) + 1, note, chord.symbol))
    return ChordToneCheck(strong, hits, tuple(misses))


@dataclass(frozen=True)
class Parallel:
    kind: str  # "fifths" or "octaves"
    bar: int
    melody: tuple[int, int]
    bass: tuple[int, int]


def _note_at(notes: Sequence[Note], time: Fraction) -> Note | None:
    index = bisect_right(notes, time, key=lambda note: note.start) - 1
    return notes[index] if index >= 0 and time < notes[index].end else None


def _bass(spec: ChordSpec) -> int:
    return spec.voicing()[0]


def parallels_with_bass(notes: Sequence[Note], chords: Sequence[Chord], meter: Meter) -> list[Parallel]:
    """Consecutive fifths and octaves between the melody and the bass at chord changes: at
    each pair of consecutive chords both voices move (the same way or in contrary motion, as
    music21's VoiceLeadingQuartet counts them) and stand a perfect fifth, or an octave, apart
    before and after, give or take octaves. Counted in semitones, so a spelling cannot hide one."""
    found = []
    for before, after in zip(chords, chords[1:]):
        first, second = _note_at(notes, before.start), _note_at(notes, after.start)
        if first is None or second is None or first.pitch == second.pitch:
            continue
        bass_1, bass_2 = _bass(parse_chord_symbol(before.symbol)), _bass(parse_chord_symbol(after.symbol))
        if bass_1 == bass_2:
            continue
        contrary = (second.pitch > first.pitch) != (bass_2 > bass_1)
        kind = _consecutive_kind(abs(first.pitch - bass_1), abs(second.pitch - bass_2), contrary)
        if kind:
            found.append(Parallel(kind, int(after.start // meter.bar_length) + 1, (first.pitch, second.pitch), (bass_1, bass_2)))
    return found


def _consecutive_kind(first_semitones: int, second_semitones: int, contrary: bool) -> str | None:
    """"fifths" or "octaves" when two melody-to-bass distances are the same perfect interval
    (a fifth or an octave, compound or not; a unison counts as an octave only in contrary
    motion, where the voices cross through it)."""
    if first_semitones % 12 == second_semitones % 12 == 7:
        return "fifths"
    if first_semitones % 12 == second_semitones % 12 == 0 and (contrary or (first_semitones and second_semitones)):
        return "octaves"
    return None
