"""Plain-text summaries of songs, sessions and imports for the CLI and the prompt loop."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from memory.sessions import Session, SessionInfo, VersionInfo
from song.model import Song
from ui.pianoroll import piano_roll

if TYPE_CHECKING:  # reading MIDI pulls in numpy: `sessions` and `show --json` do without it
    from song.midi_import import ImportedSong


def song_summary(song: Song) -> str:
    """Title, key, meter, tempo, form and one line per section."""
    lines = [
        f"{song.title}",
        f"  key {song.key} · meter {song.meter} · tempo {song.tempo:g} BPM",
        f"  form: {' → '.join(song.form) if song.form else '(no sections yet)'}",
    ]
    for section in song.sections:
        chords = f", {len(section.chords)} chords" if section.chords else ""
        pitches = [n.pitch for n in section.notes]
        key = section.key_in(song.key)
        span = f", range {key.spell(min(pitches))}-{key.spell(max(pitches))}" if pitches else ""
        own_key = f", in {section.key}" if section.key else ""
        lines.append(f"  · {section.name}: {section.bars} bars{own_key}, {len(section.notes)} notes{chords}{span}")
        lines += [f"      {line}" for line in section.lyrics.splitlines() if line.strip()]  # the words, as written
    return "\n".join(lines)


def import_summary(imported: ImportedSong, roll_bars: int = 4) -> str:
    """What `cocomposer show FILE.mid` prints: the song, where things came from, a piano roll."""
    song = imported.song
    lines = [song_summary(song), f"  melody: {imported.melody_source}", f"  key hint: {song.key} — {imported.key_source}"]
    lines += [f"  note: {note}" for note in imported.notes]
    if song.sections:
        first = song.sections[0]
        roll = piano_roll(first, song.meter, bars=roll_bars, key=song.key)
        lines += ["", f"{first.name}, {roll}"]
    return "\n".join(lines)


def _when(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d %H:%M")


def sessions_table(infos: list[SessionInfo]) -> str:
    if not infos:
        return "no sessions yet"
    width = max(len(info.name) for info in infos)
    rows = [f"{'name':<{width}}  versions  current  messages  updated"]
    rows += [
        f"{info.name:<{width}}  {info.versions:>8}  {info.current:>7}  {info.messages:>8}  {_when(info.updated)}"
        for info in infos
    ]
    return "\n".join(rows)


def history_lines(history: list[VersionInfo]) -> str:
    return "\n".join(
        f"{'→' if v.is_current else ' '} {v.number:>3}  {_when(v.created)}  {v.description}" for v in history
    )


def session_summary(session: Session) -> str:
    return "\n".join([f"session {session.name}", song_summary(session.song), "", "history:", history_lines(session.history())])
