"""Analysis on real pop arrangements: POP909 songs nobody tuned on (numbers ending in 0; the
validation songs, ending in 5, are for choosing settings), against music21 on the same files.

For each song's arrangement MIDI (tracks MELODY, BRIDGE, PIANO):
- key: the key our import finds for the whole song (melody and accompaniment chords) against
  the dataset's `analyzed_key.txt`, beside music21's `analyze('key')` on every note of the file;
  exact (tonic and mode, enharmonics equal), with our confidence for right and wrong answers;
- melody: with the track names blanked and the tracks shuffled, whether the track picked as
  the melody is the vocal line (MELODY);
- chords: on every beat of `beat_midi.txt` where `chord_midi.txt` has a chord, whether the
  chord found in the accompaniment (every track but the melody) has its root, and its root and
  quality (the melody model's 8 classes), beside music21's `Chord.root()`/quality of the notes
  sounding in that beat (chordify's slices merged per beat);
- critique: seconds for `critique(path)` of the arrangement, warm (the file read twice first).

`python -m bench.arrangement_analysis [--split test|valid] [--limit N]` prints the figures and
writes bench/arrangement_analysis_<split>.json.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from bisect import bisect_right
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path

from models.tokens import chord_quality
from song.chords import parse_chord_symbol
from song.midi_file import RawMidi, read_midi
from song.midi_import import accompaniment_chords, load_midi
from song.pop909 import dataset_dir, pitch_class, read_key
from song.melody import choose_melody

HERE = Path(__file__).resolve().parent
QUALITIES = {"maj": "maj", "min": "min", "7": "7", "maj7": "maj7", "min7": "min7", "dim": "dim", "hdim7": "dim", "dim7": "dim",
             "aug": "aug", "sus2": "sus", "sus4": "sus", "sus4(b7)": "sus", "sus4(b7,9)": "sus", "maj6": "maj", "min6": "min",
             "9": "7", "min9": "min7", "maj9": "maj7", "minmaj7": "min", "11": "7", "13": "7", "min11": "min7"}


@dataclass(frozen=True)
class Span:
    start_s: float
    end_s: float
    root: int | None
    kind: str


def songs(split: str) -> list[Path]:
    ending = {"test": "0", "valid": "5"}[split]
    return [p for p in sorted(dataset_dir().iterdir()) if p.name.endswith(ending) and (p / "chord_midi.txt").exists()]


def annotated_chords(folder: Path) -> list[Span]:
    spans = []
    for line in (folder / "chord_midi.txt").read_text().splitlines():
        start, end, name = line.split("\t")
        if name == "N":
            spans.append(Span(float(start), float(end), None, ""))
            continue
        root, quality = name.split(":", 1)
        quality = quality.split("/", 1)[0]
        spans.append(Span(float(start), float(end), pitch_class(root), QUALITIES.get(quality, "maj" if quality.startswith("maj") else
                                                                               "min" if quality.startswith("min") else "7")))
    return spans


def beat_times_s(folder: Path) -> list[float]:
    return [float(line.split()[0]) for line in (folder / "beat_midi.txt").read_text().splitlines() if line.strip()]


def seconds_at(raw: RawMidi, tick: float) -> float:
    """A tick of the file in seconds, through its tempo map."""
    tempos = list(raw.tempos) or [(0, 120.0)]
    seconds, last_tick, bpm = 0.0, 0, tempos[0][1]
    for at, next_bpm in tempos:
        if at >= tick:
            break
        seconds += (at - last_tick) / raw.ticks_per_beat * 60 / bpm
        last_tick, bpm = at, next_bpm
    return seconds + (tick - last_tick) / raw.ticks_per_beat * 60 / bpm


def at_time(spans: list[Span], time_s: float) -> Span | None:
    starts = [s.start_s for s in spans]
    index = bisect_right(starts, time_s) - 1
    return spans[index] if index >= 0 and spans[index].end_s > time_s else None


def our_chords(raw: RawMidi, imported_meter) -> list[Span]:
    choice = choose_melody(raw.tracks, raw.ticks_per_beat)
    spans = []
    for start, end, symbol in accompaniment_chords(raw, choice, imported_meter):
        spec = parse_chord_symbol(symbol)
        spans.append(Span(seconds_at(raw, float(start)), seconds_at(raw, float(end)), spec.root, chord_quality(spec.intervals)))
    return spans


def music21_key(raw: RawMidi):
    import music21

    stream = music21.stream.Stream()
    for track in raw.tracks:
        for note in track.notes if not track.is_drum else ():
            stream.insert(note.start / raw.ticks_per_beat,
                          music21.note.Note(note.pitch, quarterLength=max(1, note.end - note.start) / raw.ticks_per_beat))
    return stream.analyze("key")


def music21_beat_chord(raw: RawMidi, melody_track, begin_s: float, end_s: float) -> tuple[int | None, str]:
    """music21's root and quality of the accompaniment notes sounding in [begin_s, end_s)."""
    import music21

    pitches = sorted({n.pitch for t in raw.tracks if t is not melody_track and not t.is_drum for n in t.notes
                      if seconds_at(raw, n.start) < end_s and seconds_at(raw, n.end) > begin_s})
    if not pitches:
        return None, ""
    chord = music21.chord.Chord(pitches)
    root = chord.root().pitchClass
    if chord.isDominantSeventh():
        kind = "7"
    elif chord.isDiminishedTriad() or chord.isDiminishedSeventh() or chord.isHalfDiminishedSeventh():
        kind = "dim"
    elif chord.isAugmentedTriad():
        kind = "aug"
    else:
        steps = {(p.pitchClass - root) % 12 for p in chord.pitches}
        kind = chord_quality(sorted(steps))
    return root, kind


