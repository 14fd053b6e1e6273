"""Requests no tool can do yet, and what to say instead: one honest line naming what is close,
never a stand-in call (a request for drums must not rewrite a melody).

Checked before any other reading of a step, because these requests are full of words the
other rules know ("add a bass line to the chorus" names a section and a verb)."""

from __future__ import annotations

import re

LIMITS: tuple[tuple[str, str], ...] = (  # (pattern, the one line), first match wins
    (r"\b(lyrics?|lyrical|rhym\w*|syllables?|prosody)\b|\b(my|the|these|some|new) words\b",
     "I can't work with lyrics yet (setting words to the melody is coming); I can write or reshape the melody you'll "
     "sing them to, e.g. \"write an 8-bar chorus\" or \"make the chorus more singable\"."),
    (r"\b(suggest|come up with|think of|brainstorm|invent|need|give me|ideas? for|any ideas)\b.{0,40}\b(titles?|name for (the|my|this) song)\b"
     r"|\bwhat (should|could) (i|we) (call|name|title)\b",
     "I can't suggest titles yet; I can set the one you choose: \"call the song Harbour Lights\"."),
    (r"\b(drums?|drum ?(beat|part|track|loop|kit)|percussion|bass ?lines?|bass (part|track)|(a|the|full|my) band|backing (track|band)"
     r"|instrumentation|guitar (part|track|riff|solo|strumming|tabs?)|strings? (part|section|arrangement)|piano part|synths?|pads?)\b",
     "I can't write drums, bass or other instrument parts yet (a band is coming); I can put chords under a section "
     "(\"harmonize the chorus\") or play the song."),
    (r"\b(mix(ing)?|master(ing)?|reverb|eq|auto-?tune|sing (it|this|the \w+)|vocals?)\b(?! range)",
     "I can't mix, master, sing or change the sound yet; I can play the song or export it (MIDI, MusicXML or WAV)."),
)
_COMPILED = tuple((re.compile(pattern, re.IGNORECASE), line) for pattern, line in LIMITS)


def limit_of(step: str) -> str | None:
    """The honest line for a step no tool can do, or None."""
    return next((line for pattern, line in _COMPILED if pattern.search(step)), None)
