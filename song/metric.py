"""Metrical weights: how strong each 16th-note position of a bar is, for any meter.

The bar is divided level by level (4/4: halves, beats, eighths, sixteenths; 6/8: dotted
quarters, eighths, sixteenths; 3/4: beats, eighths, sixteenths), and a position's weight is
minus the first level at which it starts a unit: 0 on the downbeat, -1 on the next strongest
positions, and so on (Longuet-Higgins & Lee 1984). Syncopation and "strong beat" everywhere
in the project use these weights.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

from song.meter import Meter
from song.units import SIXTEENTH_BEATS, SIXTEENTHS_PER_QUARTER



def _prime_factors(number: int) -> list[int]:
    factors, divisor = [], 2
    while number > 1:
        while number % divisor == 0:
            factors.append(divisor)
            number //= divisor
        divisor += 1
    return factors


def subdivisions(meter: Meter) -> tuple[int, ...]:
    """How the bar splits, level by level, down to 16ths (4/4 -> (2, 2, 2, 2))."""
    beat_steps = int(meter.beat_length / SIXTEENTH_BEATS)
    beats = meter.beats_per_bar
    if beats == 4:
        top = [2, 2]
    elif beats in (5, 7):
        top = [beats]  # irregular: every beat is equally a beat
    else:
        top = _prime_factors(beats) or []
    below = [3] + _prime_factors(beat_steps // 3) if meter.is_compound else _prime_factors(beat_steps)
    levels = tuple(level for level in top + below if level > 1)
    return levels or (1,)


@lru_cache(maxsize=64)
def bar_weights(meter: Meter) -> tuple[int, ...]:
    """Weight of each 16th position in a bar: 0 on the downbeat, more negative for weaker."""
    steps = int(meter.bar_length * SIXTEENTHS_PER_QUARTER)
    levels = subdivisions(meter)
    weights = []
    for position in range(steps):
        unit, weight = steps, -len(levels)
        for depth, split in enumerate(levels):
            if position % unit == 0:
                weight = -depth
                break
            unit //= split
        weights.append(weight)
    return tuple(weights)


def weight_at(meter: Meter, time: Fraction) -> int:
    """Weight of the 16th-grid position nearest to a time (beats from a bar line)."""
    weights = bar_weights(meter)
    step_index = round(time * SIXTEENTHS_PER_QUARTER)
    return weights[step_index % len(weights)]
