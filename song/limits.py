"""What a singer and a listener tolerate, in one place.

The critique flags a melody past these limits (tools/findings.py) and refine counts the same
things as flaws a candidate must not bring (`song.features.flaws`), so "a run of one pitch"
or "a leap too wide" means the same number in both. Units are in the names.
"""

from __future__ import annotations

COMFORTABLE_RANGE_SEMITONES = 19  # an octave and a fifth: what most untrained singers manage
LARGE_LEAP_SEMITONES = 10  # a minor seventh or more breaks the line (critique: a suggestion)
UNSINGABLE_LEAP_SEMITONES = 12  # wider than an octave (critique: a warning)
MONOTONE_RUN_NOTES = 6  # this many notes in a row on one pitch sound like a chant
SUNG_LOWEST_PITCH, SUNG_HIGHEST_PITCH = 40, 84  # E2 (a bass's low note) to C6 (a soprano's high C)
