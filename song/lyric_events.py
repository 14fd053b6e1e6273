"""Sung words in MIDI files: lyric meta events (one per sung note) and karaoke `.kar` text
events, to and from our syllables ("let-", "ters", "_" for a held note; see song/json_io.py).

Files in the wild spell syllables two ways. Lyric events usually carry a syllable with a
trailing "-" or a leading space when a new word starts; karaoke files (Soft Karaoke, `.kar`)
put syllables in text events, start a new word with a space, a new line with "/" and a new
verse with "\\", and keep "@" lines for the title and credits. Both become our syllables, and
the line breaks become the section's lyrics text. What we write is our syllables verbatim,
UTF-8 inside the events (so every script survives a round trip), one per sung note.
"""

from __future__ import annotations

from dataclasses import dataclass

from song.model import MELISMA


@dataclass(frozen=True)
class Syllable:
    """A syllable at a file tick, in our spelling, and whether a new line starts with it."""

    tick: int
    text: str
    new_line: bool = False


def encode_text(text: str) -> str:
    """Text for a MIDI meta event: UTF-8 bytes in mido's Latin-1 string."""
    return text.encode("utf-8").decode("latin-1")


def decode_text(text: str) -> str:
    """A meta event's text: UTF-8 when its bytes are, else the Latin-1 the file meant."""
    raw = text.encode("latin-1", "replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return text


def is_karaoke_words(texts: list[tuple[int, str]]) -> bool:
    """Do a track's text events look like karaoke syllables (many short texts, not credits)?"""
    words = [t for _, t in texts if t and not t.startswith("@")]
    return len(words) >= 4 and sum(len(t) <= 20 for t in words) >= 0.8 * len(words)


def syllables_from_events(events: list[tuple[int, str]], ours: bool = False) -> list[Syllable]:
    """Lyric or karaoke events (tick, text) in file order -> our syllables (`ours`: a file we
    wrote, whose events are our syllables already).

    In karaoke spelling (some events start with a space, "/" or "\\"), a syllable continues
    its word when the next one starts without a space; otherwise a trailing "-" says so. An
    event that is only "-", "_" or "~" (a held note in some files) becomes "_"."""
    if ours:
        return [Syllable(tick, decode_text(text)) for tick, text in events if decode_text(text).strip()]
    spaced = any(decode_text(t)[:1] in (" ", "/", "\\") for _, t in events)
    cleaned: list[tuple[int, str, bool, bool]] = []  # tick, text, starts a word, starts a line
    for tick, raw in events:
        text = decode_text(raw).replace("\r", "\n")
        if not text.strip() or text.startswith("@"):
            if "\n" in text and cleaned:  # a line break sent on its own
                cleaned.append((tick, "", True, True))
            continue
        new_line = text[0] in "/\\\n"
        body = text.lstrip("/\\\n")
        new_word = new_line or body[:1].isspace()
        cleaned.append((tick, body.strip(), new_word, new_line))
    syllables: list[Syllable] = []
    pending_line = False
    for index, (tick, text, _, new_line) in enumerate(cleaned):
        pending_line = pending_line or new_line
        if not text:
            continue
        if text in ("-", "_", "~", "+"):
            syllables.append(Syllable(tick, MELISMA, pending_line))
            pending_line = False
            continue
        following = next(((t, w) for _, t, w, _ in cleaned[index + 1:] if t and t not in ("-", "_", "~", "+")), None)
        goes_on = text.endswith("-") or (spaced and following is not None and not following[1]
                                         and not text.endswith((",", ".", "!", "?")))
        word = text.rstrip("-").strip() or text
        syllables.append(Syllable(tick, word + "-" if goes_on else word, pending_line))
        pending_line = False
    return syllables


def lyrics_text(syllables: list[Syllable]) -> str:
    """The words as text, lines broken where the file broke them ("let-", "ters" -> "letters")."""
    lines: list[str] = []
    line: list[str] = []
    word = ""
    for syllable in syllables:
        if syllable.text == MELISMA:
            continue
        if syllable.new_line and (line or word):
            lines.append(" ".join(line + ([word] if word else [])))
            line, word = [], ""
        if syllable.text.endswith("-"):
            word += syllable.text[:-1]
        else:
            line.append(word + syllable.text)
            word = ""
    if line or word:
        lines.append(" ".join(line + ([word] if word else [])))
    return "\n".join(lines)
