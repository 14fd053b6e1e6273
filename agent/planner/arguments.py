"""From a step's intent and its words to a tool call: which section, which bars, which key,
and every other argument, read by the normalisers in slots.py. None when the words do not
give what the tool needs (the planner then asks, or says what it could not do)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from agent.planner import slots
from agent.planner.context import SongContext
from song.export import FORMATS_BY_SUFFIX
from song.roles import free_name, role_of
from tools.calls import ToolCall
from tools.moods import MOODS

STYLE_WORDS = ("pop", "irish", "scottish", "folk", "german", "chorale", "hymn", "baroque", "jig", "reel", "hornpipe", "fiddle",
               "american", "air")
HARMONY_STYLES = {"jazz": "jazzy", "jazzy": "jazzy", "jazzier": "jazzy", "poppier": "pop", "folkier": "folk", "simpler": "simple", "sevenths?": "jazzy", "seventh chords": "jazzy", "7ths?": "jazzy",
                  "extended": "jazzy", "pop": "pop", "folky?": "folk", "campfire": "folk", "simple": "simple", "basic": "simple"}


SECTION_LETTERS = {"V": "verse", "C": "chorus", "B": "bridge", "I": "intro", "O": "outro", "P": "pre-chorus"}
ROLE_ALIASES = {"hook": "chorus", "refrain": "chorus", "middle eight": "bridge", "middle 8": "bridge"}


def mentioned_sections(step: str, context: SongContext) -> list[str]:
    """The sections the words name; 'the hook' is the chorus in a song that has a chorus and no hook."""
    names = slots.sections_mentioned(step, context.names)
    names = [n for n in names if n not in ROLE_ALIASES or n in context.names  # "give it a hook": a hook, not the chorus
             or not re.search(rf"\b(a|an|some|more of a)\s+{re.escape(n)}\b", step, re.IGNORECASE)]
    return [ROLE_ALIASES[n] if n not in context.names and ROLE_ALIASES.get(n) in context.names else n for n in names]


def section_of(step: str, context: SongContext, focus: str | None, default: str | None = None) -> str | None:
    mentioned = mentioned_sections(step, context)
    if mentioned:
        return mentioned[0]
    if re.search(r"\b(it|that|this|the melody|the tune|the section|the copy|the new one)\b", step, re.IGNORECASE) and focus:
        return focus
    return focus or default or (context.names[-1] if context.names else None)


def _named_or_it(step: str, context: SongContext, earlier: str | None) -> str | None:
    """A section the words name, or the one 'it' refers to: the section an earlier step of the
    same request worked on ("harmonize the chorus and play it"), else the one last worked on;
    None means the whole song."""
    mentioned = mentioned_sections(step, context)
    if mentioned:
        return mentioned[0]
    if re.search(r"\b(it|that|this)\b(?!\s+(?:song|whole|track|tune))", step, re.IGNORECASE) and not re.search(
            r"\b(whole|entire|all of it|it all|the song|everything|top)\b", step, re.IGNORECASE):
        return earlier or context.focus
    return None


NAMED = re.compile(r"\b(?:called|named|titled)\s+[\"']?([\w][\w '-]{0,30}?)[\"']?\s*(?:$|[,.;]|\b(?:with|in|and|use|using|at)\b)", re.IGNORECASE)


QUOTED_NAME = re.compile(r"(?:\b(?:a|an|new)\s+|\d+[- ]bars?\s+)['\"‘“]([\w][\w '-]{0,30}?)['\"’”](?=\s|$|[,.;:!?])", re.IGNORECASE)


def _new_section_name(step: str, context: SongContext) -> str:
    named = NAMED.search(re.sub(r"\b(?:song|track|tune)\s+(?:called|named|titled)\s+\S+(?:\s+\S+)?", "", step, flags=re.IGNORECASE))
    if named:  # "a section called solo"
        return named.group(1).strip().lower()
    quoted = QUOTED_NAME.search(step)
    if quoted and not mentioned_sections(quoted.group(1), context):  # "film cue sketch: 4-bar 'motif' in d minor"
        return quoted.group(1).strip().lower()
    mentioned = mentioned_sections(step, context)
    if mentioned:
        name = mentioned[0]
        if re.search(rf"\banother\s+{re.escape(name)}\b", step, re.IGNORECASE):
            return free_name(name, context.names)
        return name
    roles = {role_of(name) for name in context.names}  # "Verse 1" is a verse: the next new section is a chorus
    return "verse" if "verse" not in roles else "chorus" if "chorus" not in roles else "bridge"


def drop_none(args: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in args.items() if v is not None}


def call_for(intent: str, step: str, context: SongContext, focus: str | None, earlier: str | None) -> ToolCall | None:
    lowered = step.lower()
    if intent == "undo" or intent == "redo":
        steps = slots.times(step)
        return ToolCall(intent, drop_none({"steps": steps if steps and steps > 1 else None}))
    if intent == "checkout":
        version = re.search(rf"\b(?:v|version|take|number|#)\s*(\d+|{slots.NUMBER[1:-1]})\b", lowered)
        number = slots.number(version.group(1)) if version else None
        return ToolCall("checkout", {"version": number}) if number else None
    if intent in ("load", "export") and slots.path(step):  # "drag in my bounce from idea4.mid"; "make me ballad.mid"
        if intent == "load" and re.search(r"\b(?:overwrite|write over|save over)\b", lowered):
            intent = "export"  # "overwrite ~/band/demo.mid with the current version"
        direction = re.search(r"\b(from|in|import|open|load)\b|\b(to|as|into a file|export|save|write|make me|render)\b", lowered)
        if direction and intent == "export" and direction.group(1) and re.search(r"\bfrom\s+\S*\.(mid|midi)\b", lowered):
            intent = "load"
    if intent == "load":
        named = (slots.sections_mentioned(step, context.names) or [None])[0]
        after_path = re.split(r",|\bthen\b|\band\b", step[step.find(slots.path(step) or ""):], maxsplit=1)[0]  # "... into inspo, then ..."
        into = None if named else _named_new_section(after_path, context)
        section = named or (into if into and not re.search(r"\bsong\b", into) else None)
        return ToolCall("load_midi", drop_none({"path": slots.path(step), "section": section}))
    if intent == "export":
        path = slots.path(step)
        fmt = "wav" if re.search(r"\b(wav|audio)\b", lowered) else "musicxml" if re.search(r"\b(musicxml|xml|score|sheet)\b", lowered) \
            else "mid" if re.search(r"\bmidi?\b", lowered) else None
        if path is None:  # "export it as a wav": song.wav; "export it": which file? (asked)
            path = f"song.{fmt}" if fmt else ""
        said = {"mid": "midi"}.get(fmt, fmt) if slots.path(step) else None  # "as musicxml to take.mid": the words win
        implied = FORMATS_BY_SUFFIX.get(Path(path).suffix.lower())
        return ToolCall("export_song", drop_none({"path": path, "format": said if said != implied else None, "force": slots.force(step)}))
    if intent == "play":
        return ToolCall("play", drop_none({"section": _named_or_it(step, context, earlier)}))
    if intent == "critique":
        if slots.path(step) is None and re.search(r"\b(?:my|this|a|the)\s+(?:midi\s+)?(?:file|midi|\.mid)\b", lowered):
            return ToolCall("critique", {"target": ""})  # "critique my midi file": which file? (asked, never guessed)
        return ToolCall("critique", {"target": slots.path(step) or _named_or_it(step, context, earlier) or "song"})
    if intent == "references":
        return _references(step, context, earlier or focus)
    if intent.startswith("refine"):
        goal = intent.split(":", 1)[1] if ":" in intent else slots.refine_goal(step)  # "fix the cadence": the goal the words name
        return ToolCall("refine_section", {"section": section_of(step, context, earlier or focus), "goal": goal}) if goal else None
    if intent == "load_reference":
        piece = slots.reference_id(step)
        return ToolCall("load_reference", drop_none({"id": piece, "section": _named_new_section(step, context)})) if piece else None
    if intent == "harmonize":
        style = next((v for k, v in HARMONY_STYLES.items() if re.search(rf"\b{k}\b", lowered)), None)
        return ToolCall("harmonize_section", drop_none({"section": section_of(step, context, earlier or focus), "style": style}))
    if intent == "copy":
        after = re.split(r"\b(?:copy|duplicate|dupe|clone)\b", step, maxsplit=1, flags=re.IGNORECASE)[-1]  # "I want a second verse
        mentioned = list(dict.fromkeys(mentioned_sections(after, context) + mentioned_sections(step, context)))  # ..., copy the verse"
        quoted = QUOTED_NAME.search(step)
        if mentioned and quoted and re.search(r"\bcopy of\b", step, re.IGNORECASE) and quoted.group(1).lower() not in mentioned:
            return ToolCall("copy_section", {"source": mentioned[0], "target": quoted.group(1).strip().lower()})  # "a 'combat loop' copy of the chorus"
        if len(mentioned) >= 2:  # "copy the verse to verse 2"; "an outro that starts as a copy of the chorus"
            copied = re.search(rf"\bcopy of\s+(?:the\s+|my\s+)?({'|'.join(re.escape(m) for m in mentioned)})\b", lowered)
            source = copied.group(1) if copied else mentioned[0]
            return ToolCall("copy_section", {"source": source, "target": next(m for m in mentioned if m != source)})
        source = mentioned[0] if mentioned and mentioned[0] in context.names else focus
        named = re.search(r"\b(?:as|to|into|called|named)\s+(?:the\s+|a\s+|an\s+)?(?:(?:new\s+)?(?:section|part)\s+(?:called|named)\s+)?"
                          r"[\"']?([\w][\w '-]{0,30}?)[\"']?\s*$", step, re.IGNORECASE)
        target = named.group(1).lower() if named and named.group(1).lower() != source else None
        if mentioned and target is None and re.search(rf"\bcopy of\s+(?:the\s+)?{re.escape(mentioned[0])}", lowered):
            return None
        return ToolCall("copy_section", {"source": source, "target": target or (free_name(source, context.names) if source else None)})
    if intent == "arrange":
        form = _form(step, context)
        return ToolCall("arrange_song", {"form": form}) if form else None
    if intent == "regenerate":
        section = section_of(step, context, earlier or focus)
        span = slots.bar_range(step, context.bars_of(section))
        if span is None and section in context.names and re.search(r"\b(?:some|a few|a couple(?: of)?|certain|several|those|the)\s+bars\b", step, re.I):
            return ToolCall("regenerate_bars", {"section": section, "start_bar": "", "end_bar": ""})  # "rewrite some bars": which? (asked)
        if span is None:  # "a new chorus with 4 bars": a whole new section
            return compose_call(step, context)
        return ToolCall("regenerate_bars", {"section": section, "start_bar": span[0], "end_bar": span[1]})
    if intent == "set_title":
        title = _title(step)
        return ToolCall("set_song", {**song_settings(step, context), "title": title}) if title else None
    if intent in ("set_meter", "set_tempo", "set_key"):  # every song setting the step names: "in G, tempo 104, title 'X'"
        values = {**song_settings(step, context), "title": _title(step)}
        if intent == "set_meter":
            values.setdefault("meter", "3/4" if "waltz" in lowered else "2/4" if "march" in lowered else "6/8" if "jig" in lowered else None)
        if intent == "set_tempo" and "tempo" not in values:
            bare = re.search(r"\b(\d{2,3})\b(?!\s*(?:bars?|%|semitones?))", slots.digits(lowered))
            values["tempo"] = slots.tempo(step, context.tempo) or (float(bare.group(1)) if bare and 30 <= int(bare.group(1)) <= 260 else None)
        values = drop_none(values)
        return ToolCall("set_song", values) if intent.split("_")[1] in values else None
    if intent.startswith("edit:"):
        operation = intent.split(":", 1)[1]
        section = section_of(step, context, earlier or focus)
        args: dict[str, Any] = {"section": section, "operation": operation, "amount": slots.amount(step), "seed": slots.seed(step)}
        if operation == "transpose":  # an interval, never a strength; "" marks one the words left out (asked for)
            args["semitones"], args["amount"] = slots.semitones(step) or "", None
        if operation == "invert":
            args["axis"] = slots.axis(step)
        return ToolCall("edit_section", drop_none(args))
    if intent == "compose":
        return compose_call(step, context)
    if intent == "set_style":
        style = "pop" if re.search(r"\bpop(?:py|pier)?\b", lowered) else "folk"
        named = _named_or_it(step, context, earlier) if MORE_LIKE.search(step) else None
        if named in context.names:  # "make the chorus more like a pop chorus": its melody, in that style (asked: it replaces notes)
            return ToolCall("compose_section", {"section": named, "style": style})
        return ToolCall("set_song", {"style": style})
    if intent == "write_song":
        values = compose_values(step, context)
        return ToolCall("write_song", drop_none({**{k: values[k] for k in ("key", "meter", "tempo", "style", "mood")},
                                                 "bridge": True if re.search(r"\bbridge\b", lowered) else None, "seed": slots.seed(step),
                                                 "title": _title(step)}))
    return None


MORE_LIKE = re.compile(r"\b(?:more|like an?|sound|feel|turn (?:it|this|that) into)\b.*\b(?:pop|poppy|poppier|folk|folky|folkier)\b", re.I)


def _title(step: str) -> str | None:
    """The title the words give the song: "call it 'Salt Road'", "title: Low Tide", "name the song X"."""
    match = re.search(r"(?:call (?:it|this(?: one| song)?|the song)|title(?:'s)?(?:\s+(?:it|is|will be|gonna be|should be))?:?"
                      r"|(?:song|track|tune) (?:called|named|titled)|name (?:it|this(?: one)?|the song)"
                      r"|rename (?:it|the song))(?: to)?\s+[\"'‘“]?(.+?)[\"'’”]?[.!]?$", step, re.IGNORECASE)
    title = match.group(1).strip() if match and not re.search(r"\bwhat\b[^.!]*\bcall\b|\?", match.group(0)) else None  # "what would u call it?"
    return None if title is None or title.lower() in ("it", "this", "that", "something", "the song", "this song") else title


def song_settings(step: str, context: SongContext) -> dict[str, Any]:
    """The key, meter and tempo a step names outright (a tempo as a number, not 'faster')."""
    return drop_none({"key": slots.key(step), "meter": slots.meter(step), "tempo": slots.tempo(step, None)})


def compose_call(step: str, context: SongContext) -> ToolCall:
    return ToolCall("compose_section", drop_none({"section": _new_section_name(step, context), **compose_values(step, context),
                                                   "like": slots.reference_id(step), "seed": slots.seed(step),
                                                   "chords": slots.chord_chart(step)}))


MOOD_FORMS = {"busier": "busy", "calmer": "calm", "sadder": "sad", "happier": "happy", "livelier": "lively",
              "gentler": "gentle", "bouncier": "bouncy", "funkier": "funky", "dreamier": "dreamy", "more energetic": "energetic"}
MOOD_WORDS = {*MOODS, *MOOD_FORMS}


SLOW_BPM = 72.0  # "kinda slow" starting a new song: a slow tempo, not only sparse notes


def compose_values(step: str, context: SongContext) -> dict[str, Any]:
    """The values a compose step (or a fragment after it: "10 bars, A minor") names. A chord
    chart's letters are chords, not keys; a new song over a chart is in its first chord's key."""
    chart = slots.chord_chart(step)
    if chart:
        step = step.replace(chart, " ")
    lowered = step.lower()
    empty = not context.sections
    tempo = slots.tempo(step, None) or _bare_tempo(step)
    slow = SLOW_BPM if re.search(r"\bslow\b(?!\s+(?:it\s+)?down)", lowered) else None  # "kinda slow"
    return {
        "bars": slots.bar_count(step),
        "key": slots.key(step) or (_chart_key(chart) if chart and empty else None),  # a non-empty song takes its own key or the relative (the tool says so)
        "meter": slots.meter(step) if empty else None,
        "tempo": (tempo or slow) if empty else None,
        "style": {"hymn": "chorale", "baroque": "chorale"}.get(style, style) if (style := next(
            (w for w in STYLE_WORDS if re.search(rf"\b{w}(?:s|y)?\b", lowered)), None)) else None,
        "mood": _mood(lowered, said_tempo=bool(tempo or re.search(r"\blike \d{2,3}\b", lowered))),
    }


def _chart_key(chart: str) -> str | None:
    """The key a chord chart starts in: its first chord's root, minor for a minor chord ("Am F C G": A minor)."""
    match = re.match(r"([A-G](?:#|b)?)(m(?!aj))?", chart)
    return f"{match.group(1)} {'minor' if match.group(2) else 'major'}" if match else None


