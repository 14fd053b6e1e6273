"""The `cocomposer` command as users run it: exit codes, one-line errors, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, SHARED_MIDI

SCRIPT = Path(sys.executable).parent / "cocomposer"
HEAVY = ("torch", "transformers", "sentence_transformers", "chromadb", "langchain", "langchain_core", "music21", "textual")


def cocomposer(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args], cwd=REPO, input=stdin, capture_output=True, text=True, timeout=120, env=os.environ.copy()
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: int, *fragments: str) -> None:
    assert result.returncode == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_help_lists_every_subcommand_and_imports_nothing_heavy() -> None:
    probe = (
        "import sys; from ui.cli import main; sys.argv = ['cocomposer', '--help']; code = main(); "
        "sys.stdout.write('\\nMODULES ' + ' '.join(sorted(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    for command in ("chat", "show", "sessions", "export"):
        assert command in result.stdout
    loaded = set(result.stdout.rsplit("MODULES ", 1)[1].split())
    assert not [name for name in loaded if name.split(".")[0] in HEAVY]


def test_console_script_help() -> None:
    result = cocomposer("--help")
    assert result.returncode == 0 and "sessions" in result.stdout


def test_show_summarises_a_real_arrangement(blue_sky: Path) -> None:
    result = cocomposer("show", str(blue_sky))
    assert result.returncode == 0, result.stderr
    assert "key hint:" in result.stdout and "tempo 175 BPM" in result.stdout
    assert "melody: track 'Melody'" in result.stdout and "●" in result.stdout


def test_show_json_is_the_song(blue_sky: Path) -> None:
    result = cocomposer("show", str(blue_sky), "--json")
    data = json.loads(result.stdout)
    assert data["meter"] == "4/4" and data["sections"][0]["notes"][0]["pitch"] > 0


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["show", str(SHARED_MIDI / "MIDIs_one_track" / "empty.mid")], "no notes"),
        (["show", "/no/such/file.mid"], "no such file"),
        (["show", str(SHARED_MIDI)], "is a directory"),
        (["show", str(REPO / "README.md")], "not a MIDI file"),
        (["show", str(SHARED_MIDI / "MIDIs_one_track" / "POP909_008.mid"), "--bars", "0"], "--bars"),
        (["sessions", "show", "nobody"], "no session named"),
        (["sessions", "rm", "nobody"], "no session named"),
        (["export", "--session", "nobody", "out.mid"], "no session named"),
        (["frobnicate"], "invalid choice"),
        (["show"], "required"),
    ],
)
def test_bad_input_exits_2_with_one_line(args: list[str], fragment: str) -> None:
    assert_one_line_error(cocomposer(*args), 2, fragment)


def test_prompt_loop_sessions_and_export(tmp_path: Path, blue_sky: Path) -> None:
    script = f'/load "{blue_sky}"\n/undo\n/redo\n/history\n/quit\n'
    result = cocomposer("chat", "--session", "blue", stdin=script)
    assert result.returncode == 0, result.stderr
    assert "v2: loaded Mr. Blue Sky.mid" in result.stdout and "back at v1" in result.stdout

    listing = json.loads(cocomposer("sessions", "list", "--json").stdout)
    assert [item["name"] for item in listing] == ["blue"] and listing[0]["versions"] == 2

    shown = json.loads(cocomposer("sessions", "show", "blue", "--json").stdout)
    assert shown["current"] == 2 and shown["song"]["title"] == "Mr. Blue Sky"

    midi_out, xml_out = tmp_path / "blue.mid", tmp_path / "blue.musicxml"
    assert cocomposer("export", "--session", "blue", str(midi_out)).returncode == 0
    assert cocomposer("export", "--session", "blue", str(xml_out)).returncode == 0
    assert json.loads(cocomposer("show", str(midi_out), "--json").stdout)["sections"] == shown["song"]["sections"]
    assert b"cocomposer" in xml_out.read_bytes()[:2000]

    foreign = tmp_path / "theirs.mid"
    foreign.write_bytes(blue_sky.read_bytes())
    assert_one_line_error(cocomposer("export", "--session", "blue", str(foreign)), 2, "--force")
    assert cocomposer("export", "--session", "blue", str(foreign), "--force").returncode == 0
    assert_one_line_error(cocomposer("export", "--session", "blue", str(tmp_path / "x.mp3")), 2, "format")
    assert_one_line_error(cocomposer("export", "--session", "blue", str(tmp_path / "no" / "x.mid")), 2, "does not exist")

    assert cocomposer("sessions", "rm", "blue").returncode == 0
    assert json.loads(cocomposer("sessions", "list", "--json").stdout) == []


def test_damaged_database_is_an_error_not_a_traceback(private_home: Path) -> None:
    private_home.mkdir(parents=True, exist_ok=True)
    (private_home / "sessions.sqlite3").write_bytes(b"this is not sqlite" * 100)
    assert_one_line_error(cocomposer("sessions", "list"), 1, "move the file away")


def test_edit_a_file_and_a_session(tmp_path: Path, blue_sky: Path) -> None:
    out = tmp_path / "synced.mid"
    result = cocomposer("edit", str(blue_sky), "syncopate", "--amount", "0.4", "-o", str(out), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    change = data["change"]
    assert change["operation"] == "syncopate" and change["pitches_kept"]
    assert change["measures"]["syncopation"][1] > change["measures"]["syncopation"][0]
    assert json.loads(cocomposer("show", str(out), "--json").stdout)["sections"] == data["song"]["sections"]

    assert cocomposer("chat", "--session", "ed", stdin=f'/load "{blue_sky}"\n/quit\n').returncode == 0
    edited = cocomposer("edit", "--session", "ed", "transpose", "--semitones", "-2")
    assert edited.returncode == 0 and edited.stdout.startswith("v3: main bars") and "transpose by -2 semitones" in edited.stdout
    history = json.loads(cocomposer("sessions", "show", "ed", "--json").stdout)["versions"]
    assert history[-1]["description"].startswith("main bars") and len(history) == 3

    assert_one_line_error(cocomposer("edit", str(blue_sky), "explode", "-o", str(out)), 2, "unknown operation")
    assert_one_line_error(cocomposer("edit", str(blue_sky), "syncopate", "--amount", "3", "-o", str(out)), 2, "0 to 1")
    assert_one_line_error(cocomposer("edit", "--session", "ed", "transpose"), 2, "needs semitones")
    assert json.loads(cocomposer("sessions", "show", "ed", "--json").stdout)["current"] == 3, "a failed edit commits nothing"


def test_a_transposed_file_knows_its_new_key(tmp_path: Path) -> None:
    """show (the key written in the file) and critique (the key heard in the notes) agree
    after a transpose; before, the file kept saying F# major while the music was in Ab."""
    source = SHARED_MIDI / "MIDIs_multitrack" / "Girls Just Want to Have Fun.mid"
    assert json.loads(cocomposer("show", str(source), "--json").stdout)["key"] == "F# major"
    out = tmp_path / "up.mid"
    result = cocomposer("edit", str(source), "transpose", "--semitones", "2", "-o", str(out), "--json")
    assert result.returncode == 0, result.stderr
    change = json.loads(result.stdout)["change"]
    assert "song key F# major -> Ab major" in change["description"]
    before, after = change["measures"]["in key"]
    assert before == after, "measured in the old key before and the new key after"
    shown = json.loads(cocomposer("show", str(out), "--json").stdout)
    heard = json.loads(cocomposer("critique", str(out), "--json").stdout)
    assert shown["key"] == heard["key"]["name"] == "Ab major"
    assert all("key" not in section for section in shown["sections"])


def test_a_section_transposed_alone_is_a_modulation_in_the_file(tmp_path: Path) -> None:
    source = SHARED_MIDI / "MIDIs_multitrack" / "In Too Deep.mid"
    out = tmp_path / "modulated.mid"
    result = cocomposer("edit", str(source), "transpose", "--semitones", "2", "--section", "chorus-3", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "now in F# major (a modulation from E major)" in result.stdout
    shown = json.loads(cocomposer("show", str(out), "--json").stdout)
    assert shown["key"] == "E major"
    assert {s["name"]: s.get("key") for s in shown["sections"]} == {"solo": None, "bridge-2": None, "chorus-3": "F# major"}
