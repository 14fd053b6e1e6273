"""Sentences as vectors, for the agent's planner (nearest example request by meaning).

The agent works through tools only (tests/unit/test_layers.py); this is its door to the
project's one text embedder (memory/embeddings.py: all-MiniLM-L6-v2, offline, loaded once)."""

from __future__ import annotations


def embed_sentences(sentences: list[str]) -> list[list[float]]:
    """384-d unit vectors, one per sentence (the first call loads the model: seconds)."""
    from memory.embeddings import text_embedder

    return [list(vector) for vector in text_embedder()(sentences)]
