"""Cold start to the first painted screen, app against the bare window, in new processes.

Each start is timed from just before the process is spawned to the time its first-paint
probe prints (desktop_app/ui/first_paint.py), so interpreter start, imports, opening the
content and the first paint all count, for the app and the bare window alike.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

from bench.common import Figure, interleaved, median, quiet_environment
from desktop_app.ui.first_paint import ENVIRONMENT_VARIABLE, PREFIX


def first_paint_ms(command: Sequence[str | Path], environment: dict[str, str]) -> float:
    """Milliseconds from spawning `command` to its first painted window."""
    start = time.monotonic()
    result = subprocess.run([str(part) for part in command], env=environment,
                            capture_output=True, text=True, timeout=120, check=False)
    for line in result.stdout.splitlines():
        if line.startswith(PREFIX + " "):
            return (float(line.split()[1]) - start) * 1000
    raise RuntimeError(f"{command[0]} printed no first-paint time (exit {result.returncode}):"
                       f"\n{result.stderr[-2000:]}")


def run(app: Sequence[str | Path], bare: Sequence[str | Path], content_db: Path,
        scratch: Path, label: str, runs: int = 9) -> list[Figure]:
    environment = quiet_environment(scratch, content_db)
    environment[ENVIRONMENT_VARIABLE] = "1"
    # one untimed start of each first, so both find their files in the page cache
    first_paint_ms(app, environment)
    first_paint_ms(bare, environment)
    values, baselines = interleaved(runs, lambda: first_paint_ms(app, environment),
                                    lambda: first_paint_ms(bare, environment))
    return [Figure(f"{label}: start to first painted home screen (median of {runs})",
                   median(values), "ms", median(baselines), "bare window", max_ratio=1.3)]
