"""Helpers shared by the benchmarks: figures and their table, timing, percentiles,
interleaved runs, memory readings and a quiet environment for child processes."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    """One row of the table: a value, its same-run baseline and its target, if any.

    A target is a ceiling on the value (`max_value`) or on value / baseline (`max_ratio`).
    """

    name: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    max_value: float | None = None
    max_ratio: float | None = None

    @property
    def ratio(self) -> float | None:
        return self.value / self.baseline if self.baseline else None

    def target(self) -> str:
        parts = []
        if self.max_ratio is not None:
            parts.append(f"≤ {self.max_ratio:g}×")
        if self.max_value is not None:
            parts.append(f"< {self.max_value:g} {self.unit}")
        return ", ".join(parts)

    def met(self) -> bool | None:
        checks = []
        if self.max_ratio is not None and self.ratio is not None:
            checks.append(self.ratio <= self.max_ratio)
        if self.max_value is not None:
            checks.append(self.value < self.max_value)
        return all(checks) if checks else None

    def row(self) -> str:
        ratio = f"{self.ratio:.2f}×" if self.ratio is not None else ""
        base = (f"{self.baseline:.2f} {self.unit} ({self.baseline_name})"
                if self.baseline is not None else self.baseline_name)
        met = {True: "yes", False: "**no**", None: ""}[self.met()]
        return (f"| {self.name} | {self.value:.2f} {self.unit} | {base} | {ratio} "
                f"| {self.target()} | {met} |")


def print_table(title: str, figures: list[Figure]) -> None:
    print(f"\n### {title}\n")
    print("| figure | app | baseline (same run) | ratio | target | met? |")
    print("| --- | --- | --- | --- | --- | --- |")
    for figure in figures:
        print(figure.row(), flush=True)


def milliseconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def median(values: list[float]) -> float:
    return statistics.median(values)


def interleaved(runs: int, measured: Callable[[], float],
                baseline: Callable[[], float]) -> tuple[list[float], list[float]]:
    """Alternate baseline and measured action (baseline, app, baseline, app …) so both
    see the same noise from the shared machine."""
    values, baselines = [], []
    for _ in range(runs):
        baselines.append(baseline())
        values.append(measured())
    return values, baselines


def rss_mb() -> float:
    """This process's resident memory now, in MB (Linux)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def peak_rss_mb() -> float:
    """This process's resident memory high-water mark, in MB (Linux). Read from
    /proc, not getrusage: Linux carries ru_maxrss over from the parent of a new process."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e6
    raise RuntimeError("no VmHWM in /proc/self/status")


def quiet_environment(scratch: Path, content_db: Path) -> dict[str, str]:
    """Environment for the app (in a child process, or this one): offscreen, on the given
    content, with user data, settings and caches in a scratch folder, so nothing real is
    read or kept.

    Bytecode is cached (in the scratch folder, not the checkout) as an installed or
    frozen app has it, even where the shell sets PYTHONDONTWRITEBYTECODE."""
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
    environment["QT_QPA_PLATFORM"] = "offscreen"
    environment["ALL_GUIDE_CONTENT_DB"] = str(content_db)
    settings = scratch / "site.toml"  # empty: the defaults, as a laptop has them
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.touch()
    environment["ALL_GUIDE_SETTINGS"] = str(settings)
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        environment[name] = str(scratch / name.lower())
    return environment
