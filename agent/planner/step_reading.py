"""What one step asks for, read by the request reader and then settled by what is around it:
the story told before the ask ("too many different note lengths. calm the rhythm down"), the
bars an earlier step named ("... regen those"), words handed over ("check how this sits on the
verse: <words>"), and other apps' words ("tabs for the chorus" is no compose). The planner then
builds the call for the settled intent (agent/planner/plan.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.planner import slots
from agent.planner.arguments import mentioned_sections
from agent.planner.context import SongContext
from agent.planner.intents import CUES, cued, read_intent
from agent.planner.steps import OTHER_APPS

IGNORED = "ignored"  # a step that asks for nothing: "..., leave the rest in A major", "game cue work: ..."
SIDE_REMARKS = {"play", "critique", "references", "chat", "unknown", "complain", "refine",
                *(intent for intent in CUES if intent.startswith(("edit:", "refine:")))}  # what an unsure few words beside the asks may read as
REWRITE_THEM = re.compile(r"(?:(?:pls|please|just|then|so|ok)\s+)?(?:rewrite|redo|regenerate|redraft|replace|change|fix|swap)\s+(?:just\s+|only\s+)?"
                          r"(?:them|those|em|'em|these|those bars|them bars|that bit)(?:\s+(?:please|pls|out|for me))?[.!]*", re.IGNORECASE)
CHORDS_ASKED = re.compile(r"\b(?:what|which)\s+chords?\s+(?:are|is|did|does|do you have|have you)\b|\bwhat(?:'s| are| is) the chords?\b"
                          r"|\b(?:show|list|see|tell)(?: me)?\s+(?:the\s+|my\s+|its\s+)?chords?\b|\bchord (?:chart|sheet|symbols)\b", re.IGNORECASE)
_SONG_WORDS = r"(?:\s+(?:a|an|the|my|this|one))?\s*(?:(?:simple|little|quick|proper|real|catchy|sad|happy|upbeat|slow|fast|\w+ (?:bpm|minor|major))\s+)*"
WHOLE_SONG = re.compile(  # "write me a pop song", "a whole song in A minor", "finish the song": the words ask for a song, not a part
    rf"(?:\b(?:write|compose|gimme|give me|draft|create|sketch|finish|complete|make me|make us|need|want|build me)\b(?:\s+(?:me|us))?{_SONG_WORDS}"
    rf"|\b(?:make|do|build|write|give me|gimme)\b(?:\s+(?:me|us))?{_SONG_WORDS}(?:whole|full|complete|entire|new|rest of the)\s+{_SONG_WORDS})"
    r"(?:pop\s+)?(?:song|tune|track|draft)\b(?!\s+(?:title|name|lyrics?|words|file|about|for|to)\b)", re.IGNORECASE)
STYLE_SAID = re.compile(r"^(?:(?:no|nah|actually|well|ok)[,.]?\s+)?(?:it'?s|its|this is|it is|that'?s|treat (?:it|this|the song) as|judge (?:it|this|the song) as|"
                        r"compare (?:it|this|the song) (?:to|with)|the song is|my song is)\s+(?:a\s+|an\s+)?(pop|folk)"
                        r"(?:\s+(?:song|tune|track|songs|tunes))?[.!]*$", re.IGNORECASE)
A_NEW_SECTION = re.compile(r"(?:\w+\s+){0,3}?(?:add|write|make|start|create|give me|need)\s+(?:a|another|one more)\s+(?:new\s+)?"
                           r"(?:section|part)(?:\s+(?:please|pls|to the song|to it|now))?[.!?]*", re.IGNORECASE)


@dataclass(frozen=True)
class Story:
    """The sentences before the ask that only tell ("the verse is too syncopated and sits too
    high."), with the reader's reading of each: (intent, sure, runner-up)."""

    parts: tuple[str, ...] = ()
    readings: tuple[tuple[str, bool, str], ...] = ()

    @classmethod
    def of(cls, parts: list[str]) -> "Story":
        return cls(tuple(parts), tuple(read_intent(part) for part in parts))

    def fix(self) -> str | None:
        """The last sentence that names an edit or a goal for sure ("chorus ending is weak")."""
        return next((part for part, (intent, sure, _) in reversed(list(zip(self.parts, self.readings)))
                     if sure and intent.startswith(("edit:", "refine:"))), None)


@dataclass(frozen=True)
class StepReading:
    step: str  # the words the call is built from (the story's sentence, for "fix that")
    intent: str
    sure: bool
    second: str


def read_step(step: str, context: SongContext, story: Story, *, first: bool, alone: bool, bars_named: bool,
              words_given: bool) -> StepReading:
    """`first`: no call was planned before this step; `alone`: the request has no other step;
    `bars_named`: an earlier step named bars; `words_given`: the request hands over song words."""
    intent, sure, second = read_intent(step)
    told_fix = story.fix() if not context.fixes else None
    if intent == "apply_fix" and told_fix and first:  # "chorus ending is weak. fix that": the fix the story names
        step, (intent, sure, second) = told_fix, read_intent(told_fix)
    if bars_named and REWRITE_THEM.fullmatch(step):
        intent, sure = "regenerate", True  # "the last two bars of the chorus do nothing for me. regen those"
    if intent == "set_title" and re.search(r"\bwhat\b[^.]*\b(?:call|name)\b|\bideas?\b|\boptions\b", step, re.IGNORECASE):
        intent = "titles"  # "what would u even call this song? give me 5": ideas asked for, not a title given
    if WHOLE_SONG.search(step) and (intent in ("compose", "compose_for_words", "unknown", "chat", "regenerate")
                                    or intent.startswith(("set_", "limit:lyrics", "refine:"))) \
            and not re.search(r"(?<!with a )(?<!with an )\b(?:verse|chorus|bridge|intro|outro|section|bars?|words|lyrics)\b|:"
                              r"|\b(?:ending|end|cadence|resolve|tonic)\b",
                              step, re.IGNORECASE):
        intent, sure = "write_song", True  # "write me a pop song": a whole draft (tools/song_draft.py), not one section
    if intent == "write_song" and re.search(r"\b(?:find|search|look(?:ing)? (?:for|up)|show me|pull up|dig up|references?|inspo|"
                                            r"inspiration|library)\b", step, re.IGNORECASE):
        intent, sure = "references", True  # "find me a slow pop ballad around 70 bpm": songs to look at, not a draft to write
    if intent == "write_song" and not alone and re.search(r"\b(?:i'?m|i am|i want to|i'?d like to|we'?re|let'?s)\b[^.]*\babout\b", step, re.I):
        return StepReading(step, IGNORED, sure, second)  # "I want to write a song about a night train. Start with a verse ...": the story
    if STYLE_SAID.match(step.strip()):
        intent, sure = "set_style", True  # "it's a pop song": the norms the critique holds it to
    if A_NEW_SECTION.fullmatch(step):
        intent, sure = "compose", True  # "add a new section": which one is asked (open_questions.py)
    told = {i for i, _, _ in story.readings}
    if not sure and (intent in told or second in {i for i, s, _ in story.readings if s}):
        intent, sure = intent if intent in told else second, True  # the story agrees, or says the runner-up for sure
    if not sure and second.startswith("limit:") and (intent in ("compose", "regenerate", "export") or intent.startswith("edit:")):
        intent = second  # "make guitar tabs for the chorus": no stand-in call for what no tool does
    if intent.startswith("set_") and re.match(r"(?:and\s+|but\s+)?(?:leave|keep|stay)\b", step, re.IGNORECASE):
        return StepReading(step, IGNORED, sure, second)  # "..., leave the rest of the song in A major": nothing to change
    if not sure and not alone and len(step.split()) <= 4 and not mentioned_sections(step, context) and not cued(step) \
            and not re.search(r"\d", step) and intent in SIDE_REMARKS:  # "game cue work: ...", "... full serialist mode lol"
        return StepReading(step, IGNORED, sure, second)
    if OTHER_APPS.search(slots.PATH.sub(" ", step)) and (intent in ("compose", "regenerate", "critique", "load", "harmonize") or (
            intent in ("export", "play", "rhymes", "unknown") and not (  # "save it as an ableton project", "tabs for the chorus"
            slots.path(step) or re.search(r"\b(musicxml|midi?|wav)\b", step, re.IGNORECASE)))):  # not "export musicxml to print"
        intent = "limit:mix"
    if intent == "play" and re.search(r"\b(play|playing) order\b", step, re.IGNORECASE):
        intent = "arrange"  # "play order: chorus, verse, ...": the form, not playback
    if intent == "critique" and words_given and re.search(r"\b(?:check|fits?|sits?|scans?|work)\b", step, re.IGNORECASE):
        intent = "syllables"  # "check how this sits on the verse and then put it on: <words>": the words against its melody
    if intent == "harmonize" and CHORDS_ASKED.search(step):
        intent = "show_chords"  # "what chords are in the final chorus": read them, never replace them
    if intent in ("harmonize", "compose", "limit:band") and slots.chord_chart(step):  # "a verse over Am F C G": the chords are given
        named = [name for name in mentioned_sections(step, context) if name in context.names]
        writes = re.search(r"\b(?:write|compose|new|gimme|give me|make me|melody|tune)\b", step, re.IGNORECASE)
        intent, sure = ("limit:chords", True) if intent != "compose" and named and not writes else ("compose", True)
    if intent == "load" and not slots.path(step) and slots.reference_id(step):
        intent = "load_reference"  # "load ryansMammoth/AMerryWoman as 'jig idea'"
    return StepReading(step, intent, sure, second)
