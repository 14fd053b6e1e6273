"""Playing a song: render a WAV, hand it to whatever player this machine has.

Players tried in order: `aplay` (ALSA), `paplay` (PulseAudio), `afplay` (macOS), then the
`sounddevice` package if installed. The player runs in the background so the chat stays
usable; with no player (a server, a container) the WAV is kept and its path is the answer.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass

from song.model import Song

PLAYERS = ("aplay", "paplay", "afplay")


@dataclass(frozen=True)
class Playback:
    message: str
    player: str | None  # None when nothing could play it
    process: subprocess.Popen | None = None


def playable(song: Song, section: str | None = None) -> Song:
    """What `play` should render: the song, or only one section of it; BadInput when empty."""
    from song.errors import BadInput

    if section:
        song = song.replace(sections=(song.section(section),), form=(section,))
    if not song.sections:
        raise BadInput("there is nothing to play yet: compose or load something first")
    return song


def play(song: Song) -> Playback:
    """Render and start playing; the message says what happened (and where the WAV is)."""
    from song.audio import temporary_wav

    rendered = temporary_wav(song)
    prefix = f"{rendered.note}; " if rendered.note else ""
    length = f"{rendered.seconds:.1f} s"
    for name in PLAYERS:
        command = shutil.which(name)
        if command:
            process = subprocess.Popen([command, str(rendered.path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return Playback(f"{prefix}playing {length} with {name} ({rendered.path})", name, process)
    try:
        import sounddevice  # type: ignore[import-not-found]
        import soundfile  # type: ignore[import-not-found]

        data, rate = soundfile.read(str(rendered.path))
        sounddevice.play(data, rate)
        return Playback(f"{prefix}playing {length} with sounddevice ({rendered.path})", "sounddevice")
    except Exception:  # not installed, or no audio device: keep the file and say where
        pass
    return Playback(f"{prefix}no audio player found (aplay, paplay, afplay or sounddevice); the WAV is at {rendered.path}", None)
