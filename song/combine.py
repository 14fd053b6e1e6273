"""Bringing an imported song into the current draft (what `/load` and `load_midi` do)."""

from __future__ import annotations

from song.errors import BadInput
from song.model import Section, Song


def adopt_import(current: Song, imported: Song, section: str | None = None) -> Song:
    """Without `section`: the imported song replaces the draft. With it: the imported
    melody (all its sections in form order, joined) becomes that section of the draft,
    which keeps its key, meter and tempo; the meters must match.
    """
    if section is None:
        return imported
    if imported.meter != current.meter and current.sections:
        raise BadInput(
            f"the file is in {imported.meter} but the song is in {current.meter}; "
            f"load it as a whole song or change the song's meter first"
        )
    notes, chords, bars = [], [], 0
    for part, offset in imported.in_form_order():
        notes += [n.__class__(n.pitch, n.start + offset, n.duration, n.velocity) for n in part.notes]
        chords += [c.__class__(c.symbol, c.start + offset, c.duration) for c in part.chords]
        bars += part.bars
    new_section = Section(section, max(1, bars), tuple(notes), tuple(chords))
    base = current if current.sections else current.replace(meter=imported.meter, tempo=imported.tempo, key=imported.key)
    return base.with_section(new_section)
