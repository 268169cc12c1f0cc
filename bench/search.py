"""Search as you type: realistic queries typed a letter at a time through the call the
search screen makes for every keystroke (ContentRepository.search_forgiving).

Baseline, interleaved keystroke by keystroke: the bare SQLite FTS5 query for the same
words (last one as a prefix, first 30 row ids, no ranking, snippets or spelling help).
Each run opens the database afresh, so what the first search loads is counted too.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bench.common import Figure, milliseconds, percentile
from desktop_app.core.repository import ContentRepository
from desktop_app.core.search import MIN_PREFIX_LENGTH, query_words

# what readers type, with UK and US spellings, a misspelling and a question
QUERIES = (
    "low platelets",
    "leukemia relapse",
    "lumbar puncture side effects",
    "what is maintenance chemo",
    "steroids and mood",
    "hair loss",
    "central line infection",
    "bone marow transplant",
    "anemia tiredness",
    "when can my child go back to school",
)


def _bare_fts(connection: sqlite3.Connection, text: str) -> None:
    words = query_words(text)
    if not words:
        return
    terms = ['"' + word.replace('"', '""') + '"' for word in words]
    if len(words[-1]) >= MIN_PREFIX_LENGTH:  # as the app does
        terms[-1] += "*"
    connection.execute("SELECT rowid FROM search_documents_fts WHERE search_documents_fts"
                       " MATCH ? LIMIT 30", (" ".join(terms),)).fetchall()


def _typed(database: Path) -> tuple[list[float], list[float]]:
    repository = ContentRepository.open(database)
    bare = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
    times, baselines = [], []
    for query in QUERIES:
        for end in range(1, len(query) + 1):
            typed = query[:end]
            baselines.append(milliseconds(lambda t=typed: _bare_fts(bare, t)))
            times.append(milliseconds(lambda t=typed: repository.search_forgiving(t)))
    repository.close()
    bare.close()
    return times, baselines


def run(database: Path, label: str, target_ms: float, runs: int = 5) -> list[Figure]:
    times: list[float] = []
    baselines: list[float] = []
    for _ in range(runs):
        measured, baseline = _typed(database)
        times += measured
        baselines += baseline
    name = f"search as you type, {label}"
    base = "bare FTS5 prefix query"
    return [
        Figure(f"{name}, p50", percentile(times, 0.5), "ms", percentile(baselines, 0.5), base),
        Figure(f"{name}, p95", percentile(times, 0.95), "ms", percentile(baselines, 0.95),
               base, max_value=target_ms),
    ]
