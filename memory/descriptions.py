"""One sentence per piece, in the words a musician searches with.

"Irish double jig in D major, 6/8, 16 bars, lively stepwise melody, bright, range D4-B5,
from O'Neill's Music of Ireland (1850)." The sentence is what the text embedding indexes,
so it names the things people ask for: nationality or region, dance or song type, key,
meter, length, character (busy or calm, stepwise or leaping, syncopated), a mood word, the
range and the source. Essen headers are German; the glossary below puts the common
words into English.
"""

from __future__ import annotations

import re

from memory.abc_headers import AbcHeader
from memory.pieces import COLLECTION_NAMES, POP909, TICKS, Piece
from song.features import leap_ratio, pitch_range, stepwise_ratio, syncopation
from song.keys import pitch_name

PLACES = {  # Essen "O:" words -> English
    "deutschland": "German", "brd": "German", "ddr": "German", "luxemburg": "Luxembourgish", "lothringen": "Lorraine",
    "elsass": "Alsatian", "oesterreich": "Austrian", "schweiz": "Swiss", "niederlande": "Dutch", "irland": "Irish",
    "jugoslawien": "Yugoslav", "udssr": "Russian", "ungarn": "Hungarian", "tschechoslowakei": "Czech", "polen": "Polish",
    "rumaenien": "Romanian", "frankreich": "French", "daenemark": "Danish", "schweden": "Swedish", "italien": "Italian",
    "england": "English", "china": "Chinese", "hessen": "Hesse", "schlesien": "Silesia", "rheinland": "Rhineland",
    "westfalen": "Westphalia", "niederrhein": "Lower Rhine", "bayern": "Bavaria", "sachsen": "Saxony",
    "thueringen": "Thuringia", "schwaben": "Swabia", "franken": "Franconia", "brandenburg": "Brandenburg",
    "gottschee": "Gottschee",
}
COUNTRIES = {"German", "Luxembourgish", "Austrian", "Swiss", "Dutch", "Irish", "Yugoslav", "Russian", "Hungarian",
             "Czech", "Polish", "Romanian", "French", "Danish", "Swedish", "Italian", "English", "Chinese", "Alsatian"}
GENRES = {  # words in R: fields or titles -> the English genre (first match wins, so specific first)
    "double jig": "double jig", "single jig": "single jig", "slip jig": "slip jig", "slipjig": "slip jig",
    "jig": "jig", "reel": "reel", "hornpipe": "hornpipe", "strathspey": "strathspey", "highland fling": "highland fling",
    "clog": "clog dance", "set dance": "set dance", "long dance": "long dance", "polka": "polka", "waltz": "waltz",
    "walzer": "waltz", "mazurka": "mazurka", "schottische": "schottische", "march": "march", "quick step": "quick step",
    "quickstep": "quick step", "minuet": "minuet", "gavotte": "gavotte", "country dance": "country dance",
    "lament": "lament", "air": "air", "ballade": "ballad", "romanze": "romance", "liebes": "love song",
    "kinder": "children's song", "wiegen": "lullaby", "soldaten": "soldier's song", "kriegs": "war song",
    "trink": "drinking song", "tanz": "dance song", "reigen": "round dance", "weihnacht": "Christmas song",
    "religi": "sacred song", "geistlich": "sacred song", "abschied": "farewell song", "jaeger": "hunting song",
    "klage": "lament", "scherz": "humorous song", "xiaodiao": "xiaodiao (ditty)", "shange": "shan'ge (mountain song)",
    "haozi": "haozi (work song)", "lied": "song",
}
NATIONALITY = {"oneills1850": "Irish", "airdsAirs": "Scottish"}
FIDDLE_BOOKS = ("oneills1850", "ryansMammoth", "airdsAirs")
LIVELY = 1.6  # notes per quarter note from which a tune reads as lively


def origin_words(collection: str, header: AbcHeader | None) -> str:
    """'German (Hesse)', 'Chinese (Shaanxi)', 'Irish', 'J. S. Bach' or ''."""
    if collection == "bach":
        return "J. S. Bach"
    if collection in NATIONALITY:
        return NATIONALITY[collection]
    if header is None or not header.origin:
        return ""
    parts = [p.strip() for p in re.split(r"[,;/()]", header.origin) if p.strip()]
    english = [PLACES.get(p.lower(), "") for p in parts]
    country = next((e for e in english if e in COUNTRIES), "")
    if not country and parts and parts[0].lower() == "china":
        country = "Chinese"
    region = next((e for e in english if e and e not in COUNTRIES), "")
    if country == "Chinese" and len(parts) > 1:
        region = parts[1]
    if not country and any(p.lower() in ("mitteleuropa", "europa") for p in parts):
        country = "Central European"
    return f"{country} ({region})" if country and region else country or region


