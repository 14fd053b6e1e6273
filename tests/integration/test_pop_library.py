"""POP909's songs in the reference library (a real embedded Chroma and the real MiniLM
embedder): found by title, by speed and form in words, loaded back with their chords."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from memory.pieces import piece_from_stored
from memory.query_words import filters_from_words
from memory.references import ReferenceLibrary, open_client
from song.chords import parse_chord_symbol
from song.keys import Key
from song.meter import Meter
from song.model import Note, Section, Song
from tools.library_build import build_corpus, pop909_pieces
from tools.references import reference_as_section

SONGS = 12


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> ReferenceLibrary:
    library = ReferenceLibrary(open_client(tmp_path_factory.mktemp("pop-refs") / "references"))
    result = build_corpus(library, ["pop909", "oneills1850"], SONGS)
    assert result.added == 2 * SONGS
    return library


def test_a_pop_song_is_stored_with_its_chords_form_tempo_title_and_artist(library: ReferenceLibrary) -> None:
    piece = library.get("pop909/003")
    assert piece.collection == "pop909" and piece.origin and piece.title == "9420"
    assert piece.tempo == float(Path(__file__).parents[3].joinpath("shared/datasets/pop909/003/tempo.txt").read_text().split()[0])
    assert piece.form.startswith("intro") and "chorus" in piece.form and "verse" in piece.form
    assert piece.chords and all(parse_chord_symbol(symbol) for symbol, _, _ in piece.chords)
    section = piece.section()
    assert len(section.chords) == len(piece.chords) and section.chords[0].start == Fraction(piece.chords[0][1], 480)
    description = library.description("pop909/003")
    assert "Pop song" in description and "bpm" in description and "form: intro" in description


def test_words_find_a_song_by_title_and_pop_songs_by_speed(library: ReferenceLibrary) -> None:
    pieces = pop909_pieces(SONGS)
    title = pieces[5].title
    assert library.search_words(title, k=3)[0].id == pieces[5].id
    slow = min(pieces, key=lambda p: p.tempo)
    query = f"a slow ballad at {slow.tempo:.0f} bpm"
    hits = library.search_words(query, filters_from_words(query), k=5)
    assert hits and hits[0].collection == "pop909"
    assert all(abs(library.get(h.id).tempo - slow.tempo) <= slow.tempo * 0.1 for h in hits)
    assert filters_from_words("pop songs at 120 bpm").collection == "pop909"
    assert filters_from_words("irish jigs").tempo is None


def test_a_pop_reference_joins_a_song_with_its_chords_moved_with_its_notes(library: ReferenceLibrary) -> None:
    piece = library.get("pop909/003")  # Bb major
    song = Song("s", Key.parse("D major"), Meter.parse("4/4"), 90.0, (Section("verse", 1, (Note(62, Fraction(0), Fraction(1)),)),))
    joined, moved = reference_as_section(piece, song)
    placed = joined.section("inspiration")
    shift = placed.notes[0].pitch - piece.section().notes[0].pitch
    assert moved and shift % 12 == (2 - 10) % 12
    assert [parse_chord_symbol(c.symbol).root for c in placed.chords] == \
        [(parse_chord_symbol(c.symbol).root + shift) % 12 for c in piece.section().chords]


def test_pieces_stored_before_pop_songs_joined_read_back_without_them() -> None:
    old = {"title": "The Kesh", "collection": "oneills1850", "origin": "Irish", "genre": "jig", "key": "G major",
           "meter": "6/8", "bars": 8}  # the metadata an older library holds: no tempo, chords or form
    piece = piece_from_stored("oneills1850/x/0", old, "67,0,240 69,240,240")
    assert piece.tempo == 0.0 and piece.chords == () and piece.form == "" and piece.section().notes


def test_pop_songs_asked_for_without_the_dataset_are_a_one_line_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.integration.test_cli import assert_one_line_error, cocomposer

    monkeypatch.setenv("COCOMPOSER_POP909", str(tmp_path / "nowhere"))
    monkeypatch.setenv("COCOMPOSER_HOME", str(tmp_path / "home"))
    assert_one_line_error(cocomposer("refs", "build", "--collection", "pop909"), 2, "POP909 is not at", "COCOMPOSER_POP909")
