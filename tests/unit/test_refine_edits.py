"""The direct edits refine_section tries, on hand-made melodies (the model's candidates are
covered by tests/integration and bench/refine_eval.py)."""

from __future__ import annotations

from song.features import flaws, repetition
from song.meter import Meter
from song.model import Section, Song, notes_from
from tools.refine_candidates import with_bar_copied

FOUR = Meter(4, 4)


def test_a_syncopated_bar_is_copied_with_its_tie_and_counts_as_a_repeat() -> None:
    """Found in use: 'catchier' on a syncopated verse said 'nothing tried got closer', because
    the copy dropped the note tied over the bar line."""
    tied = [(62, 0, 1), (64, 1, 1), (66, 2, 1.5), (69, 3.5, 1.5)]  # the last note anticipates bar 2
    rest = [(67, 5, 1), (66, 6, 2), (64, 8, 2), (62, 10, 2), (60, 12, 4)]
    section = Section("verse", 4, notes_from(tied + rest))
    copied = with_bar_copied(section, FOUR, 1, 3)
    assert repetition(copied.notes, FOUR, 4).pitch_repeats == 1
    starts = [float(n.start) for n in copied.notes]
    assert starts == sorted(starts) and all(a.end <= b.start for a, b in zip(copied.notes, copied.notes[1:]))
    assert 12.0 not in starts, "the downbeat of bar 4 is absorbed by the tied note"


def test_flaws_count_what_the_critique_would_flag() -> None:
    """Refine's flaws are the critique's own findings, at the critique's thresholds (refine
    used to count a run of 5 where the critique flags 6)."""
    from tools.critique import critique

    cases = {
        "five on one pitch": ([(60, i * 0.5, 0.5) for i in range(5)] + [(62, 2.5, 0.5)], 0),
        "six on one pitch": ([(60, i * 0.5, 0.5) for i in range(6)], 1),
        "a minor seventh": ([(60, 0, 1), (70, 1, 1)], 1),
        "a major sixth": ([(60, 0, 1), (69, 1, 1)], 0),
        "range 21": ([(60, 0, 1), (67, 1, 1), (74, 2, 1), (81, 3, 1)], 1),
        "steps": ([(60, 0, 1), (62, 1, 1), (64, 2, 1)], 0),
    }
    evidence_of_a_flaw = ("longest_repeated_run", "semitones", "comfortable")  # runs, leaps, a range past a singer's
    for name, (notes, expected) in cases.items():
        section = Section("a", 2, notes_from(notes))
        assert flaws(section.notes) == expected, name
        report = critique(Song("t", "C major", FOUR, 100.0, (section,)), "a")
        found = [f.message for f in report.findings if any(k in f.evidence for k in evidence_of_a_flaw)]
        assert len(found) == expected, (name, found)
