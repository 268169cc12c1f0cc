"""Search: readers' questions answered, and search as you type.

Questions: the question set written before the ranking was tuned
(tests/data/reader_questions.yaml), each searched as the search screen and `db search` do
(ContentRepository.search_forgiving): the share whose answering page is first, and in the
top 3. Baseline, same run: the plain FTS5 way before issue 13, every word must match,
ranked by bm25 with the same column weights.

Search as you type: realistic queries typed a letter at a time through the call the
search screen makes for every keystroke (ContentRepository.search_forgiving).
Baseline, interleaved keystroke by keystroke: the bare SQLite FTS5 query for the same
words (last one as a prefix, first 30 row ids, no ranking, snippets or spelling help).
Each run opens the database afresh, so what the first search loads is counted too.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import yaml

from bench.common import Figure, milliseconds, percentile
from desktop_app.core.repository import _BM25_WEIGHTS, ContentRepository
from desktop_app.core.search import MIN_PREFIX_LENGTH, SCREEN_LIMIT, query_words

QUESTIONS = Path(__file__).resolve().parent.parent / "tests" / "data" / "reader_questions.yaml"

# what readers type, with UK and US spellings, misspellings and questions
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
    "will my child die",
    "my kid has a temperature",
    "lumber puncture",
    "did I cause this",
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
            times.append(milliseconds(
                lambda t=typed: repository.search_forgiving(t, SCREEN_LIMIT)))
    repository.close()
    bare.close()
    return times, baselines


def _every_word_must_match(connection: sqlite3.Connection, text: str) -> list[str]:
    """The pages the search before issue 13 ranked first, in essence: all words (the
    stop words too) must match, bm25 orders them."""
    words = query_words(text)
    if not words:
        return []
    expression = " AND ".join('"' + word.replace('"', '""') + '"' for word in words)
    return [f"{kind}/{ref_id}" for kind, ref_id in connection.execute(
        "SELECT s.kind, s.ref_id FROM search_documents_fts"
        " JOIN search_documents s ON s.rowid = search_documents_fts.rowid"
        " WHERE search_documents_fts MATCH ?"
        f" ORDER BY bm25(search_documents_fts, {_BM25_WEIGHTS}) LIMIT 3", (expression,))]


def questions(database: Path) -> list[Figure]:
    """Top-1 and top-3 of the question set, beside every-word-must-match."""
    entries = yaml.safe_load(QUESTIONS.read_text("utf-8"))
    repository = ContentRepository.open(database)
    bare = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
    first = top3 = base_first = base_top3 = 0
    for entry in entries:
        pages = set(entry["pages"])
        found = [f"{hit.kind}/{hit.id}" for hit in
                 repository.search_forgiving(entry["q"], SCREEN_LIMIT).hits[:3]]
        base = _every_word_must_match(bare, entry["q"])
        first += bool(found) and found[0] in pages
        top3 += bool(pages & set(found))
        base_first += bool(base) and base[0] in pages
        base_top3 += bool(pages & set(base))
    repository.close()
    bare.close()
    count = len(entries)
    base_name = "every word must match, bm25"
    name = f"reader questions ({count})"
    return [
        Figure(f"{name}, answering page first", 100 * first / count, "%",
               100 * base_first / count, base_name),
        Figure(f"{name}, answering page in the top 3", 100 * top3 / count, "%",
               100 * base_top3 / count, base_name),
        Figure(f"{name}, answering page not in the top 3", 100 * (count - top3) / count, "%",
               100 * (count - base_top3) / count, base_name, max_value=10),
    ]


def _synthetic(database: Path) -> bool:
    """The 100x content (bench/synthetic.py): its copies' ids end in ~N."""
    with sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True) as connection:
        return connection.execute("SELECT 1 FROM search_documents WHERE ref_id LIKE '%~%'"
                                  " LIMIT 1").fetchone() is not None


def run(database: Path, label: str, target_ms: float, runs: int = 5) -> list[Figure]:
    times: list[float] = []
    baselines: list[float] = []
    for _ in range(runs):
        measured, baseline = _typed(database)
        times += measured
        baselines += baseline
    name = f"search as you type, {label}"
    base = "bare FTS5 prefix query"
    figures = [] if _synthetic(database) else questions(database)
    figures.append(Figure(f"{name}, p50", percentile(times, 0.5), "ms",
                          percentile(baselines, 0.5), base))
    figures.append(Figure(f"{name}, p95", percentile(times, 0.95), "ms",
                          percentile(baselines, 0.95), base, max_value=target_ms))
    return figures
