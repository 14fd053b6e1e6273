"""Setting words through every door: the tool registry (a committed version that says how the
words fit), the CLI, the slash command, and the planner reading "here are my lyrics ...: ..."."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from memory.sessions import SessionStore
from song.model import MELISMA, Section, Song, notes_from
from tests.integration.test_cli import assert_one_line_error, cocomposer
from tools.registry import Workspace, call_tool
from ui.slash import parse_slash

WORDS = "Tomorrow I'll be leaving town\nthe letters on the table say goodbye"


def _workspace(path: Path) -> Workspace:
    melody = notes_from([(60 + (i % 5), i, 1) for i in range(16)])
    session = SessionStore(path).open("words", create=True)
    session.commit(Song("Words", "C major", "4/4", 96, (Section("verse", 4, melody), Section("chorus", 2, melody[:8]))), "start")
    return Workspace(session)


def test_set_lyrics_commits_a_version_that_says_how_the_words_fit(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path / "s.sqlite3")
    before = workspace.song
    result = call_tool(workspace, "set_lyrics", {"section": "verse", "text": WORDS})
    assert result.ok and "words set (2 lines)" in result.text and "stressed syllables on strong beats" in result.text
    verse = workspace.song.section("verse")
    assert verse.lyrics == WORDS
    assert [n.lyric for n in verse.notes if n.lyric not in (None, MELISMA)][:4] == ["To-", "mor-", "row", "I'll"]
    assert workspace.song.section("chorus") == before.section("chorus"), "only the section asked for changes"
    failed = call_tool(workspace, "set_lyrics", {"section": "bridge", "text": WORDS})
    assert not failed.ok and "bridge" in failed.text and workspace.song.section("verse") == verse


def test_the_cli_and_the_slash_command_set_words(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path / "cocomposer-home" / "sessions.sqlite3")
    workspace.session.store.close()  # the CLI opens the database itself
    words = tmp_path / "words.txt"
    words.write_text(WORDS, encoding="utf-8")
    result = cocomposer("lyrics", "verse", "--file", str(words), "--session", "words")
    assert result.returncode == 0, result.stderr
    assert "words set (2 lines)" in result.stdout
    assert_one_line_error(cocomposer("lyrics", "verse", "--session", "words"), 2, "give the words")
    assert_one_line_error(cocomposer("lyrics", "verse", "--file", str(tmp_path / "missing.txt"), "--session", "words"), 2,
                          "cannot read the words")
    call = parse_slash("/lyrics chorus: hold on, don't let go / to the light")
    assert (call.name, call.args) == ("set_lyrics", {"section": "chorus", "text": "hold on, don't let go\nto the light"})
    call = parse_slash("/melody verse 2: hold on / to the light")
    assert (call.name, call.args) == ("compose_section", {"section": "verse 2", "lyrics": "hold on\nto the light"})
    written = cocomposer("lyrics", "bridge", "--file", str(words), "--new-melody", "--session", "words")
    assert written.returncode == 0, written.stderr
    assert "bridge: new" in written.stdout and "written for the words: 2 lines" in written.stdout


def test_the_planner_hands_the_words_over_untouched() -> None:
    from agent.planner.plan import SongContext, plan

    song = SongContext((("verse", 8), ("chorus", 8)), 100.0, "verse")
    planned = plan("here are my lyrics for the chorus: the night is young and then play the radio / hold on, hold on. then play it", song)
    assert [c.as_dict() for c in planned.calls] == [
        {"name": "set_lyrics", "args": {"section": "chorus", "text": "the night is young and then play the radio\nhold on, hold on"}},
        {"name": "play", "args": {"section": "chorus"}}], "words end where '. then <request>' begins; 'and then' inside them stays"
    assert not plan("write lyrics for the chorus", song).calls, "writing words is not something a tool does yet"


def test_words_survive_a_melody_change(tmp_path: Path) -> None:
    """Rewriting bars with the model leaves the words short of their notes: they are set again
    on the new notes, and the version says so; an edit that keeps the notes keeps the syllables."""
    from song.words import syllabify

    workspace = _workspace(tmp_path / "s.sqlite3")
    call_tool(workspace, "set_lyrics", {"section": "verse", "text": WORDS})
    transposed = call_tool(workspace, "edit_section", {"section": "verse", "operation": "transpose", "semitones": 2})
    assert transposed.ok and "words set again" not in transposed.text
    rewritten = call_tool(workspace, "regenerate_bars", {"section": "verse", "start_bar": 3, "end_bar": 4})
    assert rewritten.ok, rewritten.text
    verse = workspace.song.section("verse")
    sung = [n.lyric for n in verse.notes if n.lyric not in (None, MELISMA)]
    assert sung == [s.lyric for s in syllabify(WORDS).syllables] and verse.lyrics == WORDS
    assert "verse: words set again on the new notes" in rewritten.text


def test_the_critique_hears_the_words_and_its_fix_helps(tmp_path: Path) -> None:
    """'to-MOR-row' with MOR off the beat, 'the' held on a downbeat, a word broken by a rest,
    a syllable the melody does not sing: each is a finding with set_lyrics as its fix, and
    applying it leaves no stress off the beat."""
    from song.model import Note
    from tools.critique import critique_song

    notes = (Note(60, 0, 1, lyric="to-"), Note(62, 1.5, 0.5, lyric="mor-"), Note(64, 2, 2, lyric="row"),
             Note(65, 4, 2, lyric="the"), Note(67, 6, 1, lyric="let-"), Note(65, 8, 1, lyric="ters"))
    song = Song("A", "C major", "4/4", 100, (Section("verse", 3, notes, lyrics="tomorrow the letters now"),))
    messages = [f.message for f in critique_song(song).findings if f.suggestion and f.suggestion.name == "set_lyrics"]
    assert any("'tomorrow': its stressed syllable falls off the beat" in m for m in messages)
    assert any("'the' is held 2 beats on the downbeat" in m for m in messages)
    assert any("'letters' is broken by a rest" in m for m in messages)
    assert any("7 syllables but the melody sings 6" in m for m in messages)
    session = SessionStore(tmp_path / "p.sqlite3").open("p", create=True)
    session.commit(song, "start")
    workspace = Workspace(session)
    fix = next(f.suggestion for f in critique_song(song).findings if f.suggestion and f.suggestion.name == "set_lyrics")
    assert call_tool(workspace, fix.name, fix.args).ok
    after = [f.message for f in critique_song(workspace.song).findings]
    assert not any("falls off the beat" in m for m in after) and not any("not sung" in m for m in after)


def test_a_melody_written_for_the_words_sings_them_with_stresses_on_strong_beats(tmp_path: Path) -> None:
    """compose_section with lyrics: the real model writes a note per syllable (a line's last
    syllable perhaps held over more notes), every stressed syllable on a strong beat, the words
    kept as written; a later edit keeps them, and words that cannot fit the bars asked for get
    one line and change nothing."""
    from song.lyric_setting import stresses_on_strong
    from song.words import syllabify

    words = "Tomorrow I'll be leaving town\nthe letters on the table say goodbye\nand Jenny, don't you cry"
    workspace = _workspace(tmp_path / "s.sqlite3")
    chorus = workspace.song.section("chorus")
    result = call_tool(workspace, "compose_section", {"section": "verse", "lyrics": words, "seed": 5})
    assert result.ok, result.text
    verse = workspace.song.section("verse")
    assert verse.lyrics == words and workspace.song.section("chorus") == chorus
    sung = [n.lyric for n in verse.notes if n.lyric not in (None, MELISMA)]
    assert sung == [s.lyric for s in syllabify(words).syllables]
    assert all(n.lyric is not None for n in verse.notes) and verse.notes[0].lyric != MELISMA
    on_strong, stressed = stresses_on_strong(verse, workspace.song.meter)
    assert stressed >= 8 and on_strong == stressed
    assert f"{on_strong} of {stressed} stressed syllables on strong beats" in result.text and "written for the words: 3 lines" in result.text
    assert verse.bars == 6, "about two bars of 4/4 a line"
    moved = call_tool(workspace, "edit_section", {"section": "verse", "operation": "transpose", "semitones": -2})
    assert moved.ok and [n.lyric for n in workspace.song.section("verse").notes] == [n.lyric for n in verse.notes]
    before = workspace.song
    squeezed = call_tool(workspace, "compose_section", {"section": "verse", "lyrics": words, "bars": 2})
    assert not squeezed.ok and "these words need at least" in squeezed.text and "\n" not in squeezed.text
    assert workspace.song == before


def test_a_line_that_ends_mid_phrase_is_a_finding_and_the_words_written_for_a_melody_have_none() -> None:
    """Eighth notes straight through two lines: line 1 ends on a short note with line 2 sung
    right after it. A melody written for the words holds each line's end."""
    from song.model import Note
    from tools.compose import compose_section
    from tools.critique import critique_song

    lyrics = ["hold", "on", "to", "the", "light", "we", "were", "young", "and", "free"]
    notes = tuple(Note(60 + i % 3, Fraction(i, 2), Fraction(1, 2), lyric=word) for i, word in enumerate(lyrics))
    song = Song("A", "C major", "4/4", 100, (Section("verse", 2, notes, lyrics="hold on to the light\nwe were young and free"),))
    messages = [f.message for f in critique_song(song).findings]
    assert any("line 1 ('...hold on to the light') ends mid-phrase" in m for m in messages), messages
    written = compose_section(Song("A", "C major", "4/4", 100, ()), "verse", lyrics=song.sections[0].lyrics, seed=2).song
    assert not any("mid-phrase" in f.message for f in critique_song(written).findings)


