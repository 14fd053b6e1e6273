"""Chords under a melody: a Viterbi search over the style's chords, with a cadence at the end.

The section is cut into slots: half bars in duple and compound-duple meters (2/4, 4/4, 6/8,
12/8, 2/2), whole bars otherwise. Every slot gets one chord; a chord may last the whole bar
(the same chord in both halves costs nothing), and changing in the middle of a bar costs a
little, so the harmony only moves twice a bar where the melody asks for it.

Score of a path = sum over slots of
  FIT * how well the slot's notes fit the chord (chord tones 1, other scale tones -0.2,
        notes outside key and chord -1; weighted by length, doubled for notes on a beat)
  + log P(chord | previous chord), from the corpus's roman-numeral analyses
    (tools/chord_transitions.py), or for `pop` from pop songs' chords (tools/pop_harmony.py),
    add-one smoothed, per mode
  + the style's prior for the chord (tools/chord_vocabulary.py).
The section ends on the tonic, reached from the dominant or subdominant (an authentic or
plagal cadence): either the whole last bar is the tonic, or, with half-bar slots, its second
half, whichever fits the melody better; a one-slot section just gets the tonic.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

from song.errors import BadInput
from song.keys import Key
from song.meter import Meter
from song.model import Chord, Note, Section, Song
from tools.chord_transitions import Counts, committed_counts
from tools.chord_vocabulary import STYLES, ChordChoice, choices

FIT = 6.0  # how much the melody outweighs the transition statistics
LEARNED_FIT = 4.0  # the same for the learned fit, which is in nats (chosen on POP909 validation songs: 1-20 tried)
MID_BAR_CHANGE = 0.8  # cost of a chord change in the middle of a bar
REPEAT = math.log(0.3)  # the same chord again in the next slot
START_ON_TONIC = 1.0  # songs mostly begin on the tonic chord
ON_BEAT = 2.0  # notes that start on a beat count double: they are the ones a listener hears against the chord


def _is_minor(key: Key) -> bool:
    return (key.tonic_pitch_class + 3) % 12 in key.scale_pitch_classes


def slot_length(meter: Meter) -> Fraction:
    """Half a bar where the bar halves naturally, else the whole bar."""
    halves = meter.beats_per_bar % 2 == 0
    return meter.bar_length / 2 if halves else meter.bar_length


def _transition_table(minor: bool, vocabulary: Sequence[ChordChoice], counts: Counts | None) -> list[list[float]]:
    """log P(next choice | choice): REPEAT for staying, the rest shared out by the corpus
    counts between families (add-one smoothed), split evenly between choices of one family.
    A sus4 chord only moves to its own triad (Asus4 -> A) or to the tonic: found in use, a
    pop verse circling D, E and A got Asus4 for five bars in a row."""
    counts_by_mode = counts if counts is not None else committed_counts()
    counts = counts_by_mode.get("minor" if minor else "major", {})
    families = {c.family for c in vocabulary}
    table = []
    for before in vocabulary:
        if before.quality == "sus4":  # a suspension resolves: to its own triad or home, and is not held on
            table.append([math.log(0.5) if (after.offset == before.offset and after.quality == "") or after.is_tonic else -math.inf
                          for after in vocabulary])
            continue
        row = counts.get(before.family, {})
        total = sum(row.get(f, 0) + 1 for f in families)
        table.append([
            REPEAT if after is before else math.log(
                (1 - math.exp(REPEAT)) * (row.get(after.family, 0) + 1) / total
                / sum(1 for c in vocabulary if c.family == after.family and c is not before))
            for after in vocabulary
        ])
    return table


def style_counts(style: str) -> Counts:
    """Which chord follows which: counted from pop songs for `pop` (tools/pop_harmony.py), from
    the corpus's roman-numeral analyses (Bach chorales, Monteverdi) for the other styles."""
    if style == "pop":
        from tools.pop_harmony import learned_transitions

        return learned_transitions()
    return committed_counts()


