"""Song-wide edits (`set_song`, `copy_section`, `arrange_song`), each with its description.

A key change transposes every section by the smallest interval (at most a tritone) and, when
the mode changes too, moves each scale degree to the same degree of the new mode (C major ->
A minor: E becomes C, not C#). A section in a key of its own (a modulation) moves from that
key by the same interval, so it stays the same distance from the song's key. A meter change
re-bars bar by bar: each old bar becomes one new bar; a longer bar leaves room at its end, a
shorter one cuts notes that no longer fit (notes crossing the new bar end are shortened, notes
starting past it are dropped, and the description says how many).
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction

from song.edits.diatonic import from_degree, to_degree
from song.edits.key_moves import settle_keys, spell_key, transpose_key
from song.edits.pitch import transpose_symbol
from song.errors import BadInput
from song.keys import Key
from song.meter import Meter
from song.model import MAX_TEMPO, MIN_TEMPO, Chord, Note, Section, Song
from song.units import HIGHEST_MIDI_PITCH, LOWEST_MIDI_PITCH, is_midi_pitch


def smallest_shift(old: Key, new: Key) -> int:
    """The smallest move from one tonic to another: -6..+5 semitones."""
    shift = (new.tonic_pitch_class - old.tonic_pitch_class) % 12
    return shift - 12 if shift > 5 else shift


def _move_pitch(pitch: int, old: Key, new: Key, shift: int) -> int:
    if old.mode == new.mode:
        return pitch + shift
    degree, alteration = to_degree(pitch, old)
    moved_tonic = Key(new.tonic, old.mode)
    octave_shift = (pitch + shift - from_degree(degree, moved_tonic, alteration)) // 12 * 12
    return from_degree(degree, new, alteration) + octave_shift


MODE_SWAPS = {"": "m", "m": "", "maj7": "m7", "m7": "maj7"}


def _move_chord(symbol: str, old: Key, new: Key, shift: int) -> str:
    """Chord symbols follow the notes: on a mode change a triad whose third changes with the
    scale swaps between major and minor (C in C major becomes Am in A minor)."""
    from song.chords import parse_chord_symbol
    from song.keys import FLAT_NAMES, SHARP_NAMES

    if old.mode == new.mode:
        return transpose_symbol(symbol, shift, new.fifths < 0)
    spec = parse_chord_symbol(symbol)
    third = next((i for i in spec.intervals if i in (3, 4)), None)
    root = 60 + spec.root
    new_root = _move_pitch(root, old, new, shift) % 12
    root_length = 2 if len(symbol) > 1 and symbol[1] in "#b" else 1
    quality, _, bass = symbol[root_length:].partition("/")
    if third is not None and quality in MODE_SWAPS:
        new_third = (_move_pitch(root + third, old, new, shift) - _move_pitch(root, old, new, shift)) % 12
        if new_third != third:
            quality = MODE_SWAPS[quality]
    names = FLAT_NAMES if new.fifths < 0 else SHARP_NAMES
    text = names[new_root] + quality
    if bass:
        text += "/" + names[_move_pitch(60 + spec.bass, old, new, shift) % 12]
    return text


def moved_key(section_key: Key, old: Key, new: Key, shift: int) -> Key:
    """Where a section's own key goes when the song moves from `old` to `new`: by the same
    interval, and into the new mode when it shared the song's old mode (a modulation up a
    tone in C major stays a modulation up a tone in A minor: D major becomes B minor)."""
    moved = transpose_key(section_key, shift)
    if old.mode != new.mode and section_key.mode == old.mode:
        return spell_key(moved.tonic_pitch_class, new.mode, moved.fifths < 0)
    return moved


def _move_section(section: Section, old: Key, new: Key, shift: int) -> Section:
    """One section moved with the song: its notes and chords from the key it is in (its own
    after a modulation, else the song's) to where that key goes."""
    source = section.key_in(old)
    target = new if section.key is None else moved_key(section.key, old, new, shift)
    pitches = [_move_pitch(n.pitch, source, target, shift) for n in section.notes]
    if not all(is_midi_pitch(p) for p in pitches):
        raise BadInput(f"moving to {new} would push section '{section.name}' outside MIDI pitch {LOWEST_MIDI_PITCH}-{HIGHEST_MIDI_PITCH}")
    notes = tuple(dataclasses.replace(n, pitch=p) for n, p in zip(section.notes, pitches))
    chords = tuple(dataclasses.replace(c, symbol=_move_chord(c.symbol, source, target, shift)) for c in section.chords)
    return section.replace(notes=notes, chords=chords, key=None if section.key is None else target)


def set_key(song: Song, key: str | Key) -> tuple[Song, str]:
    """The whole song in another key: every section moves by the smallest interval, a
    modulated section keeping its distance from the song's key."""
    new = Key.parse(key)
    old = song.key
    if new == old:
        return song, f"key stays {old}"
    shift = smallest_shift(old, new)
    sections = tuple(_move_section(section, old, new, shift) for section in song.sections)
    moved = settle_keys(song.replace(key=new, sections=sections))
    mode_note = f", {old.mode} degrees mapped to {new.mode}" if old.mode != new.mode else ""
    modulations = "".join(f"; {s.name} now in {s.key}" for s in moved.sections if s.key is not None)
    return moved, f"key {old} -> {new}: every section moved {shift:+d} semitones{mode_note}{modulations}"


def _rebar_section(section: Section, old: Meter, new: Meter) -> tuple[Section, int, int]:
    """Bar i of the old meter becomes bar i of the new; (section, dropped, shortened)."""
    old_bar, new_bar = old.bar_length, new.bar_length
    notes: list[Note] = []
    dropped = shortened = 0
    for note in section.notes:
        bar, within = divmod(note.start, old_bar)
        if within >= new_bar:
            dropped += 1
            continue
        start = bar * new_bar + within
        end = min(start + note.duration, (bar + 1) * new_bar)
        shortened += end < start + note.duration
        notes.append(dataclasses.replace(note, start=start, duration=end - start))
    chords: list[Chord] = []
    for chord in section.chords:
        bar, within = divmod(chord.start, old_bar)
        if within < new_bar:
            start = bar * new_bar + within
            chords.append(dataclasses.replace(chord, start=start, duration=min(chord.duration, (bar + 1) * new_bar - start)))
    return section.replace(notes=tuple(notes), chords=tuple(chords)), dropped, shortened


def set_meter(song: Song, meter: str | Meter) -> tuple[Song, str]:
    new = Meter.parse(meter)
    old = song.meter
    if new == old:
        return song, f"meter stays {old}"
    results = [_rebar_section(section, old, new) for section in song.sections]
    dropped = sum(r[1] for r in results)
    shortened = sum(r[2] for r in results)
    rebarred = Song(song.title, song.key, new, song.tempo, tuple(r[0] for r in results), song.form)
    if new.bar_length > old.bar_length:
        fit = f"each bar gains {float(new.bar_length - old.bar_length):g} beats of room at its end"
    else:
        fit = f"notes past beat {float(new.bar_length):g} of their bar: {dropped} dropped, {shortened} shortened"
    return rebarred, f"meter {old} -> {new}, bar for bar: {fit}"


def set_tempo(song: Song, tempo: float) -> tuple[Song, str]:
    if isinstance(tempo, bool) or not isinstance(tempo, (int, float)) or not MIN_TEMPO <= tempo <= MAX_TEMPO:
        raise BadInput(f"tempo must be {MIN_TEMPO:g}-{MAX_TEMPO:g} BPM, got {tempo!r}")
    return song.replace(tempo=float(tempo)), f"tempo {song.tempo:g} -> {float(tempo):g} BPM"


def set_title(song: Song, title: str) -> tuple[Song, str]:
    renamed = song.replace(title=title)
    return renamed, f"title '{song.title}' -> '{renamed.title}'"


def set_style(song: Song, style: str) -> tuple[Song, str]:
    """The style the critique holds the song to; the notes stay as they are."""
    return song.replace(style=style), f"style {song.style or 'unsaid'} -> {style} (the critique now compares it with {style} songs)"


def copy_section(song: Song, source: str, target: str) -> tuple[Song, str]:
    original = song.section(source)
    if song.has_section(target):
        raise BadInput(f"a section named {target!r} already exists; pick another name")
    copied = song.with_section(original.replace(name=target))
    return copied, f"copied '{source}' to '{target}' ({original.bars} bars, {len(original.notes)} notes), added to the form"


def arrange_song(song: Song, form: list[str]) -> tuple[Song, str]:
    if not form:
        raise BadInput("the form needs at least one section name")
    for name in form:
        song.section(name)  # BadInput naming the real sections
    arranged = song.replace(form=tuple(form))
    bars = sum(song.section(name).bars for name in form)
    return arranged, f"form: {' '.join(form)} ({bars} bars, {float(arranged.total_beats * 60 / Fraction(song.tempo).limit_denominator()):.0f} s)"
