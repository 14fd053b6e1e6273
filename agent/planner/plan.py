"""From a request to tool calls: split it into steps, find each step's intent, fill the
arguments from the words and the song. The same calls an LLM would make, from the same
registry (tools/registry.py), so the agent runs them the same way in every mode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from agent.planner import slots
from agent.planner.choices import Choice, picked, question
from agent.planner.corrections import correction
from agent.planner.intents import normalise, read_intent
from agent.planner.limits import limit_line
from agent.planner.understood import in_words
from song.model import Song
from song.roles import free_name, role_of
from tools.calls import ToolCall
from tools.moods import MOODS
from tools.refine_goals import GOAL_NAMES

STEP_SPLIT = re.compile(
    r"\s*(?:,?\s*\band then\b|,?\s*\bthen\b|;|\.\s+(?=[A-Za-z])|,?\s*\bafter that\b|,?\s*\band also\b|,?\s*\bafterwards\b|"
    r",?\s+\band\s+(?=(?:write|compose|make|add|harmoni[sz]e|critique|play|export|save|syncopate|transpose|undo|copy|call|name|title|apply|"
    r"arrange|find|load|refine|give|put|change|set|regenerate|rewrite|simplify|densify|vary|humani[sz]e|straighten|"
    r"invert|reverse|show|check|analy[sz]e|let me hear)\b)|,\s+(?=(?:then\s+)?(?:harmoni[sz]e|critique|play|export|"
    r"syncopate|transpose|undo|copy|save|add chords)\b))\s*", re.IGNORECASE)
STYLE_WORDS = ("irish", "scottish", "folk", "german", "chorale", "hymn", "baroque", "jig", "reel", "hornpipe", "fiddle",
               "american", "air")
HARMONY_STYLES = {"jazz": "jazzy", "jazzy": "jazzy", "pop": "pop", "folk": "folk", "simple": "simple", "basic": "simple"}


@dataclass(frozen=True)
class SongContext:
    """What the planner knows of the song: section names and lengths, tempo, the section
    last talked about ('it')."""

    sections: tuple[tuple[str, int], ...] = ()
    tempo: float | None = None
    focus: str | None = None
    fixes: tuple[ToolCall, ...] = ()  # the last critique's suggested fixes, in the order shown
    choices: tuple[Choice, ...] = ()  # what the last reply offered to choose from
    last_change: ToolCall | None = None  # the last call that changed the song, for "no, A minor" and "the same to the verse"

    @classmethod
    def of(cls, song: Song, focus: str | None = None, critique: Any = None, choices: tuple[Choice, ...] = (),
           last_change: ToolCall | None = None) -> "SongContext":
        fixes = tuple(ToolCall(f.suggestion.name, dict(f.suggestion.args))
                      for f in getattr(critique, "findings", ()) if f.suggestion is not None)
        return cls(tuple((s.name, s.bars) for s in song.sections), song.tempo if song.sections else None, focus, fixes,
                   choices, last_change)

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.sections]

    def bars_of(self, name: str | None) -> int | None:
        return next((bars for n, bars in self.sections if n == name), None)


@dataclass(frozen=True)
class Plan:
    calls: tuple[ToolCall, ...]
    answer: str | None = None  # a reply needing no tool (greetings, theory questions, a question back)
    choices: tuple[Choice, ...] = ()  # offered in the answer; the next request may pick one


def split_steps(text: str) -> list[str]:
    return [part.strip(" ,.") for part in STEP_SPLIT.split(text) if part and part.strip(" ,.")]


ACTIONS_ONLY = ("unknown", "chat", "theory", "details")
NOT_JOINED = ACTIONS_ONLY + ("apply_fix", "undo", "redo", "checkout")  # "..., can you fix that": one ask, not two


def joined_steps(step: str) -> list[str]:
    """'make the bridge busier and a bit more syncopated': two asks joined by 'and' (or a
    comma) without a verb the splitter knows. Split there when the reader is sure that each
    side asks for something different on its own; else the step stays whole."""
    for joint in (r"\s+and\s+", r",\s*"):
        parts = re.split(joint, step, maxsplit=1)
        if len(parts) != 2 or min(len(p.split()) for p in parts) < 2:
            continue
        readings = [read_intent(part) for part in parts]
        if all(sure and intent not in NOT_JOINED and not intent.startswith("limit:") for intent, sure, _ in readings) \
                and readings[0][0] != readings[1][0]:
            return [parts[0]] + joined_steps(parts[1])
    return [step]


def plan(text: str, context: SongContext = SongContext()) -> Plan:
    """The tool calls for one request (several for a multi-step one)."""
    from agent.planner.glossary import answer_question, small_talk

    normal = normalise(text)
    start = context
    if context.choices:  # the last reply asked: is this the answer?
        choice = picked(normal, context.choices)
        if choice is False:
            return Plan((), "OK, I left the song as it is.")
        if isinstance(choice, Choice):
            return Plan(choice.calls)
    corrected = correction(normal, context.last_change, context.names)
    if corrected is not None:
        return Plan(corrected[0], corrected[1])
    calls: list[ToolCall] = []
    focus = context.focus
    earlier: str | None = None  # the section an earlier step of this request worked on
    answers = []
    offered: tuple[Choice, ...] = ()
    limited = False  # a step no tool can do: the rest of the request is acted on only where clearly read
    for step in (piece for part in split_steps(normal) for piece in joined_steps(part)):
        intent, sure, second = read_intent(step)
        if intent.startswith("limit:"):
            answers.append(limit_line(intent))
            limited = True
            continue
        history_word = intent if intent in ("undo", "redo") else None
        if history_word and (slots.sections_mentioned(step, context.names) or slots.bar_range(step, None)):
            intent, sure = _rewrite_or_history(intent, step, context)
        if intent == "details":  # "Need a new chorus. 10 bars, A minor.": values for the step before
            composed = next((i for i in reversed(range(len(calls))) if calls[i].name == "compose_section"), None)
            if composed is not None:
                calls[composed] = ToolCall("compose_section", {**calls[composed].args, **_drop_none(_values(step, start))})
                continue
            intent = "unknown"
        if intent == "chat":
            answers.append(small_talk(step))
            continue
        if intent == "theory":
            answers.append(answer_question(step))
            continue
        if intent == "unknown":
            continue
        if intent == "complain":  # "the chorus is boring": which fix is the songwriter's call
            section = _section(step, context, focus)
            if section:
                offered = tuple(Choice(in_words(c), tuple(calls) + (c,)) for c in _fixes_for_a_complaint(section))
                answers.append(question(f"What should change in the {section}?", offered))
                break
            intent = "critique"
        if intent == "apply_fix":
            if context.fixes:
                calls.extend(context.fixes[i] for i in slots.which_fixes(step, len(context.fixes)))
            elif context.sections:  # a reopened session has no critique in memory: make it again
                calls.append(ToolCall("critique", {"target": "song"}))
                answers.append("I had no critique in mind for this version, so here it is again: say which fix to apply.")
            else:
                answers.append("There is nothing to fix yet: compose a section or /load a MIDI file first.")
            continue
        if intent == "export" and len(slots.paths(step)) > 1:  # "as song.mid and as song.wav"
            calls.extend(ToolCall("export_song", {"path": p}) for p in slots.paths(step))
            continue
        call = _call(intent, step, context, focus, earlier)
        if intent.startswith("refine") and call is None:  # no goal named: ask, never guess one
            section = _section(step, context, focus)
            offered = tuple(Choice(goal, tuple(calls) + (ToolCall("refine_section", {"section": section, "goal": goal}),))
                            for goal in GOAL_NAMES) if section else ()
            answers.append(question(f"What should get better in the {section}?", offered) if offered else
                           "What should get better? Compose a section first.")
            break
        if call is not None and call.name == "compose_section":
            same = next((i for i, c in enumerate(calls) if c.name == "compose_section" and c.args["section"] == call.args["section"]), None)
            if same is not None:  # "I want to write a song... Start with an 8-bar verse in D major": one verse, details merged
                again = call if call.args["section"] in start.names else _compose(step, start)
                calls[same] = ToolCall("compose_section", {**calls[same].args, **again.args})
                continue
        if limited and not sure:  # "here are my lyrics ... fit the melody to them": the words were about the lyrics
            continue
        doubt = _doubt(call, step, history_word, sure, start, second, focus, earlier) if call is not None else None
        if doubt is not None:  # a reading that would replace notes the words did not clearly name: ask
            intro, options = doubt  # a choice runs what the request asked before the doubtful step, too
            offered = tuple(Choice(c.label, tuple(calls) + c.calls) for c in options)
            answers.append(question(intro, offered))
            break
        if call is not None:
            calls.append(call)
            focus = earlier = call.args.get("section", focus)
            if call.name == "compose_section":  # later steps see the new section
                context = SongContext(context.sections + ((call.args["section"], call.args.get("bars", 8)),),
                                      context.tempo, focus, context.fixes)
    if offered:  # nothing runs while a question is open: the answer decides
        return Plan((), " ".join(answers), offered)
    if not calls and not answers:
        answers.append("I'm not sure what to do with that. Try e.g. \"write an 8-bar chorus in D minor\", "
                       "\"make the verse more syncopated\", \"harmonize the chorus\" or \"critique the song\".")
    return Plan(_song_settings_into_first_section(calls, start, normal), " ".join(answers) if answers else None)


def _fixes_for_a_complaint(section: str) -> tuple[ToolCall, ...]:
    """What a vague complaint about a section may call for, least destructive first."""
    return (ToolCall("critique", {"target": section}),
            ToolCall("refine_section", {"section": section, "goal": "catchier"}),
            ToolCall("edit_section", {"section": section, "operation": "vary"}),
            ToolCall("edit_section", {"section": section, "operation": "syncopate"}),
            ToolCall("edit_section", {"section": section, "operation": "densify"}),
            ToolCall("compose_section", {"section": section}))


REWRITE_WORDS = re.compile(r"\b(rewrite|re-?write|redo|re-?do|replace|redraft|start (it )?over|from scratch|again|another (take|version|go)"
                           r"|new ([\w-]+ )?(melody|tune|version|notes)|different ([\w-]+ )?(melody|tune|notes)|try again|scrap)\b", re.IGNORECASE)


def _rewrite_or_history(intent: str, step: str, context: SongContext) -> tuple[str, bool]:
    """'redo the final 4 bars' rewrites bars; 'redo the verse in A minor' rewrites the verse;
    'redo the verse' alone could be either that or the history's redo: 'compose', unsure."""
    if slots.bar_range(step, None) or slots.bar_range(step, 8):
        return "regenerate", True
    named_more = slots.key(step) or slots.bar_count(step) or slots.meter(step) or re.search(r"\b(melody|tune|notes)\b", step, re.IGNORECASE)
    return "compose", bool(named_more)


