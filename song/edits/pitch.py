"""Edits of pitch that keep the rhythm: transpose, invert, vary."""

from __future__ import annotations

import dataclasses
import random

from song.edits.base import EditContext, Edited, how_many
from song.edits.diatonic import from_degree, step, to_degree
from song.edits.key_moves import transpose_key
from song.errors import BadInput
from song.keys import pitch_name
from song.model import Section
from song.limits import SUNG_HIGHEST_PITCH, SUNG_LOWEST_PITCH
from song.units import HIGHEST_MIDI_PITCH, LOWEST_MIDI_PITCH, is_midi_pitch



def _checked(pitch: int, operation: str) -> int:
    if not is_midi_pitch(pitch):
        raise BadInput(f"{operation} would put a note at MIDI pitch {pitch}, outside {LOWEST_MIDI_PITCH}-{HIGHEST_MIDI_PITCH}")
    return pitch


def _with_pitches(section: Section, pitches: list[int]) -> Section:
    notes = tuple(dataclasses.replace(note, pitch=p) for note, p in zip(section.notes, pitches))
    return section.replace(notes=notes)


def _range_warning(section: Section) -> tuple[str, ...]:
    if not section.notes:
        return ()
    low, high = min(n.pitch for n in section.notes), max(n.pitch for n in section.notes)
    if low < SUNG_LOWEST_PITCH or high > SUNG_HIGHEST_PITCH:
        return (f"the melody now spans {pitch_name(low)}-{pitch_name(high)}, outside the singable "
                f"{pitch_name(SUNG_LOWEST_PITCH)}-{pitch_name(SUNG_HIGHEST_PITCH)}",)
    return ()


def transpose(section: Section, context: EditContext) -> Edited:
    """Every note (and chord) moved by exactly `semitones`; the section's key moves with them
    (`edit_section` then decides whether that moves the song's key or is a modulation), and
    chord roots are spelled for the new key (Ab, not G#, in Ab major)."""
    shift = context.semitones
    pitches = [_checked(n.pitch + shift, "transpose") for n in section.notes]
    moved = _with_pitches(section, pitches)
    key = transpose_key(context.key, shift)
    flats = key.fifths < 0
    chords = tuple(dataclasses.replace(c, symbol=transpose_symbol(c.symbol, shift, flats)) for c in section.chords)
    moved = moved.replace(chords=chords, key=key)
    return Edited(moved, _range_warning(moved), f"by {shift:+d} semitones")


def transpose_symbol(symbol: str, shift: int, flats: bool | None = None) -> str:
    """'F#m7/A' moved by 2 semitones -> 'G#m7/B'. Roots are spelled with flats when `flats`
    (the key the chord lands in has flats), else with sharps; without a key, sharps going
    up and flats going down. An octave keeps the symbol as written."""
    from song.chords import parse_chord_symbol
    from song.keys import FLAT_NAMES, SHARP_NAMES

    if shift % 12 == 0:
        return symbol
    spec = parse_chord_symbol(symbol)
    names = FLAT_NAMES if (shift < 0 if flats is None else flats) else SHARP_NAMES
    root_length = 2 if len(symbol) > 1 and symbol[1] in "#b" else 1
    quality = symbol[root_length:].split("/")[0]
    text = names[(spec.root + shift) % 12] + quality
    if "/" in symbol:
        text += "/" + names[(spec.bass + shift) % 12]
    return text


def invert(section: Section, context: EditContext) -> Edited:
    """Diatonic mirror image around the axis: a step up becomes a step down, in the key."""
    if not section.notes:
        return Edited(section)
    axis = context.axis if context.axis is not None else section.notes[0].pitch
    axis_degree, _ = to_degree(axis, context.key)
    pitches = []
    for note in section.notes:
        degree, alteration = to_degree(note.pitch, context.key)
        pitches.append(_checked(from_degree(2 * axis_degree - degree, context.key) - alteration, "invert"))
    inverted = _with_pitches(section, pitches)
    return Edited(inverted, _range_warning(inverted), f"around {pitch_name(axis)}")


def vary(section: Section, context: EditContext) -> Edited:
    """New pitches, same rhythm: notes off the beat move a scale step up or down (seeded),
    never onto the pitch of a neighbour. The melody model will take this over."""
    notes = section.notes
    weak = [i for i, n in enumerate(notes) if n.start % context.meter.beat_length and 0 < i < len(notes) - 1]
    rng = random.Random(context.seed)
    chosen = sorted(rng.sample(weak, how_many(context.amount, len(weak))))
    pitches = [n.pitch for n in notes]
    for index in chosen:
        options = [step(pitches[index], context.key, d) for d in (1, -1)]
        options = [p for p in options if p not in (pitches[index - 1], pitches[index + 1]) and is_midi_pitch(p)]
        if options:
            pitches[index] = rng.choice(options)
    return Edited(_with_pitches(section, pitches), detail=f"({len(chosen)} weak-beat notes)")
