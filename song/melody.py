"""Finding the melody in a MIDI arrangement and reducing it to one voice.

Songwriters bring full arrangements (drums, bass, pads, a vocal line) and piano recordings.
The melody is looked for in this order, and the choice is reported so the user can see it:
1. a track whose name says melody/vocal/lead (the strongest such name wins, ties broken by
   how melody-like the notes are);
2. the most melody-like non-drum track: mostly one note at a time, in a singing register,
   with enough notes;
3. the top line of all non-drum notes (a piano recording).
Whatever is chosen is then made monophonic by a skyline that tolerates legato overlaps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import mean

from song.midi_file import RawNote, RawTrack

STRONG_NAME = re.compile(r"melod|voc|voice|vox|sing|chant|voix|gesang|canto|lyric", re.IGNORECASE)
WEAK_NAME = re.compile(r"lead|solo|theme|tune|whistle|flute", re.IGNORECASE)
NOT_MELODY_NAME = re.compile(
    r"\bbg\b|back|harm|choir|bass|drum|perc|pad|string|chord|comp|rhythm|accomp|organ|gtr|guitar|piano",
    re.IGNORECASE,
)
MIN_MELODY_NOTES = 16
MELODIC_ENOUGH = 0.8  # share of notes that start while nothing else in the track sounds
SINGING_CENTRE = 70  # A#4: the middle of most sung melodies
SINGLE_LINE_POLYPHONY = 1.3
FULL_COVERAGE = 0.6  # a line lasting 60% of the song lasts enough: singers rest in intros, solos and outros
SYLLABIC_REPEATS = 0.25  # share of notes repeating the one before at which a line sounds sung (syllables on one pitch)
SINGING_SPREAD = 12  # semitones between a sung line's 10th and 90th percentile pitches; wider lines are instrumental


@dataclass(frozen=True)
class MelodyChoice:
    """The melody's notes (monophonic, file ticks) and a phrase saying where they came from."""

    notes: tuple[RawNote, ...]
    source: str
    dropped: int  # notes removed to make the line monophonic
    track: RawTrack | None  # None when the line was taken from the top of every track


def name_score(name: str) -> float:
    """How strongly a track name says 'this is the tune' (negative: says it is not)."""
    score = 0.0
    if STRONG_NAME.search(name):
        score += 2.0
    if WEAK_NAME.search(name):
        score += 1.0
    if NOT_MELODY_NAME.search(name):
        score -= 1.5
    return score


def monophony(notes: tuple[RawNote, ...], tolerance: int) -> float:
    """Share of notes that begin when no other note of the track is still sounding."""
    if not notes:
        return 0.0
    alone = 0
    sounding_until = -1
    for note in notes:
        if note.start >= sounding_until - tolerance:
            alone += 1
        sounding_until = max(sounding_until, note.end)
    return alone / len(notes)


def polyphony(notes: tuple[RawNote, ...]) -> float:
    """Mean number of notes sounding while anything sounds (1.0 for a clean single line)."""
    if not notes:
        return 0.0
    sounding = covered = 0
    reach = None
    start = None
    for note in sorted(notes, key=lambda n: n.start):
        sounding += note.end - note.start
        if reach is None or note.start > reach:
            if reach is not None:
                covered += reach - start
            start, reach = note.start, note.end
        else:
            reach = max(reach, note.end)
    covered += reach - start
    return sounding / covered if covered else 1.0


def is_single_line(notes: tuple[RawNote, ...]) -> bool:
    """A line played one note at a time, give or take legato overlaps and stray long notes."""
    return polyphony(notes) <= SINGLE_LINE_POLYPHONY


