"""A melody as one fixed-length vector, for "what existing tunes sound like my chorus?".

The vector is built from song/features.py and is transposition-invariant: pitches count
relative to the tonic (the key finder moves with a transposition), intervals and rhythm carry
no pitch at all. It is a concatenation of blocks, each normalised to unit length and then
weighted, so that no block drowns the others by having more dimensions:

- scale-degree histogram (12, duration-weighted), interval histogram (25: -12..+12, clipped),
  duration histogram (8 bins in quarters), contour (shares of steps up, down, repeated);
- scalars: syncopation, density, range, stepwise share (scaled to roughly 0-1);
- scale-degree transitions (144: which degree follows which). This block is what tells one
  tune from another among thousands with similar histograms, and it survives transposition,
  a few changed notes and rhythmic edits (syncopation moves onsets, not pitches).

Cosine similarity between two vectors is the music score of the reference library.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Sequence

from song.features import note_density, pitch_range, stepwise_ratio, syncopation
from song.keys import Key
from song.meter import Meter
from song.model import Note

DURATION_EDGES = (Fraction(1, 4), Fraction(1, 3), Fraction(1, 2), Fraction(3, 4), Fraction(1), Fraction(3, 2), Fraction(2))
BLOCK_WEIGHTS = {"degrees": 1.0, "intervals": 1.0, "durations": 0.6, "contour": 0.4, "scalars": 0.6, "transitions": 2.0}
BLOCK_SIZES = {"degrees": 12, "intervals": 25, "durations": len(DURATION_EDGES) + 1, "contour": 3, "scalars": 4, "transitions": 144}


def _block_ranges() -> dict[str, tuple[int, int]]:
    ranges, start = {}, 0
    for name, size in BLOCK_SIZES.items():
        ranges[name] = (start, start + size)
        start += size
    return ranges


BLOCKS = _block_ranges()  # name -> (start, stop) in the vector, for explaining a match
SIZE = sum(BLOCK_SIZES.values())


def _unit(values: list[float], weight: float) -> list[float]:
    norm = math.sqrt(sum(v * v for v in values))
    return [weight * v / norm for v in values] if norm else [0.0] * len(values)


def music_vector(notes: Sequence[Note], meter: Meter, key: Key, bars: int) -> list[float]:
    """The melody's fingerprint (SIZE floats, unit length; all zeros for no notes).

    >>> from song.model import Note
    >>> tune = [Note(p, Fraction(i, 2), Fraction(1, 2)) for i, p in enumerate([60, 62, 64, 65, 67, 65, 64, 60])]
    >>> up = [Note(n.pitch + 5, n.start, n.duration) for n in tune]
    >>> a = music_vector(tune, Meter.parse("4/4"), Key.parse("C major"), 2)
    >>> b = music_vector(up, Meter.parse("4/4"), Key.parse("F major"), 2)
    >>> len(a) == SIZE and max(abs(x - y) for x, y in zip(a, b)) < 1e-9
    True
    """
    if not notes:
        return [0.0] * SIZE
    tonic = key.tonic_pitch_class
    degrees = [0.0] * 12
    for note in notes:
        degrees[(note.pitch - tonic) % 12] += float(note.duration)
    steps = [b.pitch - a.pitch for a, b in zip(notes, notes[1:])]
    interval_counts = [0.0] * 25
    for step in steps:
        interval_counts[max(-12, min(12, step)) + 12] += 1
    durations = [0.0] * (len(DURATION_EDGES) + 1)
    for note in notes:
        durations[sum(1 for edge in DURATION_EDGES if note.duration >= edge)] += 1
    contour = [sum(1 for s in steps if s > 0), sum(1 for s in steps if s < 0), sum(1 for s in steps if s == 0)]
    scalars = [min(1.0, syncopation(notes, meter) * 5), min(1.0, note_density(notes, bars) / 10),
               min(1.0, pitch_range(notes) / 24), stepwise_ratio(notes)]
    transitions = [0.0] * 144
    for a, b in zip(notes, notes[1:]):
        transitions[((a.pitch - tonic) % 12) * 12 + (b.pitch - tonic) % 12] += 1
    vector = (_unit(degrees, BLOCK_WEIGHTS["degrees"]) + _unit(interval_counts, BLOCK_WEIGHTS["intervals"])
              + _unit(durations, BLOCK_WEIGHTS["durations"]) + _unit([float(c) for c in contour], BLOCK_WEIGHTS["contour"])
              + [BLOCK_WEIGHTS["scalars"] * s / 2 for s in scalars] + _unit(transitions, BLOCK_WEIGHTS["transitions"]))
    assert len(vector) == SIZE
    return _unit(vector, 1.0)
