from fractions import Fraction

import pytest

from song.errors import InvalidKey, InvalidMeter
from song.keys import MODE_STEPS, Key, pitch_name
from song.meter import Meter


@pytest.mark.parametrize(
    "text, expected",
    [
        ("D minor", "D minor"), ("Bb", "Bb major"), ("f#m", "F# minor"), ("E dorian", "E dorian"),
        ("d", "D minor"), ("B-", "Bb major"), ("Ebmaj", "Eb major"), ("A mixolydian", "A mixolydian"),
        ("C ionian", "C major"), ("G aeolian", "G minor"), ("F♯ min", "F# minor"), ("  c#m ", "C# minor"),
    ],
)
def test_keys_parse_as_songwriters_write_them(text: str, expected: str) -> None:
    assert str(Key.parse(text)) == expected


@pytest.mark.parametrize("text", ["H major", "C superlocrian", "", "7", "C# minor please"])
def test_unreadable_keys_say_what_is_accepted(text: str) -> None:
    with pytest.raises(InvalidKey, match="key"):
        Key.parse(text)


def test_key_scale_and_signature() -> None:
    assert Key.parse("D minor").scale_pitch_classes == (2, 4, 5, 7, 9, 10, 0)
    assert Key.parse("D minor").fifths == -1
    assert Key.parse("E dorian").fifths == 2  # the D major signature
    assert Key.parse("E dorian").midi_key_signature() == "D"
    assert Key.parse("Eb minor").midi_key_signature() == "Ebm"
    assert Key.parse("G# minor").midi_key_signature() == "G#m"


@pytest.mark.parametrize("mode", sorted(MODE_STEPS))
def test_every_key_writes_a_signature_mido_accepts(mode: str) -> None:
    import mido

    for tonic in ["C", "C#", "Db", "D", "Eb", "E", "F", "F#", "Gb", "G", "Ab", "A", "Bb", "B"]:
        signature = Key(tonic, mode).midi_key_signature()
        mido.MetaMessage("key_signature", key=signature)  # raises on a name mido refuses


def test_pitch_names() -> None:
    assert pitch_name(60) == "C4"
    assert pitch_name(70) == "A#4"
    assert pitch_name(70, prefer_flats=True) == "Bb4"


@pytest.mark.parametrize(("key", "pitch", "name"), [
    ("D minor", 73, "C#5"),  # the leading tone is a raised C, not Db
    ("D minor", 70, "Bb4"), ("G minor", 66, "F#4"), ("G minor", 63, "Eb4"), ("F major", 70, "Bb4"),
    ("A minor", 68, "G#4"), ("E major", 68, "G#4"), ("Eb minor", 61, "Db4"),
])
def test_pitches_are_spelled_in_the_key(key: str, pitch: int, name: str) -> None:
    assert Key.parse(key).spell(pitch) == name


def test_relative_keys() -> None:
    assert Key.parse("A minor").relative == Key("C", "major")
    assert Key.parse("Bb major").relative == Key("G", "minor")
    assert Key.parse("F# minor").relative == Key("A", "major")
    assert Key.parse("D dorian").relative is None


@pytest.mark.parametrize(
    "text, bar, beat, beats_per_bar",
    [("4/4", 4, 1, 4), ("3/4", 3, 1, 3), ("6/8", 3, Fraction(3, 2), 2), ("12/8", 6, Fraction(3, 2), 4),
     ("2/2", 4, 2, 2), ("5/4", 5, 1, 5), ("C", 4, 1, 4), ("3/8", Fraction(3, 2), Fraction(1, 2), 3)],
)
def test_meters(text: str, bar: Fraction, beat: Fraction, beats_per_bar: int) -> None:
    meter = Meter.parse(text)
    assert meter.bar_length == bar
    assert meter.beat_length == beat
    assert meter.beats_per_bar == beats_per_bar


@pytest.mark.parametrize("text", ["7/3", "0/4", "4", "four four", "40/4"])
def test_bad_meters(text: str) -> None:
    with pytest.raises(InvalidMeter):
        Meter.parse(text)
