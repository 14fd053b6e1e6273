"""Help with words, as calls: rhymes for each word asked about, syllable counts (checked
against a section's melody when the request names one), titles. Nothing in the song changes."""

from __future__ import annotations

import re

from agent.planner import slots
from agent.planner.arguments import mentioned_sections, section_of
from agent.planner.context import SongContext
from tools.calls import ToolCall

NOT_A_RHYME = {"and", "or", "for", "with", "to", "what", "about", "rhyme", "rhymes", "rhyming", "some", "me", "something", "anything", "it", "this", "that", "better",
               "word", "words", "good", "more", "please", "pls", "plz", "lol", "haha", "thx", "thanks", "anything?"}


def word_help(intent: str, step: str, words: str | None, context: SongContext, focus: str | None) -> list[ToolCall]:
    """find_rhymes (one call per word asked about), count_syllables or suggest_titles, with the
    word or the words the request gives; [] when it gives none it needs."""
    if intent == "titles":
        said = re.search(rf"\b{slots.NUMBER}\b(?=\s+(?:(?:possible|good|more|new|different|title|song)\s+)?(?:titles?|names?|ideas?|options?))"
                         rf"|\btitles?\b.*?\b(?:like|maybe|about|around|say)?\s*\b(\d+|{slots.NUMBER[1:-1].replace('|a|an|', '|')})\s*(?:of them|pls|please)?[.!?]*$",
                         step, re.IGNORECASE)  # "8 possible titles", "then title suggestions, like 3"
        said_number = said and (said.group(1) or said.group(2))
        count = slots.number(said_number) if said_number else None  # "give me 5 title ideas"
        return [ToolCall("suggest_titles", {"count": count} if count and 1 < count <= 10 else {})]
    if intent == "rhymes":  # "rhymes for 'home' and 'alone'?", "what rhymes with heart, and what rhymes with stay"
        step = re.split(r"\b(?:that|which)?\s*(?:aren'?t|are not|isn'?t|except|besides|other than|but not|not)\b", step, maxsplit=1,
                        flags=re.IGNORECASE)[0]  # "rhyme w/ heart that aren't 'start'": not words to rhyme
        asked = [w for listed in re.findall(r"\brhym\w*\s+(?:with|for|to|w/?)\s+([a-zA-Z']+(?:(?:\s*,\s*|\s+(?:and|or)\s+)(?:(?:for|with)\s+)?[a-zA-Z']+)*)",
                                        step, re.IGNORECASE) for w in re.split(r"\s*,\s*(?:(?:for|with)\s+)?|\s+(?:and|or)\s+(?:(?:for|with)\s+)?", listed)] or \
            re.findall(r"['\"‘“]([a-zA-Z']+)['\"’”]", step) or \
            re.findall(r"\b([a-zA-Z']+)\W*$", step)
        asked += re.findall(r"\b(?:what|how)\s+(?:about|abt)\s+['\"‘“]?([a-zA-Z']+)", step, re.IGNORECASE)  # "..., and what about home"
        asked += re.findall(r"\?\s*(?:and|or|also|plus)\s+(?:for\s+)?['\"‘“]?([a-zA-Z']+)['\"’”]?\s*\??\s*$", step, re.IGNORECASE)  # "night? and home?"
        asked = [w.strip("'") for w in dict.fromkeys(asked) if w.strip("'").lower() not in NOT_A_RHYME]
        return [ToolCall("find_rhymes", {"word": word}) for word in asked]
    quoted = re.search(r"(?:^|\s)[\"“‘']([^\"”]{3,}?)[\"”’'](?=\s|$|[?.!,])", step) or \
        re.search(r"(?::\s*|\?\s+)(.{3,}?)\s*$", step)  # in quotes, after a colon, or after "does this scan?"
    text = words or (quoted.group(1).strip() if quoted else None)
    outside = step.replace(quoted.group(0), " ") if quoted else step  # "does 'every bridge I crossed' fit the chorus"
    section = section_of(outside, context, None) if mentioned_sections(outside, context) else None
    if text:  # "would these fit the bridge: ..." checks them against its melody too
        return [ToolCall("count_syllables", {"text": text, **({"section": section} if section in context.names else {})})]
    section = section or section_of(step, context, focus)
    return [ToolCall("count_syllables", {"section": section})] if section else []
