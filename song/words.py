"""Lyrics as sung syllables: how many syllables each word has, which one is stressed, and
how its spelling splits ("to-mor-row"), from the CMU pronouncing dictionary (PyPI
`pronouncing`, offline), with a stated guess for words it lacks.

Stress is what singing cares about: a content word's primary stress wants a strong beat;
function words ("the", "and", "of") and unstressed syllables want weak ones. A one-syllable
content word counts as stressed, a one-syllable function word as unstressed, whatever the
dictionary says, because that is how they are sung.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from song.model import MAX_SYLLABLE_CHARS

FUNCTION_WORDS = frozenset("""
a an the and or but nor so yet for of to in on at by with from up as into onto upon than
i me my mine you your yours he him his she her hers it its we us our ours they them their
is am are was were be been being do does did has have had will would shall should can could
may might must let that this these those there here who whom whose which what when where
if then else not no oh ooh ah yeah just all some any each every both such own same
i'm i'll i've i'd you're you'll you've you'd he's he'll he'd she's she'll she'd it's it'll
we're we'll we've we'd they're they'll they've they'd that's there's what's who's let's
""".split())  # pronouns with their auxiliaries ("I'll", "you're") are sung light, like the words they join
VOWELS = "aeiouy"
WORD = re.compile(r"[\w'’-]+", re.UNICODE)


@dataclass(frozen=True)
class SungSyllable:
    """One syllable to sing: its spelling ("mor"), its stress (2 primary on a content word,
    1 secondary, 0 none), and where it sits in the words."""

    text: str
    stress: int
    word: str
    last_in_word: bool
    last_in_line: bool

    @property
    def lyric(self) -> str:
        """As a note carries it: "mor-" when the word goes on (cut to what a note may carry)."""
        return (self.text if self.last_in_word else self.text + "-")[:MAX_SYLLABLE_CHARS]


@dataclass(frozen=True)
class Syllabified:
    syllables: tuple[SungSyllable, ...]
    guessed: tuple[str, ...]  # words the dictionary lacks: their syllables were guessed from the spelling


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, list[str]]:
    import pronouncing

    pronouncing.init_cmu()
    return pronouncing.lookup  # type: ignore[no-any-return]


def stresses_of(word: str) -> tuple[list[int], bool]:
    """The stress of each syllable of a word (0, 1, 2 with 2 the main one) and whether the
    dictionary knew it."""
    key = word.lower().replace("’", "'").strip("'-")
    phones = _dictionary().get(key)
    if phones:
        marks = [int(c) for c in phones[0] if c.isdigit()]
        marks = [2 if m == 1 else 1 if m == 2 else 0 for m in marks]  # CMU: 1 primary, 2 secondary
    else:
        count = max(1, len(_vowel_groups(key)))
        marks = [2] + [0] * (count - 1)  # English default: stress the first syllable
    if len(marks) == 1:
        marks = [0 if key in FUNCTION_WORDS else 2]
    elif key in FUNCTION_WORDS:
        marks = [min(m, 1) for m in marks]
    return marks, bool(phones)


def _vowel_groups(word: str) -> list[tuple[int, int]]:
    """Spans of vowel letters, a final silent 'e' (and 'es', 'ed' after most consonants) left out."""
    groups = [(m.start(), m.end()) for m in re.finditer(rf"[{VOWELS}]+", word.lower())]
    if word.startswith(("y", "Y")) and groups and groups[0][0] == 0 and groups[0][1] == 1 and len(word) > 1:
        groups = groups[1:] if len(groups) > 1 else groups  # "yes": the y is a consonant
    lowered = word.lower()
    if len(groups) > 1 and (lowered.endswith("e") and not lowered.endswith(("le", "ee", "ye"))
                            and groups[-1] == (len(lowered) - 1, len(lowered))):
        groups = groups[:-1]
    return groups


def split_spelling(word: str, count: int) -> list[str]:
    """The word's letters in `count` syllables: each vowel group with the consonants before it,
    a single consonant between vowels going to the next syllable ("ta-ble" as "ta-ble",
    "let-ters"), the first of several staying with the syllable before."""
    if count <= 1 or len(word) < 2:
        return [word]
    groups = _vowel_groups(word)
    while len(groups) > count:  # merge the closest groups ("fire" as one syllable is not our call: merge from the end)
        groups[-2:] = [(groups[-2][0], groups[-1][1])]
    if len(groups) < count:  # the dictionary hears more syllables than the spelling shows ("fire": fi-re)
        pieces = [word[i * len(word) // count:(i + 1) * len(word) // count] for i in range(count)]
        return [p for p in pieces if p] if all(pieces) else [word]
    cuts = []
    for (_, end), (start, _) in zip(groups, groups[1:]):
        consonants = start - end
        ending_le = word.lower().endswith("le") and start == len(word) - 1  # "ta-ble", "lit-tle": the consonant goes with -le
        cuts.append(start - 2 if ending_le and consonants >= 2 else end if consonants <= 1 else end + 1)
    bounds = [0] + cuts + [len(word)]
    return [word[a:b] for a, b in zip(bounds, bounds[1:]) if b > a]


def sung_lines(words: str) -> str:
    """Words typed on one line as sung lines, one per line: ' / ' (or a line break) separates
    them, as songwriters type lyrics into a chat or a command line."""
    return "\n".join(line.strip() for line in re.split(r"(?:^|\s+)/(?:\s+|$)|\n", words.strip()) if line.strip())


def syllabify(text: str) -> Syllabified:
    """Every syllable of the lyrics in order, lines kept (a blank line is just a line end)."""
    syllables: list[SungSyllable] = []
    guessed: list[str] = []
    for line in (l for l in text.splitlines() if l.strip()):
        words = WORD.findall(line)
        for index, raw in enumerate(words):
            for part_index, part in enumerate(p for p in raw.split("-") if p):
                marks, known = stresses_of(part)
                if not known and part.lower().strip("'") and not part.isdigit():
                    guessed.append(part)
                pieces = split_spelling(part, len(marks))
                marks = marks[: len(pieces)] + [0] * (len(pieces) - len(marks))
                last_part = part_index == len([p for p in raw.split("-") if p]) - 1
                for i, (piece, mark) in enumerate(zip(pieces, marks)):
                    last_in_word = i == len(pieces) - 1 and last_part
                    syllables.append(SungSyllable(piece, mark, raw, last_in_word,
                                                  last_in_word and index == len(words) - 1))
    return Syllabified(tuple(syllables), tuple(dict.fromkeys(guessed)))
