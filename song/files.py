"""Writing files safely: whole or not at all, with errors a user can act on.

Exports go through a temporary file in the target directory and an atomic rename, so a
crash or a full disk never leaves half a MIDI file where a good one used to be.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from song.errors import FileWriteError

SIGNATURE = b"cocomposer"
WRITTEN_BY_US = "written by cocomposer"  # the text event our MIDI files carry


def check_writable(path: str | os.PathLike[str], force: bool = False) -> Path:
    """Raise FileWriteError unless `path` can be written (and, without force, is free or ours).

    "Ours" means a file that cocomposer wrote (it carries our signature): re-exporting over
    it is expected; overwriting someone else's file needs `force`.
    """
    target = Path(path).expanduser()
    if target.is_dir():
        raise FileWriteError(f"{path}: is a directory; give a file name")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.exists():
        raise FileWriteError(f"{path}: the directory {parent} does not exist")
    if not parent.is_dir():
        raise FileWriteError(f"{path}: {parent} is not a directory")
    if target.exists() and not force and not _written_by_us(target):
        raise FileWriteError(f"{path}: already exists and was not written by cocomposer (use --force to overwrite)")
    return target


def _written_by_us(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return SIGNATURE in handle.read(4096)
    except OSError:
        return False


def write_atomically(path: str | os.PathLike[str], data: bytes, force: bool = False) -> Path:
    """Write `data` to `path` through a temp file and a rename; FileWriteError on failure."""
    target = check_writable(path, force)
    directory = target.parent if str(target.parent) else Path(".")
    temp_name = None
    try:
        fd, temp_name = tempfile.mkstemp(prefix=".cocomposer-", suffix=".part", dir=directory)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, target)
        temp_name = None
    except PermissionError:
        raise FileWriteError(f"{path}: permission denied") from None
    except OSError as error:
        reason = "the disk is full" if error.errno == errno.ENOSPC else (error.strerror or str(error))
        raise FileWriteError(f"{path}: cannot write ({reason})") from None
    finally:
        if temp_name is not None:
            try:
                os.unlink(temp_name)
            except OSError:
                pass
    return target
