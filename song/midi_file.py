"""Reading a MIDI file into plain, exact-tick facts (song/midi_import.py makes a Song of them).

The bytes are read by song/smf.py (as forgiving as mido's `clip=True`, and ten times
faster) because real files break the rules in small ways (controller values above 127,
unterminated notes, note-ons on an already sounding pitch), and a songwriter's file should
load if any sense can be made of it. Every failure of the parser becomes one
`MidiFileError` line naming the file.

Tracks are split by channel, so a type-0 file (everything in one track) yields one track per
instrument, as a type-1 file would.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from song.errors import MidiFileError
from song.files import WRITTEN_BY_US
from song.smf import SmfError, SmfFile, read_smf

DRUM_CHANNEL = 9
MAX_FILE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class RawNote:
    """A note in file ticks."""

    pitch: int
    start: int
    end: int
    velocity: int


@dataclass(frozen=True)
class RawTrack:
    """The notes of one channel of one file track, with what the file says about them."""

    name: str
    channel: int
    program: int
    notes: tuple[RawNote, ...]
    index: int
    text_events: tuple[tuple[int, str], ...] = ()

    @property
    def is_drum(self) -> bool:
        return self.channel == DRUM_CHANNEL


@dataclass(frozen=True)
class RawMidi:
    """Everything we use from a MIDI file, in the file's own ticks."""

    path: str
    ticks_per_beat: int
    tracks: tuple[RawTrack, ...]
    tempos: tuple[tuple[int, float], ...]  # (tick, BPM)
    time_signatures: tuple[tuple[int, int, int], ...]  # (tick, numerator, denominator)
    key_signatures: tuple[tuple[int, str], ...]  # (tick, "Dm")
    markers: tuple[tuple[int, str], ...]
    texts: tuple[tuple[int, str], ...]
    first_track_name: str
    end_tick: int
    lyrics: tuple[tuple[int, str], ...] = ()  # lyric meta events of every track, in time order

    @property
    def written_by_us(self) -> bool:
        """Whether cocomposer wrote this file (its sections and bars are then exact)."""
        return any(text == WRITTEN_BY_US for _, text in self.texts)


def read_midi(path: str | os.PathLike[str]) -> RawMidi:
    """Parse a MIDI file; raise MidiFileError('<file>: <what is wrong>') on any failure."""
    file_path = Path(path)
    label = str(path)
    if not file_path.exists():
        raise MidiFileError(f"{label}: no such file")
    if file_path.is_dir():
        raise MidiFileError(f"{label}: is a directory, not a MIDI file")
    try:
        size = file_path.stat().st_size
        if size == 0:
            raise MidiFileError(f"{label}: the file is empty")
        if size > MAX_FILE_BYTES:
            raise MidiFileError(f"{label}: {size // (1024 * 1024)} MB is too large for a MIDI file")
        data = file_path.read_bytes()
        if data[:4] != b"MThd":
            raise MidiFileError(f"{label}: not a MIDI file (it does not start with 'MThd')")
        midi = read_smf(data)
    except MidiFileError:
        raise
    except PermissionError:
        raise MidiFileError(f"{label}: permission denied") from None
    except EOFError:
        raise MidiFileError(f"{label}: the file is truncated (it ends in the middle of a track)") from None
    except (SmfError, OSError) as error:
        raise MidiFileError(f"{label}: not a readable MIDI file ({error})") from None
    if midi.format == 2:
        raise MidiFileError(f"{label}: MIDI type 2 (independent patterns) is not supported")
    if midi.division == 0:
        raise MidiFileError(f"{label}: the file's header gives 0 ticks per beat, so its notes have no times")
    if midi.division & 0x8000:  # the top bit set means SMPTE frames, not beats
        raise MidiFileError(f"{label}: the file uses SMPTE time, not beats; re-save it with PPQ timing")
    return _collect(midi, label)


def _collect(midi: SmfFile, label: str) -> RawMidi:
    tempos: list[tuple[int, float]] = []
    meters: list[tuple[int, int, int]] = []
    keys: list[tuple[int, str]] = []
    markers: list[tuple[int, str]] = []
    texts: list[tuple[int, str]] = []
    lyrics: list[tuple[int, str]] = []
    tracks: list[RawTrack] = []
    first_track_name = ""
    end_tick = 0
    for index, track in enumerate(midi.tracks):
        tick = 0
        name = ""
        programs: dict[int, int] = {}
        open_notes: dict[tuple[int, int], tuple[int, int]] = {}
        notes: dict[int, list[RawNote]] = defaultdict(list)
        track_texts: list[tuple[int, str]] = []
        for event in track:
            kind = event[0]
            tick += event[1]
            if kind == "note_on" or kind == "note_off":
                _, _, channel, pitch, velocity = event
                # A re-struck pitch ends the note still sounding on it, as synthesizers do.
                sounding = open_notes.pop((channel, pitch), None)
                if sounding is not None and tick > sounding[0]:
                    notes[channel].append(RawNote(pitch, sounding[0], tick, sounding[1]))
                if kind == "note_on" and velocity > 0:
                    open_notes[(channel, pitch)] = (tick, velocity)
            elif kind == "program_change":
                programs.setdefault(event[2], event[3])
            elif kind == "track_name":
                name = name or event[2].strip()
            elif kind == "set_tempo" and event[2] > 0:
                tempos.append((tick, 60_000_000 / event[2]))
            elif kind == "time_signature":
                meters.append((tick, event[2], event[3]))
            elif kind == "key_signature":
                keys.append((tick, event[2]))
            elif kind == "marker":
                markers.append((tick, event[2]))
            elif kind == "lyrics":
                lyrics.append((tick, event[2]))
            elif kind in ("text", "cue_marker"):
                texts.append((tick, event[2]))
                track_texts.append((tick, event[2]))
        end_tick = max(end_tick, tick)
        for (channel, pitch), (start, velocity) in open_notes.items():  # notes never released
            if tick > start:
                notes[channel].append(RawNote(pitch, start, tick, velocity))
        if index == 0:
            first_track_name = name
        channels = sorted(notes) or []
        for channel in channels:
            channel_notes = tuple(sorted(notes[channel], key=lambda n: (n.start, -n.pitch)))
            tracks.append(
                RawTrack(name, channel, programs.get(channel, 0), channel_notes, index, tuple(track_texts))
            )
        if not channels and track_texts:
            tracks.append(RawTrack(name, -1, 0, (), index, tuple(track_texts)))
    return RawMidi(
        path=label,
        ticks_per_beat=midi.division,
        tracks=tuple(tracks),
        tempos=tuple(sorted(tempos, key=_tick)),
        time_signatures=tuple(sorted(meters, key=_tick)),
        key_signatures=tuple(sorted(keys, key=_tick)),
        markers=tuple(sorted(markers, key=_tick)),
        texts=tuple(texts),
        first_track_name=first_track_name,
        end_tick=end_tick,
        lyrics=tuple(sorted(lyrics, key=_tick)),
    )


def _tick(event: tuple[int, object] | tuple[int, int, int]) -> int:
    """Sort key for (tick, ...) events: by tick only, so same-tick events keep file order."""
    return event[0]
