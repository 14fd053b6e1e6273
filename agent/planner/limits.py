"""Requests no tool can do yet, and what to say instead: one honest line naming what is close,
never a stand-in call (a request for drums must not rewrite a melody).

The request reader says which of these a step asks for (`limit:lyrics`, ... in
models/requests/labels.py); this module holds only what to answer."""

from __future__ import annotations

LIMIT_LINES: dict[str, str] = {
    "lyrics": "I can't work with lyrics yet (setting words to the melody is coming); I can write or reshape the melody "
              "you'll sing them to, e.g. \"write an 8-bar chorus\" or \"make the chorus more singable\".",
    "titles": "I can't suggest titles yet; I can set the one you choose: \"call the song Harbour Lights\".",
    "band": "I can't write drums, bass or other instrument parts yet (a band is coming); I can put chords under a "
            "section (\"harmonize the chorus\") or play the song.",
    "mix": "I can't mix, master, sing or change the sound yet; I can play the song or export it (MIDI, MusicXML or WAV).",
}


def limit_line(intent: str) -> str:
    """The honest line for a `limit:<what>` intent."""
    return LIMIT_LINES[intent.split(":", 1)[1]]
