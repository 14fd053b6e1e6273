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

import dataclasses
import math
import statistics
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

from models.api import MODEL_PITCH_RANGE, Request
from models.sample import SamplingOptions
from song.edits import edit_section
from song.errors import BadInput
from song.features import duration_entropy, flaws, intervals, pitch_range, repetition, syncopation
from song.keys import Key
from song.limits import SUNG_HIGHEST_PITCH, SUNG_LOWEST_PITCH
from song.meter import Meter
from song.metric import weight_at
from song.model import Note, Section, Song
from tools.refine_goals import GOAL_NAMES, GoalName

ROUNDS = 4
CANDIDATES = 6
WIDE_SEMITONES, SINGABLE_SEMITONES, LARGEST_SINGABLE_LEAP_SEMITONES = 16, 17, 9
NARROWER_BY_SEMITONES, NARROWEST_SEMITONES = 3, 7
REGISTER_MOVE_SEMITONES = 3
SIMPLER_ENTROPY_BITS = 0.2  # a simpler rhythm uses this much less variety of note lengths...
PLAIN_ENTROPY_BITS = 1.0  # ...or no more than this (a plain rhythm already)
REPEATED_SHARE = 0.25



@dataclass(frozen=True)
class Attempt:
    """What a candidate maker works from: the best section so far, the section as the user
    had it (targets are relative to it), the song's key and meter, the model, a seed."""

    section: Section
    original: Section
    key: Key
    meter: Meter
    model: object
    seed: int


Maker = Callable[[Attempt], list[Section]]


@dataclass(frozen=True)
class Goal:
    name: GoalName
    distance: Callable[[Section, Section, Key, Meter], float]  # (candidate, original, ...): 0 when met
    measures: Callable[[Section, Key, Meter], dict[str, float]]
    makers: tuple[Maker, ...]


# --- measures ------------------------------------------------------------------------------


