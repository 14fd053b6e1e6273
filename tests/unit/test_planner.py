"""The offline planner: its dev set and held-out requests, and the readers behind its arguments."""

from __future__ import annotations

import pytest

from agent.planner import slots
from agent.planner.plan import SongContext, ToolCall, plan, split_steps
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
    ("add a bridge in a minor key", None), ("a chorus that lifts into C major", "C major"),
])
def test_keys_in_words(words: str, key: str | None) -> None:
    assert slots.key(words) == key


@pytest.mark.parametrize(("words", "bars", "span"), [
    ("bars 5 to 8", 8, (5, 8)), ("bars 3-4", 8, (3, 4)), ("bar 3", 8, (3, 3)), ("the last two bars", 8, (7, 8)),
    ("the first four bars", 8, (1, 4)), ("the last bar", 4, (4, 4)), ("bars 8 to 5", 8, (5, 8)),
    ("fix the ending bars", 8, (7, 8)), ("rewrite the opening bar", 8, (1, 1)),
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


FIXES = (ToolCall("refine_section", {"section": "chorus", "goal": "wider range"}),
         ToolCall("regenerate_bars", {"section": "chorus", "start_bar": 1, "end_bar": 1}),
         ToolCall("edit_section", {"section": "verse", "operation": "vary", "amount": 0.4}))


@pytest.mark.parametrize(("words", "picked"), [
    ("apply the first fix", [0]), ("do the second suggestion", [1]), ("yes, fix it", [0]), ("try the last fix", [2]),
    ("apply fixes 1 and 3", [0, 2]), ("apply all the fixes", [0, 1, 2]), ("apply that fix", [0]),
])
def test_critique_fixes_are_applied_by_position(words: str, picked: list[int]) -> None:
    """The critique's reply says 'apply the first fix': the planner must understand it."""
    context = SongContext((("verse", 8), ("chorus", 8)), 100.0, "chorus", FIXES)
    assert plan(words, context).calls == tuple(FIXES[i] for i in picked)


def test_applying_a_fix_without_a_critique_critiques_first() -> None:
    """A reopened session has no critique in memory: the planner makes it again and says so."""
    result = plan("apply the first fix", SongContext((("verse", 8),)))
    assert result.calls == (ToolCall("critique", {"target": "song"}),)
    assert result.answer is not None and "say which fix" in result.answer
    assert plan("apply the first fix", SongContext()).calls == ()


def test_several_song_settings_in_one_request() -> None:
    calls = plan("set the tempo to 88 bpm and call the song Leaving Home", SongContext((("verse", 8),), 120.0)).calls
    assert [c.as_dict() for c in calls] == [{"name": "set_song", "args": {"tempo": 88.0}},
                                           {"name": "set_song", "args": {"title": "Leaving Home"}}]


@pytest.mark.parametrize(("words", "tempo"), [("at a walking pace", 92.0), ("gentle walking tempo", 92.0),
                                              ("allegro", 132.0), ("a slow ballad", 66.0), ("at 70 bpm", 70.0)])
def test_tempo_words(words: str, tempo: float) -> None:
    assert slots.tempo(words, None) == tempo


def test_a_new_section_asks_for_the_key_it_names() -> None:
    """The tool accepts the song's key or its relative and refuses others with a clear line;
    the planner passes the key on instead of dropping it silently."""
    call = plan("now write a chorus that lifts into C major, 8 bars, more hopeful", SongContext((("verse", 8),), 88.0)).calls[0]
    assert call.args == {"section": "chorus", "bars": 8, "key": "C major", "mood": "hopeful"}


def test_a_preamble_and_the_details_make_one_section() -> None:
    """Found using the app: 'I want to write a song... Start with an 8-bar verse in D major'
    composed a C major verse, then failed to compose the D major one."""
    calls = plan("hi! I want to write a song about a night train. Start with an 8-bar verse in D major, 4/4, "
                 "driving, 126 bpm", SongContext()).calls
    assert [c.as_dict() for c in calls] == [{"name": "compose_section", "args": {
        "section": "verse", "bars": 8, "key": "D major", "meter": "4/4", "tempo": 126.0, "mood": "driving"}}]


def test_one_export_per_file_named() -> None:
    calls = plan("export it as /tmp/night-train.mid and as /tmp/night-train.wav", SongContext((("verse", 8),))).calls
    assert [c.args["path"] for c in calls] == ["/tmp/night-train.mid", "/tmp/night-train.wav"]
