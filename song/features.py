"""The project's shared measures of a melody.

Critique, edits, the model's controls and the benchmarks all read a section through these
numbers, so "more syncopated" or "a wider range" means the same thing everywhere. Each
function takes notes (monophonic, sorted, beats from the section start) plus what it needs
(meter, key, bar count) and is pure.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import asdict, dataclass
from fractions import Fraction
from typing import Sequence

from song.keys import Key
from song.limits import COMFORTABLE_RANGE_SEMITONES, LARGE_LEAP_SEMITONES, MONOTONE_RUN_NOTES
from song.meter import Meter
from song.metric import bar_weights, subdivisions
from song.model import Note, Section
from song.units import SIXTEENTH_BEATS, SIXTEENTHS_PER_QUARTER

def sixteenth_index(time: Fraction) -> int:
    """Index of the nearest 16th-note step (integer arithmetic: this runs for every note)."""
    numerator, denominator = time.numerator * SIXTEENTHS_PER_QUARTER, time.denominator
    return (2 * numerator + denominator) // (2 * denominator)


def syncopation_per_note(notes: Sequence[Note], meter: Meter) -> list[float]:
    """Longuet-Higgins & Lee syncopation of each note, scaled to 0..1.

    A note is syncopated when the span from its onset to the next onset (its sound and any
    rest after it) passes a metrically stronger position than the onset itself: the stronger
    that position relative to the onset, the stronger the syncopation. The raw LHL value
    (weight difference) is divided by the number of metrical levels.

    >>> from song.model import notes_from
    >>> syncopation_per_note(notes_from([(60, 0, 1), (62, 1, 1), (64, 2, 2)]), Meter(4, 4))
    [0.0, 0.0, 0.0]
    >>> syncopation_per_note(notes_from([(60, 0, 0.5), (62, 0.5, 1), (64, 1.5, 2.5)]), Meter(4, 4))
    [0.0, 0.25, 0.5]
    """
    weights = bar_weights(meter)
    levels = len(subdivisions(meter))
    bar_steps = len(weights)
    values = []
    for index, note in enumerate(notes):
        onset = sixteenth_index(note.start)
        following = sixteenth_index(notes[index + 1].start) if index + 1 < len(notes) else sixteenth_index(note.end)
        onset_weight = weights[onset % bar_steps]
        strongest = max((weights[p % bar_steps] for p in range(onset + 1, following)), default=onset_weight)
        values.append(max(0, strongest - onset_weight) / levels)
    return values


def syncopation(notes: Sequence[Note], meter: Meter) -> float:
    """Mean LHL syncopation over the notes (0 = every onset on its strongest nearby beat)."""
    values = syncopation_per_note(notes, meter)
    return sum(values) / len(values) if values else 0.0


def syncopation_by_bar(notes: Sequence[Note], meter: Meter, bars: int) -> list[float]:
    """Mean note syncopation of the notes starting in each bar (0 for empty bars)."""
    values = syncopation_per_note(notes, meter)
    sums, counts = [0.0] * bars, [0] * bars
    for note, value in zip(notes, values):
        bar = min(bars - 1, int(note.start // meter.bar_length))
        sums[bar] += value
        counts[bar] += 1
    return [s / c if c else 0.0 for s, c in zip(sums, counts)]


def weighted_note_to_beat_distance(notes: Sequence[Note], meter: Meter) -> float:
    """WNBD (Gómez et al. 2005): how far onsets sit from the beats, weighted by crossing.

    For each note, T is the distance from its onset to the nearest beat in beats; D is 0 on
    a beat, 1/T when the note ends by the next beat, 2/T when it carries across it. WNBD is
    the mean D. Squared-off melodies score 0; off-beat, tied rhythms score high.

    >>> from song.model import notes_from
    >>> weighted_note_to_beat_distance(notes_from([(60, 0, 1), (62, 1, 1)]), Meter(4, 4))
    0.0
    >>> weighted_note_to_beat_distance(notes_from([(60, 0.5, 1)]), Meter(4, 4))
    4.0
    """
    if not notes:
        return 0.0
    beat = meter.beat_length
    total = Fraction(0)
    for note in notes:
        start = sixteenth_index(note.start) * SIXTEENTH_BEATS  # played (unquantized) timing is read on the 16th grid
        offset = start % beat
        if offset == 0:
            continue
        distance = min(offset, beat - offset) / beat
        next_beat = start - offset + beat
        total += (1 if note.end <= next_beat else 2) / distance
    return float(total) / len(notes)


def note_density(notes: Sequence[Note], bars: int) -> float:
    """Notes per bar."""
    return len(notes) / bars if bars else 0.0


DURATION_GRID = Fraction(1, 12)  # 16ths and triplets: played lengths are read on this grid


def duration_entropy(notes: Sequence[Note]) -> float:
    """Shannon entropy (bits) of the note lengths, read on a 1/12-beat grid: 0 when every
    note is equally long.

    >>> from song.model import notes_from
    >>> duration_entropy(notes_from([(60, 0, 1), (62, 1, 1)]))
    0.0
    >>> duration_entropy(notes_from([(60, 0, 1), (62, 1, 0.5)]))
    1.0
    """
    counts = Counter(max(1, round(note.duration / DURATION_GRID)) for note in notes)
    total = len(notes)
    return -sum(c / total * math.log2(c / total) for c in counts.values()) + 0.0 if total else 0.0


def pitch_range(notes: Sequence[Note]) -> int:
    """Semitones from the lowest to the highest note."""
    return max(n.pitch for n in notes) - min(n.pitch for n in notes) if notes else 0


def tessitura(notes: Sequence[Note]) -> tuple[float, float]:
    """Where the melody lives: the duration-weighted 25th and 75th percentile pitches."""
    if not notes:
        return (0.0, 0.0)
    weighted = sorted((n.pitch, float(n.duration)) for n in notes)
    total = sum(w for _, w in weighted)

    def percentile(share: float) -> float:
        running = 0.0
        for pitch, weight in weighted:
            running += weight
            if running >= share * total:
                return float(pitch)
        return float(weighted[-1][0])

    return percentile(0.25), percentile(0.75)


def intervals(notes: Sequence[Note]) -> list[int]:
    """Signed semitone steps between consecutive notes."""
    return [b.pitch - a.pitch for a, b in zip(notes, notes[1:])]


def leap_ratio(notes: Sequence[Note]) -> float:
    """Share of melodic intervals larger than a whole tone (3 semitones or more)."""
    steps = intervals(notes)
    return sum(1 for s in steps if abs(s) >= 3) / len(steps) if steps else 0.0


def stepwise_ratio(notes: Sequence[Note]) -> float:
    """Share of intervals that are a semitone or a whole tone."""
    steps = intervals(notes)
    return sum(1 for s in steps if 1 <= abs(s) <= 2) / len(steps) if steps else 0.0


def largest_leap(notes: Sequence[Note]) -> int:
    """The widest interval between consecutive notes, in semitones."""
    return max((abs(s) for s in intervals(notes)), default=0)


def longest_repeated_run(notes: Sequence[Note]) -> int:
    """The most consecutive notes on one pitch (1 when no pitch repeats)."""
    best = run = 1 if notes else 0
    for a, b in zip(notes, notes[1:]):
        run = run + 1 if a.pitch == b.pitch else 1
        best = max(best, run)
    return best


def flaws(notes: Sequence[Note]) -> int:
    """How many of the critique's melody flaws the notes have (0-3): a run of one pitch
    (MONOTONE_RUN_NOTES or more), a leap of LARGE_LEAP_SEMITONES or more, a range beyond
    COMFORTABLE_RANGE_SEMITONES. Refine prefers candidates that bring none of these."""
    return ((longest_repeated_run(notes) >= MONOTONE_RUN_NOTES) + (largest_leap(notes) >= LARGE_LEAP_SEMITONES)
            + (pitch_range(notes) > COMFORTABLE_RANGE_SEMITONES))


def in_key_ratio(notes: Sequence[Note], key: Key) -> float:
    """Duration-weighted share of the melody that lies in the key's scale."""
    total = sum(n.duration for n in notes)
    inside = sum(n.duration for n in notes if key.contains(n.pitch))
    return float(inside / total) if total else 1.0


