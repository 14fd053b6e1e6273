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
    """Settings said together are one change: one set_song, one new version."""
    calls = plan("set the tempo to 88 bpm and call the song Leaving Home", SongContext((("verse", 8),), 120.0)).calls
    assert [c.as_dict() for c in calls] == [{"name": "set_song", "args": {"tempo": 88.0, "title": "Leaving Home"}}]
    calls = plan("key A minor, title 'Low Tide', then export low_tide.mid", SongContext((("verse", 8),), 120.0)).calls
    assert [c.as_dict() for c in calls] == [{"name": "set_song", "args": {"key": "A minor", "title": "Low Tide"}},
                                           {"name": "export_song", "args": {"path": "low_tide.mid"}}]


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


SONG = SongContext((("verse", 8), ("chorus", 8), ("bridge", 4)), 100.0, "chorus")


@pytest.mark.parametrize("words", ["write a bridge", "give me a new chorus with 4 bars", "redo the verse"])
def test_composing_over_a_section_with_notes_asks_first(words: str) -> None:
    """Issue 16: a call that would replace notes the words did not clearly name asks, with
    numbered choices; nothing runs meanwhile."""
    asked = plan(words, SONG)
    assert asked.calls == () and len(asked.choices) == 2 and "1 ·" in asked.answer and "2 ·" in asked.answer
    assert asked.choices[0].calls[0].name == "compose_section"


@pytest.mark.parametrize(("words", "expected"), [
    ("redo the verse in A minor please", {"name": "compose_section", "args": {"section": "verse", "key": "A minor"}}),
    ("rewrite the chorus", {"name": "compose_section", "args": {"section": "chorus"}}),
    ("write a new verse melody", {"name": "compose_section", "args": {"section": "verse"}}),
    ("redo the final 4 bars of the verse", {"name": "regenerate_bars", "args": {"section": "verse", "start_bar": 5, "end_bar": 8}}),
    ("give me new bars five through eight in the verse", {"name": "regenerate_bars", "args": {"section": "verse", "start_bar": 5, "end_bar": 8}}),
])
def test_clear_rewrites_act_at_once(words: str, expected: dict) -> None:
    assert [c.as_dict() for c in plan(words, SONG).calls] == [expected]


def test_the_next_message_answers_the_question() -> None:
    choices = plan("redo the verse", SONG).choices
    assert choices[1].calls == (ToolCall("redo", {}),), "'redo' may have meant the history"
    answering = SongContext(SONG.sections, SONG.tempo, SONG.focus, (), choices)
    for words, index in (("1", 0), ("2", 1), ("the second", 1), ("option 1", 0), ("first one", 0)):
        assert plan(words, answering).calls == choices[index].calls, words
    declined = plan("neither", answering)
    assert declined.calls == () and "left the song as it is" in declined.answer
    assert plan("make the bridge busier", answering).calls[0].args["operation"] == "densify", "a new request is not an answer"
    single = SongContext(SONG.sections, SONG.tempo, SONG.focus, (), choices[:1])
    assert plan("yes", single).calls == choices[0].calls


@pytest.mark.parametrize(("words", "says"), [
    ("add a bass line and some drums", "can't write drums"),
    ("write lyrics for the chorus, something about the sea", "can't write or rewrite lyrics"),
    ("can you mix and master it", "can't record, mix"),
])
def test_what_no_tool_can_do_gets_one_honest_line_and_no_call(words: str, says: str) -> None:
    answered = plan(words, SONG)
    assert answered.calls == () and says in answered.answer and not answered.choices


def test_naming_the_title_is_still_a_tool_call() -> None:
    assert plan("call the song Harbour Lights", SONG).calls == (ToolCall("set_song", {"title": "Harbour Lights"}),)


def test_a_new_song_takes_key_tempo_and_meter_from_the_request_that_starts_it() -> None:
    """Issue 16: 'I'm writing a breakup song at 92 bpm in A minor. Give me a verse...' set the
    tempo and composed the verse in C major."""
    calls = plan("I'm writing a breakup song at 92 bpm in A minor. Give me a verse, 8 bars, kind of sparse and sad", SongContext()).calls
    assert [c.as_dict() for c in calls] == [{"name": "compose_section", "args": {
        "section": "verse", "bars": 8, "key": "A minor", "tempo": 92.0, "mood": "sad"}}]


