"""The baseline app: a bare PySide6 window (a QLabel in a QMainWindow).

Started exactly as the app is, with the same first-paint probe, and frozen with the same
pruning for the bundle figures. Run it as a script: `python bench/bare_window.py`.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from desktop_app.ui.first_paint import report_first_paint


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    label = QLabel("ALL Guide")
    window.setCentralWidget(label)
    window.resize(1200, 800)
    window.show()
    report_first_paint(label)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
