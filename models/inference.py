"""Running the committed melody checkpoint in numpy, for a cold start without torch.

Training and the evaluation use the stock transformers LlamaForCausalLM (models/model.py);
at run time the same weights, read from the same safetensors file with the same config, run
through this forward pass: token embedding; per layer RMSNorm -> causal self-attention with
rotary positions -> residual, RMSNorm -> SwiGLU MLP -> residual; a final RMSNorm and the tied
output projection. A test checks that its logits equal transformers' on the checkpoint, with
and without the key/value cache.

The cache is preallocated per batch and grows by doubling, so a sampled token costs one
small matrix product per weight, not a copy of everything seen so far.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from runtime.numpy_ops import Array, load_weights, rms_norm, silu, softmax

INITIAL_CACHE_TOKENS = 256


@dataclass
class KVCache:
    """Keys and values of every position run so far, per layer: [layer, row, head, position, dim]."""

    keys: Array
    values: Array
    length: int = 0

    def append(self, layer: int, keys: Array, values: Array) -> tuple[Array, Array]:
        """Store this call's keys and values for `layer` (after `length`); returns all of them."""
        stop = self.length + keys.shape[2]
        if stop > self.keys.shape[3]:
            self._grow(stop)
        self.keys[layer, :, :, self.length:stop] = keys
        self.values[layer, :, :, self.length:stop] = values
        return self.keys[layer, :, :, :stop], self.values[layer, :, :, :stop]

    def _grow(self, needed: int) -> None:
        capacity = max(needed, 2 * self.keys.shape[3])
        pad = [(0, 0)] * 3 + [(0, capacity - self.keys.shape[3]), (0, 0)]
        self.keys, self.values = np.pad(self.keys, pad), np.pad(self.values, pad)


@dataclass(frozen=True)
class _Layer:
    attention_norm: Array
    qkv: Array  # [width, 3 * width]: q, k and v projections side by side (transposed for x @ w)
    out: Array
    mlp_norm: Array
    gate_up: Array  # [width, 2 * hidden]
    down: Array


class MelodyNetwork:
    """The checkpoint's network for inference (the config has no dropout)."""

    def __init__(self, config: dict[str, Any], weights: dict[str, Array]) -> None:
        self.width, self.heads = config["hidden_size"], config["num_attention_heads"]
        if config.get("num_key_value_heads", self.heads) != self.heads or not config.get("tie_word_embeddings", True):
            raise ValueError("the melody network expects full multi-head attention and tied embeddings")
        self.head_dim = self.width // self.heads
        self.eps = config["rms_norm_eps"]
        theta = (config.get("rope_parameters") or {}).get("rope_theta", config.get("rope_theta", 10000.0))
        self.inverse_frequencies = (1.0 / theta ** (np.arange(0, self.head_dim, 2, dtype=np.float32) / self.head_dim)).astype(np.float32)
        # copies, not views of the mapped file: `cocomposer train` may rewrite it while the app runs
        w = {name.removeprefix("model."): np.array(array) for name, array in weights.items()}
        self.embeddings = w["embed_tokens.weight"]
        self.unembed = np.ascontiguousarray(self.embeddings.T)
        self.final_norm = w["norm.weight"]
        self.layers = []
        for index in range(config["num_hidden_layers"]):
            p = f"layers.{index}."
            self.layers.append(_Layer(
                attention_norm=w[p + "input_layernorm.weight"],
                qkv=np.ascontiguousarray(np.concatenate([w[p + f"self_attn.{n}_proj.weight"] for n in "qkv"]).T),
                out=np.ascontiguousarray(w[p + "self_attn.o_proj.weight"].T),
                mlp_norm=w[p + "post_attention_layernorm.weight"],
                gate_up=np.ascontiguousarray(np.concatenate([w[p + "mlp.gate_proj.weight"], w[p + "mlp.up_proj.weight"]]).T),
                down=np.ascontiguousarray(w[p + "mlp.down_proj.weight"].T),
            ))

    def new_cache(self, rows: int) -> KVCache:
        shape = (len(self.layers), rows, self.heads, INITIAL_CACHE_TOKENS, self.head_dim)
        return KVCache(np.zeros(shape, np.float32), np.zeros(shape, np.float32))

    def logits(self, ids: Array, cache: KVCache | None = None) -> Array:
        """Next-token logits [row, position, vocab] for `ids` [row, position], continuing what
        `cache` holds (and adding these positions to it)."""
        rows, length = ids.shape
        start = cache.length if cache is not None else 0
        angles = np.outer(np.arange(start, start + length, dtype=np.float32), self.inverse_frequencies)
        angles = np.concatenate((angles, angles), axis=-1)
        cos, sin = np.cos(angles), np.sin(angles)
        causal = None
        if length > 1:  # a position sees the cache and the positions up to itself
            causal = np.triu(np.full((length, start + length), -np.inf, np.float32), k=start + 1)
        x = self.embeddings[ids]
        for index, layer in enumerate(self.layers):
            h = rms_norm(x, layer.attention_norm, self.eps)
            qkv = (h @ layer.qkv).reshape(rows, length, 3, self.heads, self.head_dim).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]
            q, k = _rotate(q, cos, sin), _rotate(k, cos, sin)
            if cache is not None:
                k, v = cache.append(index, k, v)
            scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(self.head_dim))
            if causal is not None:
                scores = scores + causal
            attended = (softmax(scores) @ v).transpose(0, 2, 1, 3).reshape(rows, length, self.width)
            x = x + attended @ layer.out
            gate_up = rms_norm(x, layer.mlp_norm, self.eps) @ layer.gate_up
            hidden = gate_up.shape[-1] // 2
            x = x + (silu(gate_up[..., :hidden]) * gate_up[..., hidden:]) @ layer.down
        if cache is not None:
            cache.length += length
        return rms_norm(x, self.final_norm, self.eps) @ self.unembed


def _rotate(x: Array, cos: Array, sin: Array) -> Array:
    """Rotary positions as Llama applies them: x * cos + rotate_half(x) * sin."""
    half = x.shape[-1] // 2
    rotated = np.concatenate((-x[..., half:], x[..., :half]), axis=-1)
    return x * cos + rotated * sin


def load_for_inference(folder: Path) -> MelodyNetwork:
    """The checkpoint's weights (safetensors) in MelodyNetwork, ready to sample."""
    config = json.loads((folder / "config.json").read_text())
    return MelodyNetwork(config, load_weights(folder / "model.safetensors"))
