"""Measuring the melody model: likelihood vs an n-gram, control adherence, novelty,
infilling seams, speed. `python -m models.eval` prints a report and writes
models/checkpoints/melody/eval.json (the numbers in the README come from there)."""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from models import vocab as V
from models.api import MelodyModel, Request, to_section
from models.choose import best_candidate, misses
from models.data import load_tunes
from models.model import CHECKPOINT
from models.ngram import KneserNey
from models.sample import SamplingOptions
from models.sequences import plain_sequence, prepare
from runtime.numpy_ops import log_softmax
from song.features import in_key_ratio, note_density, syncopation
from song.keys import Key
from song.meter import Meter

KEYS = ["C", "G", "D", "A", "F", "Bb", "Eb", "E"]
METERS = ["2/4", "3/4", "4/4", "6/8"]


def likelihood(model: MelodyModel, limit: int) -> dict[str, float]:
    train = [p for p in (prepare(t) for t in load_tunes("train")) if p]
    test = [p for p in (prepare(t) for t in load_tunes("test")) if p][:limit]
    ngram = KneserNey().fit([plain_sequence(t) for t in train])
    ours = base = 0.0
    notes = body_tokens = 0
    for tune in test:
        tokens = plain_sequence(tune)
        body_notes = sum(1 for t in tokens if V.is_pitch(t))
        log_probabilities = log_softmax(model.model.logits(np.array([tokens]))[0, :-1])
        losses = -log_probabilities[np.arange(len(tokens) - 1), tokens[1:]]
        ours += float(losses[V.CONTROL_COUNT:].sum())
        base += ngram.nll(tokens, V.CONTROL_COUNT + 1)
        notes += body_notes
        body_tokens += len(tokens) - V.CONTROL_COUNT - 2
    return {"test_tunes": len(test), "model_nll_per_note": ours / notes, "ngram_nll_per_note": base / notes,
            "improvement": 1 - ours / base, "tokens_per_note": body_tokens / notes}


def adherence(model: MelodyModel, count: int, request_seed: int, candidates: int = 4) -> dict[str, object]:
    """Control adherence of one sample per request, and of the tools' pick among `candidates`
    (models/choose.py). Seed 7 drew the requests the cadence bonus was tuned on; other seeds
    draw requests nothing was tuned on."""
    rng = random.Random(request_seed)
    single: dict[str, list[float]] = {name: [] for name in ("exact", "key", "in_key", "density", "sync")}
    chosen: dict[str, list[float]] = {name: [] for name in single}
    seconds: list[float] = []
    for index in range(count):
        key = Key.parse(f"{rng.choice(KEYS)} {rng.choice(['major', 'minor'])}")
        meter = Meter.parse(rng.choice(METERS))
        bars = rng.randint(4, 16)
        density, sync = rng.choice([2.5, 3.6, 4.4, 5.5, 7.0]), rng.choice([0.0, 0.01, 0.03, 0.07, 0.15])
        request = Request(key, meter, bars, "essen", density, sync)
        started = time.perf_counter()
        sections = model.generate(request, n=candidates, options=SamplingOptions(seed=request_seed * 10_000 + index))
        seconds.append(time.perf_counter() - started)
        for tally, section in ((single, sections[0]), (chosen, best_candidate(model, sections, request)[1])):
            off_key, _ = misses(section, request, controls=False)
            tally["exact"].append(section.bars == bars and all(n.end <= bars * meter.bar_length for n in section.notes))
            tally["key"].append(not off_key)
            tally["in_key"].append(in_key_ratio(section.notes, key))
            tally["density"].append(V.bucket(note_density(section.notes, bars), V.DENSITY_EDGES) == V.bucket(density, V.DENSITY_EDGES))
            tally["sync"].append(V.bucket(syncopation(section.notes, meter), V.SYNCOPATION_EDGES) == V.bucket(sync, V.SYNCOPATION_EDGES))

    def summary(tally: dict[str, list[float]]) -> dict[str, float]:
        return {"bars_and_meter_exact": statistics.mean(tally["exact"]), "key_found": statistics.mean(tally["key"]),
                "median_in_key": statistics.median(tally["in_key"]), "density_bucket_hit": statistics.mean(tally["density"]),
                "syncopation_bucket_hit": statistics.mean(tally["sync"])}

    return {"generations": count, "request_seed": request_seed, "one_sample": summary(single),
            f"best_of_{candidates}": summary(chosen), f"median_seconds_{candidates}_candidates": statistics.median(seconds)}


