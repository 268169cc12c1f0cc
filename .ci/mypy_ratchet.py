"""Type checking that only gets better: strict mypy must be clean for desktop_app/core and
db, and the rest (the Qt UI, bench) may not gain errors beyond .ci/mypy-ratchet.json.

    python .ci/mypy_ratchet.py           # check (CI)
    python .ci/mypy_ratchet.py --update  # after fixing errors: write the lower counts
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RATCHET = ROOT / ".ci" / "mypy-ratchet.json"
STRICT = ["desktop_app/core", "db"]
RATCHETED = ["desktop_app", "bench"]


def errors_by_file(*arguments: str) -> Counter[str]:
    done = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary", *arguments],
                          cwd=ROOT, capture_output=True, text=True)
    counts: Counter[str] = Counter()
    for line in done.stdout.splitlines():
        if ": error:" in line:
            counts[line.split(":", 1)[0]] += 1
    return counts


def main() -> int:
    strict = errors_by_file("--strict", *STRICT)
    ratcheted = errors_by_file(*RATCHETED)
    found = {"strict": dict(sorted(strict.items())), "ratchet": dict(sorted(ratcheted.items()))}
    if "--update" in sys.argv:
        RATCHET.write_text(json.dumps(found, indent=1) + "\n")
        print(f"wrote {RATCHET.name}: {sum(strict.values())} strict errors in core and db "
              f"(the goal is 0), {sum(ratcheted.values())} elsewhere")
        return 0
    allowed = json.loads(RATCHET.read_text()) if RATCHET.exists() else {}
    worse = []
    for part, counts in found.items():
        limits = allowed.get(part, {})
        for name, count in counts.items():
            if count > limits.get(name, 0):
                worse.append(f"{name}: {count} mypy errors ({part}; allowed "
                             f"{limits.get(name, 0)})")
    for line in worse:
        print(line)
    total = sum(strict.values()) + sum(ratcheted.values())
    print(f"mypy: {total} errors, {len(worse)} file(s) worse than the ratchet")
    return 1 if worse else 0


if __name__ == "__main__":
    sys.exit(main())
