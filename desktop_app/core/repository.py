"""Read-only access to the built content database. All of the app's SQL lives here.

The database is opened with a `mode=ro` URI: the app can never change its content. Opening
checks that the file really is ALL Guide content of the schema this app understands (its
tables are core/content_schema.py's; its JSON columns are read with core/json_columns.py),
and reports what is wrong as a ContentUnavailable with a `reason` the UI turns into words.

A repository is opened for a site: the sections the site hides are left out inside the SQL
(temporary views of the visible sections and documents, in memory), so a search with a
LIMIT of N still returns N hits when N visible ones exist.
"""

from __future__ import annotations

import enum
import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core import json_columns as js
from desktop_app.core.content_format import APPLICATION_ID, SCHEMA_VERSION
from desktop_app.core.content_schema import FTS_TOKENIZER, JSON_KINDS, TABLES, Column
from desktop_app.core.limits import MAX_CONTENT_DB_BYTES
from desktop_app.core.models import (
    Document,
    DocumentSummary,
    Figure,
    GlossaryTerm,
    Journey,
    JourneyStep,
    QuestionList,
    SearchOutcome,
    Section,
    SourceReference,
)
from desktop_app.core.search import (
    BODY_SNIPPETS,
    COMMON_ROWS,
    RANK_AT_MOST,
    SCREEN_LIMIT,
    AnsweredHit,
    Plan,
    Speller,
    best_question,
    corrected_words,
    plan_search,
    question_stems,
    snippet,
    title_key,
    word_spans,
)

if TYPE_CHECKING:
    from desktop_app.core.diagram import Diagram


# What reading a damaged content database raises once it is open: a missing table or
# column, bad JSON, a field of the wrong kind. The UI shows "content damaged" for these.
READ_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, json.JSONDecodeError, KeyError,
                                            ValueError, TypeError)


class UnavailableReason(enum.Enum):
    MISSING = "missing"
    EMPTY = "empty"
    DAMAGED = "damaged"
    NOT_CONTENT = "not-content"
    TOO_OLD = "too-old"
    TOO_NEW = "too-new"


class ContentUnavailable(Exception):
    """The content database cannot be used; `reason` says why, `detail` is for logs."""

    def __init__(self, reason: UnavailableReason, path: Path, detail: str = "") -> None:
        super().__init__(f"{reason.value}: {path}: {detail}")
        self.reason = reason
        self.path = path
        self.detail = detail


# bm25 column weights in the FTS column order: title, summary, body, the entry's own other
# names (a glossary term's spellings), the other names of glossary terms a page links to,
# and the questions a page answers in readers' own words ("Will my hair fall out?")
_BM25_WEIGHTS = "10.0, 3.0, 2.0, 1.5, 0.2, 5.0"
# Glossary entries and diagram cells are short, which bm25 rewards, and question lists
# hold readers' questions without answering them; scale their score so articles and
# explainers come first unless the entry matches much better, or is named exactly (that
# comes first by title_key). (bm25 is negative: lower wins.)
_RANK = (
    f"bm25(search_documents_fts, {_BM25_WEIGHTS})"
    " * (CASE WHEN s.kind IN ('glossary', 'cell', 'questions') THEN 0.35 ELSE 1.0 END)"
)


# What a site hides, kept in the connection's own temporary (in-memory) schema: the file
# stays read-only. Every query of sections or documents reads the visible_ views; search
# leaves out the rows of hidden_documents.
_VISIBILITY = """
CREATE TEMP TABLE IF NOT EXISTS hidden_sections (id TEXT PRIMARY KEY);
CREATE TEMP VIEW IF NOT EXISTS visible_sections AS
    SELECT * FROM main.sections WHERE id NOT IN (SELECT id FROM temp.hidden_sections);
CREATE TEMP VIEW IF NOT EXISTS visible_documents AS
    SELECT * FROM main.documents WHERE section_id NOT IN (SELECT id FROM temp.hidden_sections);
CREATE TEMP VIEW IF NOT EXISTS hidden_documents AS
    SELECT kind, id FROM main.documents WHERE section_id IN (SELECT id FROM temp.hidden_sections);
"""


