"""The agent's door to the request reader (models/requests/: MiniLM fine-tuned to say what a
step of a chat request asks for). The agent works through tools only (tests/unit/test_layers.py)."""

from __future__ import annotations

from models.requests.labels import Reading

__all__ = ["Reading", "read_request", "load_request_reader"]


def read_request(step: str) -> Reading:
    """The step's intent, how sure the reader is, and the runner-up (the first call loads the
    reader: a fraction of a second)."""
    from models.requests.reader import read_request as read

    return read(step)


def load_request_reader() -> None:
    """Load the reader now (the app does it in a worker, so the first turn does not wait)."""
    from models.requests.reader import loaded_reader

    loaded_reader()
