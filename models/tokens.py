"""Melodies to tokens and back (the language of models/vocab.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from models import vocab as V
from song.units import TICKS_PER_QUARTER

TICKS_PER_STEP = TICKS_PER_QUARTER // V.MODEL_STEPS_PER_QUARTER

StepNote = tuple[int, int, int]  # (MIDI pitch, start step, length in steps), absolute


@dataclass(frozen=True)
class Controls:
    """What the melody is asked to be: the tokens in front of every sequence."""

    style: str
    key_pitch_class: int
    mode: str
    meter: str
    bars: int
    density: float
    syncopation: float
    pitch_range: float

    def tokens(self) -> list[int]:
        return [
            V.BOS, V.style(self.style), V.key(self.key_pitch_class, self.mode), V.meter(self.meter),
            V.bars(self.bars), V.density(self.density), V.syncopation(self.syncopation), V.pitch_range(self.pitch_range),
        ]


def to_steps(notes: Sequence[tuple[int, int, int]]) -> list[StepNote]:
    """(pitch, start tick, duration ticks) at 480 per quarter -> steps, one voice, no zero lengths."""
    result: list[StepNote] = []
    for pitch, start, length in notes:
        begin = round(start / TICKS_PER_STEP)
        end = max(begin + 1, round((start + length) / TICKS_PER_STEP))
        if result and begin < result[-1][1] + result[-1][2]:
            previous = result[-1]
            if begin <= previous[1]:
                continue
            result[-1] = (previous[0], previous[1], begin - previous[1])
        result.append((pitch, begin, end - begin))
    return result


def encode_bars(notes: Sequence[StepNote], bar_steps: int, first_bar: int, last_bar: int) -> list[int]:
    """BAR/POS/PITCH/DUR tokens for bars [first_bar, last_bar); notes are cut at last_bar."""
    tokens: list[int] = []
    cursor = first_bar * bar_steps
    end = last_bar * bar_steps
    ordered = [n for n in notes if first_bar * bar_steps <= n[1] < end]
    index = 0
    for bar in range(first_bar, last_bar):
        tokens.append(V.BAR)
        bar_start, bar_end = bar * bar_steps, (bar + 1) * bar_steps
        while index < len(ordered) and ordered[index][1] < bar_end:
            pitch, start, length = ordered[index]
            if start != cursor:
                tokens.append(V.pos(start - bar_start))
            length_token = V.duration(min(length, end - start))
            tokens += [V.pitch(pitch), length_token]
            cursor = start + V.steps_of(length_token)
            index += 1
    return tokens


def decode_bars(tokens: Sequence[int], bar_steps: int, first_bar: int = 0) -> tuple[list[StepNote], int]:
    """Notes (absolute steps) and the number of bars in a BAR/POS/PITCH/DUR stream.

    Tolerant: tokens out of grammar are skipped (the constrained sampler never makes them).
    """
    notes: list[StepNote] = []
    bar = first_bar - 1
    cursor = first_bar * bar_steps
    pending_pitch: int | None = None
    for token in tokens:
        if token == V.BAR:
            bar += 1
        elif V.is_pos(token) and bar >= first_bar:
            cursor = bar * bar_steps + V.step_of(token)
        elif V.is_pitch(token):
            pending_pitch = V.midi_of(token)
        elif V.is_duration(token) and pending_pitch is not None:
            length = V.steps_of(token)
            notes.append((pending_pitch, cursor, length))
            cursor += length
            pending_pitch = None
    return notes, bar - first_bar + 1
