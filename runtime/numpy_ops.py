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


def gelu(x: Array) -> Array:
    """BERT's exact GELU, x * Phi(x) = x/2 * (1 + erf(x / sqrt 2)), with erf to within 1.5e-7
    (Abramowitz & Stegun 7.1.26): numpy has no erf and scipy would cost its import. Computed
    in place on two buffers, because over a batch of sentences these arrays are megabytes."""
    z = np.abs(x) * SQRT_HALF
    t = np.multiply(z, 0.3275911)
    t += 1.0
    np.reciprocal(t, out=t)
    poly = t * 1.061405429
    for coefficient in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += coefficient
        poly *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    poly *= z  # 1 - erf(|x| / sqrt 2)
    np.copysign(poly, x, out=poly)  # erfc's complement, with the sign of x: erf = sign(x) * (1 - poly)
    np.subtract(np.sign(x), poly, out=poly)
    poly += 1.0
    poly *= x
    poly *= 0.5
    return poly


SQRT_HALF = 0.7071067811865476  # a Python float, so float32 arrays stay float32
