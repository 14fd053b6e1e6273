"""The POP909 pop songs (../shared/datasets/pop909/, MIT): each song's melody, chords, key and
labelled structure, read from the dataset's bar-aligned annotation files into our terms.

We read `melody.txt` and `finalized_chord.txt` rather than the MIDI file because the two share
one time line that starts on the first bar line, while the MIDI file's downbeats are not
always on its bar lines. Times are in quarter-note beats from that first bar line.

Split by song, fixed: every song whose number ends in 0 (80 of 800) is the test split, which
nothing is tuned or counted on; the rest is the training split. (The dataset's songs 801-909
are kept out of the project altogether by whoever prepared it.)
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

from song.keys import LETTER_PITCH_CLASS, Key
from song.model import Note

SIXTEENTH_BEATS = Fraction(1, 4)
QUARTERS_PER_BAR = {"2": 4, "3": 3}  # the index's num_beats_per_measure, simple meters: 2/2 is 4/4, 3/2 is 3/4


def dataset_dir() -> Path:
    """Where POP909 lives: $COCOMPOSER_POP909, else ../shared/datasets/pop909 beside the repository."""
    default = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "pop909"
    return Path(os.environ.get("COCOMPOSER_POP909", default))


@dataclass(frozen=True)
class AnnotatedChord:
    """One chord of `finalized_chord.txt`: its root pitch class (None for "N", no chord), its
    quality as the dataset spells it ("maj", "min7", "sus4(b7)"; an inversion's "/3" dropped)
    and where it sounds, in beats."""

    root: int | None
    quality: str
    start: Fraction
    beats: Fraction


@dataclass(frozen=True)
class PopSong:
    song_id: str
    key: Key
    beats_per_bar: int
    melody: tuple[Note, ...]
    chords: tuple[AnnotatedChord, ...]
    structure: str  # the first human label, e.g. "i4A8B8x2A8B8b4B8o3"

    def chord_at(self, beat: Fraction) -> AnnotatedChord | None:
        for chord in self.chords:
            if chord.start <= beat < chord.start + chord.beats:
                return chord
        return None


def split_of(song_id: str) -> str:
    return "test" if song_id.endswith("0") else "train"


def song_ids(split: str | None = None) -> list[str]:
    """The song numbers ("001" ...) with annotations, of one split or all."""
    found = sorted(path.name for path in dataset_dir().iterdir() if (path / "finalized_chord.txt").exists())
    return [song_id for song_id in found if split is None or split_of(song_id) == split]


def pitch_class(name: str) -> int:
    """'Gb' -> 6, 'C#' -> 1."""
    value = LETTER_PITCH_CLASS[name[0]]
    for accidental in name[1:]:
        value += {"#": 1, "b": -1}[accidental]
    return value % 12


def read_chords(path: Path) -> tuple[AnnotatedChord, ...]:
    chords, start = [], Fraction(0)
    for line in path.read_text().splitlines():
        parts = line.split()
        if not parts:
            continue
        name, beats = parts[0], Fraction(parts[-1])
        if name == "N":
            root, quality = None, ""
        else:
            root_name, quality = name.split(":", 1)
            root, quality = pitch_class(root_name), quality.split("/", 1)[0]
        chords.append(AnnotatedChord(root, quality, start, beats))
        start += beats
    return tuple(chords)


def read_melody(path: Path) -> tuple[Note, ...]:
    notes, start = [], Fraction(0)
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) != 2:
            continue
        pitch, length = int(parts[0]), int(parts[1]) * SIXTEENTH_BEATS
        if pitch > 0 and length > 0:
            notes.append(Note(pitch, start, length))
        start += length
    return tuple(notes)


def read_key(path: Path) -> Key:
    tonic, mode = path.read_text().split()[0].split(":")
    return Key.parse(f"{tonic} {'minor' if mode.startswith('min') else 'major'}")


@lru_cache(maxsize=1)
def _meters() -> dict[str, int]:
    """Quarter beats per bar by song: the index's 2/2 is 4/4 and 3/2 is 3/4; compound meters
    (x/3) are left out (None) because the chord files count their beats differently."""
    beats = {}
    with open(dataset_dir() / "index.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["num_quavers_per_beat"] == "2" and row["num_beats_per_measure"] in QUARTERS_PER_BAR:
                beats[row["song_id"]] = QUARTERS_PER_BAR[row["num_beats_per_measure"]]
    return beats


def load_song(song_id: str) -> PopSong | None:
    """One song, or None when it is in a compound meter (25 of 800)."""
    beats_per_bar = _meters().get(song_id)
    if beats_per_bar is None:
        return None
    folder = dataset_dir() / song_id
    structure = (folder / "human_label1.txt").read_text().strip() if (folder / "human_label1.txt").exists() else ""
    return PopSong(song_id, read_key(folder / "analyzed_key.txt"), beats_per_bar, read_melody(folder / "melody.txt"),
                   read_chords(folder / "finalized_chord.txt"), structure)
