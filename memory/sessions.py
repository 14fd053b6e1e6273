"""Sessions: named song drafts with their full version history and chat, in SQLite.

Each change to the song is a new version (the song's JSON plus a one-line description of what
changed musically); the session's `current` pointer says which version is the draft now.
Undo and redo move the pointer and never delete anything:
- undo goes to the current version's parent;
- a commit after an undo starts a branch: the versions undone stay in the history
  (`/history` can return to them) and the new version's parent is the one undone to;
- redo follows the newest child of the current version, so after a new commit it re-does
  that commit's line, and right after undos it re-does them in order.
Every write is one SQLite transaction in WAL mode with full sync: a process killed at any
moment leaves the last committed version intact and readable.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from song.errors import BadInput, CocomposerError
from song.json_io import song_from_json, song_to_json
from song.model import Song

SCHEMA_VERSION = 1
_NAME = re.compile(r"^[\w][\w .@+-]{0,63}$")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
    id INTEGER PRIMARY KEY,
    name TEXT UNIQUE NOT NULL,
    created REAL NOT NULL,
    updated REAL NOT NULL,
    current INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS versions (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    parent INTEGER,
    description TEXT NOT NULL,
    song_json TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (session_id, number)
);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    content TEXT NOT NULL,
    version INTEGER,
    created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_by_session ON messages(session_id, id);
"""


class SessionStoreError(CocomposerError):
    """The sessions database cannot be used (damaged, locked, unwritable)."""

    title = "Sessions database"


@dataclass(frozen=True)
class VersionInfo:
    """One saved state of a session's song."""

    number: int
    parent: int | None
    description: str
    created: float
    is_current: bool


@dataclass(frozen=True)
class SessionInfo:
    """A session as listed: its name, size and when it last changed."""

    name: str
    created: float
    updated: float
    versions: int
    current: int
    messages: int


@dataclass(frozen=True)
class ChatMessage:
    role: str
    content: str
    version: int | None
    created: float


def validate_session_name(name: str) -> str:
    """Session names are short and safe to type: letters, digits, space . @ + - _."""
    if not isinstance(name, str) or not _NAME.match(name):
        raise BadInput(f"bad session name {name!r} (1-64 letters, digits, spaces, . @ + - _)")
    return name


