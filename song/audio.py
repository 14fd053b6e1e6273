"""A song as sound: a WAV file rendered with FluidSynth, or with a small built-in synth.

FluidSynth (the `pyfluidsynth` package over Debian's libfluidsynth3, both installed by
`make install`) plays the song's MIDI through a General MIDI soundfont: FluidR3 when the
`fluid-soundfont-gm` package is installed, else the small TimGM6mb that ships inside
pretty_midi. Without FluidSynth the built-in synth renders the same notes (a few decaying
harmonics per note, chords softer than the melody) and the result says so once per process.
The WAV is 16-bit mono at 44.1 kHz, written atomically, with an INFO chunk that marks it as
ours (so re-exporting over it needs no --force).
"""

from __future__ import annotations

import io
import os
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

from song.files import WRITTEN_BY_US, write_atomically
from song.model import Song
from song.units import HIGHEST_VELOCITY

SAMPLE_RATE = 44_100
SOUNDFONTS = (Path("/usr/share/sounds/sf2/FluidR3_GM.sf2"), Path("/usr/share/soundfonts/FluidR3_GM.sf2"))
FALLBACK_NOTE = "FluidSynth is not installed (pip install pyfluidsynth; apt install libfluidsynth3): rendered with the built-in synth"
_fallback_announced = False


@dataclass(frozen=True)
class Rendered:
    path: Path
    seconds: float
    rms: float  # of the samples in -1..1: 0 would mean silence
    engine: str  # "fluidsynth" or "built-in"
    note: str = ""  # said once per process when the built-in synth stands in


def soundfont() -> Path:
    import pretty_midi

    for candidate in SOUNDFONTS:
        if candidate.exists():
            return candidate
    return Path(pretty_midi.__file__).resolve().parent / "TimGM6mb.sf2"


def fluidsynth_available() -> bool:
    try:
        import fluidsynth  # noqa: F401 - pyfluidsynth loads libfluidsynth on import
    except (ImportError, OSError):
        return False
    return True


def render_samples(song: Song, engine: str | None = None):
    """The song as float samples in -1..1 (numpy array) and the engine used."""
    import numpy as np
    import pretty_midi

    from song.midi_export import song_to_midi_bytes

    midi = pretty_midi.PrettyMIDI(io.BytesIO(song_to_midi_bytes(song)))
    chosen = engine or ("fluidsynth" if fluidsynth_available() else "built-in")
    if chosen == "fluidsynth":
        samples = midi.fluidsynth(fs=SAMPLE_RATE, synthesizer=str(soundfont()))
    else:
        samples = _builtin_synth(midi)
    peak = float(np.max(np.abs(samples))) if len(samples) else 0.0
    if peak > 0:
        samples = samples * (0.89 / peak)
    return samples, chosen


def _builtin_synth(midi):
    """Each note: a few harmonics with a fast attack and an exponential decay."""
    import numpy as np

    length = int((midi.get_end_time() + 0.5) * SAMPLE_RATE)
    out = np.zeros(length, dtype=np.float64)
    for index, instrument in enumerate(midi.instruments):
        loudness = 1.0 if index == 0 else 0.35  # the melody track first, chords softer
        for note in instrument.notes:
            start = int(note.start * SAMPLE_RATE)
            count = max(1, int((note.end - note.start + 0.15) * SAMPLE_RATE))
            count = min(count, length - start)
            if count <= 0:
                continue
            t = np.arange(count) / SAMPLE_RATE
            frequency = 440.0 * 2 ** ((note.pitch - 69) / 12)
            wave = sum(np.sin(2 * np.pi * frequency * k * t) / k ** 1.5 for k in (1, 2, 3))
            envelope = np.minimum(1.0, t / 0.01) * np.exp(-t * 2.5)
            release = max(0, count - int(0.15 * SAMPLE_RATE))
            envelope[release:] *= np.linspace(1.0, 0.0, count - release)
            out[start:start + count] += loudness * (note.velocity / HIGHEST_VELOCITY) * wave * envelope
    return out


def wav_bytes(samples) -> bytes:
    """16-bit PCM mono WAV with an INFO chunk saying who wrote it."""
    import numpy as np

    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
    software = WRITTEN_BY_US.encode() + b"\0"
    if len(software) % 2:
        software += b"\0"
    info = b"INFO" + b"ISFT" + struct.pack("<I", len(software)) + software
    fmt = struct.pack("<HHIIHH", 1, 1, SAMPLE_RATE, SAMPLE_RATE * 2, 2, 16)
    body = (b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"LIST" + struct.pack("<I", len(info)) + info
            + b"data" + struct.pack("<I", len(pcm)) + pcm)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def render_wav(song: Song, path: str | os.PathLike[str], force: bool = False, engine: str | None = None) -> Rendered:
    """Render the song to a WAV file (see the module docstring)."""
    global _fallback_announced
    import numpy as np

    samples, used = render_samples(song, engine)
    written = write_atomically(path, wav_bytes(samples), force)
    note = ""
    if used == "built-in" and engine is None and not _fallback_announced:
        note, _fallback_announced = FALLBACK_NOTE, True
    rms = float(np.sqrt(np.mean(np.square(samples)))) if len(samples) else 0.0
    return Rendered(written, len(samples) / SAMPLE_RATE, rms, used, note)


def temporary_wav(song: Song) -> Rendered:
    """Render to a fresh file in the temp directory (for playing)."""
    handle, name = tempfile.mkstemp(prefix="cocomposer-", suffix=".wav")
    os.close(handle)
    os.unlink(name)
    return render_wav(song, name)
