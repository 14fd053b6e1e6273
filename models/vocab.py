"""The melody vocabulary: a compact token language of our own, and its derived constants.

Why not MidiTok's REMI: measured here on 300 folk melodies, REMI-12 with time signatures
takes 3.45 tokens per note, this vocabulary (position only after a gap) about 2.5, so a
512-token context holds about 40% more music and training sees more tunes per second.

A melody is:  BOS STYLE ROLE KEY METER BARS DENSITY SYNCOPATION RANGE  (BAR [CHORD ...] [POS] PITCH DUR ...)*  EOS
- time is counted in steps of 1/12 quarter (16ths and triplets exact);
- BAR opens every bar, empty ones included; POS_k (step k of the bar) is written only when a
  note does not start where the previous one ended, so legato lines need no positions;
- PITCH_p is a MIDI pitch, DUR_d a length in steps (held notes may cross bar lines);
- ROLE is what the section is for in a song (a chorus, a verse; "none" for a whole tune), learned
  from POP909's labelled song structure;
- CHORD tokens (a root and one of CHORD_QUALITIES, or CHORD_N for no chord), when a melody has
  chords, follow each BAR: one per chord slot of the bar (`chord_slots`), the chord sounding
  longest in that slot. Pop sections are trained with their annotated chords most of the time,
  so a melody can be asked for over given chords, and folk tunes without, so none are needed.
Bar infilling uses fill-in-the-middle: controls, FIM_PREFIX bars-before, FIM_SUFFIX
bars-after, FIM_MIDDLE the bars to write, EOS. Every token id below is derived, and the
asserts at the end check the layout.
"""

from __future__ import annotations

from fractions import Fraction

MODEL_STEPS_PER_QUARTER = 12  # the model's time grid: 16ths and triplets
MODEL_STEP_BEATS = Fraction(1, MODEL_STEPS_PER_QUARTER)
MAX_BAR_STEPS = 8 * MODEL_STEPS_PER_QUARTER  # bars up to 8 quarters (4/2, 8/4)
LOWEST_PITCH, HIGHEST_PITCH = 36, 96
DURATIONS = tuple(range(1, 25)) + (27, 30, 33, 36, 42, 48, 54, 60, 66, 72, 84, 96)
METERS = ("2/4", "3/4", "4/4", "6/8", "2/2", "3/8", "9/8", "12/8", "3/2", "4/2", "6/4", "5/4", "7/8", "4/8")
MAX_BARS = 64
STYLES = ("essen", "oneills", "ryans", "airds", "bach", "song", "pop")
ROLES = ("none", "intro", "verse", "prechorus", "chorus", "bridge", "outro")
CHORD_QUALITIES = ("maj", "min", "7", "maj7", "min7", "dim", "aug", "sus")
BUCKETS = 5
# Bucket edges, roughly the 20/40/60/80th percentiles measured on music21's folk corpus
# (tools/data/style_norms.json): notes per bar, LHL syncopation, range in semitones.
DENSITY_EDGES = (3.2, 4.0, 4.9, 6.2)
SYNCOPATION_EDGES = (0.001, 0.02, 0.05, 0.1)
RANGE_EDGES = (10, 13, 15, 18)

SPECIALS = ("PAD", "BOS", "EOS", "FIM_PREFIX", "FIM_SUFFIX", "FIM_MIDDLE", "BAR")
PAD, BOS, EOS, FIM_PREFIX, FIM_SUFFIX, FIM_MIDDLE, BAR = range(len(SPECIALS))
POS_OFFSET = len(SPECIALS)
PITCH_OFFSET = POS_OFFSET + MAX_BAR_STEPS
DUR_OFFSET = PITCH_OFFSET + (HIGHEST_PITCH - LOWEST_PITCH + 1)
KEY_OFFSET = DUR_OFFSET + len(DURATIONS)
METER_OFFSET = KEY_OFFSET + 24
BARS_OFFSET = METER_OFFSET + len(METERS)
DENSITY_OFFSET = BARS_OFFSET + MAX_BARS
SYNCOPATION_OFFSET = DENSITY_OFFSET + BUCKETS
RANGE_OFFSET = SYNCOPATION_OFFSET + BUCKETS
STYLE_OFFSET = RANGE_OFFSET + BUCKETS
ROLE_OFFSET = STYLE_OFFSET + len(STYLES)
CHORD_OFFSET = ROLE_OFFSET + len(ROLES)
CHORD_N = CHORD_OFFSET + 12 * len(CHORD_QUALITIES)  # no chord
VOCAB_SIZE = CHORD_N + 1
CONTROL_COUNT = 8  # style, role, key, meter, bars, density, syncopation, range

