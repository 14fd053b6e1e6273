"""Timing helpers shared by the benchmarks: repeated runs, median and spread, rows."""

from __future__ import annotations

import statistics
import time
from dataclasses import asdict, dataclass
from typing import Callable


@dataclass(frozen=True)
class Row:
    """One line of the results table. `ratio` is baseline / ours: above 1 means we are faster."""

    name: str
    median_s: float
    spread_s: float  # max - min over the runs
    runs: int
    baseline: str | None = None
    baseline_median_s: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline_median_s is None or self.median_s == 0:
            return None
        return self.baseline_median_s / self.median_s

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "ratio": self.ratio}


@dataclass(frozen=True)
class Timing:
    median_s: float
    spread_s: float
    runs: int


def time_runs(work: Callable[[], object], runs: int) -> Timing:
    """Run `work` `runs` times; median and max-min spread of the wall-clock seconds."""
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - start)
    return Timing(statistics.median(seconds), max(seconds) - min(seconds), runs)


def interleaved(ours: Callable[[], object], baseline: Callable[[], object], runs: int) -> tuple[Timing, Timing]:
    """Time ours and the baseline alternately, so machine noise hits both alike."""
    ours_times, base_times = [], []
    for _ in range(runs):
        ours_times.append(time_runs(ours, 1).median_s)
        base_times.append(time_runs(baseline, 1).median_s)

    def summary(values: list[float]) -> Timing:
        return Timing(statistics.median(values), max(values) - min(values), len(values))

    return summary(ours_times), summary(base_times)
