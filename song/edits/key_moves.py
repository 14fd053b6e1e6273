"""Where a key lands when music moves, and which sections of a song are modulations.

A transpose moves a section's key with its notes. When every section ends up in one key the
song itself is in that key (a one-section song, or each section moved in turn); when only
some sections moved they are modulations and keep their own key (`Section.key`), which is
cleared again once a section is back in the song's key. So `song.key` always names the key
the music is in, and a file written from the song says what a key finder hears.
"""

from __future__ import annotations

from song.keys import LETTER_PITCH_CLASS, Key
from song.model import Song

_ACCIDENTALS = {0: "", 1: "#", 11: "b"}


def transpose_key(key: Key, semitones: int) -> Key:
    """The key `semitones` away, spelled with the fewest accidentals (Ab major, not G#
    major; B minor, not Cb minor). Where two spellings tie (F# / Gb major) a flat key stays
    flat and a sharp one sharp; from a key without accidentals, up goes sharp, down flat.
    Whole octaves return the key exactly as it was spelled."""
    if semitones % 12 == 0:
        return key
    prefer_flats = key.fifths < 0 or (key.fifths == 0 and semitones < 0)
    return spell_key((key.tonic_pitch_class + semitones) % 12, key.mode, prefer_flats)


def spell_key(pitch_class: int, mode: str, prefer_flats: bool) -> Key:
    """The key on this tonic pitch class whose signature has the fewest accidentals; on a
    tie (six sharps or six flats) the flat one when `prefer_flats`."""
    candidates = [
        Key(letter + _ACCIDENTALS[(pitch_class - natural) % 12], mode)
        for letter, natural in LETTER_PITCH_CLASS.items()
        if (pitch_class - natural) % 12 in _ACCIDENTALS
    ]
    return min(candidates, key=lambda k: (abs(k.fifths), (k.fifths < 0) != prefer_flats))


def same_key(first: Key, second: Key) -> bool:
    """Whether two keys sound the same (C# major is Db major): tonic pitch and mode."""
    return first.tonic_pitch_class == second.tonic_pitch_class and first.mode == second.mode


def settle_keys(song: Song) -> Song:
    """The song with its key where its music is: when every section is in one key, that is
    the song's key and no section keeps one of its own; otherwise only the sections in
    another key than the song's (modulations) keep theirs."""
    keys = [section.key_in(song.key) for section in song.sections]
    home = song.key
    if keys and all(same_key(k, keys[0]) for k in keys) and not same_key(keys[0], song.key):
        home = keys[0]
    sections = tuple(
        section.replace(key=None if same_key(k, home) else k) for section, k in zip(song.sections, keys)
    )
    if home == song.key and sections == song.sections:
        return song
    return song.replace(key=home, sections=sections)


def key_move_phrase(before: Song, after: Song, name: str) -> str:
    """What a transpose of section `name` did to keys, for the change's description."""
    was = before.section(name).key_in(before.key)
    section = after.section(name)
    now = section.key_in(after.key)
    if after.key != before.key:
        return f"song key {before.key} -> {after.key}"
    if section.key is not None:
        return f"{'still' if same_key(was, now) else 'now'} in {now} (a modulation from {after.key})"
    if not same_key(was, now):
        return f"back in {now}, the song's key"
    return f"still in {now}"