def test_a_correction_redoes_the_last_change_with_the_fix() -> None:
    """Issue 16: 'no, A minor' after a C major verse; 'no, just a little' after a syncopation;
    'do the same to the verse' repeats an edit elsewhere."""
    composed = ToolCall("compose_section", {"section": "verse", "bars": 8, "key": "C major"})
    context = SongContext((("verse", 8), ("chorus", 8)), 100.0, "verse", last_change=composed)
    assert plan("no, A minor", context).calls == (ToolCall("undo", {}), ToolCall("compose_section", {"section": "verse", "bars": 8, "key": "A minor"}))
    assert plan("I said 12 bars", context).calls[1].args["bars"] == 12
    edited = ToolCall("edit_section", {"section": "chorus", "operation": "syncopate"})
    context = SongContext((("verse", 8), ("chorus", 8)), 100.0, "chorus", last_change=edited)
    fixed = plan("no, just a little", context)
    assert fixed.calls == (ToolCall("undo", {}), ToolCall("edit_section", {"section": "chorus", "operation": "syncopate", "amount": 0.3}))
    assert "Redoing" in fixed.answer
    assert plan("not the chorus, the verse", context).calls[1].args["section"] == "verse"
    assert plan("do the same to the verse", context).calls == (ToolCall("edit_section", {"section": "verse", "operation": "syncopate"}),)
    assert plan("make the verse busier", context).calls[0].args["operation"] == "densify", "a new request is not a correction"


def test_a_refine_without_a_goal_offers_the_goals_and_a_choice_keeps_the_earlier_steps() -> None:
    asked = plan("improve the bridge", SONG)
    assert asked.calls == () and len(asked.choices) == 9
    answering = SongContext(SONG.sections, SONG.tempo, SONG.focus, (), asked.choices)
    assert plan("5", answering).calls == (ToolCall("refine_section", {"section": "bridge", "goal": "more singable"}),)
    compound = plan("make the chorus busier and write a verse", SONG)
    assert compound.calls == () and [c.name for c in compound.choices[1].calls] == ["edit_section", "compose_section"]


@pytest.mark.parametrize(("words", "key"), [
    ("verse in 6/8, G major, 12 bars", "G major"), ("10 bars, A minor.", "A minor"), ("a busy chorus in B-flat", "Bb major"),
    ("a-flat major, 6/8, chorus first", "Ab major"), ("wistful, c minor please", "C minor"), ("make a minor change", None),
    ("add a B section", None), ("I like it", None),
])
def test_keys_named_without_in(words: str, key: str | None) -> None:
    assert slots.key(words) == key


@pytest.mark.parametrize(("words", "tempo"), [
    ("slow everything down to eighty five bpm", 85.0), ("make it 10 bpm faster", 110.0), ("slow it down by 15", 85.0),
    ("take it down to 80", 80.0), ("new song in A minor, 6/8 at 100", 100.0), ("go to bar 80", None),
])
def test_tempi_in_words(words: str, tempo: float | None) -> None:
    assert slots.tempo(words, 100.0) == tempo


def test_other_values_in_words() -> None:
    assert (slots.seed("vary it, seed 21"), slots.force("and yes overwrite it"), slots.axis("invert it around middle C")) == (21, True, 60)
    assert (slots.times("undo twice"), slots.times("step forward 3 versions"), slots.times("two versions ago")) == (2, 3, 2)
    assert (slots.count("show me 3 irish jigs"), slots.count("ten of them"), slots.count("find a tune")) == (3, 10, None)
    assert slots.bar_range("the second half of the verse", 8) == (5, 8) and slots.bar_range("measures 3-4", 8) == (3, 4)
    assert slots.sections_mentioned("import ideas/hook_v2.mid", ["verse"]) == [], "a file name names no section"


@pytest.mark.parametrize(("words", "calls"), [
    ("critique the chorus and the bridge", [("critique", {"target": "chorus"}), ("critique", {"target": "bridge"})]),
    ("transpose the verse down a whole step and the bridge up a whole step",
     [("edit_section", {"section": "verse", "operation": "transpose", "semitones": -2}),
      ("edit_section", {"section": "bridge", "operation": "transpose", "semitones": 2})]),
    ("add jazzy chords to both the verse and the chorus",
     [("harmonize_section", {"section": "verse", "style": "jazzy"}), ("harmonize_section", {"section": "chorus", "style": "jazzy"})]),
    ("play the bridge, then the chorus", [("play", {"section": "bridge"}), ("play", {"section": "chorus"})]),
    ("play order should be chorus first, then verse, chorus, bridge, chorus",
     [("arrange_song", {"form": ["chorus", "verse", "chorus", "bridge", "chorus"]})]),
    ("set tempo to 132, meter 6/8, key of D minor", [("set_song", {"tempo": 132.0, "meter": "6/8", "key": "D minor"})]),
    ("go back to version 3", [("checkout", {"version": 3})]),
    ("play it", [("play", {"section": "chorus"})]),
    ("the hook is forgettable", [("refine_section", {"section": "chorus", "goal": "catchier"})]),
])
def test_requests_that_name_several_things(words: str, calls: list) -> None:
    assert [(c.name, c.args) for c in plan(words, SONG).calls] == calls


