"""Writing melodies for words: `python -m bench.lyrics_melody [--stanzas FILE]` writes
bench/lyrics_melody.json.

Lyrics: tests/data/lyrics_stanzas_v2.jsonl by default (24 stanzas of 2-8 lines written by a
helper told only what the tool does, before the melody writer ever saw them; never tuned on).
Each stanza gets a melody in 4/4, 3/4 and 6/8 (2 seeds each) through `compose_section(...,
lyrics=...)`, the tool the agent calls. Figures:
- syllables matched to notes (every syllable on its own note, in order): must be 100%;
- stressed syllables of content words on strong beats (4/4 beats 1 and 3, 3/4 beat 1, 6/8
  beats 1 and 4), against the same words fitted by set_lyrics to a melody composed without
  them (same bars and seed) and the naive one-syllable-per-note-from-the-left baseline;
- each line's last stress on a strong beat of the line's own last bar; line-final syllables
  held at least a beat;
- what the melodies are like: notes a bar, longest run of one pitch, range, share of the
  candidates' own critique findings, against melodies composed without words;
- time to write a melody for a stanza (warm, best of 4 candidates), p50 and max.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from song.lyric_setting import is_strong, naive_setting, set_words, stresses_on_strong
from song.model import MELISMA, Section, Song
from song.words import syllabify

HERE = Path(__file__).resolve().parent
STANZAS = HERE.parent / "tests" / "data" / "lyrics_stanzas_v2.jsonl"
METERS = ("4/4", "3/4", "6/8")
SEEDS = (1, 2)


def longest_run(section: Section) -> int:
    """The most notes in a row on one pitch."""
    best = run = 0
    previous = None
    for note in section.notes:
        run = run + 1 if note.pitch == previous else 1
        previous = note.pitch
        best = max(best, run)
    return best


def shape(section: Section) -> dict[str, float]:
    pitches = [n.pitch for n in section.notes]
    return {"notes_per_bar": len(pitches) / section.bars, "longest_run": longest_run(section),
            "range": max(pitches) - min(pitches)}


def line_ends(section: Section, song: Song) -> tuple[int, int, int]:
    """(lines whose last stress is on a strong beat, lines whose last syllable is held at least
    a beat, lines) for a melody written for its words: a line's notes are those from its first
    syllable to the next line's."""
    syllables = syllabify(section.lyrics).syllables
    sung = [n for n in section.notes if n.lyric not in (None, MELISMA)]
    strong = held = lines = 0
    last_stress = None
    for index, (syllable, note) in enumerate(zip(syllables, sung)):
        if syllable.stress == 2:
            last_stress = note
        if syllable.last_in_line:
            lines += 1
            strong += last_stress is not None and is_strong(song.meter, last_stress.start)
            following = sung[index + 1].start if index + 1 < len(sung) else section.bars * song.meter.bar_length
            held += following - note.start >= song.meter.beat_length
            last_stress = None
    return strong, held, lines


def main(argv: list[str] | None = None) -> int:
    from tools.compose import compose_section

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stanzas", type=Path, default=STANZAS)
    args = parser.parse_args(argv)
    stanzas = [json.loads(line) for line in args.stanzas.read_text().splitlines() if line.strip()]
    compose_section(Song("warm", "C major", "4/4", 100, ()), "verse", lyrics="warm up the model", seed=0)
    totals = {"syllables": 0, "matched": 0, "ours": [0, 0], "fitted": [0, 0], "naive": [0, 0],
              "line_strong": 0, "line_held": 0, "lines": 0, "melismas": 0}
    seconds: list[float] = []
    with_words: list[dict[str, float]] = []
    without_words: list[dict[str, float]] = []
    for stanza in stanzas:
        for meter in METERS:
            for seed in SEEDS:
                empty = Song("bench", "C major", meter, 100, ())
                started = time.perf_counter()
                song = compose_section(empty, "verse", lyrics=stanza["text"], seed=seed, lift=False).song
                seconds.append(time.perf_counter() - started)
                section = song.section("verse")
                syllables = syllabify(stanza["text"]).syllables
                sung = [n.lyric for n in section.notes if n.lyric not in (None, MELISMA)]
                totals["syllables"] += len(syllables)
                totals["matched"] += len(syllables) if sung == [s.lyric for s in syllables] else 0
                totals["melismas"] += sum(n.lyric == MELISMA for n in section.notes)
                on_strong, stressed = stresses_on_strong(section, song.meter)
                totals["ours"][0] += on_strong
                totals["ours"][1] += stressed
                strong, held, lines = line_ends(section, song)
                totals["line_strong"] += strong
                totals["line_held"] += held
                totals["lines"] += lines
                plain = compose_section(empty, "verse", bars=section.bars, seed=seed, lift=False).song
                melody = plain.section("verse")
                fitted = set_words(melody, plain.meter, stanza["text"]).stressed_on_strong
                naive = naive_setting(melody, plain.meter, stanza["text"])
                for name, pair in (("fitted", fitted), ("naive", naive)):
                    totals[name][0] += pair[0]
                    totals[name][1] += pair[1]
                with_words.append(shape(section))
                without_words.append(shape(melody))

    def median(rows: list[dict[str, float]], key: str) -> float:
        return round(statistics.median(r[key] for r in rows), 2)

    report = {
        "stanzas": len(stanzas), "melodies": len(seconds), "meters": list(METERS), "seeds": list(SEEDS),
        "syllables_matched": round(totals["matched"] / totals["syllables"], 4),
        "stressed_on_strong_written_for_words": round(totals["ours"][0] / totals["ours"][1], 4),
        "stressed_on_strong_fitted_to_a_melody": round(totals["fitted"][0] / totals["fitted"][1], 4),
        "stressed_on_strong_naive": round(totals["naive"][0] / totals["naive"][1], 4),
        "line_last_stress_on_strong": round(totals["line_strong"] / totals["lines"], 4),
        "line_end_held_a_beat": round(totals["line_held"] / totals["lines"], 4),
        "melisma_notes_per_melody": round(totals["melismas"] / len(seconds), 2),
        "with_words": {k: median(with_words, k) for k in ("notes_per_bar", "longest_run", "range")},
        "without_words": {k: median(without_words, k) for k in ("notes_per_bar", "longest_run", "range")},
        "runs_of_6_or_more_with_words": sum(r["longest_run"] >= 6 for r in with_words),
        "runs_of_6_or_more_without_words": sum(r["longest_run"] >= 6 for r in without_words),
        "write_s_p50": round(statistics.median(seconds), 3),
        "write_s_max": round(max(seconds), 3),
    }
    (HERE / "lyrics_melody.json").write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
