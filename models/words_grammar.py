"""Writing a melody for words: where each syllable may start, and a grammar that holds the
model to it while it chooses rhythm and pitches.

A stanza is planned first (`plan_words`): each lyric line ends in a bar of its own, and each
syllable gets the onsets it may take. A stressed syllable of a content word starts on a
strong beat (4/4 beats 1 and 3, 3/4 beat 1, 6/8 beats 1 and 4); the unstressed syllables of
longer content words start off them ("to-MOR-row", never "TO-mor-row"); the line's last
stress lands on a strong beat of the line's last bar (the rhyme, where the ear waits for
it); the line's last syllable is held at least a beat; a word's syllables follow each other
without a rest. Function words go anywhere, and a line may begin with a pickup in the last
bar of the line before. Then the onsets no completion can reach are removed, working back
from the last syllable, so every choice the grammar offers leads to a finished melody: the
words always fit, which no amount of resampling would promise.

`WordsGrammar` speaks the same BAR/POS/PITCH/DUR tokens as `BarGrammar`: the model writes
one note per syllable, may hold a line's last syllable over up to `MAX_MELISMA_NOTES` more
notes (a melisma, its choice), and ends with the bars asked for.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction

from models import vocab as V
from models.grammar import move
from song.errors import BadInput
from song.meter import Meter
from song.metric import subdivisions, weight_at
from song.words import FUNCTION_WORDS, SungSyllable

GRID_STEPS = V.MODEL_STEPS_PER_QUARTER // 4  # syllables start on the 16th-note grid
GRID_DURATIONS = tuple(d for d in V.DURATIONS if d % GRID_STEPS == 0)
LINE_BEATS = 8  # quarter-note beats a lyric line takes when the words leave the choice (two bars of 4/4)
MAX_MELISMA_NOTES = 2  # extra notes the model may sing a line's last syllable on


def strong_step(meter: Meter, step_in_bar: int) -> bool:
    """Beats 1 and 3 of 4/4, beat 1 of 3/4, beats 1 and 4 of 6/8 (the lyric setter's rule)."""
    weight = weight_at(meter, Fraction(step_in_bar) * V.MODEL_STEP_BEATS)
    return weight == 0 or (weight == -1 and subdivisions(meter)[0] == 2)


@dataclass(frozen=True)
class WordsPlan:
    """Where the syllables of a stanza may go, in model steps from the section's start."""

    syllables: tuple[SungSyllable, ...]
    bar_steps: int
    beat_steps: int
    line_bars: tuple[int, ...]  # bars given to each line
    line_of: tuple[int, ...]  # the line of each syllable
    feasible: tuple[frozenset[int], ...]  # onsets from which the rest of the words can still be sung

    @property
    def bars(self) -> int:
        return sum(self.line_bars)

    def room_after(self, index: int) -> int:
        """The latest step syllable `index` (or a melisma on it) may reach: the next syllable's
        latest onset, or the section's end."""
        if index + 1 < len(self.syllables):
            return max(self.feasible[index + 1], default=-1)
        return self.bars * self.bar_steps

    def durations(self, index: int, onset: int) -> list[int]:
        """The lengths syllable `index` may have when it starts at `onset`."""
        following = self.feasible[index + 1] if index + 1 < len(self.syllables) else None
        return syllable_durations(self.syllables[index], onset, following, self.bars * self.bar_steps,
                                  self.bar_steps, self.beat_steps)


def syllable_durations(syllable: SungSyllable, onset: int, following: frozenset[int] | None, end: int,
                       bar_steps: int, beat_steps: int) -> list[int]:
    """The lengths a syllable starting at `onset` may have, given the onsets the next syllable
    can take (None after the last one; the section ends at `end`): a line's last syllable is
    held at least a beat; a syllable inside a word ends where the next one can start; any
    other leaves the next syllable an onset. At most a bar, unless it ends a line."""
    latest = end if following is None else max(following, default=-1)
    if syllable.last_in_line or following is None:
        return [d for d in GRID_DURATIONS if beat_steps <= d <= latest - onset]
    if not syllable.last_in_word:
        return [d for d in GRID_DURATIONS if d <= bar_steps and onset + d in following]
    return [d for d in GRID_DURATIONS if d <= bar_steps and onset + d <= latest]


def _kind(syllable: SungSyllable, word_syllables: int) -> str:
    """'stressed' (wants a strong beat), 'unstressed' (wants to be off one) or 'free'."""
    function = syllable.word.lower().strip("'’-") in FUNCTION_WORDS
    if syllable.stress == 2 and not function:
        return "stressed"
    if syllable.stress == 0 and word_syllables > 1 and not function:
        return "unstressed"
    return "free"


def _lines(syllables: tuple[SungSyllable, ...]) -> list[list[int]]:
    lines: list[list[int]] = [[]]
    for index, syllable in enumerate(syllables):
        lines[-1].append(index)
        if syllable.last_in_line and index < len(syllables) - 1:
            lines.append([])
    return lines


def _word_sizes(syllables: tuple[SungSyllable, ...]) -> list[int]:
    """How many syllables the word of each syllable has."""
    sizes, run = [], 0
    for syllable in syllables:
        run += 1
        if syllable.last_in_word:
            sizes += [run] * run
            run = 0
    return sizes + [run] * run


@dataclass(frozen=True)
class _Stanza:
    """The words and meter a plan is made for, and each syllable's nature."""

    syllables: tuple[SungSyllable, ...]
    meter: Meter
    lines: list[list[int]]
    kinds: list[str]
    bar_steps: int
    beat_steps: int

    def allowed(self, line_bars: list[int]) -> list[set[int]]:
        """The onsets each syllable may take by its own nature, before asking whether the rest
        can follow: its line's bars, and for the syllables before the line's first stress
        (a pickup) the second half of the bar before."""
        bar_steps = self.bar_steps
        strong = {s for s in range(0, bar_steps, GRID_STEPS) if strong_step(self.meter, s)}
        allowed: list[set[int]] = []
        for number, line in enumerate(self.lines):
            first_step, last_bar = sum(line_bars[:number]) * bar_steps, sum(line_bars[:number + 1]) - 1
            steps = set(range(first_step, (last_bar + 1) * bar_steps, GRID_STEPS))
            pickup = set(range(max(0, first_step - bar_steps // 2), first_step, GRID_STEPS))
            on_strong = {s for s in steps if s % bar_steps in strong}
            stressed = [i for i in line if self.kinds[i] == "stressed"]
            closing = stressed[-1] if stressed else line[-1]
            for index in line:
                if index == closing:
                    options = {s for s in on_strong if s >= last_bar * bar_steps}
                elif self.kinds[index] == "stressed":
                    options = on_strong
                else:
                    lead_in = pickup if not stressed or index < stressed[0] else set()
                    options = (steps | lead_in) - (on_strong if self.kinds[index] == "unstressed" else set())
                allowed.append(options)
        return allowed

    def prune(self, line_bars: list[int]) -> list[frozenset[int]]:
        """Back from the last syllable: the onsets from which the rest of the words can be sung
        (an empty set where they cannot)."""
        allowed = self.allowed(line_bars)
        end = sum(line_bars) * self.bar_steps
        feasible: list[frozenset[int]] = [frozenset()] * len(self.syllables)
        following: frozenset[int] | None = None
        for index in range(len(self.syllables) - 1, -1, -1):
            latest = end if following is None else max(following, default=-1)
            feasible[index] = frozenset(s for s in allowed[index] if self._can_go_on(index, s, following, latest))
            following = feasible[index]
        return feasible


    def _can_go_on(self, index: int, onset: int, following: frozenset[int] | None, latest: int) -> bool:
        """Whether `syllable_durations` offers any length (the same rules, asked quickly;
        `latest` is the next syllable's latest onset, or the section's end)."""
        syllable = self.syllables[index]
        if syllable.last_in_line or following is None:
            return latest - onset >= self.beat_steps
        if not syllable.last_in_word:
            return any(onset + d in following for d in GRID_DURATIONS if d <= self.bar_steps)
        return latest - onset >= GRID_STEPS


def plan_words(syllables: tuple[SungSyllable, ...], meter: Meter, bars: int | None = None) -> WordsPlan:
    """Bars for each line (about two bars of 4/4 a line, more where the words need them; or
    the `bars` asked for, shared by how crowded each line is) and the onsets each syllable
    may take. BadInput when the words cannot fit the bars asked for."""
    if str(meter) not in V.METERS:
        raise BadInput(f"the melody model writes in {', '.join(V.METERS)}, not {meter}")
    if not syllables:
        raise BadInput("there are no words to write a melody for")
    sizes = _word_sizes(syllables)
    stanza = _Stanza(syllables, meter, _lines(syllables), [_kind(s, sizes[i]) for i, s in enumerate(syllables)],
                     V.bar_steps(str(meter)), int(meter.beat_length / V.MODEL_STEP_BEATS))
    needed = _fewest_bars(stanza, [1] * len(stanza.lines))
    if bars is None:
        comfortable = max(1, round(LINE_BEATS / float(meter.bar_length)))
        line_bars = _fewest_bars(stanza, [max(n, comfortable) for n in needed])
    elif bars < sum(needed):
        raise BadInput(f"these words need at least {sum(needed)} bars of {meter} "
                       f"({' + '.join(str(n) for n in needed)} for the lines); {bars} is too few")
    else:
        line_bars = _share(bars, needed, [len(line) for line in stanza.lines])
    if sum(line_bars) > V.MAX_BARS:
        raise BadInput(f"these words need {sum(line_bars)} bars; the model writes at most {V.MAX_BARS} at a time")
    feasible = stanza.prune(line_bars)
    line_of = tuple(n for n, line in enumerate(stanza.lines) for _ in line)
    return WordsPlan(syllables, stanza.bar_steps, stanza.beat_steps, tuple(line_bars), line_of, tuple(feasible))


def _fewest_bars(stanza: _Stanza, line_bars: list[int]) -> list[int]:
    """`line_bars`, with a bar more at a time where the words cannot yet be sung (the line that
    is stuck, or the next one when that is what frees it), until they can."""
    def stuck_at(shares: list[int]) -> int:
        feasible = stanza.prune(shares)
        return next((i for i in range(len(feasible) - 1, -1, -1) if not feasible[i]), -1)

    line_of = [n for n, line in enumerate(stanza.lines) for _ in line]
    line_bars = list(line_bars)
    stuck = stuck_at(line_bars)
    while stuck >= 0:
        if sum(line_bars) >= V.MAX_BARS:
            raise BadInput(f"these words need more than {V.MAX_BARS} bars; write a melody for fewer lines at a time")
        tries = [[b + (n == line) for n, b in enumerate(line_bars)]
                 for line in (line_of[stuck], line_of[stuck] + 1) if line < len(line_bars)]
        line_bars = next((t for t in tries if stuck_at(t) != stuck), tries[0])
        stuck = stuck_at(line_bars)
    return line_bars


def _share(bars: int, needed: list[int], sizes: list[int]) -> list[int]:
    """`bars` shared among lines as evenly as the words allow: each line what it needs or an
    equal share, whichever is more; then bars taken from the least crowded lines (syllables
    per bar) or given to the most crowded until the total is `bars`."""
    shares = [max(need, bars // len(needed)) for need in needed]
    while sum(shares) > bars:
        roomy = min((n for n in range(len(shares)) if shares[n] > needed[n]), key=lambda n: sizes[n] / shares[n])
        shares[roomy] -= 1
    while sum(shares) < bars:
        crowded = max(range(len(shares)), key=lambda n: (sizes[n] / shares[n], -n))
        shares[crowded] += 1
    return shares


@dataclass
class WordsGrammar:
    """One melody being written for a WordsPlan: which tokens are legal now. `labels` says,
    for each note written, the syllable it sings (-1: it holds the one before)."""

    plan: WordsPlan
    low: int = V.LOWEST_PITCH
    high: int = V.HIGHEST_PITCH
    opened: int = 0  # BAR tokens so far
    cursor: int = 0  # end of the last note, in steps from the first bar
    onset: int = 0  # start of the note being written
    expect: str = "bar"  # "bar" | "any" | "pitch" | "duration" | "done"
    labels: list[int] = field(default_factory=list)
    pitch_tokens: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.pitch_tokens = [V.pitch(p) for p in range(max(self.low, V.LOWEST_PITCH), min(self.high, V.HIGHEST_PITCH) + 1)]

    @property
    def sung(self) -> int:
        """Syllables begun so far."""
        return sum(label >= 0 for label in self.labels)

    @property
    def in_final_bar(self) -> bool:
        return self.opened == self.plan.bars and self.expect != "done"

    def _may_hold(self) -> bool:
        """Whether a note starting at the cursor holds the line's last syllable (a melisma):
        that syllable ends its line, the next cannot start here, fewer than MAX_MELISMA_NOTES
        notes hold it already, and the next syllable can still start after the new note."""
        index = self.sung - 1
        if index + 1 < len(self.plan.syllables) and self.cursor in self.plan.feasible[index + 1]:
            return False
        holding = len(list(itertools.takewhile(lambda label: label < 0, reversed(self.labels))))
        return (index >= 0 and self.plan.syllables[index].last_in_line and holding < MAX_MELISMA_NOTES
                and self.plan.room_after(index) - self.cursor >= GRID_STEPS)

    def allowed(self) -> list[int]:
        """The tokens legal now (never empty)."""
        if self.expect == "done":
            return [V.EOS]
        if self.expect == "bar":
            return [V.BAR]
        if self.expect == "pitch":
            return self.pitch_tokens
        if self.expect == "duration":
            index = self.labels[-1]
            if index < 0:
                room = self.plan.room_after(self.sung - 1) - self.onset
                lengths = [d for d in GRID_DURATIONS if d <= room]
            else:
                lengths = self.plan.durations(index, self.onset)
            return [V.DUR_OFFSET + V.DURATIONS.index(d) for d in lengths]
        bar_start = (self.opened - 1) * self.plan.bar_steps
        bar_end = bar_start + self.plan.bar_steps
        onsets = [] if self.sung == len(self.plan.syllables) else \
            sorted(s for s in self.plan.feasible[self.sung] if s >= self.cursor)
        if self.labels and self.labels[-1] >= 0 and not self.plan.syllables[self.labels[-1]].last_in_word:
            onsets = [self.cursor]  # the word goes on: its next syllable starts where this one ends
        tokens: list[int] = []
        if bar_start <= self.cursor < bar_end and (self.cursor in onsets or self._may_hold()):
            tokens += self.pitch_tokens  # the next syllable, or else a melisma, right where the last note ends
        tokens += [V.pos(s - bar_start) for s in onsets if self.cursor < s < bar_end and s >= bar_start]
        if self.opened < self.plan.bars and (not onsets or onsets[-1] >= bar_end):
            tokens.append(V.BAR)
        elif self.opened == self.plan.bars and not onsets:
            tokens.append(V.EOS)
        return tokens

    def advance(self, token: int) -> None:
        if V.is_pitch(token):
            self.labels.append(-1 if self.expect == "any" and self._may_hold() else self.sung)
            self.onset = self.cursor
        move(self, token, self.plan.bar_steps)