def _same_key(found, truth) -> bool:
    return found.tonic_pitch_class == truth.tonic_pitch_class and found.mode == truth.mode


def analyse(folder: Path, rng: random.Random, with_music21: bool) -> dict:
    import music21

    path = folder / f"{folder.name}.mid"
    raw = read_midi(path)
    truth = read_key(folder / "analyzed_key.txt")
    started = time.perf_counter()
    imported = load_midi(path)
    import_s = time.perf_counter() - started
    confidence = float(imported.key_source.split("confidence ")[1].split(";")[0]) if "confidence" in imported.key_source else None
    row: dict = {"song": folder.name, "key_truth": str(truth), "key_ours": str(imported.song.key),
                 "key_ours_right": _same_key(imported.song.key, truth), "key_confidence": confidence, "import_s": round(import_s, 3)}
    melody = next(t for t in raw.tracks if t.name.strip().upper() == "MELODY")
    blank = [replace(t, name="") for t in raw.tracks]
    rng.shuffle(blank)
    picked = choose_melody(tuple(blank), raw.ticks_per_beat)
    row["melody_right"] = picked is not None and picked.track is not None and picked.track.notes == melody.notes
    spans, ours = annotated_chords(folder), our_chords(raw, imported.song.meter)
    beats = beat_times_s(folder)
    ours_root = ours_both = theirs_root = theirs_both = counted = 0
    for index, beat in enumerate(beats):
        truth_chord = at_time(spans, beat + 0.01)
        if truth_chord is None or truth_chord.root is None:
            continue
        counted += 1
        found = at_time(ours, beat + 0.01)
        if found is not None and found.root == truth_chord.root:
            ours_root += 1
            ours_both += found.kind == truth_chord.kind
        if with_music21:
            end = beats[index + 1] if index + 1 < len(beats) else beat + 0.5
            root, kind = music21_beat_chord(raw, melody, beat, end)
            theirs_root += root == truth_chord.root
            theirs_both += root == truth_chord.root and kind == truth_chord.kind
    row.update({"beats": counted, "chord_root_ours": ours_root, "chord_both_ours": ours_both,
                "chord_root_music21": theirs_root, "chord_both_music21": theirs_both})
    if with_music21:
        theirs = music21_key(raw)
        row["key_music21"] = f"{theirs.tonic.name} {theirs.mode}"
        row["key_music21_right"] = theirs.tonic.pitchClass == truth.tonic_pitch_class and theirs.mode == truth.mode
    del music21
    return row


def critique_seconds(folder: Path) -> float:
    from tools.critique import critique

    path = folder / f"{folder.name}.mid"
    critique(path)
    started = time.perf_counter()
    critique(path)
    return time.perf_counter() - started


def summary(rows: list[dict], critique_s: list[float]) -> dict:
    beats = sum(r["beats"] for r in rows)
    right = [r["key_confidence"] for r in rows if r["key_ours_right"] and r["key_confidence"] is not None]
    wrong = [r["key_confidence"] for r in rows if not r["key_ours_right"] and r["key_confidence"] is not None]
    figures = {
        "songs": len(rows),
        "key_ours": round(sum(r["key_ours_right"] for r in rows) / len(rows), 3),
        "key_music21": round(sum(r.get("key_music21_right", False) for r in rows) / len(rows), 3),
        "key_confidence_when_right_median": round(statistics.median(right), 2) if right else None,
        "key_confidence_when_wrong_median": round(statistics.median(wrong), 2) if wrong else None,
        "key_confidence_when_wrong_max": round(max(wrong), 2) if wrong else None,
        "melody_picked": round(sum(r["melody_right"] for r in rows) / len(rows), 3),
        "beats": beats,
        "chord_root_ours": round(sum(r["chord_root_ours"] for r in rows) / beats, 3),
        "chord_root_and_quality_ours": round(sum(r["chord_both_ours"] for r in rows) / beats, 3),
        "chord_root_music21": round(sum(r["chord_root_music21"] for r in rows) / beats, 3),
        "chord_root_and_quality_music21": round(sum(r["chord_both_music21"] for r in rows) / beats, 3),
        "critique_s_median": round(statistics.median(critique_s), 3) if critique_s else None,
        "critique_s_max": round(max(critique_s), 3) if critique_s else None,
    }
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("test", "valid"), default="test")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--no-music21", action="store_true")
    parser.add_argument("--critique-songs", type=int, default=20, help="songs timed for the critique (the first N)")
    args = parser.parse_args(argv)
    folders = songs(args.split)[: args.limit or None]
    rng = random.Random(0)
    rows = [analyse(folder, rng, not args.no_music21) for folder in folders]
    critique_s = [critique_seconds(folder) for folder in folders[: args.critique_songs]]
    figures = summary(rows, critique_s)
    print(json.dumps(figures, indent=1))
    wrong = [(r["song"], r["key_truth"], r["key_ours"], r["key_confidence"]) for r in rows if not r["key_ours_right"]]
    print("keys missed:", wrong)
    if not args.limit:
        (HERE / f"arrangement_analysis_{args.split}.json").write_text(json.dumps({"figures": figures, "songs": rows}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
