"""The offline planner: its dev set and held-out requests, and the readers behind its arguments."""

from __future__ import annotations

import pytest

from agent.planner import slots
from agent.planner.plan import SongContext, plan, split_steps
from bench.planner_eval import DEV_SET, evaluate, load


@pytest.mark.parametrize("name", ["planner_dev.jsonl", "planner_holdout.jsonl"])
def test_planner_accuracy(name: str) -> None:
    report = evaluate(load(DEV_SET.parent / name))
    assert report["requests"] >= (150 if name == "planner_dev.jsonl" else 40)
    assert report["right_tools"] >= 0.95, report["misses"]
    assert report["right_tools_and_arguments"] >= 0.90, report["misses"]


@pytest.mark.parametrize(("words", "semitones"), [
    ("up a whole step", 2), ("down a minor third", -3), ("an octave higher", 12), ("down 5 semitones", -5),
    ("up a perfect fifth", 7), ("lower it a half step", -1), ("two whole steps up", 4), ("up a tritone", 6),
])
def test_intervals_in_words(words: str, semitones: int) -> None:
    assert slots.semitones(words) == semitones


@pytest.mark.parametrize(("words", "key"), [
    ("in D minor", "D minor"), ("to E flat major", "Eb major"), ("into F#", "F# major"), ("in Bbm", "Bb minor"),
    ("key of A", "A major"), ("in d dorian", "D dorian"), ("wait a minute", None), ("in a bit", None),
])
def test_keys_in_words(words: str, key: str | None) -> None:
    assert slots.key(words) == key


@pytest.mark.parametrize(("words", "bars", "span"), [
    ("bars 5 to 8", 8, (5, 8)), ("bars 3-4", 8, (3, 4)), ("bar 3", 8, (3, 3)), ("the last two bars", 8, (7, 8)),
    ("the first four bars", 8, (1, 4)), ("the last bar", 4, (4, 4)), ("bars 8 to 5", 8, (5, 8)),
])
def test_bar_ranges(words: str, bars: int, span: tuple[int, int]) -> None:
    assert slots.bar_range(words, bars) == span


def test_sections_typos_and_ordinals() -> None:
    known = ["verse", "chorus", "verse 2", "final chorus"]
    assert slots.sections_mentioned("make the chrous busier", known) == ["chorus"]
    assert slots.sections_mentioned("copy verse 2 to the bridge", known) == ["verse 2", "bridge"]
    assert slots.sections_mentioned("the last chorus", known) == ["final chorus"]
    assert slots.sections_mentioned("a pre-chorus", known) == ["pre-chorus"]
    assert slots.sections_mentioned("add chords", known) == []


def test_multi_step_requests_are_split_in_order() -> None:
    assert split_steps("write a chorus and then make it more syncopated") == ["write a chorus", "make it more syncopated"]
    assert split_steps("harmonize the verse, then play it") == ["harmonize the verse", "play it"]
    assert split_steps("write a verse with rock and roll energy") == ["write a verse with rock and roll energy"]


def test_it_refers_to_the_section_just_made() -> None:
    calls = plan("write a bridge then harmonize it with pop chords", SongContext((("verse", 8),))).calls
    assert [c.as_dict() for c in calls] == [
        {"name": "compose_section", "args": {"section": "bridge"}},
        {"name": "harmonize_section", "args": {"section": "bridge", "style": "pop"}},
    ]


def test_questions_and_greetings_get_answers_without_tools() -> None:
    answered = plan("what is a cadence?")
    assert not answered.calls and "V-I" in answered.answer
    assert plan("hello").answer and not plan("thanks!").calls