def test_small_talk_is_dropped_when_something_is_done() -> None:
    planned = plan("ok that's not it. undo twice", SONG)
    assert [c.as_dict() for c in planned.calls] == [{"name": "undo", "args": {"steps": 2}}] and not planned.answer


def test_a_vague_complaint_asks_which_fix() -> None:
    planned = plan("the chorus is boring", SONG)
    assert not planned.calls and len(planned.choices) >= 3
    assert planned.choices[0].calls == (ToolCall("critique", {"target": "chorus"}),), "the least destructive first"


def test_an_unsure_reading_is_done_or_offered_first() -> None:
    """Below the reader's confidence threshold a note-changing reading is asked about, with
    the reader's best reading as choice 1; above it, it is done."""
    planned = plan("the verse is hard to sing, can you fix that", SONG)
    wanted = ToolCall("refine_section", {"section": "verse", "goal": "more singable"})
    assert planned.calls == (wanted,) or (not planned.calls and planned.choices[0].calls == (wanted,))


@pytest.mark.parametrize(("words", "call"), [
    ("what rhymes with fire?", ToolCall("find_rhymes", {"word": "fire"})),
    ("suggest a title for this song", ToolCall("suggest_titles", {})),
    ("how many syllables in: hold on to the light", ToolCall("count_syllables", {"text": "hold on to the light"})),
])
def test_help_with_words_is_a_tool_call(words: str, call: ToolCall) -> None:
    assert plan(words, SONG).calls == (call,)


SONG = SongContext((("verse", 8), ("chorus", 8), ("bridge", 4)), 100.0, "chorus")


@pytest.mark.parametrize(("text", "expected"), [
    ("rewrite bars 1-2 and 7-8 of the verse",
     [("regenerate_bars", {"section": "verse", "start_bar": 1, "end_bar": 2}),
      ("regenerate_bars", {"section": "verse", "start_bar": 7, "end_bar": 8})]),
    ("redo the last 4 bars of the verse and the last 2 of the bridge",
     [("regenerate_bars", {"section": "verse", "start_bar": 5, "end_bar": 8}),
      ("regenerate_bars", {"section": "bridge", "start_bar": 3, "end_bar": 4})]),
    ("move all three sections up 2 semitones",
     [("edit_section", {"section": name, "operation": "transpose", "semitones": 2}) for name in ("verse", "chorus", "bridge")]),
    ("transpose the chorus up 5", [("edit_section", {"section": "chorus", "operation": "transpose", "semitones": 5})]),
    ("what rhymes with rain, and what about home", [("find_rhymes", {"word": "rain"}), ("find_rhymes", {"word": "home"})]),
    ("what rhymes with ocean? and gold?", [("find_rhymes", {"word": "ocean"}), ("find_rhymes", {"word": "gold"})]),
    ("what rhymes with night? and home?", [("find_rhymes", {"word": "night"}), ("find_rhymes", {"word": "home"})]),
    ("export a wav (mix.wav) and a midi (mix.mid)", [("export_song", {"path": "mix.wav"}), ("export_song", {"path": "mix.mid"})]),
    ("write verse 2, 8 bars, hopeful, put jazz chords on it, and play it",
     [("compose_section", {"section": "verse 2", "bars": 8, "mood": "hopeful"}),
      ("harmonize_section", {"section": "verse 2", "style": "jazzy"}), ("play", {"section": "verse 2"})]),
    ("need a pre-chorus, 4 bars, busier than the verse", [("compose_section", {"section": "pre-chorus", "bars": 4, "mood": "busy"})]),
    ("key Bb major, tempo 92, title 'Quarter to Nine', then play",
     [("set_song", {"key": "Bb major", "tempo": 92.0, "title": "Quarter to Nine"}), ("play", {})]),
    ("find some bach chorales in 4/4 for reference", [("find_references", {"query": "bach chorales", "meter": "4/4"})]),
    ("any sad waltzes in the library? want some inspo before i start", [("find_references", {"query": "sad waltzes"})]),
    ("words for the verse:\nI keep my promises in a jar\nup on the shelf\nand the chorus:\nbreak it open\nlet them out",
     [("set_lyrics", {"section": "verse", "text": "I keep my promises in a jar\nup on the shelf"}),
      ("set_lyrics", {"section": "chorus", "text": "break it open\nlet them out"})]),
    ("words for the verse: I keep my promises in a jar / up on the shelf / and the chorus: break it open / let them out",
     [("set_lyrics", {"section": "verse", "text": "I keep my promises in a jar\nup on the shelf"}),
      ("set_lyrics", {"section": "chorus", "text": "break it open\nlet them out"})]),
    ("lyrics for the bridge:\nall the clocks stopped\nwhen you walked out\nthen tell me the syllables per line",
     [("set_lyrics", {"section": "bridge", "text": "all the clocks stopped\nwhen you walked out"}),
      ("count_syllables", {"section": "bridge"})]),
    ("make a final chorus from the chorus, make it busier and give it a stronger ending",
     [("copy_section", {"source": "chorus", "target": "final chorus"}),
      ("edit_section", {"section": "final chorus", "operation": "densify"}),
      ("refine_section", {"section": "final chorus", "goal": "stronger cadence"})]),
    ("critique ~/midi/old.mid and then load it into a new section called old idea",
     [("critique", {"target": "~/midi/old.mid"}), ("load_midi", {"section": "old idea", "path": "~/midi/old.mid"})]),
    ("find references in 3/4 that sound like the bridge", [("find_references", {"like": "bridge", "meter": "3/4"})]),
    ("add words to the bridge: Maybe it's the weather / maybe it's just me, and play the bridge",
     [("set_lyrics", {"section": "bridge", "text": "Maybe it's the weather\nmaybe it's just me"}), ("play", {"section": "bridge"})]),
    ("verse lyrics: 'I drove all night to find you, but you'd already gone'",
     [("set_lyrics", {"section": "verse", "text": "I drove all night to find you, but you'd already gone"})]),
    ("rhymes for 'broken'? also how many syllables in 'I left the door unlocked for you'",
     [("find_rhymes", {"word": "broken"}), ("count_syllables", {"text": "I left the door unlocked for you"})]),
])
def test_several_ranges_sections_words_and_files_in_one_request(text: str, expected: list[tuple[str, dict]]) -> None:
    """Several ranges, sections, words or settings in one request: each gets its call, and
    values said between commas go to the call they belong to."""
    assert [(c.name, c.args) for c in plan(text, SONG).calls] == expected