def contour(notes: Sequence[Note]) -> str:
    """The overall shape: 'rise', 'fall', 'arch', 'valley' or 'flat'.

    Compares the mean pitch of the first, middle and last thirds of the notes; a difference
    of under 1.5 semitones counts as level.
    """
    if len(notes) < 3:
        return "flat"
    third = len(notes) / 3
    parts = [notes[: max(1, int(third))], notes[int(third): max(int(third) + 1, int(2 * third))], notes[int(2 * third):]]
    first, middle, last = (sum(n.pitch for n in part) / len(part) for part in parts)
    tolerance = 1.5
    if middle - max(first, last) >= tolerance:
        return "arch"
    if min(first, last) - middle >= tolerance:
        return "valley"
    if last - first >= tolerance:
        return "rise"
    if first - last >= tolerance:
        return "fall"
    return "flat"


SCALE_DEGREE_NAMES = ("1", "b2", "2", "b3", "3", "4", "#4", "5", "b6", "6", "b7", "7")


@dataclass(frozen=True)
class Ending:
    """How the melody ends: the last note's scale degree and where it falls in the bar."""

    degree: str  # "1", "5", "b3"... relative to the key's tonic
    on_downbeat: bool
    on_beat: bool
    duration: float


def ending(notes: Sequence[Note], key: Key, meter: Meter) -> Ending | None:
    """The final note's degree in the key (semitones above the tonic) and its metric place."""
    if not notes:
        return None
    last = notes[-1]
    degree = SCALE_DEGREE_NAMES[(last.pitch - key.tonic_pitch_class) % 12]
    within_bar = last.start % meter.bar_length
    return Ending(degree, within_bar == 0, within_bar % meter.beat_length == 0, float(last.duration))


