"""A first estimate of a melody's key, for files with no (or a doubtful) key signature.

Krumhansl-Kessler profile correlation over the duration-weighted pitch classes, with the
file's key signature as a small prior. The critique issue builds the stronger key finder;
this one only has to name a sensible key when a file is imported.
"""

from __future__ import annotations

from math import sqrt
from typing import Iterable

from song.keys import Key

KRUMHANSL_MAJOR = (6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88)
KRUMHANSL_MINOR = (6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17)
MAJOR_SPELLING = ("C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
MINOR_SPELLING = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "G#", "A", "Bb", "B")
SIGNATURE_PRIOR = 0.05


def _correlation(xs: list[float], ys: tuple[float, ...]) -> float:
    mx, my = sum(xs) / 12, sum(ys) / 12
    num = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    den = sqrt(sum((x - mx) ** 2 for x in xs) * sum((y - my) ** 2 for y in ys))
    return num / den if den else 0.0


def key_scores(pitches_and_weights: Iterable[tuple[int, float]], prior: Key | None = None) -> list[tuple[float, Key]]:
    """All 24 major/minor keys with their scores, best first."""
    histogram = [0.0] * 12
    for pitch, weight in pitches_and_weights:
        histogram[pitch % 12] += weight
    scored: list[tuple[float, Key]] = []
    for tonic in range(12):
        for profile, mode, spelling in (
            (KRUMHANSL_MAJOR, "major", MAJOR_SPELLING),
            (KRUMHANSL_MINOR, "minor", MINOR_SPELLING),
        ):
            rotated = tuple(profile[(pc - tonic) % 12] for pc in range(12))
            key = Key(spelling[tonic], mode)
            score = _correlation(histogram, rotated)
            if prior is not None and prior.tonic_pitch_class == tonic and prior.mode == mode:
                score += SIGNATURE_PRIOR
            scored.append((score, key))
    scored.sort(key=lambda item: -item[0])
    return scored


def estimate_key(pitches_and_weights: Iterable[tuple[int, float]], prior: Key | None = None) -> Key:
    """The best-scoring key; the prior (the file's signature) wins near-ties."""
    return key_scores(pitches_and_weights, prior)[0][1]
