"""A whole song in one call, and melodies over given chords, through the tool registry with the
real melody model."""

from __future__ import annotations

from pathlib import Path

from memory.sessions import SessionStore
from song.model import Section, Song, notes_from
from tools.registry import Workspace, call_tool
from tools.pop_forms import learned


def _workspace(path: Path, song: Song | None = None) -> Workspace:
    session = SessionStore(path).open("draft", create=True)
    if song is not None:
        session.commit(song, "start")
    return Workspace(session)


def test_write_me_a_pop_song_gives_a_whole_draft_in_a_real_form(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path / "s.sqlite3")
    result = call_tool(workspace, "write_song", {"key": "A minor", "tempo": 92, "seed": 4})
    assert result.ok, result.text
    song = workspace.song
    assert str(song.key) == "A minor" and song.tempo == 92 and song.style == "pop", "a pop draft is held to pop norms"
    roles = [{"pre-chorus": "prechorus"}.get(name.split(" ")[0], name.split(" ")[0]) for name in song.form]
    assert roles in [f["roles"] for f in learned()["forms"]], "the order is one a real pop song has"
    assert song.form.count("chorus") >= 2, "every chorus is the same chorus"
    for section in song.sections:
        assert section.notes and section.chords, f"{section.name} has a melody and chords"
    verse, second = song.section("verse"), song.section("verse 2")
    assert [(n.start, n.duration) for n in second.notes] == [(n.start, n.duration) for n in verse.notes], "same tune's rhythm"
    assert [n.pitch for n in second.notes] != [n.pitch for n in verse.notes], "with new details"
    assert "song draft" in result.text and result.version == workspace.session.current_number


def test_a_draft_around_an_existing_verse_keeps_it_exactly(tmp_path: Path) -> None:
    verse = Section("verse", 4, notes_from([(60 + (i % 5), i, 1) for i in range(16)]))
    workspace = _workspace(tmp_path / "s.sqlite3", Song("Mine", "C major", "4/4", 100, (verse,)))
    result = call_tool(workspace, "write_song", {"seed": 1})
    assert result.ok and "kept verse as it was" in result.text
    assert workspace.song.section("verse") == verse and workspace.song.title == "Mine"
    assert len(workspace.song.sections) > 1


def test_a_melody_over_given_chords_keeps_them_and_a_rewrite_keeps_them_too(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path / "s.sqlite3")
    result = call_tool(workspace, "compose_section", {"section": "verse", "key": "A minor", "bars": 8, "chords": "Am F C G", "seed": 2})
    assert result.ok and "over the chords Am F C G" in result.text
    verse = workspace.song.section("verse")
    assert [c.symbol for c in verse.chords] == ["Am", "F", "C", "G"] * 2 and verse.notes
    again = call_tool(workspace, "compose_section", {"section": "verse", "seed": 3})
    assert again.ok and workspace.song.section("verse").chords == verse.chords, "a new melody keeps the section's chords"
    bad = call_tool(workspace, "compose_section", {"section": "chorus", "chords": "Am Qx"})
    assert not bad.ok and "\n" not in bad.text and workspace.song.section("verse").chords == verse.chords
