"""When a reading would replace notes the words did not clearly name ("redo the verse",
"rewrite the bridge but keep the good parts", an unsure reading of "mirror the verse"): the
question to ask and its numbered choices, instead of acting on a guess."""

from __future__ import annotations

import re

from agent.planner import slots
from agent.planner.arguments import call_for, mentioned_sections
from agent.planner.choices import Choice
from agent.planner.context import SongContext
from agent.planner.missing import question_for_call
from agent.planner.understood import in_words
from song.roles import free_name
from tools.calls import ToolCall


def fixes_for_a_complaint(section: str) -> tuple[ToolCall, ...]:
    """What a vague complaint about a section may call for, least destructive first."""
    return (ToolCall("critique", {"target": section}),
            ToolCall("refine_section", {"section": section, "goal": "catchier"}),
            ToolCall("edit_section", {"section": section, "operation": "vary"}),
            ToolCall("edit_section", {"section": section, "operation": "syncopate"}),
            ToolCall("edit_section", {"section": section, "operation": "densify"}),
            ToolCall("compose_section", {"section": section}))


REWRITE_WORDS = re.compile(  # words that clearly mean new notes for a whole section
    r"\b(rewrite|re-?write|replace|redraft|start (it )?over|from scratch|scrap|throw (it )?out|brand[- ]new|fresh (one|melody|take)"
    r"|new ([\w-]+ )?(melody|tune|version|notes)|different ([\w-]+ )?(melody|tune|notes))\b", re.IGNORECASE)
KEEP_SOME = re.compile(r"\b(?:keep|save|leave)\b.{0,20}\b(?:good|best|nice|cool|strong)\b", re.IGNORECASE)  # not a whole rewrite
AGAIN_WORDS = re.compile(r"\b(redo|re-?do|again|another (take|version|go)|try again)\b", re.IGNORECASE)  # clear only with new values


def rewrite_or_history(intent: str, step: str, context: SongContext) -> tuple[str, bool]:
    """'redo the final 4 bars' rewrites bars; 'redo the verse in A minor' rewrites the verse;
    'redo the verse' alone could be either that or the history's redo: 'compose', unsure."""
    if slots.bar_range(step, None) or slots.bar_range(step, 8):
        return "regenerate", True
    named_more = slots.key(step) or slots.bar_count(step) or slots.meter(step) or re.search(r"\b(melody|tune|notes)\b", step, re.IGNORECASE)
    return "compose", bool(named_more)


def doubt(call: ToolCall, step: str, history_word: str | None, sure: bool, context: SongContext, second: str,
           focus: str | None, earlier: str | None) -> tuple[str, tuple[Choice, ...]] | None:
    """A question and its choices when `call` would replace notes the words did not clearly
    name; None when the reading is clear enough to act on. `history_word`: the step said
    "undo" or "redo", which may have meant the history. `second`: the reader's runner-up
    intent, offered beside its first reading when it was unsure."""
    section = call.args.get("section")
    existing = section in context.names
    another = re.search(r"\b(?:try|give me|do|have)\s+another\s+([\w-]+)\b", step, re.IGNORECASE)
    if call.name == "compose_section" and not existing and another and another.group(1).lower() in context.names:
        old = another.group(1).lower()  # "try another chorus": a new take of the chorus, or a second chorus?
        return f"Another {old}:", (Choice(f"write a new melody for the {old} (its notes are replaced; undo brings them back)",
                                          (ToolCall("compose_section", {**call.args, "section": old}),)),
                                   Choice(f"add a new section, '{section}'", (call,)))
    if call.name == "compose_section" and existing and call.args.get("style") and not slots.key(step) and not slots.bar_count(step) \
            and re.search(r"\b(?:more|like an?|sound|feel)\b", step, re.IGNORECASE):
        style = call.args["style"]  # "make the chorus more like a pop chorus": new notes, or only the norms?
        return f"Make the {section} more {style}:", (
            Choice(f"write a new {style} melody for the {section} (any chords it has are kept; undo brings the old one back)", (call,)),
            Choice(f"hold the song to {style} norms in the critique (no note changes)", (ToolCall("set_song", {"style": style}),)))
    if call.name == "compose_section" and existing:
        named_values = slots.key(step) or slots.bar_count(step) or slots.meter(step) or call.args.get("mood") or call.args.get("style")
        clear = sure and section in mentioned_sections(step, context) and not KEEP_SOME.search(step) and (
            REWRITE_WORDS.search(step) or (AGAIN_WORDS.search(step) and named_values))
        if clear:
            return None
        other = free_name(section, context.names)
        choices = (Choice(f"write a new melody for the {section} (its notes are replaced; undo brings them back)", (call,)),
                   Choice(f"add a new section, '{other}'", (ToolCall("compose_section", {**call.args, "section": other}),)))
        if history_word:
            choices = choices[:1] + (Choice(f"{history_word} the last change (the history's {history_word})", (ToolCall(history_word, {}),)),)
        return f"The song already has a {section}. Did you mean:", choices
    if call.name == "regenerate_bars" and existing and (call.args.get("start_bar"), call.args.get("end_bar")) == (1, context.bars_of(section)) \
            and not slots.bar_range(step, context.bars_of(section)):
        return f"That would rewrite all of the {section}. Did you mean:", (Choice(f"rewrite the whole {section}", (call,)),)
    written = call.name == "set_song" and all(  # "set tempo 128, key E minor, 4/4": the values are the words' own
        (k != "key" or slots.key(step)) and (k != "meter" or slots.meter(step)) for k in call.args)
    destructive = (call.name in ("regenerate_bars", "edit_section", "refine_section", "undo", "redo")  # (not a section
                   and (section is None or existing)) or (  # this very request made: nothing of the user's is in it yet)
        call.name == "compose_section" and existing) or (call.name == "set_song" and bool({"key", "meter"} & set(call.args)) and not written)
    span = slots.bar_range(step, context.bars_of(section)) if call.name == "regenerate_bars" and existing else None
    if span and span != (1, context.bars_of(section)) and second in ("compose", "regenerate") and section in mentioned_sections(step, context):
        return None  # "first four bars of the verse need new ideas": the bars are named; the rest stays
    if call.name == "edit_section" and re.search(rf"\b{call.args.get('operation', '')[:6]}", step, re.IGNORECASE):
        return None  # "strip the bridge down. simplify, amount 0.8": the edit is named by its own name
    if call.name == "refine_section" and slots.refine_goal(step) == call.args.get("goal") and re.search(r"\b(?:fix|improve|better|make)\b", step, re.I):
        return None  # "fix the cadence": the goal is named
    unnamed = call.name == "regenerate_bars" and section not in mentioned_sections(step, context) and not re.search(
        r"\b(?:it|its|that|this|them|those)\b", step, re.IGNORECASE)
    if unnamed and not earlier and not context.choices:  # "the notes in bar 2 are wrong": bar 2 of which section? (the one last worked on, if they say so)
        return f"Bar{'s' if call.args['start_bar'] != call.args['end_bar'] else ''} of which section?", (Choice(in_words(call), (call,)),)
    if not sure and destructive:
        options = [Choice(in_words(call), (call,))]
        other = call_for(second, step, context, focus, earlier) if second not in ("unknown", "chat", "theory", "details") else None
        if other is not None and other != call and not second.startswith("limit:") and not question_for_call(other):
            options.append(Choice(in_words(other), (other,)))
        return "I'm not sure I understood. Did you mean:", tuple(options)
    return None