assert POS_OFFSET == BAR + 1
assert PITCH_OFFSET - POS_OFFSET == MAX_BAR_STEPS
assert KEY_OFFSET - DUR_OFFSET == len(DURATIONS) and sorted(DURATIONS) == list(DURATIONS)
assert ROLE_OFFSET - STYLE_OFFSET == len(STYLES) and CHORD_OFFSET - ROLE_OFFSET == len(ROLES)
assert len(DENSITY_EDGES) == len(SYNCOPATION_EDGES) == len(RANGE_EDGES) == BUCKETS - 1


def pos(step: int) -> int:
    assert 0 <= step < MAX_BAR_STEPS
    return POS_OFFSET + step


def pitch(midi: int) -> int:
    assert LOWEST_PITCH <= midi <= HIGHEST_PITCH
    return PITCH_OFFSET + midi - LOWEST_PITCH


def duration(steps: int) -> int:
    """The token of the nearest allowed duration."""
    nearest = min(DURATIONS, key=lambda d: (abs(d - steps), d))
    return DUR_OFFSET + DURATIONS.index(nearest)


def key(tonic_pitch_class: int, mode: str) -> int:
    return KEY_OFFSET + tonic_pitch_class + (12 if mode == "minor" else 0)


def meter(text: str) -> int:
    return METER_OFFSET + METERS.index(text)


def bars(count: int) -> int:
    return BARS_OFFSET + min(MAX_BARS, max(1, count)) - 1


def bucket(value: float, edges: tuple[float, ...]) -> int:
    return sum(1 for edge in edges if value >= edge)


def density(value: float) -> int:
    return DENSITY_OFFSET + bucket(value, DENSITY_EDGES)


def syncopation(value: float) -> int:
    return SYNCOPATION_OFFSET + bucket(value, SYNCOPATION_EDGES)


def pitch_range(value: float) -> int:
    return RANGE_OFFSET + bucket(value, RANGE_EDGES)


def style(name: str) -> int:
    return STYLE_OFFSET + STYLES.index(name)


def role(name: str) -> int:
    return ROLE_OFFSET + ROLES.index(name)


def chord(root_pitch_class: int | None, quality: str) -> int:
    """The token of a chord: root 0-11 and a CHORD_QUALITIES name, or CHORD_N for root None."""
    if root_pitch_class is None:
        return CHORD_N
    return CHORD_OFFSET + CHORD_QUALITIES.index(quality) * 12 + root_pitch_class % 12


def chord_of(token: int) -> tuple[int | None, str]:
    """(root pitch class, quality) of a CHORD token; (None, "") for CHORD_N."""
    if token == CHORD_N:
        return None, ""
    index = token - CHORD_OFFSET
    return index % 12, CHORD_QUALITIES[index // 12]


def is_chord(token: int) -> bool:
    return CHORD_OFFSET <= token <= CHORD_N


def chord_slots(meter_text: str) -> int:
    """Chord slots per bar: two half bars in duple meters (4/4, 2/4, 6/8 ...), one whole bar in
    triple and odd ones (3/4, 9/8, 5/4)."""
    numerator = int(meter_text.split("/")[0])
    return 2 if numerator % 2 == 0 else 1


def is_pos(token: int) -> bool:
    return POS_OFFSET <= token < PITCH_OFFSET


def is_pitch(token: int) -> bool:
    return PITCH_OFFSET <= token < DUR_OFFSET


def is_duration(token: int) -> bool:
    return DUR_OFFSET <= token < KEY_OFFSET


def step_of(token: int) -> int:
    return token - POS_OFFSET


def midi_of(token: int) -> int:
    return token - PITCH_OFFSET + LOWEST_PITCH


def steps_of(token: int) -> int:
    return DURATIONS[token - DUR_OFFSET]


def bar_steps(meter_text: str) -> int:
    numerator, denominator = map(int, meter_text.split("/"))
    return int(Fraction(4 * numerator, denominator) * MODEL_STEPS_PER_QUARTER)


def token_name(token: int) -> str:
    """A readable name for debugging and tests."""
    if token < POS_OFFSET:
        return SPECIALS[token]
    for offset, label, count in (
        (POS_OFFSET, "POS", MAX_BAR_STEPS), (PITCH_OFFSET, "PITCH", HIGHEST_PITCH - LOWEST_PITCH + 1),
        (DUR_OFFSET, "DUR", len(DURATIONS)), (KEY_OFFSET, "KEY", 24), (METER_OFFSET, "METER", len(METERS)),
        (BARS_OFFSET, "BARS", MAX_BARS), (DENSITY_OFFSET, "DENSITY", BUCKETS),
        (SYNCOPATION_OFFSET, "SYNC", BUCKETS), (RANGE_OFFSET, "RANGE", BUCKETS), (STYLE_OFFSET, "STYLE", len(STYLES)),
        (ROLE_OFFSET, "ROLE", len(ROLES)), (CHORD_OFFSET, "CHORD", 12 * len(CHORD_QUALITIES) + 1),
    ):
        if offset <= token < offset + count:
            return f"{label}_{token - offset}"
    raise ValueError(f"no token {token}")
