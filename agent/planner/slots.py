"""Reading tool arguments out of a songwriter's words: sections, bars, keys, meters, tempi,
intervals, amounts, file paths, forms. Each reader takes the (normalised) request text and
returns a value or None; none of them guesses when the words say nothing.
"""

from __future__ import annotations

import difflib
import re

from song.keys import Key
from song.chord_chart import chart_in_words as chord_chart  # noqa: F401  (slots.chord_chart: the chart a request names)
from song.roles import role_of

NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
                "twenty": 20, "thirty-two": 32, "thirty two": 32, "a": 1, "an": 1, "single": 1, "couple of": 2}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "last": -1, "final": -1}
SECTION_WORDS = ("pre-chorus", "prechorus", "post-chorus", "chorus", "verse", "bridge", "intro", "outro", "hook",
                 "refrain", "solo", "interlude", "breakdown", "coda", "middle eight", "tag", "main")
REAL_WORDS = {"many", "made", "again", "mean", "chords", "chord", "course", "versus", "version", "reverse", "verses", "choruses", "horse", "chose",
              "choose", "serve", "nerve", "curve", "bride", "ridge", "outdo", "intro"}
INTERVALS = {"half step": 1, "half-step": 1, "semitone": 1, "whole step": 2, "whole-step": 2, "whole tone": 2,
             "tone": 2, "minor third": 3, "major third": 4, "third": 4, "perfect fourth": 5, "fourth": 5, "tritone": 6,
             "perfect fifth": 7, "fifth": 7, "minor sixth": 8, "major sixth": 9, "sixth": 9, "minor seventh": 10,
             "major seventh": 11, "octave": 12}
INTERVAL_ORDINALS = {2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh"}
METER_WORDS = {"waltz time": "3/4", "waltz": "3/4", "three four": "3/4", "three-four": "3/4", "common time": "4/4",
               "four four": "4/4", "four-four": "4/4", "six eight": "6/8", "six-eight": "6/8", "cut time": "2/2",
               "two four": "2/4", "march time": "2/4", "jig time": "6/8", "compound time": "6/8"}


TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SPOKEN_NUMBER = re.compile(r"\b(?:(a|one|two)\s+hundred(?:\s+and)?\s*)?(?:(" + "|".join(TENS) + r")(?:[\s-]+(one|two|three|four|five|six|seven|eight|nine))?"
                           r"|(ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine))?\b")


def number(text: str) -> int | None:
    text = text.strip().lower()
    if text.isdigit():
        return int(text)
    return NUMBER_WORDS.get(text)


def digits(text: str) -> str:
    """Numbers written in words as digits: 'eighty five bpm' -> '85 bpm', 'a hundred and ten' -> '110'
    (twenty and up, and hundreds: smaller ones stay words, as the other readers know them)."""
    def spoken(match: re.Match[str]) -> str:
        hundreds, tens, ones, teen = match.groups()
        if not hundreds and not tens:
            return match.group(0)
        value = (1 if hundreds in ("a", "one") else 2 if hundreds == "two" else 0) * 100 + TENS.get(tens or "", 0)
        value += NUMBER_WORDS.get(ones or teen or "", 0) if (ones or teen) else 0
        return str(value)
    return SPOKEN_NUMBER.sub(spoken, text)


def seed(text: str) -> int | None:
    """'seed 21', 'with seed 3', 'seed=5': the random seed the user names."""
    match = re.search(r"\bseed\s*(?:=|:|of|number|#)?\s*(\d+)\b", text.lower())
    return int(match.group(1)) if match else None


def force(text: str) -> bool | None:
    """'overwrite it', 'replace the file', 'force': write over an existing file."""
    return True if re.search(r"\b(overwrit\w*|replace (?:the|that|any|an existing) file|force)\b", text.lower()) else None


NOTE_NAMES = {"c": 0, "d": 2, "e": 4, "f": 5, "g": 7, "a": 9, "b": 11}


def axis(text: str) -> int | None:
    """The pitch an inversion mirrors around: 'around middle C' (60), 'around E4', 'around midi 64'."""
    lowered = text.lower()
    if re.search(r"\b(?:around|about|on|over)\s+middle\s+c\b", lowered):
        return 60
    match = re.search(r"\b(?:around|about|on|over)\s+(?:midi\s+(?:note\s+)?)?(\d{2,3})\b", lowered)
    if match and 0 <= int(match.group(1)) <= 127:
        return int(match.group(1))
    match = re.search(r"\b(?:around|about|on|over)\s+([a-g])([#b]?)(-?\d)\b", lowered)
    if match:
        return 12 * (int(match.group(3)) + 1) + NOTE_NAMES[match.group(1)] + {"#": 1, "b": -1, "": 0}[match.group(2)]
    return None


def times(text: str) -> int | None:
    """How many steps back or forward: 'twice', 'three times', '3 steps', 'two versions ago'."""
    lowered = text.lower()
    if re.search(r"\btwice\b", lowered):
        return 2
    match = re.search(rf"\b{NUMBER}\s+(?:steps?|times|versions?|changes?|edits?|things|moves|modifications|revisions|of (?:them|those|these|my changes))\b", lowered) or \
        re.search(r"(?:\bx\s*(\d+)\b|\b(\d+)\s*x\b)", lowered) or \
        re.search(r"\b(?:undo|redo)\s+(\d{1,2})\b(?!\s*(?:bars?|semitones?|%))", lowered)  # "redo x2", "undo 3x", "undo 4"
    return number(next(g for g in match.groups() if g)) if match else None


NUMBER = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|twenty|thirty-two|a|an|single|couple of)"


