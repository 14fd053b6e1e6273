"""The refine step of create -> adjust -> refine: a named goal becomes target measures,
candidates are made (bars rewritten by the melody model, direct edits such as a long final
tonic, a motif brought back, a leap folded by an octave), each is measured, the best is kept,
and it stops when the targets are met or after a few rounds.

Goals are a closed set (`GoalName`); each has its target, measured with song/features.py, and
its own candidate makers:
- stronger cadence: the last note is the tonic and starts on a strong beat (bar or half bar);
- end on the tonic: the last note is the tonic (the smallest change: the last note moves);
- wider range: at least an octave and a major third (16 semitones);
- narrower range: at least a minor third narrower than before, and never below a fifth;
- more singable: within an octave and a fourth (17 semitones), no leap larger than a major sixth;
- lower register / higher register: the melody's middle (median pitch) moves at least a minor
  third down / up, in the same key (octave moves and rewritten bars, never a transposition),
  never past where voices sing (E2-C6, song/limits.py);
- simpler rhythm: half the syncopation (or none) and fewer kinds of note lengths;
- catchier: at least a quarter of the bars repeat an earlier bar (a motif that comes back).
Each round, the candidates that bring no flaw the critique would flag (`song.features.flaws`)
beyond the section's own come first: the nearest of them to the target wins if it gets closer,
else the nearest of all. Ties go to the fewest flaws, then to the smallest change (fewest
notes added, removed or altered), then to the one the model finds most natural (lowest
negative log-likelihood per note). Every candidate is spliced: what it does not
rewrite stays exactly as it was (velocities, chords, every other field).
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from typing import Callable

from models.api import MODEL_PITCH_RANGE, Request
from song.errors import BadInput
from song.features import duration_entropy, flaws, intervals, pitch_range, repetition, syncopation
from song.keys import Key
from song.meter import Meter
from song.metric import weight_at
from song.model import Section, Song
from tools import refine_candidates as make
from tools.refine_candidates import LARGEST_SINGABLE_LEAP_SEMITONES, REGISTER_MOVE_SEMITONES, Maker
from tools.refine_goals import GOAL_NAMES, GoalName

ROUNDS = 4
WIDE_SEMITONES, SINGABLE_SEMITONES = 16, 17
NARROWER_BY_SEMITONES, NARROWEST_SEMITONES = 3, 7
SIMPLER_ENTROPY_BITS = 0.2  # a simpler rhythm uses this much less variety of note lengths...
PLAIN_ENTROPY_BITS = 1.0  # ...or no more than this (a plain rhythm already)
REPEATED_SHARE = 0.25


@dataclass(frozen=True)
class Goal:
    name: GoalName
    distance: Callable[[Section, Section, Key, Meter], float]  # (candidate, original, ...): 0 when met
    measures: Callable[[Section, Key, Meter], dict[str, float]]
    makers: tuple[Maker, ...]


# --- measures ------------------------------------------------------------------------------


def _median_pitch(section: Section) -> float:
    return float(statistics.median(n.pitch for n in section.notes))


def _ends_home(section: Section, key: Key, meter: Meter) -> tuple[bool, bool]:
    last = section.notes[-1]
    return last.pitch % 12 == key.tonic_pitch_class, weight_at(meter, last.start % meter.bar_length) >= -1


def _repeated_bars(section: Section, meter: Meter) -> int:
    return repetition(section.notes, meter, section.bars).pitch_repeats


def _catchy_distance(section: Section, original: Section, key: Key, meter: Meter) -> float:
    filled = repetition(section.notes, meter, section.bars).bars_with_notes
    return max(0, math.ceil(REPEATED_SHARE * filled) - _repeated_bars(section, meter))


def _singable_distance(section: Section, original: Section, key: Key, meter: Meter) -> float:
    return (max(0, pitch_range(section.notes) - SINGABLE_SEMITONES)
            + sum(max(0, abs(i) - LARGEST_SINGABLE_LEAP_SEMITONES) for i in intervals(section.notes)))


def _narrower_distance(section: Section, original: Section, key: Key, meter: Meter) -> float:
    target = max(NARROWEST_SEMITONES, pitch_range(original.notes) - NARROWER_BY_SEMITONES)
    return max(0, pitch_range(section.notes) - target)


def _register_distance(direction: int) -> Callable[[Section, Section, Key, Meter], float]:
    def distance(section: Section, original: Section, key: Key, meter: Meter) -> float:
        moved = (_median_pitch(section) - _median_pitch(original)) * direction
        return max(0.0, REGISTER_MOVE_SEMITONES - moved)
    return distance


def _simpler_distance(section: Section, original: Section, key: Key, meter: Meter) -> float:
    before_sync, after_sync = syncopation(original.notes, meter), syncopation(section.notes, meter)
    entropy_target = max(PLAIN_ENTROPY_BITS, duration_entropy(original.notes) - SIMPLER_ENTROPY_BITS)
    entropy_target = min(entropy_target, duration_entropy(original.notes))
    return max(0.0, after_sync - before_sync / 2) * 10 + max(0.0, duration_entropy(section.notes) - entropy_target)


def _rhythm_measures(section: Section, key: Key, meter: Meter) -> dict[str, float]:
    return {"syncopation": round(syncopation(section.notes, meter), 3),
            "duration_entropy": round(duration_entropy(section.notes), 3)}


GOALS: dict[str, Goal] = {goal.name: goal for goal in (
    Goal("stronger cadence",
         lambda s, o, k, m: (not _ends_home(s, k, m)[0]) + (not _ends_home(s, k, m)[1]),
         lambda s, k, m: {"ends_on_tonic": float(_ends_home(s, k, m)[0]), "ends_on_strong_beat": float(_ends_home(s, k, m)[1])},
         (make.final_tonic, make.infills(make.last_bars, make.anywhere, tonic=True))),
    Goal("end on the tonic",
         lambda s, o, k, m: float(not _ends_home(s, k, m)[0]),
         lambda s, k, m: {"ends_on_tonic": float(_ends_home(s, k, m)[0])},
         (make.last_note_to_tonic, make.final_tonic)),
    Goal("wider range",
         lambda s, o, k, m: max(0, WIDE_SEMITONES - pitch_range(s.notes)),
         lambda s, k, m: {"range": pitch_range(s.notes)},
         (make.move_extremes(outward=True), make.infills(make.middle_bars, make.above_and_below))),
    Goal("narrower range", _narrower_distance,
         lambda s, k, m: {"range": pitch_range(s.notes)},
         (make.move_extremes(outward=False), make.octave_moves(make.toward_middle), make.infills(make.extreme_bars, make.inside_narrower))),
    Goal("more singable", _singable_distance,
         lambda s, k, m: {"range": pitch_range(s.notes), "largest_leap": max((abs(i) for i in intervals(s.notes)), default=0)},
         (make.octave_moves(make.toward_middle), make.infills(make.extreme_bars, make.around_middle))),
    Goal("lower register", _register_distance(-1),
         lambda s, k, m: {"median_pitch": _median_pitch(s)},
         (make.whole_octave(-12), make.octave_moves(make.above_middle), make.infills(make.highest_bars, make.shifted_window(-1)), make.revoiced(-1))),
    Goal("higher register", _register_distance(+1),
         lambda s, k, m: {"median_pitch": _median_pitch(s)},
         (make.whole_octave(+12), make.octave_moves(make.below_middle), make.infills(make.lowest_bars, make.shifted_window(+1)), make.revoiced(+1))),
    Goal("simpler rhythm", _simpler_distance, _rhythm_measures, (make.rhythm_edits, make.even_rhythms)),
    Goal("catchier", _catchy_distance,
         lambda s, k, m: {"repeated_bars": _repeated_bars(s, m)},
         (make.bar_copies, make.infills(make.second_half_bars, make.anywhere))),
)}
assert set(GOALS) == set(GOAL_NAMES)


def goal_named(name: str) -> Goal:
    """The goal with exactly this name; BadInput listing the goals otherwise."""
    goal = GOALS.get(name.strip().lower())
    if goal is None:
        raise BadInput(f"unknown goal {name!r} (use one of: {', '.join(GOAL_NAMES)})")
    return goal


def _notes_changed(original: Section, candidate: Section) -> int:
    """How much of the tune changed, as a listener hears it: notes added, removed or moved in
    time, plus notes whose step from the note before changed (so the whole tune an octave
    lower is no change to the tune). Among equally good candidates the smallest change wins."""
    def shape(section: Section) -> set[tuple]:
        notes = section.notes
        return {(n.start, n.duration, n.velocity, n.pitch - notes[i - 1].pitch if i else None) for i, n in enumerate(notes)}
    before, after = shape(original), shape(candidate)
    return len(before - after) + len(after - before)


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


def refine_section(song: Song, section_name: str, goal_name: str, seed: int = 0) -> Refined:
    """Make the section meet the goal (see the module docstring); the song is returned
    unchanged when nothing tried gets nearer the target."""
    from tools.compose import melody_model

    goal = goal_named(goal_name)
    original = song.section(section_name)
    if len(original.notes) < 2:
        raise BadInput(f"section {section_name!r} has too few notes to refine; compose it first")
    key, meter = original.key_in(song.key), song.meter
    model = melody_model()
    request = Request(key, meter, original.bars, low=MODEL_PITCH_RANGE[0], high=MODEL_PITCH_RANGE[1])
    best, best_distance = original, goal.distance(original, original, key, meter)
    before = goal.measures(original, key, meter)
    flaws_before = flaws(original.notes)
    rounds = tried = 0
    while best_distance > 0 and rounds < ROUNDS:
        rounds += 1
        attempt = make.Attempt(best, original, key, meter, model, seed + rounds)
        candidates = [c for make in goal.makers for c in make(attempt) if c.notes and c != best]
        tried += len(candidates)
        scored = sorted(((goal.distance(c, original, key, meter), flaws(c.notes), _notes_changed(original, c),
                          model.score(c, request), i, c) for i, c in enumerate(candidates)), key=lambda item: item[:5])
        clean = [s for s in scored if s[1] <= flaws_before]  # candidates that bring no new flaw come first
        chosen = clean[0] if clean and clean[0][0] < best_distance else scored[0] if scored else None
        if chosen is None or chosen[0] >= best_distance:
            break
        best_distance, best = chosen[0], chosen[5]
    after = goal.measures(best, key, meter)
    changes = ", ".join(f"{name.replace('_', ' ')} {before[name]:g} -> {after[name]:g}" for name in before)
    state = "target met" if best_distance == 0 else "target not met"
    description = (f"{section_name} ({goal.name}): {changes}; {state} after {rounds} round{'s' * (rounds != 1)} "
                   f"({tried} candidates)")
    if best is original:
        measured = ", ".join(f"{name.replace('_', ' ')} {before[name]:g}" for name in before)
        description = f"{section_name} ({goal.name}): {'already meets the target' if best_distance == 0 else 'nothing tried got closer'} ({measured}); nothing changed"
    return Refined(song.with_section(best), description, goal.name, best_distance == 0, before, after, rounds, tried)
