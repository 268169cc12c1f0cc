"""`python -m bench`: build the content, run every benchmark, print the tables.

    python -m bench [--only NAME ...]
    python -m bench soak [--events N] [--seed S]   random input on the kiosk (bench/soak.py)

Runs every benchmark (about ten minutes on two cores), or only some of: startup, frozen,
search, reader, memory, kiosk, speech. Paste the printed tables into docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
from datetime import date
from pathlib import Path

SECTIONS = ("startup", "frozen", "search", "reader", "memory", "kiosk", "speech")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=SECTIONS,
                        metavar="NAME", help=f"run only these: {', '.join(SECTIONS)}")
    return parser.parse_args()


def main() -> int:
    if sys.argv[1:2] == ["soak"]:  # `python -m bench soak [--events N]`: not in the tables
        from bench import soak

        return soak.main(sys.argv[2:])
    arguments = _arguments()
    with tempfile.TemporaryDirectory(prefix="all-guide-bench-") as folder:
        scratch = Path(folder)
        content_db = scratch / "content.sqlite"
        from bench.common import quiet_environment

        os.environ.update(quiet_environment(scratch / "app", content_db))
        from db.build import build
        from db.sources import CONTENT_DIR

        build(CONTENT_DIR, content_db)
        import PySide6

        print(f"ALL Guide benchmarks, {date.today()}, {platform.system()} "
              f"{platform.machine()}, {os.cpu_count()} cores, Python "
              f"{platform.python_version()}, PySide6 {PySide6.__version__}, SQLite "
              f"{__import__('sqlite3').sqlite_version}, Qt offscreen", flush=True)
        for section in arguments.only:
            _run(section, content_db, scratch)
    return 0


def _run(section: str, content_db: Path, scratch: Path) -> None:
    from bench.common import print_table

    if section == "startup":
        from bench import startup

        print_table("Start-up, from source", startup.run(
            [Path(sys.executable).parent / "all-guide"],
            [sys.executable, Path(__file__).parent / "bare_window.py"],
            content_db, scratch / "startup", "source"))
    elif section == "frozen":
        from bench import frozen, startup

        app, bare = frozen.build(content_db, scratch / "frozen")
        print_table("Frozen app (one folder, PyInstaller)",
                    startup.run([app], [bare], content_db, scratch / "frozen", "frozen")
                    + frozen.size_figures(app, bare))
    elif section == "search":
        from bench import search
        from bench.synthetic import build_synthetic

        large = build_synthetic(content_db, scratch / "content-100x.sqlite")
        print_table("Search as you type", search.run(content_db, "real content", 5)
                    + search.run(large, "100× content", 25))
    elif section == "reader":
        from desktop_app.ui.application import create_application

        create_application()
        from bench import article, diagram

        print_table("Pages and the diagram", article.run(content_db) + diagram.run(content_db))
    elif section == "memory":
        from bench import memory

        print_table("Memory", memory.run(content_db, scratch / "memory"))
    elif section == "kiosk":
        from bench import kiosk

        print_table("Kiosk", kiosk.run(content_db, scratch / "kiosk"))
    elif section == "speech":  # read-aloud: bundle growth, start-up unchanged, first use
        from bench import speech

        speech.print_section(content_db, scratch / "speech")


if __name__ == "__main__":
    sys.exit(main())