def _doubt(call: ToolCall, step: str, history_word: str | None, sure: bool, context: SongContext, second: str,
           focus: str | None, earlier: str | None) -> tuple[str, tuple[Choice, ...]] | None:
    """A question and its choices when `call` would replace notes the words did not clearly
    name; None when the reading is clear enough to act on. `history_word`: the step said
    "undo" or "redo", which may have meant the history. `second`: the reader's runner-up
    intent, offered beside its first reading when it was unsure."""
    section = call.args.get("section")
    existing = section in context.names
    if call.name == "compose_section" and existing:
        clear = sure and REWRITE_WORDS.search(step) and section in slots.sections_mentioned(step, context.names)
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
    destructive = call.name in ("regenerate_bars", "edit_section", "refine_section", "set_song", "undo", "redo") or (
        call.name == "compose_section" and existing)
    if not sure and destructive:
        options = [Choice(in_words(call), (call,))]
        other = _call(second, step, context, focus, earlier) if second not in ("unknown", "chat", "theory", "details") else None
        if other is not None and other != call and not second.startswith("limit:"):
            options.append(Choice(in_words(other), (other,)))
        return "I'm not sure I understood. Did you mean:", tuple(options)
    return None


def _song_settings_into_first_section(calls: list[ToolCall], start: SongContext, text: str) -> tuple[ToolCall, ...]:
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