def test_words_for_a_new_section_and_a_request_after_them() -> None:
    text = "lyrics for the verse:\nthe kettle's on, the light is low\nyou hum a song I used to know\nwrite me a tune for that in G, 3/4"
    calls = plan(text, SongContext()).calls
    assert [c.as_dict() for c in calls] == [{"name": "compose_section", "args": {
        "section": "verse", "lyrics": "the kettle's on, the light is low\nyou hum a song I used to know", "key": "G major", "meter": "3/4"}}]


def test_a_title_that_is_only_a_pronoun_is_asked_for() -> None:
    planned = plan("title it", SONG)
    assert not planned.calls and "?" in (planned.answer or "")


def test_redo_with_nothing_undone_offers_a_rewrite_instead() -> None:
    """"redo it" when nothing was undone cannot mean the history's redo: the planner asks
    whether a new melody is meant, and only a known redo is run as one."""
    nothing_undone = SongContext(SONG.sections, 100.0, "chorus", can_redo=False)
    planned = plan("redo it", nothing_undone)
    assert not planned.calls and planned.choices
    assert planned.choices[0].calls == (ToolCall("compose_section", {"section": "chorus"}),)
    assert [c.name for c in plan("redo it", SongContext(SONG.sections, 100.0, "chorus", can_redo=True)).calls] == ["redo"]
    assert not plan("redo", SongContext(can_redo=False)).calls


@pytest.mark.parametrize(("text", "expected"), [
    ("so my bandmate keeps saying the verse and the bridge are basically the same energy. could you make the bridge busier?",
     [("edit_section", {"section": "bridge", "operation": "densify"})]),
    ("the verse is way too busy. simplify it", [("edit_section", {"section": "verse", "operation": "simplify"})]),
    ("load ~/ref/tune.mid into a section called inspo, then find refs that sound like inspo",
     [("load_midi", {"path": "~/ref/tune.mid", "section": "inspo"}), ("find_references", {"like": "inspo"})]),
    ("new song pls. chorus first, 8 bars, C major",
     [("compose_section", {"section": "chorus", "bars": 8, "key": "C major"})]),
])
def test_the_story_before_the_ask_is_not_an_ask(text: str, expected: list[tuple[str, dict]]) -> None:
    """A sentence that tells ("the verse is way too busy", "my bandmate says ...") before one
    that asks is context: it changes nothing itself, and "it" in the ask is the section it named."""
    context = SONG if "new song" not in text else SongContext()
    assert [(c.name, c.args) for c in plan(text, context).calls] == expected


def test_no_to_a_question_then_a_new_request_is_not_a_correction() -> None:
    """"no. rewrite bars 1-2 of the verse" after a question declines the question; it does not
    undo the last change as "no, A minor" would."""
    asked = plan("redo it", SongContext(SONG.sections, 100.0, "chorus", can_redo=False))
    last = ToolCall("edit_section", {"section": "chorus", "operation": "simplify"})
    context = SongContext(SONG.sections, 100.0, "chorus", choices=asked.choices, last_change=last)
    calls = plan("no. rewrite bars 1-2 of the verse", context).calls
    assert [c.as_dict() for c in calls] == [{"name": "regenerate_bars", "args": {"section": "verse", "start_bar": 1, "end_bar": 2}}]