def _bar_of(note: Note, meter: Meter) -> int:
    return int(note.start // meter.bar_length) + 1


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


# --- candidate makers ----------------------------------------------------------------------


def with_final_tonic(section: Section, key: Key, meter: Meter) -> Section:
    """The last bar becomes one long tonic, nearest the last note: the textbook firm ending.
    Notes before the last bar stay as they are (one held into it is cut at its downbeat)."""
    start = (section.bars - 1) * meter.bar_length
    kept = [n if n.end <= start else dataclasses.replace(n, duration=start - n.start)
            for n in section.notes if n.start < start]
    last = section.notes[-1]
    tonic = _nearest_tonic(last.pitch, key)
    return section.replace(notes=tuple(kept) + (dataclasses.replace(last, pitch=tonic, start=start, duration=meter.bar_length),))


def _nearest_tonic(pitch: int, key: Key) -> int:
    return min((p for p in range(pitch - 6, pitch + 7) if p % 12 == key.tonic_pitch_class), key=lambda p: abs(p - pitch))


def _final_tonic(attempt: Attempt) -> list[Section]:
    return [with_final_tonic(attempt.section, attempt.key, attempt.meter)] if attempt.section.bars > 1 else []


def _last_note_to_tonic(attempt: Attempt) -> list[Section]:
    """Only the last note moves, to the nearest tonic: everything else as it was."""
    notes = attempt.section.notes
    moved = dataclasses.replace(notes[-1], pitch=_nearest_tonic(notes[-1].pitch, attempt.key))
    return [attempt.section.replace(notes=notes[:-1] + (moved,))]


def with_bar_copied(section: Section, meter: Meter, source: int, target: int) -> Section:
    """Bar `target` (1-based) replaced by the notes that start in bar `source`: a motif comes
    back. A last note tied over the bar line comes along whole (syncopated melodies anticipate
    the next bar), and the notes it then covers at the start of the next bar are absorbed."""
    length = meter.bar_length
    shift = (target - source) * length
    end = section.bars * length
    moved = [dataclasses.replace(n, start=n.start + shift, duration=min(n.duration, end - n.start - shift))
             for n in section.notes if _bar_of(n, meter) == source]
    covered_until = max((n.end for n in moved), default=target * length)
    kept = [n for n in section.notes if _bar_of(n, meter) != target and not (target * length <= n.start < covered_until)]
    kept = [n if n.end <= (target - 1) * length or n.start >= target * length
            else dataclasses.replace(n, duration=(target - 1) * length - n.start) for n in kept]
    return section.replace(notes=tuple(sorted(kept + moved, key=lambda n: n.start)))


def _bar_copies(attempt: Attempt) -> list[Section]:
    section = attempt.section
    if section.bars < 4:
        return []
    half = section.bars // 2
    return [with_bar_copied(section, attempt.meter, source, source + half) for source in range(1, half + 1)]


def _octave_moves(toward: Callable[[Note, int, int, int], int | None]) -> Maker:
    """Each note that `toward` picks, moved an octave (one candidate per note)."""
    def make(attempt: Attempt) -> list[Section]:
        notes = list(attempt.section.notes)
        middle = sorted(n.pitch for n in notes)[len(notes) // 2]
        low, high = min(n.pitch for n in notes), max(n.pitch for n in notes)
        moved = []
        for index, note in enumerate(notes):
            leaps = [abs(note.pitch - notes[j].pitch) for j in (index - 1, index + 1) if 0 <= j < len(notes)]
            shifted = toward(note, middle, low, high) if max(leaps, default=0) > LARGEST_SINGABLE_LEAP_SEMITONES or note.pitch in (low, high) else None
            if shifted is not None and SUNG_LOWEST_PITCH <= shifted <= SUNG_HIGHEST_PITCH:
                moved.append(attempt.section.replace(notes=tuple(notes[:index] + [dataclasses.replace(note, pitch=shifted)] + notes[index + 1:])))
        return moved
    return make


def _toward_middle(note: Note, middle: int, low: int, high: int) -> int:
    """The singer's fix for an awkward jump or an extreme note: an octave toward the middle."""
    return note.pitch - 12 if note.pitch > middle else note.pitch + 12


def _move_extremes(outward: bool) -> Maker:
    """The peak (every note on the highest pitch) and the floor (every note on the lowest) a
    scale step further apart (outward) or closer together, one or both: the contour keeps its
    shape, few notes change."""
    def make(attempt: Attempt) -> list[Section]:
        notes = attempt.section.notes
        scale = set(attempt.key.scale_pitch_classes)
        top, bottom = max(n.pitch for n in notes), min(n.pitch for n in notes)
        up, down = (1, -1) if outward else (-1, 1)

        def step(pitch: int, direction: int) -> int:
            return next((p for p in range(pitch + direction, pitch + 4 * direction, direction) if p % 12 in scale),
                        pitch + direction)
        new_top, new_bottom = step(top, up), step(bottom, down)
        if new_top <= new_bottom or not (MODEL_PITCH_RANGE[0] <= new_bottom and new_top <= MODEL_PITCH_RANGE[1]):
            return []

        def moved(pitch_map: dict[int, int]) -> Section:
            return attempt.section.replace(notes=tuple(
                dataclasses.replace(n, pitch=pitch_map[n.pitch]) if n.pitch in pitch_map else n for n in notes))
        return [moved({top: new_top}), moved({bottom: new_bottom}), moved({top: new_top, bottom: new_bottom})]
    return make


def _whole_octave(semitones: int) -> Maker:
    """The section an octave down or up, when it stays where voices sing."""
    def make(attempt: Attempt) -> list[Section]:
        pitches = [n.pitch + semitones for n in attempt.section.notes]
        if min(pitches) < SUNG_LOWEST_PITCH or max(pitches) > SUNG_HIGHEST_PITCH:
            return []
        return [attempt.section.replace(notes=tuple(dataclasses.replace(n, pitch=p) for n, p in zip(attempt.section.notes, pitches)))]
    return make


def with_even_rhythm(section: Section, meter: Meter, grid_beats: Fraction) -> Section:
    """Every onset on the grid (eighths, say) and every note held to the next onset or to its
    own end on the grid: dotted and sixteenth figures even out, pitches stay; of two notes that
    land on one grid point the first is kept."""
    end = section.bars * meter.bar_length
    snapped: dict[Fraction, Note] = {}
    for note in section.notes:
        onset = round(note.start / grid_beats) * grid_beats
        if onset < end and onset not in snapped:
            snapped[onset] = dataclasses.replace(note, start=onset)
    onsets = sorted(snapped)
    notes = []
    for index, onset in enumerate(onsets):
        note = snapped[onset]
        following = onsets[index + 1] if index + 1 < len(onsets) else end
        own_end = max(onset + grid_beats, round((onset + note.duration) / grid_beats) * grid_beats)
        notes.append(dataclasses.replace(note, duration=min(following, own_end, end) - onset))
    return section.replace(notes=tuple(notes))


def _even_rhythms(attempt: Attempt) -> list[Section]:
    """The section on an eighth-note grid and on a beat grid (pitches kept)."""
    meter = attempt.meter
    eighth = meter.beat_length / 3 if meter.is_compound else meter.beat_length / 2
    return [with_even_rhythm(attempt.section, meter, eighth), with_even_rhythm(attempt.section, meter, meter.beat_length)]


def _rhythm_edits(attempt: Attempt) -> list[Section]:
    """straighten and simplify (song/edits) at a few strengths, alone and together."""
    song = Song("refine", attempt.key, attempt.meter, 120.0, (attempt.section,))
    name = attempt.section.name
    results = []
    for operation, amount in (("straighten", 0.5), ("straighten", 1.0), ("simplify", 0.3), ("simplify", 0.6)):
        edited, _ = edit_section(song, name, operation, amount)
        results.append(edited.section(name))
    straight, _ = edit_section(song, name, "straighten", 1.0)
    results.append(edit_section(straight, name, "simplify", 0.3)[0].section(name))
    return results


def _infills(spans: Callable[[Attempt], list[tuple[int, int]]], windows: Callable[[Attempt], list[tuple[int, int]]],
             tonic: bool = False) -> Maker:
    """Bars rewritten by the model (spans, 1-based inclusive) inside pitch windows that pull
    toward the goal; the rest of the section is kept as it was (models/api.py splices)."""
    def make(attempt: Attempt) -> list[Section]:
        results: list[Section] = []
        for first, last in spans(attempt):
            for lowest, highest in windows(attempt):
                lowest, highest = max(MODEL_PITCH_RANGE[0], lowest), min(MODEL_PITCH_RANGE[1], highest)
                if highest - lowest < 7:
                    continue
                request = Request(attempt.key, attempt.meter, attempt.section.bars, low=lowest, high=highest)
                options = SamplingOptions(seed=attempt.seed, tonic=attempt.key.tonic_pitch_class if tonic else None)
                try:
                    results += attempt.model.infill(attempt.section, request, first, last, n=CANDIDATES, options=options)
                except BadInput:
                    continue
        return results
    return make


def _pitches(attempt: Attempt) -> list[int]:
    return [n.pitch for n in attempt.section.notes]


def _last_bars(attempt: Attempt) -> list[tuple[int, int]]:
    return [(max(1, attempt.section.bars - 1), attempt.section.bars)]


def _middle_bars(attempt: Attempt) -> list[tuple[int, int]]:
    middle = max(1, round(attempt.section.bars * 0.6))
    return [(middle, min(attempt.section.bars, middle + 1))]


def _second_half_bars(attempt: Attempt) -> list[tuple[int, int]]:
    bars = attempt.section.bars
    return [(max(1, bars // 2 + 1), min(bars, bars // 2 + 2))]


def _extreme_bars(attempt: Attempt) -> list[tuple[int, int]]:
    pitches = _pitches(attempt)
    extremes = {_bar_of(n, attempt.meter) for n in attempt.section.notes if n.pitch in (min(pitches), max(pitches))}
    return [(b, b) for b in sorted(extremes)][:2] or [(1, 1)]


def _highest_bars(attempt: Attempt) -> list[tuple[int, int]]:
    top = max(_pitches(attempt))
    return [(b, b) for b in sorted({_bar_of(n, attempt.meter) for n in attempt.section.notes if n.pitch == top})][:2]


def _lowest_bars(attempt: Attempt) -> list[tuple[int, int]]:
    bottom = min(_pitches(attempt))
    return [(b, b) for b in sorted({_bar_of(n, attempt.meter) for n in attempt.section.notes if n.pitch == bottom})][:2]


def _anywhere(attempt: Attempt) -> list[tuple[int, int]]:
    return [MODEL_PITCH_RANGE]


def _around_middle(attempt: Attempt) -> list[tuple[int, int]]:
    centre = sorted(_pitches(attempt))[len(attempt.section.notes) // 2]
    return [(centre - 8, centre + 8)]


def _above_and_below(attempt: Attempt) -> list[tuple[int, int]]:
    pitches = _pitches(attempt)
    return [(max(pitches) - 1, max(pitches) + 9), (min(pitches) - 9, min(pitches) + 1)]


def _inside_narrower(attempt: Attempt) -> list[tuple[int, int]]:
    pitches = _pitches(attempt)
    low, high = min(pitches), max(pitches)
    return [(low + 2, high - 2), (low + 3, high), (low, high - 3)]


def _shifted_window(direction: int) -> Callable[[Attempt], list[tuple[int, int]]]:
    def windows(attempt: Attempt) -> list[tuple[int, int]]:
        pitches = _pitches(attempt)
        shift = direction * (REGISTER_MOVE_SEMITONES + 2)
        return [(max(SUNG_LOWEST_PITCH, min(pitches) + shift), min(SUNG_HIGHEST_PITCH, max(pitches) + shift))]
    return windows


def _revoiced(direction: int) -> Maker:
    """The same rhythm with new pitches in a window a fourth lower (or higher): the model's
    vary, on half the notes and on all of them."""
    def make(attempt: Attempt) -> list[Section]:
        results: list[Section] = []
        for lowest, highest in _shifted_window(direction)(attempt):
            if highest - lowest < 7:
                continue
            request = Request(attempt.key, attempt.meter, attempt.section.bars, low=lowest, high=highest)
            for amount in (0.5, 1.0):
                try:
                    results += attempt.model.vary(attempt.section, request, amount, n=CANDIDATES // 2,
                                                  options=SamplingOptions(seed=attempt.seed))
                except BadInput:
                    continue
        return results
    return make


def _above_middle(note: Note, middle: int, low: int, high: int) -> int | None:
    return note.pitch - 12 if note.pitch > middle else None


def _below_middle(note: Note, middle: int, low: int, high: int) -> int | None:
    return note.pitch + 12 if note.pitch < middle else None


GOALS: dict[str, Goal] = {goal.name: goal for goal in (
    Goal("stronger cadence",
         lambda s, o, k, m: (not _ends_home(s, k, m)[0]) + (not _ends_home(s, k, m)[1]),
         lambda s, k, m: {"ends_on_tonic": float(_ends_home(s, k, m)[0]), "ends_on_strong_beat": float(_ends_home(s, k, m)[1])},
         (_final_tonic, _infills(_last_bars, _anywhere, tonic=True))),
    Goal("end on the tonic",
         lambda s, o, k, m: float(not _ends_home(s, k, m)[0]),
         lambda s, k, m: {"ends_on_tonic": float(_ends_home(s, k, m)[0])},
         (_last_note_to_tonic, _final_tonic)),
    Goal("wider range",
         lambda s, o, k, m: max(0, WIDE_SEMITONES - pitch_range(s.notes)),
         lambda s, k, m: {"range": pitch_range(s.notes)},
         (_move_extremes(outward=True), _infills(_middle_bars, _above_and_below))),
    Goal("narrower range", _narrower_distance,
         lambda s, k, m: {"range": pitch_range(s.notes)},
         (_move_extremes(outward=False), _octave_moves(_toward_middle), _infills(_extreme_bars, _inside_narrower))),
    Goal("more singable", _singable_distance,
         lambda s, k, m: {"range": pitch_range(s.notes), "largest_leap": max((abs(i) for i in intervals(s.notes)), default=0)},
         (_octave_moves(_toward_middle), _infills(_extreme_bars, _around_middle))),
    Goal("lower register", _register_distance(-1),
         lambda s, k, m: {"median_pitch": _median_pitch(s)},
         (_whole_octave(-12), _octave_moves(_above_middle), _infills(_highest_bars, _shifted_window(-1)), _revoiced(-1))),
    Goal("higher register", _register_distance(+1),
         lambda s, k, m: {"median_pitch": _median_pitch(s)},
         (_whole_octave(+12), _octave_moves(_below_middle), _infills(_lowest_bars, _shifted_window(+1)), _revoiced(+1))),
    Goal("simpler rhythm", _simpler_distance, _rhythm_measures, (_rhythm_edits, _even_rhythms)),
    Goal("catchier", _catchy_distance,
         lambda s, k, m: {"repeated_bars": _repeated_bars(s, m)},
         (_bar_copies, _infills(_second_half_bars, _anywhere))),
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
        attempt = Attempt(best, original, key, meter, model, seed + rounds)
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