def _mood(lowered: str, said_tempo: bool = False) -> str | None:
    """The mood the words name; a feeling before a speed ("a slow wistful verse": wistful), and
    no speed for a mood when a tempo is said ("slow like 66": the tempo's word)."""
    said = [MOOD_FORMS.get(w, w) for w in [*MOODS, *MOOD_FORMS] if re.search(rf"\b{w}\b", lowered)]
    return next((m for m in said if m != "slow"), None if said_tempo or not said else said[0])


def _bare_tempo(step: str) -> float | None:
    """A bare number among a new song's settings ("verse in C#m, 6/8, 140, busy"): a tempo when
    it is too big for a bar count and stands on its own between commas."""
    match = re.search(r"(?:^|,)\s*(\d{2,3})\s*(?:,|$)", step)
    return float(match.group(1)) if match and 65 <= int(match.group(1)) <= 260 else None


def _named_new_section(step: str, context: SongContext) -> str | None:
    """'use that reference as the bridge b', "in as 'borrowed'", 'into a section called fiddle idea':
    the name the words give a new section, if any."""
    match = re.search(r"\b(?:as|into|called|named|with (?:the )?name)\s+(?:the\s+|a\s+|an\s+|my\s+)?(?:(?:new\s+)?section\s+(?:called|named)\s+)?"
                      r"[\"']?([\w][\w '-]{0,30}?)[\"']?\s*$", step, re.IGNORECASE)
    return match.group(1).strip().lower() if match else None