def _section(step: str, context: SongContext, focus: str | None, default: str | None = None) -> str | None:
    mentioned = slots.sections_mentioned(step, context.names)
    if mentioned:
        return mentioned[0]
    if re.search(r"\b(it|that|this|the melody|the tune|the section)\b", step, re.IGNORECASE) and focus:
        return focus
    return focus or default or (context.names[-1] if context.names else None)


def _named_or_it(step: str, context: SongContext, earlier: str | None) -> str | None:
    """A section the words name, or the one 'it' refers to when an earlier step of the same
    request worked on one ("harmonize the chorus and play it"); None means the whole song."""
    mentioned = slots.sections_mentioned(step, context.names)
    if mentioned:
        return mentioned[0]
    if earlier and re.search(r"\b(it|that|this)\b", step, re.IGNORECASE):
        return earlier
    return None


def _new_section_name(step: str, context: SongContext) -> str:
    mentioned = slots.sections_mentioned(step, context.names)
    if mentioned:
        name = mentioned[0]
        if re.search(rf"\banother\s+{re.escape(name)}\b", step, re.IGNORECASE):
            return free_name(name, context.names)
        return name
    roles = {role_of(name) for name in context.names}  # "Verse 1" is a verse: the next new section is a chorus
    return "verse" if "verse" not in roles else "chorus" if "chorus" not in roles else "bridge"


