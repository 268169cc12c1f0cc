"""Peak memory: the app after visiting every screen, against the bare window, each in a
new process (the high-water mark of resident memory, as the kernel counts it).

The app visits home, every section and page, search, the glossary and a term, the
diagram in each view, the journey, the question lists and the laptop's saved pages.
Run a child by hand with `python -m bench.memory app|bare CONTENT_DB`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.common import Figure, interleaved, median, peak_rss_mb, quiet_environment

CHILD = "peak-rss-mb"


def _bare() -> None:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("ALL Guide"))
    window.resize(1200, 800)
    window.show()
    app.processEvents()


def _app(content_db: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.application import create_application, create_main_window

    create_application()
    window = create_main_window(content_db)
    window.resize(1200, 800)
    window.show()
    repository = window.repository
    addresses = ["app:home", "app:glossary", "app:glossary/anaemia", "app:journey",
                 "app:questions", "app:saved", "app:search?q=low platelets"]
    addresses += [f"app:diagram?view={view.id}" for view in repository.diagram().views]
    for section in repository.sections():
        addresses.append(f"app:section/{section.id}")
        addresses += [f"app:{page.kind}/{page.id}"
                      for page in repository.documents_in_section(section.id)]
    for address in addresses:
        window.open(address)
        QApplication.processEvents()


def peak_mb(which: str, content_db: Path, environment: dict[str, str]) -> float:
    result = subprocess.run([sys.executable, "-m", "bench.memory", which, str(content_db)],
                            env=environment, capture_output=True, text=True, timeout=300,
                            check=True)
    for line in result.stdout.splitlines():
        if line.startswith(CHILD + " "):
            return float(line.split()[1])
    raise RuntimeError(f"bench.memory {which} printed no figure:\n{result.stderr[-2000:]}")


def run(content_db: Path, scratch: Path, runs: int = 5) -> list[Figure]:
    environment = quiet_environment(scratch, content_db)
    values, baselines = interleaved(runs, lambda: peak_mb("app", content_db, environment),
                                    lambda: peak_mb("bare", content_db, environment))
    return [Figure("peak memory after visiting every screen", median(values), "MB",
                   median(baselines), "bare window, shown", max_ratio=1.4)]


if __name__ == "__main__":
    if sys.argv[1] == "app":
        _app(Path(sys.argv[2]))
    else:
        _bare()
    print(f"{CHILD} {peak_rss_mb():.2f}", flush=True)
