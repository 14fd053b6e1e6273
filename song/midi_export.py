"""Song -> Standard MIDI File (type 1, 480 ticks per quarter).

Tracks: a conductor track (title, tempo, meter, a text event with the song's exact key and
mode, a marker at each section start in form order, a key signature wherever a section starts
in another key, with a text event naming that exact key), the melody, and, when the song has
chords, a chord track: block chords (bass note plus close voicing above E3) held for the
chord's length, each with a text event carrying its symbol so that our importer reads the
symbols back exactly. The sections play in form order, so repeats are written out.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

from song.beats import TICKS_PER_QUARTER, beats_to_ticks
from song.chords import parse_chord_symbol
from song.files import WRITTEN_BY_US, write_atomically
from song.keys import Key
from song.lyric_events import encode_text
from song.melody import OUR_MELODY_TRACK
from song.model import Song

MELODY_CHANNEL, CHORD_CHANNEL = 0, 1
MELODY_PROGRAM, CHORD_PROGRAM = 0, 0  # General MIDI acoustic grand piano
CHORD_VELOCITY = 64
SECTION_KEY_TEXT = "cocomposer section key:"  # followed by the exact key, where a section's key starts
SECTION_LYRICS_TEXT = "cocomposer section lyrics:"  # followed by JSON {"section", "text"}: the words as written


def song_to_midi_bytes(song: Song) -> bytes:
    """The song as the bytes of a type-1 MIDI file."""
    import mido

    conductor = mido.MidiTrack()
    conductor_events: list[tuple[int, int, "mido.MetaMessage"]] = [
        (0, 0, mido.MetaMessage("track_name", name=_latin1(song.title or "Untitled"))),
        (0, 1, mido.MetaMessage("text", text=WRITTEN_BY_US)),
        (0, 2, mido.MetaMessage("text", text=f"cocomposer key: {song.key}")),
        (0, 3, mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(song.tempo))),
        (0, 4, mido.MetaMessage("time_signature", numerator=song.meter.numerator, denominator=song.meter.denominator)),
    ]
    melody_events: list[tuple[int, int, object]] = [
        (0, 0, mido.MetaMessage("track_name", name=OUR_MELODY_TRACK)),
        (0, 1, mido.Message("program_change", channel=MELODY_CHANNEL, program=MELODY_PROGRAM)),
    ]
    chord_events: list[tuple[int, int, object]] = [
        (0, 0, mido.MetaMessage("track_name", name="Chords")),
        (0, 1, mido.Message("program_change", channel=CHORD_CHANNEL, program=CHORD_PROGRAM)),
    ]
    # Sort order at one tick: meta first (6), note-offs (7) before note-ons (8).
    conductor_events.append((beats_to_ticks(song.total_beats), 9, mido.MetaMessage("end_of_track")))
    conductor_events += _key_events(song)
    worded: set[str] = set()
    for section, offset in song.in_form_order():
        base = beats_to_ticks(offset)
        conductor_events.append((base, 6, mido.MetaMessage("marker", text=_latin1(section.name))))
        if section.lyrics and section.name not in worded:  # the words as written, once, where the section first plays
            worded.add(section.name)
            words = json.dumps({"section": section.name, "text": section.lyrics})  # ASCII: survives any MIDI reader
            conductor_events.append((base, 6, mido.MetaMessage("text", text=f"{SECTION_LYRICS_TEXT} {words}")))
        for note in section.notes:
            start, end = base + beats_to_ticks(note.start), base + beats_to_ticks(note.end)
            if note.lyric is not None:  # one lyric event per sung note, just before it
                melody_events.append((start, 8, mido.MetaMessage("lyrics", text=encode_text(note.lyric))))
            melody_events.append((start, 8, mido.Message("note_on", channel=MELODY_CHANNEL, note=note.pitch, velocity=note.velocity)))
            melody_events.append((end, 7, mido.Message("note_off", channel=MELODY_CHANNEL, note=note.pitch, velocity=0)))
        for chord in section.chords:
            start, end = base + beats_to_ticks(chord.start), base + beats_to_ticks(chord.end)
            chord_events.append((start, 6, mido.MetaMessage("text", text=_latin1(chord.symbol.replace("Δ", "maj7")))))
            for pitch in parse_chord_symbol(chord.symbol).voicing():
                chord_events.append((start, 8, mido.Message("note_on", channel=CHORD_CHANNEL, note=pitch, velocity=CHORD_VELOCITY)))
                chord_events.append((end, 7, mido.Message("note_off", channel=CHORD_CHANNEL, note=pitch, velocity=0)))
    midi = mido.MidiFile(type=1, ticks_per_beat=TICKS_PER_QUARTER)
    tracks = [conductor_events, melody_events]
    if any(section.chords for section in song.sections):
        tracks.append(chord_events)
    for events in tracks:
        track = conductor if events is conductor_events else mido.MidiTrack()
        _fill(track, events)
        midi.tracks.append(track)
    buffer = io.BytesIO()
    midi.save(file=buffer)
    return buffer.getvalue()


def _key_events(song: Song) -> list[tuple[int, int, "object"]]:
    """Key signatures where the key in force changes: the first section's key at the top,
    then at each section start (in form order) that is in another key than the section
    before it, so a modulated section is in its own key in any MIDI program. Beside each
    change a text event with the exact key (the signature cannot say "E dorian"), which our
    importer reads back as the section's key."""
    import mido

    events: list[tuple[int, int, object]] = []
    current: Key | None = None
    for section, offset in song.in_form_order():
        key = section.key_in(song.key)
        if key == current:
            continue
        tick = beats_to_ticks(offset)
        if current is not None or section.key is not None:
            events.append((tick, 6, mido.MetaMessage("text", text=f"{SECTION_KEY_TEXT} {key}")))
        events.append((tick, 6, mido.MetaMessage("key_signature", key=key.midi_key_signature())))
        current = key
    if not events:  # a song without sections still says its key
        events.append((0, 5, mido.MetaMessage("key_signature", key=song.key.midi_key_signature())))
    return events


def _latin1(text: str) -> str:
    """MIDI text events are Latin-1; other characters become '?' rather than fail the export."""
    return text.encode("latin-1", "replace").decode("latin-1")


def _fill(track: "object", events: list) -> None:
    """Append (tick, order, message) events to a track as delta times."""
    previous = 0
    for tick, _, message in sorted(events, key=lambda event: (event[0], event[1])):
        track.append(message.copy(time=tick - previous))  # type: ignore[attr-defined]
        previous = tick


def export_midi(song: Song, path: str | os.PathLike[str], force: bool = False) -> Path:
    """Write the song as a MIDI file (atomically); FileWriteError says why it cannot."""
    return write_atomically(path, song_to_midi_bytes(song), force)
