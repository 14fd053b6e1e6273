"""What every edit receives and returns."""

from __future__ import annotations

from dataclasses import dataclass

from song.keys import Key
from song.meter import Meter
from song.model import Section


@dataclass(frozen=True)
class EditContext:
    """The song around the section (meter, key) and the edit's knobs."""

    meter: Meter
    key: Key
    amount: float = 0.5  # 0..1: how much; larger is monotonically more
    semitones: int = 0
    seed: int = 0
    axis: int | None = None  # inversion axis (MIDI pitch); None: the first note


@dataclass(frozen=True)
class Edited:
    """An edit's new section, with warnings and a phrase for the change summary."""

    section: Section
    warnings: tuple[str, ...] = ()
    detail: str = ""


def how_many(amount: float, available: int) -> int:
    """How many of `available` candidates an amount selects: rounds, but any amount above
    zero takes at least one, so a small request is never silently a no-op."""
    if available == 0 or amount <= 0:
        return 0
    return max(1, min(available, round(amount * available)))
