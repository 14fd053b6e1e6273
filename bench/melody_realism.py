"""Do generated melodies look like real ones? Yang & Lerch's overlap-area measure ("On the
evaluation of generative models in music", 2020), per style and section role.

For each set (pop verses, choruses, pre-choruses and bridges from POP909's test songs; the
test split of each folk collection), REAL_PER_SET real melodies are taken and one melody is
generated for each through the compose tool's path: the real one's key, meter, bar count and
role, the tool's default controls, best of CANDIDATES by the tool's own choice
(models/choose.py). Per feature, the distances between real melodies (intra-set) and between
generated and real ones (inter-set) are smoothed into densities (Gaussian kernels, Silverman's
bandwidth); their overlap area is 1 when generated melodies differ from real ones exactly as
real ones differ among themselves. Features: pitch range, pitch-class entropy, interval
histogram, note-length histogram, onset-interval histogram, longest same-pitch run,
syncopation, notes per bar. Also: the share of melodies with a same-pitch run of 6 or more,
and of chosen melodies the critique flags (song.features.flaws).

`python -m bench.melody_realism [--checkpoint DIR] [--out FILE]` writes bench/melody_realism.json.
The model before is measured with the same script run in a worktree of the older code, given the
same real melodies: `--dump-sets FILE` here, `--sets FILE` there (pop requests then go to the
default folk style, as the compose tool did before there was a pop style).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from dataclasses import asdict, dataclass
from fractions import Fraction
from pathlib import Path
from typing import Sequence

import numpy as np

from models import vocab as V
from models.api import MelodyModel, Request
from models.choose import best_candidate
from models.data import Tune, load_tunes
from models.sample import SamplingOptions
from song.features import flaws, longest_repeated_run, note_density, pitch_range, syncopation
from song.keys import Key
from song.meter import Meter
from song.model import Note

HERE = Path(__file__).resolve().parent
REAL_PER_SET = 40
CANDIDATES = 4
MAX_BARS = 16
POP_ROLES = ("verse", "chorus", "prechorus", "bridge")
FOLK_STYLES = ("essen", "oneills", "ryans", "airds", "bach")
LENGTH_BINS_BEATS = (0.25, 1 / 3, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0)
RUN_LIMIT = 6


@dataclass(frozen=True)
class RealMelody:
    style: str
    role: str
    key: str
    meter: str
    bars: int
    notes: tuple[tuple[int, int, int], ...]  # (pitch, start tick, duration ticks) at 480 per quarter

    def note_objects(self) -> list[Note]:
        return [Note(p, Fraction(s, 480), Fraction(d, 480)) for p, s, d in self.notes]


def _histogram(values: Sequence[float], bins: Sequence[float]) -> np.ndarray:
    counts = np.zeros(len(bins))
    for value in values:
        counts[int(np.argmin([abs(value - b) for b in bins]))] += 1
    return counts / max(1, counts.sum())


def features(notes: Sequence[Note], meter: Meter, bars: int) -> dict[str, np.ndarray]:
    """The eight features of one melody (scalars as 1-vectors)."""
    steps = [abs(b.pitch - a.pitch) for a, b in zip(notes, notes[1:])]
    intervals = np.bincount([min(s, 13) for s in steps], minlength=14) / max(1, len(steps))
    classes = np.bincount([n.pitch % 12 for n in notes], minlength=12) / max(1, len(notes))
    entropy = -sum(p * math.log2(p) for p in classes if p > 0)
    onsets = [float(b.start - a.start) for a, b in zip(notes, notes[1:])]
    return {
        "pitch range": np.array([pitch_range(notes)], float),
        "pitch-class entropy": np.array([entropy]),
        "interval histogram": intervals,
        "note-length histogram": _histogram([float(n.duration) for n in notes], LENGTH_BINS_BEATS),
        "onset-interval histogram": _histogram(onsets, LENGTH_BINS_BEATS),
        "same-pitch run": np.array([longest_repeated_run(notes)], float),
        "syncopation": np.array([syncopation(notes, meter)]),
        "notes per bar": np.array([note_density(notes, bars)]),
    }


def _density(distances: np.ndarray, grid: np.ndarray) -> np.ndarray:
    spread = distances.std()
    bandwidth = 1.06 * spread * len(distances) ** -0.2 if spread > 0 else 1e-3 * (abs(distances.mean()) + 1)
    curve = np.exp(-0.5 * ((grid[:, None] - distances[None, :]) / bandwidth) ** 2).sum(axis=1)
    return curve / (curve.sum() * (grid[1] - grid[0]))


def overlap_area(real: list[np.ndarray], generated: list[np.ndarray]) -> float:
    """The overlap of the intra-set (real-real) and inter-set (generated-real) distance densities."""
    intra = np.array([np.linalg.norm(a - b) for i, a in enumerate(real) for b in real[i + 1:]])
    inter = np.array([np.linalg.norm(g - r) for g in generated for r in real])
    top = max(intra.max(), inter.max()) * 1.2 + 1e-6
    grid = np.linspace(-0.2 * top, top, 1024)
    return float(np.minimum(_density(intra, grid), _density(inter, grid)).sum() * (grid[1] - grid[0]))


def real_sets() -> dict[str, list[RealMelody]]:
    """Up to REAL_PER_SET held-out melodies per set, at most MAX_BARS bars (fixed draw)."""
    from models.pop_data import load_pop_tunes

    rng = random.Random(2026)
    sets: dict[str, list[RealMelody]] = {}
    pop = [t for t in load_pop_tunes("test") if t.bars <= MAX_BARS]
    for role in POP_ROLES:
        chosen = [t for t in pop if t.role == role]
        sets[f"pop {role}"] = [_real(t) for t in rng.sample(chosen, min(REAL_PER_SET, len(chosen)))]
    folk = [t for t in load_tunes("test") if 2 <= t.bars <= MAX_BARS and t.meter in V.METERS]
    for style in FOLK_STYLES:
        chosen = [t for t in folk if t.collection == style]
        sets[style] = [_real(t) for t in rng.sample(chosen, min(REAL_PER_SET, len(chosen)))]
    return sets


def _real(tune: Tune) -> RealMelody:
    return RealMelody(tune.collection, tune.role, tune.key, tune.meter, tune.bars, tune.notes)


def request_for(real: RealMelody) -> Request:
    """The compose tool's request for a melody like `real`: its key, meter, bars and role, default controls."""
    fields = Request.__dataclass_fields__
    style = real.style if real.style in V.STYLES else "essen"
    extra = {"role": real.role} if "role" in fields and style == "pop" else {}
    if style == "pop":
        from models.api import typical

        extra |= {"density": typical("pop")["density"], "syncopation": typical("pop")["syncopation"]}
    return Request(Key.parse(real.key), Meter.parse(real.meter), real.bars, style, **extra)