@pytest.mark.parametrize("text", ["export it", "save the song somewhere pls", "critique my midi file", "start over"])
def test_a_missing_file_or_a_vague_restart_is_asked_about(text: str) -> None:
    """No file name is made up and nothing is thrown away on a guess: the planner asks."""
    planned = plan(text, SONG)
    assert not planned.calls and "?" in (planned.answer or "")


def test_an_export_question_offers_the_usual_files() -> None:
    asked = plan("export it", SONG)
    answer = plan("2", SongContext(SONG.sections, 100.0, "chorus", choices=asked.choices))
    assert [c.as_dict() for c in answer.calls] == [{"name": "export_song", "args": {"path": "song.wav"}}]


@pytest.mark.parametrize(("text", "expected"), [
    ("ok so we played this at open mic last night and everyone said the verse kind of just... stops? like the ending "
     "feels unfinished. can you fix that", [("refine_section", {"section": "verse", "goal": "stronger cadence"})]),
    ("copy the chorus to 'final chorus' and bump the copy up a whole step for the big ending",
     [("copy_section", {"source": "chorus", "target": "final chorus"}),
      ("edit_section", {"section": "final chorus", "operation": "transpose", "semitones": 2})]),
    ("export over old_take.mid. yes i know cocomposer didn't make that file, overwrite it anyway",
     [("export_song", {"path": "old_take.mid", "force": True})]),
    ("title's gonna be Northbound", [("set_song", {"title": "Northbound"})]),
    ("find me irish jigs in D, 6/8 only, like 10 of them",
     [("find_references", {"query": "irish jigs", "k": 10, "key": "D major", "meter": "6/8"})]),
    ("save it as an ableton project", []),
])
def test_stories_copies_and_files(text: str, expected: list[tuple[str, dict]]) -> None:
    assert [(c.name, c.args) for c in plan(text, SONG).calls] == expected


def test_importing_over_a_song_asks_and_a_new_song_takes_its_title() -> None:
    asked = plan("import song.mid", SONG)
    assert not asked.calls and [c.calls[0].args for c in asked.choices] == [{"path": "song.mid"}, {"path": "song.mid", "section": "song"}]
    calls = plan("new song called 'Ghost Town'. 4 bar intro in D minor at 70bpm", SongContext()).calls
    assert [c.as_dict() for c in calls] == [{"name": "set_song", "args": {"title": "Ghost Town"}}, {"name": "compose_section", "args": {
        "section": "intro", "bars": 4, "key": "D minor", "tempo": 70.0}}]


def test_it_after_a_missing_section_never_falls_back_to_another() -> None:
    """"make the outro busier and give it a stronger ending" in a song without an outro: one
    question saying so, offering to write it first and then do both ("it" is still the outro,
    not the chorus last worked on); "harmonize the verse" in an empty song offers the same."""
    planned = plan("make the outro busier and give it a stronger ending", SONG)
    assert not planned.calls and planned.answer and planned.answer.count("no outro") == 1
    assert [[c.as_dict() for c in choice.calls] for choice in planned.choices] == [[
        {"name": "compose_section", "args": {"section": "outro"}},
        {"name": "edit_section", "args": {"section": "outro", "operation": "densify"}},
        {"name": "refine_section", "args": {"section": "outro", "goal": "stronger cadence"}}]]
    empty = plan("harmonize the verse", SongContext())
    assert [c.name for c in empty.choices[0].calls] == ["compose_section", "harmonize_section"]


def test_found_trying_the_app_answers_corrections_and_words() -> None:
    asked = plan("redo it", SongContext(SONG.sections, 100.0, "chorus", can_redo=False))
    assert plan("ok 1 then", SongContext(SONG.sections, 100.0, "chorus", choices=asked.choices)).calls == asked.choices[0].calls
    last = ToolCall("edit_section", {"section": "verse", "operation": "syncopate"})
    context = SongContext(SONG.sections, 100.0, "verse", last_change=last)
    calls = plan("actually G is a bit low for my voice, bump the verse up a whole step", context).calls  # a request, not a
    assert not any(c.name == "undo" or c.args.get("operation") == "syncopate" for c in calls)  # correction of the syncopation
    assert not any(c.name == "undo" for c in plan("no I wanted you to put that in the song. verse words: a line / another line",
                                                   context).calls)
    calls = plan("chorus lyrics: leave the light on / I'm coming home through the dark / and give me a rhyme for dark", SONG).calls
    assert [c.as_dict() for c in calls] == [
        {"name": "set_lyrics", "args": {"section": "chorus", "text": "leave the light on\nI'm coming home through the dark"}},
        {"name": "find_rhymes", "args": {"word": "dark"}}]
    calls = plan("rewrite just the bridge melody in F# minor, leave the rest of the song in A major", SONG).calls
    assert [c.as_dict() for c in calls] == [{"name": "compose_section", "args": {"section": "bridge", "key": "F# minor"}}]


