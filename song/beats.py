"""Exact musical time: quarter-note beats as Fractions on a 480-ticks-per-beat grid.

Floats drift (0.1 + 0.2 != 0.3) and would make "is this note inside its bar?" or "do these
notes overlap?" depend on rounding. Every time value in a song is therefore a `Fraction`
snapped to 1/480 of a quarter note, the resolution of most sequencers, which holds 16ths,
32nds, triplets and quintuplets exactly. JSON carries floats; reading them back snaps them to
the same grid, so a round trip is exact.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Union

from song.units import TICKS_PER_QUARTER

BeatsLike = Union[Fraction, int, float, str]


def to_beats(value: BeatsLike) -> Fraction:
    """Snap a number of quarter-note beats to the tick grid (raises ValueError on nonsense)."""
    if type(value) is Fraction and TICKS_PER_QUARTER % value.denominator == 0:
        return value  # already on the grid: the common case, kept cheap
    if isinstance(value, int) and not isinstance(value, bool):
        return Fraction(value)
    if isinstance(value, bool):
        raise ValueError(f"not a time in beats: {value!r}")
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        raise ValueError(f"not a time in beats: {value!r}")
    exact = Fraction(value)
    return Fraction(round(exact * TICKS_PER_QUARTER), TICKS_PER_QUARTER)


def ticks_to_beats(ticks: int | Fraction, ticks_per_beat: int = TICKS_PER_QUARTER) -> Fraction:
    """Beats for a tick count at any file resolution, snapped to our grid."""
    return to_beats(Fraction(ticks, ticks_per_beat))


def beats_to_ticks(beats: Fraction, ticks_per_beat: int = TICKS_PER_QUARTER) -> int:
    """Ticks at a given resolution for a time in beats (rounded to the nearest tick)."""
    return round(beats * ticks_per_beat)


def beats_to_json(beats: Fraction) -> float:
    """The JSON form of a time: a float (exact for every value a 480 grid can hold)."""
    return float(beats)
