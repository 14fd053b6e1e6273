"""Running the committed Llama checkpoint with torch alone, for the app's cold start.

Importing transformers' LlamaForCausalLM costs 2-3 s here (it pulls in scipy, torch._dynamo
and torch.distributed); torch alone costs about 1.4 s. Training and the evaluation use the
stock transformers model (models/model.py); at run time the same weights, read from the
same safetensors file with the same config, run through this ~80-line forward pass: token
embedding, per layer RMSNorm -> causal self-attention with rotary positions -> residual,
RMSNorm -> SwiGLU MLP -> residual, a final RMSNorm and the tied output projection. The test
suite checks that its logits equal transformers' on the checkpoint, with and without the
key/value cache. It offers the small part of the transformers interface the sampler uses:
`model(input_ids=..., past_key_values=..., use_cache=...)` -> `.logits`, `.past_key_values`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch import nn
from torch.nn import functional as F


@dataclass
class Output:
    logits: torch.Tensor
    past_key_values: list[tuple[torch.Tensor, torch.Tensor]] | None


class RMSNorm(nn.Module):
    def __init__(self, width: int, eps: float) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.ones(width))
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))


def _rotate_half(x: torch.Tensor) -> torch.Tensor:
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


class Layer(nn.Module):
    def __init__(self, width: int, heads: int, hidden: int, eps: float) -> None:
        super().__init__()
        self.heads, self.head_dim = heads, width // heads
        self.input_layernorm, self.post_attention_layernorm = RMSNorm(width, eps), RMSNorm(width, eps)
        self.q_proj, self.k_proj, self.v_proj, self.o_proj = (nn.Linear(width, width, bias=False) for _ in range(4))
        self.gate_proj, self.up_proj = nn.Linear(width, hidden, bias=False), nn.Linear(width, hidden, bias=False)
        self.down_proj = nn.Linear(hidden, width, bias=False)

    def forward(self, x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor,
                past: tuple[torch.Tensor, torch.Tensor] | None) -> tuple[torch.Tensor, tuple[torch.Tensor, torch.Tensor]]:
        batch, length, width = x.shape
        h = self.input_layernorm(x)
        q, k, v = (proj(h).view(batch, length, self.heads, self.head_dim).transpose(1, 2)
                   for proj in (self.q_proj, self.k_proj, self.v_proj))
        q, k = q * cos + _rotate_half(q) * sin, k * cos + _rotate_half(k) * sin
        if past is not None:
            k, v = torch.cat((past[0], k), dim=2), torch.cat((past[1], v), dim=2)
        attended = F.scaled_dot_product_attention(q, k, v, is_causal=past is None and length > 1)
        x = x + self.o_proj(attended.transpose(1, 2).reshape(batch, length, width))
        h = self.post_attention_layernorm(x)
        return x + self.down_proj(F.silu(self.gate_proj(h)) * self.up_proj(h)), (k, v)


class MelodyLlama(nn.Module):
    """The checkpoint's network, for inference (eval mode, no dropout: the config has none)."""

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__()
        width, heads = config["hidden_size"], config["num_attention_heads"]
        assert config.get("num_key_value_heads", heads) == heads and config.get("tie_word_embeddings", True)
        self.embed_tokens = nn.Embedding(config["vocab_size"], width)
        self.layers = nn.ModuleList(Layer(width, heads, config["intermediate_size"], config["rms_norm_eps"])
                                    for _ in range(config["num_hidden_layers"]))
        self.norm = RMSNorm(width, config["rms_norm_eps"])
        theta = (config.get("rope_parameters") or {}).get("rope_theta", config.get("rope_theta", 10000.0))
        head_dim = width // heads
        self.register_buffer("inverse_frequencies", 1.0 / theta ** (torch.arange(0, head_dim, 2).float() / head_dim), persistent=False)

    def forward(self, input_ids: torch.Tensor, past_key_values: list | None = None, use_cache: bool = False) -> Output:
        start = past_key_values[0][0].shape[2] if past_key_values else 0
        positions = torch.arange(start, start + input_ids.shape[1], dtype=torch.float32)
        angles = torch.outer(positions, self.inverse_frequencies)
        angles = torch.cat((angles, angles), dim=-1)
        cos, sin = angles.cos()[None, None], angles.sin()[None, None]
        x = self.embed_tokens(input_ids)
        cache = []
        for index, layer in enumerate(self.layers):
            x, kv = layer(x, cos, sin, past_key_values[index] if past_key_values else None)
            cache.append(kv)
        logits = self.norm(x) @ self.embed_tokens.weight.T
        return Output(logits, cache if use_cache else None)

    __call__: Any  # nn.Module's, typed loosely for the sampler


def load_for_inference(folder: Path) -> MelodyLlama:
    """The checkpoint's weights (safetensors) in MelodyLlama, ready to sample."""
    from safetensors.torch import load_file

    config = json.loads((folder / "config.json").read_text())
    model = MelodyLlama(config)
    weights = load_file(str(folder / "model.safetensors"))
    renamed = {}
    for name, tensor in weights.items():
        short = name.removeprefix("model.")
        short = short.replace("self_attn.", "").replace("mlp.", "")
        renamed[short] = tensor
    missing, unexpected = model.load_state_dict(renamed, strict=False)
    if missing or [u for u in unexpected if u != "lm_head.weight"]:
        raise ValueError(f"checkpoint does not fit: missing {missing}, unexpected {unexpected}")
    return model.eval()