@pytest.mark.parametrize(("text", "context", "asks", "picked"), [
    ("speed it up a bit", SONG, "How much faster? It is at 100 bpm now.", [("set_song", {"tempo": 110.0})]),
    ("change the chords on the chorus", SONG, "New chords for the chorus in which style?",
     [("harmonize_section", {"section": "chorus", "style": "pop"})]),
    ("add a new section", SONG, "Which section should I add?", [("compose_section", {"section": "pre-chorus"})]),
    ("fix it", SONG, "Fix what?", [("refine_section", {"section": "chorus", "goal": "catchier"})]),
    ("transpose the verse", SONG, "How far should the verse move?", None),
    ("bars 9-12 of the bridge are rough, redo them", SONG, "The bridge has 4 bars: which of bars 1-4", None),
    ("rewrite some of the verse, not all of it", SONG, "Which bars of the verse", None),
    ("play it", SongContext(), "The song is empty", None),
    ("give me title ideas", SongContext(), "The song has no words yet", None),
])
def test_a_value_left_to_the_songwriter_is_asked_for(text: str, context: SongContext, asks: str, picked: list | None) -> None:
    """Nothing runs; the question names what is open, and "2" picks the second choice."""
    asked = plan(text, context)
    assert not asked.calls and asked.answer and asked.answer.startswith(asks) and "?" in asked.answer
    if picked is not None:
        answer = plan("2", SongContext(context.sections, context.tempo, context.focus, choices=asked.choices))
        assert [(c.name, c.args) for c in answer.calls] == picked


@pytest.mark.parametrize(("text", "context", "expected"), [
    ("make a verse and a chorus in E minor. verse wistful, chorus hopeful", SongContext(),
     [("compose_section", {"section": "verse", "mood": "wistful", "key": "E minor"}),
      ("compose_section", {"section": "chorus", "key": "E minor", "mood": "hopeful"})]),
    ("harmonize verse, chorus and bridge, pop style", SONG,
     [("harmonize_section", {"style": "pop", "section": name}) for name in ("verse", "chorus", "bridge")]),
    ("transpose the verse down 2 semitones, and the chorus down 2 as well", SONG,
     [("edit_section", {"section": name, "operation": "transpose", "semitones": -2}) for name in ("verse", "chorus")]),
    ("dupe the chorus and name the copy final chorus, then make it busier", SONG,
     [("copy_section", {"source": "chorus", "target": "final chorus"}),
      ("edit_section", {"section": "final chorus", "operation": "densify"})]),
    ("Could you give the chorus a little tag at the end, a 2 bar section called 'tag', hopeful vibe", SONG,
     [("compose_section", {"section": "tag", "bars": 2, "mood": "hopeful"})]),
    ("import ~/Desktop/riff.mid as the whole song and critique it", SONG,
     [("load_midi", {"path": "~/Desktop/riff.mid"}), ("critique", {"target": "song"})]),
    ("do the words \"hold me close / never let go\" fit the verse, and if so set them there", SONG,
     [("count_syllables", {"text": "hold me close\nnever let go", "section": "verse"}),
      ("set_lyrics", {"section": "verse", "text": "hold me close\nnever let go"})]),
    ("the chorus sits too low for me, same key tho. lift it and let me hear it", SONG,
     [("refine_section", {"section": "chorus", "goal": "higher register"}), ("play", {"section": "chorus"})]),
    ("Could you please raise the bridge by one whole tone? Thank you very much.", SONG,
     [("edit_section", {"section": "bridge", "operation": "transpose", "semitones": 2})]),
    ("double the tempo", SONG, [("set_song", {"tempo": 200.0})]),
    ("make it 10 bpm faster", SONG, [("set_song", {"tempo": 110.0})]), ("slow down by ten", SONG, [("set_song", {"tempo": 90.0})]),
    ("ugh I undid way too much, redo 3 of them", SONG, [("redo", {"steps": 3})]),
    ("make guitar tabs for the chorus", SONG, []),
    ("load ~/Music/Etude No. 4.mid as the whole song. then critique it", SONG,  # found trying the app: "4.mid"
     [("load_midi", {"path": "~/Music/Etude No. 4.mid"}), ("critique", {"target": "song"})]),
    ("the middle of the chorus, bars four to five, sounds like a scale exercise. rewrite them", SONG,
     [("regenerate_bars", {"section": "chorus", "start_bar": 4, "end_bar": 5})]),
    ("chorus ending is weak. fix that and export chorus_fix.mid", SONG,
     [("refine_section", {"section": "chorus", "goal": "stronger cadence"}), ("export_song", {"path": "chorus_fix.mid"})]),
    ("make a final chorus from the chorus and make that one busier and catchier", SONG,
     [("copy_section", {"source": "chorus", "target": "final chorus"}), ("edit_section", {"section": "final chorus", "operation": "densify"}),
      ("refine_section", {"section": "final chorus", "goal": "catchier"})]),
    ("range on the chorus is insane, my singer can't do an octave and a half. narrow it", SONG,
     [("refine_section", {"section": "chorus", "goal": "narrower range"})]),
    ("game cue work: make a 'combat loop' copy of the chorus, double time it, and export combat.mid", SONG,
     [("copy_section", {"source": "chorus", "target": "combat loop"}), ("edit_section", {"section": "combat loop", "operation": "diminish"}),
      ("export_song", {"path": "combat.mid"})]),
    ("import ~/a.mid into the verse and ~/b.mid into the chorus", SONG,
     [("load_midi", {"path": "~/a.mid", "section": "verse"}), ("load_midi", {"path": "~/b.mid", "section": "chorus"})]),
    ("find me 20 pieces in 3/4", SONG, [("find_references", {"k": 20, "meter": "3/4"})]),
    ("here are the words for the chorus: hold the door / i'm not alone. and what would u even call this song?", SONG,
     [("set_lyrics", {"section": "chorus", "text": "hold the door\ni'm not alone"}), ("suggest_titles", {})]),
    ("verse then chorus, both 8 bars, G major", SongContext(),
     [("compose_section", {"section": "verse", "bars": 8, "key": "G major"}), ("compose_section", {"section": "chorus", "bars": 8, "key": "G major"})]),
])
def test_values_said_once_for_several_calls_and_names_given_later(text: str, context: SongContext, expected: list) -> None:
    assert [(c.name, c.args) for c in plan(text, context).calls] == expected


