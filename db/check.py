"""Validating content sources: every problem as `file:line: message`.

`check_sources` runs every rule over loaded sources and returns the problems; the build
refuses to write a database while any remain.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date

from db.diagram import check_diagram
from db.figures import as_date, check_figures, expand, without_tokens
from db.limits import check_limits
from db.links import (
    MIN_TRUSTED,
    TRUSTED_FAMILIES,
    diagram_link_problem,
    family_of,
    outside_address_problem,
)
from db.problems import Problem
from db.readability import grade_of_body, prose_blocks
from db.render import headings_in, links_in, raw_html_lines
from db.sources import ContentSources, SourceDocument
from desktop_app.core.addresses import AddressError, is_external, parse_address
from desktop_app.core.content_format import AUDIENCES

REQUIRED_FIELDS = ("title", "summary", "section", "audience", "sources", "reviewed",
                   "next_review", "reviewer", "asked")
MIN_ASKED = 3  # questions, in readers' own words, that each page answers
MIN_SOURCES = 2
MAX_GRADE = 8.0
MAX_GRADE_CHILD = 5.0
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EXPLAINER_PARTS = (
    "What it is",
    "Why it is used",
    "How it is given and where",
    "How long it lasts",
    "Common side effects and what helps",
    "When to call your care team straight away",
    "Questions to ask",
)
# a Markdown link whose address markdown-it refuses to make a link (javascript:, file:, …)
_REFUSED_LINK = re.compile(r"\]\(\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
MIN_WORDS_FOR_REPEAT = 6
MAX_RELATED = 4
PAGE_ROUTES = ("article", "treatment")


def check_sources(sources: ContentSources) -> list[Problem]:
    """All problems in the sources, in file order."""
    problems = list(sources.problems)
    problems += check_limits(sources.texts)  # bidi controls, over-long addresses
    problems += _check_sections(sources)
    problems += _check_glossary(sources)
    for document in sources.documents:
        problems += _check_front_matter(document, sources)
        problems += _check_body(document, sources)
    problems += _check_repeated_sentences(sources)
    problems += _check_questions(sources)
    problems += _check_journey(sources)
    problems += _check_synonyms(sources)
    problems += _check_start_here(sources)
    problems += check_figures(sources)
    if sources.diagram is not None:
        problems += check_diagram(
            sources.diagram, lambda href: _link_problem(href, False, sources))
    return sorted(set(problems), key=lambda p: (str(p.path), p.line, p.message))


def _check_sections(sources: ContentSources) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for section in sources.sections:
        where = (section.path, section.line)
        if not ID_PATTERN.match(section.id):
            problems.append(Problem(*where, f"section id {section.id!r} must be kebab-case"))
        if section.id in seen:
            problems.append(Problem(*where, f"section {section.id!r} is listed twice"))
        seen.add(section.id)
        if not section.title.strip() or not section.summary.strip():
            problems.append(Problem(*where, f"section {section.id!r} needs a title and summary"))
    if not sources.sections and not sources.problems:
        problems.append(Problem(sources.root / "sections.yaml", 1, "no sections are listed"))
    return problems


def _check_glossary(sources: ContentSources) -> list[Problem]:
    problems = []
    first_place: dict[str, str] = {}
    for entry in sources.glossary:
        where = (entry.path, entry.line)
        if not ID_PATTERN.match(entry.id):
            problems.append(Problem(*where, f"glossary id {entry.id!r} must be kebab-case"))
        elif entry.id in first_place:
            earlier = first_place[entry.id]
            message = f"glossary id {entry.id!r} is defined twice ({earlier})"
            problems.append(Problem(*where, message))
        else:
            first_place[entry.id] = f"{entry.path.name}:{entry.line}"
        if not entry.term.strip():
            problems.append(Problem(*where, f"glossary entry {entry.id!r} has no term"))
        if not entry.meaning.strip():
            problems.append(Problem(*where, f"glossary entry {entry.id!r} has no meaning"))
    return problems


def _check_front_matter(document: SourceDocument, sources: ContentSources) -> list[Problem]:
    problems = []
    meta = document.meta

    def problem(key: str, message: str) -> None:
        problems.append(Problem(document.path, document.line_of(key), message))

    if not ID_PATTERN.match(document.id):
        problem("title", f"file name {document.path.name!r} must be a kebab-case id")
    for key in REQUIRED_FIELDS:
        if key not in meta or meta[key] in (None, "", []):
            problems.append(Problem(document.path, 1, f"front matter is missing '{key}'"))
    for key in ("title", "summary", "reviewer"):
        if key in meta and not isinstance(meta[key], str):
            problem(key, f"'{key}' must be text")
    if isinstance(meta.get("reviewer"), str) and meta["reviewer"] and not meta["reviewer"].strip():
        problem("reviewer", "'reviewer' must name a role, such as ALL Guide editors")
    section_ids = {section.id for section in sources.sections}
    if meta.get("section") and (not isinstance(meta["section"], str)
                                or meta["section"] not in section_ids):
        problem("section", f"section {meta['section']!r} is not in sections.yaml, so the "
                           "page cannot be reached from the home screen")
    if document.kind == "treatment" and meta.get("section") not in (None, "treatment"):
        problem("section", "treatment explainers belong to section 'treatment'")
    audience = meta.get("audience")
    if audience is not None:
        if not isinstance(audience, list):
            problem("audience", "'audience' must be a list, such as [everyone]")
        else:
            for tag in audience:
                if tag not in AUDIENCES:
                    problem("audience", f"audience {tag!r} is not one of {', '.join(AUDIENCES)}")
    if "order" in meta and not isinstance(meta["order"], int):
        problem("order", "'order' must be a whole number")
    problems += _check_source_list(document, sources)
    problems += _check_related(document, sources)
    problems += _check_asked(document)
    reviewed, due = as_date(meta.get("reviewed")), as_date(meta.get("next_review"))
    for key, value in (("reviewed", reviewed), ("next_review", due)):
        if key in meta and value is None:
            problem(key, f"'{key}' must be a date written YYYY-MM-DD")
    if reviewed and due and due <= reviewed:
        problem("next_review", "'next_review' must come after 'reviewed'")
    if reviewed and reviewed > date.today():
        problem("reviewed", f"'reviewed' is {reviewed.isoformat()}, in the future: write the "
                            "date the page was actually checked")
    return problems


def page_address_problem(href: object, sources: ContentSources) -> str | None:
    """Why `href` is not the address of an article or explainer in the sources, or None."""
    if not isinstance(href, str) or not href.strip():
        return "expected an address such as app:article/<id>"
    try:
        address = parse_address(href)
    except AddressError as error:
        return f"broken address {href!r}: {error}"
    if address.route not in PAGE_ROUTES or not address.target:
        return f"{href!r} is not an app:article/<id> or app:treatment/<id> address"
    if not any(d.kind == address.route and d.id == address.target for d in sources.documents):
        return f"no {address.route} {address.target!r} ({href})"
    return None


def _check_related(document: SourceDocument, sources: ContentSources) -> list[Problem]:
    """`related:` is optional: up to MAX_RELATED pages a reader would want next."""
    if "related" not in document.meta:
        return []
    related, line = document.meta["related"], document.line_of("related")
    if not isinstance(related, list):
        return [Problem(document.path, line, "'related' must be a list of app: addresses")]
    problems = []
    if len(related) > MAX_RELATED:
        problems.append(Problem(document.path, line,
                                f"'related' lists {len(related)} pages; at most {MAX_RELATED}"))
    own = f"app:{document.kind}/{document.id}"
    seen: set[str] = set()
    for href in related:
        message = page_address_problem(href, sources)
        if message is None and href == own:
            message = f"{href!r} is this page itself"
        elif message is None and href in seen:
            message = f"{href!r} is listed twice"
        if message:
            problems.append(Problem(document.path, line, f"related: {message}"))
        seen.add(str(href))
    return problems


def _check_asked(document: SourceDocument) -> list[Problem]:
    """`asked:` holds the questions, in readers' own words, that the page answers."""
    if "asked" not in document.meta:
        return []
    asked, line = document.meta["asked"], document.line_of("asked")
    if not isinstance(asked, list):
        return [Problem(document.path, line, "'asked' must be a list of questions")]
    problems = []
    if len(asked) < MIN_ASKED:
        problems.append(Problem(document.path, line, f"'asked' lists {len(asked)} question(s): "
                                                     f"write at least {MIN_ASKED}"))
    seen: set[str] = set()
    for number, question in enumerate(asked, start=1):
        if not isinstance(question, str) or not question.strip():
            problems.append(Problem(document.path, line, f"asked: question {number} is empty"))
            continue
        if not question.strip().endswith("?"):
            problems.append(Problem(document.path, line,
                                    f"asked: {question[:50]!r} should end with '?'"))
        key = " ".join(question.lower().split())
        if key in seen:
            problems.append(Problem(document.path, line,
                                    f"asked: {question[:50]!r} is listed twice"))
        seen.add(key)
    return problems


