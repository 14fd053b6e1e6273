"""One call per section a request names: "critique the chorus and the bridge", "transpose the
verse down a step and the bridge up a step", "move all three sections up 2", "rewrite bars
1-2 and 7-8 of the verse", "play the bridge, then the chorus"."""

from __future__ import annotations

import re

from agent.planner import slots
from agent.planner.arguments import NAMED, call_for, compose_values, drop_none, mentioned_sections
from agent.planner.context import SongContext
from tools.calls import ToolCall

FILLER = re.compile(r"\b(the|and|then|also|too|both|my|our|one|again|as well|now|please|pls|same|for|with|to)\b|[,.;:!?&+]", re.IGNORECASE)


def only_sections(step: str, context: SongContext) -> bool:
    """Does the step name sections and nothing else ("the chorus", "then verse, chorus twice")?"""
    names = mentioned_sections(step, context)
    if not names:
        return False
    rest = step.lower()
    for name in sorted(set(names) | {n.split()[0] for n in names}, key=len, reverse=True):
        rest = re.sub(rf"\b{re.escape(name.lower())}(e?s)?\b", " ", rest)
    rest = re.sub(r"\b(twice|three times|\d+|two|three|four|x)\b", " ", FILLER.sub(" ", rest))
    return not rest.strip()


def on_sections(call: ToolCall, sections: list[str], context: SongContext) -> list[ToolCall]:
    """The call again on other sections (for calls that act on one section)."""
    field = "section" if "section" in call.args else "target" if call.name == "critique" else None
    if field is None or call.name in ("copy_section", "load_midi", "load_reference"):
        return []
    return [ToolCall(call.name, {**call.args, field: name}) for name in sections
            if name != call.args.get(field) and not (call.name == "compose_section" and name in context.names)]


BOTH = re.compile(r"\b(both|both of them|each of them|the two of them)\b", re.IGNORECASE)
SECTION_WISE = {"edit_section", "refine_section", "harmonize_section", "regenerate_bars", "critique", "play"}
EACH_SECTION = SECTION_WISE | {"compose_section"}  # "write a verse and a chorus": new sections only


def for_each_section(intent: str, step: str, call: ToolCall, context: SongContext, focus: str | None,
                      earlier: str | None) -> list[ToolCall]:
    """`call`, and for 'critique the chorus and the bridge' or 'transpose the verse down a step
    and the bridge up a step' the same kind of call for each further section named after an
    'and', each part read on its own words (its bars, its interval); for 'move all three
    sections up 2', 'harmonize everything', one call per section of the song."""
    if call.name in EVERY_SECTION and EVERY.search(step) and context.names:  # "folk chords on everything — verse chorus bridge"
        return [ToolCall(call.name, {**call.args, "section": name}) for name in mentioned_sections(step, context) or context.names]
    if call.name == "regenerate_bars":
        return [call, *_more_bar_ranges(call, step, context, focus, earlier)]
    if call.name not in EACH_SECTION or len(set(mentioned_sections(step, context))) < 2:
        return [call]
    if call.name == "compose_section" and NAMED.search(step):  # "a tag after the chorus, a 2 bar section called 'tag'"
        return [call]
    parts = re.split(r"\s+(?:and|&|\+)\s+|,\s*", step)
    if not mentioned_sections(parts[0], context) or not any(mentioned_sections(p, context) for p in parts[1:]):
        return [call]
    unnamed = ", ".join(p for p in parts if not mentioned_sections(p, context))  # "write verse + chorus, both 8 bars, in D"
    keyed = [p for p in parts if slots.key(p)]
    if call.name == "compose_section" and len(keyed) == 1 and keyed[0] == parts[-1]:  # "verse, chorus, and a bridge in E minor"
        unnamed = f"{unnamed}, in {slots.key(keyed[0])}"
    shared = drop_none(compose_values(unnamed, context)) if call.name == "compose_section" else {k: v for k, v in _said(
        call_for(intent, unnamed, context, focus, earlier) if unnamed else None).items() if k != "section"}  # "..., pop style"
    result = []
    for part in parts[:1] + [p for p in parts[1:] if mentioned_sections(p, context)]:
        own = call_for(intent, part, context, focus, earlier)
        if own is not None and own.args.get("semitones") == "":  # "..., and the chorus down 2 as well"
            own = ToolCall(own.name, {**own.args, "semitones": slots.semitones(f"transpose {part}") or ""})
        if own is not None and shared:
            own = ToolCall(own.name, {**shared, **_said(own)})
        if own is not None and result:  # what the first part said holds unless this part says otherwise ("jazzy")
            own = ToolCall(own.name, {**result[0].args, **_said(own)})
        if own is not None and own not in result and own.name == call.name and not (
                own.name == "compose_section" and result and own.args["section"] in context.names):
            result.append(own)
    return result if len(result) > 1 else [call]  # "a pre-chorus, 4 bars, busier than the verse": one call, all its values


def _said(call: ToolCall | None) -> dict:
    """A call's arguments the words gave ("" marks one they left out)."""
    return {k: v for k, v in call.args.items() if v != ""} if call is not None else {}


EVERY = re.compile(r"\b(all (?:three |two |four |the |of the |my )?(?:sections|parts)|every (?:section|part)|each (?:section|part)"
                   r"|everything|the whole (?:song|thing)|all of (?:it|them))\b", re.IGNORECASE)
EVERY_SECTION = {"edit_section", "harmonize_section", "refine_section"}


def _more_bar_ranges(call: ToolCall, step: str, context: SongContext, focus: str | None,
                     earlier: str | None) -> list[ToolCall]:
    """'rewrite bars 1-2 and 7-8 of the verse', 'the last 4 bars of the verse and the last 2 of
    the bridge': a rewrite for each further range after an 'and' (its section's, or the first's)."""
    more = []
    for part in re.split(r"\s+and\s+|,\s*", step)[1:]:
        if not re.search(r"\bbars?\b", part):  # "7-8 of the verse", "the last 2 of the bridge"
            part = re.sub(r"^\s*(\d+\s*(?:-|–|to|thru|through)\s*\d+)", r"bars \1", part)
            part = re.sub(rf"\b((?:last|first|final|opening)\s+{slots.NUMBER})\b", r"\1 bars", part, count=1)
        named = mentioned_sections(part, context)
        section = named[0] if named else call.args["section"]
        span = slots.bar_range(part, context.bars_of(section)) if re.search(r"\bbars?\b", part) else None
        extra = ToolCall("regenerate_bars", {"section": section, "start_bar": span[0], "end_bar": span[1]}) if span else None
        if extra is not None and extra != call and extra not in more:
            more.append(extra)
    return more
