"""Help with words, offline: rhymes from the pronouncing dictionary (common words only), syllable
counts with stress patterns, titles from the song's own words, through the tool registry."""

from __future__ import annotations

from pathlib import Path

import pytest

from memory.sessions import SessionStore
from song.errors import BadInput
from song.model import Section, Song
from tools.registry import Workspace, call_tool
from tools.wordcraft import find_rhymes, suggest_titles, syllable_lines


def test_rhymes_are_common_words_that_rhyme() -> None:
    fire = find_rhymes("Fire?")
    assert {"wire", "tire", "desire"} & set(fire.perfect) and "koeppen" not in fire.perfect
    assert "borrow" in find_rhymes("tomorrow").perfect, "rhymes from the main stress on: to-MOR-row with BOR-row"
    drawer = find_rhymes("drawer")
    assert {"door", "floor", "more"} <= set(drawer.perfect) and not {"mor", "orr", "por"} & set(drawer.perfect), \
        "rare words and fragments of the vocabulary are left out when common rhymes exist"
    assert drawer.perfect.index("more") < drawer.perfect.index("floor"), "common words first"
    heart = find_rhymes("heart")
    assert "part" in heart.perfect and all(w not in heart.near for w in heart.perfect)
    with pytest.raises(BadInput, match="not in the pronouncing dictionary"):
        find_rhymes("zxqvbn")
    with pytest.raises(BadInput, match="one word"):
        find_rhymes("two words")


def test_syllable_counts_and_stress_patterns() -> None:
    lines = syllable_lines("hold on to the light\nTomorrow we will be gone").splitlines()
    assert lines[0].split()[:2] == ["5", "DUM-da-da-da-DUM"]
    assert lines[1].split()[:2] == ["7", "da-DUM-da-da-da-da-DUM"]


def test_titles_come_from_the_words_with_reasons() -> None:
    song = Song("A", "C major", "4/4", 100, (
        Section("verse", 1, lyrics="we were young and the night was long\nhold on, hold on to the light"),
        Section("chorus", 1, lyrics="hold on to the light\ndon't let go, don't let go")), ("verse", "chorus", "verse", "chorus"))
    titles = suggest_titles(song)
    assert titles[0].title == "Hold On To The Light" and "sung 4 times" in titles[0].why
    assert "Don't Let Go" in [t.title for t in titles]
    with pytest.raises(BadInput, match="no words yet"):
        suggest_titles(Song("B", "C major", "4/4", 100, (Section("verse", 1),)))


def test_the_word_tools_change_nothing(tmp_path: Path) -> None:
    session = SessionStore(tmp_path / "w.sqlite3").open("w", create=True)
    session.commit(Song("A", "C major", "4/4", 100, (Section("chorus", 1, lyrics="hold on to the light\nhold on to the light"),)), "start")
    workspace = Workspace(session)
    for name, args in (("find_rhymes", {"word": "light"}), ("count_syllables", {"section": "chorus"}), ("suggest_titles", {})):
        result = call_tool(workspace, name, args)
        assert result.ok, result.text
    assert session.current_number == 2
    assert not call_tool(workspace, "count_syllables", {}).ok


def test_words_are_checked_against_a_melody_before_they_are_set(tmp_path: Path) -> None:
    """count_syllables with words and a section: how they would fit its melody (what an LLM
    checks its own lines with before set_lyrics), nothing changed."""
    from song.model import notes_from

    twinkle = notes_from([(p, t, d) for p, t, d in zip([60, 60, 67, 67, 69, 69, 67], [0, 1, 2, 3, 4, 5, 6], [1, 1, 1, 1, 1, 1, 2])])
    session = SessionStore(tmp_path / "w.sqlite3").open("w", create=True)
    session.commit(Song("A", "C major", "4/4", 100, (Section("verse", 2, twinkle), Section("bridge", 2))), "start")
    workspace = Workspace(session)
    good = call_tool(workspace, "count_syllables", {"text": "twinkle twinkle little star", "section": "verse"})
    assert good.ok and "against the verse's melody (7 notes), they fit" in good.text and good.data["fits"]
    crowded = call_tool(workspace, "count_syllables", {"text": "unbelievable electricity tonight", "section": "verse"})
    assert crowded.ok and "too many syllables for its notes" in crowded.text and "split in two" in crowded.text
    sparse = call_tool(workspace, "count_syllables", {"text": "hold on", "section": "verse"})
    assert sparse.ok and "they do not fit well: too few syllables for its notes" in sparse.text
    empty = call_tool(workspace, "count_syllables", {"text": "hold on", "section": "bridge"})
    assert empty.ok and "no melody yet" in empty.text
    assert session.current_number == 2 and workspace.song.section("verse").notes == twinkle, "nothing committed"
