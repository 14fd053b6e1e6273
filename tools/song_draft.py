"""A whole song draft: a form drawn from real pop songs (tools/pop_forms.py), each kind of
section written once by the melody model in its role, and repeats that repeat.

- The first verse, the pre-chorus, the chorus, the bridge, the intro and the outro are composed
  (in that order, so that later sections are written in a song that already has a verse).
- A second or third verse is the first verse with new details: its melody varied at
  VERSE_VARIATION (the same rhythm, a share of the pitches rewritten), as pop songs repeat a
  verse's tune with new words.
- Every chorus in the form is the same chorus section, as real choruses repeat.
- New sections get pop chords (tools/harmony.py's learned pop style).
Sections the song already has are kept as they are, and the form is built around them: "write
the rest of the song" never replaces what is there.
"""

from __future__ import annotations

from dataclasses import dataclass

from song.model import Song
from song.song_edits import arrange_song, copy_section
from tools.pop_forms import FormPart, draw_form

VERSE_VARIATION = 0.25
COMPOSE_ORDER = ("verse", "prechorus", "chorus", "bridge", "intro", "outro")
SECTION_NAMES = {"prechorus": "pre-chorus"}


@dataclass(frozen=True)
class Draft:
    song: Song
    description: str
    form: tuple[str, ...]


def named_form(form: list[FormPart]) -> list[tuple[str, FormPart]]:
    """Section names for a form: "verse", "verse 2", "verse 3"; every chorus "chorus"."""
    named, verses = [], 0
    for part in form:
        name = SECTION_NAMES.get(part.role, part.role)
        if part.role == "verse":
            verses += 1
            name = "verse" if verses == 1 else f"verse {verses}"
        named.append((name, part))
    return named


def write_song(song: Song, key: str | None = None, meter: str | None = None, tempo: float | None = None,
               style: str = "pop", density: float | None = None, syncopation: float | None = None,
               seed: int | None = None, bridge: bool = False) -> Draft:
    """The draft (see the module docstring). `bridge`: draw only forms that have a bridge."""
    from tools.compose import compose_section, vary_section
    from tools.harmony import harmonize_section

    form = draw_form(seed, require=("bridge",) if bridge else ())
    named = named_form(form)
    written: list[str] = []
    for role in COMPOSE_ORDER:
        for name, part in named:
            if part.role == role and not song.has_section(name) and (role != "verse" or name == "verse"):
                song = compose_section(song, name, part.bars, key, meter, tempo, style, seed,
                                       density=density, syncopation=syncopation).song
                song = harmonize_section(song, name, "pop").song
                written.append(name)
                break
    for name, part in named:
        if part.role == "verse" and name != "verse" and not song.has_section(name):
            song = copy_section(song, "verse", name)[0]
            song = vary_section(song, name, VERSE_VARIATION, None if seed is None else seed + 1).song
            written.append(name)
    order = [name for name, _ in named]
    song = arrange_song(song, order)[0]
    if style == "pop" and song.style is None:
        song = song.replace(style="pop")  # a pop song is held to pop norms, and its later sections are pop
    kept = [name for name in dict.fromkeys(order) if name not in written]
    bars = sum(song.section(name).bars for name in order)
    description = (f"song draft in {song.key}, {song.meter}: {' - '.join(order)} ({bars} bars); wrote {', '.join(written)}"
                   + (f"; kept {', '.join(kept)} as {'it was' if len(kept) == 1 else 'they were'}" if kept else "")
                   + ("; verses after the first repeat its tune with new details" if any(n.startswith("verse ") for n in written) else ""))
    return Draft(song, description, tuple(order))
