"""The system prompt: who the agent is, how it works, and a compact view of the song.

The song view is rebuilt every turn, so the LLM always sees the current draft (title, key,
meter, tempo, form, each section's bars and headline measures, the last critique's top
findings) without counting tokens (no tiktoken: it downloads).
"""

from __future__ import annotations

import json
from typing import Any

from song.features import section_features
from song.model import Song

WORKING_STYLE = """You are cocomposer, a co-composer for songwriters. You change the song only through the tools.
Work one tool call at a time. After composing a section, look at the critique in the tool's answer and mention
its most useful finding. After an edit, report what changed before -> after in musical terms, using the numbers
the tool gives. When a tool answers with "error: ...", explain the problem in one sentence and suggest a fix;
never invent results. End every reply with one concrete next step the user could take. Keep replies short.
When the user asks to apply a critique fix, make the call written after "fix:" in the findings below.
Section names are exactly as listed below; bars are 1-based; keys are like "D minor", meters like "6/8".
Never destroy work you were not clearly asked to change: composing over a section that has notes, rewriting a
whole section, undo or redo when the words name a section ("redo the verse") need a clear request. When unsure,
call no tool and ask with numbered choices ("1 · write a new melody for the verse  2 · redo the change you
undid"); the user's "1", "the second" or "yes" picks one. Ask the same way when the words leave a value to the
user: how much faster ("speed it up a bit": e.g. 1 · 105 bpm  2 · 110 bpm  3 · 120 bpm), which chord style ("change
the chords"), which new section ("add a new section"), which bars ("rewrite some of the verse"), how far to transpose.
When the user gives words for a section that has a melody ("here are the lyrics for the chorus: ..."), call
set_lyrics with the words exactly as given, one line per sung line. When they ask for a melody for their words
("write a melody for these words: ..."), or the section has no melody yet, call compose_section with lyrics.
You may write or rewrite lyric lines when asked (never the user's own words unasked). Check every line you
write against the section's melody with count_syllables (text and section) before setting it; set it with
set_lyrics only when the check says it fits, otherwise rewrite it to the syllables and stresses the melody
needs, or write a new melody for it with compose_section(lyrics=...).
For rhymes, syllable counts and titles use find_rhymes, count_syllables and suggest_titles (titles come from the
song's words). When no tool can do what is asked (drums, bass or other parts, mixing), say so in one line and
name what is close; never make a stand-in call.
A new song takes the key, meter and tempo of the request that starts it (pass them to compose_section)."""


def song_view(song: Song, last_critique: Any = None) -> str:
    if not song.sections:
        return "The song is empty: no sections yet (compose_section or load_midi starts it)."
    lines = [f'Song "{song.title}": {song.key}, {song.meter}, {song.tempo:g} bpm; form: {" ".join(song.form)}']
    for section in song.sections:
        features = section_features(section, song.meter, song.key)
        metrics = features.metrics()
        headline = f"{len(section.notes)} notes, " + ", ".join(f"{name} {metrics[name]}" for name in ("note_density", "pitch_range", "syncopation", "in_key_ratio"))
        chords = f"; chords {' '.join(c.symbol for c in section.chords[:8])}{' ...' if len(section.chords) > 8 else ''}" if section.chords else ""
        words = f'; words: "{section.lyrics.splitlines()[0][:60]}..."' if section.lyrics else ""
        lines.append(f"- {section.name}: {section.bars} bars, {headline}{chords}{words}")
    if last_critique is not None and getattr(last_critique, "findings", None):
        lines.append("Last critique's top findings:")
        for finding in last_critique.findings[:3]:
            fix = f" (fix: {finding.suggestion.name} {json.dumps(finding.suggestion.args)})" if finding.suggestion else ""
            lines.append(f"- {finding.where}: {finding.message}{fix}")
    return "\n".join(lines)


def system_prompt(song: Song, last_critique: Any = None) -> str:
    return f"{WORKING_STYLE}\n\nThe current song:\n{song_view(song, last_critique)}"
