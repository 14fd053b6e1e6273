"""Chord charts typed the way songwriters type them, laid over bars."""

from __future__ import annotations

from fractions import Fraction

import pytest

from song.chord_chart import chart_chords
from song.errors import BadInput
from song.meter import Meter


def test_one_chord_a_bar_loops_to_fill_the_section() -> None:
    chords = chart_chords("Am F C G", 8, Meter.parse("4/4"))
    assert [c.symbol for c in chords] == ["Am", "F", "C", "G"] * 2
    assert [c.start for c in chords[:3]] == [0, 4, 8] and all(c.duration == 4 for c in chords)


def test_bars_split_by_bars_share_the_bar_and_dashes_separate_chords() -> None:
    split = chart_chords("C G | Am F", 2, Meter.parse("4/4"))
    assert [(c.symbol, c.start, c.duration) for c in split] == [("C", 0, 2), ("G", 2, 2), ("Am", 4, 2), ("F", 6, 2)]
    dashed = chart_chords("Am - F - C - G", 4, Meter.parse("3/4"))
    assert [c.symbol for c in dashed] == ["Am", "F", "C", "G"] and dashed[1].start == Fraction(3)


def test_a_repeated_chord_is_one_longer_chord_and_a_long_chart_is_cut() -> None:
    assert [(c.symbol, c.duration) for c in chart_chords("C | C | G", 3, Meter.parse("4/4"))] == [("C", 8), ("G", 4)]
    assert len(chart_chords("C F G Am Dm Em", 2, Meter.parse("4/4"))) == 2


@pytest.mark.parametrize("chart", ["Am Fx", "", "| |", "H7 C"])
def test_a_chart_that_cannot_be_read_is_a_one_line_error(chart: str) -> None:
    with pytest.raises(BadInput) as error:
        chart_chords(chart, 4, Meter.parse("4/4"))
    assert "\n" not in str(error.value)
