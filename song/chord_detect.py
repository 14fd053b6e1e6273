"""Chord symbols from an arrangement's accompaniment, by template matching per half bar.

Each window (half a bar in duple meters, a bar in triple and compound ones) gets a
pitch-class profile of the accompaniment (duration-weighted, the lowest sounding note
counted again as the bass). Every root and quality in `DETECTABLE` is scored as the weight of
its chord tones minus half the weight of other notes, plus a bonus when the bass is the
root; the best wins when it explains most of the window. Equal neighbours merge.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

import numpy as np

from song.beats import ticks_to_beats
from song.chords import QUALITY_INTERVALS
from song.keys import FLAT_NAMES, SHARP_NAMES
from song.meter import Meter
from song.midi_file import RawNote

DETECTABLE = ("", "m", "7", "maj7", "m7", "dim", "sus4")
# Plain triads are the likeliest reading; richer chords must earn their extra note.
QUALITY_PRIOR = np.repeat(np.array([0.0, 0.0, -0.03, -0.05, -0.04, -0.06, -0.08]), 12)
MIN_EXPLAINED = 0.6  # share of the window's sound the chord must account for
MIN_PITCH_CLASS_SHARE = 0.1
MIN_ACCOMPANIMENT_NOTES = 8  # fewer stray notes (grace notes, double stops) are not a part
BASS_BONUS = 0.15
TEMPLATES = np.array(
    [[1.0 if (pc - root) % 12 in {i % 12 for i in QUALITY_INTERVALS[q]} else 0.0 for pc in range(12)]
     for q in DETECTABLE for root in range(12)]
)


@dataclass(frozen=True)
class DetectedChord:
    symbol: str
    start: Fraction  # beats from the top of the file
    end: Fraction


def window_length(meter: Meter) -> Fraction:
    """Half a bar in 2/4, 4/4, 2/2; a whole bar in 3/4, 6/8 and other meters."""
    return meter.bar_length / 2 if meter.beats_per_bar in (2, 4) else meter.bar_length


def respell_flat(symbol: str) -> str:
    """'A#m7' -> 'Bbm7': a sharp root renamed as the enharmonic flat."""
    if len(symbol) > 1 and symbol[1] == "#":
        return FLAT_NAMES[SHARP_NAMES.index(symbol[:2])] + symbol[2:]
    return symbol


def detect_chords(notes: Sequence[RawNote], ticks_per_beat: int, meter: Meter) -> list[DetectedChord]:
    """Chords of the accompaniment notes (file ticks), merged where they repeat."""
    if len(notes) < MIN_ACCOMPANIMENT_NOTES:
        return []
    window_ticks = window_length(meter) * ticks_per_beat
    count = int(max(n.end for n in notes) / window_ticks) + 1
    profiles = np.zeros((count, 12))
    lowest = np.full(count, 128)
    for note in notes:
        first, last = int(note.start / window_ticks), int((note.end - 1) / window_ticks)
        for index in range(first, min(last, count - 1) + 1):
            begin, end = index * window_ticks, (index + 1) * window_ticks
            overlap = float(min(note.end, end) - max(note.start, begin))
            if overlap > 0:
                profiles[index, note.pitch % 12] += overlap
                lowest[index] = min(lowest[index], note.pitch)
    chords: list[DetectedChord] = []
    for index in range(count):
        total = profiles[index].sum()
        if total <= 0:
            continue
        profile = profiles[index] / total
        if np.count_nonzero(profile >= MIN_PITCH_CLASS_SHARE) < 2:
            continue  # one sounding pitch (a bass note, a drone) names no chord
        inside = TEMPLATES @ profile
        score = inside - 0.5 * (1 - inside) + QUALITY_PRIOR
        if lowest[index] < 128:
            bass = lowest[index] % 12
            roots = np.tile(np.arange(12), len(DETECTABLE))
            score = score + BASS_BONUS * (roots == bass)
        best = int(np.argmax(score))
        if inside[best] < MIN_EXPLAINED:
            continue
        quality, root = DETECTABLE[best // 12], best % 12
        symbol = SHARP_NAMES[root] + quality  # respelled for flat keys once the key is known
        start = ticks_to_beats(index * window_ticks, ticks_per_beat)
        end = ticks_to_beats((index + 1) * window_ticks, ticks_per_beat)
        if chords and chords[-1].symbol == symbol and chords[-1].end == start:
            chords[-1] = DetectedChord(symbol, chords[-1].start, end)
        else:
            chords.append(DetectedChord(symbol, start, end))
    return chords
