"""What a clause asks for: keyword rules first (precise, instant), then the nearest example
request by meaning (all-MiniLM-L6-v2 over EXAMPLES) when no rule fires.

An intent names a tool and, for edits and song settings, the operation or property. The
rules are ordered: specific edits before the generic "make/write" of composing, so "make
the chorus more syncopated" is an edit, not a new chorus.
"""

from __future__ import annotations

import re
from functools import lru_cache

CHINESE = {  # a few Chinese requests, put into the English words the rules read
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

RULES: list[tuple[str, str]] = [  # (intent, pattern), first match wins
    ("chat", r"^\s*(hi|hello|hey|yo|thanks|thank you|thx|cheers|good (morning|evening|afternoon)|great|awesome|nice|cool|ok|okay)\b[\s!.,]*(there|a lot|so much|very much|cocomposer)?[\s!.]*$"),
    ("theory", r"^\s*(what(?:'s| is| are| does)|explain|define|tell me (about|what)|how (do|does|is)|why (do|does|is))\b(?!.*\b(think|you think|sound|sounds)\b)"),
    ("undo", r"\b(undo|revert|take (that|it) back|go back( a step| one step| to the previous)?|previous version|back to (how it was|before))\b"),
    ("redo", r"\b(redo|re-do|bring (it|that) back|put (it|that) back)\b(?!\s+(bars?|the\s+(last|first)))"),
    ("load", r"\b(load|import|open|bring in|read)\b.*\.(mid|midi)\b"),
    ("apply_fix", r"\b(apply|accept|take|use|do|try|go with|make)\b.{0,30}\b(fix|fixes|suggestions?|recommendations?)\b|^\s*(?:yes|ok|okay|sure|please)?[,!]?\s*(fix (it|them|those|that|all( of them)?|everything)|apply (it|them|that|those|all))\s*[.!]?\s*$"),
    ("critique", r"\b(critique|critic|analy[sz]e|analysis|feedback|review|what do you think|how does (it|this|the \w+) sound|any (problems|issues)|evaluate|assess|thoughts on)\b"),
    ("export", r"\b(export|save|write (it|the song|this)? ?(out )?(to|as)|render)\b|\b(as|to) (a )?(midi|musicxml|wav|audio) file\b"),
    ("play", r"\b(play|listen|hear)\b(?! order)(?!.*\b(backwards?|in reverse|upside[- ]down|inverted)\b)"),
    ("references", r"\b(find|search|look for|looking for|show me|suggest|recommend)\b.*\b(tunes?|songs?|pieces?|melodies|jigs?|reels?|waltz\w*|hornpipes?|airs?|chorales?|references?|examples?|ideas?|inspiration|folk)\b|\b(existing|known|similar|famous) (melod|tune|song|piece)|\bsounds? like my\b|\bresembl\w*|\breferences?\b"),
    ("refine", r"\b(hard|tough|difficult|impossible|awkward|tricky) to sing\b|\b(refine|improve|polish|stronger (cadence|ending)|more singable|easier to sing|singable|catchier|more memorable|wider range|bigger range|more of a hook|resolve better)\b"
               r"|\b(narrower|(smaller|less|more|bigger|tighter) range|(lower|higher) register|simpler rhythm|simplify the rhythm)\b"
               r"|\brange\b.{0,25}\b(narrow|tight|small|wide|big)\w*|\bend(s|ing)?\b.{0,25}\b(on|at) (the )?(tonic|root|home|home note|key ?note)\b"),
    ("harmonize", r"\b(chords?|harmoni[sz]e|harmony|reharmoni[sz]e|accompaniment)\b"),
    ("copy", r"\b(copy|duplicate|clone)\b"),
    ("arrange", r"\b(arrange|form|structure|order of the sections|song order|play order)\b|\b(order|sequence)\b.*\bsections?\b"),
    ("regenerate", r"\b(regenerate|rewrite|re-write|redo|replace|redraft|new notes for|change|fix|rework|different|new)\b.*\bbars?\b(?!\s*(in|of) (3/4|4/4|6/8|2/4))|\bbars?\b.*\b(rewrite|regenerate|again|different|boring|weak)\b"),
    ("compose", r"\b(rewrite|re-write|redraft|scrap|start over on)\b.*\b(verse|chorus|bridge|intro|outro|hook|refrain|pre-chorus|section|melody|tune)\b(?!.*\bbars?\b)"),
    ("compose", r"^(?:please |can you |could you |let's |lets |now |ok,? |and )*(?:write|compose|create|generate|give me|draft|sketch|come up with|start with|make (?:a|an|me a|me an|us a)|add (?:a|an))\b(?!.*\b(chords?|harmon\w*|variation|vary|different bars|bars? \d+)\b)"),
    ("compose", r"^(?:now|next|then|and|ok|okay)?,?\s*(?:an?|one more|another)\s+(?:[\w-]+\s+){0,3}?(?:verse|chorus|bridge|intro|outro|pre-chorus|prechorus|hook|refrain|solo|interlude|coda|middle eight)\b(?!\s+(?:is|was|sounds?|feels?|has|seems|needs)\b)(?!.*\b(chords?|harmon\w*)\b)"),
    ("set_title", r"\b(call (it|the song)|title|name the song|rename the song)\b"),
    ("set_meter", r"\b(meter|time signature)\b|\b(make it|turn it into|change it to|switch to) (a )?(waltz|march|jig)\b|\bin (3/4|6/8|2/4|4/4|waltz time|common time)\b(?!.*\b(write|compose|create|generate|give)\b)"),
    ("set_tempo", r"\b(bpm|tempo|faster|slower|speed (it )?up|slow (it )?down|quicker)\b"),
    ("set_key", r"\b(key|modulate)\b(?!.*\b(write|compose|create)\b)|\b(change|switch|move|put|transpose) (the (whole )?song|everything|it all)\b"),
    ("edit:straighten", r"\b(straighten|straighter|un-?syncopat\w*|less syncopat\w*|on the beat|square(r)?|less swing)\b"),
    ("edit:syncopate", r"\b(syncopat\w*|funk(y|ier)?|off[- ]?beat|off the beats?|offbeat|groov\w*|push(ed)? (the )?notes|swing\w*|more rhythmic)\b"),
    ("edit:simplify", r"\b(simpl\w*|fewer notes|less busy|sparser|calmer|strip\b.*\bdown|less dense|thin (it )?out)\b"),
    ("edit:densify", r"\b(busier|more notes|denser|densify|more active|fill (it )?(in|out)|ornament\w*|more movement)\b"),
    ("edit:invert", r"\b(invert\w*|inversion|upside[- ]down|mirror\w*)\b"),
    ("edit:retrograde", r"\b(retrograde|backwards?|reverse\w*)\b"),
    ("edit:augment", r"\b(augment\w*|half[- ]time|twice as (slow|long)|stretch\w*|longer notes)\b"),
    ("edit:diminish", r"\b(diminish\w*|double[- ]time|twice as fast|compress\w*|shorter notes)\b"),
    ("edit:humanize", r"\b(humani[sz]e\w*|less robotic|more human|natural feel|loosen (it )?up|less mechanical)\b"),
    ("edit:vary", r"\b(vary|variation|different pitches|change the notes|mix (it )?up|new pitches)\b"),
    ("edit:transpose", r"\b(transpos\w*|shift|raise|lower|move)\b.*\b(up|down|higher|lower|octave|step|semitones?|third|fourth|fifth|sixth)\b|\b(up|down) (an?|one|two|\d+) (octave|whole step|half step|semitones?|step|tone|minor third|major third|third|fourth|fifth|perfect \w+)\b"),
    ("compose", r"\b(write|compose|create|make|generate|give me|start|add|come up with|draft|new|sketch|need|want)\b.*\b(melody|melodies|tune|song|section|verse|chorus|bridge|intro|outro|hook|pre-chorus|prechorus|refrain|solo|interlude|something|idea|bars?|part)\b"),
]
COMPILED = [(intent, re.compile(pattern, re.IGNORECASE)) for intent, pattern in RULES]

EXAMPLES: dict[str, tuple[str, ...]] = {  # for requests no rule catches: nearest by meaning
    "compose": ("write me a melody", "I need a tune for the second part", "let's begin with something upbeat",
                "come up with a line for the verse", "give me a new section"),
    "edit:syncopate": ("give it more bounce", "make the rhythm less predictable", "more rhythmic tension"),
    "edit:simplify": ("it's too cluttered", "too many notes", "less is more here"),
    "edit:densify": ("it feels empty", "needs more going on", "too sparse"),
    "edit:transpose": ("put it higher", "take it lower", "it sits too low"),
    "critique": ("is this any good", "does it work", "tell me what's wrong with it", "rate my melody"),
    "harmonize": ("what goes underneath this", "add a progression", "back it with some harmony"),
    "play": ("let me hear it", "how does it go", "audition the chorus"),
    "undo": ("I liked it better before", "that was worse", "no, the old one"),
    "refine": ("make it better", "it needs work", "tighten it up"),
    "references": ("what does this remind you of", "anything famous like this"),
    "chat": ("you're helpful", "good job", "bye"),
}


MIN_SIMILARITY = 0.55  # below this the nearest example is not close enough to act on


def normalise(text: str) -> str:
    """Chinese words into English ones, common typos fixed, whitespace tidied."""
    for chinese, english in CHINESE.items():
        text = text.replace(chinese, english)
    lowered = f" {text} "
    for right, wrongs in TYPOS.items():
        for wrong in wrongs:
            lowered = re.sub(rf"(?i)\b{re.escape(wrong.strip())}\b", right, lowered)
    return " ".join(lowered.split())


def rule_intent(clause: str) -> str | None:
    for intent, pattern in COMPILED:
        if pattern.search(clause):
            return intent
    return None


@lru_cache(maxsize=1)
def _example_vectors():
    import numpy as np

    from tools.sentences import embed_sentences

    labels, texts = zip(*[(intent, text) for intent, examples in EXAMPLES.items() for text in examples])
    return list(labels), np.array(embed_sentences(list(texts)))


def nearest_intent(clause: str) -> tuple[str, float]:
    """The intent of the most similar example request, and the cosine similarity."""
    import numpy as np

    from tools.sentences import embed_sentences

    labels, vectors = _example_vectors()
    similarities = vectors @ np.array(embed_sentences([clause])[0])
    best = int(np.argmax(similarities))
    return labels[best], float(similarities[best])


def intent_of(clause: str, allow_embedding: bool = True) -> str:
    """The clause's intent; 'unknown' when neither rules nor examples are close."""
    return read_intent(clause, allow_embedding)[0]


def read_intent(clause: str, allow_embedding: bool = True) -> tuple[str, bool]:
    """The clause's intent and whether a rule read it (True) or only the nearest example by
    meaning did (False: a guess, which must not be allowed to replace notes unasked)."""
    found = rule_intent(clause)
    if found is not None:
        return found, True
    if not allow_embedding:
        return "unknown", False
    intent, similarity = nearest_intent(clause)
    return (intent if similarity >= MIN_SIMILARITY else "unknown"), False
