"""The refine step of create -> adjust -> refine: a goal in words becomes target measures,
candidates are made (bars rewritten by the melody model, direct edits such as a long final
tonic, a motif brought back, a leap folded by an octave), each is measured,
the best is kept, and it stops when the targets are met or after a few rounds.

Goals and their targets (measured with song/features.py):
- stronger cadence: the last note is the tonic and starts on a strong beat (bar or half bar);
- wider range: at least an octave and a major third (16 semitones);
- more singable: within an octave and a fourth (17 semitones), no leap larger than a major sixth;
- catchier: at least a quarter of the bars repeat an earlier bar (a motif that comes back).
Among candidates, the one nearest the target wins; ties go to the one with the fewest new
flaws (`flaws`: a run of one pitch, a leap over an octave, a range beyond a singer's), then to
the one the model finds most natural (lowest negative log-likelihood per note).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

from models.api import Request
from models.sample import SamplingOptions
from song.errors import BadInput
from song.features import intervals, pitch_range, repetition
from song.keys import Key
from song.meter import Meter
from song.metric import weight_at
from song.model import Note, Section, Song

ROUNDS = 4
CANDIDATES = 6
WIDE, SINGABLE, LARGEST_LEAP, REPEATED_SHARE = 16, 17, 9, 0.25


def _largest_leap(section: Section) -> int:
    return max((abs(i) for i in intervals(section.notes)), default=0)


def _repeated_bars(section: Section, meter: Meter) -> int:
    return repetition(section.notes, meter, section.bars).pitch_repeats


def _ends_home(section: Section, key: Key, meter: Meter) -> tuple[bool, bool]:
    last = section.notes[-1]
    return last.pitch % 12 == key.tonic_pitch_class, weight_at(meter, last.start % meter.bar_length) >= -1


@dataclass(frozen=True)
class Goal:
    name: str
    distance: Callable[[Section, Key, Meter], float]  # 0 when the target is met
    measures: Callable[[Section, Key, Meter], dict[str, float]]


def _cadence_distance(section: Section, key: Key, meter: Meter) -> float:
    tonic, strong = _ends_home(section, key, meter)
    return (not tonic) + (not strong)


def _catchy_distance(section: Section, key: Key, meter: Meter) -> float:
    filled = repetition(section.notes, meter, section.bars).bars_with_notes
    return max(0, math.ceil(REPEATED_SHARE * filled) - _repeated_bars(section, meter))


GOALS = {
    "stronger cadence": Goal("stronger cadence", _cadence_distance, lambda s, k, m: {
        "ends_on_tonic": float(_ends_home(s, k, m)[0]), "ends_on_strong_beat": float(_ends_home(s, k, m)[1])}),
    "wider range": Goal("wider range", lambda s, k, m: max(0, WIDE - pitch_range(s.notes)),
                        lambda s, k, m: {"range": pitch_range(s.notes)}),
    "more singable": Goal("more singable", lambda s, k, m: max(0, pitch_range(s.notes) - SINGABLE)
                          + sum(max(0, abs(i) - LARGEST_LEAP) for i in intervals(s.notes)),
                          lambda s, k, m: {"range": pitch_range(s.notes), "largest_leap": _largest_leap(s)}),
    "catchier": Goal("catchier", _catchy_distance, lambda s, k, m: {"repeated_bars": _repeated_bars(s, m)}),
}
GOAL_WORDS = {"cadence": "stronger cadence", "ending": "stronger cadence", "resolve": "stronger cadence",
              "wider": "wider range", "range": "wider range", "bigger": "wider range",
              "singable": "more singable", "sing": "more singable", "narrow": "more singable", "easier": "more singable",
              "catch": "catchier", "memorable": "catchier", "hook": "catchier", "repet": "catchier"}


def goal_for(words: str) -> Goal:
    text = words.lower().strip()
    if text in GOALS:
        return GOALS[text]
    for word, name in GOAL_WORDS.items():
        if word in text:
            return GOALS[name]
    raise BadInput(f"unknown goal {words!r} (use one of: {', '.join(GOALS)})")


MONOTONE_RUN, WIDEST_LEAP, WIDEST_RANGE = 5, 12, 19


def flaws(section: Section) -> int:
    """Problems the critique would flag that a candidate may bring with it: five or more
    notes in a row on one pitch, a leap over an octave, a range beyond an octave and a fifth.
    Among candidates equally near the goal, fewer flaws win before the model's preference."""
    pitches = [n.pitch for n in section.notes]
    run = longest = 1
    for before, after in zip(pitches, pitches[1:]):
        run = run + 1 if before == after else 1
        longest = max(longest, run)
    widest_leap = max((abs(after - before) for before, after in zip(pitches, pitches[1:])), default=0)
    return (longest >= MONOTONE_RUN) + (widest_leap > WIDEST_LEAP) + (max(pitches, default=0) - min(pitches, default=0) > WIDEST_RANGE)


