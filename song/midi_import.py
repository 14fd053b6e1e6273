"""MIDI file -> Song: melody, sections from markers, tempo, meter and key from the file.

The importer interprets `song.midi_file.RawMidi`; what it decided (which track became the
melody, where the key came from, what it had to drop) is returned beside the song so the
faces can tell the user instead of silently guessing.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Hashable, TypeVar

from song.beats import ticks_to_beats
from song.chords import parse_chord_symbol
from song.errors import CocomposerError, InvalidKey, InvalidMeter, InvalidSong, MidiFileError
from song.arrangement_key import PartsEvidence, find_arrangement_key
from song.key_finding import find_key
from song.lyric_events import Syllable, is_karaoke_words, lyrics_text, syllables_from_events
from song.keys import Key
from song.chord_detect import detect_chords, respell_flat
from song.melody import MelodyChoice, choose_melody
from song.meter import Meter
from song.midi_file import RawMidi, RawNote, RawTrack, read_midi
from song.roles import ROLE_WORDS
from song.model import MAX_BARS, MAX_TEMPO, MIN_TEMPO, Chord, Note, Section, Song

SECTION_WORDS = re.compile(  # a marker that starts with a role's word (song/roles.py) or a generic label names a section
    r"^\s*(" + "|".join(re.escape(w) for _, words in ROLE_WORDS for w in words) + r"|vamp|part|section|[A-H]\d?)"
    r"\b[\s\w'-]*$",
    re.IGNORECASE,
)
KEY_TEXT = re.compile(r"^cocomposer key:\s*(.+)$")
SECTION_KEY_TEXT = re.compile(r"^cocomposer section key:\s*(.+)$")
SECTION_LYRICS_TEXT = re.compile(r"^cocomposer section lyrics:\s*(\{.*\})$", re.DOTALL)

CHORD_TRACK_NAME = "Chords"
T = TypeVar("T", bound=Hashable)
IN_KEY_ENOUGH = 0.85  # the file's key signature is believed when this much of the melody fits


@dataclass(frozen=True)
class ImportedSong:
    """A song read from a file, with the importer's decisions in words."""

    song: Song
    melody_source: str
    key_source: str
    notes: tuple[str, ...]


def load_midi(path: str | os.PathLike[str], title: str | None = None) -> ImportedSong:
    """Read a MIDI file into a Song; MidiFileError('<file>: <what is wrong>') when impossible."""
    raw = read_midi(path)
    try:
        return _interpret(raw, title or _title(raw, path))
    except MidiFileError:
        raise
    except CocomposerError as error:
        raise MidiFileError(f"{raw.path}: {error}") from None


def _title(raw: RawMidi, path: str | os.PathLike[str]) -> str:
    """The first track's name, unless it is a sequencer's placeholder: then the file name."""
    name = raw.first_track_name.strip()
    generic = not raw.written_by_us and (not name or name.lower() in {"untitled", "track 0", "midi", "tempo track"})
    return (Path(path).stem if generic else name)[:200]