def canonical_section(word: str) -> str:
    word = word.lower().strip()
    return {"prechorus": "pre-chorus", "refrain": "chorus"}.get(word, word)


def fuzzy_section(token: str, known: list[str]) -> str | None:
    """A misspelt section word ('chrous', 'vrese') to the nearest known or standard name."""
    if token.lower() in REAL_WORDS or len(token) < 5:  # "slow" is not a misspelt "solo"
        return None
    candidates = list(dict.fromkeys([k.lower() for k in known] + list(SECTION_WORDS)))
    match = difflib.get_close_matches(token.lower(), candidates, n=1, cutoff=0.75)
    return match[0] if match and abs(len(match[0]) - len(token)) <= 1 else None


def _of_kind(name: str, word: str) -> bool:
    """'chorus', 'chorus 2' and 'final chorus' are choruses; 'pre-chorus' is not (song/roles.py)."""
    role = role_of(word)
    return name.lower() == word or (role is not None and role_of(name) == role)


def sections_mentioned(text: str, known: list[str]) -> list[str]:
    """Section names in the order the words mention them ('verse 2', 'final chorus', 'bridge').
    A name the song has wins; 'the last chorus' is the song's last section called chorus."""
    lowered = PATH.sub(lambda m: " " * len(m.group(0)), text.lower())  # "ideas/hook_v2.mid" names a file, not a hook
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, name: str) -> None:
        if not any(a < end and start < b for a, b in taken):
            taken.append((start, end))
            found.append((start, name))

    words = "|".join(re.escape(w) for w in SECTION_WORDS)
    for match in re.finditer(rf"\b(first|second|third|last|final|1st|2nd|3rd)\s+({words})\b", lowered):
        ordinal, word = match.group(1), canonical_section(match.group(2))
        literal = f"{ordinal} {word}"
        if any(k.lower() == literal for k in known):
            name = next(k for k in known if k.lower() == literal)
        elif ordinal == "last":  # "the last chorus": the song's last section of that kind
            name = next((k for k in reversed(known) if _of_kind(k, word)), word)
        elif ordinal == "final":
            name = literal
        else:
            name = word if ORDINALS[ordinal] == 1 else f"{word} {ORDINALS[ordinal]}"
        add(match.start(), match.end(), name)
    for name in sorted(known, key=len, reverse=True):  # the song's own names, longest first
        for match in re.finditer(rf"(?<![-\w]){re.escape(name.lower())}\b(?!\s*\d+\b(?!\s*%|\.\d))", lowered):
            add(match.start(), match.end(), name)
    for match in re.finditer(rf"(?<![-\w])({words})(?:\s*(\d+)\b(?!\s*(?:%|\.\d|bars?\b|measures?\b|bpm)))?", lowered):  # "chorus 0.3", "chorus 8 bars long"
        word = canonical_section(match.group(1))
        number_said = match.group(2) and (int(match.group(2)) <= 6 or f"{word} {match.group(2)}" in map(str.lower, known))
        name = f"{word} {match.group(2)}" if number_said else word  # "intro 4 bars, verse 8": 8 bars, not an eighth verse
        add(match.start(), match.end(), next((k for k in known if k.lower() == name), name))
    if not found:
        for token in re.findall(r"[a-z\-]{4,}", lowered):
            guess = fuzzy_section(token, known)
            if guess and token not in ("verses", "choruses") and guess != token:
                found.append((lowered.find(token), next((k for k in known if k.lower() == guess), canonical_section(guess))))
                break
    return [name for _, name in sorted(found)]


