"""Harmonizing and rendering: 30 seconds of a real arrangement's melody with chords, to WAV,
with FluidSynth and with the built-in synth (the fallback); the RMS shows it is not silence."""

from __future__ import annotations

import tempfile
from fractions import Fraction
from pathlib import Path

from bench.bench_midi_import import SHARED_MIDI
from bench.measure import Row, time_runs


def _thirty_seconds():
    from song.midi_import import load_midi
    from song.model import Section
    from tools.harmony import harmonize_section

    song = load_midi(SHARED_MIDI / "MIDIs_multitrack" / "Mr. Blue Sky.mid").song
    beats = Fraction(round(30 * song.tempo / 60))
    bars = int(beats // song.meter.bar_length)
    source = song.sections[0]
    limit = bars * song.meter.bar_length
    notes = tuple(n for n in source.notes if n.end <= limit)
    song = song.replace(sections=(Section("verse", bars, notes),), form=("verse",))
    return harmonize_section(song, "verse", "pop").song


def run(runs: int) -> list[Row]:
    from song import audio
    from tools.harmony import harmonize_section

    song = _thirty_seconds()
    seconds = float(song.total_beats) * 60 / song.tempo
    harmonize = time_runs(lambda: harmonize_section(song, "verse", "jazzy"), max(runs, 10))
    rows = [Row(f"harmonize {song.section('verse').bars} bars (jazzy, Viterbi)", harmonize.median_s, harmonize.spread_s, harmonize.runs)]
    with tempfile.TemporaryDirectory() as folder:
        engines = ["fluidsynth", "built-in"] if audio.fluidsynth_available() else ["built-in"]
        for engine in engines:
            path = Path(folder) / f"{engine}.wav"
            rendered = audio.render_wav(song, path, engine=engine)
            timing = time_runs(lambda: audio.render_wav(song, path, engine=engine), runs)
            rows.append(Row(f"render {seconds:.0f} s of melody + chords to WAV ({engine}, RMS {rendered.rms:.3f})",
                            timing.median_s, timing.spread_s, timing.runs))
    return rows
