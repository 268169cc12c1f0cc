"""A content database 100 times larger than the real one, for the search benchmark.

It starts as a copy of the built database, so the schema, the spelling and synonym tables
and the checks on opening are the real ones. Then every searchable entry (pages, glossary
terms, question lists, diagram cells) is added 99 more times with varied words: in each
copy some words are swapped for other content words and some for invented words, so the
index gains new documents and new terms (a vocabulary about ten times larger, as more
writing brings) rather than 99 duplicates. The full-text index is then rebuilt.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

from desktop_app.core.search import title_key
from desktop_app.core.spelling import WORD, fold_spelling

SWAPPED = 0.15  # share of words swapped for another content word, in each copy
INVENTED = 0.05  # share of words swapped for an invented word


def build_synthetic(real_db: Path, target: Path, factor: int = 100, seed: int = 6) -> Path:
    shutil.copyfile(real_db, target)
    target.chmod(0o644)
    rng = random.Random(seed)
    db = sqlite3.connect(target)
    columns = "kind, ref_id, title, summary, body, names, related_names"
    rows = db.execute(f"SELECT {columns} FROM search_documents ORDER BY rowid").fetchall()
    vocabulary = [word for (word,) in db.execute("SELECT word FROM search_vocabulary")]
    invented = _invented_words(vocabulary, len(vocabulary) * 9, rng)

    def vary(text: str) -> str:
        def swap(match: object) -> str:
            word = match.group(0)  # type: ignore[attr-defined]
            roll = rng.random()
            if roll < INVENTED:
                return rng.choice(invented)
            if roll < INVENTED + SWAPPED:
                return rng.choice(vocabulary)
            return word
        return WORD.sub(swap, text)

    copies = []
    for copy in range(1, factor):
        for kind, ref_id, title, *texts in rows:
            varied_title = vary(title)
            copies.append((kind, f"{ref_id}~{copy}", varied_title,
                           *(vary(text) for text in texts), title_key(varied_title)))
    db.executemany(f"INSERT INTO search_documents ({columns}, title_key)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", copies)
    db.execute("INSERT INTO search_documents_fts(search_documents_fts) VALUES ('rebuild')")
    db.executemany("INSERT OR IGNORE INTO search_vocabulary (word) VALUES (?)",
                   ((word,) for word in invented))
    db.executemany("INSERT OR IGNORE INTO spelling_variants (folded, word) VALUES (?, ?)",
                   ((fold_spelling(w), w) for w in invented if fold_spelling(w) != w))
    db.commit()
    db.execute("VACUUM")
    db.close()
    return target


def _invented_words(vocabulary: list[str], count: int, rng: random.Random) -> list[str]:
    """Plausible new words: the start of one content word joined to the end of another."""
    words: set[str] = set(vocabulary)
    invented: list[str] = []
    while len(invented) < count:
        first, second = rng.choice(vocabulary), rng.choice(vocabulary)
        word = first[: max(2, len(first) // 2)] + second[len(second) // 2 :]
        if word not in words:
            words.add(word)
            invented.append(word)
    return invented