def bar_count(text: str) -> int | None:
    match = re.search(rf"\b{NUMBER}[\s-]+bars?\b", text.lower())
    if match:
        return number(match.group(1))
    return None


def bar_range(text: str, bars: int | None) -> tuple[int, int] | None:
    """'bars 5 to 8', 'bars 5-8', 'bar 3', 'the last two bars', 'the first four bars', 'the last bar',
    'measures 3-4', 'the second half'."""
    lowered = re.sub(r"\bmeasure(s?)\b", r"bar\1", text.lower())
    half = re.search(r"\b(first|second|last|back|front|1st|2nd) half\b", lowered)
    if half and bars and bars >= 2 and not re.search(r"\bhalf[- ]time\b", lowered):
        middle = bars // 2
        return (1, middle) if half.group(1) in ("first", "front", "1st") else (middle + 1, bars)
    middle = re.search(rf"\bmiddle\s+(?:{NUMBER}\s+)?bars?\b", lowered)
    if middle and bars:  # "the middle four bars" of an 8-bar verse: bars 3-6
        count = min(bars, (number(middle.group(1)) if middle.group(1) else 2) or 2)
        return ((bars - count) // 2 + 1, (bars - count) // 2 + count)
    match = re.search(rf"\bbars?\s+{NUMBER}\s*(?:-|–|to|through|thru|and)\s*{NUMBER}\b", lowered)
    if match and number(match.group(1)) and number(match.group(2)):
        first, last = number(match.group(1)), number(match.group(2))
        return (min(first, last), max(first, last))
    match = re.search(rf"\bbars?\s+from\s+{NUMBER}\s+(?:to|until|till|through|thru|-)\s+{NUMBER}\b", lowered)
    if match and number(match.group(1)) and number(match.group(2)):  # "the bars from 2 until 4"
        first, last = number(match.group(1)), number(match.group(2))
        return (min(first, last), max(first, last))  # type: ignore[type-var]
    match = re.search(r"\bbar\s+(\d+)\b", lowered) or re.search(r"\b(\d+)(?:st|nd|rd|th)\s+bar\b", lowered)
    if match:
        return (int(match.group(1)), int(match.group(1)))
    match = re.search(r"\b(second|third|fourth|fifth|sixth|seventh|eighth)\s+bar\b", lowered)
    if match:  # "only the third bar"
        return (ORDINALS[match.group(1)], ORDINALS[match.group(1)])
    match = re.search(rf"\b(last|final|first|opening|closing|ending|end|beginning|start)\s+(?:{NUMBER}\s+)?bars?\b", lowered)
    if match:
        plural = lowered[match.end() - 1] == "s"  # "the ending bars": two; "the last bar": one
        count = number(match.group(2)) if match.group(2) else 2 if plural else 1
        if count is None:
            return None
        if match.group(1) in ("first", "opening", "beginning", "start"):
            return (1, count)
        if bars is None:
            return None
        return (max(1, bars - count + 1), bars)
    return None


KEY_PATTERN = re.compile(
    r"\b(?:in|to|into|key of|key)\s+(?:the\s+key\s+of\s+)?([a-g])([\s-]*(?:#|sharp|b|flat|♯|♭))?"
    r"(?:\s*-?\s*(major|minor|maj|min|m|dorian|mixolydian|lydian|phrygian|aeolian|ionian|locrian))?(?![\w#♯])", re.IGNORECASE)


BARE_KEY = re.compile(  # a key named without "in": "verse in 6/8, G major, 12 bars", "10 bars, A minor.", "F#m please"
    r"(?:^|[,.;:(]\s*|\b)([A-G])([\s-]*(?:#|sharp|b|flat|♯|♭))?(?:\s*-?\s*(major|minor|maj|min|m|dorian|mixolydian|lydian|phrygian|aeolian))?"
    r"(?=\s*(?:[,.;:!?)]|$|please|pls|and|,))|(?:^|[,.;:]\s*)([a-g])([\s-]*(?:#|sharp|b|flat|♯|♭))?\s*-?\s*(major|minor|maj|min|m)\b(?!\s+(?:key|change|tweak|edit|thing))"
    r"|\b([A-G])([\s-]*(?:#|sharp|b|flat|♯|♭))?\s*-?\s*(major|minor)\b(?!\s+(?:key|change|tweak|edit|thing))")


def key(text: str) -> str | None:
    """'in D minor', 'to E flat', 'into F#', 'key of Bb major' -> 'D minor', 'Eb major'...
    A bare 'a' ('in a minute') is not a key, nor is 'a minor key'. Without "in", a key counts
    when it stands on its own ("12 bars, G major", "A minor.") or is capitalised with its mode."""
    return _key_after_in(text) or _bare_key(text)


def _spelled(letter: str, accidental: str, mode: str) -> str | None:
    accidental, mode = accidental.strip(" -").lower(), mode.lower()
    spelled = letter.upper() + {"#": "#", "sharp": "#", "♯": "#", "b": "b", "flat": "b", "♭": "b"}.get(accidental, "")
    mode = {"maj": "major", "min": "minor", "m": "minor", "": "major"}.get(mode, mode)
    try:
        return str(Key.parse(f"{spelled} {mode}"))
    except Exception:
        return None


def _bare_key(text: str) -> str | None:
    for match in BARE_KEY.finditer(text.strip()):
        groups = [g or "" for g in match.groups()]
        for letter, accidental, mode in (groups[0:3], groups[3:6], groups[6:9]):
            if letter and (letter.isupper() or mode) and not (letter == "A" and not accidental and not mode):
                found = _spelled(letter, accidental, mode)
                if found:
                    return found
    return None


def _key_after_in(text: str) -> str | None:
    for match in KEY_PATTERN.finditer(text):
        letter, accidental, mode = match.group(1), (match.group(2) or "").strip(" -").lower(), (match.group(3) or "").lower()
        if letter == "a" and not accidental and not mode:
            continue
        if letter == "a" and not accidental and re.match(r"\s+(?:key|tonality|feel|mood|sound)\b", text[match.end():]):
            continue  # "in a minor key": any minor key, not A minor
        if letter.islower() and not mode and not accidental and letter != "a":
            if not re.search(rf"\b(?:in|to|into)\s+{letter}\b(?!\s+\w+\s+(?:bars?|notes?))", text):
                continue
        spelled = letter.upper() + {"#": "#", "sharp": "#", "♯": "#", "b": "b", "flat": "b", "♭": "b"}.get(accidental, "")
        mode = {"maj": "major", "min": "minor", "m": "minor", "": "major"}.get(mode, mode)
        try:
            return str(Key.parse(f"{spelled} {mode}"))
        except Exception:
            continue
    return None


def meter(text: str) -> str | None:
    lowered = text.lower()
    match = re.search(r"\b(\d{1,2})\s*/\s*(\d{1,2})\b", lowered)
    if match and int(match.group(2)) in (2, 4, 8, 16):
        return f"{int(match.group(1))}/{int(match.group(2))}"
    for words, value in METER_WORDS.items():
        if words in lowered and not (words == "waltz" and "waltz time" not in lowered and "in waltz" not in lowered and "as a waltz" not in lowered and "to waltz" not in lowered and "into a waltz" not in lowered):
            return value
    return None


TEMPO_WORDS = {  # words for a speed -> beats per minute (the middle of the usual marking)
    r"walking (?:tempo|pace|speed)|andante": 92.0, r"moderat(?:e|o)(?: tempo| pace)?|mid-?tempo": 108.0,
    r"(?:a )?slow (?:tempo|pace|ballad)|ballad tempo|adagio|largo": 66.0,
    r"up-?tempo|upbeat tempo|allegro|fast (?:tempo|pace)|quick (?:tempo|pace)": 132.0, r"presto|very fast": 168.0,
}


def tempo(text: str, current: float | None) -> float | None:
    """A number of bpm, a named speed ('walking tempo', 'allegro'), or faster/slower than now."""
    lowered = digits(text.lower())
    relative = re.search(r"\b(?:by\s+)?(\d{1,3}|five|ten|fifteen)\s*(?:bpm|beats per minute)?\s+(faster|slower|quicker)\b"
                         r"|\b(faster|slower|speed (?:it )?up|slow (?:it )?down|quicker)\b.{0,20}?\bby\s+(\d{1,3}|five|ten|fifteen)\b", lowered)
    if relative and current is not None:
        amount = float(number(relative.group(1) or relative.group(4)) or 0)
        return current - amount if "slow" in (relative.group(2) or relative.group(3) or "") else current + amount
    bumped = re.search(r"\b(up|down|raise|lower|increase|decrease|drop|bump)\b(?:(?!\b(?:to|at)\b)[^\d]){0,20}?(?:by\s+)?(\d{1,2})\s*(?:bpm|beats)\b"
                       r"|\b(up|down|raise|lower|increase|decrease|drop|bump)\s+(?:the\s+)?(?:tempo|bpm|speed)\s+(?:up\s+|down\s+)?by\s+(\d{1,2})\b"
                       r"|\b(\d{1,2})\s*(?:bpm|beats)\s+(up|down|higher|lower|more|less)\b", lowered)
    if bumped:  # "bump the tempo up 10 bpm", "drop it 5 bpm": a change of fewer than 100 bpm, not a tempo
        if current is None:
            return None
        direction = bumped.group(1) or bumped.group(3) or bumped.group(6)
        step = float(bumped.group(2) or bumped.group(4) or bumped.group(5))
        return current - step if direction in ("down", "lower", "decrease", "drop", "less") else current + step
    match = re.search(r"\b(\d{2,3})\s*(?:bpm|beats per minute)\b(?!\s*(?:faster|slower|quicker|up|down|more|less))", lowered) or \
        re.search(r"\b(?:tempo|bpm)\s*(?:to\s+|of\s+|=\s*|:\s*)?(\d{2,3})\b", lowered)
    if match and 30 <= int(match.group(1)) <= 300:  # "10 bpm faster" is a change, never a tempo of 10
        return float(match.group(1))
    match = re.search(r"\b(?:down|up|back)?\s*(?:to|at)\s+(\d{2,3})\b(?!\s*(?:bars?|semitones?|%))", lowered)
    if match and 30 <= int(match.group(1)) <= 260 and re.search(r"\b(tempo|bpm|speed|slow|fast|pace|take it|bring it|drop)", lowered):
        return float(match.group(1))
    match = re.search(r"(?:\d/\d|\bmajor|\bminor|\bm),?\s+at\s+(\d{2,3})\b(?!\s*(?:bars?|measures?|%|semitones?))", lowered)
    if match and 30 <= int(match.group(1)) <= 260:  # "in 6/8 at 100", "A minor at 90"
        return float(match.group(1))
    for words, value in TEMPO_WORDS.items():
        if re.search(rf"\b(?:{words})\b", lowered):
            return value
    if current is not None and re.search(r"\b(double(?:d)? (?:the )?(?:tempo|speed|bpm)|double[- ]time)\b", lowered):
        return current * 2
    if current is not None and re.search(r"\b(halve (?:the )?(?:tempo|speed|bpm)|half (?:the )?(?:tempo|speed|bpm)|half[- ]time)\b", lowered):
        return current / 2
    if current is not None and re.search(r"\b(faster|speed (?:it )?up|quicker)\b", lowered):
        return vaguely_faster_or_slower(current)[0]
    if current is not None and re.search(r"\b(slower|slow (?:it )?down)\b", lowered):
        return vaguely_faster_or_slower(current)[1]
    return None


def vaguely_faster_or_slower(current: float) -> tuple[float, float]:
    """The tempi "faster" and "slower" read as when no number is said (the planner asks how much)."""
    return round(current * 1.1, 1), round(current / 1.1, 1)


REFERENCE_ID = re.compile(r"\b((?:airdsAirs|bach|essenFolksong|oneills1850|ryansMammoth|pop909|user)/[\w./-]+?)\]?(?=[\s,.;]*$|[\s,;])", re.IGNORECASE)


def reference_id(text: str) -> str | None:
    """A reference library id as find_references prints it: 'oneills1850/1476-1555/62'."""
    match = REFERENCE_ID.search(text)
    return match.group(1) if match else None


def which_fixes(text: str, available: int) -> list[int]:
    """Which of the last critique's fixes the words pick, as 0-based positions: 'all of them',
    'the second fix', 'fixes 1 and 3', 'the last one'; the first one when none is named."""
    lowered = text.lower()
    if re.search(r"\b(all|every|each|both|them all|everything)\b", lowered):
        return list(range(available))
    picked: list[int] = []
    for word, position in ORDINALS.items():
        if re.search(rf"\b{word}\b", lowered):
            picked.append(available - 1 if position == -1 else position - 1)
    for digits in re.findall(r"(?:#|\bnumber |\bfix(?:es)? |\band |, )(\d{1,2})\b", lowered):
        picked.append(int(digits) - 1)
    chosen = sorted({p for p in picked if 0 <= p < available})
    return chosen or ([0] if available else [])


def semitones(text: str) -> int | None:
    lowered = re.sub(r"\b(perfect|major|minor|an?)\s+([2-7])(?:st|nd|rd|th)\b",  # "up a perfect 4th"
                     lambda m: f"{m.group(1)} {INTERVAL_ORDINALS[int(m.group(2))]}", text.lower())
    down = bool(re.search(r"\b(down|lower|below|drop)\b", lowered))
    match = re.search(rf"\b([+-]?\d+|{NUMBER[1:-1]})\s*(?:semitones?|half[ -]steps?|st)\b", lowered)
    if match and (match.group(1).lstrip("+-").isdigit() or number(match.group(1))):
        value = int(match.group(1)) if match.group(1).lstrip("+-").isdigit() else number(match.group(1)) or 0
        return -abs(value) if down else value
    match = re.search(rf"\b{NUMBER}\s+(whole[ -]steps?|half[ -]steps?|octaves?)\b", lowered)
    if match and number(match.group(1)):
        unit = INTERVALS[match.group(2).rstrip("s").replace("-", " ")] if match.group(2).rstrip("s").replace("-", " ") in INTERVALS else 2
        value = number(match.group(1)) * unit  # type: ignore[operator]
        return -value if down else value
    for words in sorted(INTERVALS, key=len, reverse=True):
        if re.search(rf"\b{re.escape(words)}\b", lowered):
            return -INTERVALS[words] if down else INTERVALS[words]
    match = re.search(r"\b(?:up|down)\s+(?:by\s+)?([+-]?\d{1,2})\b(?!\s*(?:bars?|%|bpm|notes?|octaves?|steps?|tones?))", lowered)
    if match and re.search(r"\b(transpos\w*|move|shift|bump|take|put|pitch)\b", lowered):  # "transpose the chorus up 5"
        return -abs(int(match.group(1))) if down else abs(int(match.group(1)))
    return None


def amount(text: str) -> float | None:
    """An edit's strength, 0..1: "30%", "amount 0.7", "by 0.4", "(amount 1)", or words ("a bit")."""
    lowered = re.sub(r"\b(?:thanks?|thank you|thx|ty)(?: (?:so|very) much)?\b", " ", text.lower())  # politeness, not strength
    match = re.search(r"\b(\d{1,3})\s*%", lowered)
    if match:
        return min(1.0, int(match.group(1)) / 100)
    match = re.search(r"\bamount\s*(?:of\s*)?[:=]?\s*(\d*\.?\d+)", lowered) or \
        re.search(r"(?<![\w.])(0?\.\d+|1\.0+)(?![\w.])", lowered)
    if match and float(match.group(1)) <= 1:
        return float(match.group(1))
    if re.search(r"\b(a (?:little|bit|touch)|slightly|a little bit|subtly|somewhat)\b", lowered):
        return 0.3
    if re.search(r"\b(a lot|much more|way more|heavily|really|very|strongly|totally|completely)\b", lowered):
        return 0.8
    return None


PATH = re.compile(r"""(?:"([^"]+\.(?:mid|midi|musicxml|xml|wav))"|'([^']+\.(?:mid|midi|musicxml|xml|wav))'"""
                  r"""|((?<!\S)(?:~|\.{1,2}|[A-Za-z]:)?[/\\][^"'\n]*?\.(?:mid|midi|musicxml|xml|wav))\b"""  # a path typed with spaces in it:
                  r"""|(\S+\.(?:mid|midi|musicxml|xml|wav))\b)""", re.IGNORECASE)  # "~/Music/My Song.mid"


def path(text: str) -> str | None:
    found = paths(text)
    return found[0] if found else None


def paths(text: str) -> list[str]:
    """Every file path in the words, in order ('as song.mid and as song.wav')."""
    return [next(group for group in match.groups() if group).lstrip("([{<") for match in PATH.finditer(text)]


def count(text: str) -> int | None:
    """How many results the words ask for: '3 irish jigs', 'give me seven', 'ten of them', '(just 3)'."""
    lowered = text.lower()
    match = re.search(rf"\b{NUMBER}\s+(?:more\s+)?(?:\w+\s+){{0,2}}?(?:references|pieces|tunes|songs|examples|results|chorales|jigs|reels|"
                      rf"waltz(?:es)?|hornpipes|airs|melodies|options|ideas|matches)\b", lowered) \
        or re.search(rf"\b(?:give me|show me|just|only|top)\s+{NUMBER}\s*(?:\)|$|,|\.|of them|please|pls)"
                     rf"|\b(?:pull up|bring up|list|find me|get me|dig up)\s+{NUMBER}\s+(?!bars?\b|bpm\b)[a-z]", lowered) \
        or re.search(rf"\b{NUMBER}\s+of them\b|(?:^|,)\s*{NUMBER}\s*(?:pls|please|plz)?\s*[.!?]*$", lowered)
    said = match and next(g for g in match.groups() if g)  # "ten of them", "..., 10 pls"
    value = number(said) if said else None
    return value if value and value > 1 or (value == 1 and said in ("1", "one")) else None


# The refine goal a request names, first match wins: the specific before the general ("make the
# range narrower" names a range, and is not "wider range"). None when the words name no goal.
GOAL_PATTERNS: tuple[tuple[str, str], ...] = (
    ("narrower range", r"narrow|tighter|smaller range|less range|range\b.*\b(smaller|tighter|less)|(too|so) (wide|spread)"),
    ("wider range", r"wider|broader|bigger range|more range|expand|range\b.*\b(bigger|wider)|static"),
    ("lower register", r"\blower\b|too high|down an octave|deeper|bring it down"),
    ("higher register", r"\bhigher\b|too low|up an octave|brighter|raise it"),
    ("simpler rhythm", r"simpl\w* (the )?rhythm|rhythm\w* (\w+ )?simpl|less (busy|syncopat)|straighter|rhythm\b.*\b(complicated|busy|tricky)"),
    ("end on the tonic", r"end(s|ing)?\b.{0,25}\b(on|at) (the )?(tonic|root|home|key ?note|one\b)|lands? (on|at) home"),
    ("stronger cadence", r"cadence|resolv|resolut|ending|unfinished|finish|conclu|close"),
    ("more singable", r"sing|easier|awkward|leap|jump|voice"),
    ("catchier", r"catch|memorab|hook|repet|stick|earworm"),
)


def refine_goal(text: str) -> str | None:
    """The refine goal named in the words (tools/refine_goals.py), or None."""
    lowered = text.lower()
    return next((goal for goal, pattern in GOAL_PATTERNS if re.search(pattern, lowered)), None)
