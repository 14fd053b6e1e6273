"""Requests no tool can do yet, and what to say instead: one honest line naming what is close,
never a stand-in call (a request for drums must not rewrite a melody).

The request reader says which of these a step asks for (`limit:lyrics`, ... in
models/requests/labels.py); this module holds only what to answer."""

from __future__ import annotations

LIMIT_LINES: dict[str, str] = {
    "lyrics": "I can't write or rewrite lyrics yet; I can set your words to a melody (\"lyrics for the chorus: ...\"), "
              "find rhymes (\"what rhymes with fire?\"), count syllables, or suggest titles from your words.",
    "band": "I can't write drums, bass or other instrument parts yet (a band is coming); I can put chords under a "
            "section (\"harmonize the chorus\") or play the song.",
    "chords": "I can't set chords you name under a melody that is already there yet; I can write a new melody over "
              "them (\"a new bridge over Am F C G\") or choose chords for the melody (\"harmonize the chorus, pop\").",
    "mix": "I can't record, mix, master, sing, work with audio recordings or send files yet; I can play the song or "
           "export it (MIDI, MusicXML or WAV) for you to share or open elsewhere.",
}


def limit_line(intent: str) -> str:
    """The honest line for a `limit:<what>` intent."""
    return LIMIT_LINES[intent.split(":", 1)[1]]
