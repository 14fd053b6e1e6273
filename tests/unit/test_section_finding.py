"""Sections found by the melody's repeats, on a made-up song and on real POP909 songs."""

from __future__ import annotations

from fractions import Fraction

import pytest

from song.model import Note
from song.pop909 import dataset_dir, load_song
from song.section_finding import find_sections, section_starts


def _phrase(pitches: list[int], first_bar: int, bars: int = 4) -> list[Note]:
    """Four quarter notes a bar, the pitches cycling."""
    return [Note(pitches[i % len(pitches)], Fraction(first_bar * 4 + i), Fraction(1)) for i in range(bars * 4)]


VERSE = [60, 62, 64, 62, 60, 59, 57, 59, 60, 64, 67, 65, 64, 62, 60, 62, 64, 65, 67, 69, 67, 65, 64, 62,
         60, 59, 60, 62, 64, 62, 60, 60]  # 8 bars that do not repeat inside
CHORUS = [72, 71, 69, 71, 72, 74, 76, 74, 72, 69, 67, 69, 71, 72, 74, 72, 71, 69, 67, 65, 64, 65, 67, 69,
          71, 72, 74, 76, 74, 72, 71, 72]


def test_a_verse_chorus_song_is_cut_where_its_repeats_begin_and_named_by_role() -> None:
    """Verse, chorus, verse, chorus, chorus: the song ends on its chorus twice, as pop songs do."""
    notes = [n for start, tune in ((0, VERSE), (8, CHORUS), (16, VERSE), (24, CHORUS), (32, CHORUS)) for n in _phrase(tune, start, 8)]
    found = find_sections(notes, Fraction(4), 40)
    starts = [(s.first_bar, s.role) for a, s in zip([None, *found], found) if a is None or a.letter != s.letter]
    assert starts == [(0, "verse"), (8, "chorus"), (16, "verse"), (24, "chorus")]
    assert section_starts(notes, Fraction(4), 40) == [(0, "verse"), (8, "chorus"), (16, "verse"), (24, "chorus")]


def test_a_melody_where_nothing_comes_back_stays_one_section() -> None:
    notes = [Note(48 + (i * 7) % 37, Fraction(i), Fraction(1)) for i in range(96)]
    assert section_starts(notes, Fraction(4), 24) == []
    assert section_starts(_phrase(VERSE, 0, 8), Fraction(4), 8) == [], "short melodies are not cut"


@pytest.mark.skipif(not dataset_dir().exists(), reason="POP909 is not beside the repository")
def test_on_real_pop_songs_most_human_boundaries_are_found() -> None:
    from bench.section_finding import human_boundaries, matched
    from models.pop_data import phrases

    hits = truth = 0
    for song_id in ("005", "015", "025", "035"):  # validation songs
        song = load_song(song_id)
        assert song is not None
        found = find_sections(song.melody, Fraction(song.beats_per_bar), sum(p.bars for p in phrases(song.structure)))
        starts = [s.first_bar for a, s in zip(found, found[1:]) if s.letter != a.letter]
        human = human_boundaries(song.structure)
        hits, truth = hits + matched(starts, human), truth + len(human)
    assert hits / truth >= 0.5