class ContentRepository:
    """Everything the app reads from the content database."""

    def __init__(self, connection: sqlite3.Connection, path: Path,
                 hidden_sections: Sequence[str] = ()) -> None:
        self._db = connection
        self.path = path
        self._db.execute("PRAGMA temp_store = MEMORY")  # never a temporary file on disk
        self._db.executescript(_VISIBILITY)
        self.hide_sections(hidden_sections)
        meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        self.content_version: str = meta.get("content_version", "")
        self._journey_intro: str = meta.get("journey_intro", "")
        self._synonym_groups: list[list[str]] | None = None  # loaded on first search
        self._speller: Speller | None = None  # loaded on first correction
        self._asked: dict[tuple[str, str], list[tuple[str, frozenset[str]]]] | None = None
        self._common_answers: dict[str, bool] = {}  # which choices match most rows
        # where a word is in a hit's text, by row, column and word: typing the next
        # letter keeps most of the hits and words
        self._spans: dict[tuple[int, str, str], list[tuple[int, int]]] = {}

    def hide_sections(self, section_ids: Sequence[str]) -> None:
        """Leave the sections a site has chosen to hide (and their pages) out of lists,
        pages and search from now on; () shows every section again."""
        self._db.execute("DELETE FROM temp.hidden_sections")
        self._db.executemany("INSERT OR IGNORE INTO temp.hidden_sections (id) VALUES (?)",
                             [(section_id,) for section_id in section_ids])
        self._db.commit()

    @classmethod
    def open(cls, path: Path, hidden_sections: Sequence[str] = ()) -> ContentRepository:
        """Open and validate the content database at `path`, read-only, for a site that
        hides `hidden_sections` (its settings' hidden_sections)."""
        path = Path(path)
        if not path.is_file():  # a folder or a pipe in its place is not content
            raise ContentUnavailable(UnavailableReason.NOT_CONTENT if path.exists()
                                     else UnavailableReason.MISSING, path)
        if path.stat().st_size == 0:
            raise ContentUnavailable(UnavailableReason.EMPTY, path, "file has no bytes")
        if path.stat().st_size > MAX_CONTENT_DB_BYTES:
            raise ContentUnavailable(UnavailableReason.NOT_CONTENT, path, "file too big")
        try:
            connection = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
            )
        except sqlite3.Error as error:
            raise ContentUnavailable(UnavailableReason.DAMAGED, path, str(error)) from error
        try:
            _validate(connection, path)
            return cls(connection, path, hidden_sections)
        except ContentUnavailable:
            connection.close()
            raise
        except sqlite3.Error as error:
            connection.close()
            raise ContentUnavailable(UnavailableReason.DAMAGED, path, str(error)) from error

    def close(self) -> None:
        self._db.close()

    # Sections and documents

    def sections(self, *, include_hidden: bool = False) -> list[Section]:
        table = "sections" if include_hidden else "visible_sections"
        rows = self._db.execute(f"SELECT id, title, summary FROM {table} ORDER BY position")
        return [Section(*row) for row in rows]

    def section(self, section_id: str) -> Section | None:
        row = self._db.execute(
            "SELECT id, title, summary FROM visible_sections WHERE id = ?", (section_id,)
        ).fetchone()
        return Section(*row) if row else None

    def documents_in_section(self, section_id: str) -> list[DocumentSummary]:
        rows = self._db.execute(
            "SELECT kind, id, title, summary FROM visible_documents WHERE section_id = ?"
            " ORDER BY kind, position, id",
            (section_id,),
        )
        return [DocumentSummary(*row) for row in rows]

    def document(self, kind: str, document_id: str) -> Document | None:
        row = self._db.execute(
            "SELECT kind, id, section_id, title, summary, audience, html, sources,"
            " reviewed, next_review, asked, reviewer, related, figures_next_review"
            " FROM visible_documents WHERE kind = ? AND id = ?",
            (kind, document_id),
        ).fetchone()
        if row is None:
            return None
        (kind, id_, section_id, title, summary, audience, html, sources, reviewed, due,
         asked, reviewer, related, figures_due) = row
        return Document(
            kind=kind,
            id=id_,
            section_id=section_id,
            title=title,
            summary=summary,
            audience=js.AUDIENCE.decode(audience),
            html=html,
            sources=tuple(SourceReference(s["name"], s["url"])
                          for s in js.SOURCES.decode(sources)),
            reviewed=date.fromisoformat(reviewed),
            next_review=date.fromisoformat(due),
            asked=js.ASKED.decode(asked),
            reviewer=reviewer,
            related=js.RELATED.decode(related),
            figures_next_review=date.fromisoformat(figures_due) if figures_due else None,
        )

    # Wayfinding: where to start, and where to go next

    def start_here(self) -> list[DocumentSummary]:
        """"Just diagnosed? Start here": the first pages to read, in order, each with its
        `why` line; pages of hidden sections are left out."""
        rows = self._db.execute(
            "SELECT d.kind, d.id, d.title, d.summary, s.why FROM start_here s"
            " JOIN visible_documents d ON d.kind = s.kind AND d.id = s.id ORDER BY s.position")
        return [DocumentSummary(*row) for row in rows]

    def related(self, kind: str, document_id: str) -> list[DocumentSummary]:
        """The pages a document's `related:` names, in its order (hidden ones left out)."""
        row = self._db.execute("SELECT related FROM visible_documents"
                               " WHERE kind = ? AND id = ?", (kind, document_id)).fetchone()
        if row is None:
            return []
        found = []
        for address in js.RELATED.decode(row[0]):
            target_kind, _, target_id = address.removeprefix("app:").partition("/")
            summary = self._summary(target_kind, target_id)
            if summary is not None:
                found.append(summary)
        return found

    def next_in_section(self, kind: str, document_id: str) -> DocumentSummary | None:
        """The page after this one in its section's own order, or None for the last."""
        row = self._db.execute("SELECT section_id FROM visible_documents"
                               " WHERE kind = ? AND id = ?", (kind, document_id)).fetchone()
        if row is None:
            return None
        pages = self.documents_in_section(row[0])
        keys = [(page.kind, page.id) for page in pages]
        position = keys.index((kind, document_id)) + 1
        return pages[position] if position < len(pages) else None

    def _summary(self, kind: str, document_id: str) -> DocumentSummary | None:
        row = self._db.execute("SELECT kind, id, title, summary FROM visible_documents"
                               " WHERE kind = ? AND id = ?", (kind, document_id)).fetchone()
        return DocumentSummary(*row) if row else None

    # Figures (statistics kept once), for an About page or an editor's list

    def figures(self) -> list[Figure]:
        """Every figure, by id, with its source, check dates and the pages stating it."""
        used: dict[str, list[DocumentSummary]] = {}
        for figure_id, *summary in self._db.execute(
                "SELECT u.figure_id, d.kind, d.id, d.title, d.summary FROM figure_usage u"
                " JOIN visible_documents d ON d.kind = u.document_kind AND d.id = u.document_id"
                " ORDER BY u.figure_id, d.title"):
            used.setdefault(figure_id, []).append(DocumentSummary(*summary))
        return [Figure(id_, text, SourceReference(name, url), date.fromisoformat(checked),
                       date.fromisoformat(due), tuple(used.get(id_, ())))
                for id_, text, name, url, checked, due in self._db.execute(
                    "SELECT id, text, source_name, source_url, checked, next_review"
                    " FROM figures ORDER BY id")]

    # Glossary

    def glossary_terms(self) -> list[GlossaryTerm]:
        rows = self._db.execute(
            "SELECT id, term, meaning, also FROM glossary ORDER BY term COLLATE NOCASE"
        )
        return [GlossaryTerm(id_, term, meaning, js.ALSO.decode(also)) for id_, term,
                meaning, also in rows]

    def glossary_term(self, term_id: str) -> GlossaryTerm | None:
        row = self._db.execute(
            "SELECT id, term, meaning, also FROM glossary WHERE id = ?", (term_id,)
        ).fetchone()
        if row is None:
            return None
        used_in = self._db.execute(
            "SELECT d.kind, d.id, d.title, d.summary FROM glossary_usage u"
            " JOIN visible_documents d ON d.kind = u.document_kind AND d.id = u.document_id"
            " WHERE u.term_id = ? ORDER BY d.title",
            (term_id,),
        )
        return GlossaryTerm(
            row[0], row[1], row[2], js.ALSO.decode(row[3]),
            tuple(DocumentSummary(*usage) for usage in used_in),
        )

    # The cell-maturation diagram

    def diagram(self) -> Diagram:
        """The diagram from its three tables; core.diagram reads the rows (its columns
        are the diagram data's own, so new diagram data needs no change here)."""
        from desktop_app.core.diagram import diagram_from_rows

        def rows(table: str) -> list[dict[str, object]]:
            cursor = self._db.execute(f"SELECT * FROM {table} ORDER BY position")
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor]

        return diagram_from_rows(rows("cells"), rows("diagram_views"), rows("tour_steps"))

    # Images (the reader shows images only from here, never from disk or the network)

    def image(self, name: str) -> bytes | None:
        row = self._db.execute("SELECT data FROM images WHERE name = ?", (name,)).fetchone()
        return bytes(row[0]) if row else None

    # Search

    def search(self, text: str, limit: int = 30, *, as_you_type: bool = True
               ) -> list[AnsweredHit]:
        """Ranked hits for what the reader typed, best first, with highlighted snippets
        and the page's question the words match."""
        plan = self._plan(text, as_you_type)
        return self._run(plan, text, limit) if plan else []

    def _plan(self, text: str, as_you_type: bool) -> Plan | None:
        if self._synonym_groups is None:
            groups: dict[int, list[str]] = {}
            for group_id, phrase in self._db.execute(
                    "SELECT group_id, phrase FROM synonyms ORDER BY group_id, phrase"):
                groups.setdefault(group_id, []).append(phrase)
            self._synonym_groups = list(groups.values())
        return plan_search(text, self._spelling_variants, self._synonym_groups,
                           as_you_type=as_you_type)

    def _run(self, plan: Plan, text: str, limit: int) -> list[AnsweredHit]:
        expression = self._narrowed(plan.without(self._common(plan)))
        # still too many to rank quickly (large content, words in every title): rank the
        # first RANK_AT_MOST of them only, so no keystroke waits long
        bounded = (" AND +s.rowid IN (SELECT rowid FROM search_documents_fts WHERE"
                   f" search_documents_fts MATCH :expression LIMIT {RANK_AT_MOST})"
                   if self._count(expression, RANK_AT_MOST + 1) > RANK_AT_MOST else "")
        ranked = self._db.execute(
            "SELECT s.rowid, s.kind, s.ref_id, s.title FROM search_documents_fts"
            " JOIN search_documents s ON s.rowid = search_documents_fts.rowid"
            f" WHERE search_documents_fts MATCH :expression{bounded}"
            # a hidden section's pages, left out before the LIMIT
            " AND (s.kind, s.ref_id) NOT IN (SELECT kind, id FROM hidden_documents)"
            # titled exactly as typed (the question, or its meaningful words: a term
            # named exactly) first, then by bm25 relevance
            f" ORDER BY s.title_key IN (:title_key, :terms_key) DESC, {_RANK}, s.rowid"
            " LIMIT :limit",
            {"expression": expression, "title_key": title_key(text),
             "terms_key": title_key(" ".join(plan.terms)), "limit": limit},
        ).fetchall()
        snippets = self._snippets(plan, [row[0] for row in ranked])
        asked = self._asked_questions()
        return [
            AnsweredHit(kind, ref_id, title, snippets[rowid],
                        best_question(plan, asked.get((kind, ref_id), ())))
            for rowid, kind, ref_id, title in ranked
        ]

    def _narrowed(self, expression: str) -> str:
        """The expression, limited to the short columns when it matches too many rows
        to rank quickly (the first letters typed, on large content): the pages whose
        title, summary or questions hold the words, or then their title, as long as
        that leaves a screenful. Counting stops at the ceiling, so asking is cheap."""
        chosen = expression
        for columns in ("{title summary asked}", "{title}"):
            if self._count(chosen, RANK_AT_MOST + 1) <= RANK_AT_MOST:
                break
            narrower = f"{columns} : ({expression})"
            if self._count(narrower, SCREEN_LIMIT) < SCREEN_LIMIT:
                break
            chosen = narrower
        return chosen

    def _count(self, expression: str, most: int) -> int:
        """How many rows match, counting no further than `most`."""
        return int(self._db.execute(
            "SELECT count(*) FROM (SELECT 1 FROM search_documents_fts"
            " WHERE search_documents_fts MATCH ? LIMIT ?)", (expression, most)).fetchone()[0])

    def _common(self, plan: Plan) -> set[str]:
        """The plan's choices that match at least COMMON_ROWS rows. Counting stops
        there, so asking is cheap; answers are kept, as the same words recur."""
        common = set()
        for clause in plan.clauses:
            if clause.text not in self._common_answers:
                if len(self._common_answers) >= 4096:  # a kiosk runs for weeks
                    self._common_answers.clear()
                self._common_answers[clause.text] = \
                    self._count(clause.text, COMMON_ROWS) >= COMMON_ROWS
            if self._common_answers[clause.text]:
                common.add(clause.text)
        return common

    def _asked_questions(self) -> dict[tuple[str, str], list[tuple[str, frozenset[str]]]]:
        """Every page's questions in readers' words, with their stems, read once."""
        if self._asked is None:
            self._asked = {}
            for kind, ref_id, question in self._db.execute(
                    "SELECT kind, id, text FROM asked_questions ORDER BY kind, id, position"):
                self._asked.setdefault((kind, ref_id), []).append(
                    (question, question_stems(question)))
        return self._asked

    def _snippets(self, plan: Plan, rowids: list[int]) -> dict[int, str]:
        """Highlighted snippets of the ranked hits only: the body around the matches
        (for the first BODY_SNIPPETS), else the summary (a glossary term's meaning), never
        the hidden lists of other names. Every meaningful word, spelling and synonym
        searched is highlighted, never a stop word."""
        if not rowids:
            return {}
        marked = [word.lower() for word in plan.marked]
        marks = ", ".join("?" * len(rowids))
        rows = self._db.execute(
            f"SELECT rowid, body, summary FROM search_documents WHERE rowid IN ({marks})",
            rowids)
        # the body around the matches for the first hits, the ones a reader sees first;
        # the summary for the rest (making a body's snippet is the costly part)
        first = set(rowids[:BODY_SNIPPETS])
        spans = self._spans
        if len(spans) > 8192:  # a kiosk runs for weeks
            spans.clear()

        def spans_in(rowid: int, column: str) -> Callable[[str, str], list[tuple[int, int]]]:
            def spans_of(lower: str, marker: str) -> list[tuple[int, int]]:
                key = (rowid, column, marker)
                if key not in spans:
                    spans[key] = word_spans(lower, marker)
                return spans[key]
            return spans_of

        return {rowid: (snippet(body or "", marked, spans_of=spans_in(rowid, "body"))
                        if rowid in first else "")
                or snippet(summary or "", marked, whole=True,
                           spans_of=spans_in(rowid, "summary")) or (summary or "")
                for rowid, body, summary in rows}

    def search_forgiving(self, text: str, limit: int = SCREEN_LIMIT) -> SearchOutcome:
        """The search the app and `python -m db search` both make.

        A word that is not in the content as spelt is corrected on its own, to a content
        word it is a plausible typo of (Speller). When no meaningful word is in the
        content, the results are for the correction ("leukamia"); else the correction is
        offered beside the results for the words as typed ("lumber puncture"). Stop
        words, synonyms, and the word being typed while content words start with it
        ("chem"), are never corrected."""
        plan = self._plan(text, True)
        if plan is None:
            return SearchOutcome([])
        hits = self._run(plan, text, limit)
        if self._speller is None:
            self._speller = Speller(
                row[0] for row in self._db.execute("SELECT word FROM search_vocabulary"))
        last = len(plan.terms) - 1
        unknown = {term for n, term in enumerate(plan.terms)
                   if term not in plan.synonym_words and not self._speller.knows(term)
                   and not (plan.typing and n == last and self._speller.starts(term))}
        if not unknown:
            return SearchOutcome(hits)
        corrected = corrected_words(plan.words, unknown, self._speller)
        if corrected is None:
            return SearchOutcome(hits)
        suggestion = " ".join(corrected)
        if hits and unknown != set(plan.terms):
            return SearchOutcome(hits, suggestion, corrected=False)
        fixed = self.search(suggestion, limit)
        return SearchOutcome(fixed, suggestion, corrected=True) if fixed else \
            SearchOutcome(hits, suggestion, corrected=False)

    # Question lists and the treatment journey

    def question_lists(self) -> list[QuestionList]:
        questions: dict[str, list[str]] = {}
        for list_id, text in self._db.execute(
                "SELECT list_id, text FROM questions ORDER BY list_id, position"):
            questions.setdefault(list_id, []).append(text)
        return [QuestionList(id_, title, tuple(questions.get(id_, ())))
                for id_, title in self._db.execute(
                    "SELECT id, title FROM question_lists ORDER BY position")]

    def journey(self) -> Journey:
        steps = [JourneyStep(*row) for row in self._db.execute(
            "SELECT lane_id, lane_title, treatment_id, label, when_text, text"
            " FROM journey_steps ORDER BY position")]
        return Journey(self._journey_intro, tuple(steps))

    def _spelling_variants(self, keys: Iterable[str]) -> dict[str, set[str]]:
        keys = list(keys)
        found: dict[str, set[str]] = {}
        if not keys:
            return found
        marks = ", ".join("?" * len(keys))
        rows = self._db.execute(
            f"SELECT folded, word FROM spelling_variants WHERE folded IN ({marks})", keys
        )
        for folded, word in rows:
            found.setdefault(folded, set()).add(word)
        return found


