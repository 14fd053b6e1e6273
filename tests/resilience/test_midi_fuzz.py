"""MIDI fuzzing: real files mutated byte by byte, and generated files with absurd contents.
Every case either loads into a valid Song or fails with one clear MidiFileError line, in
bounded time, and never with a traceback of another kind."""

from __future__ import annotations

import random
import struct
import time
from pathlib import Path

import mido
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from song.errors import MidiFileError
from song.midi_import import load_midi
from tests.conftest import shared_midi_files

SECONDS_PER_FILE = 20.0  # generous: the slowest real file loads in about 1 s here
SMALL_FILES = [p for p in shared_midi_files() if p.stat().st_size < 60_000]


def _load_or_clear_error(path: Path) -> str:
    started = time.monotonic()
    try:
        song = load_midi(path).song
        outcome = f"ok {song.note_count}"
    except MidiFileError as error:
        message = str(error)
        assert message and "\n" not in message and "Traceback" not in message, message
        assert str(path.name) in message or str(path) in message, message
        outcome = "error"
    assert time.monotonic() - started < SECONDS_PER_FILE, f"{path.name} took too long"
    return outcome


def _mutations(data: bytes, rng: random.Random) -> list[tuple[str, bytes]]:
    cases = [("truncated", data[: rng.randrange(1, len(data))]),
             ("header only", data[:14]),
             ("zero division", data[:12] + b"\x00\x00" + data[14:])]  # ticks per beat 0
    flipped = bytearray(data)
    for _ in range(8):
        flipped[rng.randrange(len(flipped))] ^= 1 << rng.randrange(8)
    cases.append(("flipped bits", bytes(flipped)))
    random_bytes = bytearray(data)
    for index in rng.sample(range(14, len(data)), min(40, len(data) - 14)):
        random_bytes[index] = rng.randrange(256)
    cases.append(("random bytes", bytes(random_bytes)))
    cases.append(("track length lies", data[:18] + struct.pack(">I", 0x7FFFFFF0) + data[22:]))
    return cases


@pytest.mark.parametrize("source", SMALL_FILES, ids=lambda p: p.name)
def test_mutated_real_files(source: Path, tmp_path: Path) -> None:
    rng = random.Random(source.name)
    data = source.read_bytes()
    outcomes = {}
    for label, mutated in _mutations(data, rng):
        target = tmp_path / f"{label.replace(' ', '-')}.mid"
        target.write_bytes(mutated)
        outcomes[label] = _load_or_clear_error(target)
    assert outcomes["header only"] == "error" and outcomes["zero division"] == "error"


def _write(messages_per_track: list[list[mido.Message]], path: Path, ticks: int = 480) -> Path:
    midi = mido.MidiFile(ticks_per_beat=ticks)
    for messages in messages_per_track:
        track = mido.MidiTrack()
        track.extend(messages)
        midi.tracks.append(track)
    midi.save(path)
    return path


def test_absurd_tempi_and_delta_times(tmp_path: Path) -> None:
    notes = [mido.Message("note_on", note=60 + i % 12, velocity=90, time=0 if i % 2 else 2**27) for i in range(20)]
    notes += [mido.Message("note_off", note=60, time=0)]
    tempo = [mido.MetaMessage("set_tempo", tempo=1, time=0), mido.MetaMessage("set_tempo", tempo=2**24 - 1, time=100)]
    path = _write([tempo + notes], tmp_path / "absurd.mid")
    assert _load_or_clear_error(path) in ("error",) or _load_or_clear_error(path).startswith("ok")


MEMORY_LIMIT_MB = 1024  # peak resident memory of a fresh process that loads one file
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork and exec,
# so a child of a big pytest process would report the parent's peak.
PROBE = """
import sys
from song.errors import MidiFileError
from song.midi_import import load_midi
try:
    load_midi(sys.argv[1])
except MidiFileError:
    pass
status = open("/proc/self/status").read()
print(int(status.split("VmHWM:")[1].split()[0]) // 1024)
"""


def _within_memory(path: Path) -> str:
    import subprocess
    import sys

    from tests.conftest import REPO

    outcome = _load_or_clear_error(path)
    probe = subprocess.run([sys.executable, "-c", PROBE, str(path)], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert probe.returncode == 0, probe.stderr[-1000:]
    peak_mb = int(probe.stdout.split()[-1])
    assert peak_mb < MEMORY_LIMIT_MB, f"{path.name}: {peak_mb} MB"
    return outcome


def test_a_hundred_thousand_notes(tmp_path: Path) -> None:
    messages = []
    for i in range(100_000):
        messages.append(mido.Message("note_on", note=48 + i % 24, velocity=80, time=0))
        messages.append(mido.Message("note_off", note=48 + i % 24, time=60))
    path = _write([messages], tmp_path / "huge.mid")
    assert _within_memory(path).startswith(("ok", "error"))


def test_five_hundred_tracks(tmp_path: Path) -> None:
    tracks = [[mido.Message("note_on", note=60 + t % 24, velocity=80, time=t), mido.Message("note_off", note=60 + t % 24, time=240)]
              for t in range(500)]
    path = _write(tracks, tmp_path / "many.mid")
    assert _within_memory(path).startswith(("ok", "error"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 127), st.integers(0, 127), st.integers(0, 5000), st.booleans()), max_size=200),
       st.integers(1, 32767), st.integers(1, 2**24 - 1))
def test_generated_files(tmp_path: Path, events, ticks: int, tempo: int) -> None:
    messages = [mido.MetaMessage("set_tempo", tempo=tempo, time=0)]
    for note, velocity, delta, on in events:
        messages.append(mido.Message("note_on" if on else "note_off", note=note, velocity=velocity, time=delta))
    path = _write([messages], tmp_path / "generated.mid", ticks)
    assert _load_or_clear_error(path).startswith(("ok", "error"))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_arbitrary_bytes_after_a_header(tmp_path: Path, tail: bytes) -> None:
    path = tmp_path / "bytes.mid"
    path.write_bytes(b"MThd\x00\x00\x00\x06\x00\x01\x00\x01\x01\xe0MTrk" + struct.pack(">I", len(tail)) + tail)
    assert _load_or_clear_error(path) in ("error",) or _load_or_clear_error(path).startswith("ok")