def evaluate(sets: dict[str, list[RealMelody]], checkpoint: Path | None, seed: int = 5) -> dict[str, object]:
    model = MelodyModel(checkpoint) if checkpoint else MelodyModel()
    report: dict[str, object] = {}
    started = time.perf_counter()
    for name, tunes in sets.items():
        if len(tunes) < 5:
            continue
        real_features, generated_features = [], []
        real_runs = generated_runs = flagged = 0
        for index, tune in enumerate(tunes):
            meter = Meter.parse(tune.meter)
            real_notes = tune.note_objects()
            real_features.append(features(real_notes, meter, tune.bars))
            real_runs += longest_repeated_run(real_notes) >= RUN_LIMIT
            request = request_for(tune)
            candidates = model.generate(request, n=CANDIDATES, options=SamplingOptions(seed=seed + index))
            _, chosen = best_candidate(model, candidates, request)
            generated_features.append(features(chosen.notes, meter, tune.bars))
            generated_runs += longest_repeated_run(chosen.notes) >= RUN_LIMIT
            flagged += flaws(chosen.notes) > 0
        overlaps = {feature: round(overlap_area([f[feature] for f in real_features], [f[feature] for f in generated_features]), 3)
                    for feature in real_features[0]}
        report[name] = {
            "melodies": len(tunes), "mean_overlap": round(float(np.mean(list(overlaps.values()))), 3), "overlap": overlaps,
            "real_runs_6_share": round(real_runs / len(tunes), 3), "generated_runs_6_share": round(generated_runs / len(tunes), 3),
            "chosen_flagged_share": round(flagged / len(tunes), 3),
        }
        print(f"{name:16s} mean overlap {report[name]['mean_overlap']:.3f}  runs>=6 real {real_runs}/{len(tunes)} "
              f"generated {generated_runs}/{len(tunes)}  flagged {flagged}", file=sys.stderr, flush=True)
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--checkpoint", type=Path)
    parser.add_argument("--out", type=Path, default=HERE / "melody_realism.json")
    parser.add_argument("--dump-sets", type=Path, help="write the real melodies drawn here to this file, and stop")
    parser.add_argument("--sets", type=Path, help="read the real melodies from this file (made with --dump-sets)")
    args = parser.parse_args(argv)
    if args.sets:
        sets = {name: [RealMelody(**{**m, "notes": tuple(map(tuple, m["notes"]))}) for m in melodies]
                for name, melodies in json.loads(args.sets.read_text()).items()}
    else:
        sets = real_sets()
    if args.dump_sets:
        args.dump_sets.write_text(json.dumps({name: [asdict(m) for m in melodies] for name, melodies in sets.items()}))
        return 0
    result = evaluate(sets, args.checkpoint)
    args.out.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