def melodic_score(track: RawTrack, ticks_per_beat: int, song_end: int) -> float:
    """Monophony counts most, then a singing register, lasting through most of the song, and
    what tells a sung line from an instrumental one beside it (a pop arrangement's secondary
    melody): syllables repeated on one pitch and a narrow spread. Weights chosen on POP909's
    training songs (vocal line picked from unnamed tracks: 76% before, 98% after)."""
    notes = track.notes
    register = max(0.0, 1.0 - abs(mean(n.pitch for n in notes) - SINGING_CENTRE) / 24)
    variety = min(1.0, len({n.pitch for n in notes}) / 7)
    amount = min(1.0, len(notes) / 100)
    coverage = min(1.0, (notes[-1].end - notes[0].start) / song_end / FULL_COVERAGE) if song_end else 0.0
    repeats = sum(a.pitch == b.pitch for a, b in zip(notes, notes[1:])) / max(1, len(notes) - 1)
    pitches = sorted(n.pitch for n in notes)
    spread = pitches[int(0.9 * len(pitches))] - pitches[int(0.1 * len(pitches))]
    return (
        2 * monophony(notes, ticks_per_beat // 8) + register + coverage
        + 0.5 * amount + 0.5 * variety
        + min(1.0, repeats / SYLLABIC_REPEATS) - 2 * max(0, spread - SINGING_SPREAD) / 12
    )


OUR_MELODY_TRACK = "Melody"  # the name song/midi_export.py gives the melody track


def choose_melody(tracks: tuple[RawTrack, ...], ticks_per_beat: int, ours: bool = False) -> MelodyChoice | None:
    """Pick the melody as the module docstring says; None when there are no pitched notes.

    In a file we wrote (`ours`) the melody is our melody track, however few or low its
    notes: a short low line under a chord track is still the song's melody, not accompaniment.
    """
    if ours:
        for track in tracks:
            if track.name == OUR_MELODY_TRACK and not track.is_drum:
                return MelodyChoice(track.notes, f"track '{track.name}' (written by cocomposer)", 0, track)
    pitched = [t for t in tracks if not t.is_drum and t.notes]
    if not pitched:
        return None
    most = max(len(t.notes) for t in pitched)
    song_end = max(t.notes[-1].end for t in pitched)
    score = {id(t): melodic_score(t, ticks_per_beat, song_end) for t in pitched}
    enough = min(MIN_MELODY_NOTES, max(1, most // 4))  # short songs have short melodies
    candidates = [t for t in pitched if len(t.notes) >= enough]
    named = [t for t in candidates if name_score(t.name) > 0]
    if named:
        best = max(named, key=lambda t: (name_score(t.name), score[id(t)]))
        return _line(best.notes, f"track '{best.name}' (named as the melody)", ticks_per_beat, best)
    tolerance = ticks_per_beat // 8
    melodic = [
        t for t in candidates
        if (monophony(t.notes, tolerance) >= MELODIC_ENOUGH or is_single_line(t.notes))
        and mean(n.pitch for n in t.notes) >= 55
    ]
    if melodic:
        best = max(melodic, key=lambda t: score[id(t)])
        label = f"track '{best.name}'" if best.name else f"track {best.index + 1}, channel {best.channel + 1}"
        return _line(best.notes, f"{label} (the most melodic track)", ticks_per_beat, best)
    every_note = tuple(sorted((n for t in pitched for n in t.notes), key=lambda n: (n.start, -n.pitch)))
    count = len(pitched)
    return _line(every_note, f"top line of {count} track{'s' if count > 1 else ''}", ticks_per_beat, None)


def _line(notes: tuple[RawNote, ...], source: str, ticks_per_beat: int, track: RawTrack | None) -> MelodyChoice:
    line = latest_onset_line(notes) if is_single_line(notes) else skyline(notes, legato=ticks_per_beat // 4)
    return MelodyChoice(line, source, len(notes) - len(line), track)


def latest_onset_line(notes: tuple[RawNote, ...]) -> tuple[RawNote, ...]:
    """One voice from a single line: every new onset ends the note before it (the highest of
    notes starting together is kept). Notes must come sorted by (start, -pitch)."""
    line: list[RawNote] = []
    for note in notes:
        if line and note.start == line[-1].start:
            continue
        if line and note.start < line[-1].end:
            previous = line[-1]
            line[-1] = RawNote(previous.pitch, previous.start, note.start, previous.velocity)
        line.append(note)
    return tuple(line)


def skyline(notes: tuple[RawNote, ...], legato: int) -> tuple[RawNote, ...]:
    """One voice from many: the highest note at each moment, tolerant of legato overlaps.

    A later, higher note cuts the sounding one short. A later, lower note is a new melody
    note too when it only overlaps the sounding one by a little (`legato` ticks or half the
    sounding note) and outlasts it; otherwise it is accompaniment under the tune and is
    dropped. Notes must come sorted by (start, -pitch).
    """
    line: list[RawNote] = []
    for note in notes:
        if not line or note.start >= line[-1].end:
            line.append(note)
            continue
        previous = line[-1]
        if note.start == previous.start:
            continue  # a lower note of the same onset: the top one is already kept
        overlap = previous.end - note.start
        takes_over = note.pitch >= previous.pitch or (
            note.end > previous.end and overlap <= max(legato, (previous.end - previous.start) // 2)
        )
        if takes_over:
            line[-1] = RawNote(previous.pitch, previous.start, note.start, previous.velocity)
            line.append(note)
    return tuple(line)
