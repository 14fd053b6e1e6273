"""The grammar for writing a melody to words: whatever the model chooses among the tokens it
allows, the result sings every syllable once, in order, stresses on strong beats, each line's
last stress in its own last bar, and exactly the bars planned. Random choices stand in for the
model here (tests/integration/test_lyrics_tool.py runs the real one)."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models import vocab as V
from models.tokens import decode_bars
from models.words_grammar import WordsGrammar, plan_words, strong_step
from song.errors import BadInput
from song.lyric_setting import is_strong
from song.meter import Meter
from song.words import syllabify

WORDS = ["tomorrow", "the", "letters", "on", "table", "say", "goodbye", "I", "remember", "electricity", "and",
         "unbelievable", "you", "walk", "away", "river", "running", "high", "oh", "half-empty", "don't", "zorblat"]
METERS = ("4/4", "3/4", "6/8", "2/4", "12/8")


def _write(text: str, meter: str, seed: int, bars: int | None = None) -> tuple[list[tuple[int, int, int]], list[int], object]:
    """A melody written by random choices among the grammar's tokens: (notes, labels, plan)."""
    plan = plan_words(syllabify(text).syllables, Meter.parse(meter), bars)
    grammar = WordsGrammar(plan, 55, 84)
    chooser = random.Random(seed)
    tokens: list[int] = []
    for _ in range(4000):
        token = chooser.choice(grammar.allowed())
        grammar.advance(token)
        if token == V.EOS:
            break
        tokens.append(token)
    assert grammar.expect == "done", "the grammar always reaches the end"
    notes, bars_written = decode_bars(tokens, plan.bar_steps)
    assert bars_written == plan.bars
    return notes, grammar.labels, plan


@settings(max_examples=60, deadline=None)
@given(lines=st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=9), min_size=1, max_size=5),
       meter=st.sampled_from(METERS), seed=st.integers(0, 10_000))
def test_any_choice_sings_every_syllable_with_stresses_on_strong_beats(lines: list[list[str]], meter: str, seed: int) -> None:
    text = "\n".join(" ".join(line) for line in lines)
    notes, labels, plan = _write(text, meter, seed)
    parsed = Meter.parse(meter)
    assert len(notes) == len(labels)
    assert [label for label in labels if label >= 0] == list(range(len(plan.syllables))), "every syllable once, in order"
    assert labels[0] == 0, "no melisma before the words"
    for (pitch, start, length), label in zip(notes, labels):
        assert 55 <= pitch <= 84 and start % 3 == 0
        if label < 0:
            continue
        syllable = plan.syllables[label]
        if syllable.stress == 2:
            assert is_strong(parsed, Fraction(start) * V.MODEL_STEP_BEATS), (syllable, start)
        if syllable.last_in_line and label < len(plan.syllables) - 1:
            assert length >= plan.beat_steps, "a line's last syllable is held at least a beat"
    for earlier, later in zip(notes, notes[1:]):
        assert earlier[1] + earlier[2] <= later[1], "one voice"


def test_each_line_ends_in_its_own_last_bar_and_words_are_not_broken_by_rests() -> None:
    text = "tomorrow I remember you\nthe river running high\nunbelievable"
    for meter in ("4/4", "3/4", "6/8"):
        for seed in range(15):
            notes, labels, plan = _write(text, meter, seed)
            sung = [(note, plan.syllables[label], label) for note, label in zip(notes, labels) if label >= 0]
            ends = [sum(plan.line_bars[:n + 1]) for n in range(len(plan.line_bars))]
            stressed_last = {}
            for (_, start, _), syllable, label in sung:
                if syllable.stress == 2:
                    stressed_last[plan.line_of[label]] = start
            for line, start in stressed_last.items():
                assert (ends[line] - 1) * plan.bar_steps <= start < ends[line] * plan.bar_steps
            for ((_, start, length), syllable, _), ((_, next_start, _), _, _) in zip(sung, sung[1:]):
                if not syllable.last_in_word:
                    assert start + length == next_start, f"'{syllable.word}' broken by a rest"


def test_lines_get_about_two_bars_of_four_four_and_the_bars_asked_for_are_shared() -> None:
    four = Meter.parse("4/4")
    plan = plan_words(syllabify("I walked the boulevard alone\nyour number glowing on my phone").syllables, four)
    assert plan.line_bars == (2, 2)
    assert plan_words(plan.syllables, four, bars=8).line_bars == (4, 4)
    assert [s for s in range(0, 48, 3) if strong_step(four, s)] == [0, 24]
    with pytest.raises(BadInput, match=r"need at least \d+ bars of 4/4 .*; 1 is too few"):
        plan_words(plan.syllables, four, bars=1)
    with pytest.raises(BadInput, match="no words"):
        plan_words(syllabify("  \n ").syllables, four)
    with pytest.raises(BadInput, match="writes in"):
        plan_words(plan.syllables, Meter.parse("11/8"))
