"""Counting in scale steps: the arithmetic behind inversion, passing and neighbour tones."""

from __future__ import annotations

from song.keys import MODE_STEPS, Key


def to_degree(pitch: int, key: Key) -> tuple[int, int]:
    """(diatonic degree counted from the tonic of octave -1, semitones above that degree).

    In C major, C4 (60) is (35, 0), C#4 is (35, 1), D4 is (36, 0).
    """
    steps = MODE_STEPS[key.mode]
    relative = pitch - key.tonic_pitch_class
    octave, within = divmod(relative, 12)
    index = max(i for i, step in enumerate(steps) if step <= within)
    return octave * 7 + index, within - steps[index]


def from_degree(degree: int, key: Key, alteration: int = 0) -> int:
    """The MIDI pitch of a diatonic degree (inverse of `to_degree`)."""
    steps = MODE_STEPS[key.mode]
    octave, index = divmod(degree, 7)
    return key.tonic_pitch_class + octave * 12 + steps[index] + alteration


def step(pitch: int, key: Key, steps: int) -> int:
    """The pitch `steps` scale steps above (below, if negative) a pitch, in the key."""
    degree, _ = to_degree(pitch, key)
    return from_degree(degree + steps, key)
