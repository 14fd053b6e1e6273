"""The melody model as the tools use it: generate, infill, score.

`MelodyModel()` loads the committed checkpoint on first use (local files only). Requests are
validated up front with one-line BadInput errors; every result is a valid `Section`.
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

from models import vocab as V
from models.grammar import BarGrammar
from models.model import CHECKPOINT, CONTEXT
from models.sample import SamplingOptions, sample
from models.tokens import Controls, SlotChord, StepNote, decode_bars, encode_bars
from models.words_grammar import WordsGrammar, WordsPlan
from runtime.numpy_ops import log_softmax
from song.errors import BadInput
from song.keys import Key
from song.meter import Meter
from song.model import MELISMA, Note, Section
from song.units import DEFAULT_VELOCITY

DEFAULT_RANGE = (55, 84)  # G3-C6: a singable span for generated tunes
MODEL_PITCH_RANGE = (V.LOWEST_PITCH, V.HIGHEST_PITCH)  # every pitch the model can write (C2-C7)
TYPICAL = {"density": 4.4, "syncopation": 0.014, "range": 14.0}  # folk corpus medians
TYPICAL_POP = {"density": 5.3, "syncopation": 0.076, "range": 14.0}  # POP909 training sections' medians (tools/data/style_norms.json)


def typical(style: str) -> dict[str, float]:
    """The controls a melody of the style gets when the request names none: that style's medians."""
    return TYPICAL_POP if style == "pop" else TYPICAL
STYLE_WORDS = {
    "folk": "essen", "german": "essen", "european": "essen", "irish": "oneills", "jig": "oneills",
    "reel": "oneills", "hornpipe": "ryans", "american": "ryans", "fiddle": "ryans", "scottish": "airds",
    "air": "airds", "chorale": "bach", "hymn": "bach", "baroque": "bach", "classical": "bach",
}
CONTEXT_BARS = 8  # bars each side of an infill that the model sees
VARY_WINDOW_BARS = 16  # vary rewrites long sections this many bars at a time (the context holds ~16 busy bars)
_LOADING = threading.Lock()  # one load, even when a UI warms up while a request arrives


def style_token_name(style: str | None) -> str:
    """A collection name for a style word ('irish' -> 'oneills'); folk songs by default."""
    if not style:
        return "essen"
    word = style.lower().strip()
    if word in V.STYLES and word != "song":
        return word
    for key, name in STYLE_WORDS.items():
        if key in word:
            return name
    return "essen"


@dataclass(frozen=True)
class Request:
    key: Key
    meter: Meter
    bars: int
    style: str = "essen"
    density: float = TYPICAL["density"]
    syncopation: float = TYPICAL["syncopation"]
    pitch_range: float = TYPICAL["range"]
    low: int = DEFAULT_RANGE[0]
    high: int = DEFAULT_RANGE[1]
    role: str = "none"  # vocab.ROLES: what the section is for in a song (pop learned it; folk tunes have none)
    chords: tuple[SlotChord, ...] = ()  # to write the melody over, vocab.chord_slots per bar (tokens.slot_chords)

    def check(self) -> None:
        if str(self.meter) not in V.METERS:
            raise BadInput(f"the melody model writes in {', '.join(V.METERS)}, not {self.meter}")
        if not 1 <= self.bars <= V.MAX_BARS:
            raise BadInput(f"the melody model writes 1-{V.MAX_BARS} bars at a time, not {self.bars}")
        if not (V.LOWEST_PITCH <= self.low < self.high <= V.HIGHEST_PITCH) or self.high - self.low < 7:
            raise BadInput(f"pitch range must lie in {V.LOWEST_PITCH}-{V.HIGHEST_PITCH} and span a fifth or more")
        if self.role not in V.ROLES:
            raise BadInput(f"a section's role is one of {', '.join(V.ROLES)}, not {self.role}")

    @property
    def chord_slots(self) -> int:
        """Chord tokens per bar: the meter's slots when the melody has chords (given, or the
        model's own in pop, which learned melodies with chords), else 0."""
        return V.chord_slots(str(self.meter)) if self.chords or self.style == "pop" else 0

    def chord_tokens(self, first_bar: int = 0, stop_bar: int | None = None) -> tuple[int, ...]:
        """The given chords of bars [first_bar, stop_bar) as tokens."""
        slots = V.chord_slots(str(self.meter))
        chosen = self.chords[first_bar * slots: None if stop_bar is None else stop_bar * slots]
        return tuple(V.chord(*chord) for chord in chosen)

    def controls(self, bars: int | None = None) -> Controls:
        return Controls(self.style, self.role, self.key.tonic_pitch_class, "minor" if self.key.mode == "minor" else "major",
                        str(self.meter), bars or self.bars, self.density, self.syncopation, self.pitch_range)


