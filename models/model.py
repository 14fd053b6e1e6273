"""The melody model: a stock Hugging Face Llama-style causal LM, small enough for a CPU.

All the music lives outside it (models/vocab.py, models/sample.py). Size, chosen for 60-90
minutes of training on 2 CPU threads (measured here: a 6-layer, 192-wide model trains at
about 3,800 tokens/s, so an hour is ~14M tokens, three to four passes over the ~4M-token
corpus with fresh transpositions each pass; the 8M-parameter size would see under two).
A checkpoint is a folder: model.safetensors, config.json (the transformers config) and
vocab.json (the vocabulary constants it was trained with), so it carries its own setup.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from models import vocab as V

CHECKPOINT = Path(__file__).resolve().parent / "checkpoints" / "melody"
CONTEXT = 512


def config(layers: int = 6, width: int = 192, heads: int = 6) -> Any:
    from transformers import LlamaConfig

    return LlamaConfig(
        vocab_size=V.VOCAB_SIZE, hidden_size=width, intermediate_size=width * 8 // 3 // 8 * 8,
        num_hidden_layers=layers, num_attention_heads=heads, num_key_value_heads=heads,
        max_position_embeddings=CONTEXT, pad_token_id=V.PAD, bos_token_id=V.BOS, eos_token_id=V.EOS,
        tie_word_embeddings=True, rms_norm_eps=1e-5,
    )


def new_model(layers: int = 6, width: int = 192, heads: int = 6) -> Any:
    from transformers import LlamaForCausalLM

    return LlamaForCausalLM(config(layers, width, heads))


def vocab_fingerprint() -> dict[str, Any]:
    """What a checkpoint must agree on with the code that loads it."""
    return {
        "vocab_size": V.VOCAB_SIZE, "steps_per_quarter": V.MODEL_STEPS_PER_QUARTER, "max_bar_steps": V.MAX_BAR_STEPS,
        "pitches": [V.LOWEST_PITCH, V.HIGHEST_PITCH], "durations": list(V.DURATIONS), "meters": list(V.METERS),
        "styles": list(V.STYLES), "max_bars": V.MAX_BARS, "roles": list(V.ROLES), "chord_qualities": list(V.CHORD_QUALITIES),
    }


def save(model: Any, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder, safe_serialization=True)
    (folder / "vocab.json").write_text(json.dumps(vocab_fingerprint(), indent=1))


def check_checkpoint(folder: Path) -> None:
    """CocomposerError unless `folder` holds a checkpoint made with this vocabulary."""
    from song.errors import CocomposerError

    if not (folder / "model.safetensors").exists():
        raise CocomposerError(f"no melody model at {folder}; run `cocomposer train` to make one")
    saved = json.loads((folder / "vocab.json").read_text())
    if saved != vocab_fingerprint():
        raise CocomposerError(f"the melody model at {folder} was trained with another vocabulary; retrain it")


def load(folder: Path = CHECKPOINT) -> Any:
    """The trained model as transformers' LlamaForCausalLM, from local files only (never a
    hub): for training and evaluation. The app runs the same weights through
    models/inference.py, which does not need transformers imported."""
    from transformers import LlamaForCausalLM
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # a "Loading weights" bar would scribble over the terminal UI
    check_checkpoint(folder)
    model = LlamaForCausalLM.from_pretrained(folder, local_files_only=True)
    model.eval()
    return model
