"""Chord symbols from an arrangement's accompaniment, by template matching per beat.

Each beat gets a pitch-class profile of the accompaniment (duration-weighted) and its lowest
note. Every root and quality in `DETECTABLE` is scored as the weight of its chord tones minus
half the weight of other notes, plus a bonus when the bass is the root; sevenths and suspensions
must earn their extra note. The chord sequence is then the best path through those scores where
each change of chord costs `CHANGE_COST` (a Viterbi pass): chords last beats and bars, and a
passing note should not flip one. The beat grid follows the file's own onsets, since many files
(POP909's among them) do not start on a beat. Settings chosen on POP909's validation songs
(bench/arrangement_analysis.py --split valid: root 77% -> 87%, root and quality 48% -> 77%).
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

DETECTABLE = ("", "m", "7", "maj7", "m7", "dim", "sus4", "sus2")
# Plain triads are the likeliest reading; richer chords must earn their extra note.
QUALITY_PRIOR = np.repeat(np.array([0.0, 0.0, -0.15, -0.17, -0.16, -0.06, -0.2, -0.2]), 12)
MIN_PITCH_CLASS_SHARE = 0.1
MIN_ACCOMPANIMENT_NOTES = 8  # fewer stray notes (grace notes, double stops) are not a part
BASS_BONUS = 0.2
CHANGE_COST = 0.2
TEMPLATES = np.array(
    [[1.0 if (pc - root) % 12 in {i % 12 for i in QUALITY_INTERVALS[q]} else 0.0 for pc in range(12)]
     for q in DETECTABLE for root in range(12)]
)
ROOTS = np.tile(np.arange(12), len(DETECTABLE))


@dataclass(frozen=True)
class DetectedChord:
    symbol: str
    start: Fraction  # beats from the top of the file
    end: Fraction


def respell_flat(symbol: str) -> str:
    """'A#m7' -> 'Bbm7': a sharp root renamed as the enharmonic flat."""
    if len(symbol) > 1 and symbol[1] == "#":
        return FLAT_NAMES[SHARP_NAMES.index(symbol[:2])] + symbol[2:]
    return symbol


def beat_phase(notes: Sequence[RawNote], ticks_per_beat: int) -> int:
    """Where the file's beats fall, in ticks after each multiple of a beat: the offset of the
    eighth-note grid most onsets sit on, then whichever of its two eighths more onsets start on."""
    eighth = max(1, ticks_per_beat // 2)
    tolerance = max(1, ticks_per_beat // 16)
    counts = np.bincount([n.start % eighth for n in notes], minlength=eighth)
    near = np.array([counts[[(p + d) % eighth for d in range(-tolerance, tolerance + 1)]].sum() for p in range(eighth)])
    offset = int(np.argmax(near))

    def on_beat(phase: int) -> int:
        return sum(min((n.start - phase) % ticks_per_beat, ticks_per_beat - (n.start - phase) % ticks_per_beat) <= tolerance for n in notes)
    return max((offset, offset + eighth), key=on_beat) % ticks_per_beat


def detect_chords(notes: Sequence[RawNote], ticks_per_beat: int, meter: Meter) -> list[DetectedChord]:
    """Chords of the accompaniment notes (file ticks), one per beat at most, merged where they repeat."""
    if len(notes) < MIN_ACCOMPANIMENT_NOTES:
        return []
    window_ticks = meter.beat_length * ticks_per_beat
    phase = beat_phase(notes, ticks_per_beat)
    count = int((max(n.end for n in notes) - phase) / window_ticks) + 2
    profiles = np.zeros((count, 12))
    lowest = np.full(count, 128)
    for note in notes:
        first, last = int((note.start - phase) // window_ticks), int((note.end - 1 - phase) // window_ticks)
        for index in range(max(first, 0), min(last, count - 1) + 1):
            begin, end = phase + index * window_ticks, phase + (index + 1) * window_ticks
            overlap = float(min(note.end, end) - max(note.start, begin))
            if overlap > 0:
                profiles[index, note.pitch % 12] += overlap
                lowest[index] = min(lowest[index], note.pitch)
    totals = profiles.sum(axis=1, keepdims=True)
    shares = np.divide(profiles, totals, out=np.zeros_like(profiles), where=totals > 0)
    heard = np.count_nonzero(shares >= MIN_PITCH_CLASS_SHARE, axis=1) >= 2  # one pitch (a bass note, a drone) names no chord
    inside = shares @ TEMPLATES.T
    fit = np.where(heard[:, None], inside - 0.5 * (1 - inside) + QUALITY_PRIOR + BASS_BONUS * (ROOTS == (lowest % 12)[:, None]), -1.0)
    chords: list[DetectedChord] = []
    for index, best in enumerate(_smoothest_path(fit)):
        if not heard[index]:
            continue
        symbol = SHARP_NAMES[best % 12] + DETECTABLE[best // 12]  # respelled for flat keys once the key is known
        start = ticks_to_beats(phase + index * window_ticks, ticks_per_beat)
        end = ticks_to_beats(phase + (index + 1) * window_ticks, ticks_per_beat)
        if chords and chords[-1].symbol == symbol and chords[-1].end == start:
            chords[-1] = DetectedChord(symbol, chords[-1].start, end)
        else:
            chords.append(DetectedChord(symbol, start, end))
    return chords


def _smoothest_path(fit: np.ndarray) -> list[int]:
    """The chord for each window maximising the total fit less CHANGE_COST per change."""
    total = fit[0].copy()
    came_from = np.zeros(fit.shape, dtype=int)
    for index in range(1, len(fit)):
        best = int(np.argmax(total))
        stay = total >= total[best] - CHANGE_COST
        came_from[index] = np.where(stay, np.arange(fit.shape[1]), best)
        total = np.where(stay, total, total[best] - CHANGE_COST) + fit[index]
    path = [int(np.argmax(total))]
    for index in range(len(fit) - 1, 0, -1):
        path.append(int(came_from[index][path[-1]]))
    return path[::-1]
