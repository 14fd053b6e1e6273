"""Hypothesis strategies for valid songs (used by round-trip tests)."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

from song.meter import Meter
from song.model import Chord, Note, Section, Song

METERS = ["4/4", "3/4", "6/8", "2/4", "5/4", "12/8", "2/2"]
KEYS = ["C major", "D minor", "E dorian", "Bb major", "F# minor", "A mixolydian", "Eb lydian"]
CHORDS = ["C", "Am7", "F/A", "G7", "Dm", "Bbmaj7", "E7sus4", "Bø7"]
SYLLABLES = [None, None, "la-", "la", "_", "wörld", "星", "don't", "sing,"]
LINES = ["", "", "la la\nla", "Hello wörld\n\nsecond verse, 星"]
GRID = [Fraction(1, 4), Fraction(1, 3), Fraction(1, 2), Fraction(3, 4), Fraction(1), Fraction(3, 2), Fraction(2), Fraction(1, 480) * 7]


@st.composite
def sections(draw: st.DrawFn, name: str, meter: Meter) -> Section:
    bars = draw(st.integers(1, 6))
    length = bars * meter.bar_length
    notes: list[Note] = []
    time = Fraction(0)
    while True:
        time += draw(st.sampled_from([Fraction(0)] + GRID[:4]))
        duration = draw(st.sampled_from(GRID))
        if time + duration > length or len(notes) > 40:
            break
        notes.append(Note(draw(st.integers(36, 96)), time, duration, draw(st.integers(1, 127)), draw(st.sampled_from(SYLLABLES))))
        time += duration
    chords: list[Chord] = []
    time = Fraction(0)
    while draw(st.booleans()):
        duration = draw(st.sampled_from([Fraction(2), meter.bar_length]))
        if time + duration > length:
            break
        chords.append(Chord(draw(st.sampled_from(CHORDS)), time, duration))
        time += duration
    return Section(name, bars, tuple(notes), tuple(chords), lyrics=draw(st.sampled_from(LINES)))


@st.composite
def songs(draw: st.DrawFn) -> Song:
    meter = Meter.parse(draw(st.sampled_from(METERS)))
    names = draw(st.lists(st.sampled_from(["verse", "chorus", "bridge", "intro", "my part 2"]), min_size=1, max_size=3, unique=True))
    parts = [draw(sections(name, meter)) for name in names]
    form = draw(st.lists(st.sampled_from(names), min_size=1, max_size=5))
    tempo = draw(st.one_of(st.integers(40, 240), st.decimals("40", "240", places=2).map(float)))
    title = draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz ABCéü'-", min_size=1, max_size=30))
    return Song(title, draw(st.sampled_from(KEYS)), meter, tempo, tuple(parts), tuple(form))