def _validate(connection: sqlite3.Connection, path: Path) -> None:
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if application_id == 0 and tables == 0:
        raise ContentUnavailable(UnavailableReason.EMPTY, path, "database has no tables")
    if application_id != APPLICATION_ID:
        raise ContentUnavailable(
            UnavailableReason.NOT_CONTENT, path, f"application_id is {application_id:#x}"
        )
    schema = connection.execute("PRAGMA user_version").fetchone()[0]
    if schema < SCHEMA_VERSION:
        raise ContentUnavailable(UnavailableReason.TOO_OLD, path, f"schema {schema}")
    if schema > SCHEMA_VERSION:
        raise ContentUnavailable(UnavailableReason.TOO_NEW, path, f"schema {schema}")
    check = connection.execute("PRAGMA quick_check").fetchone()[0]
    if check != "ok":
        raise ContentUnavailable(UnavailableReason.DAMAGED, path, check)
    problem = _value_problem(connection)  # each value the app reads is of its kind
    if problem is not None:
        raise ContentUnavailable(UnavailableReason.DAMAGED, path, problem)
    if connection.execute("SELECT count(*) FROM sections").fetchone()[0] == 0:
        raise ContentUnavailable(UnavailableReason.EMPTY, path, "no sections")


# What the app reads, checked once when the file is opened. A table or column that is
# gone, or JSON that does not parse, makes the reading raise: the page that needs it says
# the content is damaged and the rest stays readable. What reading would NOT notice is
# refused here instead: a NULL or a number where the app reads text, a date that is not
# a date, JSON of the wrong shape. Without this, such a value showed as a crash, a
# half-built page or "page not found". The kinds are the content contract's
# (core/content_schema.py: each column of each table the build writes, except the search
# tables); here each kind becomes the SQL that finds a value NOT of that kind. Milliseconds.

