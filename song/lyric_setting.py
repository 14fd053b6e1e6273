"""Setting words to a melody that exists: which syllable goes on which note.

Dynamic programming over (syllables placed, notes used): every syllable takes one note or
more (the extra notes hold it: a melisma, "_"), every note is sung, and the cheapest
placement wins. Costs say what a singer hears: a stressed syllable off the strong beats
("to-MOR-row" sung "TO-mor-row"), an unstressed one or a function word on a downbeat,
a melisma on short notes, a line that ends on a short note running straight into the next,
a word broken by a rest. With fewer notes than syllables, the longest notes are split first
(same pitch, halves on the 16th grid) and the report says which.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from fractions import Fraction

from song.errors import InvalidSong
from song.meter import Meter
from song.metric import subdivisions, weight_at
from song.model import MELISMA, Note, Section
from song.units import SIXTEENTH_BEATS
from song.words import SungSyllable, syllabify

MAX_HELD_NOTES = 8  # one syllable over at most this many notes
STRESS_OFF_STRONG = {2: (0.0, 1.0, 3.0), 1: (0.0, 0.5, 1.5), 0: (1.0, 0.3, 0.0)}  # stress -> cost on (strong, beat, off)


@dataclass(frozen=True)
class Setting:
    """The section with its words, and what the setting did, in words."""

    section: Section
    report: tuple[str, ...]
    stressed_on_strong: tuple[int, int]  # stressed syllables of content words on strong beats, of all of them


def is_strong(meter: Meter, time: Fraction) -> bool:
    """Beats 1 and 3 of 4/4, beat 1 of 3/4, beats 1 and 4 of 6/8: the downbeat, and the bar's
    half when the bar divides in two."""
    weight = weight_at(meter, time % meter.bar_length)
    return weight == 0 or (weight == -1 and subdivisions(meter)[0] == 2)


def _position(meter: Meter, time: Fraction) -> int:
    """0 on a strong beat, 1 on another beat, 2 off the beat."""
    if is_strong(meter, time):
        return 0
    return 1 if (time % meter.bar_length) % meter.beat_length == 0 else 2


def set_words(section: Section, meter: Meter, text: str) -> Setting:
    """`text` sung on the section's melody (see the module docstring); InvalidSong when
    there are no notes or no words."""
    words = syllabify(text)
    syllables = words.syllables
    if not syllables:
        raise InvalidSong("there are no words to set (give the lyrics as text)")
    if not section.notes:
        raise InvalidSong(f"section '{section.name}' has no notes to set words to; compose its melody first")
    notes, split = _enough_notes(list(section.notes), len(syllables))
    spans = _align(notes, syllables, meter)
    sung: list[Note] = []
    for syllable, (first, last) in zip(syllables, spans):
        sung.append(dataclasses.replace(notes[first], lyric=syllable.lyric[:40]))
        sung += [dataclasses.replace(n, lyric=MELISMA) for n in notes[first + 1:last + 1]]
    stressed = [(s, notes[a]) for s, (a, _) in zip(syllables, spans) if s.stress == 2]
    on_strong = sum(is_strong(meter, n.start) for _, n in stressed)
    held = [f"'{s.word}'" for s, (a, b) in zip(syllables, spans) if b > a]
    report = [f"set {len(syllables)} syllables on {len(notes)} notes"]
    if split:
        report.append(f"{split} note{'s' if split > 1 else ''} split to fit more syllables than notes")
    if held:
        report.append(f"{len(held)} syllable{'s' if len(held) > 1 else ''} held over several notes ({', '.join(held[:5])})")
    report.append(f"{on_strong} of {len(stressed)} stressed syllables on strong beats")
    if words.guessed:
        report.append(f"not in the dictionary, syllables guessed from the spelling: {', '.join(words.guessed[:5])}")
    return Setting(section.replace(notes=tuple(sung), lyrics=text.strip()), tuple(report), (on_strong, len(stressed)))


def _enough_notes(notes: list[Note], wanted: int) -> tuple[list[Note], int]:
    """Split the longest notes in two until there is a note for every syllable."""
    split = 0
    while len(notes) < wanted:
        longest = max(range(len(notes)), key=lambda i: notes[i].duration)
        note = notes[longest]
        half = max(SIXTEENTH_BEATS, (note.duration / 2) // SIXTEENTH_BEATS * SIXTEENTH_BEATS)
        if half >= note.duration:
            raise InvalidSong(f"{wanted} syllables do not fit {len(notes)} notes, even with every note split; "
                              f"use fewer words or a busier melody")
        notes[longest:longest + 1] = [dataclasses.replace(note, duration=half),
                                      dataclasses.replace(note, start=note.start + half, duration=note.duration - half)]
        split += 1
    return notes, split


def _align(notes: list[Note], syllables: tuple[SungSyllable, ...], meter: Meter) -> list[tuple[int, int]]:
    """The cheapest (first note, last note) of each syllable, covering every note in order."""
    count, total = len(syllables), len(notes)
    positions = [_position(meter, n.start) for n in notes]
    rest_after = [i + 1 < total and notes[i + 1].start > notes[i].end for i in range(total)]
    infinity = float("inf")
    best = [[infinity] * (total + 1) for _ in range(count + 1)]
    back = [[0] * (total + 1) for _ in range(count + 1)]
    best[0][0] = 0.0
    for i, syllable in enumerate(syllables, 1):
        onset_costs = STRESS_OFF_STRONG[syllable.stress]
        for end in range(i, total - (count - i) + 1):  # syllable i ends on note end-1; the rest still fit
            for first in range(max(i - 1, end - MAX_HELD_NOTES), end):
                before = best[i - 1][first]
                if before == infinity:
                    continue
                cost = before + onset_costs[positions[first]] + _span_cost(notes, first, end - 1, syllable, rest_after)
                if cost < best[i][end]:
                    best[i][end], back[i][end] = cost, first
    spans, end = [], total
    for i in range(count, 0, -1):
        first = back[i][end]
        spans.append((first, end - 1))
        end = first
    return spans[::-1]


def _span_cost(notes: list[Note], first: int, last: int, syllable: SungSyllable, rest_after: list[bool]) -> float:
    cost = 0.0
    for held in notes[first + 1:last + 1]:  # melismas belong on long notes
        cost += 0.4 + (0.8 if held.duration < 1 else 0.0)
    if syllable.stress == 0 and syllable.word.lower() in ("the", "a", "an", "of", "and", "to") and notes[first].duration >= 2:
        cost += 1.0  # a function word held long
    ends_line_on_short = notes[last].duration < 1 and not rest_after[last] and last + 1 < len(notes)
    if syllable.last_in_line and ends_line_on_short:
        cost += 1.5
    if not syllable.last_in_word and rest_after[last]:
        cost += 2.0  # a word broken by a rest
    return cost


def naive_setting(section: Section, meter: Meter, text: str) -> tuple[int, int]:
    """The baseline: one syllable per note from the left, the rest of the notes unsung.
    Returns (stressed syllables on strong beats, stressed syllables placed)."""
    syllables = syllabify(text).syllables
    placed = [(s, n) for s, n in zip(syllables, section.notes) if s.stress == 2]
    return sum(is_strong(meter, n.start) for _, n in placed), len(placed)
