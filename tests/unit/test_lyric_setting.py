"""Words set to a melody: syllables from the CMU dictionary, stresses on strong beats, every
syllable on a note, notes held or split when the counts differ, and the report says so."""

from __future__ import annotations

import pytest

from song.errors import InvalidSong
from song.lyric_setting import is_strong, naive_setting, set_words
from song.meter import Meter
from song.model import MELISMA, Section, notes_from
from song.words import split_spelling, syllabify

FOUR = Meter.parse("4/4")
# "Twinkle twinkle": quarters, a half note at the end of each line.
TWINKLE = Section("verse", 4, notes_from(
    [(p, t, d) for p, t, d in zip([60, 60, 67, 67, 69, 69, 67, 65, 65, 64, 64, 62, 62, 60],
                                  [0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14], [1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 2])]))


def test_syllables_and_stresses_come_from_the_dictionary() -> None:
    words = syllabify("Tomorrow the letters will come\nzorblat")
    assert [s.lyric for s in words.syllables] == ["To-", "mor-", "row", "the", "let-", "ters", "will", "come", "zor-", "blat"]
    assert [s.stress for s in words.syllables][:6] == [0, 2, 1, 0, 2, 0], "to-MOR-row, the, LET-ters"
    assert words.syllables[7].last_in_line and words.guessed == ("zorblat",)
    assert split_spelling("letters", 2) == ["let", "ters"] and split_spelling("table", 2) == ["ta", "ble"]


@pytest.mark.parametrize(("meter", "strong"), [("4/4", [0, 2]), ("3/4", [0]), ("6/8", [0, 1.5])])
def test_strong_beats(meter: str, strong: list[float]) -> None:
    parsed = Meter.parse(meter)
    beats = [b / 2 for b in range(int(parsed.bar_length * 2))]
    assert [b for b in beats if is_strong(parsed, b)] == strong


def test_as_many_syllables_as_notes_sets_one_each() -> None:
    setting = set_words(TWINKLE, FOUR, "Twinkle twinkle little star\nhow I wonder what you are")
    assert [n.lyric for n in setting.section.notes] == [
        "Twin-", "kle", "twin-", "kle", "lit-", "tle", "star", "how", "I", "won-", "der", "what", "you", "are"]
    assert [n.pitch for n in setting.section.notes] == [n.pitch for n in TWINKLE.notes], "the melody stays"
    assert setting.section.lyrics == "Twinkle twinkle little star\nhow I wonder what you are"
    assert setting.stressed_on_strong == (6, 6)


def test_fewer_syllables_hold_notes_and_put_stresses_on_strong_beats() -> None:
    text = "Tomorrow is a long way home"
    setting = set_words(TWINKLE, FOUR, text)
    sung = [n.lyric for n in setting.section.notes]
    assert len(sung) == len(TWINKLE.notes), "no note split: there are more notes than syllables"
    assert [s for s in sung if s not in (MELISMA, None)] == ["To-", "mor-", "row", "is", "a", "long", "way", "home"]
    assert sung.count(MELISMA) + sung.count(None) == len(TWINKLE.notes) - 8
    ours, placed = setting.stressed_on_strong
    naive_on_strong, _ = naive_setting(TWINKLE, FOUR, text)
    assert ours > naive_on_strong and ours == placed, "to-MOR-row, LONG, WAY, HOME: every stress on beat 1 or 3"
    assert any("melisma" in line for line in setting.report)


def test_more_syllables_than_notes_split_notes_and_say_so() -> None:
    short = Section("hook", 1, notes_from([(60, 0, 2), (64, 2, 2)]))
    setting = set_words(short, FOUR, "hold on to me")
    assert [n.lyric for n in setting.section.notes] == ["hold", "on", "to", "me"]
    assert sum(n.duration for n in setting.section.notes) == 4 and {n.pitch for n in setting.section.notes} == {60, 64}
    assert any("2 notes split" in line for line in setting.report)


def test_bad_input_is_one_clear_error() -> None:
    with pytest.raises(InvalidSong, match="no words"):
        set_words(TWINKLE, FOUR, "  \n ")
    with pytest.raises(InvalidSong, match="no notes"):
        set_words(Section("intro", 1), FOUR, "hello there")
    with pytest.raises(InvalidSong, match="do not fit"):
        set_words(Section("x", 1, notes_from([(60, 0, 0.25)])), FOUR, "far too many words for one tiny note")
