"""Finding the key of a melody, better than a single profile correlation.

music21's default (Krumhansl-Schmuckler) correlates one pitch-class profile with the notes.
Melodies carry more evidence than that, and we use it:
- five published profiles (Krumhansl-Kessler, Aarden-Essen, Bellman-Budge,
  Temperley-Kostka-Payne, Sapp's simple weights), correlated with a pitch-class histogram
  in which each note counts by its length and its metric strength;
- the final note (tunes end on the tonic far more often than anywhere else), weighted by how
  conclusive it is (long, on a strong beat), and the first note;
- the tonic triad in the first and last bars;
- a key signature, when the file has one, as a weak prior only (files often carry a wrong one);
- the chords, when there are any (given, or detected in an arrangement's accompaniment).
The weights combining them were tuned on one part of music21's folk corpus and are measured
on another (bench/key_accuracy.py). Major and minor keys are judged; modes are not.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

import numpy as np

from song.keys import Key
from song.meter import Meter
from song.chords import parse_chord_symbol
from song.model import Chord, Note

PROFILES: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] = {
    "krumhansl_kessler": (
        (6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88),
        (6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17),
    ),
    "aarden_essen": (
        (17.7661, 0.145624, 14.9265, 0.160186, 19.8049, 11.3587, 0.291248, 22.062, 0.145624, 8.15494, 0.232998, 4.95122),
        (18.2648, 0.737619, 14.0499, 16.8599, 0.702494, 14.4362, 0.702494, 18.6161, 4.56621, 1.93186, 7.37619, 1.75623),
    ),
    "bellman_budge": (
        (16.8, 0.86, 12.95, 1.41, 13.49, 11.93, 1.25, 20.28, 1.8, 8.04, 0.62, 10.57),
        (18.16, 0.69, 12.99, 13.34, 1.07, 11.15, 1.38, 21.07, 7.49, 1.53, 0.92, 10.21),
    ),
    "temperley_kostka_payne": (
        (0.748, 0.06, 0.488, 0.082, 0.67, 0.46, 0.096, 0.715, 0.104, 0.366, 0.057, 0.4),
        (0.712, 0.084, 0.474, 0.618, 0.049, 0.46, 0.105, 0.747, 0.404, 0.067, 0.133, 0.33),
    ),
    "simple": (
        (2, 0, 1, 0, 1, 1, 0, 2, 0, 1, 0, 1),
        (2, 0, 1, 1, 0, 1, 0, 2, 1, 0, 0.5, 0.5),
    ),
}
EVIDENCE = tuple(PROFILES) + ("final_tonic", "final_fifth", "first_tonic", "last_bar_triad", "first_bar_triad")
# Tuned by bench/tune_key_weights.py on the tuning split of bench/key_corpus.py.
# Negative weights on two profiles are not a mistake: the profiles overlap, and the tuned
# combination uses their differences.
WEIGHTS = dict(zip(EVIDENCE, (0.8, -0.1, -0.3, 0.2, 0.1, 1.0, -0.05, 0.05, 0.1, -0.1)))
SIGNATURE_PRIOR = 0.04
# Chords (given, or detected in an arrangement) weigh as much as the final note. Set by
# hand: the folk corpus the other weights were tuned on has no chords.
CHORD_WEIGHT = 1.0
ENDING_WEIGHT_WITH_CHORDS = 0.5  # arranged songs often end off the tonic or fade out
TEMPERATURE = 8.0  # softmax sharpness turning scores into a confidence (calibrated by the same script)
MAJOR_SPELLING = ("C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
MINOR_SPELLING = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "G#", "A", "Bb", "B")
CANDIDATES = tuple(Key(MAJOR_SPELLING[t], "major") for t in range(12)) + tuple(
    Key(MINOR_SPELLING[t], "minor") for t in range(12)
)


def zscore(rows: np.ndarray) -> np.ndarray:
    centred = rows - rows.mean(axis=-1, keepdims=True)
    norm = np.linalg.norm(centred, axis=-1, keepdims=True)
    return centred / np.where(norm == 0, 1, norm)


def _rotations(profile: Sequence[float]) -> np.ndarray:
    """12 x 12: row t is the profile moved to tonic t."""
    base = np.asarray(profile, dtype=float)
    return np.stack([np.roll(base, t) for t in range(12)])


PROFILE_MATRICES = {
    name: zscore(np.vstack([_rotations(major), _rotations(minor)])) for name, (major, minor) in PROFILES.items()
}
TONICS = np.array([t for t in range(12)] * 2)
TRIADS = zscore(np.vstack([_rotations((1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0)), _rotations((1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0))]))


@dataclass(frozen=True)
class KeyCandidate:
    key: Key
    score: float


@dataclass(frozen=True)
class KeyEstimate:
    """The key found, how sure (0..1), and the runners-up (relative and parallel included)."""

    key: Key
    confidence: float
    score: float
    alternatives: tuple[KeyCandidate, ...]


def _strength(meter: Meter, start: Fraction) -> float:
    within = start % meter.bar_length
    if within == 0:
        return 1.0
    return 0.5 if within % meter.beat_length == 0 else 0.0


def _histogram(notes: Sequence[Note], meter: Meter) -> np.ndarray:
    histogram = np.zeros(12)
    for note in notes:
        histogram[note.pitch % 12] += float(note.duration) * (1.0 + _strength(meter, note.start))
    return histogram


def evidence(notes: Sequence[Note], meter: Meter) -> np.ndarray:
    """24 candidate keys x len(EVIDENCE) numbers; the key score is their weighted sum."""
    table = np.zeros((24, len(EVIDENCE)))
    if not notes:
        return table
    histogram = zscore(_histogram(notes, meter)[None, :])[0]
    for column, name in enumerate(PROFILES):
        table[:, column] = PROFILE_MATRICES[name] @ histogram
    column = len(PROFILES)
    last, first = notes[-1], notes[0]
    conclusive = 0.5 + 0.25 * _strength(meter, last.start) + 0.25 * min(1.0, float(last.duration / meter.beat_length))
    table[:, column] = (TONICS == last.pitch % 12) * conclusive
    table[:, column + 1] = (TONICS == (last.pitch - 7) % 12) * conclusive
    table[:, column + 2] = TONICS == first.pitch % 12
    bar = meter.bar_length
    last_bar = [n for n in notes if n.start >= last.start - (last.start % bar) - bar]
    first_bar = [n for n in notes if n.start < first.start - (first.start % bar) + bar]
    for offset, part in ((3, last_bar), (4, first_bar)):
        table[:, column + offset] = TRIADS @ zscore(_histogram(part, meter)[None, :])[0]
    return table


def chord_evidence(chords: Sequence[Chord]) -> np.ndarray:
    """Correlation of the chords' pitch classes (by duration) with the Krumhansl-Kessler
    profile of each key. An arrangement's harmony names the key more reliably than a pop
    melody, which may end on any degree (or fade out)."""
    histogram = np.zeros(12)
    for chord in chords:
        for pitch_class in parse_chord_symbol(chord.symbol).pitch_classes:
            histogram[pitch_class] += float(chord.duration)
    if not histogram.any():
        return np.zeros(24)
    profile_fit = PROFILE_MATRICES["krumhansl_kessler"] @ zscore(histogram[None, :])[0]
    return profile_fit + tonic_chord_share(chords)


def tonic_chord_share(chords: Sequence[Chord]) -> np.ndarray:
    """Share of the harmony's time spent on each candidate's tonic chord (I in major, i in
    minor, sevenths included): songs keep coming home to their tonic chord."""
    share = np.zeros(24)
    total = sum(float(c.duration) for c in chords)
    for chord in chords:
        spec = parse_chord_symbol(chord.symbol)
        third = {4: 0, 3: 12}.get(next((i for i in spec.intervals if i in (3, 4)), -1))
        if third is not None:
            share[spec.root + third] += float(chord.duration) / total
    return share


def scores(
    notes: Sequence[Note],
    meter: Meter,
    signature: Key | None = None,
    chords: Sequence[Chord] = (),
    weights: dict[str, float] = WEIGHTS,
) -> np.ndarray:
    """The combined score of each of the 24 CANDIDATES."""
    table = evidence(notes, meter)
    if chords:
        table[:, list(EVIDENCE).index("final_tonic")] *= ENDING_WEIGHT_WITH_CHORDS
    combined = table @ np.array([weights[name] for name in EVIDENCE])
    if chords:
        combined = combined + CHORD_WEIGHT * chord_evidence(chords)
    if signature is not None:
        for index, candidate in enumerate(CANDIDATES):
            if candidate.fifths == signature.fifths and candidate.mode == signature.mode:
                combined[index] += SIGNATURE_PRIOR
    return combined


def find_key(
    notes: Sequence[Note],
    meter: Meter,
    signature: Key | None = None,
    chords: Sequence[Chord] = (),
    alternatives: int = 4,
) -> KeyEstimate:
    """The most likely key, its confidence, and the best alternatives.

    The alternatives are the next best keys, always including the relative and the
    parallel key of the winner (the usual confusions), each with its score.
    """
    return estimate(scores(notes, meter, signature, chords), TEMPERATURE, alternatives)


def estimate(combined: np.ndarray, temperature: float, alternatives: int = 4) -> KeyEstimate:
    """The best of the 24 candidates' scores, its confidence (a softmax at `temperature`) and the
    alternatives: the next best, always with the winner's relative and parallel key."""
    order = list(np.argsort(-combined))
    best = order[0]
    shifted = np.exp(temperature * (combined - combined[best]))
    confidence = float(1.0 / shifted.sum())
    winner = CANDIDATES[best]
    related = {_relative(winner), _parallel(winner)}
    chosen = [i for i in order[1:] if CANDIDATES[i].tonic_pitch_class * 2 + (CANDIDATES[i].mode == "minor") in related]
    chosen += [i for i in order[1:] if i not in chosen][: max(0, alternatives - len(chosen))]
    chosen.sort(key=lambda i: -combined[i])
    return KeyEstimate(
        winner,
        round(confidence, 3),
        round(float(combined[best]), 3),
        tuple(KeyCandidate(CANDIDATES[i], round(float(combined[i]), 3)) for i in chosen),
    )


