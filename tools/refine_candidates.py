"""Candidate makers for refine_section (tools/refine.py): each takes an `Attempt` (the best
section so far, the section as the user had it, key, meter, the melody model, a seed) and
returns sections to measure. Direct edits change as few notes as they can (a long final tonic,
a motif copied, peaks moved a scale step, notes folded by an octave, an even rhythm); the
model's candidates rewrite bars in a pitch window that pulls toward the goal, or re-voice the
tune a fourth away. Everything a candidate does not rewrite stays as it was."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

from models.api import MODEL_PITCH_RANGE, Request
from models.sample import SamplingOptions
from song.edits import edit_section
from song.errors import BadInput
from song.keys import Key
from song.limits import SUNG_HIGHEST_PITCH, SUNG_LOWEST_PITCH
from song.meter import Meter
from song.model import Note, Section, Song

CANDIDATES = 6  # model samples per rewrite
LARGEST_SINGABLE_LEAP_SEMITONES = 9  # a major sixth: wider leaps are folded by an octave
REGISTER_MOVE_SEMITONES = 3  # how far "lower/higher register" moves the melody's middle, at least


@dataclass(frozen=True)
class Attempt:
    """What a candidate maker works from: the best section so far, the section as the user
    had it (targets are relative to it), the song's key and meter, the model, a seed."""

    section: Section
    original: Section
    key: Key
    meter: Meter
    model: object
    seed: int


Maker = Callable[[Attempt], list[Section]]