def _references(step: str, context: SongContext, focus: str | None) -> ToolCall:
    lowered = step.lower()
    like = None
    match = re.search(r"\b(?:like|similar to|sounds? like|resembl\w*)\s+(?:my\s+|the\s+|our\s+)?(.+)$", lowered)
    if match:
        mentioned = mentioned_sections(match.group(1), context)
        like = mentioned[0] if mentioned else None
    if like is None and re.search(r"\b(?:like|similar to|as)\s+(?:that|it|this)\b(?!\s+\w)"
                                  r"|\bsimilar(?:\s+(?:pieces?|tunes?|songs?|stuff|ones|things|refs?|references?))?(?:\s+(?:in|from)\s+the\s+library)?\s*[.!?]*$", lowered):
        like = focus  # "find me stuff that sounds like that", "then find similar pieces"
    if like is None and re.search(r"\b(original|originality|rip(?:ping)? off|plagiari\w+|copied|too close to)\b", lowered):
        named = mentioned_sections(step, context)  # "check the verse for originality against the library"
        like = named[0] if named else focus
    filters = re.search(r"[,;(]?\s*\b(?:filter(?:ed)?|restrict(?:ed)?|limit(?:ed)?|only)\b[^,;)]*", lowered)
    key = meter = None
    if filters:  # "filter to 3/4 only", "restrict it to pieces in D major": filters, not words to search for
        clause = re.search(r"[^,;(]*$", lowered[: filters.start()]).group(0) + filters.group(0)  # "..., 3/4 only"
        key, meter = slots.key(filters.group(0)) or slots.key("in " + filters.group(0).split()[-1]), slots.meter(clause)
    query = None
    if like is not None:  # "find references in 3/4 that sound like the bridge": filters said beside the section
        key, meter = key or slots.key(step), meter or slots.meter(step)
    if like is None:
        words = step[: filters.start()] if filters and (key or meter) else step
        words = re.sub(r"\s+(?:but|and|though)\s*$", "", words, flags=re.IGNORECASE)  # "hornpipes but only ones in D"
        query = re.sub(r"^(?:please\s+)?(?:can you\s+)?(?:find|search(?: the library)?(?: for)?|look(?: up| for)?|looking for|show me|pull up|dig up"
                       r"|suggest|recommend)\s+(?:me\s+)?(?:some\s+|a few\s+)?", "", words, flags=re.IGNORECASE)
        query = re.sub(rf"^\s*(?:{slots.NUMBER[1:-1]})\s+(?=\w)", "", query, flags=re.IGNORECASE)  # "3 irish jigs": the count is k
        query = re.sub(r"\s*(?:\(?\s*(?:just|only)\s+\w+\s*\)?|,?\s*(?:give me|show me)\s+\w+|,?\s*\w+ of them)\s*$", "", query, flags=re.IGNORECASE)
        query = re.sub(r"\s+for (ideas|inspiration)\b.*$", "", query, flags=re.IGNORECASE).strip(" ,.") or step
        query, key, meter = _query_filters(query, key, meter)
    elif match and like is not None:  # "3 scottish tunes that sound like the bridge": the words before the likeness are a search too
        before = re.split(r"\b(?:that|which)?\s*(?:sounds?|feels?)?\s*(?:like|similar to|resembl\w*)\b", step, maxsplit=1, flags=re.I)[0]
        said = _search_words(re.sub(r"^.*?\b(?:find|show|search|look up|get|bring up|pull up|list|gimme|give)\b(?:\s+me)?", "", before,
                                    flags=re.IGNORECASE)) or ""
        kinds = rf"\b(?:{'|'.join(STYLE_WORDS)}|{'|'.join(MOOD_WORDS)}|waltz|march|lullaby|shanty|ballad|dance)"
        query = said if re.search(kinds, said, re.IGNORECASE) else None  # "scottish tunes like the bridge", not "any known tunes like it"
    return ToolCall("find_references", drop_none({"query": query, "like": like, "k": slots.count(step), "key": key, "meter": meter}))


