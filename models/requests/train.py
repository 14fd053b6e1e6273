"""Train the request reader: `python -m models.requests.train` (a few minutes on 2 CPU cores).

Data: the generated corpus (models/requests/corpus.py) plus the hand-written steps in
models/requests/data/hand_written.jsonl (from the planner's dev set, never from a held-out
set). Validation: a corpus drawn with another seed. Only the top `TUNED_LAYERS` encoder
layers and the head learn, so the frozen layers' output is computed once and cached, and an
epoch costs seconds. The run resumes from its last finished epoch (state under
`$COCOMPOSER_HOME/training/requests`); the result goes to models/checkpoints/requests/
(fp16 safetensors of what was tuned, and reader.json with the intents and figures).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from pathlib import Path

import torch

from models.requests.corpus import Example, generate
from models.requests.labels import INTENTS
from models.requests.network import RequestReader
from models.requests.reader import CHECKPOINT_DIR, MAX_TOKENS
from runtime.minilm import encoder_config, tokenizer

HAND_WRITTEN = Path(__file__).resolve().parent / "data" / "hand_written.jsonl"
TUNED_LAYERS = 2
PER_INTENT, VALIDATION_PER_INTENT = 400, 60
EPOCHS, BATCH, LEARNING_RATE = 5, 32, 1e-4


def hand_written() -> list[Example]:
    if not HAND_WRITTEN.exists():
        return []
    rows = [json.loads(line) for line in HAND_WRITTEN.read_text().splitlines() if line.strip()]
    return [Example(row["text"], row["intent"]) for row in rows]


def _frozen_states(model: RequestReader, examples: list[Example], tokens, frozen: int) -> list[torch.Tensor]:
    """Each example's hidden states after the frozen layers (computed once, reused every epoch)."""
    states = []
    with torch.inference_mode():
        for example in examples:
            ids = torch.tensor([tokens.encode(example.text).ids])
            states.append(model.encode(model.embed(ids), torch.ones_like(ids), range(frozen))[0].clone())
    return states


def _batch(states: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    length = max(s.shape[0] for s in states)
    hidden = torch.zeros(len(states), length, states[0].shape[1])
    mask = torch.zeros(len(states), length, dtype=torch.long)
    for i, state in enumerate(states):
        hidden[i, : state.shape[0]] = state
        mask[i, : state.shape[0]] = 1
    return hidden, mask


def _accuracy(model: RequestReader, states: list[torch.Tensor], labels: torch.Tensor, frozen: int) -> float:
    model.eval()
    right = 0
    with torch.inference_mode():
        for start in range(0, len(states), 128):
            hidden, mask = _batch(states[start:start + 128])
            logits = model.classify(model.encode(hidden, mask, range(frozen, len(model.layers))), mask)
            right += int((logits.argmax(-1) == labels[start:start + 128]).sum())
    return right / len(states)


def train(seed: int = 0, work_dir: Path | None = None, out_dir: Path = CHECKPOINT_DIR, per_intent: int = PER_INTENT,
          epochs: int = EPOCHS, with_hand_written: bool = True) -> dict:
    torch.manual_seed(seed)
    work_dir = work_dir or Path(os.environ.get("COCOMPOSER_HOME", Path.home() / ".cocomposer")) / "training" / "requests"
    work_dir.mkdir(parents=True, exist_ok=True)
    config = encoder_config()
    model = RequestReader(INTENTS, config)
    model.load_encoder()
    tokens = tokenizer(MAX_TOKENS)
    frozen = len(model.layers) - TUNED_LAYERS
    training = generate(per_intent, seed) + (hand_written() * 3 if with_hand_written else [])
    validation = generate(max(1, min(VALIDATION_PER_INTENT, per_intent // 4)), seed + 1000)
    index = {intent: i for i, intent in enumerate(INTENTS)}
    started = time.perf_counter()
    train_states = _frozen_states(model, training, tokens, frozen)
    val_states = _frozen_states(model, validation, tokens, frozen)
    train_labels = torch.tensor([index[e.intent] for e in training])
    val_labels = torch.tensor([index[e.intent] for e in validation])
    tuned = [p for name, p in model.named_parameters() if name.startswith("head.") or
             any(name.startswith(f"layers.{i}.") for i in range(frozen, len(model.layers)))]
    for name, parameter in model.named_parameters():
        parameter.requires_grad_(any(parameter is p for p in tuned))
    optimiser = torch.optim.AdamW(tuned, lr=LEARNING_RATE, weight_decay=0.01)
    first_epoch = 0
    resume = work_dir / "state.pt"
    if resume.exists():
        saved = torch.load(resume, weights_only=True)
        model.load_state_dict(saved["model"], strict=False)
        optimiser.load_state_dict(saved["optimiser"])
        first_epoch = saved["epoch"] + 1
    rng = random.Random(seed)
    order = list(range(len(training)))
    history = []
    for epoch in range(first_epoch, epochs):
        model.train()
        rng.shuffle(order)
        total = 0.0
        for start in range(0, len(order), BATCH):
            chosen = order[start:start + BATCH]
            hidden, mask = _batch([train_states[i] for i in chosen])
            logits = model.classify(model.encode(hidden, mask, range(frozen, len(model.layers))), mask)
            loss = torch.nn.functional.cross_entropy(logits, train_labels[chosen], label_smoothing=0.05)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            total += float(loss.detach()) * len(chosen)
        accuracy = _accuracy(model, val_states, val_labels, frozen)
        history.append({"epoch": epoch, "loss": round(total / len(order), 4), "validation_accuracy": round(accuracy, 4)})
        print(json.dumps(history[-1]), flush=True)
        torch.save({"model": {n: p for n, p in model.state_dict().items() if any(n == m for m, q in model.named_parameters() if q.requires_grad)},
                    "optimiser": optimiser.state_dict(), "epoch": epoch}, resume)
    figures = {"intents": list(INTENTS), "tuned_layers": TUNED_LAYERS, "training_examples": len(training),
               "validation_examples": len(validation), "epochs": history, "seed": seed,
               "minutes": round((time.perf_counter() - started) / 60, 2),
               "validation_accuracy": round(_accuracy(model, val_states, val_labels, frozen), 4)}
    _save(model, frozen, figures, out_dir)
    resume.unlink(missing_ok=True)
    return figures


def _save(model: RequestReader, frozen: int, figures: dict, out_dir: Path) -> None:
    from safetensors.torch import save_file

    out_dir.mkdir(parents=True, exist_ok=True)
    keep = {name: tensor.detach().half().contiguous() for name, tensor in model.state_dict().items()
            if name.startswith("head.") or any(name.startswith(f"layers.{i}.") for i in range(frozen, len(model.layers)))}
    save_file(keep, str(out_dir / "reader.safetensors"))
    (out_dir / "reader.json").write_text(json.dumps(figures, indent=1) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "2")))
    figures = train(args.seed)
    print(f"validation accuracy {figures['validation_accuracy']:.1%} after {figures['minutes']} min")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
