"""The melody vocabulary and grammar: round trips and constrained-decoding invariants."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from models import vocab as V
from models.grammar import BarGrammar
from models.tokens import decode_bars, encode_bars, to_steps


def test_vocabulary_layout() -> None:
    names = [V.token_name(t) for t in range(V.VOCAB_SIZE)]
    assert len(set(names)) == V.VOCAB_SIZE
    assert V.token_name(V.pitch(60)) == f"PITCH_{60 - V.LOWEST_PITCH}" and V.midi_of(V.pitch(60)) == 60
    assert V.steps_of(V.duration(12)) == 12 and V.steps_of(V.duration(25)) == 24
    assert V.bar_steps("6/8") == 36 and V.bar_steps("4/4") == 48


@st.composite
def melodies(draw: st.DrawFn) -> tuple[list[tuple[int, int, int]], int, int]:
    meter = draw(st.sampled_from(["2/4", "3/4", "4/4", "6/8", "12/8", "5/4", "9/8"]))
    bar_steps = V.bar_steps(meter)
    bars = draw(st.integers(1, 12))
    notes, cursor = [], 0
    while True:
        cursor += draw(st.sampled_from([0, 0, 0, 3, 6, 12]))
        length = draw(st.sampled_from([v for v in V.DURATIONS if v <= 48]))
        if cursor + length > bars * bar_steps:
            break
        notes.append((draw(st.integers(V.LOWEST_PITCH, V.HIGHEST_PITCH)), cursor, length))
        cursor += length
    return notes, bar_steps, bars


@given(melodies())
@settings(max_examples=200, deadline=None)
def test_tokens_round_trip(melody: tuple[list[tuple[int, int, int]], int, int]) -> None:
    notes, bar_steps, bars = melody
    tokens = encode_bars(notes, bar_steps, 0, bars)
    assert tokens.count(V.BAR) == bars
    assert decode_bars(tokens, bar_steps) == (notes, bars)
    assert to_steps([(p, s * 40, d * 40) for p, s, d in notes]) == notes


@given(st.sampled_from(["2/4", "3/4", "4/4", "6/8", "12/8"]), st.integers(1, 16), st.integers(0, 10_000),
       st.integers(40, 70))
@settings(max_examples=200, deadline=None)
def test_any_path_through_the_grammar_is_a_valid_melody(meter: str, bars: int, seed: int, low: int) -> None:
    bar_steps = V.bar_steps(meter)
    grammar = BarGrammar(bar_steps, bars, low, low + 12)
    rng = random.Random(seed)
    tokens = []
    while grammar.expect != "done":
        allowed = grammar.allowed()
        assert allowed
        token = rng.choice(allowed)
        grammar.advance(token)
        tokens.append(token)
        assert len(tokens) < 5000
    assert tokens[-1] == V.EOS and tokens.count(V.BAR) == bars
    notes, count = decode_bars(tokens[:-1], bar_steps)
    assert count == bars
    assert all(low <= p <= low + 12 for p, _, _ in notes)
    assert all(s + d <= bars * bar_steps for _, s, d in notes)
    assert all(b[1] >= a[1] + a[2] for a, b in zip(notes, notes[1:])), "one voice"


@given(st.sampled_from(["2/4", "3/4", "4/4", "6/8"]), st.integers(1, 6), st.integers(0, 10_000),
       st.integers(48, 72), st.integers(48, 72))
@settings(max_examples=200, deadline=None)
def test_infill_grammar_keeps_both_seams_within_the_leap(meter: str, bars: int, seed: int, enter: int, exit: int) -> None:
    """Whatever the sampler picks, the first written note lies near the note before and the
    last near the note after (when some pitch in range can do both)."""
    bar_steps = V.bar_steps(meter)
    grammar = BarGrammar(bar_steps, bars, 48, 79, enter=enter, exit=exit)
    rng = random.Random(seed)
    tokens = []
    while grammar.expect != "done":
        token = rng.choice(grammar.allowed())
        grammar.advance(token)
        tokens.append(token)
        assert len(tokens) < 5000
    notes, count = decode_bars(tokens[:-1], bar_steps)
    assert count == bars and notes, "an infill with a note after it writes at least one note"
    assert abs(notes[0][0] - enter) <= grammar.max_leap
    if len(notes) > 1 or abs(enter - exit) <= 2 * grammar.max_leap:
        assert abs(notes[-1][0] - exit) <= grammar.max_leap
    assert all(s + d <= bars * bar_steps for _, s, d in notes)