def _slot_weights(notes: Sequence[Note], start: Fraction, stop: Fraction, meter: Meter) -> dict[int, float]:
    """How much each pitch class sounds in [start, stop): length, doubled for notes on a beat."""
    weights: dict[int, float] = {}
    for note in notes:
        overlap = min(note.end, stop) - max(note.start, start)
        if overlap <= 0:
            continue
        on_beat = note.start >= start and note.start % meter.beat_length == 0
        weights[note.pitch % 12] = weights.get(note.pitch % 12, 0.0) + float(overlap) * (ON_BEAT if on_beat else 1.0)
    return weights


def _fit(weights: dict[int, float], chord: frozenset[int], key: Key) -> float:
    """Chord tones 1, other scale tones -0.2, notes outside key and chord -1, averaged by weight."""
    total = sum(weights.values())
    score = sum(weight * (1.0 if pc in chord else -0.2 if key.contains(pc) else -1.0) for pc, weight in weights.items())
    return score / total if total else 0.0


def _learned_fit(weights: dict[int, float], choice: ChordChoice, key: Key) -> float:
    """The mean log-probability, by weight, of the slot's notes over this chord, as pop songs
    put notes over chords of its quality (tools/pop_harmony.py)."""
    from tools.pop_harmony import interval_log_probabilities

    total = sum(weights.values())
    if not total:
        return 0.0
    profile = interval_log_probabilities(choice.quality)
    root = (key.tonic_pitch_class + choice.offset) % 12
    return sum(weight * profile[(pc - root) % 12] for pc, weight in weights.items()) / total


def _ending(vocabulary: Sequence[ChordChoice], slots: int, tonic_slots: int) -> list[list[bool]]:
    """Which choices each slot allows for a cadence ending: the last `tonic_slots` slots on the
    tonic and the slot before them on the dominant or subdominant (V-I or IV-I)."""
    allowed = [[True] * len(vocabulary) for _ in range(slots)]
    for s in range(max(0, slots - tonic_slots), slots):
        allowed[s] = [c.is_tonic for c in vocabulary]
    if slots > tonic_slots:
        allowed[slots - tonic_slots - 1] = [c.is_dominant or c.is_subdominant for c in vocabulary]
    return allowed


def _viterbi(emit: list[list[float]], allowed: list[list[bool]], transitions: list[list[float]], per_bar: int,
             vocabulary: Sequence[ChordChoice]) -> tuple[float, list[int]]:
    """The best-scoring choice per slot under `allowed`, and its score."""
    n = len(vocabulary)
    score = [emit[0][j] + START_ON_TONIC * vocabulary[j].is_tonic if allowed[0][j] else -math.inf for j in range(n)]
    back: list[list[int]] = []
    for s in range(1, len(emit)):
        mid_bar = s % per_bar != 0
        new, pointers = [], []
        for j in range(n):
            best, arg = -math.inf, 0
            if allowed[s][j]:
                for i in range(n):
                    value = score[i] + transitions[i][j] - (MID_BAR_CHANGE if mid_bar and i != j else 0.0)
                    if value > best:
                        best, arg = value, i
            new.append(best + emit[s][j])
            pointers.append(arg)
        score = new
        back.append(pointers)
    path = [max(range(n), key=lambda j: score[j])]
    for pointers in reversed(back):
        path.append(pointers[path[-1]])
    path.reverse()
    return max(score), path


