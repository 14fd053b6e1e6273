"""The header fields of each tune in an ABC file, read as text (no music21 parse needed).

The melody cache (models/data.py) keeps the notes; the words a musician searches with live
in the ABC headers: T: title, R: rhythm ("double jig", "reel", "Ballade"), O: origin
("Europa, Mitteleuropa, Deutschland"), B: book. Reading them straight from the file is a
few milliseconds where a music21 parse is seconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

FIELD = re.compile(r"^([A-Za-z]):\s*(.*?)\s*$")


@dataclass(frozen=True)
class AbcHeader:
    title: str
    rhythm: str = ""
    origin: str = ""
    book: str = ""


def read_headers(path: Path) -> list[AbcHeader]:
    """One header per `X:` tune, in file order (the order music21 reads them in)."""
    headers: list[AbcHeader] = []
    fields: dict[str, str] | None = None
    for line in path.read_text(encoding="latin-1").splitlines():
        match = FIELD.match(line)
        if not match:
            continue
        name, value = match.group(1), match.group(2).strip().strip('"').rstrip("]").strip()
        if name == "X":
            if fields is not None:
                headers.append(_header(fields))
            fields = {}
        elif fields is not None and name in "TROB" and name not in fields:
            fields[name] = value
    if fields is not None:
        headers.append(_header(fields))
    return headers


def _header(fields: dict[str, str]) -> AbcHeader:
    return AbcHeader(fields.get("T", ""), fields.get("R", ""), fields.get("O", ""), fields.get("B", ""))


def normal_title(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", title.lower()).strip()


def match_headers(titles: list[str], headers: list[AbcHeader]) -> list[AbcHeader | None]:
    """The header of each converted tune: the next unused header with the same title, so
    tunes the conversion skipped do not shift the rest."""
    matched: list[AbcHeader | None] = []
    cursor = 0
    for title in titles:
        wanted = normal_title(title)
        found = None
        for index in range(cursor, len(headers)):
            if normal_title(headers[index].title) == wanted:
                found, cursor = headers[index], index + 1
                break
        matched.append(found)
    return matched
