"""The pinned Qt binding must not have PySide6 6.12.0's reference-count bug.

6.12.0 on Python 3.11 takes a reference from None on every binding call that returns
nothing, and the process aborts ("Fatal Python error: none_dealloc") after a few thousand
calls. Run the reproducer in a child process so an abort fails this test, not the run.
"""

from __future__ import annotations

import os
import subprocess
import sys

REPRODUCER = """
import sys
from PySide6.QtWidgets import QApplication, QLineEdit
app = QApplication([])
field = QLineEdit()
before = sys.getrefcount(None)
for _ in range(20_000):
    field.setText("")
after = sys.getrefcount(None)
print(before - after)
"""


def test_binding_survives_many_calls_returning_none() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", REPRODUCER], capture_output=True,
                            text=True, env=env, timeout=120)
    assert result.returncode == 0, f"binding aborted: {result.stderr[-500:]}"
    lost_references = int(result.stdout.strip().splitlines()[-1])
    assert lost_references < 1_000, f"None lost {lost_references} references in 20,000 calls"
