"""The request reader (models/requests/): our plain-torch MiniLM equals the shipped sentence
model, the committed checkpoint reads requests, and the training command runs."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from models.requests.corpus import generate
from models.requests.labels import INTENTS, REFINE_GOALS
from models.requests.reader import CHECKPOINT_DIR, LoadedReader, RequestReader, encoder_dir, tokenizer
from tools.refine_goals import GOAL_NAMES


def test_the_labels_follow_the_tools() -> None:
    assert REFINE_GOALS == GOAL_NAMES
    assert {e.intent for e in generate(3, seed=1)} == set(INTENTS), "the corpus speaks for every intent"


def test_our_encoder_is_the_shipped_sentence_model() -> None:
    """Mean-pooled last layer of our forward pass = all-MiniLM-L6-v2's sentence embedding."""
    from memory.embeddings import text_embedder

    directory = encoder_dir()
    model = RequestReader(INTENTS, json.loads((directory / "config.json").read_text()))
    model.load_encoder(directory)
    model.eval()
    tokens = tokenizer(directory)
    texts = ["make the chorus more syncopated", "gimme an 8 bar chorus in Eb"]
    reference = np.array(text_embedder()(texts))
    with torch.inference_mode():
        for text, expected in zip(texts, reference):
            ids = torch.tensor([tokens.encode(text).ids])
            pooled = model.encode(model.embed(ids), torch.ones_like(ids), range(len(model.layers))).mean(1)[0].numpy()
            assert float(pooled @ expected / np.linalg.norm(pooled)) > 0.9999


def test_the_committed_reader_reads_requests() -> None:
    reader = LoadedReader()
    readings = {text: reader.read(text) for text in (
        "make the chorus more syncopated", "write an 8 bar verse in A minor", "undo", "add some drums to the verse")}
    assert [r.intent for r in readings.values()] == ["edit:syncopate", "compose", "undo", "limit:band"]
    assert all(0 < r.second_confidence <= r.confidence <= 1 for r in readings.values())
    meta = json.loads((CHECKPOINT_DIR / "reader.json").read_text())
    assert meta["intents"] == list(INTENTS), "retrain the reader after changing the intents"


def test_training_runs_and_writes_a_loadable_checkpoint(tmp_path: Path) -> None:
    from models.requests.train import train

    work, out = tmp_path / "work", tmp_path / "out"
    first = train(seed=3, work_dir=work, out_dir=out, per_intent=4, epochs=1, with_hand_written=False)
    assert [e["epoch"] for e in first["epochs"]] == [0]
    assert not (work / "state.pt").exists(), "a finished run leaves no state to resume"
    reading = LoadedReader(out).read("play the chorus")
    assert reading.intent in INTENTS and 0 < reading.confidence <= 1
    assert (out / "reader.safetensors").stat().st_size < 8_000_000, "only the tuned layers and the head are kept"


def test_every_limit_has_its_line() -> None:
    from agent.planner.limits import LIMIT_LINES
    from models.requests.labels import LIMITS

    assert set(LIMIT_LINES) == set(LIMITS)