def _check_source_list(document: SourceDocument, sources: ContentSources) -> list[Problem]:
    """Sources that hold (https, public, live, no tracking), MIN_TRUSTED of them trusted."""
    listed = document.meta.get("sources")
    line = document.line_of("sources")
    if listed is None:
        return []
    if not isinstance(listed, list):
        return [Problem(document.path, line, "'sources' must be a list of name and url")]
    problems = []
    if len(listed) < MIN_SOURCES:
        problems.append(Problem(document.path, line,
                                f"cite at least {MIN_SOURCES} sources, found {len(listed)}"))
    trusted = 0
    for number, source in enumerate(listed, start=1):
        where = (document.path, document.line_of_item("sources", number - 1))
        if not isinstance(source, dict) or not source.get("name") or not source.get("url"):
            problems.append(Problem(*where, f"source {number} needs a name and a url"))
            continue
        url = str(source["url"]).strip()
        message = outside_address_problem(url, sources.retired_domains)
        if message:
            problems.append(Problem(*where, f"source {number}: {message}"))
        elif family_of(url):
            trusted += 1
    if trusted < MIN_TRUSTED and isinstance(listed, list) and listed:
        families = ", ".join(sorted(set(TRUSTED_FAMILIES.values())))
        problems.append(Problem(document.path, line,
                                f"cite at least {MIN_TRUSTED} good sources from {families}; "
                                f"found {trusted}"))
    return problems


