"""Words for a section: set the lyrics to the melody it has (song/lyric_setting.py), and say
what was done in the songwriter's terms."""

from __future__ import annotations

from dataclasses import dataclass

from song.lyric_setting import set_words
from song.model import Song


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
