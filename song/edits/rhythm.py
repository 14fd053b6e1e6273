"""Edits of rhythm that keep the pitches: syncopate, straighten, humanize."""

from __future__ import annotations

import dataclasses
import random
from fractions import Fraction

from song.beats import TICKS_PER_BEAT, to_beats
from song.edits.base import EditContext, Edited, how_many
from song.features import syncopation_per_note
from song.metric import STEPS_PER_QUARTER, bar_weights, weight_at
from song.model import Note, Section

EIGHTH, SIXTEENTH = Fraction(1, 2), Fraction(1, 4)
ACCENT = 8  # velocity added to an anticipated note: the off-beat accent
NOTATION_GRID = Fraction(1, 12)  # straighten snaps to 16ths and triplets
HUMANIZE_SHIFT = Fraction(3, 100)  # beats of timing drift at amount 1
HUMANIZE_VELOCITY = 12


def syncopate(section: Section, context: EditContext) -> Edited:
    """Anticipations: notes on the beat start an eighth (or a sixteenth) early and are held
    across the beat, the note before them giving up that time; they get an off-beat accent.
    The meter's strongest beats go first (downbeats: ties over the bar line), and a larger
    amount anticipates more notes. Pitch order and bar count are kept."""
    meter = context.meter
    notes = list(section.notes)
    on_beat = [i for i in range(1, len(notes)) if notes[i].start % meter.beat_length == 0]
    ranked = sorted(on_beat, key=lambda i: (-weight_at(meter, notes[i].start), i))
    moved = 0
    for index in sorted(ranked[: how_many(context.amount, len(ranked))]):
        note, previous = notes[index], notes[index - 1]
        for early in (EIGHTH, SIXTEENTH):
            start = note.start - early
            if start <= previous.start:
                continue
            if previous.end > start:
                notes[index - 1] = dataclasses.replace(previous, duration=start - previous.start)
            notes[index] = dataclasses.replace(
                note, start=start, duration=note.duration + early, velocity=min(127, note.velocity + ACCENT)
            )
            moved += 1
            break
    return Edited(section.replace(notes=tuple(notes)), detail=f"({moved} anticipations)")


def _snap(time: Fraction) -> Fraction:
    return round(time / NOTATION_GRID) * NOTATION_GRID


def quantize(notes: list[Note], length: Fraction) -> list[Note]:
    """Onsets and ends to the nearest 16th or triplet, never overlapping, never vanishing."""
    snapped: list[Note] = []
    for index, note in enumerate(notes):
        start = _snap(note.start)
        if snapped and start < snapped[-1].end:
            start = snapped[-1].end
        end = max(_snap(note.end), start + NOTATION_GRID)
        if index + 1 < len(notes):
            end = min(end, max(_snap(notes[index + 1].start), start + NOTATION_GRID))
        end = min(end, length)
        if end > start:
            snapped.append(dataclasses.replace(note, start=start, duration=end - start))
    return snapped


def straighten(section: Section, context: EditContext) -> Edited:
    """The inverse of syncopate. Every onset is first snapped to the 16th/triplet grid
    (this alone undoes `humanize`, so amount 0 is a pure quantize); then the most syncopated
    notes (a share set by amount) move later to the nearest stronger position they were
    held across, and the note before them, if it led into them, is held until then."""
    meter = context.meter
    notes = quantize(list(section.notes), section.length(meter))
    weights = bar_weights(meter)
    values = syncopation_per_note(notes, meter)
    syncopated = sorted((i for i, v in enumerate(values) if v > 0), key=lambda i: (-values[i], i))
    step = Fraction(1, STEPS_PER_QUARTER)
    moved = 0
    for index in sorted(syncopated[: how_many(context.amount, len(syncopated))]):
        note = notes[index]
        onset = round(note.start / step)
        limit = round(notes[index + 1].start / step) if index + 1 < len(notes) else round(note.end / step)
        own = weights[onset % len(weights)]
        target = next((p for p in range(onset + 1, limit) if weights[p % len(weights)] > own), None)
        if target is None:
            continue
        start = target * step
        end = note.end if note.end > start else min(start + note.duration, notes[index + 1].start if index + 1 < len(notes) else section.length(meter))
        if end <= start:
            continue
        if index > 0 and notes[index - 1].end == note.start:
            notes[index - 1] = dataclasses.replace(notes[index - 1], duration=start - notes[index - 1].start)
        notes[index] = dataclasses.replace(note, start=start, duration=end - start)
        moved += 1
    return Edited(section.replace(notes=tuple(notes)), detail=f"({moved} notes back on the beat)")


def humanize(section: Section, context: EditContext) -> Edited:
    """Small, seeded timing and velocity variation, as a player would add. Onsets drift by
    up to 0.03 beat times amount and velocities by up to 12 times amount; notes never
    overlap or leave the section. `straighten` (any amount) puts the timing back."""
    rng = random.Random(context.seed)
    notes = list(section.notes)
    tick = Fraction(1, TICKS_PER_BEAT)
    result: list[Note] = []
    for index, note in enumerate(notes):
        shift = to_beats(Fraction(rng.uniform(-1, 1)) * HUMANIZE_SHIFT * Fraction(context.amount))
        floor = result[-1].end if result else Fraction(0)
        start = min(max(note.start + shift, floor), note.end - tick)
        velocity = min(127, max(1, note.velocity + round(rng.uniform(-1, 1) * HUMANIZE_VELOCITY * context.amount)))
        result.append(dataclasses.replace(note, start=start, duration=note.end - start, velocity=velocity))
    return Edited(section.replace(notes=tuple(result)))