def to_section(name: str, notes: list[StepNote], bars: int, bar_steps: int, origin_step: int = 0) -> Section:
    """Decoded notes as a new valid Section: one voice, inside the bars (for new melodies;
    rewrites of some bars go through `splice_bars`, which keeps everything else)."""
    return Section(name, bars, _one_voice(notes, origin_step, origin_step + bars * bar_steps, origin_step))


def _one_voice(notes: list[StepNote], first_step: int, stop_step: int, origin_step: int = 0,
               velocity: int = DEFAULT_VELOCITY) -> tuple[Note, ...]:
    """The notes that start in [first_step, stop_step), cut so that none overlaps the next or
    reaches past stop_step, as Notes timed from origin_step."""
    cleaned: list[Note] = []
    ordered = sorted((n for n in notes if first_step <= n[1] < stop_step), key=lambda n: n[1])
    for index, (pitch, start, length) in enumerate(ordered):
        end = min(start + length, stop_step)
        if index + 1 < len(ordered):
            end = min(end, ordered[index + 1][1])
        if end > start and (not cleaned or (start - origin_step) * V.MODEL_STEP_BEATS >= cleaned[-1].end):
            cleaned.append(Note(pitch, (start - origin_step) * V.MODEL_STEP_BEATS, (end - start) * V.MODEL_STEP_BEATS, velocity))
    return tuple(cleaned)


def splice_bars(section: Section, new_notes: list[StepNote], first_bar: int, last_bar: int, bar_steps: int) -> Section:
    """The section with bars first_bar..last_bar (1-based, inclusive) holding `new_notes` and
    everything else exactly as it was: the notes outside those bars are the same Note values
    (velocities and any other field kept), chords and every other section field untouched.
    A note held from before the bars into them is cut at their first beat, so the part of it
    outside them is what it was. A new note where an old one started keeps that note's
    velocity (its accent); other new notes take the section's typical velocity."""
    window_start, window_stop = (first_bar - 1) * bar_steps * V.MODEL_STEP_BEATS, last_bar * bar_steps * V.MODEL_STEP_BEATS
    before = [n if n.end <= window_start else dataclasses.replace(n, duration=window_start - n.start)
              for n in section.notes if n.start < window_start]
    after = [n for n in section.notes if n.start >= window_stop]
    stop_step = round(min([window_stop] + [n.start for n in after]) / V.MODEL_STEP_BEATS)
    middle = _one_voice(new_notes, (first_bar - 1) * bar_steps, stop_step, velocity=typical_velocity(section))
    accents = {n.start: n.velocity for n in section.notes if window_start <= n.start < window_stop}
    middle = tuple(dataclasses.replace(n, velocity=accents[n.start]) if n.start in accents else n for n in middle)
    return section.replace(notes=tuple(before) + middle + tuple(after))


