"""The direct edits refine_section tries, on hand-made melodies (the model's candidates are
covered by tests/integration and bench/refine_eval.py)."""

from __future__ import annotations

from song.features import repetition
from song.meter import Meter
from song.model import Section, notes_from
from tools.refine import _with_bar_copied, flaws

FOUR = Meter(4, 4)


def test_a_syncopated_bar_is_copied_with_its_tie_and_counts_as_a_repeat() -> None:
    """Found in use: 'catchier' on a syncopated verse said 'nothing tried got closer', because
    the copy dropped the note tied over the bar line."""
    tied = [(62, 0, 1), (64, 1, 1), (66, 2, 1.5), (69, 3.5, 1.5)]  # the last note anticipates bar 2
    rest = [(67, 5, 1), (66, 6, 2), (64, 8, 2), (62, 10, 2), (60, 12, 4)]
    section = Section("verse", 4, notes_from(tied + rest))
    copied = _with_bar_copied(section, FOUR, 1, 3)
    assert repetition(copied.notes, FOUR, 4).pitch_repeats == 1
    starts = [float(n.start) for n in copied.notes]
    assert starts == sorted(starts) and all(a.end <= b.start for a, b in zip(copied.notes, copied.notes[1:]))
    assert 12.0 not in starts, "the downbeat of bar 4 is absorbed by the tied note"


def test_flaws_count_what_the_critique_would_flag() -> None:
    assert flaws(Section("a", 2, notes_from([(60, i * 0.5, 0.5) for i in range(6)]))) == 1  # six on one pitch
    assert flaws(Section("a", 1, notes_from([(60, 0, 1), (74, 1, 1)]))) == 1  # a leap over an octave
    assert flaws(Section("a", 1, notes_from([(60, 0, 1), (67, 1, 1), (74, 2, 1), (81, 3, 1)]))) == 1  # range 21
    assert flaws(Section("a", 1, notes_from([(60, 0, 1), (62, 1, 1), (64, 2, 1)]))) == 0
