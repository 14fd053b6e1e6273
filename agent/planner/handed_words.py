"""The song words a request hands over ("here are my lyrics for the chorus: hold on / to the
light"), taken out before the request is read: the words are never a request, and the request
without them is what the reader sees."""

from __future__ import annotations

import re

from song.words import sung_lines

WORDS_INTRO = re.compile(r"\b(lyrics?|words|lines?|text|verse text|poem)\b", re.IGNORECASE)
TO_MUSIC = re.compile(r"\b(to music|melody for|tune for|these|this)\b", re.IGNORECASE)
REQUEST_LINE = re.compile(  # a line after the words that asks for something: "write me a tune for that in G, 3/4"
    r"^(?:(?:and\s+)?then|now|after that|also|pls|please)\b|^(?:write|compose|give|make|tell|show|count|check|suggest)\s+me\b"
    r"|\b(?:syllables?|melody|tune|chords?|titles?|music)\b.*\b(?:for|to|under|on|of)\s+(?:that|it|them|this|those|these)\b"
    r"|^(?:and\s+|also\s+|then\s+)?(?:give|find|tell|show|suggest|count|check)\b.*\b(?:rhymes?|titles?|syllables?|chords?)\b"
    r"|\b(?:syllables?|rhymes?|titles?|scan|chords?|call (?:this|the|it)|name (?:this|the|it))\b.*\?",  # "how many syllables ...?"
    re.IGNORECASE)
SECTION_HEADER = re.compile(  # "and the chorus:" on a line of its own, between ' / ' lines, or after ", and for"
    r"(?:\n|\s/\s|,\s*(?=and\b)|(?<=[\"'”’])\s+(?=and\b))\s*(?:and\s+|now\s+|then\s+)?(?:for\s+)?(?:the\s+)?((?:pre-?|post-?)?(?:verse|chorus|bridge|intro|outro|hook)"
    r"(?:\s*\d+)?)(?:\s+(?:words|lyrics))?\s*:\s*(?:\n|\s/\s)?", re.IGNORECASE)


QUOTED_THEN = re.compile(r"\s*[\"“‘']([^\"”]+?)[\"”’'](?=\s|$|[,.;!?])[,.;!?]?\s*(?:\band\b|\bthen\b)?\s*(.*)", re.DOTALL)  # words, then a request


def word_blocks(text: str) -> list[str]:
    """A request that hands over words for several sections ("words for the verse:" lines,
    "and the chorus:" lines, typed on lines or between ' / '), as one request per block; else [text]."""
    headers = list(SECTION_HEADER.finditer(text))
    if not headers:
        return [text]
    blocks = [text[: headers[0].start()]]
    for index, header in enumerate(headers):
        end = headers[index + 1].start() if index + 1 < len(headers) else len(text)
        blocks.append(f"lyrics for the {header.group(1)}: " + re.sub(r"\n\s*\n", "\n", text[header.end(): end].strip()).replace("\n", " / "))
    return blocks


def _requests_after(lines: list[str], request: str) -> tuple[list[str], str]:
    """The sung lines without the request lines typed after them, and the request with those
    lines added ("... / and give me a rhyme for dark while you're at it")."""
    lines = list(lines)
    if lines:  # "... / i'm not alone. and what would u even call this song? give me 5": a request after the last line's end
        sung, *asked = re.split(r"(?<=[.!?])\s+(?=\S)|\s+—\s+(?=(?:and\s+|then\s+)?\w)", lines[-1], maxsplit=1)
        then = re.sub(r"^(?:and|then)\s+", "", asked[0], flags=re.IGNORECASE) if asked else ""
        if then and REQUEST_LINE.search(then):
            lines[-1], request = sung.rstrip(" .,—"), f"{request.rstrip(' .')}. {then}"
    while len(lines) > 1 and REQUEST_LINE.search(lines[-1]):
        request = f"{request} and {lines.pop()}"
    return lines, request


