from fractions import Fraction

import pytest

from song.chords import parse_chord_symbol
from song.errors import BadInput, InvalidSong
from song.model import Chord, Note, Section, Song, notes_from


def test_times_are_exact_on_the_tick_grid() -> None:
    note = Note(60, 0.1 + 0.2, Fraction(1, 3))
    assert note.start == Fraction(3, 10)
    assert note.duration * 3 == 1
    assert note.end == Fraction(3, 10) + Fraction(1, 3)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: Note(128, 0, 1), "0-127"),
        (lambda: Note(-1, 0, 1), "0-127"),
        (lambda: Note(60, 0, 0), "positive duration"),
        (lambda: Note(60, -1, 1), "before its section"),
        (lambda: Note(60, 0, 1, velocity=0), "velocity"),
        (lambda: Note(60, "soon", 1), "number of beats"),
        (lambda: Chord("Xm", 0, 4), "chord symbol"),
        (lambda: Chord("Cblah", 0, 4), "unknown quality"),
        (lambda: Section("", 4), "section name"),
        (lambda: Section("verse", 0), "bars"),
        (lambda: Section("verse", 4, notes_from([(60, 0, 2), (62, 1, 1)])), "one voice"),
        (lambda: Section("verse", 4, (), (Chord("C", 0, 4), Chord("F", 2, 2))), "overlaps"),
        (lambda: Song(sections=[Section("verse", 1, notes_from([(60, 3, 2)]))]), "ends after"),
        (lambda: Song(sections=[Section("a", 1), Section("a", 2)]), "share the name"),
        (lambda: Song(sections=[Section("a", 1)], form=["a", "b"]), "does not exist"),
        (lambda: Song(tempo=0), "tempo"),
        (lambda: Song(key="Q major"), "key"),
    ],
)
def test_invalid_values_are_refused_with_a_reason(make, message: str) -> None:
    with pytest.raises(InvalidSong if "key" not in message else BadInput, match=message):
        make()


def test_section_sorts_notes_and_song_defaults_form() -> None:
    section = Section("verse", 2, notes_from([(64, 2, 1), (60, 0, 1)]))
    assert [n.pitch for n in section.notes] == [60, 64]
    song = Song(sections=[section, Section("chorus", 1)])
    assert song.form == ("verse", "chorus")


def test_with_section_replaces_or_appends() -> None:
    song = Song(sections=[Section("verse", 2)], form=["verse", "verse"])
    replaced = song.with_section(Section("verse", 4))
    assert replaced.section("verse").bars == 4 and replaced.form == ("verse", "verse")
    added = song.with_section(Section("chorus", 2))
    assert added.form == ("verse", "verse", "chorus")
    assert song.section("verse").bars == 2  # the original is untouched


def test_unknown_section_lists_the_real_ones() -> None:
    song = Song(sections=[Section("verse", 2), Section("chorus", 2)])
    with pytest.raises(BadInput, match="verse, chorus"):
        song.section("bridge")


def test_form_order_offsets() -> None:
    song = Song(meter="6/8", sections=[Section("a", 2), Section("b", 1)], form=["a", "b", "a"])
    assert [(s.name, o) for s, o in song.in_form_order()] == [("a", 0), ("b", 6), ("a", 9)]
    assert song.total_beats == 15


@pytest.mark.parametrize(
    "symbol, pitch_classes",
    [("C", {0, 4, 7}), ("Am7", {9, 0, 4, 7}), ("F/A", {5, 9, 0}), ("G7", {7, 11, 2, 5}),
     ("Bbmaj7", {10, 2, 5, 9}), ("C#dim", {1, 4, 7}), ("Dsus4", {2, 7, 9}), ("Bø7", {11, 2, 5, 9})],
)
def test_chord_symbols(symbol: str, pitch_classes: set[int]) -> None:
    assert parse_chord_symbol(symbol).pitch_classes == pitch_classes


def test_chord_voicing_puts_the_bass_low() -> None:
    voicing = parse_chord_symbol("F/A").voicing()
    assert voicing[0] % 12 == 9 and voicing[0] < min(voicing[1:])
    assert {p % 12 for p in voicing[1:]} == {5, 9, 0}
