"""Words for a section: set the lyrics to the melody it has (song/lyric_setting.py), and say
what was done in the songwriter's terms."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from song.lyric_setting import set_words
from song.model import MELISMA, Section, Song
from song.words import syllabify


@dataclass(frozen=True)
class Worded:
    song: Song
    description: str


def set_lyrics(song: Song, section_name: str, text: str) -> Worded:
    """The song with `text` sung on the section's melody; the description says how it fit."""
    section = song.section(section_name)
    setting = set_words(section, song.meter, text)
    lines = len([line for line in text.splitlines() if line.strip()])
    description = f"{section_name}: words set ({lines} line{'s' if lines != 1 else ''}); " + "; ".join(setting.report)
    return Worded(song.replace(sections=tuple(setting.section if s.name == section_name else s for s in song.sections)),
                  description)


def keep_words(before: Song, after: Song) -> tuple[Song, list[str]]:
    """Words are never lost to a melody change: where a change left a section's words short of
    its notes (rewritten bars, a new melody, notes added or dropped), they are set again on the
    new notes; the songwriter's own new words (set_lyrics, a loaded file's) are left alone.
    Returns the song and one phrase per section whose words were set again."""
    from song.errors import InvalidSong

    old = {s.name: s for s in before.sections}
    sections, said = [], []
    for section in after.sections:
        previous = old.get(section.name)
        if previous is None or not previous.lyrics or section.lyrics not in ("", previous.lyrics):
            sections.append(section)
            continue
        if section.lyrics == previous.lyrics and (_sung(section) == _sung(previous) or _carries_words(section)):
            sections.append(section)
            continue
        bare = section.replace(notes=tuple(dataclasses.replace(n, lyric=None) for n in section.notes))
        try:
            setting = set_words(bare, after.meter, previous.lyrics)
            sections.append(setting.section)
            said.append(f"{section.name}: words set again on the new notes ({setting.report[-1]})")
        except InvalidSong as error:
            sections.append(bare.replace(lyrics=previous.lyrics))
            said.append(f"{section.name}: the words no longer fit the notes ({error}); they are kept as text")
    return after.replace(sections=tuple(sections)), said


def _sung(section: Section) -> list[str]:
    return [n.lyric for n in section.notes if n.lyric is not None]


def _carries_words(section: Section) -> bool:
    """Whether the notes sing the section's words, every syllable once, in order (a melody
    written for them)."""
    return [n.lyric for n in section.notes if n.lyric not in (None, MELISMA)] == \
        [s.lyric for s in syllabify(section.lyrics).syllables]
