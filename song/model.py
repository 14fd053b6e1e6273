"""The song: notes, chords, sections and the song itself, as immutable validated values.

A `Song` is what every tool reads and every edit returns anew; sessions store its JSON.
Times are exact `Fraction`s of quarter-note beats (see `song.beats`), measured from the start
of the section they belong to. Validation happens on construction, so a `Song` that exists
is a song every other part can trust: pitches in range, positive durations, a monophonic
melody, notes and chords inside their section's bars, a form that names real sections.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Iterable, Iterator

from song.beats import BeatsLike, to_beats
from song.chords import parse_chord_symbol
from song.errors import BadInput, InvalidKey, InvalidSong
from song.keys import Key, pitch_name
from song.meter import Meter
from song.units import DEFAULT_VELOCITY, HIGHEST_MIDI_PITCH, HIGHEST_VELOCITY, LOWEST_MIDI_PITCH, LOWEST_VELOCITY, is_midi_pitch

MIN_TEMPO, MAX_TEMPO = 10.0, 500.0
MAX_BARS = 2000
_SECTION_NAME = re.compile(r"^[^\x00-\x1f]{1,40}$")


def _beats(value: BeatsLike, what: str) -> Fraction:
    try:
        return to_beats(value)
    except (ValueError, TypeError, ZeroDivisionError):
        raise InvalidSong(f"{what} must be a number of beats, got {value!r}") from None


MAX_SYLLABLE_CHARS = 40
MAX_LYRICS_CHARS = 10_000
MELISMA = "_"  # a note's lyric when it holds the syllable before it


@dataclass(frozen=True)
class Note:
    """One melody note: MIDI pitch, onset and length in quarter-note beats, velocity 1-127,
    and the syllable sung on it, if any: "let-" (the word goes on), "ters" (it ends there),
    "_" (the note holds the syllable before it: a melisma); None for a note without words."""

    pitch: int
    start: Fraction
    duration: Fraction
    velocity: int = DEFAULT_VELOCITY
    lyric: str | None = None

    def __post_init__(self) -> None:
        if self.lyric is not None and (not isinstance(self.lyric, str) or not self.lyric.strip()
                                       or len(self.lyric) > MAX_SYLLABLE_CHARS or not self.lyric.isprintable()):
            raise InvalidSong(f"a note's lyric must be one syllable of 1-{MAX_SYLLABLE_CHARS} printable characters, "
                              f"got {self.lyric!r}")
        object.__setattr__(self, "start", _beats(self.start, "a note's start"))
        object.__setattr__(self, "duration", _beats(self.duration, "a note's duration"))
        if isinstance(self.pitch, bool) or not isinstance(self.pitch, int) or not is_midi_pitch(self.pitch):
            raise InvalidSong(f"note pitch must be a MIDI number {LOWEST_MIDI_PITCH}-{HIGHEST_MIDI_PITCH}, got {self.pitch!r}")
        if isinstance(self.velocity, bool) or not isinstance(self.velocity, int) or not LOWEST_VELOCITY <= self.velocity <= HIGHEST_VELOCITY:
            raise InvalidSong(f"note velocity must be {LOWEST_VELOCITY}-{HIGHEST_VELOCITY}, got {self.velocity!r}")
        if self.start < 0:
            raise InvalidSong(f"note {self.name} starts before its section (beat {float(self.start)})")
        if self.duration <= 0:
            raise InvalidSong(f"note {self.name} at beat {float(self.start)} has no positive duration")

    @property
    def end(self) -> Fraction:
        return self.start + self.duration

    @property
    def name(self) -> str:
        return pitch_name(self.pitch)


@dataclass(frozen=True)
class Chord:
    """A chord symbol ("Am7", "F/A", "G7") sounding from `start` for `duration` beats."""

    symbol: str
    start: Fraction
    duration: Fraction

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", _beats(self.start, "a chord's start"))
        object.__setattr__(self, "duration", _beats(self.duration, "a chord's duration"))
        parse_chord_symbol(self.symbol)  # raises InvalidSong with the reason
        if self.start < 0:
            raise InvalidSong(f"chord {self.symbol} starts before its section")
        if self.duration <= 0:
            raise InvalidSong(f"chord {self.symbol} at beat {float(self.start)} has no positive duration")

    @property
    def end(self) -> Fraction:
        return self.start + self.duration


@dataclass(frozen=True)
class Section:
    """A named stretch of bars holding a monophonic melody, optional chords and words.

    Notes and chords are kept sorted by onset; overlapping notes are refused because the
    melody is one voice (a chord belongs in `chords`). `key` is None while the section is in
    the song's key; a section transposed on its own (a modulation) keeps its own key here,
    so that measures, edits and key signatures follow the music rather than the song's label.
    """

    name: str
    bars: int
    notes: tuple[Note, ...] = ()
    chords: tuple[Chord, ...] = ()
    key: Key | None = None
    lyrics: str = ""  # the words as the songwriter wrote them, line breaks kept (each note carries its syllable)

    def __post_init__(self) -> None:
        if not isinstance(self.lyrics, str) or len(self.lyrics) > MAX_LYRICS_CHARS:
            raise InvalidSong(f"section '{self.name}': lyrics must be text of at most {MAX_LYRICS_CHARS:,} characters")
        if not isinstance(self.name, str) or not _SECTION_NAME.match(self.name) or not self.name.strip():
            raise InvalidSong(f"section name must be 1-40 printable characters, got {self.name!r}")
        if self.key is not None:
            try:
                object.__setattr__(self, "key", Key.parse(self.key))  # text like "D major" accepted
            except InvalidKey as error:
                raise InvalidSong(f"section '{self.name}': {error}") from None
        if isinstance(self.bars, bool) or not isinstance(self.bars, int) or not 1 <= self.bars <= MAX_BARS:
            raise InvalidSong(f"section '{self.name}': bars must be a whole number 1-{MAX_BARS}, got {self.bars!r}")
        notes = tuple(sorted(self.notes, key=lambda n: (n.start, n.pitch)))
        chords = tuple(sorted(self.chords, key=lambda c: c.start))
        object.__setattr__(self, "notes", notes)
        object.__setattr__(self, "chords", chords)
        for before, after in zip(notes, notes[1:]):
            if after.start < before.end:
                raise InvalidSong(
                    f"section '{self.name}': {before.name} at beat {float(before.start):g} overlaps "
                    f"{after.name} at beat {float(after.start):g} (the melody must be one voice)"
                )
        for before, after in zip(chords, chords[1:]):
            if after.start < before.end:
                raise InvalidSong(
                    f"section '{self.name}': chord {before.symbol} at beat {float(before.start):g} "
                    f"overlaps {after.symbol} at beat {float(after.start):g}"
                )

    def key_in(self, song_key: Key) -> Key:
        """The key this section is in: its own after a modulation, else the song's."""
        return self.key or song_key

    def length(self, meter: Meter) -> Fraction:
        """The section's length in beats under a meter."""
        return self.bars * meter.bar_length

    def check_fits(self, meter: Meter) -> None:
        """Raise InvalidSong when a note or chord reaches past the section's last bar."""
        limit = self.length(meter)
        for note in self.notes:
            if note.end > limit:
                raise InvalidSong(
                    f"section '{self.name}': {note.name} at beat {float(note.start):g} ends after "
                    f"its {self.bars} bars of {meter}"
                )
        for chord in self.chords:
            if chord.end > limit:
                raise InvalidSong(
                    f"section '{self.name}': chord {chord.symbol} at beat {float(chord.start):g} "
                    f"ends after its {self.bars} bars of {meter}"
                )

    def replace(self, **changes: object) -> "Section":
        return dataclasses.replace(self, **changes)