def _bar_of(note: Note, meter: Meter) -> int:
    return int(note.start // meter.bar_length) + 1


def with_final_tonic(section: Section, key: Key, meter: Meter) -> Section:
    """The last bar becomes one long tonic, nearest the last note: the textbook firm ending.
    Notes before the last bar stay as they are (one held into it is cut at its downbeat)."""
    start = (section.bars - 1) * meter.bar_length
    kept = [n if n.end <= start else dataclasses.replace(n, duration=start - n.start)
            for n in section.notes if n.start < start]
    last = section.notes[-1]
    tonic = _nearest_tonic(last.pitch, key)
    return section.replace(notes=tuple(kept) + (dataclasses.replace(last, pitch=tonic, start=start, duration=meter.bar_length),))


def _nearest_tonic(pitch: int, key: Key) -> int:
    return min((p for p in range(pitch - 6, pitch + 7) if p % 12 == key.tonic_pitch_class), key=lambda p: abs(p - pitch))


def final_tonic(attempt: Attempt) -> list[Section]:
    return [with_final_tonic(attempt.section, attempt.key, attempt.meter)] if attempt.section.bars > 1 else []


def last_note_to_tonic(attempt: Attempt) -> list[Section]:
    """Only the last note moves, to the nearest tonic: everything else as it was."""
    notes = attempt.section.notes
    moved = dataclasses.replace(notes[-1], pitch=_nearest_tonic(notes[-1].pitch, attempt.key))
    return [attempt.section.replace(notes=notes[:-1] + (moved,))]


def with_bar_copied(section: Section, meter: Meter, source: int, target: int) -> Section:
    """Bar `target` (1-based) replaced by the notes that start in bar `source`: a motif comes
    back. A last note tied over the bar line comes along whole (syncopated melodies anticipate
    the next bar), and the notes it then covers at the start of the next bar are absorbed."""
    length = meter.bar_length
    shift = (target - source) * length
    end = section.bars * length
    moved = [dataclasses.replace(n, start=n.start + shift, duration=min(n.duration, end - n.start - shift))
             for n in section.notes if _bar_of(n, meter) == source]
    covered_until = max((n.end for n in moved), default=target * length)
    kept = [n for n in section.notes if _bar_of(n, meter) != target and not (target * length <= n.start < covered_until)]
    kept = [n if n.end <= (target - 1) * length or n.start >= target * length
            else dataclasses.replace(n, duration=(target - 1) * length - n.start) for n in kept]
    return section.replace(notes=tuple(sorted(kept + moved, key=lambda n: n.start)))


def bar_copies(attempt: Attempt) -> list[Section]:
    section = attempt.section
    if section.bars < 4:
        return []
    half = section.bars // 2
    return [with_bar_copied(section, attempt.meter, source, source + half) for source in range(1, half + 1)]


def octave_moves(toward: Callable[[Note, int, int, int], int | None]) -> Maker:
    """Each note that `toward` picks, moved an octave (one candidate per note)."""
    def make(attempt: Attempt) -> list[Section]:
        notes = list(attempt.section.notes)
        middle = sorted(n.pitch for n in notes)[len(notes) // 2]
        low, high = min(n.pitch for n in notes), max(n.pitch for n in notes)
        moved = []
        for index, note in enumerate(notes):
            leaps = [abs(note.pitch - notes[j].pitch) for j in (index - 1, index + 1) if 0 <= j < len(notes)]
            shifted = toward(note, middle, low, high) if max(leaps, default=0) > LARGEST_SINGABLE_LEAP_SEMITONES or note.pitch in (low, high) else None
            if shifted is not None and SUNG_LOWEST_PITCH <= shifted <= SUNG_HIGHEST_PITCH:
                moved.append(attempt.section.replace(notes=tuple(notes[:index] + [dataclasses.replace(note, pitch=shifted)] + notes[index + 1:])))
        return moved
    return make


def toward_middle(note: Note, middle: int, low: int, high: int) -> int:
    """The singer's fix for an awkward jump or an extreme note: an octave toward the middle."""
    return note.pitch - 12 if note.pitch > middle else note.pitch + 12


def move_extremes(outward: bool) -> Maker:
    """The peak (every note on the highest pitch) and the floor (every note on the lowest) a
    scale step further apart (outward) or closer together, one or both: the contour keeps its
    shape, few notes change."""
    def make(attempt: Attempt) -> list[Section]:
        notes = attempt.section.notes
        scale = set(attempt.key.scale_pitch_classes)
        top, bottom = max(n.pitch for n in notes), min(n.pitch for n in notes)
        up, down = (1, -1) if outward else (-1, 1)

        def step(pitch: int, direction: int) -> int:
            return next((p for p in range(pitch + direction, pitch + 4 * direction, direction) if p % 12 in scale),
                        pitch + direction)
        new_top, new_bottom = step(top, up), step(bottom, down)
        if new_top <= new_bottom or not (MODEL_PITCH_RANGE[0] <= new_bottom and new_top <= MODEL_PITCH_RANGE[1]):
            return []

        def moved(pitch_map: dict[int, int]) -> Section:
            return attempt.section.replace(notes=tuple(
                dataclasses.replace(n, pitch=pitch_map[n.pitch]) if n.pitch in pitch_map else n for n in notes))
        return [moved({top: new_top}), moved({bottom: new_bottom}), moved({top: new_top, bottom: new_bottom})]
    return make


def whole_octave(semitones: int) -> Maker:
    """The section an octave down or up, when it stays where voices sing."""
    def make(attempt: Attempt) -> list[Section]:
        pitches = [n.pitch + semitones for n in attempt.section.notes]
        if min(pitches) < SUNG_LOWEST_PITCH or max(pitches) > SUNG_HIGHEST_PITCH:
            return []
        return [attempt.section.replace(notes=tuple(dataclasses.replace(n, pitch=p) for n, p in zip(attempt.section.notes, pitches)))]
    return make


def with_even_rhythm(section: Section, meter: Meter, grid_beats: Fraction) -> Section:
    """Every onset on the grid (eighths, say) and every note held to the next onset or to its
    own end on the grid: dotted and sixteenth figures even out, pitches stay; of two notes that
    land on one grid point the first is kept."""
    end = section.bars * meter.bar_length
    snapped: dict[Fraction, Note] = {}
    for note in section.notes:
        onset = round(note.start / grid_beats) * grid_beats
        if onset < end and onset not in snapped:
            snapped[onset] = dataclasses.replace(note, start=onset)
    onsets = sorted(snapped)
    notes = []
    for index, onset in enumerate(onsets):
        note = snapped[onset]
        following = onsets[index + 1] if index + 1 < len(onsets) else end
        own_end = max(onset + grid_beats, round((onset + note.duration) / grid_beats) * grid_beats)
        notes.append(dataclasses.replace(note, duration=min(following, own_end, end) - onset))
    return section.replace(notes=tuple(notes))


def even_rhythms(attempt: Attempt) -> list[Section]:
    """The section on an eighth-note grid and on a beat grid (pitches kept)."""
    meter = attempt.meter
    eighth = meter.beat_length / 3 if meter.is_compound else meter.beat_length / 2
    return [with_even_rhythm(attempt.section, meter, eighth), with_even_rhythm(attempt.section, meter, meter.beat_length)]


def rhythm_edits(attempt: Attempt) -> list[Section]:
    """straighten and simplify (song/edits) at a few strengths, alone and together."""
    song = Song("refine", attempt.key, attempt.meter, 120.0, (attempt.section,))
    name = attempt.section.name
    results = []
    for operation, amount in (("straighten", 0.5), ("straighten", 1.0), ("simplify", 0.3), ("simplify", 0.6)):
        edited, _ = edit_section(song, name, operation, amount)
        results.append(edited.section(name))
    straight, _ = edit_section(song, name, "straighten", 1.0)
    results.append(edit_section(straight, name, "simplify", 0.3)[0].section(name))
    return results


def infills(spans: Callable[[Attempt], list[tuple[int, int]]], windows: Callable[[Attempt], list[tuple[int, int]]],
             tonic: bool = False) -> Maker:
    """Bars rewritten by the model (spans, 1-based inclusive) inside pitch windows that pull
    toward the goal; the rest of the section is kept as it was (models/api.py splices)."""
    def make(attempt: Attempt) -> list[Section]:
        results: list[Section] = []
        for first, last in spans(attempt):
            for lowest, highest in windows(attempt):
                lowest, highest = max(MODEL_PITCH_RANGE[0], lowest), min(MODEL_PITCH_RANGE[1], highest)
                if highest - lowest < 7:
                    continue
                request = Request(attempt.key, attempt.meter, attempt.section.bars, low=lowest, high=highest)
                options = SamplingOptions(seed=attempt.seed, tonic=attempt.key.tonic_pitch_class if tonic else None)
                try:
                    results += attempt.model.infill(attempt.section, request, first, last, n=CANDIDATES, options=options)
                except BadInput:
                    continue
        return results
    return make


def _pitches(attempt: Attempt) -> list[int]:
    return [n.pitch for n in attempt.section.notes]


def last_bars(attempt: Attempt) -> list[tuple[int, int]]:
    return [(max(1, attempt.section.bars - 1), attempt.section.bars)]


def middle_bars(attempt: Attempt) -> list[tuple[int, int]]:
    middle = max(1, round(attempt.section.bars * 0.6))
    return [(middle, min(attempt.section.bars, middle + 1))]


def second_half_bars(attempt: Attempt) -> list[tuple[int, int]]:
    bars = attempt.section.bars
    return [(max(1, bars // 2 + 1), min(bars, bars // 2 + 2))]


def extreme_bars(attempt: Attempt) -> list[tuple[int, int]]:
    pitches = _pitches(attempt)
    extremes = {_bar_of(n, attempt.meter) for n in attempt.section.notes if n.pitch in (min(pitches), max(pitches))}
    return [(b, b) for b in sorted(extremes)][:2] or [(1, 1)]


def highest_bars(attempt: Attempt) -> list[tuple[int, int]]:
    top = max(_pitches(attempt))
    return [(b, b) for b in sorted({_bar_of(n, attempt.meter) for n in attempt.section.notes if n.pitch == top})][:2]


def lowest_bars(attempt: Attempt) -> list[tuple[int, int]]:
    bottom = min(_pitches(attempt))
    return [(b, b) for b in sorted({_bar_of(n, attempt.meter) for n in attempt.section.notes if n.pitch == bottom})][:2]


def anywhere(attempt: Attempt) -> list[tuple[int, int]]:
    return [MODEL_PITCH_RANGE]


def around_middle(attempt: Attempt) -> list[tuple[int, int]]:
    centre = sorted(_pitches(attempt))[len(attempt.section.notes) // 2]
    return [(centre - 8, centre + 8)]


def above_and_below(attempt: Attempt) -> list[tuple[int, int]]:
    pitches = _pitches(attempt)
    return [(max(pitches) - 1, max(pitches) + 9), (min(pitches) - 9, min(pitches) + 1)]


def inside_narrower(attempt: Attempt) -> list[tuple[int, int]]:
    pitches = _pitches(attempt)
    low, high = min(pitches), max(pitches)
    return [(low + 2, high - 2), (low + 3, high), (low, high - 3)]


def shifted_window(direction: int) -> Callable[[Attempt], list[tuple[int, int]]]:
    def windows(attempt: Attempt) -> list[tuple[int, int]]:
        pitches = _pitches(attempt)
        shift = direction * (REGISTER_MOVE_SEMITONES + 2)
        return [(max(SUNG_LOWEST_PITCH, min(pitches) + shift), min(SUNG_HIGHEST_PITCH, max(pitches) + shift))]
    return windows


def revoiced(direction: int) -> Maker:
    """The same rhythm with new pitches in a window a fourth lower (or higher): the model's
    vary, on half the notes and on all of them."""
    def make(attempt: Attempt) -> list[Section]:
        results: list[Section] = []
        for lowest, highest in shifted_window(direction)(attempt):
            if highest - lowest < 7:
                continue
            request = Request(attempt.key, attempt.meter, attempt.section.bars, low=lowest, high=highest)
            for amount in (0.5, 1.0):
                try:
                    results += attempt.model.vary(attempt.section, request, amount, n=CANDIDATES // 2,
                                                  options=SamplingOptions(seed=attempt.seed))
                except BadInput:
                    continue
        return results
    return make


def above_middle(note: Note, middle: int, low: int, high: int) -> int | None:
    return note.pitch - 12 if note.pitch > middle else None


def below_middle(note: Note, middle: int, low: int, high: int) -> int | None:
    return note.pitch + 12 if note.pitch < middle else None
