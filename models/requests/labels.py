"""What the request reader says about one step of a chat request: its intent.

An intent names what the step asks for, at the grain the planner acts on: a tool, and for
the tools that take a closed choice (an edit's operation, a refine goal, a song setting) the
choice too, so "singers will struggle with the chorus" reads as `refine:more singable`
without a keyword list. Values (keys, bar numbers, names) are read by the planner's
normalisers; the reader only says what kind of thing is asked.
"""

from __future__ import annotations

from dataclasses import dataclass

EDIT_OPERATIONS = ("syncopate", "straighten", "densify", "simplify", "transpose", "invert", "retrograde", "augment",
                   "diminish", "humanize", "vary")
REFINE_GOALS = ("stronger cadence", "end on the tonic", "wider range", "narrower range", "more singable",
                "lower register", "higher register", "simpler rhythm", "catchier")  # tools/refine_goals.py's GoalName
LIMITS = ("lyrics", "band", "mix")  # what no tool can do yet (agent/planner/limits.py says each one's line)

INTENTS: tuple[str, ...] = (
    "compose", "regenerate", *(f"edit:{op}" for op in EDIT_OPERATIONS),
    "set_key", "set_meter", "set_tempo", "set_title",
    "harmonize", "arrange", "copy", "critique", "references", "set_lyrics",
    "write_song",  # a whole song draft, intro to outro ("write me a pop song"), not one section
    "set_style",  # the song's style for the critique's norms ("it's a pop song")
    "compose_for_words",  # a new melody written for words the request gives (set_lyrics fits words to a melody that exists)
    "rhymes", "syllables", "titles",
    "complain",  # a vague complaint that names no fix ("the chorus is boring"): the planner asks which fix
    "refine", *(f"refine:{goal}" for goal in REFINE_GOALS),
    "load", "load_reference", "export", "play", "undo", "redo", "checkout", "apply_fix",
    "details",  # a fragment that only gives values for the step before it: "10 bars, A minor."
    "chat", "theory", *(f"limit:{what}" for what in LIMITS),
    "unknown",  # nothing the co-composer does: "what's the weather", "asdf"
)


@dataclass(frozen=True)
class Reading:
    """What a step asks for, how sure the reader is (0..1), and the runner-up."""

    intent: str
    confidence: float
    second: str
    second_confidence: float
