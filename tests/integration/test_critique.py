"""Critique: planted flaws are found at the right bars; a clean song is left alone."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from song.model import Chord, Note, Section, Song
from tools.critique import critique
from tests.conftest import shared_midi_files

CLEAN_BARS = [
    [(60, 0, 1), (62, 1, 1), (64, 2, 1), (67, 3, 1)],
    [(69, 0, 1.5), (67, 1.5, 0.5), (64, 2, 2)],
    [(65, 0, 1), (67, 1, 1), (69, 2, 1), (72, 3, 1)],
    [(71, 0, 1.5), (69, 1.5, 0.5), (67, 2, 2)],
    [(64, 0, 1), (65, 1, 1), (67, 2, 1), (69, 3, 1)],
    [(67, 0, 1.5), (65, 1.5, 0.5), (64, 2, 2)],
    [(62, 0, 1), (64, 1, 1), (65, 2, 1), (71, 3, 1)],
    [(72, 0, 4)],
]
CLEAN_CHORDS = ["C", "F", "Dm", "G", "C", "Am", "G7", "C"]


def section(name: str, bars: list[list[tuple[int, float, float]]], chords: list[str], shift: int = 0) -> Section:
    notes = [Note(p + shift, Fraction(s) + 4 * i, d) for i, bar in enumerate(bars) for p, s, d in bar]
    return Section(name, len(bars), tuple(notes), tuple(Chord(c, 4 * i, 4) for i, c in enumerate(chords)))


def clean_song() -> Song:
    return Song("Clean", "C major", "4/4", 100, (section("verse", CLEAN_BARS, CLEAN_CHORDS), section("chorus", CLEAN_BARS, CLEAN_CHORDS, 12)))


def with_verse(bars: list[list[tuple[int, float, float]]] | None = None, chords: list[str] | None = None) -> Song:
    verse = section("verse", bars or CLEAN_BARS, chords or CLEAN_CHORDS)
    return Song("Planted", "C major", "4/4", 100, (verse,))


def findings_with(report, tool: str | None = None, words: str = "") -> list:
    return [f for f in report.findings if (tool is None or (f.suggestion and f.suggestion.name == tool)) and words in f.message]


def test_clean_song_has_no_warnings() -> None:
    report = critique(clean_song())
    assert [f.message for f in report.findings if f.severity == "warning"] == []
    assert not findings_with(report, words="outside")
    assert not findings_with(report, words="leap")
    assert not findings_with(report, words="parallel")
    assert not findings_with(report, words="lift")
    assert report.key.key.tonic == "C" and report.key.key.mode == "major"
    verse = report.as_dict()["sections"][0]["harmony"]
    assert verse["roman_numerals"] == ["I", "IV", "ii", "V", "I", "vi", "V7", "I"] and verse["cadence"] == "authentic"


def test_out_of_key_notes_in_bar_3() -> None:
    bars = list(CLEAN_BARS)
    bars[2] = [(66, 0, 2), (61, 2, 2)]  # F#4 and C#4, held, over Dm
    found = findings_with(critique(with_verse(bars)), "regenerate_bars", "outside C major")
    assert len(found) == 1 and found[0].bars == (3, 3) and found[0].severity == "warning"
    assert found[0].suggestion.args == {"section": "verse", "start_bar": 3, "end_bar": 3}
    assert found[0].evidence["notes"] == [66, 61]


def test_leap_of_a_tenth_in_bar_5() -> None:
    bars = list(CLEAN_BARS)
    bars[4] = [(64, 0, 1), (79, 1, 1), (77, 2, 1), (76, 3, 1)]  # E4 -> G5
    found = findings_with(critique(with_verse(bars)), words="leap of a minor tenth")
    assert len(found) == 1 and found[0].bars == (5, 5)
    assert found[0].evidence["semitones"] == 15 and found[0].severity == "warning"


def test_no_cadence_and_an_open_ending() -> None:
    bars = list(CLEAN_BARS)
    bars[7] = [(74, 0, 4)]  # ends on D5
    chords = CLEAN_CHORDS[:7] + ["F"]
    report = critique(with_verse(bars, chords))
    ending = findings_with(report, "regenerate_bars", "scale degree 2")
    assert len(ending) == 1 and ending[0].bars == (8, 8)
    cadence = findings_with(report, "harmonize_section", "no closing cadence")
    assert len(cadence) == 1 and cadence[0].bars == (7, 8)


def test_chorus_as_square_as_the_verse() -> None:
    verse = section("verse", CLEAN_BARS, CLEAN_CHORDS)
    song = Song("Flat", "C major", "4/4", 100, (verse, verse.replace(name="chorus")))
    found = findings_with(critique(song), "edit_section", "does not lift")
    assert len(found) == 1 and found[0].section == "chorus" and found[0].bars == (1, 8)
    assert found[0].evidence["register_lift"] == 0 and found[0].evidence["density_ratio"] == 1.0
    assert found[0].suggestion.args["operation"] == "syncopate"


def test_parallel_fifths_with_the_bass() -> None:
    bars = list(CLEAN_BARS)
    bars[0] = [(67, 0, 1), (62, 1, 1), (64, 2, 1), (67, 3, 1)]  # G4 over C ...
    chords = ["C", "D"] + CLEAN_CHORDS[2:]  # ... then A4 over D: fifths in parallel
    found = findings_with(critique(with_verse(bars, chords)), "harmonize_section", "parallel fifths")
    assert len(found) == 1 and found[0].bars == (2, 2)


def test_consecutive_fifths_and_octaves_agree_with_music21() -> None:
    """Our semitone count of consecutive fifths and octaves (no music21 import at run time)
    finds what music21's VoiceLeadingQuartet finds on 3,000 random melody/bass moves, and more
    only where music21's default spelling of a MIDI pitch makes a sounding fifth something
    else (G#-Eb, a diminished sixth)."""
    import random

    from music21 import interval
    from music21 import note as m21note
    from music21.voiceLeading import VoiceLeadingQuartet

    from song.chords import parse_chord_symbol
    from song.harmony_analysis import parallels_with_bass
    from song.meter import Meter

    roots = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"]
    rng, differed, found = random.Random(0), 0, 0
    for _ in range(3000):
        melody = (rng.randint(55, 84), rng.randint(55, 84))
        symbols = rng.sample(roots, 2)
        chords = [Chord(symbol, Fraction(4 * i), Fraction(4)) for i, symbol in enumerate(symbols)]
        notes = [Note(pitch, Fraction(4 * i), Fraction(4)) for i, pitch in enumerate(melody)]
        ours = [p.kind for p in parallels_with_bass(notes, chords, Meter.parse("4/4"))]
        if melody[0] == melody[1]:
            assert not ours
            continue
        bass = [parse_chord_symbol(symbol).voicing()[0] for symbol in symbols]
        quartet = VoiceLeadingQuartet(*(m21note.Note(midi=p) for p in (*melody, *bass)))
        theirs = ["fifths"] if quartet.parallelFifth() else ["octaves"] if quartet.parallelOctave() else []
        if ours != theirs:
            assert ours == ["fifths"] and not theirs, (melody, bass, ours, theirs)
            spelled = [interval.Interval(m21note.Note(midi=b), m21note.Note(midi=m)).semiSimpleName for m, b in zip(melody, bass)]
            assert spelled != ["P5", "P5"], (melody, bass)
        differed += ours != theirs
        found += bool(theirs)
    assert found > 30 and differed < 10, (found, differed)


def test_section_target_and_bad_target() -> None:
    report = critique(clean_song(), "chorus")
    assert report.target == "chorus" and [s.name for s in report.sections] == ["chorus"]
    from song.errors import BadInput

    with pytest.raises(BadInput, match="no section named 'bridge'"):
        critique(clean_song(), "bridge")


def test_corpus_tunes_with_known_keys(tmp_path: Path) -> None:
    """Essen tunes from music21's corpus, key from signature + final note, written to MIDI."""
    import music21

    from bench.key_corpus import _known_key, _strip_and_write
    from song.keys import Key
    from song.midi_import import load_midi

    opus = music21.corpus.parse("essenFolksong/altdeu20")
    right = total = 0
    for score in list(opus.scores)[:12]:
        truth = _known_key(score)
        if truth is None:
            continue
        path = tmp_path / f"tune{total}.mid"
        _strip_and_write(score, path)
        found = critique(path).key.key
        expected = Key.parse(truth)
        total += 1
        right += found.tonic_pitch_class == expected.tonic_pitch_class and found.mode == expected.mode
    assert total >= 6 and right / total >= 0.8


def test_cli_critique_json_and_report(blue_sky: Path) -> None:
    script = Path(sys.executable).parent / "cocomposer"
    result = subprocess.run([str(script), "critique", str(blue_sky), str(blue_sky), "--json"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2
    data = json.loads(lines[0])
    assert data["file"] == str(blue_sky) and data["target"] == "song" and data["meter"] == "4/4"
    assert set(data["metrics"]) >= {"syncopation", "wnbd", "note_density", "in_key_ratio", "pitch_range", "leap_ratio", "duration_entropy"}
    assert data["key"]["alternatives"] and all("bars" in f and "suggestion" in f for f in data["findings"])
    readable = subprocess.run([str(script), "critique", str(blue_sky)], capture_output=True, text=True, timeout=120)
    assert readable.returncode == 0 and "findings" in readable.stdout and "measures" in readable.stdout
    bad = subprocess.run([str(script), "critique", "/nope.mid"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and bad.stderr.startswith("error: /nope.mid: no such file")


@pytest.mark.parametrize("path", shared_midi_files(), ids=lambda p: p.name)
def test_every_shared_file_gets_a_report_or_a_clean_error(path: Path) -> None:
    from song.errors import MidiFileError

    try:
        report = critique(path)
    except MidiFileError as error:
        assert path.name == "empty.mid" and "\n" not in str(error)
        return
    data = report.as_dict()
    json.dumps(data)  # serialisable as the CLI prints it
    assert data["bars"] >= 1 and data["sections"] and 0 <= data["key"]["confidence"] <= 1
    assert all(f["severity"] in ("warning", "suggestion", "info") and f["bars"][0] <= f["bars"][1] for f in data["findings"])
    assert len(data["findings"]) <= 60, "findings are capped per rule, not a flood"
    from tools.refine import GOALS

    goals = {f["suggestion"]["args"]["goal"] for f in data["findings"] if f["suggestion"] and f["suggestion"]["tool"] == "refine_section"}
    assert goals <= set(GOALS), "a finding's fix names a goal refine_section has (found in use: 'repeat a rhythmic motif')"


def test_surprising_bars_are_flagged() -> None:
    from dataclasses import replace

    from song.features import section_features
    from song.key_finding import find_key
    from tools.findings import SectionContext, surprising_bars

    song = clean_song()
    verse = song.section("verse")
    context = SectionContext(verse, song.meter, song.key, section_features(verse, song.meter, song.key),
                             find_key(verse.notes, song.meter), (), False, (2.1, 2.4, 5.3, 2.0, 2.2, None, 2.5, 1.9))
    found = surprising_bars(context)
    assert [f.bars for f in found] == [(3, 3)] and found[0].suggestion.name == "regenerate_bars"
    assert surprising_bars(replace(context, surprise=())) == []


def test_a_pop_song_is_held_to_pop_norms_and_the_songwriter_can_say_otherwise() -> None:
    from song.pop909 import dataset_dir, load_song

    if not dataset_dir().exists():
        pytest.skip("POP909 is not beside the repository")
    real = load_song("010")  # a test-split song: nothing was fitted on it
    assert real is not None
    melody = tuple(n for n in real.melody if n.end <= 64)
    song = Song("Pop", real.key, "4/4", 90, (Section("chorus", 16, melody),))
    guessed = critique(song)
    assert guessed.style == "pop" and guessed.style_said.startswith("guessed")
    assert "held to pop norms (guessed" in guessed.summary() and "say \"it's folk\" if not" in guessed.summary()
    assert guessed.as_dict()["style"]["name"] == "pop"
    said = critique(song.replace(style="folk"))
    assert said.style == "folk" and said.style_said == "said" and "held to folk norms (said)" in said.summary()
    pop_words = " ".join(f.message for f in guessed.findings)
    assert "folk" not in pop_words, "a pop song is not compared with folk tunes"
