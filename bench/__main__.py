"""`python -m bench`: build the content, run every benchmark, print the tables."""

from __future__ import annotations

import os
import platform
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    from db.build import build
    from db.sources import CONTENT_DIR
    from desktop_app.ui.application import create_application

    create_application()
    with tempfile.TemporaryDirectory() as folder:
        content_db = Path(folder) / "content.sqlite"
        build(CONTENT_DIR, content_db)
        from bench import diagram
        from bench.common import print_table

        print(f"ALL Guide benchmarks, {date.today()}, {platform.platform()}, "
              f"Python {platform.python_version()}, {os.cpu_count()} cores")
        print_table("Diagram", diagram.run(content_db))
    return 0


if __name__ == "__main__":
    sys.exit(main())
