"""Edits: invariants over random melodies in every meter, and each operation's effect."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from song.edits import OPERATIONS, edit_section
from song.errors import BadInput
from song.edits.key_moves import transpose_key
from song.features import in_key_ratio, note_density, syncopation
from song.keys import Key
from song.meter import Meter
from song.model import Chord, Section, Song, notes_from
from song.song_edits import arrange_song, copy_section, set_key, set_meter, set_tempo
from tests.strategies import sections

METERS = ["2/4", "3/4", "4/4", "6/8", "12/8", "5/4"]


@st.composite
def songs_in_meters(draw: st.DrawFn) -> Song:
    meter = Meter.parse(draw(st.sampled_from(METERS)))
    section = draw(sections("tune", meter))
    return Song("t", draw(st.sampled_from(["C major", "D minor", "Bb major", "E dorian"])), meter, 100, (section,))


@given(songs_in_meters(), st.sampled_from(sorted(OPERATIONS)), st.floats(0, 1), st.integers(-12, 12), st.integers(0, 9))
@settings(max_examples=300, deadline=None)
def test_invariants(song: Song, operation: str, amount: float, semitones: int, seed: int) -> None:
    before = song.section("tune")
    try:
        edited, change = edit_section(song, "tune", operation, amount, semitones, seed)
    except BadInput as error:
        assert "outside 0-127" in str(error)  # the only refusal: pitches pushed out of MIDI range
        return
    after = edited.section("tune")
    for a, b in zip(after.notes, after.notes[1:]):
        assert b.start >= a.end, "no overlapping notes"
    assert all(n.end <= after.length(song.meter) and n.start >= 0 for n in after.notes)
    assert all(0 <= n.pitch <= 127 for n in after.notes)
    if operation == "augment":
        assert after.bars == before.bars * 2
    elif operation == "diminish":
        assert after.bars == -(-before.bars // 2)
    else:
        assert after.bars == before.bars
    if operation in ("syncopate", "straighten", "humanize", "retrograde", "augment") or (operation == "diminish" and len(after.notes) == len(before.notes)):
        assert sorted(n.pitch for n in after.notes) == sorted(n.pitch for n in before.notes)
    assert change.describe().startswith("tune")


@given(songs_in_meters(), st.integers(-12, 12))
@settings(max_examples=100, deadline=None)
def test_transpose_there_and_back_is_identity(song: Song, semitones: int) -> None:
    try:
        there, _ = edit_section(song, "tune", "transpose", semitones=semitones)
    except BadInput:
        return
    back, _ = edit_section(there, "tune", "transpose", semitones=-semitones)
    assert [(n.pitch, n.start, n.duration) for n in back.section("tune").notes] == [
        (n.pitch, n.start, n.duration) for n in song.section("tune").notes]


@given(songs_in_meters())
@settings(max_examples=100, deadline=None)
def test_retrograde_twice_is_identity(song: Song) -> None:
    once, _ = edit_section(song, "tune", "retrograde")
    twice, _ = edit_section(once, "tune", "retrograde")
    assert twice.section("tune") == song.section("tune")


@given(songs_in_meters(), st.integers(0, 5))
@settings(max_examples=100, deadline=None)
def test_straighten_undoes_humanize_timing(song: Song, seed: int) -> None:
    grid = Fraction(1, 12)
    assume_on_grid = all(n.start % grid == 0 and n.end % grid == 0 for n in song.section("tune").notes)
    human, _ = edit_section(song, "tune", "humanize", 1.0, seed=seed)
    back, _ = edit_section(human, "tune", "straighten", 0.0)
    if assume_on_grid:
        assert [(n.start, n.duration) for n in back.section("tune").notes] == [
            (n.start, n.duration) for n in song.section("tune").notes]


SQUARE = Song("s", "C major", "4/4", 100, (Section("verse", 4, notes_from(
    [(60, 0, 1), (62, 1, 1), (64, 2, 2), (65, 4, 1), (67, 5, 1), (69, 6, 2),
     (67, 8, 1), (65, 9, 1), (64, 10, 2), (62, 12, 2), (60, 14, 2)])),))


def test_syncopate_amount_is_monotonic_and_keeps_pitches() -> None:
    meter = SQUARE.meter
    levels = []
    for amount in (0.0, 0.25, 0.5, 1.0):
        song, change = edit_section(SQUARE, "verse", "syncopate", amount)
        levels.append(syncopation(song.section("verse").notes, meter))
        assert change.pitches_kept
    assert levels[0] == 0 and levels[0] < levels[1] < levels[2] < levels[3]
    song, change = edit_section(SQUARE, "verse", "syncopate", 0.5)
    assert "syncopation 0 ->" in change.describe() and "pitches kept" in change.describe()


def test_straighten_inverts_syncopate() -> None:
    synced, _ = edit_section(SQUARE, "verse", "syncopate", 1.0)
    straight, _ = edit_section(synced, "verse", "straighten", 1.0)
    assert [(n.pitch, n.start, n.duration) for n in straight.section("verse").notes] == [
        (n.pitch, n.start, n.duration) for n in SQUARE.section("verse").notes]


def test_densify_and_simplify_move_density_and_stay_in_key() -> None:
    key, meter = SQUARE.key, SQUARE.meter
    base = SQUARE.section("verse")
    dense, _ = edit_section(SQUARE, "verse", "densify", 0.5)
    assert note_density(dense.section("verse").notes, 4) > note_density(base.notes, 4)
    assert in_key_ratio(dense.section("verse").notes, key) == 1.0
    sparse, _ = edit_section(dense, "verse", "simplify", 1.0)
    assert note_density(sparse.section("verse").notes, 4) < note_density(dense.section("verse").notes, 4)
    assert all(n.start % meter.beat_length == 0 for n in sparse.section("verse").notes)


def test_invert_is_diatonic_around_the_axis() -> None:
    song, change = edit_section(SQUARE, "verse", "invert", axis=64)
    pitches = [n.pitch for n in song.section("verse").notes]
    assert pitches[:3] == [67, 65, 64]  # C D E around E -> G F E, in C major
    assert "around E4" in change.describe()


def test_transpose_warns_outside_singable_range() -> None:
    _, change = edit_section(SQUARE, "verse", "transpose", semitones=24)
    assert change.warnings and "singable" in change.describe()


@pytest.mark.parametrize(
    "kwargs, message",
    [({"operation": "explode"}, "unknown operation"), ({"operation": "syncopate", "amount": 2}, "0 to 1"),
     ({"operation": "transpose"}, "needs semitones"), ({"operation": "transpose", "semitones": 99}, "at most"),
     ({"operation": "invert", "axis": 200}, "axis"), ({"operation": "syncopate", "section": "bridge"}, "no section")],
)
def test_nonsense_arguments_are_refused(kwargs: dict, message: str) -> None:
    section = kwargs.pop("section", "verse")
    with pytest.raises(BadInput, match=message):
        edit_section(SQUARE, section, **kwargs)


def test_song_wide_operations() -> None:
    song = SQUARE.with_section(SQUARE.section("verse").replace(chords=(Chord("C", 0, 4), Chord("G7", 4, 4))))
    minor, text = set_key(song, "A minor")
    assert [n.pitch for n in minor.section("verse").notes][:3] == [57, 59, 60] and "-3 semitones" in text
    assert [c.symbol for c in minor.section("verse").chords] == ["Am", "E7"]
    waltz, text = set_meter(song, "3/4")
    assert waltz.section("verse").bars == 4 and "dropped" in text
    assert all(n.end <= 12 for n in waltz.section("verse").notes)
    faster, _ = set_tempo(song, 132)
    assert faster.tempo == 132
    copied, _ = copy_section(song, "verse", "verse 2")
    assert copied.form == ("verse", "verse 2")
    arranged, text = arrange_song(copied, ["verse", "verse 2", "verse"])
    assert arranged.form == ("verse", "verse 2", "verse") and "12 bars" in text
    with pytest.raises(BadInput):
        arrange_song(song, ["nope"])


VERSE_CHORUS = Song("vc", "C major", "4/4", 100, (
    Section("verse", 2, notes_from([(60, 0, 1), (62, 1, 1), (64, 2, 2), (67, 4, 2), (60, 6, 2)]), (Chord("C", 0, 4), Chord("G", 4, 4))),
    Section("chorus", 2, notes_from([(65, 0, 1), (69, 1, 1), (72, 2, 2), (71, 4, 2), (67, 6, 2)]), (Chord("F", 0, 4), Chord("G7", 4, 4))),
), ("verse", "chorus", "verse", "chorus"))


def test_a_one_section_song_moves_its_key_and_measures_against_it() -> None:
    moved, change = edit_section(SQUARE, "verse", "transpose", semitones=2)
    assert moved.key == Key.parse("D major") and moved.section("verse").key is None
    assert change.measures["in key"] == (1.0, 1.0), "measured in C before and in D after"
    assert "song key C major -> D major" in change.describe() and "in key" not in change.describe()
    flat, _ = edit_section(SQUARE.replace(key="F# major"), "verse", "transpose", semitones=2)
    assert str(flat.key) == "Ab major", "spelled as a flat key, not G# major"


@pytest.mark.parametrize("key, semitones, expected", [
    ("C major", 1, "Db major"), ("C major", -1, "B major"), ("F# major", 2, "Ab major"), ("D minor", 1, "Eb minor"),
    ("E minor", 4, "G# minor"), ("Bb major", 6, "E major"), ("E dorian", 3, "G dorian"), ("A minor", -2, "G minor"),
    ("C# minor", 12, "C# minor"), ("Gb major", -24, "Gb major"),
])
def test_a_transposed_key_is_spelled_with_the_fewest_accidentals(key: str, semitones: int, expected: str) -> None:
    assert str(transpose_key(Key.parse(key), semitones)) == expected


@given(st.sampled_from(["C", "Db", "D", "Eb", "E", "F", "F#", "Gb", "G", "Ab", "A", "Bb", "B"]),
       st.sampled_from(["major", "minor", "dorian", "mixolydian", "lydian"]), st.integers(-48, 48))
def test_a_transposed_key_lands_on_the_right_tonic(tonic: str, mode: str, semitones: int) -> None:
    key = Key(tonic, mode)
    moved = transpose_key(key, semitones)
    assert moved.mode == mode and moved.tonic_pitch_class == (key.tonic_pitch_class + semitones) % 12
    assert semitones % 12 != 0 or moved == key
    assert abs(moved.fifths) <= 6 or semitones % 12 == 0, "never G# major where Ab major will do"
    assert ("b" not in moved.tonic or moved.fifths < 0) and ("#" not in moved.tonic or moved.fifths > 0)


def test_a_section_transposed_alone_is_a_modulation() -> None:
    moved, change = edit_section(VERSE_CHORUS, "chorus", "transpose", semitones=2)
    assert moved.key == VERSE_CHORUS.key and moved.section("verse").key is None
    assert moved.section("chorus").key == Key.parse("D major")
    assert "now in D major (a modulation from C major)" in change.describe()
    assert change.measures["in key"] == (1.0, 1.0)
    assert [c.symbol for c in moved.section("chorus").chords] == ["G", "A7"]
    # Edits of the modulated chorus work in its own key: densified notes stay in D major.
    dense, change = edit_section(moved, "chorus", "densify", 1.0)
    assert in_key_ratio(dense.section("chorus").notes, Key.parse("D major")) == 1.0 and change.measures["in key"] == (1.0, 1.0)
    assert dense.section("chorus").key == Key.parse("D major")
    assert edit_section(moved, "chorus", "augment")[0].section("chorus").key == Key.parse("D major")
    assert edit_section(moved, "chorus", "diminish")[0].section("chorus").key == Key.parse("D major")
    # Back down: the chorus is in the song's key again and says nothing of its own.
    back, change = edit_section(moved, "chorus", "transpose", semitones=-2)
    assert back == VERSE_CHORUS and "back in C major" in change.describe()
    # The verse follows: now every section is in D major, so the song is.
    both, change = edit_section(moved, "verse", "transpose", semitones=2)
    assert both.key == Key.parse("D major") and [s.key for s in both.sections] == [None, None]
    assert "song key C major -> D major" in change.describe()


def test_a_transpose_by_an_octave_keeps_the_key() -> None:
    for song, name in ((SQUARE, "verse"), (VERSE_CHORUS, "chorus")):
        moved, change = edit_section(song, name, "transpose", semitones=12)
        assert moved.key == song.key and all(s.key is None for s in moved.sections)
        assert [n.pitch - 12 for n in moved.section(name).notes] == [n.pitch for n in song.section(name).notes]
        assert moved.section(name).chords == song.section(name).chords
        assert "still in C major" in change.describe()
    modulated, _ = edit_section(VERSE_CHORUS, "chorus", "transpose", semitones=3)
    down, change = edit_section(modulated, "chorus", "transpose", semitones=-12)
    assert down.section("chorus").key == Key.parse("Eb major") and "still in Eb major" in change.describe()


def test_set_key_moves_section_keys_with_the_song() -> None:
    modulated, _ = edit_section(VERSE_CHORUS, "chorus", "transpose", semitones=2)
    up, text = set_key(modulated, "E major")
    assert up.key == Key.parse("E major") and up.section("chorus").key == Key.parse("F# major")
    assert [n.pitch for n in up.section("chorus").notes] == [n.pitch + 4 for n in modulated.section("chorus").notes]
    assert [n.pitch for n in up.section("verse").notes] == [n.pitch + 4 for n in VERSE_CHORUS.section("verse").notes]
    assert "chorus now in F# major" in text
    minor, text = set_key(modulated, "A minor")
    assert minor.section("chorus").key == Key.parse("B minor"), "a tone above the song's key, in the new mode"
    assert [n.pitch for n in minor.section("chorus").notes][:3] == [64, 67, 71]  # G B D in D major -> E G B in B minor
    assert [c.symbol for c in minor.section("chorus").chords] == ["Em", "F#7"]
    home, _ = set_key(up, "C major")
    assert home == modulated


def test_straighten_keeps_notes_crowded_at_the_section_end() -> None:
    """A last note a 48th before the end of a 12/8 bar snaps to the bar line, where the grid
    has no room left: it shares the note before it instead of vanishing."""
    notes = notes_from([(60, 0, Fraction(2689, 480)), (62, Fraction(2689, 480), Fraction(3, 8)), (64, Fraction(2869, 480), Fraction(11, 480))])
    song = Song("A", "C major", "12/8", 100, (Section("verse", 1, notes),))
    straight, _ = edit_section(song, "verse", "straighten", 0.0)
    after = straight.section("verse").notes
    assert [n.pitch for n in after] == [60, 62, 64]
    assert all(a.end <= b.start for a, b in zip(after, after[1:])) and after[-1].end <= 6
