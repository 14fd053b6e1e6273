import json
from fractions import Fraction

import pytest
from hypothesis import given, settings

from song.errors import InvalidSong
from song.json_io import song_from_json, song_to_dict, song_to_json
from song.model import Chord, Section, Song, notes_from
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