_DATE_GLOB = "[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]"
_VALUE_KINDS: dict[str, str] = {
    "text": "typeof({c}) != 'text'",
    "text-or-null": "{c} IS NOT NULL AND typeof({c}) != 'text'",
    "number": "typeof({c}) NOT IN ('integer', 'real')",
    "date": f"typeof({{c}}) != 'text' OR {{c}} NOT GLOB '{_DATE_GLOB}'",
    "date-or-empty": f"{{c}} IS NOT NULL AND {{c}} != '' AND "
                     f"(typeof({{c}}) != 'text' OR {{c}} NOT GLOB '{_DATE_GLOB}')",
    "bytes": "{c} IS NOT NULL AND typeof({c}) != 'blob'",
    # JSON that does not parse is left to the reading (json.loads raises, the page says
    # the content is damaged); JSON that parses to the wrong shape would not be noticed
    "texts": "typeof({c}) != 'text' OR json_valid({c}) AND (json_type({c}) != 'array'"
             " OR EXISTS (SELECT 1 FROM json_each({c}) WHERE type != 'text'))",
    "objects": "typeof({c}) != 'text' OR json_valid({c}) AND (json_type({c}) != 'array'"
               " OR EXISTS (SELECT 1 FROM json_each({c}) WHERE type != 'object'))",
    "object": "typeof({c}) != 'text' OR json_valid({c}) AND json_type({c}) != 'object'",
}
_JSON_EMPTY_OK = "({c} IS NOT NULL AND {c} != '') AND ({rule})"  # optional JSON may be empty


