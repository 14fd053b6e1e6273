"""The handful of neural-network operations our run-time models need, in numpy.

At run time the melody model, the request reader and the text embedder run on numpy, not
torch: importing numpy costs about 0.1 s where torch costs 1.5 s (more than composing a
melody warm), and at these sizes (a 6-layer, 192-wide Llama; 6-layer MiniLM) numpy's BLAS
calls are as fast as torch's kernels. torch stays for training and evaluation. Everything is
float32, like the checkpoints; the tests compare each model's outputs with the torch original.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

Array = np.ndarray


def load_weights(path: Path) -> dict[str, Array]:
    """A safetensors file as float32 numpy arrays (no torch needed to read it)."""
    from safetensors.numpy import load_file

    return {name: np.ascontiguousarray(array, dtype=np.float32) for name, array in load_file(str(path)).items()}


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


def gelu(x: Array) -> Array:
    """BERT's exact GELU, x * Phi(x)."""
    return 0.5 * x * (1.0 + _erf(x / np.sqrt(2.0)).astype(x.dtype))
