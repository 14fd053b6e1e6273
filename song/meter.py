"""Meters ("6/8", "3/4", "C") and the bar and beat lengths they imply, in quarter notes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from song.errors import InvalidMeter

SUPPORTED_DENOMINATORS = (1, 2, 4, 8, 16, 32)
_METER_PATTERN = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{1,2})\s*$")


@dataclass(frozen=True)
class Meter:
    """A time signature. Compound meters (6/8, 9/8, 12/8) beat in dotted quarters."""

    numerator: int
    denominator: int

    def __post_init__(self) -> None:
        if self.denominator not in SUPPORTED_DENOMINATORS:
            raise InvalidMeter(
                f"meter {self.numerator}/{self.denominator}: the lower number must be "
                f"one of {', '.join(map(str, SUPPORTED_DENOMINATORS))}"
            )
        if not 1 <= self.numerator <= 32:
            raise InvalidMeter(
                f"meter {self.numerator}/{self.denominator}: the upper number must be 1-32"
            )

    @classmethod
    def parse(cls, text: str) -> "Meter":
        """Parse "6/8", "3 / 4", "C" (4/4) or "C|" (2/2); raise InvalidMeter otherwise."""
        if isinstance(text, Meter):
            return text
        if not isinstance(text, str):
            raise InvalidMeter(f"a meter must be text like '6/8', got {text!r}")
        cleaned = text.strip()
        if cleaned.upper() == "C":
            return cls(4, 4)
        if cleaned.upper() == "C|":
            return cls(2, 2)
        match = _METER_PATTERN.match(cleaned)
        if not match:
            raise InvalidMeter(f"cannot read meter {text!r} (try '4/4', '3/4' or '6/8')")
        return cls(int(match[1]), int(match[2]))

    @property
    def bar_length(self) -> Fraction:
        """Length of one bar in quarter-note beats (6/8 -> 3)."""
        return Fraction(4 * self.numerator, self.denominator)

    @property
    def is_compound(self) -> bool:
        """6/8, 9/8, 12/8 (and 6/16...): beats are dotted, grouped in threes."""
        return self.denominator >= 8 and self.numerator % 3 == 0 and self.numerator > 3

    @property
    def beat_length(self) -> Fraction:
        """Length of the felt beat in quarter notes (4/4 -> 1, 6/8 -> 3/2, 2/2 -> 2)."""
        unit = Fraction(4, self.denominator)
        return unit * 3 if self.is_compound else unit

    @property
    def beats_per_bar(self) -> int:
        """Felt beats in a bar (4/4 -> 4, 6/8 -> 2, 5/4 -> 5)."""
        return int(self.bar_length / self.beat_length)

    def __str__(self) -> str:
        return f"{self.numerator}/{self.denominator}"