def _query_filters(query: str, key: str | None, meter: str | None) -> tuple[str | None, str | None, str | None]:
    """The words to search for without what is not about the music ("any ... in the library?
    want some inspo", "references: ", "for reference"), and a key or meter they end with as
    filters ("irish reels in G", "bach chorales in 4/4")."""
    query = re.split(r"\?\s+", query, maxsplit=1)[0]  # "any sad waltzes in the library? want some inspo ..."
    query = re.sub(r"^(?:(?:do you have|have you got|got|are there|is there)\s+)?(?:any|some)\s+|^(?:refs?|references?)\s*(?::|for|of)\s*",
                   "", query, flags=re.IGNORECASE)
    query = re.sub(r"\s+(?:(?:in|from) (?:the|my|your) (?:library|collection)|in there)\b", "", query, flags=re.IGNORECASE)
    query = re.sub(r"\s+for (?:reference|inspo|ideas|inspiration)\b.*$", "", query, flags=re.IGNORECASE)
    query = re.sub(r"^.*?\b(?:find|search|look up|show)\s+(?:me\s+)?(?:some\s+|a few\s+)?(?=\w)|\s+(?:first|now|again)$", "", query,
                   flags=re.IGNORECASE)  # "need inspo - find me some irish jigs", "Irish jigs first"
    said_meter = re.search(r"[,\s]+(?:in\s+)?(\d+/\d+)(?:\s+(?:only|time))?\b", query, re.IGNORECASE)
    if said_meter and slots.meter(said_meter.group(1)):  # "irish jigs in D, 6/8 only": the meter is a filter, not words
        meter, query = meter or slots.meter(said_meter.group(1)), query[: said_meter.start()] + query[said_meter.end():]
    said_key = re.search(r"[,\s]+in\s+(?:the key of\s+)?([A-Ga-g](?:#|b|-flat|-sharp| flat| sharp)?(?:\s*(?:major|minor|m)\b)?)(?=[\s,.?!]|$)", query)
    if said_key and key is None and slots.key(said_key.group(0)):
        key, query = slots.key(said_key.group(0)), query[: said_key.start()] + query[said_key.end():]
    query = query.strip(" ,.?!") or query
    words = _search_words(query)
    if words is None and (key or meter):
        return None, key, meter  # "find me 20 pieces in 3/4": the filters are the search
    return words or query, key, meter


