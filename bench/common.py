"""Timing helpers shared by the benchmarks: medians, percentiles, interleaved runs."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    target: str = ""

    def row(self) -> str:
        ratio = f"{self.value / self.baseline:.2f}×" if self.baseline else ""
        base = f"{self.baseline:.2f} {self.unit} ({self.baseline_name})" if self.baseline else ""
        return f"| {self.name} | {self.value:.2f} {self.unit} | {base} | {ratio} | {self.target} |"


def milliseconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def interleaved(runs: int, measured: Callable[[], float],
                baseline: Callable[[], float]) -> tuple[list[float], list[float]]:
    """Alternate the measured action and its baseline so both see the same noise."""
    values, baselines = [], []
    for _ in range(runs):
        values.append(measured())
        baselines.append(baseline())
    return values, baselines


def median(values: list[float]) -> float:
    return statistics.median(values)


def print_table(title: str, figures: list[Figure]) -> None:
    print(f"\n### {title}\n")
    print("| figure | value | baseline (same run) | ratio | target |")
    print("| --- | --- | --- | --- | --- |")
    for figure in figures:
        print(figure.row())
