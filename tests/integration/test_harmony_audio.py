"""Harmonization, chords in files, and audio: real music21, real FluidSynth, the real CLI."""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

import pytest

from song import audio
from song.chords import parse_chord_symbol
from song.harmony_analysis import cadence
from song.json_io import song_from_json
from song.keys import Key
from song.meter import Meter
from song.midi_export import export_midi
from song.midi_import import load_midi
from song.model import Note, Section, Song
from tests.integration.test_cli import assert_one_line_error, cocomposer
from tools.chord_vocabulary import STYLES
from tools.harmony import harmonize, harmonize_section
from ui.cli import main

C_MAJOR, FOUR = Key.parse("C major"), Meter.parse("4/4")


def _quarters(pitches: list[int | None]) -> list[Note]:
    """Quarter notes; None extends the previous note by a beat."""
    notes: list[Note] = []
    for beat, pitch in enumerate(pitches):
        if pitch is None:
            notes[-1] = Note(notes[-1].pitch, notes[-1].start, notes[-1].duration + 1)
        else:
            notes.append(Note(pitch, Fraction(beat), Fraction(1)))
    return notes


def _bar_chords(notes: list[Note], key: Key, bars: int, style: str = "simple") -> list[list[str]]:
    result = harmonize(notes, key, FOUR, bars, style)
    cells: list[list[str]] = [[] for _ in range(bars)]
    for chord in result.chords:
        cells[int(chord.start // 4)].append(chord.symbol)
    return cells


def test_arpeggios_over_one_four_five_one() -> None:
    notes = _quarters([60, 64, 67, 64, 65, 69, 72, 69, 67, 71, 74, 71, 72, None, None, None])
    assert _bar_chords(notes, C_MAJOR, 4) == [["C"], ["F"], ["G"], ["C"]]


def test_twinkle_twinkle() -> None:
    line = [60, 60, 67, 67, 69, 69, 67, None, 65, 65, 64, 64, 62, 62, 60, None]
    chords = _bar_chords(_quarters(line), C_MAJOR, 4)
    assert chords == [["C"], ["F", "C"], ["F", "C"], ["G", "C"]]


def test_a_minor_tune_ends_with_an_authentic_cadence() -> None:
    notes = _quarters([69, 72, 76, 72, 74, 77, 74, 71, 69, 72, 76, 81, 80, 76, 71, 68, 69, None, None, None])
    chords = _bar_chords(notes, Key.parse("A minor"), 5)
    assert chords[0] == ["Am"] and chords[3][-1] == "E" and chords[4] == ["Am"]


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("key", ["C major", "Eb major", "F# minor", "D minor", "E dorian"])
def test_every_style_gives_valid_symbols_and_a_cadence(style: str, key: str) -> None:
    rng = random.Random(f"{style}{key}")
    parsed = Key.parse(key)
    scale = [p for p in range(60, 80) if parsed.contains(p)]
    notes = [Note(rng.choice(scale), Fraction(i, 2), Fraction(1, 2)) for i in range(8 * 8)]
    result = harmonize(notes, parsed, FOUR, 8, style)
    assert all(parse_chord_symbol(chord.symbol) for chord in result.chords)
    assert len(result.numerals) == len(result.chords)
    assert result.chords[0].start == 0 and result.chords[-1].end == 32
    assert all(a.end == b.start for a, b in zip(result.chords, result.chords[1:])), "chords tile the section"
    assert cadence(result.chords, parsed) in ("authentic", "plagal")


def test_bad_style_is_refused() -> None:
    from song.errors import BadInput

    with pytest.raises(BadInput, match="unknown harmony style"):
        harmonize(_quarters([60, 62]), C_MAJOR, FOUR, 1, "baroque")


def _harmonized_blue_sky(blue_sky: Path) -> Song:
    song = load_midi(blue_sky).song
    for section in song.sections:
        song = harmonize_section(song, section.name, "jazzy").song
    return song


def test_chords_survive_midi_and_musicxml(blue_sky: Path, tmp_path: Path) -> None:
    import music21

    song = _harmonized_blue_sky(blue_sky)
    midi = tmp_path / "h.mid"
    export_midi(song, midi)
    back = load_midi(midi).song
    assert [[c.symbol for c in s.chords] for s in back.sections] == [[c.symbol for c in s.chords] for s in song.sections]
    from song.musicxml import export_musicxml

    xml = tmp_path / "h.musicxml"
    export_musicxml(song, xml)
    symbols = list(music21.converter.parse(xml).recurse().getElementsByClass("ChordSymbol"))
    assert len(symbols) == sum(len(s.chords) for _, s in ((0, song.section(n)) for n in song.form))


def _short_song() -> Song:
    notes = _quarters([60, 64, 67, 64, 65, 69, 72, 69, 67, 71, 74, 71, 72, None, None, None])
    song = Song("t", C_MAJOR, FOUR, 120.0, (Section("a", 4, tuple(notes)),))
    return harmonize_section(song, "a").song


@pytest.mark.parametrize("engine", ["fluidsynth", "built-in"])
def test_wav_rendering_is_sound(engine: str, tmp_path: Path) -> None:
    if engine == "fluidsynth" and not audio.fluidsynth_available():
        pytest.fail("FluidSynth is missing: `make install` installs libfluidsynth3 and pyfluidsynth")
    out = tmp_path / "t.wav"
    rendered = audio.render_wav(_short_song(), out, engine=engine)
    data = out.read_bytes()
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE" and b"written by cocomposer" in data
    assert 8.0 <= rendered.seconds <= 9.5  # 16 beats at 120 bpm, plus the release
    assert rendered.rms > 0.02 and rendered.engine == engine
    assert audio.render_wav(_short_song(), out, engine=engine).path == out  # our own file: no --force needed


def test_the_fallback_says_so_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(audio, "fluidsynth_available", lambda: False)
    monkeypatch.setattr(audio, "_fallback_announced", False)
    first = audio.render_wav(_short_song(), tmp_path / "a.wav")
    second = audio.render_wav(_short_song(), tmp_path / "b.wav")
    assert first.engine == "built-in" and "FluidSynth is not installed" in first.note and second.note == ""


def test_cli_harmonize_render_export(blue_sky: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["harmonize", str(blue_sky), "--style", "pop", "--json"]) == 0
    song = song_from_json(capsys.readouterr().out)
    assert all(section.chords for section in song.sections)
    out = tmp_path / "h.mid"
    assert main(["harmonize", str(blue_sky), "--style", "folk", "-o", str(out)]) == 0
    assert "chords (folk)" in capsys.readouterr().out
    assert load_midi(out).song.sections[0].chords
    wav = tmp_path / "h.wav"
    assert main(["render", str(out), "-o", str(wav)]) == 0
    assert "wrote" in capsys.readouterr().out and wav.stat().st_size > 100_000
    assert_one_line_error(cocomposer("harmonize", str(blue_sky), "--style", "baroque", "--json"), 2, "invalid choice")
    assert_one_line_error(cocomposer("render", str(blue_sky), "-o", str(tmp_path / "x.mp3")), 2, ".wav")
    from memory.paths import sessions_database
    from memory.sessions import SessionStore

    with SessionStore(sessions_database()) as store:
        store.create("demo", song, "harmonized")
    session_wav = tmp_path / "session.wav"
    assert main(["export", "--session", "demo", str(session_wav)]) == 0
    assert "s of audio" in capsys.readouterr().out and session_wav.read_bytes()[:4] == b"RIFF"
