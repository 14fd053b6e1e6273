"""The token grammar of a melody body, as a state machine that says which tokens may come next.

Constrained decoding masks every other token, which guarantees a legal sequence with exactly
the requested number of bars, every note starting inside its bar and ending by the last bar,
pitches inside a range, and never more than MAX_SAME_PITCH_RUN notes in a row on one pitch. It
is the anticipation-style answer to "the model may not break the form": the model chooses, the
grammar decides what is choosable.

A melody with chords (`chord_slots` per bar) opens each bar with its chord tokens: the given
ones (`chords`, forced: "a melody over Am F C G") or, when none are given, the model's own.

For infilling, the grammar also knows the kept notes either side (`enter`, `exit`) and keeps
both seams singable: the first new note lies within `max_leap` semitones of the note before,
and the written bars may only end on a note within `max_leap` of the note after (a far note
in the last bar must leave room for another). `max_leap` defaults to the corpus's 95th
percentile interval (7 semitones, measured in models/eval.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from typing import TYPE_CHECKING

from models import vocab as V

if TYPE_CHECKING:
    from models.words_grammar import WordsGrammar

DURATION_TOKENS = [V.DUR_OFFSET + i for i in range(len(V.DURATIONS))]
CHORD_TOKENS = list(range(V.CHORD_OFFSET, V.CHORD_N + 1))
CHORD_TONES = {"maj": (0, 4, 7), "min": (0, 3, 7), "7": (0, 4, 7, 10), "maj7": (0, 4, 7, 11), "min7": (0, 3, 7, 10),
               "dim": (0, 3, 6), "aug": (0, 4, 8), "sus": (0, 2, 5, 7)}  # semitones above the root, per vocab.CHORD_QUALITIES
SHORTEST = V.DURATIONS[0]
CORPUS_LEAP_P95 = 7  # semitones; 95% of melodic intervals in the training corpus are this or smaller
MAX_SAME_PITCH_RUN = 5  # notes in a row on one pitch: 1 in 20 real pop melodies and 1 in 40 folk tunes has 6 or more (bench/melody_realism.py)


@dataclass
class BarGrammar:
    """Tracks one sequence being written: bars opened, the cursor, what was just written."""

    bar_steps: int
    bars: int
    low: int = V.LOWEST_PITCH
    high: int = V.HIGHEST_PITCH
    opened: int = 0  # BAR tokens so far
    cursor: int = 0  # end of the last note, in steps from the body's first bar
    expect: str = "bar"  # "bar" | "chord" | "any" | "pitch" | "duration" | "done"
    enter: int | None = None  # pitch of the kept note before the written bars (infilling)
    exit: int | None = None  # pitch of the kept note after them
    max_leap: int = CORPUS_LEAP_P95
    last_pitch: int | None = None  # of the notes written here
    pitch_tokens: list[int] = field(default_factory=list)
    chord_slots: int = 0  # chord tokens after each BAR (0: a melody without chords)
    chords: tuple[int, ...] = ()  # the CHORD tokens to write, chord_slots per bar; empty: the model's choice
    chords_in_bar: int = 0
    run: int = 0  # notes in a row on last_pitch

    def __post_init__(self) -> None:
        low, high = max(self.low, V.LOWEST_PITCH), min(self.high, V.HIGHEST_PITCH)
        self.pitch_tokens = [V.pitch(p) for p in range(low, high + 1)]

    def _near(self, tokens: list[int], anchor: int | None) -> list[int]:
        """`tokens` within max_leap of `anchor` (all of them when none are, or no anchor)."""
        if anchor is None:
            return tokens
        return [t for t in tokens if abs(V.midi_of(t) - anchor) <= self.max_leap] or tokens

    def _exit_open(self) -> bool:
        """Whether the written bars may end now: the last note lies near the exit pitch."""
        return self.exit is None or (self.last_pitch is not None and abs(self.last_pitch - self.exit) <= self.max_leap)

    @property
    def in_final_bar(self) -> bool:
        return self.opened == self.bars and self.expect != "done"

    @property
    def total_steps(self) -> int:
        return self.bars * self.bar_steps

    def allowed(self) -> list[int]:
        """The tokens legal now (never empty)."""
        if self.expect == "done":
            return [V.EOS]
        if self.expect == "bar":
            return [V.BAR]
        if self.expect == "chord":
            slot = (self.opened - 1) * self.chord_slots + self.chords_in_bar
            return [self.chords[slot]] if slot < len(self.chords) else CHORD_TOKENS
        room = self.total_steps - self.cursor
        if self.expect == "pitch":
            return self._pitches(room)
        if self.expect == "duration":
            fits = [t for t in DURATION_TOKENS if V.steps_of(t) <= room]
            if not self._exit_open():  # leave room for a note nearer the exit
                fits = [t for t in fits if V.steps_of(t) < room] or fits
            return fits or [DURATION_TOKENS[0]]
        bar_start = (self.opened - 1) * self.bar_steps
        bar_end = bar_start + self.bar_steps
        tokens = [V.BAR] if self.opened < self.bars else ([V.EOS] if self._exit_open() or self.cursor >= bar_end else [])
        if self.cursor < bar_end:
            first = max(0, self.cursor - bar_start + 1)
            tokens += [V.pos(k) for k in range(first, self.bar_steps)]
            if self.cursor >= bar_start:
                tokens += self._pitches(room)
        return tokens

    def chord_tones_here(self) -> frozenset[int]:
        """The pitch classes of the given chord when the next pitch would start on a strong beat
        (a chord slot's first step) under it; empty otherwise. The sampler leans those notes to
        chord tones, as real melodies over chords mostly do (bench/chord_following.py)."""
        if not self.chords or self.expect not in ("any", "pitch") or not self.chord_slots:
            return frozenset()
        slot_steps = self.bar_steps // self.chord_slots
        if self.cursor % slot_steps:
            return frozenset()
        slot = self.cursor // slot_steps
        if slot >= len(self.chords) or self.chords[slot] == V.CHORD_N:
            return frozenset()
        root, quality = V.chord_of(self.chords[slot])
        return frozenset((root + step) % 12 for step in CHORD_TONES[quality])

    def _pitches(self, room: int) -> list[int]:
        """The pitches a note starting at the cursor may take."""
        pitches = self._near(self.pitch_tokens, self.enter if self.last_pitch is None else None)
        if self.run >= MAX_SAME_PITCH_RUN and self.last_pitch is not None:  # no sixth note in a row on one pitch
            pitches = [t for t in pitches if V.midi_of(t) != self.last_pitch] or pitches
        if room <= SHORTEST:  # no room for a note after this one: it must meet the exit
            pitches = self._near(pitches, self.exit)
        return pitches

    def advance(self, token: int) -> None:
        if V.is_pitch(token):
            pitch = V.midi_of(token)
            self.run = self.run + 1 if pitch == self.last_pitch else 1
            self.last_pitch = pitch
        move(self, token, self.bar_steps)


def move(grammar: BarGrammar | WordsGrammar, token: int, bar_steps: int) -> None:
    """What every bar grammar does on a token: count bars, move the cursor, expect what follows."""
    if token == V.EOS:
        grammar.expect = "done"
    elif token == V.BAR:
        grammar.opened += 1
        grammar.expect = "any"
        if getattr(grammar, "chord_slots", 0):  # the words' grammar writes no chords
            grammar.expect, grammar.chords_in_bar = "chord", 0
    elif V.is_chord(token):
        grammar.chords_in_bar += 1
        grammar.expect = "any" if grammar.chords_in_bar >= grammar.chord_slots else "chord"
    elif V.is_pos(token):
        grammar.cursor = (grammar.opened - 1) * bar_steps + V.step_of(token)
        grammar.expect = "pitch"
    elif V.is_pitch(token):
        grammar.expect = "duration"
    elif V.is_duration(token):
        grammar.cursor += V.steps_of(token)
        grammar.expect = "any"


@dataclass
class LockedRhythm:
    """A grammar that replays a melody's own tokens and lets the model choose only the pitches
    of the notes marked free: the same rhythm, new pitches (the `vary` edit)."""

    template: list[int]  # the melody's body tokens, EOS excluded
    free: set[int]  # indexes into `template` of PITCH tokens the model may change
    pitch_tokens: list[int] = field(default_factory=list)
    position: int = 0
    expect: str = "any"

    def allowed(self) -> list[int]:
        if self.position >= len(self.template):
            return [V.EOS]
        if self.position in self.free:
            return self.pitch_tokens
        return [self.template[self.position]]

    def advance(self, token: int) -> None:
        if token == V.EOS:
            self.expect = "done"
        else:
            self.position += 1
