"""Does a composed chorus lift from its verse? `python -m bench.chorus_lift` writes
bench/chorus_lift.json.

30 songs (keys, meters and moods varied, seeds fixed): a verse is composed, then a chorus
twice from the same seed, with and without `chorus_lift` (a pitch window above the verse and
a fifth more notes per bar). Counted: choruses the critique does not flag with "does not lift
from the verse" (its rule: register +2 semitones, or density x1.15, or syncopation +0.03), and
the mean register and density against the verse."""

from __future__ import annotations

import json
import random
import statistics
from pathlib import Path

HERE = Path(__file__).resolve().parent
KEYS = ["C major", "G major", "D major", "F major", "A minor", "E minor", "D minor", "Bb major"]
METERS = ["4/4", "3/4", "6/8", "2/4"]
MOODS = [None, "calm", "lively", "gentle", "happy"]


def main() -> int:
    from song.features import note_density, tessitura
    from song.model import Song
    from tools.compose import compose_section
    from tools.critique import critique_song
    from tools.moods import MOODS as DENSITY_AND_SYNCOPATION

    rng = random.Random(11)
    report: dict[str, dict[str, float]] = {}
    results: dict[str, list[tuple[bool, float, float]]] = {"without_lift": [], "with_lift": []}
    for index in range(30):
        key, meter, mood = rng.choice(KEYS), rng.choice(METERS), rng.choice(MOODS)
        density, syncopation = DENSITY_AND_SYNCOPATION[mood] if mood else (None, None)
        verse = compose_section(Song(), "verse", 8, key=key, meter=meter, seed=100 + index,
                                density=density, syncopation=syncopation).song
        for name, use_lift in (("without_lift", False), ("with_lift", True)):
            song = compose_section(verse, "chorus", 8, seed=200 + index, lift=use_lift).song
            flagged = any("does not lift" in f.message for f in critique_song(song, "chorus").findings)
            v, c = song.section("verse"), song.section("chorus")
            register = (sum(tessitura(c.notes)) - sum(tessitura(v.notes))) / 2
            density = note_density(c.notes, c.bars) / note_density(v.notes, v.bars)
            results[name].append((not flagged, register, density))
    for name, rows in results.items():
        report[name] = {"songs": len(rows), "chorus_lifts": sum(r[0] for r in rows) / len(rows),
                        "mean_register_semitones": round(statistics.mean(r[1] for r in rows), 2),
                        "mean_density_ratio": round(statistics.mean(r[2] for r in rows), 2)}
        print(name, json.dumps(report[name]), flush=True)
    (HERE / "chorus_lift.json").write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