def test_a_choice_is_picked_by_its_own_words() -> None:
    """"jazzy" answers the chord-style question and "110" the tempo one; a new request is not an answer."""
    for question_text, answer, expected in [("change the chords on the chorus", "jazzy", [("harmonize_section", {"section": "chorus", "style": "jazzy"})]),
                                            ("speed it up a bit", "110", [("set_song", {"tempo": 110.0})]),
                                            ("add a new section", "the outro", [("compose_section", {"section": "outro"})]),
                                            ("add a new section", "make the chorus busier", [("edit_section", {"section": "chorus", "operation": "densify"})])]:
        asked = plan(question_text, SONG)
        got = plan(answer, SongContext(SONG.sections, SONG.tempo, SONG.focus, choices=asked.choices))
        assert [(c.name, c.args) for c in got.calls] == expected


def test_the_answer_to_a_question_about_a_section_is_about_that_section() -> None:
    """Found trying the app: "transpose the verse" asked how far, and "up a fourth" moved the
    outro (the section last worked on); "rewrite some of the verse" / "bars 3-6" asked again."""
    from agent.planner.offline import OfflinePlanner

    planner = OfflinePlanner(lambda: SongContext((("verse", 8), ("chorus", 8), ("outro", 8)), 100.0, "outro"))
    assert not planner.plan_for("transpose the verse").calls
    assert [(c.name, c.args) for c in planner.plan_for("up a fourth").calls] == [
        ("edit_section", {"section": "verse", "operation": "transpose", "semitones": 5})]
    assert not planner.plan_for("rewrite some of the verse").calls
    assert [(c.name, c.args) for c in planner.plan_for("bars 3-6").calls] == [
        ("regenerate_bars", {"section": "verse", "start_bar": 3, "end_bar": 6})]


def test_found_by_a_new_songwriter_in_the_app() -> None:
    """A helper tried the app: a question about chords rewrote them; "1" after the titles list
    undid lyrics; "undo" beside a complaint was lost; words for verse 2 got a new tune."""
    for question_text in ("what chords are in the final chorus", "show me the chord chart for the song"):
        asked = plan(question_text, SONG)
        assert not asked.calls and "Nothing was changed" in (asked.answer or "")
    assert [c.name for c in plan("what chords would work under the verse?", SONG).calls] == ["harmonize_section"]
    assert not plan("1", SONG).calls and not plan("the first one", SONG).calls
    assert [c.name for c in plan("no thats every chorus now, i only wanted the final one. undo", SONG).calls] == ["undo"]
    assert [(c.name, c.args) for c in plan("second verse words: the radio is playing low / and you're not here", SONG).calls] == [
        ("copy_section", {"source": "verse", "target": "verse 2"}),
        ("set_lyrics", {"section": "verse 2", "text": "the radio is playing low\nand you're not here"})]
    assert [(c.name, c.args) for c in plan("chorus lyrics - Come home / come home tonight", SONG).calls] == [
        ("set_lyrics", {"section": "chorus", "text": "Come home\ncome home tonight"})]
    assert plan("write me a verse, something sad in A minor, kinda slow", SongContext()).calls[0].args["tempo"] == 72.0


