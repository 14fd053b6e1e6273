"""Edits of the time line: retrograde, augment, diminish."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

from song.beats import TICKS_PER_QUARTER, to_beats
from song.edits.base import EditContext, Edited
from song.errors import BadInput
from song.model import MAX_BARS, Section


def retrograde(section: Section, context: EditContext) -> Edited:
    """The melody backwards: each note (and chord) mirrored in time within the section."""
    length = section.length(context.meter)
    notes = tuple(dataclasses.replace(n, start=length - n.end) for n in section.notes)
    chords = tuple(dataclasses.replace(c, start=length - c.end) for c in section.chords)
    return Edited(section.replace(notes=notes, chords=chords))


def augment(section: Section, context: EditContext) -> Edited:
    """Every duration doubled: the melody at half speed over twice the bars."""
    if section.bars * 2 > MAX_BARS:
        raise BadInput(f"augmenting {section.bars} bars would exceed {MAX_BARS} bars")
    notes = tuple(dataclasses.replace(n, start=n.start * 2, duration=n.duration * 2) for n in section.notes)
    chords = tuple(dataclasses.replace(c, start=c.start * 2, duration=c.duration * 2) for c in section.chords)
    return Edited(section.replace(bars=section.bars * 2, notes=notes, chords=chords))


def diminish(section: Section, context: EditContext) -> Edited:
    """Every duration halved: double speed in half the bars (an odd bar count rounds up)."""
    tick = Fraction(1, TICKS_PER_QUARTER)
    notes = []
    for note in section.notes:
        start = to_beats(note.start / 2)
        end = max(to_beats(note.end / 2), start + tick)
        if notes and start < notes[-1].end:
            continue  # two onsets a tick apart merge at this resolution
        notes.append(dataclasses.replace(note, start=start, duration=end - start))
    chords = [dataclasses.replace(c, start=to_beats(c.start / 2), duration=max(tick, to_beats(c.duration / 2))) for c in section.chords]
    bars = -(-section.bars // 2)
    return Edited(section.replace(bars=bars, notes=tuple(notes), chords=tuple(chords)))
