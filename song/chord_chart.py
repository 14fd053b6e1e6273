"""A chord chart as a songwriter types it ("Am F C G", "Am - F - C - G", "C G | Am F") into chords
laid over a section's bars.

One chord per bar, unless bars are marked with "|": then each bar's chords share it equally
("C G | Am F": C and G half a bar each). A chart shorter than the section repeats, as a loop
does ("Am F C G" under 8 bars plays twice); a longer one is cut at the section's end.
"""

from __future__ import annotations

import re

from song.chords import parse_chord_symbol
from song.errors import BadInput, InvalidSong
from song.meter import Meter
from song.model import Chord


def chart_bars(text: str) -> list[list[str]]:
    """The chart's bars, each a list of chord symbols."""
    cleaned = text.strip().strip(".")
    if "|" in cleaned:
        bars = [re.split(r"[\s,]+", bar.strip()) for bar in cleaned.split("|") if bar.strip()]
    else:
        bars = [[symbol] for symbol in re.split(r"\s*(?:,|\s-\s|\s–\s|->|→|\s)\s*", cleaned) if symbol and symbol != "-"]
    bars = [[s for s in bar if s and s != "-"] for bar in bars]
    if not any(bars):
        raise BadInput("no chords in the chart (write them like 'Am F C G' or 'C G | Am F')")
    for bar in bars:
        for symbol in bar:
            try:
                parse_chord_symbol(symbol)
            except InvalidSong as error:
                raise BadInput(str(error)) from None
    return [bar for bar in bars if bar]


def chart_chords(text: str, bars: int, meter: Meter) -> tuple[Chord, ...]:
    """The chart's chords over `bars` bars, looping the chart as often as needed."""
    chart = chart_bars(text)
    chords: list[Chord] = []
    for bar in range(bars):
        symbols = chart[bar % len(chart)]
        share = meter.bar_length / len(symbols)
        for index, symbol in enumerate(symbols):
            chords.append(Chord(symbol, bar * meter.bar_length + index * share, share))
    return tuple(_merged(chords))


def _merged(chords: list[Chord]) -> list[Chord]:
    """Neighbouring copies of one chord as one chord ("C | C" is a C two bars long)."""
    merged: list[Chord] = []
    for chord in chords:
        if merged and merged[-1].symbol == chord.symbol and merged[-1].end == chord.start:
            merged[-1] = Chord(chord.symbol, merged[-1].start, merged[-1].duration + chord.duration)
        else:
            merged.append(chord)
    return merged

