"""Prosody: how the words sit on the melody, as critique findings that name bar, note and word.

Read from the sung notes themselves (each note's syllable, "_" for a held one), with the
stresses of each word from the CMU dictionary (song/words.py), so it works on words set by
us, typed into a file, or read from a karaoke file. Each finding proposes setting the words
again (`set_lyrics` with the section's own words), which places stresses on strong beats.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from song.keys import pitch_name
from song.lyric_setting import is_strong
from song.model import MELISMA, Note
from song.words import FUNCTION_WORDS, WORD, stresses_of, syllabify
from tools.calls import ToolCall
from tools.findings import Finding, SectionContext


@dataclass(frozen=True)
class SungWord:
    text: str
    notes: tuple[Note, ...]  # the note each syllable starts on
    stresses: tuple[int, ...]
    rest_inside: bool  # a rest falls between two of its syllables


def sung_words(notes: tuple[Note, ...]) -> list[SungWord]:
    """The words as the notes sing them: syllables joined until one does not end in '-'."""
    words: list[SungWord] = []
    pieces: list[tuple[str, Note]] = []
    rest_inside = False
    for index, note in enumerate(notes):
        if note.lyric is None or note.lyric == MELISMA:
            continue
        if pieces and note.start > _end_of_syllable(notes, pieces[-1][1]):
            rest_inside = True
        pieces.append((note.lyric.rstrip("-"), note))
        if not note.lyric.endswith("-"):
            text = "".join(p for p, _ in pieces)
            stresses, _ = stresses_of(text)
            if len(stresses) != len(pieces):
                stresses = [2] + [0] * (len(pieces) - 1) if len(pieces) > 1 else stresses[:1]
            words.append(SungWord(text, tuple(n for _, n in pieces), tuple(stresses), rest_inside))
            pieces, rest_inside = [], False
    return words


def _end_of_syllable(notes: tuple[Note, ...], first: Note) -> Fraction:
    """Where the syllable begun on `first` stops sounding (its held notes included)."""
    end = first.end
    for note in notes[notes.index(first) + 1:]:
        if note.lyric != MELISMA or note.start > end:
            break
        end = note.end
    return end


def prosody(context: SectionContext) -> list[Finding]:
    section, meter = context.section, context.meter
    if not section.lyrics and not any(n.lyric for n in section.notes):
        return []
    fix = ToolCall("set_lyrics", {"section": section.name, "text": section.lyrics}) if section.lyrics else None
    bar_of = lambda note: int(note.start // meter.bar_length) + 1  # noqa: E731
    findings: list[Finding] = []
    for word in sung_words(section.notes):
        if len(word.notes) > 1:
            for stress, note in zip(word.stresses, word.notes):
                if stress == 2 and not is_strong(meter, note.start) and (note.start % meter.beat_length) != 0:
                    sung = "-".join(s.upper() if is_strong(meter, n.start) else s for s, n in zip(_spell(word), word.notes))
                    findings.append(Finding("suggestion", section.name, (bar_of(note), bar_of(note)),
                                            f"'{word.text}': its stressed syllable falls off the beat on {pitch_name(note.pitch)} "
                                            f"(it may be heard as {sung})", {"word": word.text}, fix))
        if word.text.lower() in FUNCTION_WORDS and len(word.notes) == 1:
            note = word.notes[0]
            if meter.bar_length and note.start % meter.bar_length == 0 and note.duration >= 2:
                findings.append(Finding("info", section.name, (bar_of(note), bar_of(note)),
                                        f"'{word.text}' is held {float(note.duration):g} beats on the downbeat; a small word "
                                        f"sounds heavy there", {"word": word.text}, fix))
        if word.rest_inside:
            first = word.notes[0]
            findings.append(Finding("suggestion", section.name, (bar_of(first), bar_of(word.notes[-1])),
                                    f"'{word.text}' is broken by a rest", {"word": word.text}, fix))
    findings += _lines_ending_mid_phrase(context, fix)
    wanted = len(syllabify(section.lyrics).syllables) if section.lyrics else 0
    sung = sum(1 for n in section.notes if n.lyric not in (None, MELISMA))
    if wanted > sung:
        findings.append(Finding("warning", section.name, (1, section.bars),
                                f"the words have {wanted} syllables but the melody sings {sung}; some are not sung",
                                {"syllables": wanted, "sung": sung}, fix))
    return findings


def _lines_ending_mid_phrase(context: SectionContext, fix: ToolCall | None) -> list[Finding]:
    """A lyric line whose last syllable is shorter than a beat with the next line sung straight
    after it: the line ends where the melody does not breathe, mid-phrase."""
    section, meter = context.section, context.meter
    syllables = syllabify(section.lyrics).syllables
    sung = [n for n in section.notes if n.lyric not in (None, MELISMA)]
    if not syllables or len(sung) != len(syllables):
        return []
    lines = [text.strip() for text in section.lyrics.splitlines() if WORD.search(text)]
    findings, line = [], 0
    for index, (syllable, note) in enumerate(zip(syllables, sung)):
        if not syllable.last_in_line or index + 1 == len(sung):
            continue
        line += 1
        end = _end_of_syllable(section.notes, note)
        if end - note.start < meter.beat_length and sung[index + 1].start <= end:
            bar = int(note.start // meter.bar_length) + 1
            ending = lines[line - 1][-30:] if line <= len(lines) else syllable.word
            findings.append(Finding("suggestion", section.name, (bar, bar),
                                    f"line {line} ('...{ending}') ends mid-phrase: its last syllable is short and the "
                                    f"next line follows without a breath", {"line": line}, fix))
    return findings


def _spell(word: SungWord) -> list[str]:
    return [n.lyric.rstrip("-").lower() if n.lyric else "" for n in word.notes]
