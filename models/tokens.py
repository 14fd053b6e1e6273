"""Melodies to tokens and back (the language of models/vocab.py)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Sequence, TypeVar

from models import vocab as V
from song.units import TICKS_PER_QUARTER

if TYPE_CHECKING:
    from song.model import Chord

TICKS_PER_STEP = TICKS_PER_QUARTER // V.MODEL_STEPS_PER_QUARTER

StepNote = tuple[int, int, int]  # (MIDI pitch, start step, length in steps), absolute
T = TypeVar("T")
SlotChord = tuple[int | None, str]  # (root pitch class or None for no chord, a vocab.CHORD_QUALITIES name)


@dataclass(frozen=True)
class Controls:
    """What the melody is asked to be: the tokens in front of every sequence."""

    style: str
    role: str
    key_pitch_class: int
    mode: str
    meter: str
    bars: int
    density: float
    syncopation: float
    pitch_range: float

    def tokens(self) -> list[int]:
        return [
            V.BOS, V.style(self.style), V.role(self.role), V.key(self.key_pitch_class, self.mode), V.meter(self.meter),
            V.bars(self.bars), V.density(self.density), V.syncopation(self.syncopation), V.pitch_range(self.pitch_range),
        ]


def to_steps(notes: Sequence[tuple[int, int, int]]) -> list[StepNote]:
    """(pitch, start tick, duration ticks) at 480 per quarter -> steps, one voice, no zero lengths."""
    result: list[StepNote] = []
    for pitch, start, length in notes:
        begin = round(start / TICKS_PER_STEP)
        end = max(begin + 1, round((start + length) / TICKS_PER_STEP))
        if result and begin < result[-1][1] + result[-1][2]:
            previous = result[-1]
            if begin <= previous[1]:
                continue
            result[-1] = (previous[0], previous[1], begin - previous[1])
        result.append((pitch, begin, end - begin))
    return result


def encode_bars(notes: Sequence[StepNote], bar_steps: int, first_bar: int, last_bar: int,
                chords: Sequence[SlotChord] = (), slots: int = 0) -> list[int]:
    """BAR/[CHORD]/POS/PITCH/DUR tokens for bars [first_bar, last_bar); notes are cut at last_bar.
    `chords` (`slots` per bar, from bar 0) are written after each BAR when given."""
    tokens: list[int] = []
    cursor = first_bar * bar_steps
    end = last_bar * bar_steps
    ordered = [n for n in notes if first_bar * bar_steps <= n[1] < end]
    index = 0
    for bar in range(first_bar, last_bar):
        tokens.append(V.BAR)
        if chords:
            tokens += [V.chord(*chord) for chord in chords[bar * slots:(bar + 1) * slots]]
        bar_start, bar_end = bar * bar_steps, (bar + 1) * bar_steps
        while index < len(ordered) and ordered[index][1] < bar_end:
            pitch, start, length = ordered[index]
            if start != cursor:
                tokens.append(V.pos(start - bar_start))
            length_token = V.duration(min(length, end - start))
            tokens += [V.pitch(pitch), length_token]
            cursor = start + V.steps_of(length_token)
            index += 1
    return tokens


def decode_bars(tokens: Sequence[int], bar_steps: int, first_bar: int = 0) -> tuple[list[StepNote], int]:
    """Notes (absolute steps) and the number of bars in a BAR/POS/PITCH/DUR stream.

    Tolerant: tokens out of grammar are skipped (the constrained sampler never makes them), and
    so are chords (`decode_chords` reads them).
    """
    notes: list[StepNote] = []
    bar = first_bar - 1
    cursor = first_bar * bar_steps
    pending_pitch: int | None = None
    for token in tokens:
        if token == V.BAR:
            bar += 1
        elif V.is_pos(token) and bar >= first_bar:
            cursor = bar * bar_steps + V.step_of(token)
        elif V.is_pitch(token):
            pending_pitch = V.midi_of(token)
        elif V.is_duration(token) and pending_pitch is not None:
            length = V.steps_of(token)
            notes.append((pending_pitch, cursor, length))
            cursor += length
            pending_pitch = None
    return notes, bar - first_bar + 1


def decode_chords(tokens: Sequence[int], slots: int) -> list[SlotChord]:
    """The chords written after each BAR of a body, `slots` per bar (none when it has none)."""
    return [V.chord_of(token) for token in tokens if V.is_chord(token)] if slots else []


def chord_quality(intervals: Sequence[int]) -> str:
    """The vocabulary's quality class (vocab.CHORD_QUALITIES) of a chord's intervals above its root."""
    steps = {i % 12 for i in intervals}
    if 3 in steps and 6 in steps and 7 not in steps:
        return "dim"
    if 4 in steps and 8 in steps and 7 not in steps:
        return "aug"
    if 3 not in steps and 4 not in steps and (2 in steps or 5 in steps):
        return "sus"
    if 3 in steps:
        return "min7" if 10 in steps else "min"
    if 10 in steps:
        return "7"
    return "maj7" if 11 in steps else "maj"


def longest_in_slots(spans: Sequence[tuple[Fraction, Fraction, T]], first_slot: int, stop_slot: int,
                     slot_beats: Fraction) -> list[T | None]:
    """For each slot in [first_slot, stop_slot): the item of the (start, end, item) spans, sorted
    by start, that sounds longest in it, or None where none sounds."""
    starts = [start for start, _, _ in spans]
    chosen: list[T | None] = []
    for slot in range(first_slot, stop_slot):
        begin, stop = slot * slot_beats, (slot + 1) * slot_beats
        nearby = spans[max(0, bisect.bisect_right(starts, begin) - 1):bisect.bisect_left(starts, stop)]
        overlaps = [(min(stop, end) - max(begin, start), item) for start, end, item in nearby if start < stop and end > begin]
        chosen.append(max(overlaps, key=lambda o: o[0])[1] if overlaps else None)
    return chosen


def slot_chords(chords: Sequence[Chord], bars: int, meter_text: str) -> tuple[SlotChord, ...]:
    """A section's chord symbols as the model's chord slots (vocab.chord_slots per bar): in each
    slot the chord sounding longest, (None, "") where none sounds; empty when it has no chords."""
    from song.chords import parse_chord_symbol

    if not chords:
        return ()
    slots = V.chord_slots(meter_text)
    numerator, denominator = map(int, meter_text.split("/"))
    found = longest_in_slots([(c.start, c.end, c) for c in chords], 0, bars * slots, Fraction(4 * numerator, denominator) / slots)
    specs = [None if chord is None else parse_chord_symbol(chord.symbol) for chord in found]
    return tuple((None, "") if spec is None else (spec.root, chord_quality(spec.intervals)) for spec in specs)
