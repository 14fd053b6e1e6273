"""Calls whose words leave a value to the songwriter: "speed it up a bit" (how much?),
"change the chords" (which style?), "add a new section" (which?), "export it" (which file?),
"redo it" with nothing undone, "bars 9-12" of a 4-bar bridge, "play it" in an empty song.
The planner asks, with numbered choices where there are a few to pick from, instead of
guessing. Each choice runs what the request asked before this step, too (`before`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.planner import slots
from agent.planner.arguments import NAMED
from agent.planner.choices import Choice, question
from agent.planner.context import SongContext
from agent.planner.missing import question_for_call
from song.roles import free_name
from tools.calls import ToolCall

STYLE_HINTS = {"simple": "I IV V vi", "pop": "as pop songs have them: sus2, sevenths, bVII", "folk": "bVII, V/V", "jazzy": "sevenths"}  # tools/chord_vocabulary.py
PART_OF = re.compile(r"\b(?:some of|part of|parts of|a few (?:bars|notes) (?:of|in)|bits of|not (?:all|the whole)|only some"
                     r"|(?:the\s+)?(?:bad|weak|boring|wrong|worst|dull)\s+(?:bars?|parts?|bits?))\b", re.IGNORECASE)  # "rewrite the bad bars in the verse"
WHOLE_SONG = re.compile(r"\b(?:as|over|replac\w*|instead of)\s+(?:the|my|this)\s+(?:whole\s+|entire\s+)?song\b", re.IGNORECASE)
NEW_SECTION_KINDS = ("intro", "pre-chorus", "bridge", "outro")


@dataclass(frozen=True)
class Step:
    """One step's call with what the questions look at: its words, the song, the calls the
    request made before it, the sections the words name, and the one "it" means."""

    call: ToolCall
    words: str
    context: SongContext
    before: tuple[ToolCall, ...]
    said: tuple[str, ...]
    focus: str | None


@dataclass(frozen=True)
class Asked:
    """A question back; `choices` empty when it asks for a value to type ("which bars?")."""

    text: str
    choices: tuple[Choice, ...] = ()


def open_question(step: Step) -> Asked | None:
    """The question the step's call needs answered before it runs; None when the words settle it."""
    for check in (_nothing_to_redo, _how_much_tempo, _which_new_section, _which_chord_style, _which_value, _bars_past_the_end,
                  _empty_song, _which_bars, _import_how):
        asked = check(step)
        if asked is not None:
            return asked
    return None


def _offer(intro: str, options: list[tuple[str, ToolCall]], before: tuple[ToolCall, ...]) -> Asked:
    choices = tuple(Choice(label, before + (call,)) for label, call in options)
    return Asked(question(intro, choices), choices)


def _nothing_to_redo(step: Step) -> Asked | None:
    call, context = step.call, step.context
    if call.name != "redo" or context.can_redo is not False:
        return None  # "redo it" with nothing undone: a rewrite, maybe
    section = (step.said or (step.focus,))[0]
    if section not in context.names:
        return Asked("There is nothing to redo: nothing was undone since the last change.")
    return _offer("Nothing was undone, so there is nothing to redo. Did you mean:", [(
        f"write a new melody for the {section} (its notes are replaced; undo brings them back)",
        ToolCall("compose_section", {"section": section}))], step.before)


def _how_much_tempo(step: Step) -> Asked | None:
    call, words, context = step.call, step.words, step.context
    if call.name != "set_song" or not context.tempo or call.args.get("tempo") not in slots.vaguely_faster_or_slower(context.tempo) \
            or re.search(r"\d|\b(?:ten|twenty|double|half|halve|twice)\b", slots.digits(words), re.IGNORECASE):
        return None  # "speed it up a bit", no number said: how much is the songwriter's call
    sign = 1 if call.args["tempo"] > context.tempo else -1
    return _offer(f"How much {'faster' if sign > 0 else 'slower'}? It is at {context.tempo:g} bpm now.", [
        (f"{context.tempo + sign * bpm:g} bpm", ToolCall("set_song", {**call.args, "tempo": context.tempo + sign * bpm}))
        for bpm in (5, 10, 20)], step.before)


