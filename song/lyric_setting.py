"""Setting words to a melody that exists: which syllable goes on which note.

Dynamic programming over the notes, left to right, with the number of syllables begun: each
note starts a syllable, holds the one before (a melisma, "_"), starts two (split), or has
none; every syllable is sung once, in order, and the cheapest placement wins. Costs say what a singer hears: a stressed syllable off the strong beats
("to-MOR-row" sung "TO-mor-row"), an unstressed one or a function word on a downbeat,
a melisma on short notes, a line that ends on a short note running straight into the next,
a word broken by a rest. A note may carry two syllables when split in two (same pitch, halves
on the 16th grid) or none (a pickup before the words, a note after them); both cost, so
they happen where the words need them, and the report counts them.
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
    there are no notes or no words, or more syllables than the notes can carry split."""
    words = syllabify(text)
    syllables = words.syllables
    if not syllables:
        raise InvalidSong("there are no words to set (give the lyrics as text)")
    if not section.notes:
        raise InvalidSong(f"section '{section.name}' has no notes to set words to; compose its melody first")
    actions = _align(list(section.notes), syllables, meter)
    sung: list[Note] = []
    starts: list[tuple[SungSyllable, Fraction]] = []
    index = 0
    for note, action in zip(section.notes, actions):
        if action == NEW:
            sung.append(dataclasses.replace(note, lyric=syllables[index].lyric))
            starts.append((syllables[index], note.start))
            index += 1
        elif action == SPLIT:
            half = _half(note)
            sung.append(dataclasses.replace(note, duration=half, lyric=syllables[index].lyric))
            sung.append(dataclasses.replace(note, start=note.start + half, duration=note.duration - half,
                                            lyric=syllables[index + 1].lyric))
            starts += [(syllables[index], note.start), (syllables[index + 1], note.start + half)]
            index += 2
        elif action == HOLD:
            sung.append(dataclasses.replace(note, lyric=MELISMA))
        else:
            sung.append(dataclasses.replace(note, lyric=None))
    stressed = [start for syllable, start in starts if syllable.stress == 2]
    on_strong = sum(is_strong(meter, start) for start in stressed)
    report = [f"set {len(syllables)} syllables on {len(section.notes)} notes"]
    for action, what in ((SPLIT, "split in two to carry two syllables"), (HOLD, "holding the syllable before (a melisma)"),
                         (REST, "left without words")):
        count = actions.count(action)
        if count:
            report.append(f"{count} note{'s' if count > 1 else ''} {what}")
    report.append(f"{on_strong} of {len(stressed)} stressed syllables on strong beats")
    if words.guessed:
        report.append(f"not in the dictionary, syllables guessed from the spelling: {', '.join(words.guessed[:5])}")
    return Setting(section.replace(notes=tuple(sung), lyrics=text.strip()), tuple(report), (on_strong, len(stressed)))


NEW, SPLIT, HOLD, REST = "new", "split", "hold", "rest"  # what happens on each note
SPLIT_COST, REST_COST = 1.0, {"before": 0.8, "inside": 2.5, "after": 1.0}


def _half(note: Note) -> Fraction:
    return max(SIXTEENTH_BEATS, (note.duration / 2) // SIXTEENTH_BEATS * SIXTEENTH_BEATS)


def _align(notes: list[Note], syllables: tuple[SungSyllable, ...], meter: Meter) -> list[str]:
    """The cheapest action on each note: a new syllable, two syllables on a note split in two,
    a held syllable, or no words, so that every syllable is sung once, in order."""
    count, total = len(syllables), len(notes)
    infinity = float("inf")
    # best[j][i][open]: cost after j notes with i syllables begun; open: the last note carries words
    best = [[[infinity, infinity] for _ in range(count + 1)] for _ in range(total + 1)]
    back: dict[tuple[int, int, int], tuple[int, int, str]] = {}
    best[0][0][0] = 0.0
    for j, note in enumerate(notes):
        position = _position(meter, note.start)
        rest_before = j > 0 and note.start > notes[j - 1].end
        short = note.duration < 1
        for i in range(count + 1):
            for is_open in (0, 1):
                here = best[j][i][is_open]
                if here == infinity:
                    continue
                moves: list[tuple[int, int, str, float]] = []
                ending = _ending_cost(notes, j, syllables[i - 1], rest_before) if i and is_open else 0.0
                if i < count:
                    moves.append((i + 1, 1, NEW, ending + STRESS_OFF_STRONG[syllables[i].stress][position]
                                  + _long_function_word(syllables[i], note)))
                if i + 1 < count and _half(note) < note.duration:
                    second = _position(meter, note.start + _half(note))
                    line_inside = 1.5 if syllables[i].last_in_line else 0.0
                    moves.append((i + 2, 1, SPLIT, ending + SPLIT_COST + line_inside + STRESS_OFF_STRONG[syllables[i].stress][position]
                                  + STRESS_OFF_STRONG[syllables[i + 1].stress][second]))
                if i and is_open and not rest_before:
                    moves.append((i, 1, HOLD, 0.4 + (0.8 if short else 0.0)))
                where = "before" if i == 0 else "after" if i == count else "inside"
                moves.append((i, 0, REST, ending + REST_COST[where]))
                for new_i, new_open, action, cost in moves:
                    if here + cost < best[j + 1][new_i][new_open]:
                        best[j + 1][new_i][new_open] = here + cost
                        back[(j + 1, new_i, new_open)] = (i, is_open, action)
    final = min((0, 1), key=lambda o: best[total][count][o])
    if best[total][count][final] == infinity:
        raise InvalidSong(f"{count} syllables do not fit {total} notes, even with notes split in two; "
                          f"use fewer words or a busier melody")
    actions, i, is_open = [], count, final
    for j in range(total, 0, -1):
        i, is_open, action = back[(j, i, is_open)]
        actions.append(action)
    return actions[::-1]


def _ending_cost(notes: list[Note], j: int, syllable: SungSyllable, rest_before: bool) -> float:
    """What it costs for `syllable` to end on the note before note j."""
    cost = 0.0
    if syllable.last_in_line and not rest_before and notes[j - 1].duration < 1:
        cost += 1.5  # a line ending on a short note that runs straight into the next
    if not syllable.last_in_word and rest_before:
        cost += 2.0  # a word broken by a rest
    return cost


def _long_function_word(syllable: SungSyllable, note: Note) -> float:
    return 1.0 if syllable.stress == 0 and syllable.word.lower() in ("the", "a", "an", "of", "and", "to") and note.duration >= 2 else 0.0


def stresses_on_strong(section: Section, meter: Meter) -> tuple[int, int]:
    """(stressed syllables of content words on strong beats, all of them) in a section whose
    notes carry its words; (0, 0) when the notes do not carry every syllable."""
    syllables = syllabify(section.lyrics).syllables
    starts = [n.start for n in section.notes if n.lyric not in (None, MELISMA)]
    if len(starts) != len(syllables):
        return 0, 0
    stressed = [start for syllable, start in zip(syllables, starts) if syllable.stress == 2]
    return sum(is_strong(meter, start) for start in stressed), len(stressed)


def naive_setting(section: Section, meter: Meter, text: str) -> tuple[int, int]:
    """The baseline: one syllable per note from the left, the rest of the notes unsung.
    Returns (stressed syllables on strong beats, stressed syllables placed)."""
    syllables = syllabify(text).syllables
    placed = [(s, n) for s, n in zip(syllables, section.notes) if s.stress == 2]
    return sum(is_strong(meter, n.start) for _, n in placed), len(placed)
