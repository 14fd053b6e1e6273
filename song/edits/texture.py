"""Edits of how many notes there are: densify and simplify."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

from song.edits.base import EditContext, Edited, how_many
from song.edits.diatonic import step
from song.metric import weight_at
from song.model import Note, Section

GRID = Fraction(1, 4)


def _split_pitch(note: Note, following: Note | None, context: EditContext) -> int:
    """The new second half of a split note: a passing tone toward a note a third or more
    away, else an upper (or lower) neighbour; always a tone of the key."""
    if following is not None and abs(following.pitch - note.pitch) >= 3:
        return step(note.pitch, context.key, 1 if following.pitch > note.pitch else -1)
    upper = step(note.pitch, context.key, 1)
    if following is not None and upper == following.pitch:
        return step(note.pitch, context.key, -1)
    return upper


def densify(section: Section, context: EditContext) -> Edited:
    """More notes: the longest notes (a beat or more; a share set by amount) are split, the
    first half keeping its pitch on its strong position, the second half becoming a passing
    or neighbour tone of the key. The final note is left alone, so the ending stays."""
    notes = list(section.notes)
    beat = context.meter.beat_length
    eligible = [i for i in range(len(notes) - 1) if notes[i].duration >= beat]
    ranked = sorted(eligible, key=lambda i: (-notes[i].duration, -weight_at(context.meter, notes[i].start), i))
    chosen = set(ranked[: how_many(context.amount, len(ranked))])
    result: list[Note] = []
    for index, note in enumerate(notes):
        if index not in chosen:
            result.append(note)
            continue
        half = max(GRID, round(note.duration / 2 / GRID) * GRID)
        pitch = _split_pitch(note, notes[index + 1] if index + 1 < len(notes) else None, context)
        if not 0 <= pitch <= 127 or half >= note.duration:
            result.append(note)
            continue
        result.append(dataclasses.replace(note, duration=half))
        result.append(Note(pitch, note.start + half, note.duration - half, note.velocity))
    return Edited(section.replace(notes=tuple(result)), detail=f"({len(result) - len(notes)} notes added)")


def simplify(section: Section, context: EditContext) -> Edited:
    """Fewer notes: ornamental and passing notes off the beat (the weakest and shortest
    first; a share set by amount) are dropped and the note before them holds on instead.
    Notes on beats, the first and the last note always stay."""
    notes = list(section.notes)
    meter = context.meter
    candidates = [i for i in range(1, len(notes) - 1) if notes[i].start % meter.beat_length]
    ranked = sorted(candidates, key=lambda i: (weight_at(meter, notes[i].start), notes[i].duration, i))
    dropped = set(ranked[: how_many(context.amount, len(ranked))])
    result: list[Note] = []
    for index, note in enumerate(notes):
        if index not in dropped:
            result.append(note)
        elif result and result[-1].end == note.start:
            held = result[-1]
            result[-1] = dataclasses.replace(held, duration=note.end - held.start)
    return Edited(section.replace(notes=tuple(result)), detail=f"({len(dropped)} notes dropped)")