def genre_words(collection: str, header: AbcHeader | None, title: str, meter: str, notes_per_quarter: float) -> str:
    """The dance or song type from the rhythm field, else from the title, else (for the
    fiddle books, whose dance tunes are not all labelled) a lively 6/8 or 9/8 is a jig or a
    slip jig; '' when unknown."""
    if collection == "bach":
        return "chorale"
    for text in ((header.rhythm if header else ""), title):
        lowered = text.lower()
        for word, genre in GENRES.items():
            if word in lowered:
                return genre
    if collection in FIDDLE_BOOKS and notes_per_quarter >= LIVELY:
        return {"6/8": "jig", "9/8": "slip jig"}.get(meter, "")
    return ""


def notes_per_quarter(piece: Piece) -> float:
    last = max((s + d for _, s, d in piece.notes), default=0)
    return len(piece.notes) / max(1.0, last / TICKS)


def character(piece: Piece) -> str:
    """'lively stepwise melody, bright' and the like, from measured features."""
    notes = piece.note_objects()
    meter = piece.meter_value
    per_quarter = notes_per_quarter(piece)
    pace = "lively" if per_quarter >= LIVELY else "flowing" if per_quarter >= 0.9 else "slow, calm"
    motion = "stepwise" if stepwise_ratio(notes) >= 0.6 else "leaping" if leap_ratio(notes) >= 0.3 else "mixed steps and leaps"
    syncopated = ", syncopated" if syncopation(notes, meter) >= 0.05 else ""
    minor = piece.key_value.mode == "minor"
    mood = ("dark, driving" if minor else "bright, happy") if pace == "lively" else ("sad, melancholy" if minor else "gentle, peaceful")
    return f"{pace} {motion} melody{syncopated}, {mood}"


def pace_words(tempo: float) -> str:
    """'a slow ballad', 'mid-tempo', 'up-tempo': how people name a song's speed."""
    return "a slow ballad" if tempo < 80 else "mid-tempo" if tempo < 108 else "up-tempo, danceable"


def describe_song(piece: Piece) -> str:
    """A pop song in one searchable sentence: title and artist, speed, key, form, its opening
    chords and the melody's character."""
    notes = piece.note_objects()
    low, high = min(n.pitch for n in notes), max(n.pitch for n in notes)
    by = f" by {piece.origin}" if piece.origin else ""
    opening = " ".join(dict.fromkeys(symbol for symbol, _, _ in piece.chords[:8]))
    chords = f", chords {opening}" if opening else ""
    form = f", form: {piece.form}" if piece.form else ""
    return (f'Pop song "{piece.title}"{by}, {pace_words(piece.tempo)} at {piece.tempo:.0f} bpm, in {piece.key}, {piece.meter}, '
            f"{piece.bars} bars{form}{chords}, {character(piece)}, range {pitch_name(low)}-{pitch_name(high)}, "
            f"from {COLLECTION_NAMES[piece.collection]}.")


def describe(piece: Piece) -> str:
    """The piece in one searchable sentence."""
    if piece.collection == POP909:
        return describe_song(piece)
    notes = piece.note_objects()
    kind = piece.genre or ("folk song" if piece.collection == "essenFolksong" else "tune")
    if kind == "chorale":
        kind = "chorale (a Lutheran hymn tune)"
    origin = "" if piece.collection == "bach" else piece.origin
    head = f"{origin} {kind}".strip()
    head = head[0].upper() + head[1:]
    low, high = min(n.pitch for n in notes), max(n.pitch for n in notes)
    by = ", by J. S. Bach" if piece.collection == "bach" else ""
    title = f' "{piece.title}"' if piece.title else ""
    span = f"range {pitch_name(low)}-{pitch_name(high)} ({pitch_range(notes)} semitones)"
    return (f"{head}{title} in {piece.key}, {piece.meter}, {piece.bars} bars, {character(piece)}, {span}, "
            f"from {COLLECTION_NAMES[piece.collection]}{by}.")