def _condition(column: Column) -> str:
    """The SQL that is true for a value of `column` that is not of its kind."""
    quoted = f'"{column.name}"'
    rule = _VALUE_KINDS[column.kind].format(c=quoted)
    if column.fields:  # each object must hold these fields as text
        missing = " OR ".join(f"json_type(value, '$.{field}') IS NOT 'text'"
                              for field in column.fields)
        rule += (f" OR json_valid({quoted}) AND EXISTS (SELECT 1 FROM json_each({quoted})"
                 f" WHERE {missing})")
    if column.optional and column.kind in JSON_KINDS:
        rule = _JSON_EMPTY_OK.format(c=quoted, rule=rule)
    return rule


def _has_json(connection: sqlite3.Connection) -> bool:
    try:
        connection.execute("SELECT json_valid('[]')").fetchone()
    except sqlite3.OperationalError:  # an SQLite built without JSON: checked on reading
        return False
    return True


def _value_problem(connection: sqlite3.Connection) -> str | None:
    """The first value the app reads that is not of its kind (content_schema.TABLES), as
    words for the log ("documents.title: a value is not text"), or None. One scan per
    table; the column is looked for only in a table found wrong."""
    json_ok = _has_json(connection)
    for table in TABLES:
        if not table.scanned:
            continue
        present = {row[1] for row in connection.execute(f'PRAGMA table_info("{table.name}")')}
        checks = [(column, _condition(column)) for column in table.columns
                  if column.name in present  # a missing one is left to the reading
                  and (json_ok or column.kind not in JSON_KINDS)]
        if not checks:
            continue
        where = " OR ".join(f"({condition})" for _, condition in checks)
        if connection.execute(f'SELECT 1 FROM "{table.name}" WHERE {where} LIMIT 1'
                              ).fetchone():
            for column, condition in checks:
                if connection.execute(f'SELECT 1 FROM "{table.name}" WHERE {condition}'
                                      " LIMIT 1").fetchone():
                    return f"{table.name}.{column.name}: a value is not {column.kind}"
    return None


