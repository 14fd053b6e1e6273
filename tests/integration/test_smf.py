"""Our Standard MIDI File reader (song/smf.py) against mido, the reader it replaced: the same
events at the same ticks on every shared MIDI file, and every damaged copy mido can read we
can read too."""

from __future__ import annotations

import random
from pathlib import Path

import mido
import pytest

from song.smf import read_smf
from tests.conftest import shared_midi_files

KEPT = {"note_on", "note_off", "program_change", "set_tempo", "time_signature", "key_signature",
        "track_name", "text", "lyrics", "marker", "cue_marker"}


def ours(data: bytes) -> list[list[tuple]]:
    tracks = []
    for track in read_smf(data).tracks:
        tick, events = 0, []
        for event in track:
            tick += event[1]
            if event[0] != "end":
                events.append((tick, event[0], *event[2:]))
        tracks.append(events)
    return tracks


def mido_events(path: Path) -> list[list[tuple]]:
    tracks = []
    for track in mido.MidiFile(path, clip=True).tracks:
        tick, events = 0, []
        for message in track:
            tick += message.time
            if message.type not in KEPT:
                continue
            if message.type in ("note_on", "note_off"):
                values: tuple = (message.channel, message.note, message.velocity)
            elif message.type == "program_change":
                values = (message.channel, message.program)
            elif message.type == "set_tempo":
                values = (message.tempo,)
            elif message.type == "time_signature":
                values = (message.numerator, message.denominator)
            elif message.type == "key_signature":
                values = (message.key,)
            else:
                values = (message.name if message.type == "track_name" else message.text,)
            events.append((tick, message.type, *values))
        tracks.append(events)
    return tracks


READABLE = shared_midi_files()


@pytest.mark.parametrize("path", READABLE, ids=lambda p: p.name)
def test_every_shared_file_reads_as_mido_reads_it(path: Path) -> None:
    assert ours(path.read_bytes()) == mido_events(path)


def test_every_damaged_copy_mido_reads_we_read(tmp_path: Path) -> None:
    rng = random.Random(0)
    small = [p for p in shared_midi_files() if p.stat().st_size < 20_000]
    mido_read = 0
    for index in range(150):
        data = bytearray(rng.choice(small).read_bytes())
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(14, len(data))] = rng.randrange(256)
        path = tmp_path / f"damaged-{index}.mid"
        path.write_bytes(bytes(data))
        try:
            mido.MidiFile(path, clip=True)
        except Exception:  # noqa: BLE001 - mido refuses in many ways; we only ask about what it reads
            continue
        mido_read += 1
        read_smf(bytes(data))  # raises if we refuse what mido read
    assert mido_read > 50