@dataclass(frozen=True)
class Harmonization:
    chords: tuple[Chord, ...]
    numerals: tuple[str, ...]  # one per chord

    def bars_text(self, meter: Meter, bars: int) -> str:
        """'| C (I) | F (IV) G (V) | ...' for the reply."""
        cells: list[list[str]] = [[] for _ in range(bars)]
        for chord, numeral in zip(self.chords, self.numerals):
            cells[int(chord.start // meter.bar_length)].append(f"{chord.symbol} ({numeral})")
        return "| " + " | ".join(" ".join(cell) or "-" for cell in cells) + " |"


def harmonize(notes: Sequence[Note], key: Key, meter: Meter, bars: int, style: str = "simple",
              counts: Counts | None = None, vocabulary: Sequence[ChordChoice] | None = None,
              learned_fit: bool | None = None) -> Harmonization:
    """The best chord path under the melody (see the module docstring). `counts` replaces the
    style's transition counts (the evaluation leaves each analysed piece out of its own),
    `vocabulary` its chords and `learned_fit` whether the melody is weighed by what pop songs
    put over each chord (default: for `pop`): the evaluation's baselines."""
    from song.chords import parse_chord_symbol

    if style not in STYLES:
        raise BadInput(f"unknown harmony style {style!r} (use one of: {', '.join(STYLES)})")
    if bars < 1:
        raise BadInput("a section needs at least one bar to harmonize")
    minor = _is_minor(key)
    vocabulary = vocabulary if vocabulary is not None else choices(style, minor)
    tones = [parse_chord_symbol(c.symbol(key)).pitch_classes for c in vocabulary]
    length = slot_length(meter)
    per_bar = int(meter.bar_length / length)
    slots = bars * per_bar
    learned = style == "pop" if learned_fit is None else learned_fit
    ordered = sorted(notes, key=lambda note: note.start)
    starts = [note.start for note in ordered]
    longest = max((note.duration for note in ordered), default=Fraction(0))
    emit = []
    for s in range(slots):  # only the notes that can reach into the slot
        near = ordered[bisect_left(starts, s * length - longest):bisect_left(starts, (s + 1) * length)]
        weights = _slot_weights(near, s * length, (s + 1) * length, meter)
        emit.append([(LEARNED_FIT * _learned_fit(weights, choice, key) if learned else FIT * _fit(weights, tone, key)) + choice.prior
                     for choice, tone in zip(vocabulary, tones)])
    transitions = _transition_table(minor, vocabulary, counts if counts is not None else style_counts(style))
    endings = [_ending(vocabulary, slots, tonic_slots) for tonic_slots in range(1, per_bar + 1) if tonic_slots < slots or bars == 1]
    _, path = max((_viterbi(emit, allowed, transitions, per_bar, vocabulary) for allowed in endings), key=lambda pair: pair[0])
    chords: list[Chord] = []
    numerals: list[str] = []
    for s, j in enumerate(path):
        start = s * length
        same_bar = s % per_bar != 0
        if chords and same_bar and path[s - 1] == j:
            previous = chords[-1]
            chords[-1] = Chord(previous.symbol, previous.start, previous.duration + length)
            continue
        chords.append(Chord(vocabulary[j].symbol(key), start, length))
        numerals.append(vocabulary[j].numeral)
    return Harmonization(tuple(chords), tuple(numerals))


@dataclass(frozen=True)
class Harmonized:
    song: Song
    description: str  # for the LLM and the chat: the chords with roman numerals


RELATIVE_KEY_CONFIDENCE = 0.6  # how sure the key finder must be before a section leaves the song's key


def section_key(song: Song, section: Section) -> Key:
    """The song's key, or its relative when the section's melody clearly sits there (a C
    major chorus in an A minor song cadences on C, not A)."""
    from song.key_finding import find_key

    relative = song.key.relative
    if relative is None or not section.notes:
        return song.key
    estimate = find_key(section.notes, song.meter, signature=song.key)
    return relative if estimate.key == relative and estimate.confidence >= RELATIVE_KEY_CONFIDENCE else song.key


def harmonize_section(song: Song, section: str, style: str = "simple") -> Harmonized:
    """Chords for one section of the song (replacing any it had), in the song's key or, when
    its melody clearly sits there, the relative key."""
    current: Section = song.section(section)
    key = section_key(song, current)
    result = harmonize(current.notes, key, song.meter, current.bars, style)
    updated = song.with_section(current.replace(chords=result.chords))
    text = f"{section}: {len(result.chords)} chords ({style}) in {key}: {result.bars_text(song.meter, current.bars)}"
    return Harmonized(updated, text)
