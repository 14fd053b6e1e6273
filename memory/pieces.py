"""A reference piece: what the library stores about one tune, and how to get its melody back.

Pieces come from music21's bundled corpus (through the melody cache of models/data.py, plus
the ABC headers for rhythm and origin) and from the user's own MIDI files. The notes travel
with the piece as a compact string (pitch,start,length in ticks of 480 per quarter), so a
search result loads back into a session as a Section without parsing anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from song.keys import Key
from song.meter import Meter
from song.model import Note, Section

TICKS = 480
# corpus folder name (what `--collection` takes) -> style token of the melody model
CORPUS_COLLECTIONS = {"essenFolksong": "essen", "oneills1850": "oneills", "ryansMammoth": "ryans",
                      "airdsAirs": "airds", "bach": "bach"}
USER = "user"
COLLECTION_NAMES = {
    "essenFolksong": "the Essen Folksong Collection",
    "oneills1850": "O'Neill's Music of Ireland (1850)",
    "ryansMammoth": "Ryan's Mammoth Collection (Boston, 1883)",
    "airdsAirs": "Aird's Selection of Scotch, English, Irish and Foreign Airs (Glasgow, 1782-1803)",
    "bach": "the chorales of J. S. Bach",
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

    def note_objects(self) -> list[Note]:
        return [Note(p, Fraction(s, TICKS), Fraction(d, TICKS)) for p, s, d in self.notes]

    def section(self, name: str = "reference") -> Section:
        return Section(name, max(1, self.bars), tuple(self.note_objects()))

    @property
    def key_value(self) -> Key:
        return Key.parse(self.key)

    @property
    def meter_value(self) -> Meter:
        return Meter.parse(self.meter)

    @property
    def style(self) -> str:
        """The melody model's style token for pieces like this one."""
        return CORPUS_COLLECTIONS.get(self.collection, "song")

    def metadata(self) -> dict[str, str | int]:
        """The fields Chroma filters on (no None: Chroma rejects it)."""
        key = self.key_value
        return {"title": self.title, "collection": self.collection, "origin": self.origin, "genre": self.genre,
                "key": self.key, "tonic": key.tonic, "mode": key.mode, "meter": self.meter, "bars": self.bars}


def encode_notes(notes: tuple[tuple[int, int, int], ...]) -> str:
    return " ".join(f"{p},{s},{d}" for p, s, d in notes)


def decode_notes(text: str) -> tuple[tuple[int, int, int], ...]:
    return tuple(tuple(int(x) for x in item.split(",")) for item in text.split())  # type: ignore[misc]


def piece_from_stored(piece_id: str, metadata: dict, notes_text: str) -> Piece:
    return Piece(piece_id, str(metadata["title"]), str(metadata["collection"]), str(metadata["origin"]),
                 str(metadata["genre"]), str(metadata["key"]), str(metadata["meter"]), int(metadata["bars"]),
                 decode_notes(notes_text))


def piece_from_midi(path: Path, piece_id: str) -> Piece:
    """A user's MIDI file as a piece: its melody (as the importer chooses it), key and meter."""
    from song.midi_import import load_midi

    imported = load_midi(path)
    song = imported.song
    notes = song.melody()
    bars = sum(song.section(name).bars for name in song.form) if song.form else 1
    ticks = tuple((n.pitch, round(n.start * TICKS), max(1, round(n.duration * TICKS))) for n in notes)
    return Piece(piece_id, song.title or path.stem, USER, "", "", str(song.key), str(song.meter), bars, ticks)
