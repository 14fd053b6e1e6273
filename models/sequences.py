"""Training sequences: a tune, transposed and windowed, as control + melody tokens,
sometimes as a fill-in-the-middle exercise (write bars a..b given the bars around them)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction

from models import vocab as V
from models.data import Tune
from models.model import CONTEXT
from models.tokens import Controls, SlotChord, StepNote, encode_bars, to_steps
from song.features import note_density, pitch_range, syncopation
from song.keys import Key
from song.meter import Meter
from song.model import Note

FIM_SHARE = 0.3
MAX_FILL_BARS = 4
CHORD_SHARE = 0.75  # of the sequences of a tune with chords, those that show them (the rest teach melodies without)


@dataclass(frozen=True)
class PreparedTune:
    """A tune ready to cut into sequences: notes in steps plus the measures that become controls."""

    style: str
    key: Key
    meter: str
    bar_steps: int
    bars: int
    notes: tuple[StepNote, ...]
    density: float
    syncopation: float
    pitch_range: float
    role: str = "none"
    chords: tuple[SlotChord, ...] = ()  # `vocab.chord_slots(meter)` per bar, from bar 0


def prepare(tune: Tune) -> PreparedTune | None:
    """None for tunes the vocabulary cannot hold (meter, bar length, pitches)."""
    if tune.meter not in V.METERS or V.bar_steps(tune.meter) > V.MAX_BAR_STEPS:
        return None
    notes = tuple(to_steps(tune.notes))
    if not notes or min(p for p, _, _ in notes) < V.LOWEST_PITCH or max(p for p, _, _ in notes) > V.HIGHEST_PITCH:
        return None
    meter = Meter.parse(tune.meter)
    unit = Fraction(1, V.MODEL_STEPS_PER_QUARTER)
    beats = [Note(p, s * unit, d * unit) for p, s, d in notes]
    bar_steps = V.bar_steps(tune.meter)
    bars = -(-(notes[-1][1] + notes[-1][2]) // bar_steps)
    return PreparedTune(
        tune.collection, Key.parse(tune.key), tune.meter, bar_steps, bars, notes,
        note_density(beats, bars), syncopation(beats, meter), float(pitch_range(beats)), tune.role, tune.chords,
    )


def _shifts(tune: PreparedTune) -> list[int]:
    low, high = min(p for p, _, _ in tune.notes), max(p for p, _, _ in tune.notes)
    return [s for s in range(-6, 6) if low + s >= V.LOWEST_PITCH and high + s <= V.HIGHEST_PITCH] or [0]


def sequence(tune: PreparedTune, rng: random.Random, shift: int | None = None, fim: bool | None = None,
             with_chords: bool | None = None) -> list[int]:
    """One training sequence from a tune: random transposition, a window of whole bars that
    fits the context, (FIM_SHARE of the time) a fill-in-the-middle arrangement, and its chords
    after each BAR (CHORD_SHARE of the time, when it has chords)."""
    shift = rng.choice(_shifts(tune)) if shift is None else shift
    notes = [(p + shift, s, d) for p, s, d in tune.notes]
    fim = rng.random() < FIM_SHARE if fim is None else fim
    with_chords = bool(tune.chords) and (rng.random() < CHORD_SHARE if with_chords is None else with_chords)
    chords = [(None if root is None else (root + shift) % 12, quality) for root, quality in tune.chords] if with_chords else []
    slots = V.chord_slots(tune.meter)

    def bars(first_bar: int, last_bar: int) -> list[int]:
        return encode_bars(notes, tune.bar_steps, first_bar, last_bar, chords, slots)

    budget = CONTEXT - V.CONTROL_COUNT - 1 - 4
    first = rng.randrange(tune.bars) if tune.bars > 8 and rng.random() < 0.5 else 0
    last = first
    body: list[int] = []
    while last < tune.bars and last - first < V.MAX_BARS:
        more = bars(last, last + 1)
        if len(body) + len(more) > budget:
            break
        body += more
        last += 1
    if last == first:
        return []
    controls = Controls(
        tune.style, tune.role, (tune.key.tonic_pitch_class + shift) % 12, tune.key.mode, tune.meter,
        last - first, tune.density, tune.syncopation, tune.pitch_range,
    ).tokens()
    if not fim or last - first < 3:
        return controls + bars(first, last) + [V.EOS]
    size = rng.randint(1, min(MAX_FILL_BARS, last - first - 1))
    start = rng.randint(first, last - size)
    return (
        controls
        + [V.FIM_PREFIX] + bars(first, start)
        + [V.FIM_SUFFIX] + bars(start + size, last)
        + [V.FIM_MIDDLE] + bars(start, start + size)
        + [V.EOS]
    )


def plain_sequence(tune: PreparedTune, with_chords: bool = False) -> list[int]:
    """The tune as written (no transposition, no FIM), from bar 0 as far as the context allows."""
    if tune.bars <= 8:
        return sequence(tune, random.Random(0), shift=0, fim=False, with_chords=with_chords)
    return _from_start(tune, with_chords)


def _from_start(tune: PreparedTune, with_chords: bool) -> list[int]:
    budget = CONTEXT - V.CONTROL_COUNT - 1 - 4
    body: list[int] = []
    last = 0
    chords = tune.chords if with_chords else ()
    while last < tune.bars and last < V.MAX_BARS:
        more = encode_bars(list(tune.notes), tune.bar_steps, last, last + 1, chords, V.chord_slots(tune.meter))
        if len(body) + len(more) > budget:
            break
        body += more
        last += 1
    controls = Controls(tune.style, tune.role, tune.key.tonic_pitch_class, tune.key.mode, tune.meter, last,
                        tune.density, tune.syncopation, tune.pitch_range).tokens()
    return controls + body + [V.EOS]
