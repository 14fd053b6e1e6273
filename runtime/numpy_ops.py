"""The handful of neural-network operations our run-time models need, in numpy.

At run time the melody model, the request reader and the text embedder run on numpy, not
torch: importing numpy costs about 0.1 s where torch costs 1.5 s (more than composing a
melody warm), and at these sizes (a 6-layer, 192-wide Llama; 6-layer MiniLM) numpy's BLAS
calls are as fast as torch's kernels. torch stays for training and evaluation. Everything is
float32, like the checkpoints; the tests compare each model's outputs with the torch original.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

Array = np.ndarray


def load_weights(path: Path) -> dict[str, Array]:
    """A safetensors file as numpy arrays mapped from the file, not read: loading costs
    nothing up front, pages come in as they are used (most of MiniLM's 30,522-word embedding
    table never is), and the page cache is shared by every process. float16 tensors (the
    request reader's tuned layers) are widened to float32. The format: an 8-byte
    little-endian header length, a JSON header of name -> dtype, shape, byte offsets, the data."""
    with open(path, "rb") as handle:
        header_bytes = int.from_bytes(handle.read(8), "little")
        header = json.loads(handle.read(header_bytes))
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + header_bytes)
    weights = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, stop = entry["data_offsets"]
        if entry["dtype"] not in DTYPES:
            raise ValueError(f"{path}: {name} is {entry['dtype']}, which the run-time models do not use")
        array = data[start:stop].view(DTYPES[entry["dtype"]]).reshape(entry["shape"])
        weights[name] = array.astype(np.float32) if array.dtype == np.float16 else array
    return weights


DTYPES = {"F32": np.dtype("<f4"), "F16": np.dtype("<f2"), "I64": np.dtype("<i8")}


def softmax(x: Array, axis: int = -1) -> Array:
    shifted = np.exp(x - x.max(axis=axis, keepdims=True))
    return shifted / shifted.sum(axis=axis, keepdims=True)


def log_softmax(x: Array, axis: int = -1) -> Array:
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def rms_norm(x: Array, weight: Array, eps: float) -> Array:
    return weight * (x / np.sqrt(np.einsum("...i,...i->...", x, x)[..., None] / x.shape[-1] + eps))


def layer_norm(x: Array, weight: Array, bias: Array, eps: float) -> Array:
    centred = x - x.mean(-1, keepdims=True)
    return weight * (centred / np.sqrt((centred * centred).mean(-1, keepdims=True) + eps)) + bias


def silu(x: Array) -> Array:
    return x / (1.0 + np.exp(-x))


def _erf(x: Array) -> Array:
    """The error function to within 1.2e-7 (Numerical Recipes' erfc, Chebyshev-fitted): numpy
    has none, and scipy would cost its import."""
    z = np.abs(x)
    t = 1.0 / (1.0 + 0.5 * z)
    poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (
        0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
    return np.sign(x) * (1.0 - t * np.exp(poly))


SQRT_HALF = 0.7071067811865476  # a Python float, so float32 arrays stay float32


def gelu(x: Array) -> Array:
    """BERT's exact GELU, x * Phi(x)."""
    return 0.5 * x * (1.0 + _erf(x * SQRT_HALF))
