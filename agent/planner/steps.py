"""How a request splits into steps: at "then", "and then", sentence ends and "and <verb>";
"and" or a comma between two asks the reader is sure of ("make the bridge busier and a bit
more syncopated"); and which sentences only tell the story before the ask."""

from __future__ import annotations

import re

from agent.planner import slots
from agent.planner.intents import cued
from tools.requests import read_request

STEP_SPLIT = re.compile(
    r"\s*(?:,?\s*\band then\b|,?\s*\bthen\b|;|\.\s+(?=[A-Za-z\d])|\?\s+(?:also|plus)\b|[?,]\s*(?:and\s+)?if (?:so|yes|it does|they do|it fits|they fit|it works|they work)\b,?|,?\s*\bafter that\b|,?\s*\band also\b|,?\s*\bafterwards\b|"
    r",?\s+\band\s+(?=(?:write|compose|make|add|harmoni[sz]e|critique|play|export|save|syncopate|transpose|undo|copy|call|name|title|apply|"
    r"arrange|find|load|refine|give|put|change|set|regenerate|rewrite|simplify|densify|vary|humani[sz]e|straighten|"
    r"invert|reverse|show|check|analy[sz]e|let me hear|bump|raise|lift|lower|drop|move|shift|push|tighten|loosen|try|stick|slot|tack|"
    r"narrow|widen|smooth|fix|shorten|lengthen|extend|strip|brighten|darken|suggest|count)\b)|"
    r",\s*also\b|"
    r":\s+(?=(?:copy|duplicate|write|compose|make|harmoni[sz]e|critique|play|export|syncopate|transpose|undo|arrange|rewrite)\b)|,\s+(?=(?:then\s+)?(?:harmoni[sz]e|critique|play|export|"
    r"syncopate|transpose|undo|copy|save|add chords)\b))\s*", re.IGNORECASE)


NEW_SONG = re.compile(r"(?:ok(?:ay)?,?\s+|so\s+)?(?:a\s+|let'?s\s+(?:do|start)\s+a\s+)?(?:new|fresh|another)\s+(?:song|project|tune|track|idea)"
                      r"(?:\s+(?:called|named|titled)\s+[\"'‘“]?(?P<title>[^\"'’”]+?)[\"'’”]?)?(?:\s+(?:pls|please|time|today))?[.!]?", re.IGNORECASE)
START_OVER = re.compile(r"(?:ok(?:ay)?,?\s+|let'?s\s+|can we\s+|i want to\s+)?(?:start (?:over|again|from scratch)|scrap (?:it all|everything|"
                        r"all of it|the (?:whole )?(?:song|thing))|wipe (?:it|everything|the song))(?:\s+(?:pls|please))?[.!?]?", re.IGNORECASE)
OTHER_APPS = re.compile(  # outputs and places no tool writes to: a limit, never a guessed export
    r"\b(?:tabs?|tablature|stems?|ableton|logic(?: pro)?|pro ?tools|fl ?studio|garageband|cubase|reaper|daw|project file|mp3|ogg|flac|"
    r"aac|m4a|pdf|print(?:ed|out)?|video|youtube|soundcloud|spotify|bandcamp|tiktok|instagram|e-?mail|text it|dropbox|google drive)\b",
    re.IGNORECASE)
STATEMENT = re.compile(  # a sentence that tells, not asks: "the verse and the bridge are basically the same energy"
    r"^(?:(?:so|and|but|ok(?:ay)?|well|honestly|hmm|like|yeah|lol)[\s,]+)*(?:(?:i'?m\s+)?(?:thinking|i think|i feel|feels like|seems like)\s+)?"
    r"(?:my|the|our|his|her|their|this|that|it|he|she|they|we|everyone|everybody|people|someone|somebody|folks"
    r"|(?:verse|chorus|bridge|intro|outro|hook|melody|tune|song|range)(?:\s+\d)?)\b"
    r".*(?:\b(?:is|are|was|were|feels?|sounds?|seems?|keeps?|says?|saying|said|thinks?|should|came|ended|turned|went"
    r"|isn't|aren't|doesn't|don't|wasn't|can't|won't)\b|\w's\b)"
    r"|^(?:(?:so|and|but|ok(?:ay)?|well|honestly|hmm|yeah|lol)[\s,]+)*(?:i'?m|i am|i've been|we'?re|we are|i was|we were)\s+\w+ing\b",
    re.IGNORECASE)