def _relative(key: Key) -> int:
    if key.mode == "major":
        return ((key.tonic_pitch_class + 9) % 12) * 2 + 1
    return ((key.tonic_pitch_class + 3) % 12) * 2


def _parallel(key: Key) -> int:
    return key.tonic_pitch_class * 2 + (key.mode == "major")


@dataclass(frozen=True)
class KeyWindow:
    first_bar: int  # 1-based, inclusive
    last_bar: int
    estimate: KeyEstimate


def key_windows(notes: Sequence[Note], meter: Meter, bars: int, window: int = 4, hop: int = 2) -> list[KeyWindow]:
    """Keys of overlapping stretches of `window` bars, every `hop` bars."""
    windows = []
    bar = meter.bar_length
    starts = [n.start for n in notes]
    for first in range(0, max(1, bars - window + 1), hop):
        begin, end = first * bar, (first + window) * bar
        part = notes[bisect_left(starts, begin):bisect_left(starts, end)]
        if len(part) >= 4:
            windows.append(KeyWindow(first + 1, min(bars, first + window), find_key(part, meter)))
    return windows


def modulations(notes: Sequence[Note], meter: Meter, bars: int, home: Key, min_bars: int = 16) -> list[KeyWindow]:
    """Stretches of a long section (>= min_bars) that sit in another key than `home`.

    Two or more consecutive windows agreeing on a key other than home, each fairly sure,
    make one modulation (merged into a single stretch of bars).
    """
    if bars < min_bars:
        return []
    found: list[KeyWindow] = []
    run: list[KeyWindow] = []
    for current in key_windows(notes, meter, bars) + [None]:  # type: ignore[list-item]
        elsewhere = current is not None and current.estimate.key != home and current.estimate.confidence >= 0.5
        if elsewhere and (not run or run[-1].estimate.key == current.estimate.key):
            run.append(current)
            continue
        if len(run) >= 2:
            found.append(KeyWindow(run[0].first_bar, run[-1].last_bar, run[0].estimate))
        run = [current] if elsewhere else []
    return found
