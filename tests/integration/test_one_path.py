"""One path for every change (issue 15, items 2 and 4): every commit goes through the tool
registry, the slash commands are one set for both faces, and a critique belongs to the
version it judged."""

from __future__ import annotations

import ast
import io
from pathlib import Path

import pytest

from memory.paths import sessions_database
from memory.sessions import SessionStore
from song.errors import BadInput
from song.model import Note, Section, Song
from tests.conftest import REPO
from tools.registry import TOOLS, Workspace, call_tool
from ui.repl import PromptLoop
from ui.slash import COMMANDS, FaceRequest, ToolCall, parse_slash


def test_only_the_registry_changes_a_session() -> None:
    """No module but tools/registry.py calls Session.commit (or moves the current version with
    undo, redo, checkout): a change from the agent, a slash command, a pane action or the CLI
    is one tool call, committed and described one way."""
    committers = []
    for path in sorted(REPO.glob("*/**/*.py")):
        if path.parts[len(REPO.parts)] in ("tests", "bench", ".venv") or path.name == "sessions.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("commit", "undo", "redo", "checkout"):
                committers.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert committers and all(c.startswith("tools/registry.py:") for c in committers), committers


def test_every_slash_command_is_a_valid_tool_call_or_a_face_action() -> None:
    examples = {"load": "/load song.mid verse", "show": "/show", "export": "/export out.mid --force",
                "critique": "/critique chorus", "refs": "/refs irish jigs", "harmonize": "/harmonize verse pop",
                "play": "/play", "stop": "/stop", "undo": "/undo 2", "redo": "/redo", "history": "/history",
                "checkout": "/checkout v3", "lyrics": "/lyrics chorus: hold on / to the light", "melody": "/melody verse 2: hold on / to the light", "session": "/session demo", "llm": "/llm offline", "help": "/help",
                "quit": "/quit"}
    assert set(examples) == set(COMMANDS)
    for name, text in examples.items():
        request = parse_slash(text)
        if COMMANDS[name].tool:
            assert isinstance(request, ToolCall) and request.name in TOOLS
            TOOLS[request.name].arguments.model_validate(request.args)  # the registry accepts them
        else:
            assert isinstance(request, FaceRequest) and request.name == name
    for bad in ("/frobnicate", "/undo many", "/load", "/checkout", "/", '/load "unclosed'):
        with pytest.raises(BadInput):
            parse_slash(bad)


def test_the_plain_prompt_runs_every_command_of_the_shared_set(tmp_path: Path) -> None:
    """The prompt answers each face action and routes each tool command through the registry."""
    store = SessionStore(sessions_database())
    loop = PromptLoop(store, store.open("plain", create=True), io.StringIO())
    assert set(loop.face_commands) == {n for n, c in COMMANDS.items() if c.tool is None}
    mid = REPO.parent / "shared" / "midi" / "MIDIs_multitrack" / "Mr. Blue Sky.mid"
    assert loop.handle(f'/load "{mid}"').startswith("v2: loaded Mr. Blue Sky.mid")
    assert loop.handle("/harmonize main folk").startswith("v3: ")
    assert loop.handle("/undo").startswith("back at v2")
    assert loop.handle("/checkout 3").startswith("at v3")
    assert loop.handle(f"/export {tmp_path / 'out.mid'}").startswith("wrote")
    assert loop.handle("/frobnicate").startswith("error: /frobnicate is not a command")
    assert "commands:" in loop.handle("/help") and loop.handle("/quit") is None
    descriptions = [v.description for v in loop.session.history()]
    assert descriptions[2].startswith("main: ") and "folk" in descriptions[2], "harmonize is described as the tool does"


def test_a_critique_is_of_one_version_and_stale_after_any_change() -> None:
    store = SessionStore(sessions_database())
    workspace = Workspace(store.open("stale", create=True))
    verse = Section("verse", 2, tuple(Note(60 + i, i, 1) for i in range(8)))
    workspace.session.commit(Song("t", "C major", "4/4", 100.0, (verse,)), "start")
    assert call_tool(workspace, "critique", {"target": "verse"}).ok
    judged = workspace.session.current_number
    assert workspace.last_critique is not None
    assert call_tool(workspace, "edit_section", {"section": "verse", "operation": "syncopate"}).ok
    assert workspace.last_critique is None, "its fixes name bars of a version that is gone"
    assert call_tool(workspace, "undo", {}).ok and workspace.session.current_number == judged
    assert workspace.last_critique is not None, "back at the version it judged, it holds again"


def test_apply_the_first_fix_after_a_change_critiques_again_instead_of_applying_a_stale_fix() -> None:
    from agent.agent import Agent
    from agent.providers import resolve_provider

    store = SessionStore(sessions_database())
    agent = Agent(Workspace(store.open("fixes", create=True)), resolve_provider("offline"))
    agent.ask("write an 8 bar verse in A minor")
    agent.ask("critique the verse")
    agent.ask("make the verse more syncopated")
    turn = agent.ask("apply the first fix")
    assert [c.name for c in turn.tool_calls] == ["critique"], turn.tool_calls


def test_a_change_that_changes_nothing_commits_nothing() -> None:
    """"change the key to C major" in a C major song, the same tempo again: no empty version to
    undo past (found trying the app: "key stays G major" versions used up undo steps)."""
    store = SessionStore(sessions_database())
    workspace = Workspace(store.open("same", create=True))
    verse = Section("verse", 2, tuple(Note(60 + i, i, 1) for i in range(8)))
    workspace.session.commit(Song("t", "C major", "4/4", 100.0, (verse,)), "start")
    before = workspace.session.current_number
    result = call_tool(workspace, "set_song", {"key": "C major", "tempo": 100})
    assert result.ok and result.version is None and "nothing changed" in result.text
    assert workspace.session.current_number == before
    assert call_tool(workspace, "set_song", {"tempo": 90}).version == before + 1
