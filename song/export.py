"""Writing a song in the format its file name asks for (MIDI, MusicXML or WAV audio)."""

from __future__ import annotations

import os
from pathlib import Path

from song.errors import BadInput
from song.model import Song

FORMATS_BY_SUFFIX = {".mid": "midi", ".midi": "midi", ".musicxml": "musicxml", ".xml": "musicxml", ".wav": "wav"}
FORMATS = ("midi", "musicxml", "wav")


def format_for(path: str | os.PathLike[str], requested: str | None = None) -> str:
    """The export format: the one requested, else the one the file name's suffix implies."""
    if requested:
        if requested not in FORMATS:
            raise BadInput(f"unknown format {requested!r} (use {' or '.join(FORMATS)})")
        return requested
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS_BY_SUFFIX:
        raise BadInput(f"{path}: cannot tell the format from {suffix or 'no suffix'!r} (use .mid, .musicxml or .wav)")
    return FORMATS_BY_SUFFIX[suffix]


def export_song(song: Song, path: str | os.PathLike[str], fmt: str | None = None, force: bool = False) -> Path:
    """Write `song` to `path`; BadInput/FileWriteError with the reason when it cannot."""
    chosen = format_for(path, fmt)
    if not song.sections:
        raise BadInput("the song has no sections yet: nothing to export")
    if chosen == "midi":
        from song.midi_export import export_midi

        return export_midi(song, path, force)
    if chosen == "wav":
        from song.audio import render_wav

        return render_wav(song, path, force).path
    from song.musicxml import export_musicxml

    return export_musicxml(song, path, force)
