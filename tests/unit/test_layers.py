"""The layering holds: every import of every module, read from its source.

The packages form layers and imports only point down:

    ui -> agent -> tools -> {models, memory} -> {song, runtime}

- `song/` and `runtime/` (numpy inference: the network operations and the shipped sentence
  encoder, shared by the request reader in models/ and the text search in memory/) import
  nothing of ours;
- `models/` and `memory/` may import `song/` and `runtime/`, not each other, and nothing above them;
- `tools/` may import `song/`, `models/` and `memory/`;
- `agent/` may import `tools/` and `song/` only: it acts through tools, never reaching past them
  to the model or the stores (its planner reaches its request reader through tools/requests.py);
- `ui/` may import anything.

Two third-party contracts ride along: only `ui/` imports textual, and only `agent/` imports
LangChain (langchain, langchain_core, langchain_openai). The tool registry stays plain pydantic;
agent/agent.py is what wraps it into LangChain tools. bench/ and tests/ are outside the contract.

Every import counts: module-level ones, those inside functions (the lazy imports that keep
start-up fast are still dependencies), those under `if TYPE_CHECKING:`, relative ones, and
`importlib.import_module("...")` / `__import__("...")` with a literal name.

Why `ast` and not import-linter: the contracts fit in a table and a walk over the syntax tree,
so the check needs no new dependency, runs in well under a second without importing (and so
without loading torch or Chroma) any module it checks, and its failures name the file and line.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

LAYERS: dict[str, frozenset[str]] = {  # package -> the packages of ours it may import (besides itself)
    "song": frozenset(),
    "runtime": frozenset(),
    "models": frozenset({"song", "runtime"}),
    "memory": frozenset({"song", "runtime"}),
    "tools": frozenset({"song", "models", "memory"}),
    "agent": frozenset({"song", "tools"}),  # the agent acts through tools, never reaching past them
    "ui": frozenset({"song", "runtime", "models", "memory", "tools", "agent"}),
}
ONLY_IN: dict[str, str] = {  # third-party top-level package -> the one package of ours that may import it
    "textual": "ui",
    "langchain": "agent",
    "langchain_core": "agent",
    "langchain_openai": "agent",
}
LOADERS = {"import_module", "__import__"}


def imported_modules(source: str, module: str, is_package: bool = False) -> list[tuple[str, int]]:
    """Every module the source imports, anywhere in it, as (dotted name, line); relative imports
    resolved against `module` (the dotted name of the file, e.g. "song.edits.rhythm")."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if not node.level:
                found.append((node.module or "", node.lineno))
                continue
            base = package[: len(package) - (node.level - 1)]
            if node.module:
                found.append((".".join(base + [node.module]), node.lineno))
            else:  # `from .. import x`: the names are the modules
                found += [(".".join(base + [alias.name]), node.lineno) for alias in node.names]
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str):
            called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            if called in LOADERS:
                found.append((node.args[0].value, node.lineno))
    return found


def broken_contracts(source: str, path: str) -> list[str]:
    """One line per import in the file at `path` (relative to the repository) that breaks a contract."""
    parts = Path(path).with_suffix("").parts
    is_package = parts[-1] == "__init__"
    module = ".".join(parts[:-1] if is_package else parts)
    layer = parts[0]
    broken = []
    for name, line in imported_modules(source, module, is_package):
        top = name.split(".")[0]
        if top in LAYERS and top != layer and top not in LAYERS[layer]:
            allowed = ", ".join(sorted(LAYERS[layer])) or "nothing of ours"
            broken.append(f"{path}:{line}: imports {name} ({layer}/ may import: {allowed})")
        if top in ONLY_IN and ONLY_IN[top] != layer:
            broken.append(f"{path}:{line}: imports {name} (only {ONLY_IN[top]}/ imports {top})")
    return broken


def layer_files() -> list[Path]:
    return sorted(path for layer in LAYERS for path in (REPO / layer).rglob("*.py"))


def test_every_layer_has_modules_to_check() -> None:
    """A moved or renamed package would otherwise make the contracts pass by checking nothing."""
    files = layer_files()
    for layer in LAYERS:
        assert any(path.relative_to(REPO).parts[0] == layer for path in files), f"no modules under {layer}/"


def test_imports_point_only_down_the_layers() -> None:
    broken = [line for path in layer_files()
              for line in broken_contracts(path.read_text(encoding="utf-8"), path.relative_to(REPO).as_posix())]
    assert not broken, "imports that break the layering:\n" + "\n".join(broken)


@pytest.mark.parametrize("path, source, expected", [
    ("memory/x.py", "def build():\n    from models.data import build_cache\n", "memory/x.py:2: imports models.data"),
    ("song/edits/x.py", "from ..edits import base\nfrom ... import tools\n", "song/edits/x.py:2: imports tools"),
    ("song/x.py", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from memory.sessions import Session\n",
     "song/x.py:3: imports memory.sessions"),
    ("tools/x.py", "import importlib\nm = importlib.import_module('agent.agent')\n", "tools/x.py:2: imports agent.agent"),
    ("tools/registry.py", "def wrap():\n    from langchain_core.tools import StructuredTool\n",
     "tools/registry.py:2: imports langchain_core.tools (only agent/ imports langchain_core)"),
    ("agent/x.py", "import textual.app\n", "agent/x.py:1: imports textual.app (only ui/ imports textual)"),
])
def test_the_checker_sees_every_kind_of_import(path: str, source: str, expected: str) -> None:
    """Lazy, relative, type-checking-only and importlib imports are all caught."""
    assert any(line.startswith(expected) for line in broken_contracts(source, path)), broken_contracts(source, path)


def test_the_checker_allows_what_the_layers_allow() -> None:
    allowed = "from song.model import Song\nfrom . import sibling\nimport numpy\n"
    assert broken_contracts(allowed, "models/x.py") == []
    assert broken_contracts("from agent.agent import Agent\nimport textual\n", "ui/tui/x.py") == []
    assert broken_contracts("from tools.registry import Workspace\nimport langchain\n", "agent/x.py") == []
