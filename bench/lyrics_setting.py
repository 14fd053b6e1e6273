"""Setting words to melodies that exist: `python -m bench.lyrics_setting` writes
bench/lyrics_setting.json.

Lyrics: tests/data/lyrics_stanzas.jsonl (24 four-line stanzas written by a helper before the
setter was measured; varied poetic meters). Melodies: 8-bar verses composed by our model in
4/4, 3/4 and 6/8 (3 seeds each). Every stanza is set on every melody; figures:
- syllables matched to notes (each syllable on its own note, every note sung): must be 100%;
- stressed syllables of content words on strong beats (4/4 beats 1 and 3, 3/4 beat 1, 6/8
  beats 1 and 4), ours against the naive one-syllable-per-note-from-the-left baseline;
- notes split and held, and the time to set a 4-line stanza.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from song.lyric_setting import naive_setting, set_words
from song.model import MELISMA, Song
from song.words import syllabify

HERE = Path(__file__).resolve().parent
STANZAS = HERE.parent / "tests" / "data" / "lyrics_stanzas.jsonl"
METERS = ("4/4", "3/4", "6/8")


def melodies() -> list[Song]:
    from tools.compose import compose_section

    songs = []
    for meter in METERS:
        for seed in (1, 2, 3):
            empty = Song("bench", "C major", meter, 100, ())
            songs.append(compose_section(empty, "verse", bars=8, key="C major", meter=meter, seed=seed, lift=False).song)
    return songs


def main() -> int:
    stanzas = [json.loads(line) for line in STANZAS.read_text().splitlines() if line.strip()]
    songs = melodies()
    ours = [0, 0]
    naive = [0, 0]
    matched = syllables_total = split = held = 0
    seconds = []
    set_words(songs[0].sections[0], songs[0].meter, "warm up the dictionary")
    for stanza in stanzas:
        for song in songs:
            section = song.sections[0]
            started = time.perf_counter()
            setting = set_words(section, song.meter, stanza["text"])
            seconds.append(time.perf_counter() - started)
            syllables = syllabify(stanza["text"]).syllables
            sung = [n for n in setting.section.notes if n.lyric not in (None, MELISMA)]
            syllables_total += len(syllables)
            matched += sum(n.lyric == s.lyric for n, s in zip(sung, syllables)) if len(sung) == len(syllables) else 0
            split += max(0, len(setting.section.notes) - len(section.notes))
            held += sum(n.lyric == MELISMA for n in setting.section.notes)
            ours[0] += setting.stressed_on_strong[0]
            ours[1] += setting.stressed_on_strong[1]
            baseline = naive_setting(section, song.meter, stanza["text"])
            naive[0] += baseline[0]
            naive[1] += baseline[1]
    report = {
        "stanzas": len(stanzas), "melodies": len(songs), "settings": len(seconds),
        "syllables_matched": round(matched / syllables_total, 4),
        "stressed_on_strong_ours": round(ours[0] / ours[1], 4),
        "stressed_on_strong_naive": round(naive[0] / naive[1], 4),
        "naive_stressed_placed_of_all": round(naive[1] / ours[1], 4),
        "notes_split": split, "notes_held": held,
        "set_ms_p50": round(1000 * statistics.median(seconds), 2),
        "set_ms_max": round(1000 * max(seconds), 2),
    }
    (HERE / "lyrics_setting.json").write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