GENERIC = r"(?:pieces?|tunes?|songs?|stuff|things|music|melod(?:y|ies)|examples?|refs?|references?|ones|options|results|matches)"
ASKING = (r"(?:please\s+|pls\s+|can (?:you|u)\s+|could (?:you|u)\s+)?(?:list|bring up|pull up|dig up|give me|gimme|show me|get me|fetch|find(?: me)?"
          r"|search(?: (?:the|my) library)?(?: for)?|what (?:have|do) (?:you|u|ya) (?:got|have)|what'?s there|(?:is there |got )?anything"
          r"|any(?:thing)?|some|a few)\b")


def _search_words(query: str) -> str | None:
    """The words that say what to look for, without the asking ("bring up 5 bach chorales",
    "what have u got"), the count, generic nouns ("folk tunes": folk) and the likeness's frame
    ("pieces similar in vibe to 'The Parting Glass'"); None when nothing is left."""
    words = re.sub(r"\s*\b(?:pls|please|plz|thx|thanks|ty)\b[.!]*\s*$", "", query.strip(" ,.?!"), flags=re.IGNORECASE)
    words = re.sub(rf"^(?:\s*(?:{ASKING}|(?:{slots.NUMBER[1:-1]})\b|in (?:the|my|your) library\b|(?:that|which)\b|\bfor\b)\s*)+", "", words,
                   flags=re.IGNORECASE)  # "bring up 5 ...", "anything in the library that ..."
    words = re.sub(rf"^(?:{GENERIC}\s+)?(?:that\s+|which\s+)?(?:sounds?|feels?|is|are)?\s*(?:like|similar(?:\s+in\s+\w+)?\s+to|in the (?:style|vein|spirit)"
                   rf"\s+of|reminiscent of|with the (?:vibe|feel) of)\s+(?:a\s+|an\s+)?", "", words, flags=re.IGNORECASE)
    words = words if re.sub(rf"\b{GENERIC}\b", "", words, flags=re.I).strip(" ,.'\"") else ""  # "20 pieces": no words to search for
    words = re.sub(r"\s+", " ", words).strip(" ,.?!'\"‘’“”")
    return words or None


