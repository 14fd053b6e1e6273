"""The song's JSON form: what `--json` prints and what sessions store.

    {"title": "Harbour Lights", "key": "D minor", "meter": "4/4", "tempo": 96,
     "form": ["verse", "chorus", "verse", "chorus"],
     "sections": [{"name": "chorus", "bars": 8,
       "notes": [{"pitch": 69, "start": 0.0, "duration": 1.5, "velocity": 90}],
       "chords": [{"symbol": "Dm", "start": 0.0, "duration": 4.0}]}]}

A section in a key of its own (a modulation) also carries "key"; a section with words carries
"lyrics" (the text as written, line breaks kept) and its sung notes a "lyric" each: the
syllable, ending in "-" when the word goes on ("let-", "ters"), or "_" for a note that holds
the syllable before it (a melisma). Sections and notes without words have neither field, so
a song without words has exactly the JSON stored before words existed. Times are floats of
quarter-note beats; reading snaps them back to the exact tick grid, so
`song_from_json(song_to_json(song)) == song` for every valid song.
"""

from __future__ import annotations

import json
from typing import Any

from song.beats import beats_to_json
from song.errors import InvalidSong
from song.model import Chord, Note, Section, Song


def song_to_dict(song: Song) -> dict[str, Any]:
    """The plain-data form of a song, fields in the order the module docstring shows."""
    tempo: float | int = int(song.tempo) if song.tempo.is_integer() else song.tempo
    style = {"style": song.style} if song.style else {}  # only when said: stored songs without one read as before
    return {
        "title": song.title,
        "key": str(song.key),
        "meter": str(song.meter),
        "tempo": tempo,
        **style,
        "form": list(song.form),
        "sections": [_section_to_dict(section) for section in song.sections],
    }


def _section_to_dict(section: Section) -> dict[str, Any]:
    """A section's plain data; `key` only for a section in a key of its own (a modulation),
    so songs without modulations keep exactly the JSON every stored session already has."""
    head: dict[str, Any] = {"name": section.name, "bars": section.bars}
    if section.key is not None:
        head["key"] = str(section.key)
    if section.lyrics:
        head["lyrics"] = section.lyrics
    return head | {
        "notes": [_note_to_dict(note) for note in section.notes],
        "chords": [
            {
                "symbol": chord.symbol,
                "start": beats_to_json(chord.start),
                "duration": beats_to_json(chord.duration),
            }
            for chord in section.chords
        ],
    }


def _note_to_dict(note: Note) -> dict[str, Any]:
    data: dict[str, Any] = {"pitch": note.pitch, "start": beats_to_json(note.start),
                            "duration": beats_to_json(note.duration), "velocity": note.velocity}
    if note.lyric is not None:
        data["lyric"] = note.lyric
    return data


def song_from_dict(data: Any) -> Song:
    """Build and validate a Song from plain data; InvalidSong says which field is wrong."""
    if not isinstance(data, dict):
        raise InvalidSong("song JSON must be an object with title, key, meter, tempo, form, sections")
    try:
        sections = tuple(_section_from_dict(item) for item in _list(data, "sections"))
        return Song(
            title=data.get("title", "Untitled"),
            key=data.get("key", "C major"),
            meter=data.get("meter", "4/4"),
            tempo=data.get("tempo", 120),
            sections=sections,
            form=tuple(_list(data, "form")),
            style=data.get("style"),
        )
    except (KeyError, TypeError) as error:
        raise InvalidSong(f"song JSON is missing or mistypes a field: {error}") from None


def _list(data: dict[str, Any], field_name: str) -> list[Any]:
    value = data.get(field_name, [])
    if not isinstance(value, list):
        raise InvalidSong(f"song JSON: '{field_name}' must be a list")
    return value


def _section_from_dict(data: Any) -> Section:
    if not isinstance(data, dict):
        raise InvalidSong("song JSON: each section must be an object with name, bars, notes")
    notes = tuple(
        Note(n["pitch"], n["start"], n["duration"], n.get("velocity", 90), n.get("lyric")) for n in _list(data, "notes")
    )
    chords = tuple(Chord(c["symbol"], c["start"], c["duration"]) for c in _list(data, "chords"))
    return Section(name=data["name"], bars=data["bars"], notes=notes, chords=chords, key=data.get("key"),
                   lyrics=data.get("lyrics", ""))


def song_to_json(song: Song, indent: int | None = None) -> str:
    return json.dumps(song_to_dict(song), indent=indent, ensure_ascii=False)


def song_from_json(text: str) -> Song:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidSong(f"song JSON is not valid JSON: {error.msg} at line {error.lineno}") from None
    return song_from_dict(data)