STYLES = (None, "pop", "folk")  # the styles the critique has norms for


@dataclass(frozen=True)
class Song:
    """A song draft: key, meter and tempo, sections by name, and the form they play in.

    `key` and `meter` accept text ("D minor", "6/8") and are stored parsed. An empty `form`
    means the sections in the order given.
    """

    title: str = "Untitled"
    key: Key = field(default_factory=lambda: Key("C"))
    meter: Meter = field(default_factory=lambda: Meter(4, 4))
    tempo: float = 120.0
    sections: tuple[Section, ...] = ()
    form: tuple[str, ...] = ()
    style: str | None = None  # "pop" or "folk" when the songwriter said so; the critique guesses otherwise

    def __post_init__(self) -> None:
        if self.style not in STYLES:
            raise InvalidSong(f"the style must be one of {', '.join(s for s in STYLES if s)}, not {self.style!r}")
        object.__setattr__(self, "key", Key.parse(self.key))
        object.__setattr__(self, "meter", Meter.parse(self.meter))
        object.__setattr__(self, "sections", tuple(self.sections))
        if not isinstance(self.title, str) or len(self.title) > 200:
            raise InvalidSong("the title must be text of at most 200 characters")
        object.__setattr__(self, "title", " ".join(self.title.split()) or "Untitled")
        if isinstance(self.tempo, bool) or not isinstance(self.tempo, (int, float)) or not MIN_TEMPO <= self.tempo <= MAX_TEMPO:
            raise InvalidSong(f"tempo must be {MIN_TEMPO:g}-{MAX_TEMPO:g} BPM, got {self.tempo!r}")
        object.__setattr__(self, "tempo", float(self.tempo))
        names = [section.name for section in self.sections]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise InvalidSong(f"two sections share the name {duplicates[0]!r}")
        form = tuple(self.form) if self.form else tuple(names)
        unknown = [name for name in form if name not in names]
        if unknown:
            raise InvalidSong(
                f"the form names a section that does not exist: {unknown[0]!r} "
                f"(sections: {', '.join(names) or 'none'})"
            )
        object.__setattr__(self, "form", form)
        for section in self.sections:
            section.check_fits(self.meter)

    @property
    def section_names(self) -> tuple[str, ...]:
        return tuple(section.name for section in self.sections)

    def section(self, name: str) -> Section:
        """The section with this name; BadInput listing the real names when there is none."""
        for section in self.sections:
            if section.name == name:
                return section
        raise BadInput(
            f"no section named {name!r} (sections: {', '.join(self.section_names) or 'none yet'})"
        )

    def has_section(self, name: str) -> bool:
        return name in self.section_names

    def with_section(self, section: Section) -> "Song":
        """A new song with this section replaced, or added at the end (and of the form)."""
        if self.has_section(section.name):
            sections = tuple(section if s.name == section.name else s for s in self.sections)
            return dataclasses.replace(self, sections=sections)
        return dataclasses.replace(
            self, sections=self.sections + (section,), form=self.form + (section.name,)
        )

    def replace(self, **changes: object) -> "Song":
        return dataclasses.replace(self, **changes)

    def in_form_order(self) -> Iterator[tuple[Section, Fraction]]:
        """Each section as it plays, with its start in beats from the top of the song."""
        offset = Fraction(0)
        for name in self.form:
            section = self.section(name)
            yield section, offset
            offset += section.length(self.meter)

    def melody(self) -> tuple[Note, ...]:
        """Every note as the song plays (form order), timed from the top of the song."""
        return tuple(
            dataclasses.replace(note, start=note.start + offset)
            for section, offset in self.in_form_order()
            for note in section.notes
        )

    @property
    def total_beats(self) -> Fraction:
        return sum((s.length(self.meter) for s in (self.section(n) for n in self.form)), Fraction(0))

    @property
    def note_count(self) -> int:
        return sum(len(section.notes) for section in self.sections)


def notes_from(items: Iterable[tuple[int, BeatsLike, BeatsLike]], velocity: int = DEFAULT_VELOCITY) -> tuple[Note, ...]:
    """Shorthand for tests and examples: (pitch, start, duration) triples to Notes."""
    return tuple(Note(pitch, start, duration, velocity) for pitch, start, duration in items)