def bar_contents(notes: Sequence[Note], meter: Meter, bars: int) -> list[list[Note]]:
    """The notes starting in each bar (times kept relative to the section)."""
    contents: list[list[Note]] = [[] for _ in range(bars)]
    for note in notes:
        contents[min(bars - 1, int(note.start // meter.bar_length))].append(note)
    return contents


@dataclass(frozen=True)
class Repetition:
    """Bars that repeat an earlier bar: in rhythm (onsets and lengths) or in pitches too."""

    rhythm_repeats: int
    pitch_repeats: int
    bars_with_notes: int


def repetition(notes: Sequence[Note], meter: Meter, bars: int) -> Repetition:
    """Counts bars whose rhythm (or pitch sequence) already appeared in an earlier bar."""
    seen_rhythms, seen_pitches = set(), set()
    rhythm_repeats = pitch_repeats = filled = 0
    for index, content in enumerate(bar_contents(notes, meter, bars)):
        if not content:
            continue
        filled += 1
        origin = index * meter.bar_length
        rhythm = tuple((n.start - origin, n.duration) for n in content)
        pitches = tuple(n.pitch for n in content)
        rhythm_repeats += rhythm in seen_rhythms
        pitch_repeats += (rhythm, pitches) in seen_pitches
        seen_rhythms.add(rhythm)
        seen_pitches.add((rhythm, pitches))
    return Repetition(rhythm_repeats, pitch_repeats, filled)


def phrase_lengths(notes: Sequence[Note], meter: Meter) -> list[float]:
    """Lengths in bars of the phrases, split where a rest of a beat or more follows a note
    or a note of two beats or more ends a line."""
    if not notes:
        return []
    lengths, start = [], notes[0].start
    for current, following in zip(notes, notes[1:]):
        rest = following.start - current.end
        if rest >= meter.beat_length or current.duration >= 2 * meter.beat_length:
            lengths.append(float((current.end - start) / meter.bar_length))
            start = following.start
    lengths.append(float((notes[-1].end - start) / meter.bar_length))
    return lengths


@dataclass(frozen=True)
class SectionFeatures:
    """Every measure of one section, as the critique and the benchmarks report them."""

    bars: int
    notes: int
    syncopation: float
    syncopation_by_bar: tuple[float, ...]
    wnbd: float
    note_density: float
    duration_entropy: float
    pitch_range: int
    lowest: int
    highest: int
    tessitura: tuple[float, float]
    leap_ratio: float
    largest_leap: int
    stepwise_ratio: float
    longest_repeated_run: int
    in_key_ratio: float
    contour: str
    ending: Ending | None
    repetition: Repetition
    phrase_lengths: tuple[float, ...]

    def metrics(self) -> dict[str, float]:
        """The headline numbers, rounded, as the critique JSON's `metrics`."""
        return {
            "syncopation": round(self.syncopation, 3),
            "wnbd": round(self.wnbd, 3),
            "note_density": round(self.note_density, 2),
            "in_key_ratio": round(self.in_key_ratio, 3),
            "pitch_range": self.pitch_range,
            "leap_ratio": round(self.leap_ratio, 3),
            "duration_entropy": round(self.duration_entropy, 3),
        }

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def section_features(section: Section, meter: Meter, key: Key) -> SectionFeatures:
    """All measures of a section's melody in a meter and key."""
    notes = section.notes
    pitches = [n.pitch for n in notes]
    return SectionFeatures(
        bars=section.bars,
        notes=len(notes),
        syncopation=syncopation(notes, meter),
        syncopation_by_bar=tuple(syncopation_by_bar(notes, meter, section.bars)),
        wnbd=weighted_note_to_beat_distance(notes, meter),
        note_density=note_density(notes, section.bars),
        duration_entropy=duration_entropy(notes),
        pitch_range=pitch_range(notes),
        lowest=min(pitches, default=0),
        highest=max(pitches, default=0),
        tessitura=tessitura(notes),
        leap_ratio=leap_ratio(notes),
        largest_leap=largest_leap(notes),
        stepwise_ratio=stepwise_ratio(notes),
        longest_repeated_run=longest_repeated_run(notes),
        in_key_ratio=in_key_ratio(notes, key),
        contour=contour(notes),
        ending=ending(notes, key, meter),
        repetition=repetition(notes, meter, section.bars),
        phrase_lengths=tuple(phrase_lengths(notes, meter)),
    )
