"""A Standard MIDI File reader: the header, the tracks, and in each track the events we use.

Why our own and not mido's: mido builds and checks one Python object per message, about
10 microseconds each, so a 10,000-event arrangement took 0.1 s to read before anything was
done with it (plus mido's import), a third of `cocomposer show`. This reads the bytes in one
pass and keeps only what song/midi_file.py uses: notes, program changes, and the meta events
for names, tempo, meter, key, markers, texts and lyrics; controllers, pitch bends and SysEx
are skipped by their lengths. It is as forgiving as mido's `clip=True` (data bytes above 127
are clipped, running status is honoured) and more where a file breaks the rules in ways
that leave its notes readable (unknown chunks, undefined status bytes, odd-sized or invalid
meta events are skipped, and running status outlives a stray SysEx or system byte, so one
damaged byte does not cost the rest of the track). A test reads every shared MIDI file, and
damaged copies of them, with both and compares.

Errors are `SmfError` with a short reason; `EOFError` when the bytes end inside a chunk.
"""

from __future__ import annotations

from dataclasses import dataclass

Event = tuple  # (delta ticks, kind, *values): see `read_track`

DATA_BYTES = {0x80: 2, 0x90: 2, 0xA0: 2, 0xB0: 2, 0xC0: 1, 0xD0: 1, 0xE0: 2}
SYSTEM_DATA_BYTES = {0xF1: 1, 0xF2: 2, 0xF3: 1, 0xF6: 0, 0xF8: 0, 0xF9: 0, 0xFA: 0, 0xFB: 0, 0xFC: 0, 0xFD: 0, 0xFE: 0}
TEXT_META = {0x01: "text", 0x03: "track_name", 0x05: "lyrics", 0x06: "marker", 0x07: "cue_marker"}
KEYS_MAJOR = ["Cb", "Gb", "Db", "Ab", "Eb", "Bb", "F", "C", "G", "D", "A", "E", "B", "F#", "C#"]
KEYS_MINOR = ["Abm", "Ebm", "Bbm", "Fm", "Cm", "Gm", "Dm", "Am", "Em", "Bm", "F#m", "C#m", "G#m", "D#m", "A#m"]


class SmfError(ValueError):
    """The bytes are not a Standard MIDI File we can read."""


@dataclass(frozen=True)
class SmfFile:
    format: int
    division: int  # the header's raw 16-bit field: ticks per beat, or SMPTE when the top bit is set
    tracks: tuple[tuple[Event, ...], ...]


def read_smf(data: bytes) -> SmfFile:
    if data[:4] != b"MThd":
        raise SmfError("it does not start with 'MThd'")
    if len(data) < 14:
        raise EOFError
    header_length = int.from_bytes(data[4:8], "big")
    if header_length < 6:
        raise SmfError(f"its header is {header_length} bytes long, not 6")
    file_format, track_count, division = (int.from_bytes(data[i:i + 2], "big") for i in (8, 10, 12))
    position = 8 + header_length
    tracks = []
    while len(tracks) < track_count:
        if position + 8 > len(data):
            raise EOFError
        name, length = data[position:position + 4], int.from_bytes(data[position + 4:position + 8], "big")
        if name != b"MTrk" and not name.isalpha():  # a chunk of another kind is skipped; noise is not a chunk
            raise SmfError("no track header where a track should start")
        body = data[position + 8:position + 8 + length]
        if len(body) < length:
            raise EOFError
        position += 8 + length
        if name == b"MTrk":
            tracks.append(read_track(body))
    return SmfFile(file_format, division, tuple(tracks))


def read_track(body: bytes) -> tuple[Event, ...]:
    """The track's events we use, each with the ticks since the previous event read (skipped
    events' deltas are carried into the next one):
    ("note_on" | "note_off", delta, channel, pitch, velocity), ("program_change", delta,
    channel, program), ("set_tempo", delta, microseconds per beat), ("time_signature",
    delta, numerator, denominator), ("key_signature", delta, "Dm"), (text kind, delta, text),
    ("end", delta) for the bytes' end or the end-of-track event."""
    events: list[Event] = []
    position, carried, running = 0, 0, 0
    size = len(body)
    while position < size:
        delta, position = _variable_length(body, position)
        carried += delta
        if position >= size:
            raise EOFError
        status = body[position]
        if status < 0x80:  # running status: the previous channel message's status, this byte is data
            if not running:
                raise SmfError("running status with no status before it")
            status = running
        else:
            position += 1
        if status == 0xFF:
            if position >= size:
                raise EOFError
            kind = body[position]
            length, position = _variable_length(body, position + 1)
            payload = body[position:position + length]
            if len(payload) < length:
                raise EOFError
            position += length
            event = _meta(kind, payload)  # end-of-track too: as in mido, its delta (and anything after it) still counts
            if event is not None:
                events.append((event[0], carried, *event[1:]))
                carried = 0
            continue
        if status in (0xF0, 0xF7):  # SysEx: a length, then bytes we do not use
            length, position = _variable_length(body, position)
            position += length
            continue
        if status >= 0xF0:  # system common or real time: a few bytes we do not use
            position += SYSTEM_DATA_BYTES.get(status, 0)
            continue
        running = status
        count = DATA_BYTES[status & 0xF0]
        values = body[position:position + count]
        if len(values) < count:
            raise EOFError
        position += count
        kind, channel = status & 0xF0, status & 0x0F
        if kind in (0x80, 0x90):
            pitch, velocity = min(values[0], 127), min(values[1], 127)
            events.append(("note_on" if kind == 0x90 else "note_off", carried, channel, pitch, velocity))
            carried = 0
        elif kind == 0xC0:
            events.append(("program_change", carried, channel, min(values[0], 127)))
            carried = 0
    events.append(("end", carried))
    return tuple(events)


def _meta(kind: int, payload: bytes) -> tuple | None:
    if kind in TEXT_META:
        return (TEXT_META[kind], payload.decode("latin-1"))  # mido's charset: bytes are never refused
    if kind == 0x51 and len(payload) == 3:
        return ("set_tempo", int.from_bytes(payload, "big"))
    if kind == 0x58 and len(payload) >= 2:
        return ("time_signature", payload[0], 2 ** payload[1])
    if kind == 0x59 and len(payload) >= 2:
        sharps = payload[0] - 256 if payload[0] > 127 else payload[0]
        if -7 <= sharps <= 7 and payload[1] in (0, 1):  # anything else says nothing we can use
            return ("key_signature", (KEYS_MINOR if payload[1] else KEYS_MAJOR)[sharps + 7])
    return None


def _variable_length(data: bytes, position: int) -> tuple[int, int]:
    """A MIDI variable-length number (7 bits a byte, top bit = more follows; at most 4 bytes)."""
    value = 0
    for _ in range(4):
        if position >= len(data):
            raise EOFError
        byte = data[position]
        position += 1
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, position
    raise SmfError("a variable-length number runs over 4 bytes")
