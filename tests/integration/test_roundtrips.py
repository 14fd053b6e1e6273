"""Round trips through files: MIDI export -> import, and MusicXML read back by music21."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings

from song.midi_export import export_midi, song_to_midi_bytes
from song.midi_import import load_midi
from song.model import Chord, Section, Song, notes_from
from song.musicxml import export_musicxml
from tests.strategies import songs


@given(songs())
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_song_survives_midi(tmp_path: Path, song: Song) -> None:
    # A MIDI file holds what plays: every section must be in the form, and some note must sound.
    assume(song.note_count > 0 and set(song.form) == set(song.section_names))
    path = tmp_path / "song.mid"
    path.write_bytes(song_to_midi_bytes(song))
    again = load_midi(path).song
    assert again.title == song.title and again.key == song.key and again.meter == song.meter
    assert again.tempo == song.tempo
    assert [(s.name, s.notes, s.chords, s.bars, s.lyrics) for s, _ in again.in_form_order()] == [
        (s.name, s.notes, s.chords, s.bars, s.lyrics) for s, _ in song.in_form_order()
    ], "notes (with their syllables), chords and words"


def _song_with_chords() -> Song:
    verse = Section(
        "verse", 2,
        notes_from([(64, 0, 1.5), (66, 1.5, 0.5), (67, 2, 1), (69, 3, 1 / 3), (71, 10 / 3, 2 / 3), (72, 4, 2)]),
        (Chord("Em", 0, 3), Chord("D/F#", 3, 3)),
    )
    chorus = Section("chorus", 1, notes_from([(76, 0.5, 1), (74, 1.5, 1.5)]), (Chord("Bbmaj7", 0, 3),))
    return Song("Harbour Lights", "E dorian", "6/8", 96, (verse, chorus), ("verse", "chorus", "verse"))


@pytest.mark.parametrize("source", ["handmade", "Mr. Blue Sky"])
def test_musicxml_parses_in_music21_with_the_same_notes(source: str, tmp_path: Path, blue_sky: Path) -> None:
    import music21

    song = _song_with_chords() if source == "handmade" else load_midi(blue_sky).song
    path = tmp_path / "song.musicxml"
    export_musicxml(song, path)
    score = music21.converter.parse(path)
    melody = score.recurse().getElementsByClass(music21.note.Note)
    heard = [n.pitch.midi for n in melody if n.tie is None or n.tie.type == "start"]
    assert heard == [n.pitch for section, _ in song.in_form_order() for n in section.notes]
    symbols = list(score.recurse().getElementsByClass("ChordSymbol"))
    assert len(symbols) == sum(len(section.chords) for section, _ in song.in_form_order())
    assert score.recurse().getElementsByClass("TimeSignature")[0].ratioString == str(song.meter)
    marks = [m.content for m in score.recurse().getElementsByClass("RehearsalMark")]
    assert marks == list(song.form)


def test_midi_export_carries_tempo_meter_key_markers_and_chords(tmp_path: Path) -> None:
    import mido

    song = _song_with_chords()
    path = export_midi(song, tmp_path / "out.mid")
    midi = mido.MidiFile(path)
    metas = {m.type: m for m in midi.tracks[0] if m.is_meta}
    assert round(mido.tempo2bpm(metas["set_tempo"].tempo)) == 96
    assert (metas["time_signature"].numerator, metas["time_signature"].denominator) == (6, 8)
    assert metas["key_signature"].key == "D"  # E dorian is written with the D major signature
    assert [m.text for m in midi.tracks[0] if m.type == "marker"] == ["verse", "chorus", "verse"]
    assert [t.name for t in midi.tracks] == ["Harbour Lights", "Melody", "Chords"]
    chord_texts = [m.text for m in midi.tracks[2] if m.type == "text"]
    assert chord_texts == ["Em", "D/F#", "Bbmaj7", "Em", "D/F#"]
