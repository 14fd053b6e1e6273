"""Every real MIDI file in ../shared/midi loads or is refused with one clear line."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from song.errors import MidiFileError
from song.json_io import song_from_json, song_to_json
from song.midi_export import export_midi
from song.midi_import import load_midi
from tests.conftest import shared_midi_files

REFUSED = {"empty.mid": "no notes"}
EXPECTED_MELODY = {
    "Mr. Blue Sky.mid": "'Melody'",
    "All The Small Things.mid": "'Vocals'",
    "Aicha.mid": "'Chant'",
    "Funkytown.mid": "'Vocal'",
    "What a Fool Believes.mid": "'Lead Voca'",
    "ValueError_Control168.mid": "'melody'",
    "Maestro_1.mid": "top line",
}


@pytest.mark.parametrize("path", shared_midi_files(), ids=lambda p: p.name)
def test_real_file_loads_or_fails_cleanly(path: Path, tmp_path: Path) -> None:
    if path.name in REFUSED:
        with pytest.raises(MidiFileError, match=REFUSED[path.name]) as error:
            load_midi(path)
        assert str(error.value).startswith(str(path)) and "\n" not in str(error.value)
        return
    imported = load_midi(path)
    song = imported.song
    assert song.note_count > 0
    assert all(s.bars >= 1 for s in song.sections)
    if path.name in EXPECTED_MELODY:
        assert EXPECTED_MELODY[path.name] in imported.melody_source
    assert song_from_json(song_to_json(song)) == song
    out = tmp_path / "again.mid"
    export_midi(song, out)
    again = load_midi(out).song
    assert again == song, "an exported song re-imports to the same song"


def test_markers_become_sections() -> None:
    from tests.conftest import SHARED_MIDI

    song = load_midi(SHARED_MIDI / "MIDIs_multitrack" / "In Too Deep.mid").song
    assert len(song.sections) >= 2
    assert all(name.split("-")[0] in {"intro", "verse", "chorus", "bridge", "solo"} for name in song.section_names)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _drums_only(path: Path) -> Path:
    import mido

    midi = mido.MidiFile(type=1)
    track = mido.MidiTrack()
    for i in range(16):
        track.append(mido.Message("note_on", channel=9, note=36, velocity=100, time=0 if i == 0 else 240))
        track.append(mido.Message("note_off", channel=9, note=36, velocity=0, time=240))
    midi.tracks.append(track)
    midi.save(path)
    return path


def _no_notes(path: Path) -> Path:
    import mido

    midi = mido.MidiFile(type=1)
    midi.tracks.append(mido.MidiTrack([mido.MetaMessage("set_tempo", tempo=500000)]))
    midi.save(path)
    return path


BAD_FILES = {
    "empty": (lambda d: _write(d / "empty.mid", b""), "empty"),
    "random bytes": (lambda d: _write(d / "noise.mid", random.Random(1).randbytes(3000)), "not a MIDI file"),
    "text": (lambda d: _write(d / "notes.mid", b"C D E F G A B c\n"), "not a MIDI file"),
    "header then noise": (lambda d: _write(d / "hdr.mid", b"MThd\x00\x00\x00\x06\x00\x01\x00\x02\x01\xe0" + random.Random(2).randbytes(500)), "MIDI file"),
    "directory": (lambda d: (d / "folder.mid").mkdir() or d / "folder.mid", "is a directory"),
    "missing": (lambda d: d / "nowhere" / "song.mid", "no such file"),
    "drums only": (lambda d: _drums_only(d / "drums.mid"), "only drums"),
    "no notes": (lambda d: _no_notes(d / "silent.mid"), "no notes"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_files_get_one_clear_line(case: str, tmp_path: Path) -> None:
    make, expected = BAD_FILES[case]
    path = make(tmp_path)
    with pytest.raises(MidiFileError) as error:
        load_midi(path)
    message = str(error.value)
    assert message.startswith(f"{path}: ") and expected in message and "\n" not in message


@pytest.mark.parametrize("cut", [14, 100, 1000, 20000])
def test_truncated_real_files_fail_cleanly(cut: int, tmp_path: Path, blue_sky: Path) -> None:
    path = _write(tmp_path / "cut.mid", blue_sky.read_bytes()[:cut])
    with pytest.raises(MidiFileError, match="truncated|not a readable") as error:
        load_midi(path)
    assert "\n" not in str(error.value)
