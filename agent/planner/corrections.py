"""Corrections and repeats of the last change: "no, A minor", "I said 16 bars", "just a little",
"not the verse, the chorus" redo the last change with the fix (undone first, so the history
keeps both); "do the same to the verse" applies it again elsewhere.

Only the values the words name change; everything else of the last call is kept."""

from __future__ import annotations

import re
from typing import Any

from agent.planner import slots
from tools.calls import ToolCall

CORRECTION = re.compile(r"^(no|nope|not\b|nah|wrong|actually|i (said|asked for|meant|wanted)|that's not what|make that)\b", re.IGNORECASE)
REPEAT = re.compile(r"\b(same|likewise|that too|as well|also)\b.*\b(to|for|with|on|in)\b|\b(same|likewise) (for|to|with) ", re.IGNORECASE)
REPEATABLE = {"edit_section", "refine_section", "harmonize_section", "regenerate_bars"}


def fixed_values(text: str, call: ToolCall, names: list[str]) -> dict[str, Any]:
    """The arguments the words give a new value, among those the call takes."""
    found: dict[str, Any] = {}
    mentioned = slots.sections_mentioned(text, names)
    if mentioned and "section" in call.args:
        found["section"] = mentioned[-1]  # "not the verse, the chorus": the last one named
    for name, value in (("key", slots.key(text) or _bare_key(text)), ("bars", slots.bar_count(text)),
                        ("amount", slots.amount(text)), ("semitones", slots.semitones(text)),
                        ("tempo", slots.tempo(text, None)), ("meter", slots.meter(text)), ("goal", slots.refine_goal(text))):
        if value is not None and (name in call.args or call.name in _TAKES.get(name, ())):
            found[name] = value
    return found


_TAKES = {"key": ("compose_section", "set_song"), "bars": ("compose_section",), "amount": ("edit_section",),
          "tempo": ("set_song", "compose_section"), "meter": ("set_song", "compose_section"), "goal": ("refine_section",),
          "semitones": ("edit_section",)}


def _bare_key(text: str) -> str | None:
    """'no, A minor': a key named without 'in'."""
    return slots.key("in " + re.sub(r"^\W*(no|nope|not|nah|actually|i (said|asked for|meant|wanted))\W+", "", text, flags=re.IGNORECASE))


def correction(text: str, last: ToolCall | None, names: list[str]) -> tuple[tuple[ToolCall, ...], str] | None:
    """The calls for a correction or a repeat of `last`, and what to say; None when the words
    are neither (or name nothing to change)."""
    if last is None:
        return None
    said = CORRECTION.search(text.strip())
    if said and len(text.strip()[said.end():].split()) <= 6:  # "no, A minor", "no sorry, I meant the verse"; not "actually
        values = fixed_values(text, last, names)  # G is a bit low for my voice, bump the whole song up a whole step"
        if values:
            fixed = ToolCall(last.name, {**last.args, **values})
            said = ", ".join(f"{k} {v}" for k, v in values.items())
            return (ToolCall("undo", {}), fixed), f"Redoing the last change with {said} (the first try is undone; it stays in the history)."
    if REPEAT.search(text) and last.name in REPEATABLE:
        mentioned = slots.sections_mentioned(text, names)
        if mentioned and mentioned[-1] != last.args.get("section"):
            return (ToolCall(last.name, {**last.args, "section": mentioned[-1]}),), f"The same {last.name.split('_')[0]} on the {mentioned[-1]}."
    return None
