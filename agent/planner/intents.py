"""What a clause asks for, read by the request reader (models/requests/: MiniLM fine-tuned on
a generated corpus, reached through tools/requests.py), after the words are tidied.

An intent names a tool and, for edits, refine goals and song settings, the choice too. How
sure the reader is matters: an unsure reading never replaces notes without asking.
"""

from __future__ import annotations

import re

from tools.requests import read_request

CHINESE = {  # a few Chinese requests, put into the English words the reader and the value readers know
    "副歌": " chorus ", "主歌": " verse ", "桥段": " bridge ", "前奏": " intro ", "尾奏": " outro ", "切分": " syncopate ",
    "撤销": " undo ", "重做": " redo ", "导出": " export ", "播放": " play ", "和弦": " chords ", "配和弦": " harmonize ",
    "点评": " critique ", "评价": " critique ", "分析": " analyze ", "写": " write ", "一段": " a ", "小节": " bars ",
    "旋律": " melody ", "更": " more ", "简单": " simpler ", "然后": " then ", "你好": " hello ", "谢谢": " thanks ",
    "八": " 8 ", "四": " 4 ", "十六": " 16 ", "移调": " transpose ", "升": " up ", "降": " down ",
}
TYPOS = {"syncopate": ("syncapate", "syncopte", "sincopate", "syncopatd", "syncopatted", "syncopayed"),
         "chorus": ("chrous", "chorous", "choros", "courus"), "verse": ("vrese", "verce", "vers "),
         "harmonize": ("harmonise", "harmonzie", "harmonixe"), "melody": ("melodie", "meldoy"),
         "bridge": ("brigde", "bridg "), "critique": ("critque", "critic ", "critisize", "criticize"),
         "transpose": ("transpoze", "tranpose"), "export": ("exprot", "exoprt"), "simpler": ("simpeler",),
         "straighten": ("straighen", "straigthen"), "regenerate": ("regen",)}


def normalise(text: str) -> str:
    """Chinese words into English ones, common typos fixed, whitespace tidied."""
    for chinese, english in CHINESE.items():
        text = text.replace(chinese, english)
    lowered = re.sub(r"(?i)(?<![\w/])w/(?=\s|\w)", "with ", f" {text} ")  # texting: "rhymes w/ midnight"
    for right, wrongs in TYPOS.items():
        for wrong in wrongs:
            lowered = re.sub(rf"(?i)\b{re.escape(wrong.strip())}\b", right, lowered)
    return " ".join(lowered.split())


CONFIDENT = 0.9  # below this the reader's guess may inform, never replace notes unasked (chosen on the dev sets v2-v8 pooled)


CUES: dict[str, str] = {  # words that name one choice of a closed set outright: they settle the reader's pick between
    # its first two readings ("narrow the verse range": narrower, never wider, however close the reader's scores)
    "edit:syncopate": r"syncopat|off the beat|offbeat", "edit:straighten": r"straighten|on the beat|less syncopat|quantiz",
    "edit:densify": r"densif|busier|more notes", "edit:simplify": r"simplif|fewer notes|thin\w* (?:it |\w+ )?out|less busy",
    "edit:transpose": r"transpos|semitones?|(?:up|down) (?:a|an|one|two) (?:whole |half )?(?:step|tone|octave)",
    "edit:humanize": r"humani[sz]|played by a (?:person|human)|less robotic|robotic", "edit:vary": r"\bvary|variation|new pitches|same rhythm|keep the (?:\w+ )?rhythm",
    "edit:invert": r"invert|upside down", "edit:retrograde": r"retrograde|backwards|reverse",
    "edit:augment": r"augment|half[- ]time|twice as long|longer notes", "edit:diminish": r"diminish|double[- ]time|half as long|shorter notes",
    "refine:narrower range": r"narrow|tighter|too wide|smaller range|range in\b", "refine:wider range": r"wider|widen|range out|too narrow|bigger range",
    "refine:lower register": r"sits? (?:too )?high\b|too high\b|lower (?:register|in the voice)|cracks up top|sit lower|(?:down|lower)\b.{0,12}same key",
    "refine:higher register": r"sits? (?:too )?low\b|too low\b|higher (?:register|in the voice)|sit higher|(?:up|lift|raise)\b.{0,12}same key",
    "refine:more singable": r"singable|leaps", "refine:simpler rhythm": r"simpler rhythm|note lengths|rhythm's too|rhythm is too",
    "refine:stronger cadence": r"cadence|feel finished|lands? home|resolve", "refine:end on the tonic": r"\btonic\b|home note|last note",
    "refine:catchier": r"catchier|hookier|more memorable|earworm",
}


def _kind(intent: str) -> str:
    return intent.split(":")[0]


def cued(clause: str) -> set[str]:
    """The edits and refine goals the clause's words name outright (CUES)."""
    return {intent for intent, words in CUES.items() if re.search(words, clause, re.IGNORECASE)}


def settled(intent: str, clause: str) -> str | None:
    """The choice the clause's own words name outright, when the reader's first reading is a choice
    of that kind (an edit, a refine goal) and the words name one such choice only
    ("narrow it": narrower range, whatever the reader's scores); None when they do not settle it."""
    if intent not in CUES:
        return None  # "write me a new syncopated one": a compose, whatever "syncopated" says about edits
    named = [option for option in cued(clause) if _kind(option) == _kind(intent)]
    return named[0] if len(named) == 1 else None


def read_intent(clause: str) -> tuple[str, bool, str]:
    """The clause's intent (models/requests/labels.py), whether the reader is sure of it (or the
    words name it outright), and its runner-up reading (offered when the planner asks)."""
    reading = read_request(clause)
    if reading.confidence < CONFIDENT:
        named = settled(reading.intent, clause)
        if named is not None:
            return named, True, reading.second if named == reading.intent else reading.intent
    return reading.intent, reading.confidence >= CONFIDENT, reading.second