def _check_body(document: SourceDocument, sources: ContentSources) -> list[Problem]:
    problems = []
    offset = document.body_line - 1

    def problem(body_line: int, message: str) -> None:
        problems.append(Problem(document.path, body_line + offset, message))

    for line in raw_html_lines(document.body):
        problem(line, "raw HTML is not allowed; write Markdown")
    for number, text in enumerate(document.body.splitlines(), start=1):
        for match in _REFUSED_LINK.finditer(text):
            scheme = match.group(1).lower()
            if scheme not in {"app", "http", "https", "mailto"}:
                problem(number, f"links to '{scheme}:' addresses are not allowed")
    headings = headings_in(document.body)
    for level, text, line in headings:
        if level == 1:
            problem(line, f"no '# {text}' heading: the app shows the title; use '##'")
    if document.kind == "treatment":
        parts = tuple(text for level, text, _ in headings if level == 2)
        if parts != EXPLAINER_PARTS:
            problem(
                headings[0][2] if headings else 1,
                "an explainer's '##' parts must be, in order: " + "; ".join(EXPLAINER_PARTS),
            )
    for link in links_in(document.body):
        message = _link_problem(link.href, link.is_image, sources)
        if message:
            problem(link.line, message)
    problems += _check_grade(document, sources)
    return problems


def _link_problem(href: str, is_image: bool, sources: ContentSources) -> str | None:
    if is_image:
        return f"image {href!r}: images are not supported in articles yet"
    if is_external(href):
        if href.startswith("mailto:"):
            return None
        if href.startswith(("https:", "http:")):
            problem = outside_address_problem(href, sources.retired_domains)
            return f"link: {problem}" if problem else None
        return f"link {href!r}: only https and mailto addresses may leave the app"
    try:
        address = parse_address(href)
    except AddressError as error:
        return f"broken link: {error}"
    ids = {
        "article": {d.id for d in sources.documents if d.kind == "article"},
        "treatment": {d.id for d in sources.documents if d.kind == "treatment"},
        "section": {s.id for s in sources.sections},
        "glossary": {g.id for g in sources.glossary},
    }
    if address.route == "diagram" and sources.diagram is not None:
        return diagram_link_problem(address, {str(v.get("id")) for v in sources.diagram.views},
                                    {str(c.get("id")) for c in sources.diagram.cells})
    known = ids.get(address.route)
    if known is not None and address.target and address.target not in known:
        kind = "glossary term" if address.route == "glossary" else address.route
        return f"broken link: no {kind} {address.target!r} ({href})"
    return None