class SessionStore:
    """The sessions database. Cheap to open; one per process is plenty."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Tools run in worker threads (the agent's tool node, the TUI's workers): one
            # connection shared under a re-entrant lock, so statements never interleave.
            self._lock = threading.RLock()
            self._db = sqlite3.connect(str(self.path), timeout=15, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = FULL")
            with self.transaction() as db:
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    db.execute(statement)
                db.execute(
                    "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)",
                    (str(SCHEMA_VERSION),),
                )
        except sqlite3.DatabaseError as error:
            raise SessionStoreError(
                f"{self.path}: the sessions database cannot be opened ({error}); "
                f"move the file away to start fresh"
            ) from None
        except OSError as error:
            raise SessionStoreError(f"{self.path}: cannot create the sessions database ({error.strerror})") from None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "SessionStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write: BEGIN IMMEDIATE ... COMMIT, rolled back on any error."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.DatabaseError as error:
                raise SessionStoreError(f"{self.path}: cannot write the sessions database ({error})") from None
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            try:
                self._db.execute("COMMIT")
            except sqlite3.DatabaseError as error:
                self._db.execute("ROLLBACK")
                raise SessionStoreError(f"{self.path}: saving failed ({error}); the last version is kept") from None

    def _query(self, sql: str, args: tuple[object, ...] = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._db.execute(sql, args).fetchall()
            except sqlite3.DatabaseError as error:
                raise SessionStoreError(f"{self.path}: cannot read the sessions database ({error})") from None

    # --- sessions -------------------------------------------------------------------------

    def exists(self, name: str) -> bool:
        return bool(self._query("SELECT 1 FROM sessions WHERE name = ?", (name,)))

    def create(self, name: str, song: Song | None = None, description: str = "new session") -> "Session":
        """A new session whose version 1 is `song` (an empty draft by default)."""
        validate_session_name(name)
        now = time.time()
        payload = song_to_json(song or Song())
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM sessions WHERE name = ?", (name,)).fetchone():
                raise BadInput(f"a session named {name!r} already exists")
            cursor = db.execute(
                "INSERT INTO sessions(name, created, updated, current) VALUES (?, ?, ?, 1)", (name, now, now)
            )
            db.execute(
                "INSERT INTO versions(session_id, number, parent, description, song_json, created) "
                "VALUES (?, 1, NULL, ?, ?, ?)",
                (cursor.lastrowid, description, payload, now),
            )
        return Session(self, name)

    def open(self, name: str, create: bool = False) -> "Session":
        """The named session; with `create`, made when missing. BadInput when unknown."""
        validate_session_name(name)
        if self.exists(name):
            return Session(self, name)
        if create:
            return self.create(name)
        known = ", ".join(info.name for info in self.list()[:10]) or "none yet"
        raise BadInput(f"no session named {name!r} (sessions: {known})")

    def list(self) -> list[SessionInfo]:
        """All sessions, most recently changed first."""
        rows = self._query(
            "SELECT s.name, s.created, s.updated, s.current, "
            "(SELECT COUNT(*) FROM versions v WHERE v.session_id = s.id), "
            "(SELECT COUNT(*) FROM messages m WHERE m.session_id = s.id) "
            "FROM sessions s ORDER BY s.updated DESC, s.name"
        )
        return [SessionInfo(name, created, updated, versions, current, messages)
                for name, created, updated, current, versions, messages in rows]

    def remove(self, name: str) -> None:
        """Delete a session with its versions and messages."""
        validate_session_name(name)
        with self.transaction() as db:
            cursor = db.execute("DELETE FROM sessions WHERE name = ?", (name,))
            if cursor.rowcount == 0:
                raise BadInput(f"no session named {name!r}")
            db.execute("DELETE FROM meta WHERE key = 'last_session' AND value = ?", (name,))

    def last_session(self) -> str | None:
        """The session used most recently, to reopen on start."""
        rows = self._query("SELECT value FROM meta WHERE key = 'last_session'")
        return rows[0][0] if rows and self.exists(rows[0][0]) else None

    def remember_last(self, name: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('last_session', ?)", (name,))

    def session_id(self, name: str) -> int:
        rows = self._query("SELECT id FROM sessions WHERE name = ?", (name,))
        if not rows:
            raise BadInput(f"no session named {name!r}")
        return int(rows[0][0])


def open_or_start_fresh(path: str | Path) -> tuple["SessionStore", str | None]:
    """The sessions database, or, when it is damaged, a fresh one with the damaged file kept
    beside it (renamed, never deleted); the second value says what happened, for the user."""
    try:
        return SessionStore(path), None
    except SessionStoreError as error:
        damaged = Path(path)
        kept = damaged.with_name(f"{damaged.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
        damaged.rename(kept)
        for suffix in ("-wal", "-shm"):
            side = damaged.with_name(damaged.name + suffix)
            if side.exists():
                side.rename(kept.with_name(kept.name + suffix))
        note = f"{error} -- it was moved to {kept} and a fresh sessions database was started"
        return SessionStore(path), note


class Session:
    """One named session: its current song, versions, undo/redo and chat messages.

    The database is the truth (another process may have changed it); parsed songs are
    cached by version number because versions never change once written.
    """

    def __init__(self, store: SessionStore, name: str) -> None:
        self.store = store
        self.name = name
        self.id = store.session_id(name)
        self._songs: dict[int, Song] = {}

    # --- reading --------------------------------------------------------------------------

    @property
    def current_number(self) -> int:
        rows = self.store._query("SELECT current FROM sessions WHERE id = ?", (self.id,))
        if not rows:
            raise BadInput(f"the session {self.name!r} was removed")
        return int(rows[0][0])

    @property
    def song(self) -> Song:
        """The current draft."""
        return self.song_at(self.current_number)

    def song_at(self, number: int) -> Song:
        if number not in self._songs:
            rows = self.store._query(
                "SELECT song_json FROM versions WHERE session_id = ? AND number = ?", (self.id, number)
            )
            if not rows:
                raise BadInput(f"session {self.name!r} has no version {number}")
            self._songs[number] = song_from_json(rows[0][0])
        return self._songs[number]

    def history(self) -> list[VersionInfo]:
        """Every version, oldest first, with the current one marked."""
        current = self.current_number
        rows = self.store._query(
            "SELECT number, parent, description, created FROM versions WHERE session_id = ? ORDER BY number",
            (self.id,),
        )
        return [VersionInfo(n, p, d, c, n == current) for n, p, d, c in rows]

    def version(self, number: int) -> VersionInfo:
        for info in self.history():
            if info.number == number:
                return info
        raise BadInput(f"session {self.name!r} has no version {number}")

    # --- writing --------------------------------------------------------------------------

    def commit(self, song: Song, description: str) -> VersionInfo:
        """Save `song` as a new version after the current one and make it current."""
        description = " ".join(description.split())[:300] or "change"
        payload = song_to_json(song)
        now = time.time()
        with self.store.transaction() as db:
            current = db.execute("SELECT current FROM sessions WHERE id = ?", (self.id,)).fetchone()
            if current is None:
                raise BadInput(f"the session {self.name!r} was removed")
            number = db.execute(
                "SELECT COALESCE(MAX(number), 0) + 1 FROM versions WHERE session_id = ?", (self.id,)
            ).fetchone()[0]
            db.execute(
                "INSERT INTO versions(session_id, number, parent, description, song_json, created) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (self.id, number, current[0], description, payload, now),
            )
            db.execute("UPDATE sessions SET current = ?, updated = ? WHERE id = ?", (number, now, self.id))
        self._songs[number] = song
        return VersionInfo(number, current[0], description, now, True)

    def undo(self, steps: int = 1) -> VersionInfo:
        """Step back `steps` versions along the parent line; BadInput when there is none."""
        return self._move(steps, self._parent_of, "nothing to undo: this is the first version")

    @property
    def can_redo(self) -> bool:
        """Was the current version reached by an undo (a version ahead of it to come back to)?"""
        return self._newest_child_of(self.current_number) is not None

    def redo(self, steps: int = 1) -> VersionInfo:
        """Step forward along the newest child; BadInput when nothing was undone."""
        return self._move(steps, self._newest_child_of, "nothing to redo")

    def checkout(self, number: int) -> VersionInfo:
        """Make any version current (from /history); nothing is deleted."""
        self.song_at(number)  # raises for a missing version
        self._set_current(number)
        return self.version(number)

    def _move(self, steps: int, step: Callable[[int], int | None], nothing: str) -> VersionInfo:
        if not isinstance(steps, int) or isinstance(steps, bool) or steps < 1:
            raise BadInput(f"steps must be a whole number of at least 1, got {steps!r}")
        number = self.current_number
        for _ in range(steps):
            following = step(number)
            if following is None:
                if number == self.current_number:
                    raise BadInput(nothing)
                break
            number = following
        self._set_current(number)
        return self.version(number)

    def _parent_of(self, number: int) -> int | None:
        rows = self.store._query(
            "SELECT parent FROM versions WHERE session_id = ? AND number = ?", (self.id, number)
        )
        return rows[0][0] if rows else None

    def _newest_child_of(self, number: int) -> int | None:
        rows = self.store._query(
            "SELECT MAX(number) FROM versions WHERE session_id = ? AND parent = ?", (self.id, number)
        )
        return rows[0][0] if rows else None

    def _set_current(self, number: int) -> None:
        with self.store.transaction() as db:
            db.execute("UPDATE sessions SET current = ?, updated = ? WHERE id = ?", (number, time.time(), self.id))

    # --- chat -----------------------------------------------------------------------------

    def add_message(self, role: str, content: str) -> None:
        """Append a chat message, tagged with the version it was said at."""
        with self.store.transaction() as db:
            db.execute(
                "INSERT INTO messages(session_id, role, content, version, created) "
                "VALUES (?, ?, ?, (SELECT current FROM sessions WHERE id = ?), ?)",
                (self.id, role, content, self.id, time.time()),
            )

    def messages(self, limit: int | None = None) -> list[ChatMessage]:
        """The chat, oldest first (the last `limit` messages when given)."""
        rows = self.store._query(
            "SELECT role, content, version, created FROM messages WHERE session_id = ? ORDER BY id DESC LIMIT ?",
            (self.id, -1 if limit is None else limit),
        )
        return [ChatMessage(*row) for row in reversed(rows)]