def _drop_none(args: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in args.items() if v is not None}


def _call(intent: str, step: str, context: SongContext, focus: str | None, earlier: str | None) -> ToolCall | None:
    lowered = step.lower()
    if intent == "undo" or intent == "redo":
        count = re.search(rf"\b{slots.NUMBER}\s+(?:steps?|times|versions?|changes?)\b", lowered)
        steps = slots.number(count.group(1)) if count else None
        return ToolCall(intent, _drop_none({"steps": steps if steps and steps > 1 else None}))
    if intent == "checkout":
        version = re.search(r"\b(?:v|version|take|number|#)\s*(\d+)\b", lowered)
        return ToolCall("checkout", {"version": int(version.group(1))}) if version else None
    if intent == "load":
        return ToolCall("load_midi", _drop_none({"path": slots.path(step), "section": (slots.sections_mentioned(step, context.names) or [None])[0]}))
    if intent == "export":
        path = slots.path(step)
        if path is None:
            fmt = "wav" if re.search(r"\b(wav|audio)\b", lowered) else "musicxml" if re.search(r"\b(musicxml|xml|score|sheet)\b", lowered) else "mid"
            path = f"song.{fmt}"
        return ToolCall("export_song", {"path": path})
    if intent == "play":
        return ToolCall("play", _drop_none({"section": _named_or_it(step, context, earlier)}))
    if intent == "critique":
        return ToolCall("critique", {"target": slots.path(step) or _named_or_it(step, context, earlier) or "song"})
    if intent == "references":
        return _references(step, context)
    if intent.startswith("refine"):
        goal = intent.split(":", 1)[1] if ":" in intent else None
        return ToolCall("refine_section", {"section": _section(step, context, focus), "goal": goal}) if goal else None
    if intent == "load_reference":
        piece = slots.reference_id(step)
        return ToolCall("load_reference", _drop_none({"id": piece, "section": _named_new_section(step, context)})) if piece else None
    if intent == "harmonize":
        style = next((v for k, v in HARMONY_STYLES.items() if re.search(rf"\b{k}\b", lowered)), None)
        return ToolCall("harmonize_section", _drop_none({"section": _section(step, context, focus), "style": style}))
    if intent == "copy":
        mentioned = slots.sections_mentioned(step, context.names)
        if len(mentioned) >= 2:
            return ToolCall("copy_section", {"source": mentioned[0], "target": mentioned[1]})
        source = mentioned[0] if mentioned else focus
        return ToolCall("copy_section", {"source": source, "target": f"{source} 2" if source else None})
    if intent == "arrange":
        form = _form(step, context)
        return ToolCall("arrange_song", {"form": form}) if form else None
    if intent == "regenerate":
        section = _section(step, context, focus)
        span = slots.bar_range(step, context.bars_of(section))
        if span is None:  # "a new chorus with 4 bars": a whole new section
            return _compose(step, context)
        return ToolCall("regenerate_bars", {"section": section, "start_bar": span[0], "end_bar": span[1]})
    if intent == "set_title":
        match = re.search(r"(?:call (?:it|the song)|title(?: it)?|name the song|rename the song)(?: to)?\s+[\"']?(.+?)[\"']?$", step, re.IGNORECASE)
        return ToolCall("set_song", {"title": match.group(1).strip()}) if match else None
    if intent == "set_meter":
        meter = slots.meter(step) or ("3/4" if "waltz" in lowered else "2/4" if "march" in lowered else "6/8" if "jig" in lowered else None)
        return ToolCall("set_song", {"meter": meter}) if meter else None
    if intent == "set_tempo":
        tempo = slots.tempo(step, context.tempo)
        return ToolCall("set_song", {"tempo": tempo}) if tempo else None
    if intent == "set_key":
        key = slots.key(step)
        return ToolCall("set_song", {"key": key}) if key else None
    if intent.startswith("edit:"):
        operation = intent.split(":", 1)[1]
        section = _section(step, context, focus)
        args: dict[str, Any] = {"section": section, "operation": operation, "amount": slots.amount(step)}
        if operation == "transpose":
            args["semitones"] = slots.semitones(step)
        return ToolCall("edit_section", _drop_none(args))
    if intent == "compose":
        return _compose(step, context)
    return None