def typical_velocity(section: Section) -> int:
    """The median velocity of the section's notes: what new notes among them are played at."""
    velocities = sorted(n.velocity for n in section.notes)
    return velocities[len(velocities) // 2] if velocities else DEFAULT_VELOCITY


def section_steps(section: Section) -> list[StepNote]:
    """The section's notes as (pitch, start step, length in steps), in order, one per note."""
    return [(n.pitch, round(n.start / V.MODEL_STEP_BEATS), max(1, round(n.duration / V.MODEL_STEP_BEATS))) for n in section.notes]


class MelodyModel:
    """Lazily loaded; one per process is enough."""

    def __init__(self, folder=CHECKPOINT) -> None:
        self.folder = folder
        self._model: Any = None

    @property
    def model(self) -> Any:
        """The network (models/inference.py: numpy, the checkpoint's exact logits)."""
        with _LOADING:  # a UI warms the model up in one thread while a request may need it in another
            if self._model is None:
                from models.inference import load_for_inference
                from models.model import check_checkpoint

                check_checkpoint(self.folder)
                self._model = load_for_inference(self.folder)
        return self._model

    def generate(self, request: Request, n: int = 1, name: str = "main", options: SamplingOptions = SamplingOptions()) -> list[Section]:
        """`n` new melodies for the request (one batch)."""
        request.check()
        if not 1 <= n <= 32:
            raise BadInput(f"ask for 1-32 candidates, not {n}")
        bar_steps = V.bar_steps(str(request.meter))
        grammars = [BarGrammar(bar_steps, request.bars, request.low, request.high,
                               chord_slots=request.chord_slots, chords=request.chord_tokens()) for _ in range(n)]
        options = _with_scale(options, request.key)
        bodies = sample(self.model, request.controls().tokens(), grammars, options)
        return [to_section(name, decode_bars(body, bar_steps)[0], request.bars, bar_steps) for body in bodies]

    def generate_for_words(self, request: Request, plan: WordsPlan, n: int = 1, name: str = "main",
                           options: SamplingOptions = SamplingOptions()) -> list[Section]:
        """`n` melodies for a stanza (models/words_grammar.py): one note per syllable, a line's
        last syllable perhaps held over a few notes ("_"), stresses where the plan puts them;
        each note carries its syllable. `request.bars` must be the plan's."""
        request.check()
        if request.bars != plan.bars:
            raise ValueError(f"the request has {request.bars} bars, the words' plan {plan.bars}")
        grammars = [WordsGrammar(plan, request.low, request.high) for _ in range(n)]
        bodies = sample(self.model, request.controls().tokens(), grammars, _with_scale(options, request.key))
        sections = []
        for body, grammar in zip(bodies, grammars):
            section = to_section(name, decode_bars(body, plan.bar_steps)[0], plan.bars, plan.bar_steps)
            if len(section.notes) != len(grammar.labels):  # the grammar writes whole notes only; anything else is a bug
                raise RuntimeError(f"words: {len(grammar.labels)} notes written, {len(section.notes)} decoded")
            sections.append(section.replace(notes=tuple(
                dataclasses.replace(note, lyric=plan.syllables[label].lyric if label >= 0 else MELISMA)
                for note, label in zip(section.notes, grammar.labels))))
        return sections

    def infill(self, section: Section, request: Request, first_bar: int, last_bar: int, n: int = 1,
               options: SamplingOptions = SamplingOptions()) -> list[Section]:
        """New bars first_bar..last_bar (1-based, inclusive), the rest of the section kept.
        The model sees up to CONTEXT_BARS bars each side; the grammar keeps both seams within
        the corpus's 95th-percentile leap."""
        if not 1 <= first_bar <= last_bar <= section.bars:
            raise BadInput(f"bars must satisfy 1 <= start_bar <= end_bar <= {section.bars}, got {first_bar}-{last_bar}")
        bar_steps = V.bar_steps(str(request.meter))
        notes = section_steps(section)
        start, stop = first_bar - 1, last_bar  # 0-based [start, stop)
        before, after = max(0, start - CONTEXT_BARS), min(section.bars, stop + CONTEXT_BARS)
        dataclasses.replace(request, bars=after - before).check()  # the model sees only this window
        prompt = request.controls(after - before).tokens()
        chords, slots = request.chords, V.chord_slots(str(request.meter)) if request.chords else 0
        prompt += [V.FIM_PREFIX] + encode_bars(notes, bar_steps, before, start, chords, slots)
        prompt += [V.FIM_SUFFIX] + encode_bars(notes, bar_steps, stop, after, chords, slots) + [V.FIM_MIDDLE]
        if len(prompt) + (stop - start) * 24 > CONTEXT:
            raise BadInput("too many notes around those bars for the model's context; infill fewer bars")
        before_notes = [p for p, s, _ in notes if s < start * bar_steps]
        after_notes = [p for p, s, _ in notes if s >= stop * bar_steps]
        grammars = [BarGrammar(bar_steps, stop - start, request.low, request.high,
                               enter=before_notes[-1] if before_notes else None,
                               exit=after_notes[0] if after_notes else None,
                               chord_slots=slots, chords=request.chord_tokens(start, stop)) for _ in range(n)]
        bodies = sample(self.model, prompt, grammars, _with_scale(options, request.key, cadence=False))
        return [splice_bars(section, decode_bars(body, bar_steps, first_bar=start)[0], first_bar, last_bar, bar_steps)
                for body in bodies]

    def vary(self, section: Section, request: Request, amount: float = 0.5, n: int = 1,
             options: SamplingOptions = SamplingOptions()) -> list[Section]:
        """Same rhythm, new pitches: the model rewrites the pitches of a share (`amount`) of
        the notes, weak-beat notes first (which weak-beat notes is the seed's choice); every
        note keeps its onset, length, velocity and any other field, only its pitch may change.
        Long or busy sections are varied a window of bars at a time (at most VARY_WINDOW_BARS,
        fewer when their notes would not fit the model's context), so any section works."""
        dataclasses.replace(request, bars=min(section.bars, VARY_WINDOW_BARS)).check()
        pitches: list[list[int]] = [[] for _ in range(n)]
        first = index = 0
        while first < section.bars:
            window = next(w for w in (_bars_window(section, request.meter, first, first + size)
                                      for size in range(min(VARY_WINDOW_BARS, section.bars - first), 0, -1))
                          if _fits_context(w, request) or w.bars == 1)
            seed = None if options.seed is None else options.seed + index
            for candidate, sampled in zip(pitches, self._varied_pitches(window, request, amount, n, dataclasses.replace(options, seed=seed))):
                candidate += sampled
            first, index = first + window.bars, index + 1
        return [section.replace(notes=tuple(note if note.pitch == pitch else dataclasses.replace(note, pitch=pitch)
                                            for note, pitch in zip(section.notes, candidate)))
                for candidate in pitches]

    def _varied_pitches(self, window: Section, request: Request, amount: float, n: int,
                        options: SamplingOptions) -> list[list[int]]:
        """`n` new pitch lists for the window's notes (one pitch per note, in order)."""
        import random

        from models.grammar import LockedRhythm

        if not window.notes:
            return [[] for _ in range(n)]
        bar_steps = V.bar_steps(str(request.meter))
        steps = section_steps(window)
        body = encode_bars(steps, bar_steps, 0, window.bars)
        pitch_slots = [i for i, t in enumerate(body) if V.is_pitch(t)]  # one per note, in order
        beat_steps = int(request.meter.beat_length / V.MODEL_STEP_BEATS)
        shuffle = random.Random(options.seed)
        order = sorted(range(len(pitch_slots)), key=lambda k: (steps[k][1] % beat_steps == 0, shuffle.random()))
        free = {pitch_slots[k] for k in order[: round(amount * len(pitch_slots))]}
        allowed = [V.pitch(p) for p in range(max(request.low, V.LOWEST_PITCH), min(request.high, V.HIGHEST_PITCH) + 1)]
        grammars = [LockedRhythm(body, free, allowed) for _ in range(n)]
        bodies = sample(self.model, request.controls(window.bars).tokens(), grammars, _with_scale(options, request.key, cadence=False))
        results = [[V.midi_of(t) for t in sampled if V.is_pitch(t)] for sampled in bodies]
        if any(len(r) != len(window.notes) for r in results):  # the grammar replays every note; anything else is a bug
            raise RuntimeError(f"vary: the model did not give one pitch per note ({len(window.notes)} notes)")
        return results

    def _token_losses(self, section: Section, request: Request) -> tuple[list[int], list[float]]:
        """The section's body tokens and the model's loss (nats) on each."""
        bar_steps = V.bar_steps(str(request.meter))
        controls = request.controls(section.bars).tokens()
        slots = V.chord_slots(str(request.meter)) if request.chords else 0
        body = encode_bars(section_steps(section), bar_steps, 0, section.bars, request.chords, slots)
        tokens = (controls + body + [V.EOS])[:CONTEXT]
        ids = np.array([tokens])
        log_probabilities = log_softmax(self.model.logits(ids)[0, :-1])
        losses = -log_probabilities[np.arange(len(tokens) - 1), ids[0, 1:]]
        return tokens[len(controls):], [float(x) for x in losses[len(controls) - 1:]]

    def score(self, section: Section, request: Request) -> float:
        """Negative log-likelihood per note (nats) of a section under the model."""
        _, losses = self._token_losses(section, request)
        return sum(losses) / max(1, len(section.notes))

    def bar_surprise(self, section: Section, request: Request) -> list[float | None]:
        """Negative log-likelihood per note of each bar (None for bars without notes): the
        bars the model finds least expected stand out."""
        tokens, losses = self._token_losses(section, request)
        totals, notes = [0.0] * section.bars, [0] * section.bars
        bar = -1
        for token, loss in zip(tokens, losses):
            if token == V.BAR:
                bar += 1
            if 0 <= bar < section.bars:
                totals[bar] += loss
                notes[bar] += V.is_pitch(token)
        return [t / n if n else None for t, n in zip(totals, notes)]


def _bars_window(section: Section, meter: Meter, first_bar: int, stop_bar: int) -> Section:
    """Bars [first_bar, stop_bar) (0-based) as a section of their own: the notes that start in
    them, timed from the window's start and cut at its end."""
    start_beat, stop_beat = first_bar * meter.bar_length, stop_bar * meter.bar_length
    return Section(section.name, stop_bar - first_bar, tuple(
        Note(note.pitch, note.start - start_beat, min(note.end, stop_beat) - note.start)
        for note in section.notes if start_beat <= note.start < stop_beat))


def _fits_context(window: Section, request: Request) -> bool:
    body = encode_bars(section_steps(window), V.bar_steps(str(request.meter)), 0, window.bars)
    return len(request.controls(window.bars).tokens()) + len(body) + 1 <= CONTEXT


def _with_scale(options: SamplingOptions, key: Key, cadence: bool = True) -> SamplingOptions:
    """The key's scale (and, for whole melodies, its tonic for the final bar) as sampling hints."""
    return dataclasses.replace(
        options,
        scale=options.scale if options.scale is not None else key.scale_pitch_classes,
        tonic=options.tonic if options.tonic is not None or not cadence else key.tonic_pitch_class,
    )
