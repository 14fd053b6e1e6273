"""Hybrid search: filters read out of the words, so "waltzes in 3/4" filters on 3/4.

A meter written as a fraction, a key ("in D", "in D minor", "A minor", "Bbm") and a
collection named in words ("O'Neill", "Ryan's", "Aird", "Bach", "Essen", "pop", "my files") and a
tempo ("at 70 bpm", within 10%) become
exact Chroma filters; the whole query still goes to the text embedding, which handles the
rest (dance types, regions, moods). Filters given explicitly win over words.
"""

from __future__ import annotations

import dataclasses
import re

from memory.references import Filters
from song.keys import Key

TEMPO = re.compile(r"\b(\d{2,3})\s*(?:bpm|beats per minute)\b", re.IGNORECASE)
METER = re.compile(r"\b(\d{1,2})\s*/\s*(\d{1,2})\b")
# "in D", "in F# minor", "in Bb major", "in a minor" ("in a" alone is English, not a key)
KEY_AFTER_IN = re.compile(
    r"\bin\s+(?P<tonic>[A-G](?:#|b|♯|♭)?)(?:[\s-]*(?P<mode>major|minor|maj|min)|(?P<m>m))?\b"
    r"|\bin\s+(?P<lower>[a-g](?:#|b)?)[\s-]+(?P<lower_mode>major|minor)\b")
KEY_ALONE = re.compile(r"\b([A-G](?:#|b|♯|♭)?)[\s-]+(major|minor)\b", re.IGNORECASE)
COLLECTION_WORDS = (
    (re.compile(r"o'?\s?neill", re.I), "oneills1850"), (re.compile(r"\bryan", re.I), "ryansMammoth"),
    (re.compile(r"\baird", re.I), "airdsAirs"), (re.compile(r"\bbach\b", re.I), "bach"),
    (re.compile(r"\bessen\b", re.I), "essenFolksong"), (re.compile(r"\bpop(?:909)?\b|\bc-?pop\b", re.I), "pop909"), (re.compile(r"\b(my|user)\s+(own\s+)?(files|midi|pieces|songs)\b", re.I), "user"),
)


def filters_from_words(query: str, given: Filters = Filters()) -> Filters:
    """The filters the words ask for, merged under the explicitly given ones.

    >>> f = filters_from_words("Irish jigs in D for ideas")
    >>> (f.key.tonic, f.key_has_mode, f.meter)
    ('D', False, None)
    >>> f = filters_from_words("sad waltzes in 3/4 in A minor from O'Neill")
    >>> (str(f.key), f.key_has_mode, f.meter, f.collection)
    ('A minor', True, '3/4', 'oneills1850')
    >>> filters_from_words("a tune in a jolly mood").key is None
    True
    >>> filters_from_words("songs in English").key is None
    True
    >>> str(filters_from_words("reels in Bbm").key)
    'Bb minor'

    """
    found = Filters()
    meter = METER.search(query)
    if meter and int(meter.group(2)) in (1, 2, 4, 8, 16):
        found = dataclasses.replace(found, meter=f"{int(meter.group(1))}/{int(meter.group(2))}")
    key = KEY_AFTER_IN.search(query)
    if key:
        mode = key.group("mode") or key.group("lower_mode") or ("minor" if key.group("m") else None)
        found = _with_key(found, key.group("tonic") or key.group("lower"), mode)
    else:
        alone = KEY_ALONE.search(query)
        if alone:
            found = _with_key(found, alone.group(1), alone.group(2))
    tempo = TEMPO.search(query)
    if tempo and 30 <= int(tempo.group(1)) <= 260:
        found = dataclasses.replace(found, tempo=float(tempo.group(1)))
    for pattern, collection in COLLECTION_WORDS:
        if pattern.search(query):
            found = dataclasses.replace(found, collection=collection)
            break
    return Filters(
        key=given.key if given.key is not None else found.key,
        key_has_mode=given.key_has_mode if given.key is not None else found.key_has_mode,
        meter=given.meter or found.meter,
        collection=given.collection or found.collection,
        tempo=given.tempo or found.tempo,
    )


def _with_key(filters: Filters, tonic: str, mode: str | None) -> Filters:
    tonic = tonic[0].upper() + tonic[1:].replace("♯", "#").replace("♭", "b")
    full = {"maj": "major", "min": "minor"}.get((mode or "").lower(), (mode or "").lower())
    try:
        key = Key.parse(f"{tonic} {full or 'major'}")
    except Exception:
        return filters
    return dataclasses.replace(filters, key=key, key_has_mode=bool(full))
