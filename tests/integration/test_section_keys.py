"""A section in a key of its own (a modulation) survives the files a song is written to:
MIDI (a key signature and an exact key text where the key changes, read back by our
importer) and MusicXML (a key signature change, read back by music21)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from song.edits import edit_section
from song.keys import Key
from song.midi_export import export_midi, song_to_midi_bytes
from song.midi_import import load_midi
from song.model import Chord, Section, Song, notes_from
from song.musicxml import export_musicxml
from tests.strategies import KEYS, songs


def _modulating_song() -> Song:
    """E dorian verse, a chorus a minor third up (G dorian), played verse chorus chorus verse."""
    verse = Section("verse", 2, notes_from([(64, 0, 1.5), (66, 1.5, 1.5), (67, 3, 1.5), (69, 4.5, 1.5)]), (Chord("Em", 0, 6),))
    chorus = Section("chorus", 1, notes_from([(76, 0, 1.5), (74, 1.5, 1.5)]), (Chord("D", 0, 3),))
    song = Song("Harbour Lights", "E dorian", "6/8", 96, (verse, chorus), ("verse", "chorus", "chorus", "verse"))
    modulated, _ = edit_section(song, "chorus", "transpose", semitones=3)
    assert modulated.section("chorus").key == Key("G", "dorian")
    return modulated


def test_a_modulation_survives_midi(tmp_path: Path) -> None:
    import mido

    song = _modulating_song()
    path = export_midi(song, tmp_path / "song.mid")
    again = load_midi(path).song
    assert again == song
    conductor = mido.MidiFile(path).tracks[0]
    tick, signatures, markers = 0, [], []
    for message in conductor:
        tick += message.time
        if message.type == "key_signature":
            signatures.append((tick, message.key))
        elif message.type == "marker":
            markers.append(tick)
    bar = 3 * 480  # a 6/8 bar in ticks
    assert markers == [0, 2 * bar, 3 * bar, 4 * bar]
    assert signatures == [(0, "D"), (2 * bar, "F"), (4 * bar, "D")], "at the section markers, only where the key changes"


def test_a_file_without_key_changes_reads_as_before(tmp_path: Path, blue_sky: Path) -> None:
    """A file we wrote before sections had keys (one signature at the top, for a mode the
    signature cannot name) gives sections in the song's key."""
    song = Song("old", "E dorian", "4/4", 100, (Section("a", 1, notes_from([(64, 0, 4)])), Section("b", 1, notes_from([(66, 0, 4)]))))
    path = tmp_path / "old.mid"
    path.write_bytes(song_to_midi_bytes(song))
    assert load_midi(path).song == song
    imported = load_midi(blue_sky).song  # someone else's file: its signatures say nothing per section
    assert all(section.key is None for section in imported.sections)


@given(songs(), st.lists(st.one_of(st.none(), st.sampled_from(KEYS)), min_size=3, max_size=3))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_section_keys_survive_midi(tmp_path: Path, song: Song, keys: list[str | None]) -> None:
    assume(song.note_count > 0 and set(song.form) == set(song.section_names))
    keyed = song.replace(sections=tuple(s.replace(key=k) for s, k in zip(song.sections, keys)))
    path = tmp_path / "keyed.mid"
    path.write_bytes(song_to_midi_bytes(keyed))
    again = load_midi(path).song
    expected = {s.name: None if s.key == keyed.key else s.key for s in keyed.sections}  # the song's key: none of its own
    assert {s.name: s.key for s in again.sections} == expected
    assert [(s.name, s.notes, s.chords, s.bars) for s, _ in again.in_form_order()] == [
        (s.name, s.notes, s.chords, s.bars) for s, _ in keyed.in_form_order()]


def test_a_modulation_is_a_key_change_in_musicxml(tmp_path: Path) -> None:
    import music21

    song = _modulating_song()
    path = export_musicxml(song, tmp_path / "song.musicxml")
    score = music21.converter.parse(path)
    changes = [(float(k.getOffsetInHierarchy(score)), k.sharps) for k in score.recurse().getElementsByClass("KeySignature")]
    bar = 3.0  # a 6/8 bar in quarter notes
    assert changes == [(0.0, 2), (2 * bar, -1), (4 * bar, 2)]  # D major's signature, F major's, D major's again
