"""Which chat model drives the agent.

- `openai`: OpenAI's API (`OPENAI_API_KEY`; `--model` or `COCOMPOSER_MODEL`, default gpt-4o-mini).
- `compatible`: any server speaking OpenAI's chat completions (`OPENAI_BASE_URL`: Ollama,
  vLLM, llama.cpp, LM Studio); the key may be anything the server accepts.
- `offline`: our planner (agent/planner/), the default when neither is configured.
Chosen by `--llm`, else `COCOMPOSER_LLM`, else by which variables are set. Remote models get a
timeout, retries with exponential backoff on 429 and 5xx (the openai client's), streaming,
and one tool call per turn, so the song's versions stay in order.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from song.errors import BadInput

PROVIDERS = ("openai", "compatible", "offline")
DEFAULT_MODEL = "gpt-4o-mini"


@dataclass(frozen=True)
class Provider:
    kind: str
    model: str | None = None
    base_url: str | None = None
    timeout_s: float = 60.0
    max_retries: int = 2

    def describe(self) -> str:
        if self.kind == "offline":
            return "the offline planner"
        return f"{self.model} at {self.base_url or 'api.openai.com'}"


def resolve_provider(llm: str | None = None, model: str | None = None, timeout_s: float | None = None) -> Provider:
    kind = (llm or os.environ.get("COCOMPOSER_LLM") or "").lower() or None
    base_url = os.environ.get("OPENAI_BASE_URL")
    if kind is None:
        kind = "compatible" if base_url else "openai" if os.environ.get("OPENAI_API_KEY") else "offline"
    if kind not in PROVIDERS:
        raise BadInput(f"unknown LLM provider {kind!r} (use one of: {', '.join(PROVIDERS)})")
    if kind == "openai" and not os.environ.get("OPENAI_API_KEY"):
        raise BadInput("--llm openai needs OPENAI_API_KEY (or use --llm offline)")
    if kind == "compatible" and not base_url:
        raise BadInput("--llm compatible needs OPENAI_BASE_URL, e.g. http://localhost:11434/v1 for Ollama")
    timeout = timeout_s or float(os.environ.get("COCOMPOSER_LLM_TIMEOUT", "60"))
    return Provider(kind, model or os.environ.get("COCOMPOSER_MODEL") or (None if kind == "offline" else DEFAULT_MODEL),
                    base_url if kind == "compatible" else None, timeout)


def chat_model(provider: Provider) -> Any:
    """The LangChain chat model for a remote provider (the offline planner needs none: the agent
    runs its plan itself, see agent/planner/offline.py)."""
    if provider.kind == "offline":
        raise ValueError("the offline planner is not a chat model")
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        model=provider.model, base_url=provider.base_url, api_key=os.environ.get("OPENAI_API_KEY") or "not-needed",
        timeout=provider.timeout_s, max_retries=provider.max_retries, streaming=True,
        model_kwargs={"parallel_tool_calls": False},
    )