def _shape(notes: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """Transposition-free note n-grams: (interval to the next pitch, length)."""
    return [(b[0] - a[0], a[2]) for a, b in zip(notes, notes[1:])]


def novelty(model: MelodyModel, count: int) -> dict[str, object]:
    from models.tokens import to_steps

    train_shapes = [_shape(to_steps(t.notes)) for t in load_tunes("train")]
    longest = 0
    copies = 0
    for index in range(count):
        request = Request(Key.parse("G major" if index % 2 else "E minor"), Meter.parse(METERS[index % 4]), 8)
        section = model.generate(request, options=SamplingOptions(seed=1000 + index))[0]
        shape = _shape([(n.pitch, round(n.start * 12), round(n.duration * 12)) for n in section.notes])
        low, high = 0, len(shape)
        while low < high:  # the longest n with a shared n-gram
            middle = (low + high + 1) // 2
            grams = {tuple(shape[i:i + middle]) for i in range(len(shape) - middle + 1)}
            if any(tuple(s[i:i + middle]) in grams for s in train_shapes for i in range(len(s) - middle + 1)):
                low = middle
            else:
                high = middle - 1
        longest = max(longest, low + 1)  # n intervals span n+1 notes
        copies += low == len(shape) and len(shape) > 0
    return {"eight_bar_generations": count, "equal_to_a_training_tune": copies, "longest_common_note_ngram": longest}


def infilling(model: MelodyModel, count: int) -> dict[str, object]:
    tunes = [t for t in (prepare(t) for t in load_tunes("test")) if t and 8 <= t.bars <= 24][:count]
    training_steps = sorted(abs(b[0] - a[0]) for t in load_tunes("train")[:2000] for a, b in zip(t.notes, t.notes[1:]))
    p95 = training_steps[int(0.95 * len(training_steps))]
    filled_nll, spliced_nll, seams, within = [], [], 0, 0
    for index, tune in enumerate(tunes):
        meter = Meter.parse(tune.meter)
        request = Request(tune.key, meter, tune.bars, tune.style, tune.density, tune.syncopation, tune.pitch_range, V.LOWEST_PITCH, V.HIGHEST_PITCH)
        section = to_section("tune", list(tune.notes), tune.bars, tune.bar_steps)
        filled = model.infill(section, request, 3, 4, options=SamplingOptions(seed=index))[0]
        free = model.generate(Request(tune.key, meter, 2, tune.style, low=V.LOWEST_PITCH, high=V.HIGHEST_PITCH), options=SamplingOptions(seed=index))[0]
        bar = meter.bar_length
        kept = [n for n in section.notes if not 2 * bar <= n.start < 4 * bar and n.end <= 2 * bar or n.start >= 4 * bar]
        spliced_notes = sorted(kept + [n.__class__(n.pitch, n.start + 2 * bar, n.duration) for n in free.notes], key=lambda n: n.start)
        try:
            spliced = section.replace(notes=tuple(_one_voice(spliced_notes)))
        except Exception:
            continue
        filled_nll.append(model.score(filled, request))
        spliced_nll.append(model.score(spliced, request))
        for boundary in (2 * bar, 4 * bar):
            before = [n for n in filled.notes if n.start < boundary]
            after = [n for n in filled.notes if n.start >= boundary]
            if before and after:
                seams += 1
                within += abs(after[0].pitch - before[-1].pitch) <= p95
    return {"tunes": len(filled_nll), "infilled_nll_per_note": statistics.mean(filled_nll),
            "unconditional_spliced_nll_per_note": statistics.mean(spliced_nll), "seams": seams,
            "seams_within_corpus_p95": within / max(seams, 1), "corpus_interval_p95": p95}


def _one_voice(notes):
    result = []
    for note in notes:
        if result and note.start < result[-1].end:
            previous = result[-1]
            if note.start <= previous.start:
                continue
            result[-1] = previous.__class__(previous.pitch, previous.start, note.start - previous.start, previous.velocity)
        result.append(note)
    return result


def speed(folder: Path) -> dict[str, float]:
    started = time.perf_counter()
    model = MelodyModel(folder)
    model.model  # noqa: B018 - load now
    load_s = time.perf_counter() - started
    request = Request(Key.parse("D major"), Meter.parse("4/4"), 16)
    model.generate(request, options=SamplingOptions(seed=0))  # warm
    single, batch = [], []
    tokens = 0
    for seed in range(5):
        started = time.perf_counter()
        section = model.generate(request, options=SamplingOptions(seed=seed))[0]
        single.append(time.perf_counter() - started)
        tokens += len(section.notes) * 2 + 16
        started = time.perf_counter()
        model.generate(request, n=8, options=SamplingOptions(seed=seed))
        batch.append(time.perf_counter() - started)
    return {"load_s": load_s, "sixteen_bars_s": statistics.median(single), "eight_candidates_s": statistics.median(batch),
            "tokens_per_s_single": tokens / sum(single)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folder", type=Path, default=CHECKPOINT)
    parser.add_argument("--generations", type=int, default=200)
    parser.add_argument("--test-tunes", type=int, default=300)
    parser.add_argument("--request-seeds", type=int, nargs="+", default=[7, 2026], help="7: the tuning requests; others: fresh ones")
    parser.add_argument("--only", nargs="+", help="run only these parts (speed likelihood adherence novelty infilling)")
    args = parser.parse_args(argv)
    model = MelodyModel(args.folder)
    path = args.folder / "eval.json"
    report = json.loads(path.read_text()) if path.exists() else {}
    parts = {"speed": lambda: speed(args.folder), "likelihood": lambda: likelihood(model, args.test_tunes),
             "adherence": lambda: [adherence(model, args.generations, seed) for seed in args.request_seeds],
             "novelty": lambda: novelty(model, 50), "infilling": lambda: infilling(model, 60)}
    for name, run in parts.items():
        if args.only and name not in args.only:
            continue
        sys.stderr.write(f"{name} ...\n")
        report[name] = run()
        print(name, json.dumps(report[name]), flush=True)
        path.write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
