"""How much of one melody another one repeats: the longest run of notes they share.

Notes are compared as (interval to the next note, length), so a transposed copy still counts
as a copy. A shared run of n such steps spans n + 1 notes. Used to flag a generated melody
that follows a known tune too closely, and by the model's novelty measurement.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

from song.model import Note

Step = tuple[int, Fraction]


def shape(notes: Sequence[Note]) -> list[Step]:
    """(interval to the next pitch, length) for every note but the last."""
    return [(b.pitch - a.pitch, a.duration) for a, b in zip(notes, notes[1:])]


def longest_shared_run(a: Sequence[Note], b: Sequence[Note]) -> int:
    """The most consecutive notes `a` and `b` have in common, in any key.

    >>> from song.model import Note
    >>> tune = [Note(p, Fraction(i), Fraction(1)) for i, p in enumerate([60, 62, 64, 65, 67, 60])]
    >>> copy = [Note(p + 7, Fraction(i), Fraction(1)) for i, p in enumerate([50, 60, 62, 64, 65, 55])]
    >>> longest_shared_run(tune, copy)
    4
    """
    x, y = shape(a), shape(b)
    best = 0
    previous = [0] * (len(y) + 1)
    for i in range(1, len(x) + 1):
        current = [0] * (len(y) + 1)
        for j in range(1, len(y) + 1):
            if x[i - 1] == y[j - 1]:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best + 1 if best else min(1, len(a), len(b))
