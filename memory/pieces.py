"""A reference piece: what the library stores about one tune, and how to get its melody back.

Pieces come from music21's bundled corpus (through the melody cache of models/data.py, plus
the ABC headers for rhythm and origin), from POP909's pop songs (melody, chords, form, tempo,
title and artist) and from the user's own MIDI files. The notes travel with the piece as a
compact string (pitch,start,length in ticks of 480 per quarter), and a pop song's chords in the
metadata (symbol,start,length), so a search result loads back into a session as a Section
without parsing anything. Pieces stored before pop songs joined have no tempo, chords or form
in their metadata: they read back with none.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from song.keys import Key
from song.meter import Meter
from song.model import Chord, Note, Section

TICKS = 480
# corpus folder name (what `--collection` takes) -> style token of the melody model
CORPUS_COLLECTIONS = {"essenFolksong": "essen", "oneills1850": "oneills", "ryansMammoth": "ryans",
                      "airdsAirs": "airds", "bach": "bach"}
POP909 = "pop909"
USER = "user"
COLLECTION_NAMES = {
    "essenFolksong": "the Essen Folksong Collection",
    "oneills1850": "O'Neill's Music of Ireland (1850)",
    "ryansMammoth": "Ryan's Mammoth Collection (Boston, 1883)",
    "airdsAirs": "Aird's Selection of Scotch, English, Irish and Foreign Airs (Glasgow, 1782-1803)",
    "bach": "the chorales of J. S. Bach",
    POP909: "POP909 (Chinese pop songs, with their chords and forms)",
    USER: "your own MIDI files",
}


@dataclass(frozen=True)
class Piece:
    id: str
    title: str
    collection: str  # a key of COLLECTION_NAMES
    origin: str  # composer or region, in English ("" when unknown)
    genre: str  # dance or song type ("double jig", "ballad", "chorale"; "" when unknown)
    key: str
    meter: str
    bars: int
    notes: tuple[tuple[int, int, int], ...]  # (pitch, start tick, length ticks)
    tempo: float = 0.0  # beats per minute; 0 when the source gives none
    chords: tuple[tuple[str, int, int], ...] = ()  # (symbol, start tick, length ticks)
    form: str = ""  # "intro 4, verse 16, chorus 16, ..." (sections and their bars), "" when unknown

    def note_objects(self) -> list[Note]:
        return [Note(p, Fraction(s, TICKS), Fraction(d, TICKS)) for p, s, d in self.notes]

    def section(self, name: str = "reference") -> Section:
        chords = tuple(Chord(symbol, Fraction(s, TICKS), Fraction(d, TICKS)) for symbol, s, d in self.chords)
        return Section(name, max(1, self.bars), tuple(self.note_objects()), chords)

    @property
    def key_value(self) -> Key:
        return Key.parse(self.key)

    @property
    def meter_value(self) -> Meter:
        return Meter.parse(self.meter)

    @property
    def style(self) -> str:
        """The melody model's style token for pieces like this one."""
        return "pop" if self.collection == POP909 else CORPUS_COLLECTIONS.get(self.collection, "song")

    def metadata(self) -> dict[str, str | int]:
        """The fields Chroma filters on (no None: Chroma rejects it)."""
        key = self.key_value
        return {"title": self.title, "collection": self.collection, "origin": self.origin, "genre": self.genre,
                "key": self.key, "tonic": key.tonic, "mode": key.mode, "meter": self.meter, "bars": self.bars,
                "tempo": float(self.tempo), "form": self.form, "chords": " ".join(f"{c},{s},{d}" for c, s, d in self.chords)}


def encode_notes(notes: tuple[tuple[int, int, int], ...]) -> str:
    return " ".join(f"{p},{s},{d}" for p, s, d in notes)


def decode_notes(text: str) -> tuple[tuple[int, int, int], ...]:
    return tuple(tuple(int(x) for x in item.split(",")) for item in text.split())  # type: ignore[misc]


def piece_from_stored(piece_id: str, metadata: dict, notes_text: str) -> Piece:
    chords = tuple((c, int(s), int(d)) for c, s, d in (item.split(",") for item in str(metadata.get("chords", "")).split()))
    return Piece(piece_id, str(metadata["title"]), str(metadata["collection"]), str(metadata["origin"]),
                 str(metadata["genre"]), str(metadata["key"]), str(metadata["meter"]), int(metadata["bars"]),
                 decode_notes(notes_text), float(metadata.get("tempo", 0.0)), chords, str(metadata.get("form", "")))


def piece_from_midi(path: Path, piece_id: str) -> Piece:
    """A user's MIDI file as a piece: its melody (as the importer chooses it), key and meter."""
    from song.midi_import import load_midi

    imported = load_midi(path)
    song = imported.song
    notes = song.melody()
    bars = sum(song.section(name).bars for name in song.form) if song.form else 1
    ticks = tuple((n.pitch, round(n.start * TICKS), max(1, round(n.duration * TICKS))) for n in notes)
    chords, offset = [], Fraction(0)
    for section, _ in song.in_form_order():
        chords += [(c.symbol, round((offset + c.start) * TICKS), max(1, round(c.duration * TICKS))) for c in section.chords]
        offset += section.bars * song.meter.bar_length
    return Piece(piece_id, song.title or path.stem, USER, "", "", str(song.key), str(song.meter), bars, ticks,
                 float(song.tempo), tuple(chords))