def _check_grade(document: SourceDocument, sources: ContentSources) -> list[Problem]:
    """The grade of the body as the reader sees it, figures written out in words."""
    body = expand(document.body, {figure.id: figure for figure in sources.figures})
    if not prose_blocks(body):
        return [Problem(document.path, document.body_line, "the body has no text")]
    audience = document.meta.get("audience") or []
    limit = MAX_GRADE_CHILD if "child" in audience else MAX_GRADE
    grade = grade_of_body(body)
    if grade > limit:
        who = "child articles" if limit == MAX_GRADE_CHILD else "general articles"
        return [
            Problem(
                document.path,
                document.body_line,
                f"reading grade {grade:.1f} is above {limit:.0f} for {who}: "
                "use shorter sentences and common words",
            )
        ]
    return []


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def _check_repeated_sentences(sources: ContentSources) -> list[Problem]:
    """A paragraph sentence of MIN_WORDS_FOR_REPEAT words or more may stand in one document.

    List items are left out: a side effect or a symptom is rightly named the same way in
    several explainers; pasted prose is what this rule is for.
    """
    places: dict[str, list[tuple[SourceDocument, int]]] = defaultdict(list)
    for document in sources.documents:
        for line, text in prose_blocks(without_tokens(document.body), list_items=False):
            for sentence in _sentences(text):
                key = " ".join(re.findall(r"[a-z0-9']+", sentence.lower()))
                if len(key.split()) >= MIN_WORDS_FOR_REPEAT:
                    places[key].append((document, line + document.body_line - 1))
    problems = []
    for key, where in places.items():
        documents = {document.path for document, _ in where}
        if len(documents) < 2:
            continue
        first = where[0][0].path.name
        for document, line in where[1:]:
            if document.path.name != first:
                problems.append(
                    Problem(document.path, line, f"sentence also used in {first}: {key[:60]}…")
                )
    return problems


def _check_questions(sources: ContentSources) -> list[Problem]:
    problems = []
    seen_ids: set[str] = set()
    seen_questions: dict[str, str] = {}
    for question_list in sources.question_lists:
        where = (question_list.path, question_list.line)
        if not ID_PATTERN.match(question_list.id) or question_list.id in seen_ids:
            problems.append(Problem(*where, f"question list id {question_list.id!r} must be "
                                            "kebab-case and used once"))
        seen_ids.add(question_list.id)
        if not question_list.title.strip():
            problems.append(Problem(*where, f"question list {question_list.id!r} has no title"))
        if len(question_list.questions) < 3:
            problems.append(Problem(*where, f"question list {question_list.id!r} needs at least "
                                            "3 questions"))
        for question in question_list.questions:
            key = question.strip().lower()
            if key in seen_questions:
                problems.append(Problem(*where, f"question also in {seen_questions[key]!r}: "
                                                f"{question[:50]}"))
            seen_questions[key] = question_list.id
    return problems


def _check_journey(sources: ContentSources) -> list[Problem]:
    explainers = {d.id for d in sources.documents if d.kind == "treatment"}
    problems = []
    for step in sources.journey:
        where = (step.path, step.line)
        if step.treatment not in explainers:
            problems.append(Problem(*where, f"journey step names no explainer {step.treatment!r}"))
        if not (step.label.strip() and step.text.strip() and step.lane_title.strip()):
            problems.append(Problem(*where, "a journey step needs a label, a text and a lane"))
    return problems


def _check_synonyms(sources: ContentSources) -> list[Problem]:
    problems = []
    first_group: dict[str, int] = {}
    for group in sources.synonyms:
        where = (group.path, group.line)
        if len(group.phrases) < 2:
            problems.append(Problem(*where, "a synonym group needs at least two phrases"))
        for phrase in group.phrases:
            key = " ".join(phrase.lower().split())
            if key in first_group and first_group[key] != group.line:
                problems.append(Problem(*where, f"{phrase!r} is also in the group on line "
                                                f"{first_group[key]}"))
            first_group.setdefault(key, group.line)
    return problems


def _check_start_here(sources: ContentSources) -> list[Problem]:
    """"Just diagnosed? Start here": existing pages, each once, each with a why line."""
    problems = []
    seen: set[str] = set()
    for entry in sources.start_here:
        where = (entry.path, entry.line)
        message = page_address_problem(entry.page, sources)
        if message:
            problems.append(Problem(*where, f"start here: {message}"))
        elif entry.page in seen:
            problems.append(Problem(*where, f"start here: {entry.page!r} is listed twice"))
        seen.add(entry.page)
        if not entry.why:
            problems.append(Problem(*where, f"start here: {entry.page!r} needs a 'why' line"))
    start_file = sources.root / "start-here.yaml"
    if not sources.start_here and start_file.is_file():
        problems.append(Problem(start_file, 1, "start here lists no pages"))
    return problems
