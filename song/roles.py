"""What a section is for, read from its name: one set of rules for every part that asks.

A songwriter names sections freely: "chorus", "Chorus 2", "final chorus", "last chorus",
"refrain", "verse 2", "bridge b", "middle 8", "pre-chorus". The composer (a chorus is written
above its verse), the critique (does the chorus lift?), the planner (which section is
"the chorus"?) and the MIDI importer (which markers name sections?) all need the same answer.

>>> [role_of(n) for n in ("Chorus 2", "final chorus", "refrain", "pre-chorus", "Verse", "middle 8", "inspiration")]
['chorus', 'chorus', 'chorus', 'pre-chorus', 'verse', 'bridge', None]
"""

from __future__ import annotations

import re
from typing import Iterable, Literal

SectionRole = Literal["intro", "verse", "pre-chorus", "chorus", "post-chorus", "bridge", "solo", "interlude",
                      "breakdown", "outro"]

# the words that name each role, most specific first ("pre-chorus" before "chorus")
ROLE_WORDS: tuple[tuple[SectionRole, tuple[str, ...]], ...] = (
    ("pre-chorus", ("pre-chorus", "prechorus", "pre chorus", "build", "lift", "climb")),
    ("post-chorus", ("post-chorus", "postchorus", "post chorus")),
    ("chorus", ("chorus", "refrain", "hook")),
    ("verse", ("verse",)),
    ("bridge", ("bridge", "middle 8", "middle eight", "middle8")),
    ("intro", ("intro", "introduction")),
    ("outro", ("outro", "coda", "ending", "tag", "fade")),
    ("solo", ("solo", "instrumental")),
    ("interlude", ("interlude", "break")),
    ("breakdown", ("breakdown", "drop")),
)
_PATTERNS = tuple((role, re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in words) + r")(?![\w-])"))
                  for role, words in ROLE_WORDS)


def role_of(name: str) -> SectionRole | None:
    """The role a section's name gives it ("final chorus" -> "chorus"), or None ("inspiration")."""
    lowered = " ".join(name.lower().replace("_", " ").split())
    return next((role for role, pattern in _PATTERNS if pattern.search(lowered)), None)


def free_name(base: str, taken: Iterable[str]) -> str:
    """`base` when no section has it, else the first free "base 2", "base 3"...

    >>> free_name("verse", ["verse", "verse 2", "chorus"])
    'verse 3'
    """
    names = set(taken)
    return next(name for name in (base, *(f"{base} {n}" for n in range(2, len(names) + 3))) if name not in names)


def is_role(name: str, role: SectionRole) -> bool:
    return role_of(name) == role
