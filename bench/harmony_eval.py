"""Measuring the harmonizer: chord fit and cadences on corpus melodies, and chord roots
against the human roman-numeral analyses of Bach chorales.

`python -m bench.harmony_eval` writes bench/harmony_eval.json (the README's numbers).
- Fit: 300 test-split and 300 validation-split tunes of the melody cache (models/data.py;
  the weight FIT was chosen on the test split), every style: the share of
  strong-beat melody notes that are chord tones (song/harmony_analysis.py's measure) and the
  share of sections ending on an authentic or plagal cadence.
- Human analyses: the 20 chorales with a RomanText analysis in music21's corpus. The soprano
  line (with our key finder's key, not the analyst's) is harmonized with transitions counted
  from every analysis but its own (leave one out), and the chord root on every beat is
  compared with the analyst's; the baseline takes the root from the bar's first melody note.
"""

from __future__ import annotations

import argparse
import json
import statistics
from fractions import Fraction
from pathlib import Path

from song.harmony_analysis import cadence, chord_at, chord_tones_on_strong_beats
from song.key_finding import find_key
from song.meter import Meter
from song.model import Note
from tools.chord_transitions import analysed_chords, analysis_files, count_transitions, merge
from tools.chord_vocabulary import STYLES
from tools.harmony import harmonize

HERE = Path(__file__).resolve().parent
TICKS = 480


def fit(count: int, split: str) -> dict[str, object]:
    from models.data import load_tunes

    tunes = load_tunes(split)[:count]
    report: dict[str, object] = {"tunes": len(tunes), "split": split}
    for style in STYLES:
        strong = tones = cadences = suspensions = unresolved = 0
        for tune in tunes:
            meter = Meter.parse(tune.meter)
            notes = [Note(p, Fraction(s, TICKS), Fraction(d, TICKS)) for p, s, d in tune.notes]
            key = find_key(notes, meter).key
            result = harmonize(notes, key, meter, tune.bars, style)
            check = chord_tones_on_strong_beats(notes, result.chords, meter)
            strong += check.strong_notes
            tones += check.chord_tones
            cadences += cadence(result.chords, key) in ("authentic", "plagal")
            following = list(result.numerals[1:]) + [None]
            for numeral, after in zip(result.numerals, following):
                if numeral.endswith("sus4"):
                    suspensions += 1
                    unresolved += after not in ("V", "I", "i")
        report[style] = {"strong_beat_chord_tones": tones / strong, "cadence_at_end": cadences / len(tunes),
                         "sus4_chords": suspensions, "sus4_not_resolving_to_V_or_I": unresolved}
    return report


def _chorale_melody(bwv: str):
    """The soprano of a chorale as Notes, bar-aligned (a pickup fills the end of bar 0), and
    the shift that was added to the score's offsets."""
    from music21 import corpus, meter as m21meter, stream

    score = corpus.parse(f"bach/bwv{bwv}")
    soprano = score.parts[0]
    signature = next(iter(soprano.recurse().getElementsByClass(m21meter.TimeSignature)))
    meter = Meter.parse(signature.ratioString)
    first = next(iter(soprano.recurse().getElementsByClass(stream.Measure)))
    shift = Fraction(first.paddingLeft).limit_denominator(48)
    notes = []
    for element in soprano.flatten().stripTies().notes:
        start = Fraction(element.offset).limit_denominator(48) + shift
        length = Fraction(element.quarterLength).limit_denominator(48)
        if length > 0 and (not notes or start >= notes[-1].end):
            notes.append(Note(max(p.midi for p in element.pitches), start, length))
    return notes, meter, shift


def against_analyses() -> dict[str, object]:
    files = analysis_files()
    chords_by_file = {path: analysed_chords(path) for path in files}
    counts_by_file = {path: count_transitions(chords) for path, chords in chords_by_file.items()}
    ours_right = base_right = beats = pieces = 0
    per_piece = []
    for path in files:
        if "riemenschneider" not in path.name:
            continue
        header = path.read_text(encoding="utf-8", errors="replace")
        bwv = next((line.split(":", 1)[1].strip() for line in header.splitlines() if line.startswith("BWV:")), None)
        if not bwv:
            continue
        try:
            notes, meter, shift = _chorale_melody(bwv)
        except Exception:
            continue
        counts = merge([c for other, c in counts_by_file.items() if other != path])
        bars = int(max(n.end for n in notes) // meter.bar_length) + 1
        key = find_key(notes, meter).key
        ours = harmonize(notes, key, meter, bars, "simple", counts=counts)
        from song.chords import parse_chord_symbol
        from music21 import converter, roman

        analysis = converter.parse(str(path), format="romantext")
        numerals = [(Fraction(rn.getOffsetInHierarchy(analysis)).limit_denominator(48) + shift, rn.root().pitchClass)
                    for rn in analysis.recurse().getElementsByClass(roman.RomanNumeral)]
        right = base = total = 0
        time = Fraction(0)
        end = max(n.end for n in notes)
        while time < end:
            truth = [pc for start, pc in numerals if start <= time]
            chord = chord_at(ours.chords, time)
            bar_start = time - time % meter.bar_length
            first = next((n for n in notes if n.start >= bar_start), None)
            if truth and chord is not None and first is not None:
                total += 1
                right += parse_chord_symbol(chord.symbol).root == truth[-1]
                base += first.pitch % 12 == truth[-1]
            time += meter.beat_length
        if total:
            pieces += 1
            beats += total
            ours_right += right
            base_right += base
            per_piece.append(right / total)
    return {"chorales": pieces, "beats": beats, "root_accuracy": ours_right / max(1, beats),
            "baseline_first_note_root_accuracy": base_right / max(1, beats),
            "median_piece_accuracy": statistics.median(per_piece) if per_piece else 0.0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tunes", type=int, default=300)
    args = parser.parse_args(argv)
    report = {}
    for split in ("test", "valid"):  # FIT was chosen on the test split; valid was not looked at
        report[f"fit_{split}"] = fit(args.tunes, split)
        print(f"fit_{split}", json.dumps(report[f"fit_{split}"]), flush=True)
    report["human_analyses"] = against_analyses()
    print("human_analyses", json.dumps(report["human_analyses"]), flush=True)
    (HERE / "harmony_eval.json").write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
