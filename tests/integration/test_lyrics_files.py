"""Words in the song: the JSON contract, sessions written before words existed, and the files
(MIDI lyric events, karaoke .kar text events, MusicXML <lyric>) keeping every syllable."""

from __future__ import annotations

import dataclasses
import re
import shutil
import sqlite3
from pathlib import Path

from song.json_io import song_from_json, song_to_json
from song.midi_export import song_to_midi_bytes
from song.midi_import import load_midi
from song.model import Note, Section, Song
from song.musicxml import song_to_musicxml_bytes

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "sessions" / "written_by_v1.sqlite3"


def _sung_song() -> Song:
    """A verse with a word over two notes, a held syllable, a note without words and a line
    break; a chorus in another script; played verse chorus verse."""
    verse = Section("verse", 2, (
        Note(60, 0, 1, lyric="Hel-"), Note(62, 1, 1, lyric="lo"), Note(64, 2, 1, lyric="_"), Note(65, 3, 1),
        Note(67, 4, 2, lyric="wör-"), Note(65, 6, 1, lyric="ld,"), Note(64, 7, 1, lyric="friend")), lyrics="Hello\nwörld, friend")
    chorus = Section("chorus", 1, (Note(72, 0, 2, lyric="星"), Note(71, 2, 2, lyric="星")), lyrics="星星")
    return Song("Words", "C major", "4/4", 96, (verse, chorus), ("verse", "chorus", "verse"))


def test_words_in_the_json_contract() -> None:
    song = _sung_song()
    text = song_to_json(song)
    assert '"lyric": "Hel-"' in text and '"lyrics": "Hello\\nwörld, friend"' in text
    assert song_from_json(text) == song
    bare = Song("Plain", "C major", "4/4", 96, (Section("verse", 1, (Note(60, 0, 4),)),))
    assert "lyric" not in song_to_json(bare), "a song without words keeps the JSON stored before words existed"


def test_sessions_written_before_words_open_and_take_words(tmp_path: Path) -> None:
    """A sessions database written by the release before words (tests/data/sessions/): every
    version reads back, re-serialises to exactly what is stored, and the session takes a
    version with words without touching the old ones."""
    from memory.sessions import SessionStore

    path = tmp_path / "sessions.sqlite3"
    shutil.copy(FIXTURE, path)
    stored = {n: j for n, j in sqlite3.connect(path).execute("SELECT number, song_json FROM versions")}
    with SessionStore(path) as store:
        session = store.open("demo")
        assert len(session.history()) == len(stored) >= 4
        for number, text in stored.items():
            assert song_to_json(session.song_at(number)) == text
        verse = session.song.section("verse")
        first = dataclasses.replace(verse.notes[0], lyric="la")
        worded = verse.replace(notes=(first,) + verse.notes[1:], lyrics="la")
        session.commit(session.song.replace(sections=tuple(worded if s.name == "verse" else s for s in session.song.sections)),
                       "verse: words")
    with SessionStore(path) as store:
        session = store.open("demo")
        assert session.song.section("verse").notes[0].lyric == "la"
        assert all(song_to_json(session.song_at(n)) == text for n, text in stored.items())


def test_every_syllable_survives_midi(tmp_path: Path) -> None:
    import mido

    song = _sung_song()
    path = tmp_path / "words.mid"
    path.write_bytes(song_to_midi_bytes(song))
    assert load_midi(path).song == song
    lyric_events = [m.text for track in mido.MidiFile(path).tracks for m in track if m.type == "lyrics"]
    assert len(lyric_events) == 2 * 6 + 2, "one lyric event per sung note, each time the section plays"


def test_karaoke_files_read_their_words(tmp_path: Path) -> None:
    """A Soft Karaoke file: syllables in text events of a 'Words' track, a space starting a
    word, '/' a line, '@' lines for credits."""
    import mido

    midi = mido.MidiFile(ticks_per_beat=480)
    words, melody = mido.MidiTrack(), mido.MidiTrack()
    midi.tracks += [words, melody]
    words.append(mido.MetaMessage("track_name", name="Words"))
    words.append(mido.MetaMessage("text", text="@KMIDI KARAOKE FILE"))
    syllables = ["\\Twin", "kle", " twin", "kle", " lit", "tle", " star", "/How", " I", " won", "der"]
    pitches = [60, 60, 67, 67, 69, 69, 67, 65, 65, 64, 64]
    melody.append(mido.MetaMessage("track_name", name="Melody"))
    for index, (syllable, pitch) in enumerate(zip(syllables, pitches)):
        words.append(mido.MetaMessage("text", text=syllable, time=0 if index == 0 else 480))
        melody.append(mido.Message("note_on", note=pitch, velocity=80, time=0))
        melody.append(mido.Message("note_off", note=pitch, velocity=0, time=480))
    path = tmp_path / "twinkle.kar"
    midi.save(path)
    song = load_midi(path).song
    sung = [n.lyric for s, _ in song.in_form_order() for n in s.notes]
    assert sung == ["Twin-", "kle", "twin-", "kle", "lit-", "tle", "star", "How", "I", "won-", "der"]
    assert "\n".join(s.lyrics for s in song.sections if s.lyrics) == "Twinkle twinkle little star\nHow I wonder"


def test_every_syllable_survives_musicxml() -> None:
    """music21 (and MuseScore) read back each syllable with its syllabic, and the held one
    carries an extend line."""
    from music21 import converter

    song = _sung_song()
    document = song_to_musicxml_bytes(song)
    score = converter.parse(document, format="musicxml")
    read = []
    for n in score.recurse().notes:
        if n.tie is not None and n.tie.type != "start":
            continue
        read.append(n.lyrics[0].text + ("-" if n.lyrics[0].syllabic in ("begin", "middle") else "") if n.lyrics else None)
    assert read == [None if n.lyric == "_" else n.lyric for s, _ in song.in_form_order() for n in s.notes]
    lyrics = re.findall(rb"<lyric\b.*?</lyric>", document, re.DOTALL)
    assert sum(b"<extend" in one for one in lyrics) == 2, "'lo' is held, each time the verse plays"
