"""Musical edits of one section: pure functions that say what they changed.

`edit_section(song, "chorus", "syncopate", amount=0.4)` returns the new song and a `Change`
whose `describe()` is the session's version description. Every operation keeps the section
valid (one voice, inside its bars); `amount` (0..1) maps monotonically to the size of the effect.
An edit works in the section's own key (`Section.key_in`); a transpose moves that key, and the
song's too when every section is then in one key (song/edits/key_moves.py).
"""

from __future__ import annotations

from typing import Callable

from song.change import Change, describe_change
from song.edits.base import EditContext, Edited
from song.edits.key_moves import key_move_phrase, settle_keys
from song.edits.pitch import invert, transpose, vary
from song.edits.rhythm import humanize, straighten, syncopate
from song.edits.texture import densify, simplify
from song.edits.timeline import augment, diminish, retrograde
from song.errors import BadInput
from song.model import Section, Song
from song.units import HIGHEST_MIDI_PITCH, LOWEST_MIDI_PITCH, is_midi_pitch

OPERATIONS: dict[str, Callable[[Section, EditContext], Edited]] = {
    "syncopate": syncopate, "straighten": straighten, "densify": densify, "simplify": simplify,
    "transpose": transpose, "invert": invert, "retrograde": retrograde, "augment": augment,
    "diminish": diminish, "humanize": humanize, "vary": vary,
}
DEFAULT_AMOUNT = 0.5
MAX_SEMITONES = 48


def edit_section(
    song: Song,
    section: str,
    operation: str,
    amount: float | None = None,
    semitones: int | None = None,
    seed: int = 0,
    axis: int | None = None,
) -> tuple[Song, Change]:
    """Apply one operation to one section; BadInput (song untouched) on nonsense arguments."""
    if operation not in OPERATIONS:
        raise BadInput(f"unknown operation {operation!r} (use one of: {', '.join(OPERATIONS)})")
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, (int, float)) or not 0 <= amount <= 1):
        raise BadInput(f"amount must be a number from 0 to 1, got {amount!r}")
    if operation == "transpose":
        if semitones is None or isinstance(semitones, bool) or not isinstance(semitones, int):
            raise BadInput("transpose needs semitones, a whole number like 2 or -3")
        if abs(semitones) > MAX_SEMITONES:
            raise BadInput(f"transpose by at most {MAX_SEMITONES} semitones, got {semitones}")
    if axis is not None and not (isinstance(axis, int) and is_midi_pitch(axis)):
        raise BadInput(f"axis must be a MIDI pitch {LOWEST_MIDI_PITCH}-{HIGHEST_MIDI_PITCH}, got {axis!r}")
    before = song.section(section)
    key = before.key_in(song.key)
    context = EditContext(song.meter, key, DEFAULT_AMOUNT if amount is None else float(amount), semitones or 0, seed, axis)
    edited = OPERATIONS[operation](before, context)
    edited.section.check_fits(song.meter)
    result = song.with_section(edited.section)
    detail = edited.detail
    if operation == "transpose":
        result = settle_keys(result)
        detail += ", " + key_move_phrase(song, result, section)
    after = result.section(section)
    change = describe_change(operation, before, after, song.meter, song.key, edited.warnings, detail, after_key=result.key)
    return result, change
