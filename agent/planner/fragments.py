"""Pieces of a request that are not asks of their own: values for the step before ("10 bars, A
minor.", "write verse 2, 8 bars, hopeful, ..."), a new song's settings said anywhere, and "and what
about home?" after a word tool."""

from __future__ import annotations

import re
from typing import Any

from agent.planner import slots
from agent.planner.arguments import MOOD_WORDS, compose_values, drop_none
from agent.planner.context import SongContext
from agent.planner.intents import read_intent
from tools.calls import ToolCall


def peel_details(step: str, calls: list[ToolCall], start: SongContext) -> str:
    """'write verse 2, 8 bars, hopeful, put jazz chords on it': the values before the next ask
    ("8 bars", "hopeful") belong to the section just composed; the step is what is left."""
    if not calls or calls[-1].name != "compose_section":
        return step
    alone = re.fullmatch(r"(?:and\s+|but\s+)?(?:keep it|make it|have it|let it be|something|it should be|should be|feel(?:ing)?)?\s*"
                         r"(?:kinda|kind of|sort of|a bit|very|really|pretty|quite|nice and)?\s*([\w-]+)\s*(?:pls|please|vibes?|feel)?[.!]*",
                         step.strip(), re.IGNORECASE)
    if alone and alone.group(1).lower() in MOOD_WORDS:  # "write the chorus first. C#m. keep it calm": the mood of the chorus
        add_details(calls, alone.group(1), start, start)
        return ""
    parts = re.split(r",\s*", step)
    peeled = 0
    while peeled < len(parts) - 1 and (parts[peeled].strip().lower() in MOOD_WORDS or read_intent(parts[peeled])[0] == "details"):
        peeled += 1
    if peeled:
        add_details(calls, ", ".join(parts[:peeled]), start, start)
    return ", ".join(parts[peeled:])


def overwrite_said(step: str, calls: list[ToolCall]) -> bool:
    """'export over old_take.mid. yes i know ..., overwrite it anyway': the export may replace the file."""
    if calls and calls[-1].name == "export_song" and re.search(r"\b(?:overwrite|replace|clobber)\b|\bforce\b", step, re.IGNORECASE):
        calls[-1] = ToolCall("export_song", {**calls[-1].args, "force": True})
        return True
    return False


def word_again(step: str, calls: list[ToolCall]) -> ToolCall | None:
    """'... rhymes with rain, and what about home?', '... ocean? and gold?': the last word tool again, for another word."""
    if not calls or calls[-1].name != "find_rhymes":
        return None
    match = re.fullmatch(r"(?:and|or|also|plus)?\s*(?:what|how)?\s*(?:about|abt)?\s*(?:for\s+)?['\"‘“]?([a-zA-Z']+)['\"’”]?\s*\??", step.strip(),
                         re.IGNORECASE)
    return ToolCall("find_rhymes", {"word": match.group(1)}) if match else None


def add_details(calls: list[ToolCall], step: str, context: SongContext, start: SongContext) -> bool:
    """Give the values of a fragment ("10 bars, A minor.", "filter to 3/4 only", "key of D
    minor") to the call before it that takes them; False when no call does."""
    made = [i for i in reversed(range(len(calls))) if calls[i].name == "compose_section"]
    named = slots.sections_mentioned(step, [calls[i].args["section"] for i in made])  # "verse wistful": the verse's, not the last one's
    composed = next((i for i in made if calls[i].args["section"] in named[:1]), made[0] if made else None)
    if composed is not None:
        calls[composed] = ToolCall("compose_section", {**calls[composed].args, **drop_none(compose_values(step, start))})
        return True
    key = slots.key(step) or slots.key("in " + step.split()[-1]) if step.split() else None
    if calls and calls[-1].name == "find_references":
        calls[-1] = ToolCall("find_references", {**calls[-1].args, **drop_none({"key": key, "meter": slots.meter(step)})})
        return True
    values = drop_none({"key": key, "meter": slots.meter(step), "tempo": slots.tempo(step, context.tempo)})
    if calls and calls[-1].name == "set_song":
        calls[-1] = ToolCall("set_song", {**calls[-1].args, **values})
        return True
    if not calls and context.sections and values:  # "key of D, 108 bpm" on its own, in a song: the song's settings
        calls.append(ToolCall("set_song", values))
        return True
    return False


def song_settings_into_first_section(calls: list[ToolCall], start: SongContext, text: str) -> tuple[ToolCall, ...]:
    """A new song takes its key, meter and tempo from the request that starts it, wherever the
    words put them ("I'm writing a song at 92 bpm in A minor. Give me a verse"): they go into
    the first section's compose call, and a separate set_song for them is dropped."""
    first = next((i for i, c in enumerate(calls) if c.name == "compose_section"), None)
    if start.sections or first is None:
        return tuple(calls)
    settings: dict[str, Any] = {}
    for call in calls:
        if call.name == "set_song":
            settings.update({k: v for k, v in call.args.items() if k in ("key", "meter", "tempo")})
    for name, value in (("key", slots.key(text)), ("meter", slots.meter(text)), ("tempo", slots.tempo(text, None))):
        settings.setdefault(name, value)
    merged = ToolCall("compose_section", {**calls[first].args, **{k: v for k, v in settings.items()
                                                                   if v is not None and k not in calls[first].args}})
    kept = [merged if i == first else c for i, c in enumerate(calls)
            if not (c.name == "set_song" and set(c.args) <= {"key", "meter", "tempo"})]
    return tuple(kept)
