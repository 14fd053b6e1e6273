"""What an edit changed, in musical terms: the text a session version is described with.

"chorus bars 1-8: syncopation 0.12 -> 0.31, pitches kept, 8 bars"
"""

from __future__ import annotations

from dataclasses import dataclass, field

from song.features import in_key_ratio, note_density, pitch_range, syncopation
from song.keys import Key
from song.meter import Meter
from song.model import Section

MEASURES = {
    "syncopation": lambda s, m, k: round(syncopation(s.notes, m), 2),
    "notes per bar": lambda s, m, k: round(note_density(s.notes, s.bars), 1),
    "in key": lambda s, m, k: round(in_key_ratio(s.notes, k), 2),
    "range": lambda s, m, k: pitch_range(s.notes),
}


@dataclass(frozen=True)
class Change:
    """One edit's effect: the operation, the bars it touched, measures before and after."""

    operation: str
    section: str
    bars: tuple[int, int] | None  # 1-based first and last bar touched; None when nothing changed
    measures: dict[str, tuple[float, float]]
    pitches_kept: bool
    bar_count: tuple[int, int]
    warnings: tuple[str, ...] = field(default_factory=tuple)
    detail: str = ""

    def describe(self) -> str:
        """The one line for the session's history and the LLM."""
        if self.bars is None:
            return f"{self.section}: {self.operation} changed nothing"
        where = f"bar {self.bars[0]}" if self.bars[0] == self.bars[1] else f"bars {self.bars[0]}-{self.bars[1]}"
        parts = [f"{self.section} {where}: {self.operation}"]
        if self.detail:
            parts[0] += f" {self.detail}"
        moved = [f"{name} {a:g} -> {b:g}" for name, (a, b) in self.measures.items() if a != b]
        parts += moved or ["measures unchanged"]
        parts.append("pitches kept" if self.pitches_kept else "pitches changed")
        before, after = self.bar_count
        parts.append(f"{after} bars" if before == after else f"{before} -> {after} bars")
        text = ", ".join(parts)
        return text + "".join(f" (warning: {w})" for w in self.warnings)

    def as_dict(self) -> dict[str, object]:
        return {
            "operation": self.operation, "section": self.section,
            "bars": list(self.bars) if self.bars else None,
            "measures": {k: list(v) for k, v in self.measures.items()},
            "pitches_kept": self.pitches_kept, "bar_count": list(self.bar_count),
            "warnings": list(self.warnings), "description": self.describe(),
        }


def touched_bars(before: Section, after: Section, meter: Meter) -> tuple[int, int] | None:
    """First and last bar (1-based, in the new section) where notes differ."""
    old, new = set(before.notes), set(after.notes)
    changed = [n for n in new ^ old]
    changed_chords = set(before.chords) ^ set(after.chords)
    if not changed and not changed_chords and before.bars == after.bars:
        return None
    if not changed and not changed_chords:
        return (1, after.bars)
    bar = meter.bar_length
    starts = [n.start for n in changed] + [c.start for c in changed_chords]
    first = min(after.bars, int(min(starts) // bar) + 1)
    last = min(after.bars, int(max(starts) // bar) + 1)
    return (first, last)


def describe_change(
    operation: str, before: Section, after: Section, meter: Meter, key: Key,
    warnings: tuple[str, ...] = (), detail: str = "", after_meter: Meter | None = None,
    after_key: Key | None = None,
) -> Change:
    """Measure the section before and after an edit. Each side is measured in the key it is
    in: its own key after a modulation, else the song's (`key` before, `after_key` after a
    change of the song's key), so a transpose that moves the key keeps its in-key share."""
    after_meter = after_meter or meter
    before_key, new_key = before.key_in(key), after.key_in(after_key or key)
    measures = {
        name: (measure(before, meter, before_key), measure(after, after_meter, new_key))
        for name, measure in MEASURES.items()
    }
    return Change(
        operation=operation,
        section=after.name,
        bars=touched_bars(before, after, after_meter) or ((1, after.bars) if before_key != new_key else None),
        measures=measures,
        pitches_kept=[n.pitch for n in before.notes] == [n.pitch for n in after.notes],
        bar_count=(before.bars, after.bars),
        warnings=warnings,
        detail=detail,
    )
