"""Tune the key finder's evidence weights on the tuning split of the key corpus.

`python -m bench.tune_key_weights` prints the weights to paste into song/key_finding.py.
Coordinate ascent on accuracy over a grid of values per weight; the test split is never read.
"""

from __future__ import annotations

import sys

import numpy as np

from bench.key_corpus import CACHE, build, split
from song.key_finding import CANDIDATES, EVIDENCE, WEIGHTS, evidence
from song.keys import Key
from song.midi_import import load_midi

GRID = (-0.3, -0.2, -0.1, -0.05, 0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.6, 0.8, 1.0, 1.3, 1.6, 2.0)
TEMPERATURES = (1, 2, 3, 4, 6, 8, 10, 12, 15, 20, 25, 30, 40)


def truth_index(name: str) -> int:
    key = Key.parse(name)
    return next(i for i, c in enumerate(CANDIDATES) if c.tonic_pitch_class == key.tonic_pitch_class and c.mode == key.mode)


def tables(entries: list[dict[str, str]]) -> tuple[np.ndarray, np.ndarray]:
    stacks, truths = [], []
    for done, entry in enumerate(entries, 1):
        song = load_midi(CACHE / entry["file"]).song
        stacks.append(evidence(song.melody(), song.meter))
        truths.append(truth_index(entry["key"]))
        if done % 100 == 0:
            sys.stderr.write(f"\r{done}/{len(entries)}")
    sys.stderr.write("\n")
    return np.stack(stacks), np.array(truths)


def accuracy(table: np.ndarray, truths: np.ndarray, weights: np.ndarray) -> float:
    return float(((table @ weights).argmax(axis=1) == truths).mean())


def calibrate(table: np.ndarray, truths: np.ndarray, weights: np.ndarray) -> float:
    """The softmax temperature under which the confidences best predict being right."""
    combined = table @ weights

    def log_likelihood(temperature: float) -> float:
        shifted = temperature * (combined - combined.max(axis=1, keepdims=True))
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        return float(log_probs[np.arange(len(truths)), truths].mean())

    return max(TEMPERATURES, key=log_likelihood)


def main() -> int:
    tuning, _ = split(build())
    table, truths = tables(tuning)
    weights = np.array([WEIGHTS[name] for name in EVIDENCE])
    best = accuracy(table, truths, weights)
    print(f"start: {best:.3f} on {len(truths)} tuning tunes")
    for _ in range(4):
        improved = False
        for column in range(len(EVIDENCE)):
            for value in GRID:
                trial = weights.copy()
                trial[column] = value
                score = accuracy(table, truths, trial)
                if score > best + 1e-9:
                    best, weights, improved = score, trial, True
        print(f"pass: {best:.3f}")
        if not improved:
            break
    for name, value in zip(EVIDENCE, weights):
        print(f"{name}: {value}")
    print(f"TEMPERATURE = {calibrate(table, truths, weights)}")
    print(f"WEIGHTS = dict(zip(EVIDENCE, {tuple(float(w) for w in weights)}))")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
