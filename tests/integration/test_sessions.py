"""Sessions: versions, undo/redo with branches, reopening, chat, and crash safety."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from memory.sessions import SessionStore, SessionStoreError
from song.errors import BadInput
from song.model import Section, Song, notes_from
from tests.conftest import REPO


def song_titled(title: str) -> Song:
    return Song(title, sections=[Section("verse", 1, notes_from([(60, 0, 1)]))])


@pytest.fixture
def store(tmp_path: Path) -> SessionStore:
    with SessionStore(tmp_path / "sessions.sqlite3") as opened:
        yield opened


def test_commit_undo_redo(store: SessionStore) -> None:
    session = store.create("demo")
    assert session.song == Song() and session.current_number == 1
    session.commit(song_titled("a"), "title a")
    session.commit(song_titled("b"), "title b")
    assert session.undo().description == "title a" and session.song.title == "a"
    assert session.undo().number == 1
    with pytest.raises(BadInput, match="nothing to undo"):
        session.undo()
    assert session.redo(2).number == 3 and session.song.title == "b"
    with pytest.raises(BadInput, match="nothing to redo"):
        session.redo()


def test_commit_after_undo_keeps_the_old_branch(store: SessionStore) -> None:
    session = store.create("demo")
    session.commit(song_titled("a"), "a")
    session.commit(song_titled("b"), "b")
    session.undo()
    session.commit(song_titled("c"), "c")
    history = session.history()
    assert [(v.number, v.parent) for v in history] == [(1, None), (2, 1), (3, 2), (4, 2)]
    assert session.undo().number == 2
    assert session.redo().number == 4, "redo follows the newest branch"
    assert session.checkout(3).description == "b" and session.song.title == "b"


def test_reopen_from_another_store(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    with SessionStore(path) as first:
        session = first.create("song one")
        session.commit(song_titled("kept"), "kept")
        session.add_message("user", "write me a chorus")
        session.add_message("assistant", "done")
        first.remember_last("song one")
    with SessionStore(path) as second:
        assert second.last_session() == "song one"
        again = second.open("song one")
        assert again.song.title == "kept"
        assert [(m.role, m.content, m.version) for m in again.messages()] == [
            ("user", "write me a chorus", 2), ("assistant", "done", 2)]
        assert [m.content for m in again.messages(limit=1)] == ["done"]
        assert [info.name for info in second.list()] == ["song one"]


def test_names_and_removal(store: SessionStore) -> None:
    store.create("a")
    with pytest.raises(BadInput, match="already exists"):
        store.create("a")
    with pytest.raises(BadInput, match="bad session name"):
        store.create("../etc")
    with pytest.raises(BadInput, match="no session named 'b'"):
        store.open("b")
    assert store.open("b", create=True).name == "b"
    store.remove("a")
    assert [info.name for info in store.list()] == ["b"]
    with pytest.raises(BadInput):
        store.remove("a")


@pytest.mark.parametrize("damage", ["random bytes", "truncated"])
def test_damaged_database_gets_a_clear_error(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "db.sqlite3"
    with SessionStore(path) as store:
        store.create("x").commit(song_titled("y"), "y")
    if damage == "random bytes":
        path.write_bytes(random.Random(3).randbytes(8192))
    else:
        path.write_bytes(path.read_bytes()[:100])
    for leftover in tmp_path.glob("db.sqlite3-*"):
        leftover.unlink()
    with pytest.raises(SessionStoreError, match="cannot be opened|cannot read") as error:
        SessionStore(path).open("x").song
    assert "\n" not in str(error.value)
    assert path.exists(), "the damaged file is left for the user"


WRITER = """
import sys
from memory.sessions import SessionStore
from song.model import Section, Song, notes_from
store = SessionStore(sys.argv[1])
session = store.open("crash", create=True)
i = 0
while True:
    i += 1
    notes = notes_from([(60 + (k + i) % 12, k, 1) for k in range(64)])
    version = session.commit(Song(f"take {i}", sections=[Section("verse", 16, notes)]), f"take {i}")
    print(version.number, flush=True)
"""


@pytest.mark.parametrize("run", range(6))
def test_sigkill_mid_write_never_loses_a_committed_version(tmp_path: Path, run: int) -> None:
    path = tmp_path / "db.sqlite3"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    committed = 0
    wanted = random.Random(run).randint(3, 40)
    while committed < wanted:
        line = writer.stdout.readline()
        assert line, "the writer died before it was killed"
        committed = int(line)
    time.sleep(random.Random(run).random() * 0.05)
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    with SessionStore(path) as store:
        session = store.open("crash")
        assert session.current_number >= committed
        assert session.song.title == f"take {session.current_number - 1}"
        assert len(session.history()) == session.current_number
