"""The one exception tree of cocomposer.

Every error a user may see derives from `CocomposerError`; its `str()` is a single line that
says what is wrong in the user's terms, and `title` is a short heading for a notification.
The faces (CLI, TUI) turn `BadInput` into exit code 2 / a warning and anything else into an
internal error. It lives in `song/` because `song/` is the bottom layer every other layer
may import.
"""

from __future__ import annotations


class CocomposerError(Exception):
    """Base of every error with a user-facing, one-line message."""

    title = "Error"


class BadInput(CocomposerError):
    """The user's input is wrong: a file, a path, a name or an argument. Exit code 2."""

    title = "Bad input"


class InvalidSong(BadInput):
    """A song, section, note or chord violates the song's rules (range, overlap, bars...)."""

    title = "Invalid song"


class InvalidKey(BadInput):
    """A key name that cannot be parsed ("H# super")."""

    title = "Invalid key"


class InvalidMeter(BadInput):
    """A meter that cannot be parsed or is not supported ("7/3")."""

    title = "Invalid meter"


class MidiFileError(BadInput):
    """A MIDI file that cannot be read, or that holds nothing usable as a melody."""

    title = "Unreadable MIDI file"


class FileWriteError(BadInput):
    """A song cannot be written where the user asked (missing directory, permission...)."""

    title = "Cannot write file"
