"""Does a melody written over given chords follow them? On POP909 test sections (their
annotated chords), the share of notes on strong beats (beats 1 and 3 of 4/4, 1 of 3/4) whose
pitch class is a tone of the chord sounding there: for the real melodies, for melodies the
model writes over those chords, and for melodies it writes for the same key and role without
them (measured against the same chords: what chance gives).

`python -m bench.chord_following` writes bench/chord_following.json (test split); `--split valid
--bonus B` tries a chord-tone bonus (models/sample.py) on validation sections, where it was chosen.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from fractions import Fraction
from pathlib import Path

from models.api import MelodyModel, Request
from models.choose import best_candidate
from models.grammar import CHORD_TONES
from models.pop_data import load_pop_tunes
from models.sample import SamplingOptions
from models.tokens import SlotChord
from models import vocab as V
from song.keys import Key
from song.meter import Meter
from song.model import Note

HERE = Path(__file__).resolve().parent
SECTIONS = 40


def strong_beat_fit(notes: list[Note], chords: tuple[SlotChord, ...], meter: Meter) -> tuple[int, int]:
    """(strong-beat notes that are chord tones, strong-beat notes with a chord under them)."""
    slots = V.chord_slots(str(meter))
    slot_beats = meter.bar_length / slots
    strong = Fraction(2) if meter.bar_length == 4 else meter.bar_length
    fit = total = 0
    for note in notes:
        if note.start % strong != 0:
            continue
        slot = int(note.start // slot_beats)
        if slot >= len(chords) or chords[slot][0] is None:
            continue
        root, quality = chords[slot]
        total += 1
        fit += (note.pitch - root) % 12 in CHORD_TONES[quality]
    return fit, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", choices=("valid", "test"), default="test")
    parser.add_argument("--bonus", type=float, help="try another chord-tone bonus (models/sample.py)")
    args = parser.parse_args(argv)
    rng = random.Random(2026)
    tunes = [t for t in load_pop_tunes(args.split) if t.bars <= 16 and t.role in ("verse", "chorus", "prechorus", "bridge")]
    chosen = rng.sample(tunes, SECTIONS)
    model = MelodyModel()
    options = {} if args.bonus is None else {"chord_tone_bonus": args.bonus}
    counts = {"real": [0, 0], "over_chords": [0, 0], "without_chords": [0, 0]}
    for index, tune in enumerate(chosen):
        meter = Meter.parse(tune.meter)
        real = [Note(p, Fraction(s, 480), Fraction(d, 480)) for p, s, d in tune.notes]
        for name, request in (("over_chords", Request(Key.parse(tune.key), meter, tune.bars, "pop", role=tune.role, chords=tune.chords)),
                              ("without_chords", Request(Key.parse(tune.key), meter, tune.bars, "pop", role=tune.role))):
            candidates = model.generate(request, n=4, options=SamplingOptions(seed=index, **options))
            _, best = best_candidate(model, candidates, request)
            fit, total = strong_beat_fit(list(best.notes), tune.chords, meter)
            counts[name][0] += fit
            counts[name][1] += total
        fit, total = strong_beat_fit(real, tune.chords, meter)
        counts["real"][0] += fit
        counts["real"][1] += total
    result = {"split": args.split, "sections": SECTIONS, "chord_tone_bonus": args.bonus,
              **{name: round(f / max(1, t), 3) for name, (f, t) in counts.items()}}
    print(json.dumps(result), file=sys.stderr)
    if args.split == "test" and args.bonus is None:
        (HERE / "chord_following.json").write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
