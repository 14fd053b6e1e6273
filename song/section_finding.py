"""Verses and choruses found by repetition, for a melody that comes without section markers.

Pop songs repeat: the second verse sings the first verse's tune, every chorus the chorus's.
So the melody is cut into bars, every bar compared with every other (the notes' onsets and
pitches, and the pitches alone, since new words move a rhythm a little), and runs of bars that
come back later (REPEAT_SIMILARITY or more, for MIN_RUN_BARS or more) mark where sections begin
and end. Bars without melody (an intro, an instrumental break) separate sections too. The
pieces between boundaries that sound alike get one letter; the letter sung most that lies
highest is the chorus, the one before it the verse, others bridges, an unrepeated piece before
the first verse an intro and after the last chorus an outro.

Measured against POP909's human structure labels by `python -m bench.section_finding`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

from song.model import Note

REPEAT_SIMILARITY = 0.5  # bar similarity (0-1) above which two bars count as the same music
MIN_RUN_BARS = 4  # a repeat must last this long to mark a section
MIN_SECTION_BARS = 4
SAME_LETTER = 0.45
MIN_BARS_TO_SPLIT = 16  # shorter melodies stay one section
CHORUS_BY_HEIGHT = False
REGISTER_JUMP = 3.0  # semitones between the mean pitch of the bars before and after that marks a section change
REGISTER_VOTES = 4.0  # how much such a jump weighs against repeats (a repeat of n bars gives n)  # mean bar similarity above which two pieces are the same section


@dataclass(frozen=True)
class FoundSection:
    first_bar: int  # 0-based
    bars: int
    letter: str  # pieces with one letter are the same music
    role: str  # intro, verse, prechorus, chorus, bridge, outro


def similarity_matrix(notes: Sequence[Note], bar_beats: Fraction, bars: int) -> list[list[float]]:
    """Every bar against every other, 0-1: half the share of (sixteenth onset, pitch) pairs they
    have in common, half the share of pitches (counted with repeats); 0 when either bar is
    silent. In numpy: a song of 400 bars is 160,000 pairs."""
    import numpy as np

    placed = [(bar, min(63, round((note.start - bar * bar_beats) * 4)) * 128 + note.pitch, note.pitch)
              for note in notes if 0 <= (bar := int(note.start // bar_beats)) < bars]
    columns = {pair: index for index, pair in enumerate(sorted({pair for _, pair, _ in placed}))}
    timed = np.zeros((bars, max(1, len(columns))), np.float32)  # (onset in sixteenths within the bar, pitch) present
    pitched = np.zeros((bars, 128), np.float32)  # how many notes on each pitch
    for bar, pair, pitch in placed:
        timed[bar, columns[pair]] = 1.0
        pitched[bar, pitch] += 1.0
    timed_counts, pitch_counts = timed.sum(axis=1), pitched.sum(axis=1)
    shared_timed = timed @ timed.T
    shared_pitches = np.zeros((bars, bars), np.float32)
    for pitch in np.flatnonzero(pitched.sum(axis=0)):
        shared_pitches += np.minimum(pitched[:, pitch][:, None], pitched[:, pitch][None, :])
    with np.errstate(divide="ignore", invalid="ignore"):
        similar = 0.5 * shared_timed / np.maximum.outer(timed_counts, timed_counts) \
            + 0.5 * shared_pitches / np.maximum.outer(pitch_counts, pitch_counts)
    return np.nan_to_num(similar).tolist()


def repeated_runs(similar: list[list[float]]) -> list[tuple[int, int, int]]:
    """(first start, second start, bars) of every stretch that comes back later."""
    bars = len(similar)
    runs = []
    for lag in range(MIN_RUN_BARS, bars):
        diagonal = [similar[i][i + lag] >= REPEAT_SIMILARITY for i in range(bars - lag)]
        start = None
        for i in range(bars - lag + 1):
            inside = i < bars - lag and diagonal[i]
            if inside and start is None:
                start = i
            elif not inside and start is not None:
                length = min(i - start, lag)
                if length >= MIN_RUN_BARS:
                    runs.append((start, start + lag, length))
                start = None
    return runs


def boundaries(notes: Sequence[Note], bar_beats: Fraction, bars: int, similar: list[list[float]],
               sounding: list[bool]) -> list[int]:
    """Bars where sections begin (0 first), from repeats and silences."""
    votes: Counter[int] = Counter()
    for first, second, length in repeated_runs(similar):
        for bar in (first, first + length, second, second + length):
            votes[bar] += length
    silent = [not sounds for sounds in sounding]
    for bar in range(1, bars):
        if silent[bar - 1] != silent[bar]:  # melody starts or stops
            votes[bar] += 4 * MIN_RUN_BARS
    chosen: list[int] = [0]
    for bar, _ in sorted(votes.items(), key=lambda item: (-item[1], item[0])):
        if 0 < bar < bars and all(abs(bar - other) >= MIN_SECTION_BARS for other in chosen):
            chosen.append(bar)
    return sorted(chosen)


def sounding_bars(notes: Sequence[Note], bar_beats: Fraction, bars: int) -> list[bool]:
    """Per bar: does any note sound in it?"""
    sounding = [False] * bars
    for note in notes:
        first, last = int(note.start // bar_beats), int((note.end - Fraction(1, 1000)) // bar_beats)
        for bar in range(max(0, first), min(bars - 1, last) + 1):
            sounding[bar] = True
    return sounding


def find_sections(notes: Sequence[Note], bar_beats: Fraction, bars: int) -> list[FoundSection]:
    """The melody's sections, lettered by what repeats, with roles (see the module docstring)."""
    similar = similarity_matrix(notes, bar_beats, bars)
    sounding = sounding_bars(notes, bar_beats, bars)
    starts = boundaries(notes, bar_beats, bars, similar, sounding)
    pieces = [(start, stop) for start, stop in zip(starts, starts[1:] + [bars])]
    letters: list[str] = []
    for index, (start, stop) in enumerate(pieces):
        if not any(sounding[start:stop]):
            letters.append("-")  # no melody: an instrumental stretch
            continue
        match = next((letters[j] for j, other in enumerate(pieces[:index])
                      if letters[j] != "-" and _alike(similar, (start, stop), other)), None)
        letters.append(match or chr(ord("A") + len({l for l in letters if l != "-"})))
    roles = _roles(letters, pieces, notes, bar_beats)
    return [FoundSection(start, stop - start, letter, role) for (start, stop), letter, role in zip(pieces, letters, roles)]


