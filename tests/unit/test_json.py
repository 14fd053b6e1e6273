import json
from fractions import Fraction

import pytest
from hypothesis import given, settings

from song.errors import InvalidSong
from song.json_io import song_from_json, song_to_dict, song_to_json
from song.keys import Key
from song.model import Chord, Note, Section, Song, notes_from
from tests.strategies import songs

DESIGN_EXAMPLE = """{"title": "Harbour Lights", "key": "D minor", "meter": "4/4", "tempo": 96,
 "form": ["verse", "chorus", "verse", "chorus"],
 "sections": [{"name": "chorus", "bars": 8,
   "notes": [{"pitch": 69, "start": 0.0, "duration": 1.5, "velocity": 90}],
   "chords": [{"symbol": "Dm", "start": 0.0, "duration": 4.0}]},
   {"name": "verse", "bars": 8, "notes": [], "chords": []}]}"""


def test_design_example_round_trips_exactly() -> None:
    song = song_from_json(DESIGN_EXAMPLE)
    assert song.key.mode == "minor" and song.tempo == 96
    assert json.loads(song_to_json(song)) == json.loads(DESIGN_EXAMPLE)
    assert list(song_to_dict(song)) == ["title", "key", "meter", "tempo", "form", "sections"]


def test_triplets_survive_floats() -> None:
    section = Section("a", 1, notes_from([(60, 0, Fraction(1, 3)), (62, Fraction(1, 3), Fraction(1, 3))]))
    song = Song(sections=[section])
    assert song_from_json(song_to_json(song)) == song


@given(songs())
@settings(max_examples=60, deadline=None)
def test_any_song_round_trips(song: Song) -> None:
    assert song_from_json(song_to_json(song)) == song


@pytest.mark.parametrize(
    "text, message",
    [("{", "not valid JSON"), ("[]", "must be an object"), ('{"sections": 3}', "must be a list"),
     ('{"sections": [{"bars": 2}]}', "missing"), ('{"sections": [], "form": ["x"]}', "does not exist")],
)
def test_bad_json_is_refused_clearly(text: str, message: str) -> None:
    with pytest.raises(InvalidSong, match=message):
        song_from_json(text)


def test_chords_in_json() -> None:
    song = Song(sections=[Section("a", 2, (), (Chord("Am7", 0, 4), Chord("D7", 4, 4)))])
    data = song_to_dict(song)
    assert data["sections"][0]["chords"][1] == {"symbol": "D7", "start": 4.0, "duration": 4.0}


# A song exactly as `song_to_json` wrote it before sections could have keys (every stored
# session today): it must load to the same song and write back byte for byte.
STORED_BEFORE_SECTION_KEYS = (
    '{"title": "Harbour Lights", "key": "E dorian", "meter": "6/8", "tempo": 96, "form": ["verse", "chorus", "verse"], '
    '"sections": [{"name": "verse", "bars": 2, "notes": [{"pitch": 64, "start": 0.0, "duration": 1.5, "velocity": 90}, '
    '{"pitch": 69, "start": 3.0, "duration": 0.3333333333333333, "velocity": 80}], '
    '"chords": [{"symbol": "Em", "start": 0.0, "duration": 3.0}]}, '
    '{"name": "chorus", "bars": 1, "notes": [{"pitch": 76, "start": 0.5, "duration": 1.0, "velocity": 100}], "chords": []}]}'
)


def test_todays_json_loads_to_the_same_song() -> None:
    song = song_from_json(STORED_BEFORE_SECTION_KEYS)
    expected = Song("Harbour Lights", "E dorian", "6/8", 96, (
        Section("verse", 2, (Note(64, 0, Fraction(3, 2), 90), Note(69, 3, Fraction(1, 3), 80)), (Chord("Em", 0, 3),)),
        Section("chorus", 1, (Note(76, Fraction(1, 2), 1, 100),)),
    ), ("verse", "chorus", "verse"))
    assert song == expected and all(section.key is None for section in song.sections)
    assert song_to_json(song) == STORED_BEFORE_SECTION_KEYS


def test_a_section_key_round_trips_and_is_written_only_when_set() -> None:
    song = song_from_json(STORED_BEFORE_SECTION_KEYS)
    modulated = song.with_section(song.section("chorus").replace(key="F# dorian"))
    data = song_to_dict(modulated)
    assert list(data["sections"][1]) == ["name", "bars", "key", "notes", "chords"] and data["sections"][1]["key"] == "F# dorian"
    assert "key" not in data["sections"][0]
    again = song_from_json(song_to_json(modulated))
    assert again == modulated and again.section("chorus").key == Key("F#", "dorian")


@pytest.mark.parametrize("key", ['"H# super"', "5", '""'])
def test_a_bad_section_key_names_the_section(key: str) -> None:
    text = '{"sections": [{"name": "bridge", "bars": 1, "key": %s, "notes": []}]}' % key
    with pytest.raises(InvalidSong, match="section 'bridge'"):
        song_from_json(text)


def test_a_songs_style_is_stored_when_said_and_older_versions_read_without_one() -> None:
    from song.json_io import song_from_dict, song_to_dict

    plain = Song("S", "C major", "4/4", 100, (Section("verse", 1, notes_from([(60, 0, 1)])),))
    assert "style" not in song_to_dict(plain), "songs without a style keep the JSON stored sessions have"
    assert song_from_dict(song_to_dict(plain)).style is None
    popped = plain.replace(style="pop")
    assert song_to_dict(popped)["style"] == "pop" and song_from_dict(song_to_dict(popped)) == popped
    with pytest.raises(InvalidSong):
        song_from_dict({**song_to_dict(plain), "style": "polka"})
