"""The shared measures on tiny hand-made melodies (the docstrings hold more examples)."""

from fractions import Fraction

import pytest

from song import features as f
from song.keys import Key
from song.meter import Meter
from song.metric import bar_weights, subdivisions
from song.model import Section, notes_from

FOUR = Meter(4, 4)
# "Twinkle twinkle": C C G G A A G-
TWINKLE = notes_from([(60, 0, 1), (60, 1, 1), (67, 2, 1), (67, 3, 1), (69, 4, 1), (69, 5, 1), (67, 6, 2)])


def test_metrical_weights() -> None:
    assert subdivisions(Meter(6, 8)) == (2, 3, 2)
    weights = bar_weights(FOUR)
    assert weights[0] == 0 and weights[8] == -1 and weights[4] == -2 and weights[2] == -3 and weights[1] == -4
    six_eight = bar_weights(Meter(6, 8))
    assert six_eight[6] == -1 and six_eight[2] == -2  # the second dotted beat, then each eighth


def test_square_melody_has_no_syncopation() -> None:
    assert f.syncopation(TWINKLE, FOUR) == 0.0
    assert f.weighted_note_to_beat_distance(TWINKLE, FOUR) == 0.0


def test_anticipation_over_the_bar_line_is_strongly_syncopated() -> None:
    # an eighth before the downbeat, tied over it: from weight -3 across weight 0
    notes = notes_from([(60, 0, 3.5), (62, 3.5, 1.5), (64, 5, 1)])
    values = f.syncopation_per_note(notes, FOUR)
    assert values[1] == pytest.approx(3 / 4)
    assert f.syncopation_by_bar(notes, FOUR, 2)[0] > 0 and f.syncopation_by_bar(notes, FOUR, 2)[1] == 0
    assert f.weighted_note_to_beat_distance(notes, FOUR) > 0


def test_density_entropy_range_and_intervals() -> None:
    assert f.note_density(TWINKLE, 2) == 3.5
    assert f.duration_entropy(TWINKLE) == pytest.approx(0.5917, abs=1e-3)  # six 1s and one 2
    assert f.pitch_range(TWINKLE) == 9
    assert f.intervals(TWINKLE) == [0, 7, 0, 2, 0, -2]
    assert f.leap_ratio(TWINKLE) == pytest.approx(1 / 6)
    assert f.stepwise_ratio(TWINKLE) == pytest.approx(2 / 6)
    assert f.largest_leap(TWINKLE) == 7
    assert f.longest_repeated_run(TWINKLE) == 2
    assert f.tessitura(TWINKLE) == (60.0, 67.0)  # duration-weighted quartiles


def test_in_key_ratio_is_duration_weighted() -> None:
    notes = notes_from([(60, 0, 3), (61, 3, 1)])
    assert f.in_key_ratio(notes, Key.parse("C")) == 0.75


@pytest.mark.parametrize(
    "pitches, shape",
    [([60, 62, 64, 65, 67, 69], "rise"), ([69, 67, 65, 64, 62, 60], "fall"), ([60, 60, 67, 67, 60, 60], "arch"),
     ([67, 67, 60, 60, 67, 67], "valley"), ([60, 61, 60, 61, 60, 61], "flat")],
)
def test_contour(pitches: list[int], shape: str) -> None:
    assert f.contour(notes_from([(p, i, 1) for i, p in enumerate(pitches)])) == shape


def test_ending_degree_and_place() -> None:
    end = f.ending(TWINKLE, Key.parse("C"), FOUR)
    assert end is not None and end.degree == "5" and end.on_beat and not end.on_downbeat
    assert f.ending(notes_from([(62, 4, 4)]), Key.parse("C"), FOUR).on_downbeat  # type: ignore[union-attr]


def test_repetition_and_phrases() -> None:
    bar = [(60, 0, 1), (62, 1, 1), (64, 2, 2)]
    notes = notes_from(bar + [(p, s + 4, d) for p, s, d in bar] + [(p + 2, s + 8, d) for p, s, d in bar])
    repeated = f.repetition(notes, FOUR, 3)
    assert (repeated.rhythm_repeats, repeated.pitch_repeats, repeated.bars_with_notes) == (2, 1, 3)
    assert f.phrase_lengths(notes, FOUR) == [1.0, 1.0, 1.0]


def test_section_features_bundle() -> None:
    features = f.section_features(Section("a", 2, TWINKLE), FOUR, Key.parse("C"))
    assert features.metrics()["note_density"] == 3.5 and features.contour == "rise"
    assert features.syncopation_by_bar == (0.0, 0.0)
    assert isinstance(features.tessitura[0], float) and features.bars == 2
    assert Fraction(1) not in features.syncopation_by_bar
