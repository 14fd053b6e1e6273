"""Pop harmony learned from POP909 (song/pop909.py, tools/pop_harmony.py): the dataset reads
into our terms, the committed counts are what one command recounts from the training split,
and the `pop` style harmonizes a real pop melody with the chords pop songs use."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

from song.chords import parse_chord_symbol
from song.meter import Meter
from song.pop909 import load_song, song_ids, split_of
from tools.chord_vocabulary import choices
from tools.harmony import harmonize
from tools.pop_harmony import committed, count, numeral


def test_a_song_reads_with_its_key_melody_chords_and_form() -> None:
    song = load_song("001")
    assert song is not None
    assert str(song.key) == "Gb major" and song.beats_per_bar == 4
    assert len(song.melody) > 100 and all(60 - 24 <= n.pitch <= 96 for n in song.melody)
    assert song.chords[0].root == 11 and song.chords[0].quality == "maj" and song.chords[0].beats == 2
    assert song.structure.startswith("i4A4B8")
    assert song.chord_at(Fraction(3)).root == 1  # the second chord, C#, from beat 2


def test_the_split_is_by_song_and_fixed() -> None:
    test, train = song_ids("test"), song_ids("train")
    assert len(test) == 80 and len(train) == 720 and not set(test) & set(train)
    assert all(split_of(song_id) == "test" for song_id in test)


def test_the_committed_counts_are_what_the_training_split_gives() -> None:
    recounted = count(song_ids("train"))
    saved = committed()
    assert recounted["songs"] == saved["songs"] == 702  # 720 training songs, less those in compound meters
    assert recounted["transitions"] == saved["transitions"]
    assert recounted["beats"] == saved["beats"]
    assert recounted["melody_over_chord"] == saved["melody_over_chord"]


def test_the_learned_pop_chords_are_the_ones_pop_uses() -> None:
    major = {c.numeral for c in choices("pop", minor=False)}
    minor = {c.numeral for c in choices("pop", minor=True)}
    assert {"I", "IV", "V", "vi", "ii", "iii"} <= major
    assert {"vi7", "Isus2", "Imaj7", "bVII"} <= major, "sevenths, suspensions and borrowed chords, as pop has them"
    assert {"i", "iv", "VI", "VII", "III", "V"} <= minor
    assert numeral(11, "m7b5", minor=False) == "viiø7" and numeral(8, "", minor=False) == "bVI"


def test_a_pop_melody_gets_pop_chords_ending_at_home() -> None:
    song = load_song("010")  # a test-split song: only run through, never counted
    assert song is not None
    bars = 16
    start = min(n.start for n in song.melody) // song.beats_per_bar * song.beats_per_bar
    notes = [dataclasses.replace(n, start=n.start - start) for n in song.melody if start <= n.start < start + bars * song.beats_per_bar]
    result = harmonize(notes, song.key, Meter.parse(f"{song.beats_per_bar}/4"), bars, "pop")
    assert all(parse_chord_symbol(c.symbol) for c in result.chords)
    assert sum(c.duration for c in result.chords) == bars * song.beats_per_bar
    last = parse_chord_symbol(result.chords[-1].symbol)
    assert last.root == song.key.tonic_pitch_class
    assert len({c.symbol for c in result.chords}) >= 3