@pytest.mark.parametrize(("words", "expected"), [
    ("write me a pop song", {"style": "pop"}),
    ("make a whole song in A minor at 92 bpm", {"key": "A minor", "tempo": 92.0}),
    ("gimme a full song with a bridge", {"bridge": True}),
    ("write a song called Harbor Lights", {"title": "Harbor Lights"}),
])
def test_a_whole_song_is_one_draft(words: str, expected: dict) -> None:
    result = plan(words, SongContext())
    assert [(c.name, c.args) for c in result.calls] == [("write_song", expected)]


@pytest.mark.parametrize(("words", "context", "expected"), [
    ("write a melody over Am F C G", SongContext(), {"section": "verse", "key": "A minor", "chords": "Am F C G"}),
    ("gimme a pop chorus over C G Am F, 8 bars", SongContext(),
     {"section": "chorus", "bars": 8, "key": "C major", "style": "pop", "chords": "C G Am F"}),
    ("a verse 2 over Dm Bb F C", SONG, {"section": "verse 2", "chords": "Dm Bb F C"}),
])
def test_a_melody_over_given_chords_is_composed_over_them(words: str, context: SongContext, expected: dict) -> None:
    assert [(c.name, c.args) for c in plan(words, context).calls] == [("compose_section", expected)]


def test_chords_named_for_a_melody_that_is_there_get_an_honest_line() -> None:
    result = plan("put Am F C G under the chorus", SONG)
    assert result.calls == () and "can't set chords you name" in result.answer and "harmonize" in result.answer
    assert [c.name for c in plan("make the song end on the tonic", SONG).calls] == ["refine_section"]


@pytest.mark.parametrize(("words", "expected"), [
    ("pull up 4 lullabies from the library", [("find_references", {"query": "lullabies", "k": 4})]),
    ("got anything that sounds like a polka?", [("find_references", {"query": "polka"})]),
    ("list 3 pieces in 6/8", [("find_references", {"k": 3, "meter": "6/8"})]),
    ("rhymes for night but not 'light'", [("find_rhymes", {"word": "night"})]),
    ("count these syllables\nshe left the porch light on", [("count_syllables", {"text": "she left the porch light on"})]),
    ("give me 6 title options", [("suggest_titles", {"count": 6})]),
    ("critique the verse, then fix its cadence",
     [("critique", {"target": "verse"}), ("refine_section", {"section": "verse", "goal": "stronger cadence"})]),
    ("critique the bridge, then make it easier to sing",
     [("critique", {"target": "bridge"}), ("refine_section", {"section": "bridge", "goal": "more singable"})]),
])
def test_what_to_search_count_and_check_is_read_from_the_words(words: str, expected: list[tuple[str, dict]]) -> None:
    assert [(c.name, c.args) for c in plan(words, SONG).calls] == expected


def test_a_mood_said_on_its_own_belongs_to_the_section_just_asked_for() -> None:
    result = plan("write a bridge in G. keep it mellow", SongContext())
    assert [(c.name, c.args) for c in result.calls] == [("compose_section", {"section": "bridge", "key": "G major", "mood": "mellow"})]


def test_some_bars_without_saying_which_is_asked_never_rewritten() -> None:
    result = plan("change a couple of bars in the verse", SONG)
    assert result.calls == () and result.answer.startswith("Which bars of the verse?")


def test_pop_songs_asked_for_from_the_library_are_searched_never_drafted() -> None:
    assert [(c.name, c.args) for c in plan("find me a slow pop ballad around 70 bpm for inspiration", SONG).calls] == [
        ("find_references", {"query": "slow pop ballad around 70 bpm"})]
    assert [(c.name, c.args) for c in plan("load pop909/626 as inspo", SONG).calls] == [
        ("load_reference", {"id": "pop909/626", "section": "inspo"})]


def test_more_like_a_pop_chorus_asks_between_new_notes_and_the_norms() -> None:
    result = plan("make it more like a pop chorus", SONG)
    assert result.calls == () and "1 · write a new pop melody for the chorus" in result.answer and "pop norms" in result.answer
    assert [(c.name, c.args) for c in result.choices[0].calls] == [("compose_section", {"section": "chorus", "style": "pop"})]
    assert [(c.name, c.args) for c in result.choices[1].calls] == [("set_song", {"style": "pop"})]