def test_the_planner_writes_a_melody_for_words_it_is_given() -> None:
    """'write a melody for these words: ...' composes for them; words for a section that does
    not exist yet get a melody written for them, except a second verse or chorus, which sings
    the first one's tune (a songwriter trying the app expected that); words for a section
    with a melody are fitted."""
    from agent.planner.plan import SongContext, plan

    song = SongContext((("verse", 8), ("chorus", 8)), 100.0, "chorus")
    empty = plan("write a melody for these words: I walked the boulevard alone / your number glowing on my phone", SongContext())
    assert [c.as_dict() for c in empty.calls] == [{"name": "compose_section", "args": {
        "section": "verse", "lyrics": "I walked the boulevard alone\nyour number glowing on my phone"}}]
    new = plan("here are my words for the bridge: we were young / we were free", song)
    assert [c.as_dict() for c in new.calls] == [{"name": "compose_section", "args": {"section": "bridge", "lyrics": "we were young\nwe were free"}}]
    second = plan("here are my words for verse 2: we were young / we were free", song)
    assert [c.as_dict() for c in second.calls] == [{"name": "copy_section", "args": {"source": "verse", "target": "verse 2"}},
                                                   {"name": "set_lyrics", "args": {"section": "verse 2", "text": "we were young\nwe were free"}}]
    fitted = plan("here are the words for the chorus: hold on / to the light", song)
    assert [c.name for c in fitted.calls] == ["set_lyrics"]
    started = plan("I'm writing a song in A minor at 92 bpm. here are my words for the verse: we were young / we were free",
                   SongContext())
    assert [c.as_dict() for c in started.calls] == [{"name": "compose_section", "args": {
        "section": "verse", "key": "A minor", "tempo": 92.0, "lyrics": "we were young\nwe were free"}}], "one melody, for the words"
    asked = plan("compose a chorus for these lyrics: hold on hold on / to the light", song)
    assert not asked.calls and asked.choices, "the chorus has notes: which one is the songwriter's call"