def _which_new_section(step: Step) -> Asked | None:
    call, words, context = step.call, step.words, step.context
    if call.name != "compose_section" or step.said or not context.sections or NAMED.search(words) or not re.search(
            r"\b(?:a|another|one more|new)\s+(?:new\s+)?(?:section|part)\b", words, re.IGNORECASE):
        return None  # "add a new section"
    kinds = [free_name(kind, context.names) for kind in NEW_SECTION_KINDS]
    return _offer("Which section should I add?", [(f"a new {kind}", ToolCall("compose_section", {**call.args, "section": kind}))
                                                   for kind in kinds], step.before)


def _which_chord_style(step: Step) -> Asked | None:
    call, words = step.call, step.words
    if call.name != "harmonize_section" or "style" in call.args or not re.search(
            r"\b(?:change|different|other|another|new|not like|swap|redo|switch)\b", words, re.IGNORECASE):
        return None  # "change the chords on the chorus"
    return _offer(f"New chords for the {call.args['section']} in which style?", [
        (f"{style} chords ({hint})", ToolCall("harmonize_section", {**call.args, "style": style})) for style, hint in STYLE_HINTS.items()],
        step.before)


def _which_value(step: Step) -> Asked | None:
    call = step.call
    asked = question_for_call(call)  # "load my midi": which file?
    if asked is None:
        return None
    if call.name == "export_song":  # "export it": which file, with the usual ones to pick from
        return _offer("Which file should I write?", [(name, ToolCall("export_song", {"path": name}))
                                                      for name in ("song.mid", "song.wav", "song.musicxml")], step.before)
    return Asked(asked)


def _bars_past_the_end(step: Step) -> Asked | None:
    call, context = step.call, step.context
    length = context.bars_of(call.args.get("section")) if call.name == "regenerate_bars" else None
    if not length or call.args["end_bar"] <= length:
        return None  # "bars 9-12 of the bridge" in a 4-bar bridge
    return Asked(f"The {call.args['section']} has {length} bars: which of bars 1-{length} should I rewrite?")


def _empty_song(step: Step) -> Asked | None:
    call, context = step.call, step.context
    if call.name not in ("play", "export_song") or context.sections or any(
            c.name in ("load_midi", "load_reference", "compose_section") for c in step.before):  # "load demo.mid then export it"
        return None  # nothing to play or write yet
    return Asked("The song is empty: what should I write first? (e.g. \"an 8-bar verse in A minor\", or /load a MIDI file)")


def _which_bars(step: Step) -> Asked | None:
    call, words, context = step.call, step.words, step.context
    section = call.args.get("section")
    if call.name != "compose_section" or section not in context.names or not PART_OF.search(words):
        return None  # "rewrite some of the verse, not all of it": which bars (the usual spans offered; any can be typed)
    bars = context.bars_of(section) or 8
    half = max(1, bars // 2)
    spans = dict.fromkeys([(1, half), (half + 1, bars), (max(1, bars - 1), bars)])
    return _offer(f"Which bars of the {section} should I rewrite? (the rest stays as it is)", [
        (f"bars {start}-{end}", ToolCall("regenerate_bars", {"section": section, "start_bar": start, "end_bar": end}))
        for start, end in spans if start < end], step.before)


def _import_how(step: Step) -> Asked | None:
    call, words, context = step.call, step.words, step.context
    if call.name != "load_midi" or "section" in call.args or not context.sections or step.before or WHOLE_SONG.search(words):
        return None  # "import riff.mid as the whole song": said; "load a.mid" over a song: replace it, or add a section?
    path = call.args["path"]
    stem = re.sub(r"[^\w -]+", " ", path.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]).strip().lower()
    name = free_name(stem or "imported", context.names)
    count = f"{len(context.sections)} section{'s' if len(context.sections) > 1 else ''}"
    return _offer(f"The song already has {count}. Import {path} how?", [
        (f"replace the whole song with {path} (undo brings it back)", call),
        (f"add it as a new section, '{name}'", ToolCall("load_midi", {**call.args, "section": name}))], step.before)
