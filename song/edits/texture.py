"""Edits of how many notes there are: densify and simplify."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

from song.edits.base import EditContext, Edited, how_many
from song.edits.diatonic import step
from song.metric import weight_at
from song.model import MELISMA, Note, Section
from song.units import is_midi_pitch

GRID = Fraction(1, 4)


def _split_pitch(note: Note, following: Note | None, context: EditContext) -> int:
    """The new second half of a split note: a passing tone toward a note a third or more
    away, else an upper (or lower) neighbour; always a tone of the key. A note outside the
    key is repeated instead (its colour is the songwriter's choice)."""
    if not context.key.contains(note.pitch):
        return note.pitch
    if following is not None and abs(following.pitch - note.pitch) >= 3:
        return step(note.pitch, context.key, 1 if following.pitch > note.pitch else -1)
    upper = step(note.pitch, context.key, 1)
    if following is not None and upper == following.pitch:
        return step(note.pitch, context.key, -1)
    return upper


def densify(section: Section, context: EditContext) -> Edited:
    """More notes: the longest notes (an eighth or more; a share set by amount) are split, the
    first half keeping its pitch on its strong position, the second half becoming a passing
    or neighbour tone of the key. The final note is left alone, so the ending stays."""
    notes = list(section.notes)
    eligible = [i for i in range(len(notes) - 1) if notes[i].duration >= 2 * GRID]
    ranked = sorted(eligible, key=lambda i: (-notes[i].duration, -weight_at(context.meter, notes[i].start), i))
    chosen = set(ranked[: how_many(context.amount, len(ranked))])
    result: list[Note] = []
    for index, note in enumerate(notes):
        if index not in chosen:
            result.append(note)
            continue
        half = max(GRID, round(note.duration / 2 / GRID) * GRID)
        pitch = _split_pitch(note, notes[index + 1] if index + 1 < len(notes) else None, context)
        if not is_midi_pitch(pitch) or half >= note.duration:
            result.append(note)
            continue
        result.append(dataclasses.replace(note, duration=half))
        held = MELISMA if note.lyric is not None else None  # the new note holds the syllable sung on the old one
        result.append(Note(pitch, note.start + half, note.duration - half, note.velocity, held))
    return Edited(section.replace(notes=tuple(result)), detail=f"({len(result) - len(notes)} notes added)")


def simplify(section: Section, context: EditContext) -> Edited:
    """Fewer notes: ornamental and passing notes off the beat (metrically weakest and
    shortest first; a share set by amount) are dropped and the note before them holds on
    instead. Downbeats, the first and the last note always stay; other beats only go in a
    melody with nothing off the beat."""
    notes = list(section.notes)
    meter = context.meter
    inner = [i for i in range(1, len(notes) - 1) if notes[i].start % meter.bar_length]
    off_beat = [i for i in inner if notes[i].start % meter.beat_length]
    candidates = off_beat or inner  # beats other than the downbeat only when nothing else is left
    in_key = [context.key.contains(n.pitch) for n in notes]
    # A dropped note's time goes to the note before it: where both are in the key (or both
    # out), the melody's in-key share does not move at all, so those go first.
    ranked = sorted(candidates, key=lambda i: (
        in_key[i] != in_key[i - 1], weight_at(meter, notes[i].start), notes[i].duration, i))
    dropped = set(ranked[: how_many(context.amount, len(ranked))])
    result: list[Note] = []
    for index, note in enumerate(notes):
        if index not in dropped:
            result.append(note)
        elif result and result[-1].end == note.start:
            held = result[-1]
            result[-1] = dataclasses.replace(held, duration=note.end - held.start)
    return Edited(section.replace(notes=tuple(result)), detail=f"({len(dropped)} notes dropped)")
