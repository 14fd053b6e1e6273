"""The agent end to end: offline (the planner) and through the OpenAI protocol (a local server,
the real `openai` client via langchain-openai), faults included. The song is never harmed."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from agent.agent import Agent
from agent.providers import Provider, resolve_provider
from memory.paths import sessions_database
from memory.sessions import SessionStore
from song.json_io import song_to_dict
from song.midi_import import load_midi
from tests.openai_server import FakeOpenAI
from tools.registry import TOOLS, Workspace
from ui.cli import main


@pytest.fixture
def store(private_home: Path):
    with SessionStore(sessions_database()) as opened:
        yield opened


def _agent(store: SessionStore, provider: Provider, name: str = "t") -> Agent:
    return Agent(Workspace(store.open(name, create=True)), provider)


def test_offline_compose_critique_syncopate_undo_export(store: SessionStore, tmp_path: Path) -> None:
    agent = _agent(store, resolve_provider("offline"))
    turn = agent.ask("write an 8-bar chorus in D minor")
    assert [c.name for c in turn.tool_calls] == ["compose_section"] and "critique:" in turn.reply
    composed = song_to_dict(agent.workspace.song)
    assert composed["key"] == "D minor" and composed["sections"][0]["name"] == "chorus" and composed["sections"][0]["bars"] == 8

    turn = agent.ask("critique the chorus")
    assert turn.tool_calls[0].name == "critique" and "D minor" in turn.reply

    turn = agent.ask("make it more syncopated")
    assert turn.tool_calls[0].args == {"section": "chorus", "operation": "syncopate"}
    assert "syncopation" in turn.reply and "->" in turn.reply
    syncopated = song_to_dict(agent.workspace.song)
    assert syncopated != composed

    agent.ask("undo")
    assert song_to_dict(agent.workspace.song) == composed

    out = tmp_path / "chorus.mid"
    turn = agent.ask(f"export the song as {out}")
    assert out.exists() and "wrote" in turn.reply
    assert len(load_midi(out).song.melody()) == len(composed["sections"][0]["notes"])
    roles = [m.role for m in agent.workspace.session.messages()]
    assert roles.count("user") == 5 and roles.count("assistant") == 5 and "tool" in roles


def test_offline_mistakes_leave_the_song_alone(store: SessionStore) -> None:
    agent = _agent(store, resolve_provider("offline"))
    agent.ask("write a verse in G")
    before = agent.workspace.session.current_number
    for request in ("transpose the bridge up a fifth", "rewrite bars 12 to 14 of the verse", "hello", "what is syncopation?"):
        turn = agent.ask(request)
        assert not turn.failed and turn.reply
    assert agent.workspace.session.current_number == before


def test_cli_ask_json_and_plan_jsonl(private_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    assert main(["ask", "--session", "cli", "--json", "write a 4-bar verse in A minor then harmonize it"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert set(payload) == {"reply", "tool_calls", "song"}
    assert [c["name"] for c in payload["tool_calls"]] == ["compose_section", "harmonize_section"]
    assert payload["song"]["sections"][0]["chords"]
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.StringIO("undo\nwhat rhymes with fire\n\nwrite a bridge and critique it\n"))
    assert main(["plan", "--jsonl"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [[c["name"] for c in line["tool_calls"]] for line in lines] == [["undo"], ["find_rhymes"], ["compose_section", "critique"]]


def _remote(server: FakeOpenAI, timeout: float = 5.0, retries: int = 2) -> Provider:
    return Provider("compatible", "fake-model", server.base_url, timeout, retries)


@pytest.fixture
def with_song(store: SessionStore) -> SessionStore:
    _agent(store, resolve_provider("offline")).ask("write an 8-bar chorus in C major")
    return store


def test_openai_protocol_schemas_and_a_tool_round_trip(with_song: SessionStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    with FakeOpenAI() as server:
        server.script = [{"type": "tool", "name": "edit_section", "arguments": json.dumps({"section": "chorus", "operation": "syncopate"})},
                         {"type": "text", "content": "Syncopated the chorus: syncopation went up."}]
        agent = _agent(with_song, _remote(server))
        before = agent.workspace.session.current_number
        tokens: list[str] = []
        turn = agent.ask("make the chorus more syncopated", on_token=tokens.append)
    first = server.requests[0]
    offered = {tool["function"]["name"]: tool["function"] for tool in first["tools"]}
    assert set(offered) == set(TOOLS)
    assert offered["edit_section"]["parameters"]["properties"]["operation"]["enum"][0] == "syncopate"
    assert "chorus" in first["messages"][0]["content"] and first["stream"] is True
    assert turn.reply.startswith("Syncopated the chorus") and "".join(tokens).strip() == turn.reply
    assert [c.name for c in turn.tool_calls] == ["edit_section"] and agent.workspace.session.current_number == before + 1
    tool_message = [m for m in server.requests[1]["messages"] if m["role"] == "tool"][0]
    assert "syncopation" in tool_message["content"]


def _unchanged(agent: Agent, before: int, turn) -> None:
    assert agent.workspace.session.current_number == before
    assert turn.reply.strip()


def test_connection_refused_is_a_clear_reply(with_song: SessionStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    agent = _agent(with_song, Provider("compatible", "fake", f"http://127.0.0.1:{port}/v1", 2.0, 0))
    before = agent.workspace.session.current_number
    turn = agent.ask("make the chorus busier")
    assert turn.failed and "cannot reach" in turn.reply and f"v{before}" in turn.reply
    _unchanged(agent, before, turn)


def test_timeout_is_a_clear_reply(with_song: SessionStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    with FakeOpenAI() as server:
        server.script = [{"type": "text", "content": "too late", "delay": 3}]
        agent = _agent(with_song, _remote(server, timeout=1.0, retries=0))
        before = agent.workspace.session.current_number
        turn = agent.ask("make the chorus busier")
    assert turn.failed and "did not answer in 1 s" in turn.reply
    _unchanged(agent, before, turn)


def test_rate_limit_then_success(with_song: SessionStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    with FakeOpenAI() as server:
        server.script = [{"type": "status", "code": 429}, {"type": "text", "content": "Hello again."}]
        agent = _agent(with_song, _remote(server, retries=2))
        turn = agent.ask("hi")
    assert not turn.failed and turn.reply == "Hello again." and len(server.requests) == 2


def test_server_error_is_a_clear_reply(with_song: SessionStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    with FakeOpenAI() as server:
        server.script = [{"type": "status", "code": 500}] * 3
        agent = _agent(with_song, _remote(server, retries=1))
        before = agent.workspace.session.current_number
        turn = agent.ask("make the chorus busier")
    assert turn.failed and "server error" in turn.reply
    _unchanged(agent, before, turn)


def test_malformed_tool_arguments_change_nothing(with_song: SessionStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    with FakeOpenAI() as server:
        server.script = [{"type": "tool", "name": "edit_section", "arguments": '{"section": "chorus", "operation": '},
                         {"type": "text", "content": "Sorry, my edit call was incomplete; nothing changed."}]
        agent = _agent(with_song, _remote(server))
        before = agent.workspace.session.current_number
        turn = agent.ask("make the chorus busier")
    # the truncated JSON is read as far as it goes; the missing argument goes back to the model as an error
    tool_message = [m["content"] for m in server.requests[-1]["messages"] if m["role"] == "tool"][0]
    assert "operation" in tool_message and "required" in tool_message.lower()
    assert turn.reply.startswith("Sorry, my edit call was incomplete") and not turn.tool_calls
    _unchanged(agent, before, turn)


def test_unknown_tool_and_wrong_arguments_are_answered_and_recovered(with_song: SessionStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    with FakeOpenAI() as server:
        server.script = [{"type": "tool", "name": "make_it_better", "arguments": "{}"},
                         {"type": "tool", "name": "edit_section", "arguments": json.dumps({"section": "coda", "operation": "syncopate"}), "id": "call_2"},
                         {"type": "text", "content": "There is no coda; the sections are: chorus."}]
        agent = _agent(with_song, _remote(server))
        before = agent.workspace.session.current_number
        turn = agent.ask("improve the coda")
    tool_messages = [m["content"] for m in server.requests[-1]["messages"] if m["role"] == "tool"]
    assert "make_it_better" in tool_messages[0] and "not a valid tool" in tool_messages[0]
    assert tool_messages[1].startswith("error: no section named 'coda'")
    assert turn.reply.startswith("There is no coda") and agent.workspace.session.current_number == before


def test_offline_asks_before_replacing_notes_and_the_next_message_answers(store: SessionStore) -> None:
    """Issue 16: a song started 'in A minor' is in A minor; 'write a verse' over a verse asks
    with numbered choices and changes nothing; '2' picks one; 'redo the verse' offers the
    history's redo too; a request no tool can do gets one line and no call."""
    agent = _agent(store, resolve_provider("offline"), "ask")
    agent.ask("I'm writing a breakup song at 92 bpm in A minor. Give me a verse, 8 bars, kind of sparse and sad")
    song = agent.workspace.song
    assert str(song.key) == "A minor" and song.tempo == 92.0 and song.section_names == ("verse",)
    before = agent.workspace.session.current_number
    asked = agent.ask("write a verse")
    assert asked.tool_calls == () and "1 ·" in asked.reply and agent.workspace.session.current_number == before
    picked = agent.ask("2")
    assert [c.args["section"] for c in picked.tool_calls] == ["verse 2"] and agent.workspace.song.section("verse").notes == song.section("verse").notes
    agent.ask("make the verse busier")
    agent.ask("undo")
    assert "redo the last change" in agent.ask("redo the verse").reply
    redone = agent.ask("the second")
    assert [c.name for c in redone.tool_calls] == ["redo"]
    limited = agent.ask("add a bass line and some drums")
    assert limited.tool_calls == () and "can't write drums" in limited.reply


