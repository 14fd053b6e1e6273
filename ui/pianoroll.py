"""A text piano roll of a section's melody: pitch rows, a 16th-note grid, bar lines.

Pure text (no Textual), so `cocomposer show` prints it and the TUI can reuse the grid.
"""

from __future__ import annotations

from fractions import Fraction

from song.keys import pitch_name
from song.meter import Meter
from song.model import Section

ONSET, SUSTAIN, BEAT_DOT, EMPTY, BAR_LINE = "●", "━", "·", " ", "│"
CHANGED = "◆"  # the onset of a note the last edit changed


def piano_roll(
    section: Section,
    meter: Meter,
    bars: int = 4,
    steps_per_beat: int = 4,
    first_bar: int = 1,
    prefer_flats: bool = False,
    changed: frozenset[tuple[int, Fraction]] = frozenset(),
) -> str:
    """Rows from the highest to the lowest pitch of the shown bars; one column per step, the
    chord symbols on a row above.

    `first_bar` is 1-based. Empty bars print a single line saying so. Notes whose (pitch,
    start) is in `changed` start with CHANGED instead of ONSET.
    """
    bars = max(1, min(bars, section.bars - first_bar + 1))
    step = Fraction(1, steps_per_beat)
    bar_steps = int(meter.bar_length / step)
    begin = (first_bar - 1) * meter.bar_length
    end = begin + bars * meter.bar_length
    shown = [n for n in section.notes if n.start < end and n.end > begin]
    header = f"bars {first_bar}-{first_bar + bars - 1} of {section.bars}"
    if not shown:
        return f"{header}: no notes"
    low, high = min(n.pitch for n in shown), max(n.pitch for n in shown)
    beat_steps = int(meter.beat_length / step)
    lines = [header]
    chords = [c for c in section.chords if begin <= c.start < end]
    if chords:
        row = [" "] * (bars * bar_steps + bars)
        for chord in chords:
            step_index = int((chord.start - begin) / step)
            column = step_index + step_index // bar_steps  # bar lines take a column each
            for offset, char in enumerate(chord.symbol):
                if column + offset < len(row):
                    row[column + offset] = char
        lines.append(f"{'':>4}  {''.join(row).rstrip()}")
    for pitch in range(high, low - 1, -1):
        cells = [BEAT_DOT if i % beat_steps == 0 else EMPTY for i in range(bars * bar_steps)]
        for note in shown:
            if note.pitch != pitch:
                continue
            first = max(0, int((note.start - begin) / step))
            last = min(len(cells), max(first + 1, int((note.end - begin) / step)))
            for index in range(first, last):
                onset = CHANGED if (note.pitch, note.start) in changed else ONSET
                cells[index] = onset if index == first and note.start >= begin else SUSTAIN
        row = BAR_LINE.join("".join(cells[b * bar_steps:(b + 1) * bar_steps]) for b in range(bars))
        lines.append(f"{pitch_name(pitch, prefer_flats):>4} {BAR_LINE}{row}{BAR_LINE}")
    return "\n".join(lines)
