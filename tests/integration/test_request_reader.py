"""The request reader (models/requests/) and the text embedder (runtime/minilm.py): our numpy
MiniLM equals the shipped sentence model and the torch network the reader is trained as, the
committed checkpoint reads requests, and the training command runs."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from models.requests.corpus import generate
from models.requests.labels import INTENTS, REFINE_GOALS
from runtime.minilm import encoder_config, encoder_dir, tokenizer
from models.requests.network import RequestReader
from models.requests.reader import CHECKPOINT_DIR, MAX_TOKENS, LoadedReader
from tools.refine_goals import GOAL_NAMES


def test_the_labels_follow_the_tools() -> None:
    assert REFINE_GOALS == GOAL_NAMES
    assert {e.intent for e in generate(3, seed=1)} == set(INTENTS), "the corpus speaks for every intent"


TEXTS = ["make the chorus more syncopated", "gimme an 8 bar chorus in Eb", "undo",
         "a slow sad ballad about the sea, in 3/4, with a long chorus that lifts at the end"]


def test_our_text_embedder_is_the_shipped_sentence_model() -> None:
    """The reference library's numpy embedder (batched, padded) = sentence-transformers'
    all-MiniLM-L6-v2, which is what the library's stored vectors were made with."""
    from sentence_transformers import SentenceTransformer

    from memory.embeddings import text_embedder

    reference = SentenceTransformer(str(encoder_dir()), device="cpu", local_files_only=True).encode(TEXTS, normalize_embeddings=True)
    ours = np.array(text_embedder()(TEXTS))
    assert ours.shape == (len(TEXTS), 384)
    assert np.abs(ours - reference).max() < 1e-5


def test_the_numpy_reader_equals_the_torch_network_it_was_trained_as() -> None:
    """The committed checkpoint through the training network (torch) and through the run-time
    reader (numpy): the same probabilities."""
    from safetensors.torch import load_file

    network = RequestReader(INTENTS, encoder_config())
    network.load_encoder()
    network.load_state_dict({n: t.float() for n, t in load_file(str(CHECKPOINT_DIR / "reader.safetensors")).items()}, strict=False)
    network.eval()
    reader, tokens = LoadedReader(), tokenizer(MAX_TOKENS)
    for text in TEXTS:
        ids = torch.tensor([tokens.encode(text).ids])
        with torch.inference_mode():
            expected = network(ids, torch.ones_like(ids)).softmax(-1)[0].numpy()
        assert np.abs(reader.probabilities(text) - expected).max() < 1e-5


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

    assert set(LIMIT_LINES) == set(LIMITS) | {"chords"}  # "chords": set by the planner when given chords meet a melody