def form_of(text: str, context: SongContext) -> list[str]:
    """The play order the words give: 'verse, chorus, verse', 'two verses then the chorus',
    'the chorus twice', 'V C V C B C' (letters for the sections)."""
    letters = re.search(r"(?<![\w'])([vcbiop](?:[\s,-]+[vcbiop]){2,})(?![\w'])", text, re.IGNORECASE)
    if letters:
        text = text.replace(letters.group(1), ", ".join(SECTION_LETTERS[c.upper()] for c in re.findall(r"[vcbiop]", letters.group(1), re.I)))
    text = re.sub(r"\b(two|three|four)\s+(verse|chorus|bridge|intro|outro)(?:e?s)\b",
                  lambda m: ", ".join([m.group(2)] * (slots.number(m.group(1)) or 1)), text, flags=re.IGNORECASE)
    text = re.sub(r"\b(verse|chorus|bridge|intro|outro)\s+(twice|three times)\b",
                  lambda m: ", ".join([m.group(1)] * (2 if m.group(2).lower() == "twice" else 3)), text, flags=re.IGNORECASE)
    return mentioned_sections(text, context)


def _form(step: str, context: SongContext) -> list[str]:
    after = re.split(r"\b(?:form|structure|order|arrange(?: the song)?(?: as)?|to|:)\b", step, maxsplit=1, flags=re.IGNORECASE)
    return form_of(after[-1] if len(after) > 1 else step, context)
