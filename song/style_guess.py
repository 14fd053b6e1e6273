"""Pop or folk? A guess at a melody's style from how it moves, for the critique to hold it to
the right norms ("nine in ten pop choruses ..." or "... folk tunes ...").

A logistic regression on five measures, fitted by `python -m bench.style_guess` on POP909's
training songs against the folk corpus's training tunes; its held-out accuracy is in
bench/style_guess.json. Pop melodies are more syncopated, vary their note lengths more, move
by step less and repeat pitches more.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from song.features import duration_entropy, longest_repeated_run, note_density, stepwise_ratio, syncopation
from song.meter import Meter
from song.model import Note

FEATURES = ("syncopation", "duration_entropy", "stepwise_ratio", "longest_repeated_run", "note_density")
MEAN = (0.0344, 1.4594, 0.4847, 3.4375, 4.9648)
SCALE = (0.0637, 0.5468, 0.1309, 2.3747, 1.6671)
WEIGHTS = (3.7421, 0.7446, -0.6624, 1.0188, -0.6077)
BIAS = -0.57


@dataclass(frozen=True)
class StyleGuess:
    style: str  # "pop" or "folk"
    confidence: float  # 0.5-1


def measures(notes: Sequence[Note], meter: Meter) -> list[float]:
    """The five measures of a melody, in FEATURES order."""
    bars = max(1, math.ceil(max((n.end for n in notes), default=0) / meter.bar_length))
    return [syncopation(notes, meter), duration_entropy(notes), stepwise_ratio(notes),
            float(longest_repeated_run(notes)), note_density(notes, bars)]


def guess_style(values: Sequence[float]) -> StyleGuess:
    """Pop or folk from a melody's `measures`."""
    score = BIAS + sum(w * (v - m) / s for w, v, m, s in zip(WEIGHTS, values, MEAN, SCALE))
    pop = 1 / (1 + math.exp(-score))
    return StyleGuess("pop", pop) if pop >= 0.5 else StyleGuess("folk", 1 - pop)