def test_an_llm_is_told_to_ask_rather_than_destroy_and_to_name_its_limits(with_song: SessionStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 16, the LLM path: the system prompt sent over the OpenAI protocol carries the
    same rules the offline planner keeps; a question back from the model changes nothing."""
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    with FakeOpenAI() as server:
        server.script = [{"type": "text", "content": "The song already has a verse. 1 · write a new melody for it  2 · add 'verse 2'"}]
        agent = _agent(with_song, _remote(server))
        before = agent.workspace.session.current_number
        turn = agent.ask("write a verse")
    system = server.requests[0]["messages"][0]["content"]
    assert "ask with numbered choices" in system and "never make a stand-in call" in system
    assert "speed it up a bit" in system and "which chord style" in system  # values left to the user are asked for too
    assert turn.tool_calls == () and agent.workspace.session.current_number == before and "1 ·" in turn.reply


def test_an_llm_checks_the_lines_it_writes_against_the_melody_before_setting_them(with_song: SessionStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 17, the LLM path: the prompt says to check written lines with count_syllables
    against the section; the check changes nothing and reports the fit, then set_lyrics sets
    them (one version)."""
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    lines = "hold on to the light\nwe were young and free"
    with FakeOpenAI() as server:
        server.script = [{"type": "tool", "name": "count_syllables", "arguments": json.dumps({"text": lines, "section": "chorus"})},
                         {"type": "tool", "name": "set_lyrics", "arguments": json.dumps({"section": "chorus", "text": lines})},
                         {"type": "text", "content": "Wrote two lines for the chorus and set them."}]
        agent = _agent(with_song, _remote(server))
        before = agent.workspace.session.current_number
        turn = agent.ask("write some words for the chorus about staying hopeful")
    system = server.requests[0]["messages"][0]["content"]
    assert "Check every line you" in system and "with count_syllables (text and section) before setting it" in system
    checked = [m for m in server.requests[1]["messages"] if m["role"] == "tool"][0]["content"]
    assert "against the chorus's melody" in checked and "nothing was changed" in checked
    assert [c.name for c in turn.tool_calls] == ["count_syllables", "set_lyrics"]
    assert agent.workspace.session.current_number == before + 1 and agent.workspace.song.section("chorus").lyrics == lines


def test_an_offline_turn_plans_once_and_imports_no_langchain(private_home: Path) -> None:
    """Offline, the agent runs the planner's calls itself: no chat model, no agent graph, and
    neither LangChain nor the OpenAI client is imported (they cost a second at start)."""
    import subprocess
    import sys

    probe = (
        "import sys; from agent.agent import Agent; from agent.providers import resolve_provider; "
        "from memory.paths import sessions_database; from memory.sessions import SessionStore; "
        "from tools.registry import Workspace; store = SessionStore(sessions_database()); "
        "agent = Agent(Workspace(store.open('probe', create=True)), resolve_provider('offline')); "
        "turn = agent.ask('what rhymes with fire?'); "
        "print([c.name for c in turn.tool_calls]); print('MODULES', ' '.join(sorted(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=Path(__file__).resolve().parents[2], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "['find_rhymes']" in result.stdout
    loaded = set(result.stdout.rsplit("MODULES ", 1)[1].split())
    assert not [name for name in loaded if name.split(".")[0] in ("langchain", "langchain_core", "langgraph", "openai")]


def test_redo_it_is_the_historys_redo_only_after_an_undo(store: SessionStore) -> None:
    """The agent tells the planner whether anything was undone: "redo it" with nothing undone
    asks whether a new melody is meant (and changes nothing); after an undo it is the redo."""
    agent = _agent(store, resolve_provider("offline"))
    agent.ask("write an 8-bar verse in A minor")
    version = agent.workspace.session.current_number
    turn = agent.ask("redo it")
    assert not turn.tool_calls and "nothing to redo" in turn.reply and agent.workspace.session.current_number == version
    agent.ask("undo")
    assert [c.name for c in agent.ask("redo it").tool_calls] == ["redo"]
    assert agent.workspace.session.current_number == version


def test_a_new_melody_keeps_the_sections_length_and_a_section_key_stays_the_sections(store: SessionStore) -> None:
    """Found trying the app: "redo the bridge" made a 4-bar bridge 8 bars, and "I wanted it in
    F# minor" about the bridge moved the whole song to F# minor."""
    agent = _agent(store, resolve_provider("offline"))
    agent.ask("write an 8-bar verse in A major")
    agent.ask("write a 4 bar bridge")
    turn = agent.ask("the bridge came out in A major though. I wanted it in the relative minor, F# minor. rewrite the bridge from scratch")
    song = song_to_dict(agent.workspace.song)
    bridge = next(s for s in song["sections"] if s["name"] == "bridge")
    assert song["key"] == "A major" and bridge["bars"] == 4, turn.reply
    assert [c.name for c in turn.tool_calls] == ["compose_section"] and "4-bar melody in F# minor" in turn.reply


def test_a_failed_calls_section_never_becomes_it(store: SessionStore) -> None:
    """Found by a helper in the app: after a load into 'reference' failed, "play it" looked for 'reference'."""
    agent = _agent(store, resolve_provider("offline"))
    agent.ask("write an 8-bar verse in A minor")
    turn = agent.ask("load /nonexistent/take.mid into a section called reference")
    assert turn.tool_calls and str(turn.tool_calls[0].result).startswith("error")
    assert agent.focus == "verse"