def _bar_of(note: Note, meter: Meter) -> int:
    return int(note.start // meter.bar_length) + 1


def _with_final_tonic(section: Section, key: Key, meter: Meter) -> Section:
    """The last bar becomes one long tonic, nearest the last note: the textbook firm ending."""
    start = (section.bars - 1) * meter.bar_length
    kept = [n for n in section.notes if n.start < start]
    last = section.notes[-1].pitch
    tonic = min((p for p in range(last - 6, last + 7) if p % 12 == key.tonic_pitch_class), key=lambda p: abs(p - last))
    if kept and kept[-1].end > start:
        kept[-1] = Note(kept[-1].pitch, kept[-1].start, start - kept[-1].start, kept[-1].velocity)
    return section.replace(notes=tuple(kept) + (Note(tonic, start, meter.bar_length),))


def _with_bar_copied(section: Section, meter: Meter, source: int, target: int) -> Section:
    """Bar `target` (1-based) replaced by the notes that start in bar `source`: a motif comes
    back. A last note tied over the bar line comes along whole (syncopated melodies anticipate
    the next bar), and the notes it then covers at the start of the next bar are absorbed."""
    length = meter.bar_length
    shift = (target - source) * length
    end = section.bars * length
    moved = [Note(n.pitch, n.start + shift, min(n.duration, end - n.start - shift), n.velocity)
             for n in section.notes if _bar_of(n, meter) == source]
    covered_until = max((n.end for n in moved), default=target * length)
    kept = [n for n in section.notes if _bar_of(n, meter) != target and not (target * length <= n.start < covered_until)]
    kept = [n if n.end <= (target - 1) * length or n.start >= target * length
            else Note(n.pitch, n.start, (target - 1) * length - n.start, n.velocity) for n in kept]
    return section.replace(notes=tuple(sorted(kept + moved, key=lambda n: n.start)))


def _infills(model, section: Section, key: Key, meter: Meter, goal: Goal, seed: int) -> list[Section]:
    """Bars rewritten by the model where the goal needs them, inside a range that pulls toward it."""
    notes = section.notes
    low, high = min(n.pitch for n in notes), max(n.pitch for n in notes)
    bars = section.bars
    if goal.name == "stronger cadence":
        spans, ranges = [(max(1, bars - 1), bars)], [(36, 96)]
    elif goal.name == "wider range":
        middle = max(1, round(bars * 0.6))
        spans, ranges = [(middle, min(bars, middle + 1))], [(high - 1, min(96, high + 9)), (max(36, low - 9), low + 1)]
    elif goal.name == "more singable":
        extremes = {_bar_of(n, meter) for n in notes if n.pitch in (low, high)}
        spans = [(b, b) for b in sorted(extremes)][:2] or [(1, 1)]
        centre = sorted(n.pitch for n in notes)[len(notes) // 2]
        ranges = [(max(36, centre - 8), min(96, centre + 8))]
    else:
        spans, ranges = [(max(1, bars // 2 + 1), min(bars, bars // 2 + 2))], [(36, 96)]
    results = []
    for first, last in spans:
        for lowest, highest in ranges:
            if highest - lowest < 7:
                continue
            request = Request(key, meter, bars, low=lowest, high=highest)
            options = SamplingOptions(seed=seed, tonic=key.tonic_pitch_class if goal.name == "stronger cadence" else None)
            try:
                results += model.infill(section, request, first, last, n=CANDIDATES, options=options)
            except BadInput:
                continue
    return results


def _octave_moves(section: Section) -> list[Section]:
    """Each note that makes a leap over a sixth or sits at an extreme, moved an octave toward
    the middle of the melody: the singer's fix for an awkward jump."""
    notes = list(section.notes)
    middle = sorted(n.pitch for n in notes)[len(notes) // 2]
    low, high = min(n.pitch for n in notes), max(n.pitch for n in notes)
    moved = []
    for index, note in enumerate(notes):
        leaps = [abs(note.pitch - notes[j].pitch) for j in (index - 1, index + 1) if 0 <= j < len(notes)]
        if max(leaps, default=0) > LARGEST_LEAP or note.pitch in (low, high):
            shifted = note.pitch - 12 if note.pitch > middle else note.pitch + 12
            if 36 <= shifted <= 96:
                changed = notes[:index] + [Note(shifted, note.start, note.duration, note.velocity)] + notes[index + 1:]
                moved.append(section.replace(notes=tuple(changed)))
    return moved


def _edits(section: Section, key: Key, meter: Meter, goal: Goal) -> list[Section]:
    if goal.name == "stronger cadence" and section.bars > 1:
        return [_with_final_tonic(section, key, meter)]
    if goal.name == "more singable":
        return _octave_moves(section)
    if goal.name == "catchier" and section.bars >= 4:
        half = section.bars // 2
        return [_with_bar_copied(section, meter, source, source + half) for source in range(1, half + 1)]
    return []


@dataclass(frozen=True)
class Refined:
    song: Song
    description: str
    goal: str
    met: bool
    before: dict[str, float]
    after: dict[str, float]
    rounds: int
    candidates: int

    def as_dict(self) -> dict[str, object]:
        return {"goal": self.goal, "met": self.met, "before": self.before, "after": self.after,
                "rounds": self.rounds, "candidates": self.candidates}


def refine_section(song: Song, section_name: str, goal_words: str, seed: int = 0) -> Refined:
    """Make the section meet the goal (see the module docstring); the song is returned
    unchanged when nothing tried gets nearer the target."""
    from tools.compose import melody_model

    goal = goal_for(goal_words)
    section = song.section(section_name)
    if len(section.notes) < 2:
        raise BadInput(f"section {section_name!r} has too few notes to refine; compose it first")
    key, meter = song.key, song.meter
    model = melody_model()
    request = Request(key, meter, section.bars, low=36, high=96)
    best, best_distance = section, goal.distance(section, key, meter)
    before = goal.measures(section, key, meter)
    rounds = tried = 0
    while best_distance > 0 and rounds < ROUNDS:
        rounds += 1
        candidates = _edits(best, key, meter, goal) + _infills(model, best, key, meter, goal, seed + rounds)
        tried += len(candidates)
        scored = sorted(((goal.distance(c, key, meter), flaws(c), model.score(c, request), i, c) for i, c in enumerate(candidates)),
                        key=lambda item: item[:4])
        if not scored or scored[0][0] >= best_distance:
            break
        best_distance, best = scored[0][0], scored[0][4]
    after = goal.measures(best, key, meter)
    changes = ", ".join(f"{name.replace('_', ' ')} {before[name]:g} -> {after[name]:g}" for name in before)
    state = "target met" if best_distance == 0 else "target not met"
    description = (f"{section_name} ({goal.name}): {changes}; {state} after {rounds} round{'s' * (rounds != 1)} "
                   f"({tried} candidates)")
    if best is section:
        description = f"{section_name} ({goal.name}): {'already meets the target' if best_distance == 0 else 'nothing tried got closer'} ({changes})"
    return Refined(song.with_section(best), description, goal.name, best_distance == 0, before, after, rounds, tried)
