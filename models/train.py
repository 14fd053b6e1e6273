"""Training the melody model: resumable, in the background, checkpoints that carry their setup.

`python -m models.train --minutes 70` (or `cocomposer train`) trains on the train splits of
models/data.py (folk tunes and chorales) and models/pop_data.py (POP909's song sections, with
their roles and chords; POP_SHARE of the sequences), logs validation loss, saves its full state (weights, optimizer, step, RNG,
sizes) every few minutes under the run folder and picks up from there when started again.
At the end the weights are exported to models/checkpoints/melody (safetensors + config +
vocabulary), which is what the app loads.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from pathlib import Path
from typing import Callable

from models import vocab as V
from models.data import CACHE, load_tunes
from models.model import CHECKPOINT, CONTEXT, new_model, save
from models.pop_data import load_pop_tunes
from models.sequences import PreparedTune, prepare, sequence

RUN = CACHE.parent / "train-run"
POP_SHARE = 0.4  # of the training sequences, those cut from pop sections (~3,700 sections beside ~10,600 folk tunes)


def batches(tunes: list[PreparedTune], batch: int, rng: random.Random, pop: list[PreparedTune] = ()):
    """Endless padded batches of fresh training sequences; a batch is all pop sections or all
    folk tunes (POP_SHARE of them pop), so that long pop windows do not pad short tunes."""
    import torch

    while True:
        rows = []
        source = pop if pop and rng.random() < POP_SHARE else tunes
        while len(rows) < batch:
            tokens = sequence(rng.choice(source), rng)
            if len(tokens) > 8:
                rows.append(tokens[:CONTEXT])
        width = max(len(r) for r in rows)
        ids = torch.full((batch, width), V.PAD, dtype=torch.long)
        for i, row in enumerate(rows):
            ids[i, : len(row)] = torch.tensor(row)
        labels = ids.clone()
        labels[ids == V.PAD] = -100
        yield ids, (ids != V.PAD).long(), labels


def validation_set(tunes: list[PreparedTune], count: int = 96) -> list[list[int]]:
    """Fixed sequences (no transposition, no FIM) to compare checkpoints on."""
    rng = random.Random(1234)
    chosen = tunes if len(tunes) <= count else rng.sample(tunes, count)
    return [s for s in (sequence(t, random.Random(i), shift=0, fim=False)[:CONTEXT] for i, t in enumerate(chosen)) if s]


def validation_loss(model, sequences: list[list[int]]) -> float:
    """Mean negative log-likelihood per predicted token (nats)."""
    import torch

    total, count = 0.0, 0
    model.eval()
    with torch.no_grad():
        for tokens in sequences:
            ids = torch.tensor([tokens])
            out = model(input_ids=ids, labels=ids)
            total += out.loss.item() * (len(tokens) - 1)
            count += len(tokens) - 1
    model.train()
    return total / max(count, 1)


def train(
    minutes: float, run: Path = RUN, export: Path = CHECKPOINT, batch: int = 16, lr: float = 2e-3,
    layers: int = 6, width: int = 192, heads: int = 6, threads: int = 1, tunes_limit: int | None = None,
    checkpoint_every_s: float = 300, report: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True),
    data: Path | None = None, with_pop: bool = True,
) -> float:
    """Train for `minutes` of wall time (resuming from `run` if it holds a state); returns
    the final validation loss."""
    import torch

    torch.set_num_threads(threads)
    train_tunes = [p for p in (prepare(t) for t in load_tunes("train", data)) if p is not None][:tunes_limit]
    valid_tunes = [p for p in (prepare(t) for t in load_tunes("valid", data)) if p is not None][: tunes_limit or None]
    valid_tunes = valid_tunes or train_tunes[:8]  # a tiny corpus may have no validation tune
    pop_train = [p for p in (prepare(t) for t in load_pop_tunes("train")) if p is not None][:tunes_limit] if with_pop else []
    pop_valid = [p for p in (prepare(t) for t in load_pop_tunes("valid")) if p is not None][:tunes_limit] if with_pop else []
    if not train_tunes:
        raise RuntimeError(f"no training tunes in {CACHE}: run `python -m models.data` first")
    run.mkdir(parents=True, exist_ok=True)
    state_file = run / "state.pt"
    sizes = {"layers": layers, "width": width, "heads": heads, "batch": batch, "lr": lr}
    model = new_model(layers, width, heads)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01, betas=(0.9, 0.98))
    step, trained_s, rng = 0, 0.0, random.Random(0)
    if state_file.exists():
        state = torch.load(state_file, weights_only=False)
        sizes = state["sizes"]
        model = new_model(sizes["layers"], sizes["width"], sizes["heads"])
        model.load_state_dict(state["model"])
        optimizer = torch.optim.AdamW(model.parameters(), lr=sizes["lr"], weight_decay=0.01, betas=(0.9, 0.98))
        optimizer.load_state_dict(state["optimizer"])
        step, trained_s = state["step"], state["trained_s"]
        rng.setstate(state["rng"])
        report(f"resumed at step {step} ({trained_s / 60:.1f} min trained)")
    budget_s = trained_s + minutes * 60
    valid = validation_set(valid_tunes)
    valid_pop = validation_set(pop_valid) if pop_valid else []
    stream = batches(train_tunes, sizes["batch"], rng, pop_train)
    warmup = 200

    def save_state() -> None:
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "step": step,
                    "trained_s": trained_s, "rng": rng.getstate(), "sizes": sizes}, str(state_file) + ".part")
        os.replace(str(state_file) + ".part", state_file)

    model.train()
    last_save = time.perf_counter()
    tokens_seen = 0
    started = time.perf_counter()
    while trained_s < budget_s:
        tick = time.perf_counter()
        progress = min(1.0, trained_s / budget_s) if budget_s else 1.0
        scale = min(1.0, (step + 1) / warmup) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress)))
        for group in optimizer.param_groups:
            group["lr"] = sizes["lr"] * scale
        ids, mask, labels = next(stream)
        loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        step += 1
        tokens_seen += int(mask.sum())
        trained_s += time.perf_counter() - tick
        if step % 100 == 0:
            rate = tokens_seen / (time.perf_counter() - started)
            report(f"step {step} loss {loss.item():.3f} lr {sizes['lr'] * scale:.2e} {rate:.0f} tok/s {trained_s / 60:.1f} min")
        if step % 500 == 0:
            pop_loss = f", pop {validation_loss(model, valid_pop):.4f}" if valid_pop else ""
            report(f"step {step} validation loss {validation_loss(model, valid):.4f}{pop_loss}")
        if time.perf_counter() - last_save > checkpoint_every_s:
            save_state()
            save(model, run / "latest")
            last_save = time.perf_counter()
    final = validation_loss(model, valid)
    final_pop = validation_loss(model, valid_pop) if valid_pop else None
    report(f"done: step {step}, validation loss {final:.4f}, pop {final_pop}")
    save_state()
    save(model, export)
    (export / "training.json").write_text(json.dumps({
        "steps": step, "minutes": round(trained_s / 60, 1), "validation_loss": round(final, 4),
        "pop_validation_loss": None if final_pop is None else round(final_pop, 4),
        "train_tunes": len(train_tunes), "valid_tunes": len(valid_tunes),
        "pop_train_sections": len(pop_train), "pop_valid_sections": len(pop_valid), "pop_share": POP_SHARE, **sizes,
    }, indent=1))
    return final


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=70)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--run", type=Path, default=RUN)
    parser.add_argument("--export", type=Path, default=CHECKPOINT)
    args = parser.parse_args(argv)
    train(args.minutes, args.run, args.export, threads=args.threads)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
