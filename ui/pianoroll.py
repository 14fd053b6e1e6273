"""A text piano roll of a section's melody: pitch rows, a 16th-note grid, bar lines.

Pure text (no Textual), so `cocomposer show` prints it and the TUI can reuse the grid.
"""

from __future__ import annotations

from fractions import Fraction

from song.keys import Key, pitch_name
from song.meter import Meter
from song.model import MELISMA, Note, Section

ONSET, SUSTAIN, BEAT_DOT, EMPTY, BAR_LINE = "●", "━", "·", " ", "│"
CHANGED = "◆"  # the onset of a note the last edit changed


def piano_roll(
    section: Section,
    meter: Meter,
    bars: int = 4,
    steps_per_beat: int = 4,
    first_bar: int = 1,
    key: Key | None = None,
    changed: frozenset[tuple[int, Fraction]] = frozenset(),
) -> str:
    """Rows from the highest to the lowest pitch of the shown bars; one column per step, the
    chord symbols on a row above.

    `first_bar` is 1-based. Empty bars print a single line saying so. Notes whose (pitch,
    start) is in `changed` start with CHANGED instead of ONSET. Pitch names are spelled in
    `key` (sharps when no key is given).
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
        name = key.spell(pitch) if key is not None else pitch_name(pitch)
        lines.append(f"{name:>4} {BAR_LINE}{row}{BAR_LINE}")
    words = _words_row([n for n in shown if n.start >= begin], begin, step, bar_steps, bars)
    if words:
        lines.append(f"{'':>4}  {words}")
    return "\n".join(lines)


def _words_row(notes: list[Note], begin: Fraction, step: Fraction, bar_steps: int, bars: int) -> str:
    """The sung syllables under their notes' onsets (a held note shows nothing), each cut to
    the room before the next one."""
    sung = [(int((n.start - begin) / step), n.lyric) for n in notes if n.lyric not in (None, MELISMA)]
    if not sung:
        return ""
    row = [" "] * (bars * bar_steps + bars)
    for index, (step_index, lyric) in enumerate(sung):
        column = step_index + step_index // bar_steps  # bar lines take a column each
        stop = sung[index + 1][0] + sung[index + 1][0] // bar_steps if index + 1 < len(sung) else len(row)
        text = lyric if len(lyric) < stop - column else lyric[: max(1, stop - column - 1)]
        for offset, char in enumerate(text):
            if column + offset < len(row):
                row[column + offset] = char
    return "".join(row).rstrip()


def piano_roll_systems(section: Section, meter: Meter, bars_per_line: int, steps_per_beat: int = 4,
                       key: Key | None = None, changed: frozenset[tuple[int, Fraction]] = frozenset()) -> str:
    """The whole section as stacked rows of `bars_per_line` bars, like the systems of a
    score, so every bar (and every changed note) is on screen without paging."""
    systems = [piano_roll(section, meter, bars_per_line, steps_per_beat, first, key, changed)
               for first in range(1, section.bars + 1, bars_per_line)]
    return "\n\n".join(systems)


def coarsest_exact_grid(notes: tuple[Note, ...] | list[Note]) -> int:
    """Steps per beat that show every note exactly: 2 (eighths) when all notes start and end
    on eighths, else 4 (sixteenths; finer values are rounded onto them)."""
    half = Fraction(1, 2)
    return 2 if all((n.start / half).denominator == 1 and (n.end / half).denominator == 1 for n in notes) else 4