def _alike(similar: list[list[float]], a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two pieces are the same music: their bars, aligned from the start, alike on average."""
    length = min(a[1] - a[0], b[1] - b[0])
    if length < 2:
        return False
    return sum(similar[a[0] + k][b[0] + k] for k in range(length)) / length >= SAME_LETTER


def _roles(letters: list[str], pieces: list[tuple[int, int]], notes: Sequence[Note], bar_beats: Fraction) -> list[str]:
    sung = [l for l in letters if l != "-"]
    if not sung:
        return ["intro" for _ in letters]
    counts = Counter(sung)
    heights = {letter: _mean_pitch(notes, bar_beats, [p for p, l in zip(pieces, letters) if l == letter]) for letter in counts}
    repeated = [l for l in counts if counts[l] > 1] or list(counts)
    last_sung = {l: max(i for i, x in enumerate(letters) if x == l) for l in repeated}
    chorus = max(repeated, key=lambda l: (CHORUS_BY_HEIGHT and heights[l], last_sung[l], counts[l]))
    before = [l for l in sung[: sung.index(chorus)] if l != chorus]  # what is sung before the first chorus: verses
    first_sung = before[0] if before else chorus
    leads_in = {l for l in before if l != first_sung and counts[l] > 1
                and all(i + 1 < len(letters) and letters[i + 1] == chorus for i, x in enumerate(letters) if x == l)}
    last_chorus = len(letters) - 1 - letters[::-1].index(chorus)
    roles = []
    for index, letter in enumerate(letters):
        if letter == chorus:
            roles.append("chorus")
        elif letter in leads_in:
            roles.append("prechorus")
        elif letter in before:
            roles.append("verse")
        elif index > last_chorus:
            roles.append("outro")
        elif letter == "-" and index < letters.index(first_sung):
            roles.append("intro")
        else:
            roles.append("bridge")
    return roles


def _mean_pitch(notes: Sequence[Note], bar_beats: Fraction, spans: list[tuple[int, int]]) -> float:
    inside = [n.pitch for n in notes if any(s * bar_beats <= n.start < e * bar_beats for s, e in spans)]
    return sum(inside) / len(inside) if inside else 0.0


def section_starts(notes: Sequence[Note], bar_beats: Fraction, bars: int) -> list[tuple[int, str]]:
    """(bar, name) where a marker-less melody's sections begin, named by role ("break" for a
    stretch without melody between sections); empty when the melody is short or nothing in
    it comes back (one section is then the honest answer)."""
    if bars < MIN_BARS_TO_SPLIT:
        return []
    found = find_sections(notes, bar_beats, bars)
    sung = [s.letter for s in found if s.letter != "-"]
    if len(set(sung)) == len(sung):
        return []
    starts: list[tuple[int, str]] = []
    for piece in found:
        name = "break" if piece.letter == "-" and piece.role == "bridge" else piece.role
        if not starts or starts[-1][1] != name:  # a verse sung twice in a row is one verse section
            starts.append((piece.first_bar, name))
    if len(starts) > 1 and bars - starts[-1][0] < MIN_SECTION_BARS // 2:
        starts.pop()  # a last bar or so is the end of what came before, not a section
    return starts