def lyrics_block(text: str) -> tuple[str | None, str]:
    """The song words a request carries, and the request without them: after a colon
    ("here are my lyrics for the chorus: hold on..."), on the lines after the first, after
    the request's first sentence when they come as lines ("... to music? we were young / we
    were free"), or in quotes ("set 'hold on, hold on' to the verse"). (None, text) when it
    carries none."""
    lines = text.strip().splitlines()
    if len(lines) > 1 and (WORDS_INTRO.search(lines[0]) or lines[0].rstrip().endswith(":") or TO_MUSIC.search(lines[0])
                           or re.search(r"\b(?:syllables?|scan)\b", lines[0], re.IGNORECASE)):  # "syllable count pls\n..."
        words, request = _requests_after(lines[1:], lines[0])  # "...\nwrite me a tune for that in G, 3/4"
        return sung_lines("\n".join(words)) or None, request
    head, colon, tail = re.split(r"(:|\s->\s?|\s[—-]\s)", text, maxsplit=1) if re.search(r":|\s->|\s[—-]\s", text) else (text, "", "")
    as_lines = bool(re.search(r"\s/\s", tail))  # "...: we were young / we were free": sung lines, whatever the request calls them
    if colon and tail.strip() and (WORDS_INTRO.search(head) or as_lines) and len(tail.split()) >= 3:
        quoted = QUOTED_THEN.fullmatch(tail)
        if quoted and quoted.group(2).strip():  # "lyrics for the bridge: 'Maybe I was wrong / ...' and give me 5 titles"
            return sung_lines(quoted.group(1)), f"{head} and {quoted.group(2)}"
        then = re.search(r"(?:[,.;]|\s—)\s*(?:and\s+)?then\s+(?=(?:arrange|count|play|harmonize|export|critique|make|suggest|give|write|"
                         r"check|set|call|name|find|save|syncopate|transpose)\b)", tail, re.IGNORECASE) or \
            re.search(r"(?:[,.;]|\s—)\s*and\s+(?=(?:play|harmoni[sz]e|export|critique|arrange|suggest|count|syncopate|transpose|"
                      r"let me hear|give me \d+ titles?|give me (?:\w+ )?title)\b)", tail, re.IGNORECASE)  # ", and play the bridge" (verbs a sung line seldom starts with)
        if then:  # "...: two cups on the table / one of them is cold, then arrange verse chorus verse 2" (not "and then play")
            return sung_lines(tail[: then.start()].strip(" \"“”‘’'")), f"{head} and then {tail[then.end():]}"
        lines, request = _requests_after(sung_lines(tail.strip(" \"“”‘’'")).splitlines(), head)  # "... / and give me a rhyme"
        return "\n".join(lines), request
    sentence = re.match(r"(.+?[?.!])\s+(\S.*/.*)$", text.strip())  # "put these lyrics to music? the night is young / and so are we"
    if sentence and WORDS_INTRO.search(sentence.group(1)) and len(sentence.group(2).split()) >= 3:
        quoted = QUOTED_THEN.fullmatch(sentence.group(2))  # '... scan ok? "we drove all night / ..." then write a melody for them'
        if quoted and quoted.group(2).strip():
            return sung_lines(quoted.group(1)), f"{sentence.group(1)} and {quoted.group(2)}"
        return sung_lines(sentence.group(2)), sentence.group(1)
    quoted = next((m for m in re.finditer(r"(?:^|(?<=\s))[\"“‘']([^\"”’]+?)[\"”’'](?=$|[\s,.;:!?])", text)  # quotes, not apostrophes
                   if len(m.group(1)) >= 8), None)  # "rhymes for 'ocean', then put 'I'm lost out on the ocean / ...' on the bridge"
    if quoted and (WORDS_INTRO.search(text[: quoted.start()] + text[quoted.end():]) or re.search(r"\s/\s", quoted.group(1))):
        return sung_lines(quoted.group(1)), text[: quoted.start()] + " these words " + text[quoted.end():]
    return None, text