# The content's search index uses FTS5's `remove_diacritics 2` (so "leucémie" finds
# "leucemie"), which SQLite has had since 3.27.0. `all-guide --self-test` checks it.
MIN_SQLITE_VERSION = (3, 27, 0)


def sqlite_version() -> str:
    return sqlite3.sqlite_version


def sqlite_search_problem() -> str | None:
    """Why this machine's SQLite cannot search the content (too old, no FTS5), or None."""
    version = tuple(int(part) for part in sqlite3.sqlite_version.split("."))
    if version < MIN_SQLITE_VERSION:
        wanted = ".".join(map(str, MIN_SQLITE_VERSION))
        return f"SQLite {sqlite3.sqlite_version} is older than {wanted}"
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute("CREATE VIRTUAL TABLE probe USING fts5(text,"
                           f" tokenize = '{FTS_TOKENIZER}')")
        connection.execute("INSERT INTO probe VALUES ('Leucémie aiguë')")
        found = connection.execute("SELECT count(*) FROM probe WHERE probe MATCH 'leucemie'")
        if found.fetchone()[0] != 1:
            return "FTS5 did not find a word written without its accent"
    except sqlite3.Error as error:
        return f"SQLite {sqlite3.sqlite_version} has no usable FTS5: {error}"
    finally:
        connection.close()
    return None
