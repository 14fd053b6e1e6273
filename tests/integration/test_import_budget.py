"""Each command's import budget (issue 21): a cold command loads only what it uses, because a
songwriter waits for every import. torch, transformers and sentence-transformers are for
training and evaluation only (the run-time models are numpy); LangChain and the OpenAI
client only for an LLM; music21 only for MusicXML and the corpus; Chroma only for the
reference library. Each command runs in a fresh process, as a user's would."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO, SHARED_MIDI

TRAINING = ("torch", "transformers", "sentence_transformers", "scipy")
LLM = ("langchain", "langchain_core", "langchain_openai", "openai", "httpx")
EVERYTHING_HEAVY = TRAINING + LLM + ("music21", "chromadb", "textual", "numpy", "mido")
ARRANGEMENT = str(SHARED_MIDI / "MIDIs_multitrack" / "Funkytown.mid")

BUDGETS = [  # (arguments, top-level modules that must not be loaded)
    (["--help"], EVERYTHING_HEAVY),
    (["sessions", "list"], EVERYTHING_HEAVY),
    (["show", ARRANGEMENT], TRAINING + LLM + ("music21", "chromadb", "textual")),
    (["critique", ARRANGEMENT], TRAINING + LLM + ("music21", "chromadb", "textual")),
    (["--llm", "offline", "--session", "budget", "ask", "write an 8 bar verse in A minor"], TRAINING + LLM + ("music21", "chromadb", "textual")),
    (["--llm", "offline", "--session", "budget", "ask", "now critique it"], TRAINING + LLM + ("music21", "chromadb", "textual")),
]

PROBE = (
    "import sys, io, contextlib\n"
    "from ui.cli import main\n"
    "with contextlib.redirect_stdout(io.StringIO()):\n"
    "    code = main(sys.argv[1:])\n"
    "print(code, ' '.join(sorted({m.split('.')[0] for m in sys.modules})))\n"
)


@pytest.mark.parametrize("arguments, forbidden", BUDGETS, ids=[" ".join(a[:4]) for a, _ in BUDGETS])
def test_a_cold_command_imports_only_what_it_uses(arguments: list[str], forbidden: tuple[str, ...]) -> None:
    if arguments[-1] == "now critique it":  # a session with a song in it first
        subprocess.run([sys.executable, "-c", PROBE, *BUDGETS[4][0]], cwd=REPO, capture_output=True, text=True, timeout=120, check=True)
    result = subprocess.run([sys.executable, "-c", PROBE, *arguments], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    code, modules = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert code in ("0", "None"), result.stdout
    loaded = set(modules.split())
    assert not sorted(loaded & set(forbidden)), f"{' '.join(arguments[:4])} loaded {sorted(loaded & set(forbidden))}"
