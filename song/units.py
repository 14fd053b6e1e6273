"""The units cocomposer counts in, in one place, each name saying its unit.

Times are quarter-note beats everywhere (a "beat" in a name means a quarter note, whatever the
meter's beat is). Three grids divide them, for three purposes:
- TICKS_PER_QUARTER (480): the exact grid every Note and Chord time is snapped to;
- SIXTEENTHS_PER_QUARTER (4): the metric grid on which strong and weak positions are weighed
  (syncopation, "on a strong beat");
- the melody model's own grid, models/vocab.py MODEL_STEPS_PER_QUARTER (12: 16ths and triplets).
"""

from __future__ import annotations

from fractions import Fraction

TICKS_PER_QUARTER = 480
SIXTEENTHS_PER_QUARTER = 4
SIXTEENTH_BEATS = Fraction(1, SIXTEENTHS_PER_QUARTER)

LOWEST_MIDI_PITCH, HIGHEST_MIDI_PITCH = 0, 127
LOWEST_VELOCITY, HIGHEST_VELOCITY = 1, 127
DEFAULT_VELOCITY = 90  # a note nobody gave a velocity (mezzo-forte)


def is_midi_pitch(pitch: int) -> bool:
    return LOWEST_MIDI_PITCH <= pitch <= HIGHEST_MIDI_PITCH
