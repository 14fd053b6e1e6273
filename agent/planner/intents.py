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
         "straighten": ("straighen", "straigthen")}


def normalise(text: str) -> str:
    """Chinese words into English ones, common typos fixed, whitespace tidied."""
    for chinese, english in CHINESE.items():
        text = text.replace(chinese, english)
    lowered = re.sub(r"(?i)(?<![\w/])w/(?=\s|\w)", "with ", f" {text} ")  # texting: "rhymes w/ midnight"
    for right, wrongs in TYPOS.items():
        for wrong in wrongs:
            lowered = re.sub(rf"(?i)\b{re.escape(wrong.strip())}\b", right, lowered)
    return " ".join(lowered.split())


CONFIDENT = 0.85  # below this the reader's guess may inform, never replace notes unasked (chosen on planner_dev_v2)


def read_intent(clause: str) -> tuple[str, bool, str]:
    """The clause's intent (models/requests/labels.py), whether the reader is sure of it, and
    its runner-up reading (offered when the planner asks)."""
    reading = read_request(clause)
    return reading.intent, reading.confidence >= CONFIDENT, reading.second
