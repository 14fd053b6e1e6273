"""Asking instead of guessing: when a reading would replace notes the words did not clearly
name, the planner offers numbered choices and the next message picks one ("1", "the second",
"yes" when there is one choice, "neither" to drop them)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tools.calls import ToolCall

ORDINAL_WORDS = {"first": 1, "1st": 1, "one": 1, "second": 2, "2nd": 2, "two": 2, "third": 3, "3rd": 3, "three": 3,
                 "fourth": 4, "4th": 4, "four": 4, "fifth": 5, "five": 5, "sixth": 6, "six": 6}
YES = r"(yes|yeah|yep|yup|sure|ok|okay|do it|go ahead|please do|that one|correct|right)"
NO = r"(no|nope|neither|none|cancel|never ?mind|forget it|don'?t)"


@dataclass(frozen=True)
class Choice:
    label: str  # what it does, in musical terms
    calls: tuple[ToolCall, ...]


def question(intro: str, choices: tuple[Choice, ...]) -> str:
    options = "  ".join(f"{i} · {c.label}" for i, c in enumerate(choices, 1))
    pick = f"say a number, 1-{len(choices)}" if len(choices) > 2 else "say 1 or 2" if len(choices) > 1 else "say yes (or 1)"
    return f"{intro} {options} ({pick}; or put it another way)."


def picked(text: str, choices: tuple[Choice, ...]) -> Choice | None | bool:
    """The choice the words pick; False when they decline all; None when they are not an
    answer (a new request)."""
    words = re.sub(r"^(?:ok(?:ay)?|yeah|yes|sure|hmm|um|let'?s (?:go with|do))[,\s]+(?=\S)|[,\s]+(?:then|please|pls|thanks?)$", "",
                   text.lower().strip(" .!?"))  # "ok 1 then", "let's do the second"
    if re.fullmatch(rf"{NO}(,? thanks?)?", words):
        return False
    match = re.fullmatch(r"(?:option |number |#)?(\d)|(?:the )?(\w+)(?: one| option)?(?:,? please)?", words)
    if match:
        index = int(match.group(1)) if match.group(1) else ORDINAL_WORDS.get(match.group(2) or "")
        if index is not None and 1 <= index <= len(choices):
            return choices[index - 1]
    if len(choices) == 1 and re.fullmatch(rf"{YES}(,? please)?", words):
        return choices[0]
    if re.fullmatch(r"(?:no,? )?(?:the )?(other|last)(?: one| option)?(?:,? please)?", words) and len(choices) >= 2:
        return choices[-1] if words.endswith(("last", "last one", "last option")) or len(choices) == 2 else None
    named = re.sub(r"^(?:the|a|an)\s+|\s+(?:one|please|pls)$", "", words)  # "jazzy", "110 bpm", "the pre-chorus": a choice's own words
    naming = [c for c in choices if named and len(named.split()) <= 4 and re.search(rf"(?<![\w-]){re.escape(named)}(?![\w-])", c.label.lower().split(" (")[0])]  # not its aside
    return naming[0] if len(naming) == 1 else None
