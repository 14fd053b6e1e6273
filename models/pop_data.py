"""POP909's songs as training melodies: one per section, with its role in the song and its chords.

A song's human structure label (`i4A8B8x2A8B8b4B8o3`, song/pop909.py) cuts its melody into
phrases; consecutive phrases of one role make a section. Roles from the letters, as the
dataset's README describes them and as the songs bear out (in most songs A is a verse and B a
chorus):
- A is a verse. The chorus is whichever of B and C comes last in the song (songs end on their
  choruses); when that is C, B is a pre-chorus, otherwise C is a bridge. D and E are bridges.
- X, a melodic phrase that does not repeat, is an intro before the first verse, an outro after
  the last chorus, and a bridge anywhere else.
- Lower-case phrases (intro, outro, instrumental passages) have no melody and are skipped.
Chords come from `finalized_chord.txt`, on the same time line, one per chord slot (half a bar
in 4/4, a bar in 3/4): the chord sounding longest in it, in vocab.CHORD_QUALITIES terms.
The split is the song's (song/pop909.py): test songs are never read here for training.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from models import vocab as V
from models.data import TICKS, Tune
from models.tokens import longest_in_slots
from song.pop909 import AnnotatedChord, PopSong, load_song, song_ids

MIN_SECTION_NOTES = 6


@dataclass(frozen=True)
class Phrase:
    letter: str
    first_bar: int
    bars: int


def phrases(structure: str) -> list[Phrase]:
    """The label's phrases with the bar each starts on (0 = the first bar line)."""
    found, bar = [], 0
    for letter, count in re.findall(r"([A-Za-z])(\d+)", structure):
        found.append(Phrase(letter, bar, int(count)))
        bar += int(count)
    return found


def roles(structure: str) -> list[tuple[Phrase, str]]:
    """Each melodic (capital-letter) phrase with its role (see the module docstring)."""
    melodic = [p for p in phrases(structure) if p.letter.isupper()]
    letters = [p.letter for p in melodic]
    chorus = max(("B", "C"), key=lambda letter: max((i for i, l in enumerate(letters) if l == letter), default=-1))
    if chorus not in letters:
        chorus = "B"
    named = {"A": "verse", chorus: "chorus", "B": "prechorus" if chorus == "C" else "chorus",
             "C": "chorus" if chorus == "C" else "bridge", "D": "bridge", "E": "bridge"}
    first_verse = letters.index("A") if "A" in letters else len(letters)
    last_chorus = max((i for i, l in enumerate(letters) if l == chorus), default=-1)
    result = []
    for index, phrase in enumerate(melodic):
        if phrase.letter == "X":
            role = "intro" if index < first_verse else "outro" if index > last_chorus else "bridge"
        else:
            role = named.get(phrase.letter, "bridge")
        result.append((phrase, role))
    return result


def chord_class(chord: AnnotatedChord | None) -> tuple[int | None, str]:
    """A dataset chord in the vocabulary's terms: (root, one of vocab.CHORD_QUALITIES)."""
    if chord is None or chord.root is None:
        return None, ""
    quality = chord.quality.strip("\x01")
    if quality.startswith(("sus",)):
        kind = "sus"
    elif quality.startswith(("dim", "hdim")):
        kind = "dim"
    elif quality.startswith("aug"):
        kind = "aug"
    elif quality.startswith("minmaj") or quality.startswith("min6") or quality.startswith("min("):
        kind = "min"
    elif quality.startswith("min"):
        kind = "min7" if quality != "min" else "min"
    elif quality.startswith("maj7") or quality.startswith("maj9"):
        kind = "maj7"
    elif quality.startswith("maj") or not quality:
        kind = "maj"
    else:  # 7, 9, 11, 13 and their alterations
        kind = "7"
    return chord.root, kind


def slot_chords(song: PopSong, first_bar: int, bars: int) -> tuple[tuple[int | None, str], ...]:
    """The chord of every slot of bars [first_bar, first_bar + bars)."""
    slots = V.chord_slots(meter_of(song))
    spans = [(c.start, c.start + c.beats, c) for c in song.chords]
    found = longest_in_slots(spans, first_bar * slots, (first_bar + bars) * slots, Fraction(song.beats_per_bar, slots))
    return tuple(chord_class(chord) for chord in found)


def meter_of(song: PopSong) -> str:
    return f"{song.beats_per_bar}/4"


def sections(song: PopSong) -> list[Tune]:
    """The song's melodic sections (consecutive phrases of one role) as tunes."""
    runs: list[tuple[str, int, int]] = []  # role, first bar, bars
    for phrase, role in roles(song.structure):
        if runs and runs[-1][0] == role and runs[-1][1] + runs[-1][2] == phrase.first_bar:
            runs[-1] = (role, runs[-1][1], runs[-1][2] + phrase.bars)
        else:
            runs.append((role, phrase.first_bar, phrase.bars))
    tunes = []
    for index, (role, first_bar, bars) in enumerate(runs):
        start, stop = first_bar * song.beats_per_bar, (first_bar + bars) * song.beats_per_bar
        notes = tuple((n.pitch, int((n.start - start) * TICKS), int(min(n.duration, stop - n.start) * TICKS))
                      for n in song.melody if start <= n.start < stop)
        if len(notes) < MIN_SECTION_NOTES:
            continue
        tunes.append(Tune(f"pop909 {song.song_id} {index} {role}", "pop", meter_of(song), str(song.key), bars, notes,
                          role=role, chords=slot_chords(song, first_bar, bars), song_id=song.song_id))
    return tunes


def load_pop_tunes(split: str) -> list[Tune]:
    """Every section of the split's songs: 'train' (song numbers ending 1-9 but 5), 'valid'
    (ending in 5) or 'test' (ending in 0; for evaluation only)."""
    chosen = [s for s in song_ids() if pop_split(s) == split]
    return [tune for song_id in chosen if (song := load_song(song_id)) is not None for tune in sections(song)]


def pop_split(song_id: str) -> str:
    return "test" if song_id.endswith("0") else "valid" if song_id.endswith("5") else "train"