def _interpret(raw: RawMidi, title: str) -> ImportedSong:
    tpq = raw.ticks_per_beat
    notes_said: list[str] = []
    _check_span(raw)
    choice = choose_melody(raw.tracks, tpq, ours=raw.written_by_us)
    if choice is None:
        has_drums = any(t.is_drum and t.notes for t in raw.tracks)
        what = "only drums" if has_drums else "no notes"
        raise MidiFileError(f"{raw.path}: the file has {what}, so there is no melody to load")
    if choice.dropped:
        notes_said.append(f"{_count(choice.dropped, 'note')} under or beside the melody left out")
    meter = _meter(raw, notes_said)
    tempo = _tempo(raw, notes_said)
    bar_ticks = meter.bar_length * tpq  # may be fractional at odd resolutions
    ours = raw.written_by_us
    chords = _chords(raw) if ours else accompaniment_chords(raw, choice, meter)
    # Our own files keep their bars exactly: no skipping of empty bars, sections end at the end.
    first_bar = 0 if ours else int(Fraction(choice.notes[0].start) // bar_ticks)
    last_tick = raw.end_tick if ours else max(n.end for n in choice.notes)
    last_bar = _ceil(Fraction(last_tick) / bar_ticks)
    if first_bar:
        notes_said.append(f"{_count(first_bar, 'empty bar')} before the melody skipped")
    boundaries = _section_starts(raw, bar_ticks, first_bar, last_bar, any_label=ours)
    section_keys = _section_keys(raw, bar_ticks, _written_key(raw)) if ours else {}
    sung = _sung_notes(raw, choice.notes, notes_said)
    sections, form = _sections(boundaries, last_bar, bar_ticks, tpq, choice.notes, chords, section_keys, sung)
    sections = _with_words(raw, sections, sung, ours)
    draft = Song(title=title, meter=meter, tempo=tempo, sections=tuple(sections), form=tuple(form))
    all_chords = tuple(c for section, _ in draft.in_form_order() for c in section.chords)
    key, key_source = _key(raw, draft.melody(), meter, all_chords, choice.track)
    if not ours:
        draft = _respell_chords(draft, key)
    song = draft.replace(key=key)
    return ImportedSong(song, choice.source, key_source, tuple(notes_said))


MAX_BEATS = 20_000  # about 2.8 hours at 120 bpm: anything longer is a broken file, not a song


def _check_span(raw: RawMidi) -> None:
    """Refuse files whose notes spread over absurd lengths (huge delta times) before any
    per-bar work, which would otherwise take minutes and memory for millions of empty bars."""
    ticks = [tick for track in raw.tracks for note in track.notes for tick in (note.start, note.end)]
    if ticks and (max(ticks) - min(ticks)) / raw.ticks_per_beat > MAX_BEATS:
        beats = (max(ticks) - min(ticks)) // raw.ticks_per_beat
        raise MidiFileError(f"{raw.path}: the notes spread over {beats:,} beats (more than {MAX_BEATS:,}); "
                            f"the file's timing is broken")


def _ceil(value: Fraction) -> int:
    return -(-value.numerator // value.denominator)


def _meter(raw: RawMidi, notes_said: list[str]) -> Meter:
    """The meter that holds longest; bars are laid from the top of the file in it."""
    usable: list[tuple[int, Meter]] = []
    for tick, numerator, denominator in raw.time_signatures:
        if numerator == 1:  # 1/4 or 1/8: a placeholder some exporters write, not a meter
            notes_said.append(f"time signature {numerator}/{denominator} ignored")
            continue
        try:
            usable.append((tick, Meter(numerator, denominator)))
        except InvalidMeter:
            notes_said.append(f"unusable time signature {numerator}/{denominator} ignored")
    if not usable:
        notes_said.append("no usable time signature in the file: 4/4 assumed")
        return Meter(4, 4)
    meter, changes = _longest_held(usable, raw.end_tick, Meter(4, 4))
    if changes:
        notes_said.append(f"the file changes meter {_count(changes, 'time')}; bars follow {meter}")
    return meter


def _tempo(raw: RawMidi, notes_said: list[str]) -> float:
    """The tempo that holds longest (tempo maps drift and ritardando)."""
    if not raw.tempos:
        return 120.0
    tempo, changes = _longest_held([(tick, round(bpm, 2)) for tick, bpm in raw.tempos], raw.end_tick, 120.0)
    if changes:
        notes_said.append(f"the file changes tempo {_count(changes, 'time')}; the main tempo, {tempo:g} BPM, is used")
    clamped = min(MAX_TEMPO, max(MIN_TEMPO, tempo))
    if clamped != tempo:
        notes_said.append(f"tempo {tempo:g} BPM is out of range; {clamped:g} BPM used")
    return clamped


def _longest_held(marks: list[tuple[int, T]], end_tick: int, default: T) -> tuple[T, int]:
    """Of a map of (tick, value) changes, the value in force longest, and how many changes.

    Of several marks on one tick the last one holds (files often write a placeholder first);
    before the first mark the MIDI default holds.
    """
    by_tick: dict[int, T] = {}
    for tick, value in marks:
        by_tick[tick] = value
    timeline = sorted(by_tick.items())
    if timeline[0][0] > 0:
        timeline.insert(0, (0, default))
    held: dict[T, int] = {}
    stops = [tick for tick, _ in timeline[1:]] + [max(end_tick, timeline[-1][0] + 1)]
    for (tick, value), stop in zip(timeline, stops):
        held[value] = held.get(value, 0) + stop - tick
    changes = sum(1 for (_, a), (_, b) in zip(timeline, timeline[1:]) if a != b)
    return max(held, key=lambda value: held[value]), changes


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


def _key(raw: RawMidi, melody: tuple[Note, ...], meter: Meter, chords: tuple[Chord, ...], melody_track: RawTrack | None) -> tuple[Key, str]:
    """Our own exact key text; else the key finder (with the arrangement's other parts when
    there are any), with the file's signature as a weak prior."""
    written = _written_key(raw)
    if written is not None:
        return written, "written by cocomposer"
    signature: Key | None = None
    if raw.key_signatures:
        try:
            signature = Key.parse(raw.key_signatures[0][1])
        except InvalidKey:
            signature = None
    parts = PartsEvidence.of(raw, melody_track)
    estimate = find_key(melody, meter, signature=signature, chords=chords) if parts is None else \
        find_arrangement_key(melody, meter, parts, signature=signature, chords=chords)
    said = f"the file's signature says {signature}" if signature else "no key signature in the file"
    found_in = "melody and the parts under it" if parts else "melody and chords" if chords else "melody"
    return estimate.key, f"found in the {found_in} (confidence {estimate.confidence:.2f}; {said})"


def _written_key(raw: RawMidi) -> Key | None:
    """The song's exact key as our exporter writes it in a text event, if the file has it."""
    for _, text in raw.texts:
        match = KEY_TEXT.match(text.strip())
        if match:
            try:
                return Key.parse(match[1])
            except InvalidKey:
                return None
    return None


def _section_keys(raw: RawMidi, bar_ticks: Fraction, home: Key | None) -> dict[int, Key | None]:
    """Where the key changes, by bar, in a file we wrote: the exact key text our exporter
    puts at each change, else a key signature on that bar line; None where the change is
    back to the song's key `home` (its signature stands for it, even for a mode no signature
    can name). Without our key text there is nothing to compare with, and other files'
    signatures are not believed per section (they are often wrong)."""
    if home is None:
        return {}
    found: dict[int, Key | None] = {}
    exact: set[int] = set()
    for tick, text in raw.texts:
        match = SECTION_KEY_TEXT.match(text.strip())
        bar = _bar_at(tick, bar_ticks)
        if match and bar is not None:
            try:
                key = Key.parse(match[1])
            except InvalidKey:
                continue
            found[bar] = None if key == home else key
            exact.add(bar)
    for tick, signature in raw.key_signatures:
        bar = _bar_at(tick, bar_ticks)
        if bar is None or bar in exact:
            continue
        try:
            found[bar] = None if signature == home.midi_key_signature() else Key.parse(signature)
        except InvalidKey:
            continue
    return found


def _bar_at(tick: int, bar_ticks: Fraction) -> int | None:
    """The bar starting at this tick; None for a tick inside a bar."""
    bar, within = divmod(Fraction(tick), bar_ticks)
    return int(bar) if within == 0 else None


def _chords(raw: RawMidi) -> list[tuple[Fraction, Fraction, str]]:
    """Chord symbols written by our exporter: text events on the chord track (tick, end, symbol)."""
    track = next((t for t in raw.tracks if t.name == CHORD_TRACK_NAME and t.text_events), None)
    if track is None:
        return []
    ends = _note_ends_by_onset(track)
    chords: list[tuple[Fraction, Fraction, str]] = []
    for tick, text in track.text_events:
        try:
            parse_chord_symbol(text)
        except InvalidSong:
            continue
        if tick in ends:
            chords.append((Fraction(tick), Fraction(ends[tick]), text.strip()))
    return chords


def accompaniment_chords(raw: RawMidi, choice: MelodyChoice, meter: Meter) -> list[tuple[Fraction, Fraction, str]]:
    """Chords detected in every pitched note that is not part of the melody line."""
    in_melody = {(n.pitch, n.start) for n in choice.notes}
    melody_track = choice.track
    accompaniment = sorted(
        (
            n for t in raw.tracks if not t.is_drum for n in t.notes
            if not (t is melody_track or melody_track is None) or (n.pitch, n.start) not in in_melody
        ),
        key=lambda n: n.start,
    )
    tpq = raw.ticks_per_beat
    detected = detect_chords(accompaniment, tpq, meter)
    return [(c.start * tpq, c.end * tpq, c.symbol) for c in detected]


def _respell_chords(song: Song, key: Key) -> Song:
    """Detected chord roots spelled for the key found (flats in flat keys: Bb, not A#)."""
    if key.fifths >= 0:
        return song
    sections = tuple(
        s.replace(chords=tuple(Chord(respell_flat(c.symbol), c.start, c.duration) for c in s.chords)) for s in song.sections
    )
    return song.replace(sections=sections)


def _note_ends_by_onset(track: RawTrack) -> dict[int, int]:
    ends: dict[int, int] = {}
    for note in track.notes:
        ends[note.start] = max(ends.get(note.start, 0), note.end)
    return ends


def _section_starts(
    raw: RawMidi, bar_ticks: Fraction, first_bar: int, last_bar: int, any_label: bool
) -> list[tuple[int, str]]:
    """(bar, name) where sections begin: section-like markers snapped to bars, else 'main'.

    Markers in other people's files are often credits and copyright lines, so only labels
    that read like section names count, unless the file is ours (`any_label`).
    """
    starts: list[tuple[int, str]] = []
    for tick, text in raw.markers:
        label = text.strip()
        if not label or len(label) > 40 or not (any_label or SECTION_WORDS.match(label)):
            continue
        bar = max(first_bar, round(Fraction(tick) / bar_ticks))
        if bar >= last_bar:
            continue
        name = label if any_label else re.sub(r"\s+", "-", label.lower())
        if starts and starts[-1][0] == bar:
            starts[-1] = (bar, name)  # of two markers on one bar, the later one names it
        else:
            starts.append((bar, name))
    if not starts:
        return [(first_bar, "main")]
    if starts[0][0] > first_bar:
        taken = {name for _, name in starts}
        starts.insert(0, (first_bar, "intro" if "intro" not in taken else "pickup"))
    return starts


def _sections(
    starts: list[tuple[int, str]],
    last_bar: int,
    bar_ticks: Fraction,
    tpq: int,
    melody: tuple[RawNote, ...],
    chords: list[tuple[Fraction, Fraction, str]],
    keys: dict[int, Key | None] | None = None,
    sung: dict[int, Syllable] | None = None,
) -> tuple[list[Section], list[str]]:
    """Cut the melody at the section starts; a repeated name with the same music is reused.
    `keys` are the key changes by bar, where the file says them: a section is in the key in
    force at its start."""
    keys = keys or {}
    current: Key | None = None  # the key in force holds until the next change
    sections: list[Section] = []
    form: list[str] = []
    spans = [(bar, name, next_bar) for (bar, name), (next_bar, _) in zip(starts, starts[1:] + [(last_bar, "")])]
    for bar, name, end_bar in spans:
        if end_bar <= bar:
            continue
        bars = min(end_bar - bar, MAX_BARS)
        begin, end = bar * bar_ticks, (bar + bars) * bar_ticks
        notes = _cut(melody, begin, end, tpq, sung or {})
        section_chords = tuple(
            Chord(symbol, ticks_to_beats(max(start, begin) - begin, tpq), ticks_to_beats(min(stop, end) - max(start, begin), tpq))
            for start, stop, symbol in chords
            if start < end and stop > begin and ticks_to_beats(min(stop, end) - max(start, begin), tpq) > 0
        )
        current = keys.get(bar, current)
        words = lyrics_text([sung[tick] for tick in sorted(sung or {}) if begin <= tick < end])[:10_000]
        section = Section(name, bars, notes, section_chords, current, words)
        same_name = [s for s in sections if s.name == name or s.name.startswith(name + "-")]
        twin = next((s for s in same_name if s.bars == section.bars and s.notes == section.notes
                     and s.chords == section.chords and s.key == section.key), None)
        if twin is not None:
            form.append(twin.name)
            continue
        if same_name:
            section = section.replace(name=f"{name}-{len(same_name) + 1}")
        sections.append(section)
        form.append(section.name)
    return sections, form


def _cut(melody: tuple[RawNote, ...], begin: Fraction, end: Fraction, tpq: int,
         sung: dict[int, Syllable]) -> tuple[Note, ...]:
    """The melody notes starting in [begin, end), in beats from `begin`, cut at `end`, each
    with the syllable sung on it (`sung`: by the note's start tick)."""
    notes: list[Note] = []
    for raw_note in melody:
        if not begin <= raw_note.start < end:
            continue
        start = ticks_to_beats(raw_note.start - begin, tpq)
        stop = ticks_to_beats(min(Fraction(raw_note.end), end) - begin, tpq)
        if notes and start < notes[-1].end:  # two onsets snapped onto one grid tick
            continue
        if stop > start:
            syllable = sung.get(raw_note.start)
            notes.append(Note(raw_note.pitch, start, stop - start, max(1, raw_note.velocity),
                              syllable.text[:40] if syllable else None))
    return tuple(notes)


def _sung_notes(raw: RawMidi, melody: tuple[RawNote, ...], notes_said: list[str]) -> dict[int, Syllable]:
    """Each sung melody note's syllable, by the note's start tick: from lyric events, or from
    a karaoke track's text events when the file has no lyric events (`.kar`). A syllable goes
    to the melody note starting at its tick (or within a 32nd note of it)."""
    events = list(raw.lyrics)
    karaoke = raw.path.lower().endswith(".kar") or any(text.startswith("@KMIDI") for _, text in raw.texts)
    if not events and not raw.written_by_us:  # Soft Karaoke: syllables in the text events of a "Words" track
        words = [t for t in raw.tracks if is_karaoke_words(list(t.text_events))
                 and (karaoke or re.search(r"words|lyric|karaoke|vocal", t.name, re.IGNORECASE))]
        events = list(words[0].text_events) if words else []
    if not events or not melody:
        return {}
    syllables = syllables_from_events(events, ours=raw.written_by_us)
    starts = sorted(n.start for n in melody)
    tolerance = raw.ticks_per_beat // 8
    sung: dict[int, Syllable] = {}
    unplaced = 0
    for syllable in syllables:
        index = min(range(len(starts)), key=lambda i: abs(starts[i] - syllable.tick))
        if abs(starts[index] - syllable.tick) > tolerance or starts[index] in sung:
            unplaced += 1
            continue
        sung[starts[index]] = syllable
    if unplaced:
        notes_said.append(f"{_count(unplaced, 'syllable')} of the lyrics not on a melody note left out")
    return sung


def _with_words(raw: RawMidi, sections: list[Section], sung: dict[int, Syllable], ours: bool) -> list[Section]:
    """Our own files keep each section's words exactly as they were written (a text event
    beside the section's marker); other files keep the text rebuilt from their syllables."""
    if not ours:
        return sections
    written: dict[str, str] = {}
    for _, text in raw.texts:
        match = SECTION_LYRICS_TEXT.match(text.strip())
        if match:
            try:
                data = json.loads(match[1])
                written[str(data["section"])] = str(data["text"])
            except (ValueError, KeyError, TypeError):
                continue
    return [s.replace(lyrics=written.get(s.name, "")) for s in sections]
