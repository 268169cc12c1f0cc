-- The content database's tables, as the build creates them and the app checks them.
-- Written by `python -m db schema > db/schema.sql` from desktop_app/core/content_schema.py
-- (the one place to change them); tests/test_content_contract.py keeps this file current.

CREATE TABLE "meta" (
   "key" TEXT PRIMARY KEY,
   "value" TEXT
);

CREATE TABLE "sections" (
   "id" TEXT PRIMARY KEY,
   "position" INTEGER,
   "title" TEXT,
   "summary" TEXT
);

CREATE TABLE "documents" (
   "kind" TEXT,
   "id" TEXT,
   "section_id" TEXT,
   "position" INTEGER,
   "title" TEXT,
   "summary" TEXT,
   "audience" TEXT,  -- JSON: a list of text
   "html" TEXT,
   "sources" TEXT,  -- JSON: a list of objects {name, url}
   "reviewed" TEXT,  -- a date, YYYY-MM-DD
   "next_review" TEXT,  -- a date, YYYY-MM-DD
   "reviewer" TEXT,  -- text or NULL
   "asked" TEXT,  -- JSON: a list of text
   "related" TEXT,  -- JSON: a list of text
   "figures_next_review" TEXT,  -- a date, or ''
   PRIMARY KEY ("kind", "id")
);

CREATE TABLE "asked_questions" (
   "kind" TEXT,
   "id" TEXT,
   "position" INTEGER,
   "text" TEXT,
   PRIMARY KEY ("kind", "id", "position")
);

CREATE TABLE "glossary" (
   "id" TEXT PRIMARY KEY,
   "term" TEXT,
   "meaning" TEXT,
   "also" TEXT  -- JSON: a list of text
);

CREATE TABLE "glossary_usage" (
   "term_id" TEXT,
   "document_kind" TEXT,
   "document_id" TEXT,
   PRIMARY KEY ("term_id", "document_kind", "document_id")
);

CREATE TABLE "figures" (
   "id" TEXT PRIMARY KEY,
   "text" TEXT,
   "value" TEXT,
   "group_name" TEXT,
   "measure" TEXT,
   "place" TEXT,
   "years" TEXT,
   "source_name" TEXT,
   "source_url" TEXT,
   "checked" TEXT,  -- a date, YYYY-MM-DD
   "next_review" TEXT  -- a date, YYYY-MM-DD
);

CREATE TABLE "figure_usage" (
   "figure_id" TEXT,
   "document_kind" TEXT,
   "document_id" TEXT,
   PRIMARY KEY ("figure_id", "document_kind", "document_id")
);

CREATE TABLE "images" (
   "name" TEXT PRIMARY KEY,
   "mime" TEXT,
   "data" BLOB
);

CREATE TABLE "question_lists" (
   "id" TEXT PRIMARY KEY,
   "position" INTEGER,
   "title" TEXT
);

CREATE TABLE "questions" (
   "list_id" TEXT,
   "position" INTEGER,
   "text" TEXT,
   PRIMARY KEY ("list_id", "position")
);

CREATE TABLE "journey_steps" (
   "position" INTEGER PRIMARY KEY,
   "lane_id" TEXT,
   "lane_title" TEXT,
   "treatment_id" TEXT,  -- text or NULL
   "label" TEXT,
   "when_text" TEXT,
   "text" TEXT
);

CREATE TABLE "synonyms" (
   "group_id" INTEGER,
   "phrase" TEXT,
   PRIMARY KEY ("group_id", "phrase")
);

CREATE TABLE "start_here" (
   "position" INTEGER PRIMARY KEY,
   "kind" TEXT,
   "id" TEXT,
   "why" TEXT
);

CREATE TABLE "cells" (
   "id" TEXT PRIMARY KEY,
   "position" INTEGER,
   "parent_id" TEXT,  -- text or NULL
   "family" TEXT,
   "name" TEXT,
   "medical_name" TEXT,
   "does" TEXT,
   "too_few" TEXT,
   "in_all" TEXT,
   "links" TEXT,  -- JSON: a list of text, or ''
   "look" TEXT  -- JSON: an object, or ''
);

CREATE TABLE "diagram_views" (
   "id" TEXT PRIMARY KEY,
   "position" INTEGER,
   "title" TEXT,
   "summary" TEXT,
   "kind" TEXT,
   "blocked" TEXT,
   "branch" TEXT,  -- JSON: a list of text, or ''
   "callouts" TEXT,  -- JSON: a list of objects {cell, text, link}, or ''
   "details" TEXT,  -- JSON: a list of objects {heading, text}, or ''
   "explainer" TEXT,
   "steps" TEXT  -- JSON: a list of objects, or ''
);

CREATE TABLE "tour_steps" (
   "position" INTEGER PRIMARY KEY,
   "view" TEXT,
   "cell" TEXT,
   "caption" TEXT
);

CREATE TABLE "search_documents" (
   "rowid" INTEGER PRIMARY KEY,
   "kind" TEXT,
   "ref_id" TEXT,
   "title" TEXT,
   "title_key" TEXT,
   "summary" TEXT,
   "body" TEXT,
   "names" TEXT,
   "related_names" TEXT,
   "asked" TEXT
);

CREATE TABLE "spelling_variants" (
   "folded" TEXT,
   "word" TEXT,
   PRIMARY KEY ("folded", "word")
);

CREATE TABLE "search_vocabulary" (
   "word" TEXT PRIMARY KEY
);

CREATE VIRTUAL TABLE search_documents_fts USING FTS5 (title, summary, body, names, related_names, asked, tokenize='porter unicode61 remove_diacritics 2', content='search_documents', prefix='2 3');

