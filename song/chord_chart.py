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


CHORD_SYMBOL = r"[A-G](?:#|b|♯|♭)?(?:maj7|maj9|maj|min7|min|m7b5|m7|m9|m6|m|dim7|dim|aug|sus2|sus4|sus|add9|7|9|6|11|13|\+|°|ø)?(?:/[A-G](?:#|b)?)?"
CHART = re.compile(rf"(?:\bover|\bon top of|\bunder|\bchords?|\bprogression|\bchanges|\busing|\bwith)\s*:?\s*(?:the\s+)?(?:chords?\s+)?"
                   rf"(?:progression\s+)?(?:of\s+)?((?:{CHORD_SYMBOL})(?:\s*(?:[-,|–→]|->)?\s*(?:{CHORD_SYMBOL})(?![\w#]))+)(?![\w#])")


PUT_CHART = re.compile(rf"\b(?:put|use|try|set|make it)\s+((?:{CHORD_SYMBOL})(?:\s*(?:[-,|–→]|->)?\s*(?:{CHORD_SYMBOL})(?![\w#]))+)"
                       rf"\s+(?:under|for|on|in|as|behind)\b")


def chart_in_words(text: str) -> str | None:
    """A chord chart the words give ("over Am F C G", "chords: C G | Am F", "put Am F C G under the
    chorus"), as typed, or None: two chords at least, beside words that say they are chords."""
    match = CHART.search(text) or PUT_CHART.search(text)
    return match.group(1).strip() if match else None
