"""Sections found by repetition (song/section_finding.py) against POP909's human labels.

For each song of a split, the melody (melody.txt, on the labels' time line) is given without
any marker; the found section boundaries (where the letter changes) are compared with the
human label's (where its letter changes, instrumental phrases included) within TOLERANCE_BARS,
each human boundary matched at most once: precision, recall, F1. Roles are compared bar by bar
on the bars the human label gives a melodic role (models/pop_data.py's reading of the letters).

`python -m bench.section_finding [--split valid|test]` writes bench/section_finding_<split>.json.
The thresholds were set on the validation split (song numbers ending in 5); the test split
(ending in 0) is reported.
"""

from __future__ import annotations

import argparse
import json
import sys
from fractions import Fraction
from pathlib import Path

from models.pop_data import phrases, pop_split, roles
from song.pop909 import load_song, song_ids
from song.section_finding import find_sections

HERE = Path(__file__).resolve().parent
TOLERANCE_BARS = 1
GRID_BARS = 8


def human_boundaries(structure: str) -> list[int]:
    found = phrases(structure)
    return [p.first_bar for previous, p in zip(found, found[1:]) if p.letter != previous.letter]


def matched(found: list[int], truth: list[int]) -> int:
    free, hits = list(truth), 0
    for bar in found:
        near = [t for t in free if abs(t - bar) <= TOLERANCE_BARS]
        if near:
            free.remove(min(near, key=lambda t: abs(t - bar)))
            hits += 1
    return hits


def evaluate(split: str) -> dict[str, object]:
    hits = found_total = truth_total = grid_hits = grid_total = 0
    role_hits = role_bars = 0
    songs = 0
    for song_id in song_ids():
        if pop_split(song_id) != split or (song := load_song(song_id)) is None or not song.structure:
            continue
        bar_beats = Fraction(song.beats_per_bar)
        bars = sum(p.bars for p in phrases(song.structure))
        sections = find_sections(song.melody, bar_beats, bars)
        found = [s.first_bar for previous, s in zip(sections, sections[1:]) if s.letter != previous.letter]
        truth = human_boundaries(song.structure)
        hits += matched(found, truth)
        grid = list(range(GRID_BARS, bars, GRID_BARS))  # the baseline: a new section every 8 bars
        grid_hits, grid_total = grid_hits + matched(grid, truth), grid_total + len(grid)
        found_total += len(found)
        truth_total += len(truth)
        for phrase, role in roles(song.structure):
            for bar in range(phrase.first_bar, phrase.first_bar + phrase.bars):
                guess = next((s.role for s in sections if s.first_bar <= bar < s.first_bar + s.bars), None)
                role_hits += guess == role
                role_bars += 1
        songs += 1
    precision, recall = hits / max(1, found_total), hits / max(1, truth_total)
    grid_precision, grid_recall = grid_hits / max(1, grid_total), grid_hits / max(1, truth_total)
    return {"split": split, "songs": songs, "tolerance_bars": TOLERANCE_BARS,
            "boundary_precision": round(precision, 3), "boundary_recall": round(recall, 3),
            "boundary_f1": round(2 * precision * recall / max(1e-9, precision + recall), 3),
            "role_accuracy_per_bar": round(role_hits / max(1, role_bars), 3),
            "baseline_every_8_bars_f1": round(2 * grid_precision * grid_recall / max(1e-9, grid_precision + grid_recall), 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", choices=("valid", "test"), default="valid")
    args = parser.parse_args(argv)
    result = evaluate(args.split)
    print(json.dumps(result), file=sys.stderr)
    (HERE / f"section_finding_{args.split}.json").write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