def _compose(step: str, context: SongContext) -> ToolCall:
    return ToolCall("compose_section", _drop_none({"section": _new_section_name(step, context), **_values(step, context),
                                                   "like": slots.reference_id(step)}))


def _values(step: str, context: SongContext) -> dict[str, Any]:
    """The values a compose step (or a fragment after it: "10 bars, A minor") names."""
    lowered = step.lower()
    empty = not context.sections
    return {
        "bars": slots.bar_count(step),
        "key": slots.key(step),  # a non-empty song takes its own key or the relative (the tool says so)
        "meter": slots.meter(step) if empty else None,
        "tempo": slots.tempo(step, None) if empty else None,
        "style": next((w for w in STYLE_WORDS if re.search(rf"\b{w}s?\b", lowered)), None),
        "mood": next((w for w in MOODS if re.search(rf"\b{w}\b", lowered)), None),
    }


def _named_new_section(step: str, context: SongContext) -> str | None:
    """'use that reference as the bridge b': the name the words give a new section, if any."""
    match = re.search(r"\b(?:as|into|called|named)\s+(?:the\s+|a\s+|my\s+)?([\w-]+(?:\s+\d+|\s+[a-h])?)\s*$", step, re.IGNORECASE)
    return match.group(1).lower() if match else None


def _references(step: str, context: SongContext) -> ToolCall:
    lowered = step.lower()
    like = None
    match = re.search(r"\b(?:like|similar to|sounds? like|resembl\w*)\s+(?:my\s+|the\s+|our\s+)?(.+)$", lowered)
    if match:
        mentioned = slots.sections_mentioned(match.group(1), context.names)
        like = mentioned[0] if mentioned else None
    query = None
    if like is None:
        query = re.sub(r"^(?:please\s+)?(?:can you\s+)?(?:find|search(?: for)?|look(?:ing)? for|show me|suggest|recommend)\s+(?:me\s+)?(?:some\s+)?", "", step, flags=re.IGNORECASE)
        query = re.sub(r"\s+for (ideas|inspiration)\b.*$", "", query, flags=re.IGNORECASE).strip() or step
    return ToolCall("find_references", _drop_none({"query": query, "like": like, "k": slots.count(step)}))


def _form(step: str, context: SongContext) -> list[str]:
    after = re.split(r"\b(?:form|structure|order|arrange(?: the song)?(?: as)?|to|:)\b", step, maxsplit=1, flags=re.IGNORECASE)
    text = after[-1] if len(after) > 1 else step
    return slots.sections_mentioned(text, context.names)
