"""Melody generation speed: ours (grammar-constrained, KV-cached, the numpy network) vs
Hugging Face generate() on the same checkpoint loaded through transformers (torch)."""

from __future__ import annotations

from bench.measure import Row, interleaved, time_runs


def run(runs: int) -> list[Row]:
    import time

    started = time.perf_counter()
    import numpy  # noqa: F401 - all the run-time network needs

    import_s = time.perf_counter() - started

    from models import vocab as V
    from models.api import MelodyModel, Request
    from models.model import CHECKPOINT
    from models.sample import SamplingOptions
    from song.keys import Key
    from song.meter import Meter

    started = time.perf_counter()
    model = MelodyModel(CHECKPOINT)
    model.model  # noqa: B018 - load
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    import torch

    from models.model import load

    transformers_model = load(CHECKPOINT)  # the stock model, for the baseline
    transformers_s = time.perf_counter() - started
    request = Request(Key.parse("D major"), Meter.parse("4/4"), 16)
    section = model.generate(request, options=SamplingOptions(seed=0))[0]
    tokens = len(section.notes) * 2 + 16  # roughly: pitch + duration per note, a BAR per bar
    prompt = torch.tensor([request.controls().tokens()])

    def ours() -> None:
        model.generate(request, options=SamplingOptions(seed=1))

    def hugging_face() -> None:
        transformers_model.generate(prompt, max_new_tokens=tokens, min_new_tokens=tokens, do_sample=True, top_p=0.95,
                             temperature=0.9, pad_token_id=V.PAD)

    single, baseline = interleaved(ours, hugging_face, runs)
    batch = time_runs(lambda: model.generate(request, n=8, options=SamplingOptions(seed=2)), runs)
    infill = time_runs(lambda: model.infill(section, request, 5, 8, options=SamplingOptions(seed=3)), runs)
    return [
        Row("import numpy (the run-time network's only need)", import_s, 0.0, 1),
        Row("melody model load (numpy network, models/inference.py)", load_s, 0.0, 1),
        Row("the same model through transformers: import torch + transformers + from_pretrained", transformers_s, 0.0, 1),
        Row(f"generate 16 bars, 1 melody (~{tokens} tokens, {tokens / single.median_s:.0f} tok/s)", single.median_s,
            single.spread_s, single.runs, "HF generate(), same length, no constraints", baseline.median_s),
        Row("generate 16 bars, 8 candidates batched", batch.median_s, batch.spread_s, batch.runs),
        Row("infill 4 of 16 bars", infill.median_s, infill.spread_s, infill.runs),
    ]
