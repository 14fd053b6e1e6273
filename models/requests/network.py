"""The request reader's network in torch, for training (models/requests/train.py) and for the
test that holds the numpy reader (models/requests/reader.py) to it: all-MiniLM-L6-v2 with
one logit per intent over the mean of its last layer. Parameter names are the numpy
encoder's (runtime/minilm.py), so the tuned layers a training run saves load in either.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from runtime.minilm import shipped_weights


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

    def load_encoder(self) -> None:
        """The pretrained MiniLM weights of the installed package, under our names as the
        run-time encoder reads them (runtime/minilm.py), copied into torch tensors."""
        state = {name: torch.tensor(array) for name, array in shipped_weights().items()}
        missing = self.load_state_dict(state, strict=False).missing_keys
        assert set(missing) <= {"head.weight", "head.bias"}, missing
