"""Command line for the content pipeline.

    python -m db build [--content DIR] [--out FILE]   check the sources, then build SQLite
    python -m db check [--content DIR]                report problems as file:line: message
    python -m db search QUERY [--json] [--db FILE]    the app's search: hits, correction
    python -m db stats [--json]                       counts and reading grades
    python -m db review-status [--signoff FILE]       pages not signed off, or overdue
    python -m db schema                               the content contract as SQL (db/schema.sql)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from db.build import DEFAULT_TARGET, BuildFailed, build
from db.check import check_sources
from db.sources import CONTENT_DIR, load_sources
from desktop_app.core.search import SCREEN_LIMIT


def _build(args: argparse.Namespace) -> int:
    try:
        report = build(args.content, args.out)
    except BuildFailed as failure:
        for problem in failure.problems:
            print(problem, file=sys.stderr)
        print(f"build stopped: {len(failure.problems)} problem(s); nothing was written",
              file=sys.stderr)
        return 1
    print(f"built {report.path} (content {report.content_version}: "
          f"{report.documents} pages, {report.glossary_terms} glossary terms)")
    return 0


def _check(args: argparse.Namespace) -> int:
    problems = check_sources(load_sources(args.content))
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("content sources are fine")
    return 0


def _search(args: argparse.Namespace) -> int:
    """The search the app's search screen makes (ContentRepository.search_forgiving):
    the same hits in the same order, with the same correction."""
    from desktop_app.core.repository import ContentRepository, ContentUnavailable
    from desktop_app.core.search import corrections

    try:
        repository = ContentRepository.open(args.db)
    except ContentUnavailable as error:
        print(f"cannot open {error.path}: {error.reason.value} {error.detail}", file=sys.stderr)
        return 2
    outcome = repository.search_forgiving(args.query, limit=args.limit)
    changed = corrections(args.query, outcome.suggestion)
    if args.json:
        print(json.dumps({
            "query": args.query,
            # the correction made: the hits are for it (the words as typed found nothing)
            "corrected": outcome.suggestion if outcome.corrected else None,
            # a correction offered beside hits for the words as typed
            "suggestion": outcome.suggestion if not outcome.corrected and outcome.suggestion
            else None,
            "corrections": [{"typed": old, "correction": new} for old, new in changed],
            "hits": [{"kind": h.kind, "id": h.id, "title": h.title,
                      "question": h.question, "title_line": h.title_line(),
                      "snippet": h.snippet_html()} for h in outcome.hits],
        }, ensure_ascii=False, indent=2))
        return 0
    if outcome.corrected:
        print(f"nothing matched as typed; results for: {outcome.suggestion}")
    elif outcome.suggestion:
        print(f"did you mean: {outcome.suggestion}")
    for hit in outcome.hits:
        print(f"{hit.kind:9} {hit.id:32} {hit.title_line()}\n          {hit.snippet_marked()}")
    if not outcome.hits:
        print("no matches")
    return 0


def _stats(args: argparse.Namespace) -> int:
    from db.stats import content_stats

    stats = content_stats(load_sources(args.content))
    if args.json:
        print(json.dumps(stats, indent=2))
    else:
        for key, value in stats.items():
            if not isinstance(value, dict):
                print(f"{key:30} {value}")
        print("sources by publisher:")
        for publisher, count in stats["sources_by_publisher"].items():
            print(f"  {count:4}  {publisher}")
        print("reading grade (Flesch-Kincaid):")
        rows = [("all pages", stats["reading_grade_all"]), *stats["reading_grade"].items()]
        for audience, grade in rows:
            if grade:
                print(f"  {audience:18} median {grade['median']:4}  worst {grade['worst']:4} "
                      f"({grade['worst_page']}, {grade['pages']} pages)")
    return 0


def _review_status(args: argparse.Namespace) -> int:
    from datetime import date

    from db.review_status import describe, review_status
    from desktop_app.core.review_signoff import SignoffStatus

    today = date.fromisoformat(args.today) if args.today else date.today()
    signoff, pages = review_status(load_sources(args.content), args.signoff, today)
    for problem in signoff.problems:
        print(problem, file=sys.stderr)
    if signoff.found:
        site = f" for {signoff.site}" if signoff.site else ""
        print(f"sign-off file{site}: {signoff.path}")
    else:
        print(f"no sign-off file at {signoff.path}: no page is signed off")
    waiting = [page for page in pages if page.status != SignoffStatus.SIGNED_OFF]
    for page in waiting:
        print(describe(page))
    print(f"{len(pages) - len(waiting)} of {len(pages)} pages signed off; "
          f"{len(waiting)} need a reviewer")
    if signoff.problems:
        return 2
    return 1 if waiting else 0


SCHEMA_HEADER = """\
-- The content database's tables, as the build creates them and the app checks them.
-- Written by `python -m db schema > db/schema.sql` from desktop_app/core/content_schema.py
-- (the one place to change them); tests/test_content_contract.py keeps this file current.

"""


def _schema(args: argparse.Namespace) -> int:
    from desktop_app.core.content_schema import schema_sql

    sys.stdout.write(SCHEMA_HEADER + schema_sql())
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m db", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    build_parser = commands.add_parser("build", help="check the sources and build the database")
    build_parser.add_argument("--content", type=Path, default=CONTENT_DIR)
    build_parser.add_argument("--out", type=Path, default=DEFAULT_TARGET)
    build_parser.set_defaults(run=_build)
    check_parser = commands.add_parser("check", help="validate the sources")
    check_parser.add_argument("--content", type=Path, default=CONTENT_DIR)
    check_parser.set_defaults(run=_check)
    search_parser = commands.add_parser("search", help="search the built database")
    search_parser.add_argument("query")
    search_parser.add_argument("--json", action="store_true", help="print a JSON list")
    search_parser.add_argument("--db", type=Path, default=DEFAULT_TARGET)
    search_parser.add_argument("--limit", type=int, default=SCREEN_LIMIT,
                               help="hits to print (default: as many as the app shows)")
    search_parser.set_defaults(run=_search)
    stats_parser = commands.add_parser("stats", help="counts and reading grades")
    stats_parser.add_argument("--content", type=Path, default=CONTENT_DIR)
    stats_parser.add_argument("--json", action="store_true", help="print JSON")
    stats_parser.set_defaults(run=_stats)
    review_parser = commands.add_parser(
        "review-status", help="pages the site has not signed off, or overdue")
    review_parser.add_argument("--content", type=Path, default=CONTENT_DIR)
    review_parser.add_argument("--signoff", type=Path, default=None,
                               help="the sign-off file (default: $ALL_GUIDE_REVIEW, else "
                                    "the machine-wide review.toml beside site.toml)")
    review_parser.add_argument("--today", help="the date to judge by (YYYY-MM-DD)")
    review_parser.set_defaults(run=_review_status)
    schema_parser = commands.add_parser("schema", help="print the content contract as SQL")
    schema_parser.set_defaults(run=_schema)
    args = parser.parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
