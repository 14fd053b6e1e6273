"""Fit and measure the pop-or-folk guess of song/style_guess.py.

A logistic regression on a few melody measures of whole songs: POP909's melodies (training
songs) against the folk corpus's tunes (models/data.py train split). Measured on the held-out
songs and tunes (POP909's test split, the corpus's test split).

`python -m bench.style_guess` prints the weights to paste into song/style_guess.py (when
refitting) and writes bench/style_guess.json with the held-out accuracy of the committed ones.
"""

from __future__ import annotations

import json
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np

from models.data import load_tunes
from models.pop_data import pop_split
from song.meter import Meter
from song.model import Note
from song.pop909 import load_song, song_ids
from song.style_guess import FEATURES, guess_style, measures

HERE = Path(__file__).resolve().parent


def examples(split: str) -> tuple[list[list[float]], list[int]]:
    """(measures, 1 for pop) of whole melodies of a split."""
    rows, labels = [], []
    for song_id in song_ids():
        if pop_split(song_id) == split and (song := load_song(song_id)) is not None and len(song.melody) >= 16:
            rows.append(measures(song.melody, Meter.parse(f"{song.beats_per_bar}/4")))
            labels.append(1)
    folk = [t for t in load_tunes("valid" if split == "valid" else split) if t.collection != "bach" and len(t.notes) >= 16]
    for tune in folk[: 2 * len(labels)]:
        rows.append(measures([Note(p, Fraction(s, 480), Fraction(d, 480)) for p, s, d in tune.notes], Meter.parse(tune.meter)))
        labels.append(0)
    return rows, labels


def fit(rows: list[list[float]], labels: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x, y = np.array(rows), np.array(labels, float)
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = (x - mean) / scale
    weights, bias = np.zeros(z.shape[1]), 0.0
    for _ in range(3000):  # plain gradient descent: five features, a few thousand rows
        p = 1 / (1 + np.exp(-(z @ weights + bias)))
        weights -= 0.5 * (z.T @ (p - y) / len(y) + 1e-3 * weights)
        bias -= 0.5 * float((p - y).mean())
    return mean, scale, np.append(weights, bias)


def main() -> int:
    mean, scale, weights = fit(*examples("train"))
    print("MEAN =", tuple(round(float(v), 4) for v in mean))
    print("SCALE =", tuple(round(float(v), 4) for v in scale))
    print("WEIGHTS =", tuple(round(float(v), 4) for v in weights[:-1]), "BIAS =", round(float(weights[-1]), 4))
    rows, labels = examples("test")
    pop_rows = [r for r, l in zip(rows, labels) if l]
    folk_rows = [r for r, l in zip(rows, labels) if not l]
    pop_right = sum(guess_style(r).style == "pop" for r in pop_rows)
    folk_right = sum(guess_style(r).style == "folk" for r in folk_rows)
    result = {"features": list(FEATURES), "test_pop_songs": len(pop_rows), "test_folk_tunes": len(folk_rows),
              "pop_right": round(pop_right / len(pop_rows), 3), "folk_right": round(folk_right / len(folk_rows), 3)}
    print(json.dumps(result), file=sys.stderr)
    (HERE / "style_guess.json").write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