ASKING_OUTRIGHT = re.compile(r"\b(?:can|could|would|will) (?:you|u|we)\b|\b(?:please|pls|let'?s)\b", re.IGNORECASE)
ASKING = re.compile(r"\b(?:can|could|would|will) (?:you|u|we)\b|\b(?:please|pls|let'?s|i want|i need|i'?d like|i would like)\b"
                    r"|^(?:\w+\s+){0,2}(?:make|give|write|add|put|change|turn|move|rewrite|redo|fix)\b"
                    r"|,\s*(?:(?:so|then|just)\s+)?(?:vary|syncopate|straighten|simplify|densify|transpose|harmoni[sz]e|rewrite|redo|fix|make|"
                    r"give|humani[sz]e|critique|play|undo)\b", re.IGNORECASE)  # "the verse is monotonous, vary it"


def split_steps(text: str) -> list[str]:
    paths = [match.group(0) for match in slots.PATH.finditer(text)]  # "load ~/Etude No. 4.mid": one step, whatever its dots
    for index, path in enumerate(paths):
        text = text.replace(path, f"\x00{index}\x00", 1)
    parts = [part.strip(" ,.") for part in STEP_SPLIT.split(text) if part and part.strip(" ,.")]
    for index in range(len(parts) - 2, -1, -1):  # "find and fix the problems in the verse": one verb before "and" is no ask alone
        if len(parts[index].split()) == 1 and re.search(rf"\b{re.escape(parts[index])}\s+and\s+{re.escape(parts[index + 1][:12])}", text, re.I):
            parts[index: index + 2] = [f"{parts[index]} and {parts[index + 1]}"]
    return [re.sub(r"\x00(\d+)\x00", lambda m: paths[int(m.group(1))], part) for part in parts]


COPY_FROM = re.compile(r"(?:make|create|build|do|start)\s+(?:a|an|the)\s+[\w -]+?\s+from\s+(?:the|my|our)\s+[\w -]+$", re.IGNORECASE)
BACK_REFERENCE = re.compile(r"\b(them|those|there|that bit|one|it|(?:for|to|over|under) (?:that|this|these))\b", re.IGNORECASE)
SPLIT_SURE = 0.85  # how sure the reader must be of each side to split "X and Y" (chosen on planner_dev_v2)
NOT_JOINED = ("unknown", "chat", "theory", "details", "apply_fix", "undo", "redo", "checkout")  # "..., can you fix that": one ask


def joined_steps(step: str) -> list[str]:
    """'make the bridge busier and a bit more syncopated': two asks joined by 'and' (or a
    comma) without a verb the splitter knows. Split there when the reader is sure that each
    side asks for something different on its own; else the step stays whole."""
    for joint in (r"\s+and\s+", r",\s*"):
        parts = re.split(joint, step, maxsplit=1, flags=re.IGNORECASE)
        if len(parts) != 2 or not all(p.split() for p in parts):
            continue
        if COPY_FROM.match(parts[0]):  # "make a final chorus from the chorus, make it busier": a copy, then the ask
            return [parts[0]] + joined_steps(parts[1])
        named = [cued(part) for part in parts]
        if "and" in joint and all(len(n) == 1 for n in named) and named[0] != named[1] and not re.search(r"\btoo\b", step, re.I):
            # "busier and catchier", "a wider range AND to sit higher" (not "too syncopated, straighten it": one ask)
            return [parts[0]] + joined_steps(parts[1])
        readings = [read_request(part) for part in parts]
        short = min(len(p.split()) for p in parts) < 3  # "same key", "more notes": only when the reader is very sure
        asks = [r.confidence >= (0.9 if short else SPLIT_SURE) and r.intent not in NOT_JOINED and not r.intent.startswith("limit:")
                for r in readings]
        if readings[0].intent == readings[1].intent:
            continue
        if all(asks):
            return [parts[0]] + joined_steps(parts[1])
        whole = read_request(step).intent  # "straighten it and bring it down": the whole reads as one side's ask,
        plain = all(len(p.split()) >= 2 for p in parts) and not whole.startswith("limit:") and not any(  # and the other
            r.intent in NOT_JOINED or r.intent.startswith("limit:") for r in readings)  # side reads as an ask of its own
        if plain and any(asks) and whole in {r.intent for r in readings} and min(r.confidence for r in readings) >= 0.5 \
                and readings[asks.index(True)].intent != whole:
            return [parts[0]] + joined_steps(parts[1])
    return [step]
