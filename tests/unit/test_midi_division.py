"""The header's division, byte by byte: ticks per beat, zero, or SMPTE frames.

The same one-note file is written with three divisions, so the only thing that differs is
the header field the message has to name."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from song.errors import MidiFileError
from song.midi_import import load_midi

TRACK = (b"\x00\x90\x3c\x64"  # delta 0: note on, middle C, velocity 100
         b"\x60\x80\x3c\x00"  # delta 96 ticks: note off
         b"\x00\xff\x2f\x00")  # delta 0: end of track


def midi_bytes(division: int) -> bytes:
    """A type-0 Standard MIDI File with one track; `division` is the header's 16-bit field."""
    header = b"MThd" + struct.pack(">IHHH", 6, 0, 1, division)
    return header + b"MTrk" + struct.pack(">I", len(TRACK)) + TRACK


def write(tmp_path: Path, division: int) -> Path:
    path = tmp_path / f"division-{division:04x}.mid"
    path.write_bytes(midi_bytes(division))
    return path


def test_the_file_loads_with_ticks_per_beat(tmp_path: Path) -> None:
    """With 96 ticks per beat the note is a quarter note: the bytes themselves are sound."""
    song = load_midi(write(tmp_path, 96)).song
    notes = [note for section in song.sections for note in section.notes]
    assert [(n.pitch, n.duration) for n in notes] == [(60, 1)]


def test_zero_ticks_per_beat_says_so(tmp_path: Path) -> None:
    path = write(tmp_path, 0)
    with pytest.raises(MidiFileError) as error:
        load_midi(path)
    assert str(error.value) == f"{path}: the file's header gives 0 ticks per beat, so its notes have no times"


def test_smpte_division_says_smpte(tmp_path: Path) -> None:
    """Top bit set: -25 frames a second, 40 ticks a frame (0xE728)."""
    path = write(tmp_path, 0xE728)
    with pytest.raises(MidiFileError, match="SMPTE time"):
        load_midi(path)
