"""Song -> MusicXML through music21: the melody part with chord symbols and section marks.

Notation wants tidy rhythms: onsets and lengths are snapped to a 1/12-beat grid (16ths and
triplets stay exact; a humanized 0.01-beat nudge does not survive, which is the point of
notation). Sections play in form order, each opening with a rehearsal mark, and with a key
signature where it is in another key than the section before (a modulation, `Section.key`).
Sung notes carry `<lyric>` with its syllabic (single, begin, middle, end); a syllable held
over the next notes (our "_") gets an `<extend/>` line, as MuseScore draws it.
"""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path
from typing import Any

from song.files import SIGNATURE, write_atomically
from song.model import MELISMA, Song

NOTATION_GRID = Fraction(1, 12)


def _snap(value: Fraction) -> Fraction:
    return round(value / NOTATION_GRID) * NOTATION_GRID


def _music21_pitch_name(name: str) -> str:
    """'Bb' -> 'B-' (music21 writes flats with a minus)."""
    return name[0] + name[1:].replace("b", "-")


def song_to_score(song: Song) -> Any:
    """The song as a music21 Score (one part), ready for notation export."""
    from music21 import expressions, harmony, key, meter, metadata, note, stream, tempo

    score = stream.Score()
    score.metadata = metadata.Metadata()
    score.metadata.title = song.title
    part = stream.Part(id="melody")
    part.partName = "Melody"
    part.insert(0, meter.TimeSignature(str(song.meter)))
    part.insert(0, tempo.MetronomeMark(number=song.tempo))
    in_force = None
    for section, offset in song.in_form_order():
        section_key = section.key_in(song.key)
        if section_key != in_force:  # the first section's key at the top, then each change
            part.insert(float(offset), key.Key(_music21_pitch_name(section_key.tonic), section_key.mode))
            in_force = section_key
        part.insert(float(offset), expressions.RehearsalMark(section.name))
        previous_end = Fraction(0)
        word_goes_on = False
        length = section.length(song.meter)
        for item in section.notes:
            start = max(_snap(item.start), previous_end)
            end = min(max(_snap(item.end), start + NOTATION_GRID), length)
            if end <= start:
                continue  # only a note squeezed out at the very end of a section
            melody_note = note.Note(item.pitch, quarterLength=end - start)
            melody_note.volume.velocity = item.velocity
            if item.lyric is not None and item.lyric != MELISMA:
                text, syllabic = _syllabic(item.lyric, word_goes_on)
                melody_note.lyrics.append(note.Lyric(text, syllabic=syllabic))
                word_goes_on = item.lyric.endswith("-")
            part.insert(offset + start, melody_note)
            previous_end = end
        for chord in section.chords:
            symbol = harmony.ChordSymbol(_music21_figure(chord.symbol))
            symbol.quarterLength = 0
            part.insert(offset + _snap(chord.start), symbol)
    if in_force is None:
        part.insert(0, key.Key(_music21_pitch_name(song.key.tonic), song.key.mode))
    end = song.total_beats
    if end > 0:
        part.makeRests(fillGaps=True, inPlace=True, refStreamOrTimeRange=[0.0, float(end)])
    score.insert(0, part)
    return score


def _syllabic(lyric: str, inside_word: bool) -> tuple[str, str]:
    """Our syllable -> (text, MusicXML syllabic): "let-" starts a word, "ters" after it ends one."""
    goes_on = lyric.endswith("-")
    text = lyric[:-1] if goes_on and len(lyric) > 1 else lyric
    if inside_word:
        return text, "middle" if goes_on else "end"
    return text, "begin" if goes_on else "single"


def _extend_held_syllables(song: Song, document: bytes) -> bytes:
    """Add <extend/> to each lyric whose syllable the next notes hold (our "_"): the k-th
    <lyric> of the document is the k-th sung note of the song in form order."""
    held = []
    for section, _ in song.in_form_order():
        sung = [n for n in section.notes if n.lyric is not None]
        for this, after in zip(sung, sung[1:] + [None]):
            if this.lyric != MELISMA:
                held.append(after is not None and after.lyric == MELISMA)
    if not any(held):
        return document
    parts = document.split(b"</lyric>")
    for index, extend in enumerate(held[: len(parts) - 1]):
        if extend:
            parts[index] += b"<extend />"
    return b"</lyric>".join(parts)


def _music21_figure(symbol: str) -> str:
    """Our chord symbol in music21's spelling ('Bbm7/Ab' -> 'B-m7/A-', 'Cø7' -> 'Cm7b5')."""
    root, rest = symbol[0], symbol[1:]
    if rest.startswith("b"):
        root, rest = root + "-", rest[1:]
    elif rest.startswith("#"):
        root, rest = root + "#", rest[1:]
    if "/" in rest:
        quality, bass = rest.split("/", 1)
        rest = quality + "/" + _music21_pitch_name(bass)
    for ours, theirs in (("ø7", "m7b5"), ("ø", "m7b5"), ("Δ", "maj7"), ("°7", "dim7"), ("°", "dim")):
        rest = rest.replace(ours, theirs)
    return root + rest


def song_to_musicxml_bytes(song: Song) -> bytes:
    """The MusicXML document, marked as written by cocomposer."""
    from music21.musicxml.m21ToXml import GeneralObjectExporter

    data = _extend_held_syllables(song, GeneralObjectExporter(song_to_score(song)).parse())
    marker = b"<encoding>"
    return data.replace(marker, marker + b"<software>" + SIGNATURE + b"</software>", 1)


def export_musicxml(song: Song, path: str | os.PathLike[str], force: bool = False) -> Path:
    """Write the song as MusicXML (atomically); FileWriteError says why it cannot."""
    return write_atomically(path, song_to_musicxml_bytes(song), force)
