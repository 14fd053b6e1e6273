"""Edits of rhythm that keep the pitches: syncopate, straighten, humanize."""

from __future__ import annotations

import dataclasses
import random
from fractions import Fraction

from song.beats import TICKS_PER_QUARTER
from song.edits.base import EditContext, Edited, how_many
from song.features import sixteenth_index, syncopation_per_note
from song.metric import bar_weights, weight_at
from song.model import Note, Section
from song.units import HIGHEST_VELOCITY, LOWEST_VELOCITY

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

    def heard_at(note: Note) -> Fraction:
        return round(note.start / SIXTEENTH) * SIXTEENTH  # played timing, read on the 16th grid

    on_beat = [i for i in range(1, len(notes)) if heard_at(notes[i]) % meter.beat_length == 0]
    ranked = sorted(on_beat, key=lambda i: (-weight_at(meter, notes[i].start), i))
    moved = 0
    for index in sorted(ranked[: how_many(context.amount, len(ranked))]):
        note, previous = notes[index], notes[index - 1]
        for early in (EIGHTH, SIXTEENTH):
            start = heard_at(note) - early
            if start <= previous.start:
                continue
            if previous.end > start:
                notes[index - 1] = dataclasses.replace(previous, duration=start - previous.start)
            notes[index] = dataclasses.replace(
                note, start=start, duration=note.end - start, velocity=min(HIGHEST_VELOCITY, note.velocity + ACCENT)
            )
            moved += 1
            break
    return Edited(section.replace(notes=tuple(notes)), detail=f"({moved} anticipations)")


def _snap(time: Fraction) -> Fraction:
    """The nearest multiple of 1/12 beat (integer arithmetic: this runs for every note)."""
    twelfths = (24 * time.numerator + time.denominator) // (2 * time.denominator)
    return Fraction(twelfths, 12)


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
        if end <= start:  # no room left on the grid (notes crowded at the section's end): share the note before
            if not snapped:
                start, end = note.start, min(note.end, length)
            else:
                before = snapped[-1]
                snapped[-1] = dataclasses.replace(before, duration=before.duration / 2)
                start, end = snapped[-1].end, before.end
        snapped.append(dataclasses.replace(note, start=start, duration=end - start))
    return snapped


def _anticipation_target(notes: list[Note], index: int, weights: tuple[int, ...]) -> int | None:
    """The 16th step a syncopated note was pushed from: the first stronger position within
    an eighth after its onset, inside the note's span up to the next onset; else None."""
    note = notes[index]
    onset = sixteenth_index(note.start)
    limit = sixteenth_index(notes[index + 1].start if index + 1 < len(notes) else note.end)
    own = weights[onset % len(weights)]
    target = next((p for p in range(onset + 1, limit) if weights[p % len(weights)] > own), None)
    if target is None or (target - onset) * SIXTEENTH > EIGHTH:
        return None
    return target


def straighten(section: Section, context: EditContext) -> Edited:
    """The inverse of syncopate. Every onset is first snapped to the 16th/triplet grid
    (this alone undoes `humanize`, so amount 0 is a pure quantize). Then pushes go back on
    the beat: notes that start an eighth or a sixteenth before a stronger position and are
    held across it move to that position, and the note before them, if it led into them, is
    held until then. Accented pushes (the off-beat accent `syncopate` writes, or a player's)
    are the ones straightened when there are any, so syncopation written into the tune itself
    survives; in a melody without accented pushes every push counts. Amount is the share."""
    meter = context.meter
    notes = quantize(list(section.notes), section.length(meter))
    if not notes:
        return Edited(section)
    weights = bar_weights(meter)
    values = syncopation_per_note(notes, meter)
    pushes = [i for i, v in enumerate(values) if v > 0 and _anticipation_target(notes, i, weights) is not None]
    plain = [n.velocity for n, v in zip(notes, values) if v == 0] or [n.velocity for n in notes]
    usual = sorted(plain)[len(plain) // 2]  # the velocity of the unsyncopated notes
    accented = [i for i in pushes if notes[i].velocity >= usual + ACCENT]
    chosen = accented or pushes
    ranked = sorted(chosen, key=lambda i: (-values[i], i))
    moved = 0
    for index in sorted(ranked[: how_many(context.amount, len(ranked))]):
        note = notes[index]
        target = _anticipation_target(notes, index, weights)
        if target is None:
            continue
        start = target * SIXTEENTH
        end = note.end if note.end > start else min(start + note.duration, notes[index + 1].start if index + 1 < len(notes) else section.length(meter))
        if end <= start:
            continue
        if index > 0 and notes[index - 1].end == note.start:
            notes[index - 1] = dataclasses.replace(notes[index - 1], duration=start - notes[index - 1].start)
        velocity = note.velocity - ACCENT if index in accented else note.velocity
        notes[index] = dataclasses.replace(note, start=start, duration=end - start, velocity=max(1, velocity))
        moved += 1
    return Edited(section.replace(notes=tuple(notes)), detail=f"({moved} notes back on the beat)")


def humanize(section: Section, context: EditContext) -> Edited:
    """Small, seeded timing and velocity variation, as a player would add. Onsets drift by
    up to 0.03 beat times amount and velocities by up to 12 times amount; notes never
    overlap or leave the section. `straighten` (any amount) puts the timing back."""
    rng = random.Random(context.seed)
    notes = list(section.notes)
    tick = Fraction(1, TICKS_PER_QUARTER)
    result: list[Note] = []
    for index, note in enumerate(notes):
        shift = Fraction(round(rng.uniform(-1, 1) * float(HUMANIZE_SHIFT) * context.amount * TICKS_PER_QUARTER), TICKS_PER_QUARTER)
        floor = result[-1].end if result else Fraction(0)
        start = min(max(note.start + shift, floor), note.end - tick)
        velocity = min(HIGHEST_VELOCITY, max(LOWEST_VELOCITY, note.velocity + round(rng.uniform(-1, 1) * HUMANIZE_VELOCITY * context.amount)))
        result.append(dataclasses.replace(note, start=start, duration=note.end - start, velocity=velocity))
    return Edited(section.replace(notes=tuple(result)))
