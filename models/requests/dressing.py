"""How people type a request: an opener and a closer ("can you ...", "... pls"), texting
shorthand ("u", "w/"), a slip of the keyboard now and then, and any casing. The corpus
(models/requests/corpus.py) writes what is asked; this dresses it as it would be typed."""

from __future__ import annotations

import random
import re

OPENERS = ("", "", "", "", "can you ", "could you ", "please ", "pls ", "let's ", "i want to ", "i'd like to ", "ok ", "ok so ",
           "hey, ", "now ", "next, ", "alright, ", "yo ", "maybe ", "i think we should ", "would you ", "go ahead and ",
           "quick one: ", "hmm, ", "so ", "right, ", "can we ", "i need you to ", "mind if we ", "time to ", "ngl ", "tbh ",
           "u think u could ", "plz ", "kindly ", "i would like that you ", "is it possible to ", "yo can u ")
CLOSERS = ("", "", "", "", " please", " pls", " thanks", "?", "!", " for me", " real quick", " if you can", " thx", ".",
           " when you get a chance", " :)", " again", " now", " rn", " 🙏", " 😅", " lol", " thank you very much", " asap")


def _typo(rng: random.Random, word: str) -> str:
    """One slip of the keyboard: a dropped, doubled or swapped letter."""
    i = rng.randrange(1, len(word) - 1)
    slip = rng.randrange(3)
    if slip == 0:
        return word[:i] + word[i + 1:]
    if slip == 1:
        return word[:i] + word[i] + word[i:]
    return word[:i - 1] + word[i] + word[i - 1] + word[i + 1:]


TEXTING = {"you": "u", "your": "ur", "are": "r", "please": "pls", "thanks": "thx", "with": "w/", "because": "bc",
           "going to": "gonna", "want to": "wanna", "let me": "lemme", "give me": "gimme", "the": "da"}


def dress(rng: random.Random, text: str, framed: bool = True) -> str:
    """Politeness (an opener and a closer, when `framed`), casing, texting shorthand and typos."""
    if framed:
        text = rng.choice(OPENERS) + text + rng.choice(CLOSERS)
    if rng.random() < 0.12:
        for long, short in TEXTING.items():
            if rng.random() < 0.7:
                text = re.sub(rf"\b{long}\b", short, text)
    words = [(_typo(rng, w) if len(w) > 4 and w.isalpha() and rng.random() < 0.04 else w) for w in text.split()]
    text = " ".join(words)
    style = rng.random()
    return text.lower() if style < 0.5 else text.capitalize() if style < 0.8 else text
