"""The one projection of a run's result into plain records: every format renders from them.

`to_records(result)` gives the statement, document, source and finding records of a whole
run; `scan`, which streams, projects each document with the same `document` as it arrives.
"""

from __future__ import annotations

import heapq
import textwrap
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from claimcheck.evidence.registry import describe_search
from claimcheck.model import (
    Analysis,
    DocumentResult,
    InputProblem,
    Origin,
    Review,
    Source,
    SourceMatch,
    check_worthiness,
)
from claimcheck.report import pagechecks, score
from claimcheck.report.spool import Spool
from claimcheck.vocab import MARKETING

if TYPE_CHECKING:
    from claimcheck.gate import Finding, Outcome
    from claimcheck.report.build import DocumentReport, Result

SCHEMA = 1


def risk(record: dict) -> tuple[int, int, int]:
    """Sort key of a statement record, worst first: unsourced statistics and safety claims,
    then the other high check-worthiness kinds, then medium and low; within those, the more
    serious status."""
    kinds = set(record["kinds"])
    worth = check_worthiness(record["kinds"])
    band = 0 if kinds & {"statistic", "safety"} else {"high": 1, "medium": 2}.get(worth, 3)
    status = record["status"]
    return band, MARKETING.index(status) if status in MARKETING else len(MARKETING), \
        record["start"]


def unsourced_marketing(statements: list[dict]) -> list[dict]:
    """The claims that count as marketing, worst first."""
    return sorted((s for s in statements if s["claim"] and s["status"] in MARKETING), key=risk)


def claims(statements: list[dict]) -> list[dict]:
    return [s for s in statements if s["claim"]]


def statement(analysis: Analysis) -> dict:
    s, d, a = analysis.statement, analysis.decision, analysis.attribution
    return {
        "id": analysis.id,
        "text": s.text,
        "start": s.start,
        "end": s.end,
        "line": s.line,
        "claim": d.claim,
        "reason": d.reason,
        "kinds": list(d.kinds),
        "flags": list(d.flags),
        "attribution": {"type": a.type, "text": a.text, "start": a.start, "end": a.end},
        "status": analysis.status,
        "why": analysis.why,
        "sources": [source(m) for m in analysis.sources],
        "derived_status": analysis.derived_status,
        "review": review(analysis.review),
        "library": ({"id": analysis.library.id, "match": analysis.library.match,
                     "similarity": analysis.library.similarity} if analysis.library else None),
        "score": score.claim(analysis) if d.claim else None,
    }


def checked(item: Source) -> str:
    """How and when a registry source was last checked, in a phrase."""
    if item.search:
        return describe_search(item.search)
    if item.checked_on:
        fields = f" ({', '.join(item.mismatch)} disagree)" if item.mismatch else ""
        return f"{item.status}{fields} per {item.service or 'a service'}, {item.checked_on}"
    if item.verified_on or item.verified_how:
        return "by hand" + (f", {item.verified_on}" if item.verified_on else "")
    return "never"


def review(item: Review | None) -> dict | None:
    if item is None:
        return None
    return {"verdict": item.verdict, "sources": list(item.sources), "note": item.note,
            "reviewer": item.reviewer, "date": item.date,
            "history": [review(past) for past in item.history]}


def source(match: SourceMatch) -> dict:
    return {"id": match.id, "first_author": match.first_author, "year": match.year,
            "title": match.title, "container": match.container, "doi": match.doi,
            "match": match.match, "score": match.score}


def document(report: DocumentReport) -> dict:
    result = report.result
    record = {"path": result.path}
    if result.origin is not None:
        record["fetched"] = fetched(result.origin)
    statements = [statement(a) for a in result.analyses]
    locate = locator(result)
    if locate is not None:
        for item in statements:
            item["location"] = locate(item["start"], item["line"])
    record.update(score=report.score, grade=report.grade,
                  checks=[page_check(c) for c in report.checks], statements=statements)
    return record


def locator(result: DocumentResult) -> Callable[[int, int], str] | None:
    """How a statement's place is said where a line number is not what a reader looks for:
    "paragraph 12" in a Word document (whose text has one line per paragraph), "page 3,
    line 12" in a PDF. None for every other format: the line says it."""
    if result.format == "docx":
        return lambda start, line: f"paragraph {line}"
    if result.pages:
        first_lines = [result.text.count("\n", 0, page) + 1 for page in result.pages]

        def on_page(start: int, line: int) -> str:
            page = bisect_right(result.pages, start)
            return f"page {page}, line {line - first_lines[page - 1] + 1}"

        return on_page
    return None


def fetched(origin: Origin) -> dict:
    """How a web page was fetched: the address asked for, each redirect, the content type."""
    return {"requested": origin.requested, "redirects": list(origin.redirects),
            "content_type": origin.content_type}


def page_check(item: pagechecks.Check) -> dict:
    return {"name": item.name, "found": item.found, "snippet": item.snippet, "line": item.line}


CSV_COLUMNS = ("document", "line", "id", "text", "status", "derived_status", "verdict",
               "check_worthiness", "kinds", "flags", "attribution", "attribution_text",
               "sources", "score")


def claim_row(path: str, record: dict) -> dict:
    """One claim's statement record as a flat row (CSV)."""
    review = record["review"]
    return {
        "document": path, "line": record["line"], "id": record["id"], "text": record["text"],
        "status": record["status"], "derived_status": record["derived_status"],
        "verdict": review["verdict"] if review else "",
        "check_worthiness": check_worthiness(record["kinds"]), "kinds": " ".join(record["kinds"]),
        "flags": " ".join(record["flags"]), "attribution": record["attribution"]["type"],
        "attribution_text": record["attribution"]["text"] or "",
        "sources": " ".join(label(m) for m in record["sources"]),
        "score": record["score"],
    }


def label(source: dict) -> str:
    """A source record in a word: its registry id, else "Author year"."""
    return source["id"] or f"{source['first_author']} {source['year']}"


def problem(item: InputProblem) -> dict:
    return {"path": item.path, "line": item.line, "message": item.message}


FINDING_FIELDS = ("code", "name", "level", "path", "line", "column", "end_line", "end_column",
                  "message", "claim_id", "text", "attribution", "baselined", "suppressed")


def finding(item: Finding) -> dict:
    """One finding of `claimcheck check`, active or not."""
    return {name: getattr(item, name) for name in FINDING_FIELDS}


def describe(finding: dict, limit: int | None = None) -> str:
    """A finding's message naming what it is about: the rule's message, the source the claim
    credits (when it credits one) and the claim. Within `limit` characters (None: whole) the
    claim is cut at a word boundary, and where even that does not fit the rule's advice
    (after its colon) is left out before the claim is. A document's finding is its message."""
    if finding["claim_id"] is None:
        return shorten(finding["message"], limit)
    said = finding["attribution"]
    credits = f"; credits \"{shorten(said, 40 if limit else None)}\"" if said else ""
    message = finding["message"]
    heads = [f"{message}{credits}: ", f"{message.split(':')[0]}{credits}: ",
             f"{credits.removeprefix('; ')}: " if credits else ""]
    head = heads[0] if limit is None else next(
        (h for h in heads if len(h) + _ROOM <= limit), heads[-1])
    room = None if limit is None else max(limit - len(head) - 2, 10)
    return shorten(f"{head}\"{shorten(finding['text'], room)}\"", limit)


_ROOM = 32
"""The claim's least room, in characters, before a finding's message is shortened for it."""


def shorten(text: str, limit: int | None) -> str:
    """`text` on one line, cut at a word boundary with an ellipsis to at most `limit`
    characters (None: whole)."""
    text = " ".join(text.split())
    if limit is None or len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit - 1]
    return cut.rstrip(" ,;:") + "…"


def verdict(check: dict, width: int | None = None) -> str:
    """The last line of `claimcheck check`: passed or failed, and what was counted (wrapped
    at `width` when it is narrower)."""
    line = (f"{'FAILED' if check['failed'] else 'passed'}: {check['error']} errors, "
            f"{check['warning']} warnings, {check['info']} notes in {check['documents']} "
            f"documents ({check['baselined']} baselined, {check['suppressed']} suppressed; "
            f"failing on {check['fail_on']} and above)")
    return (textwrap.fill(line, width) if width and len(line) > width else line) + "\n"


def active(findings: tuple[dict, ...]) -> list[dict]:
    """The finding records that count: neither baselined nor suppressed."""
    return [f for f in findings if not (f["baselined"] or f["suppressed"])]


def check_summary(outcome: Outcome) -> dict:
    """How `claimcheck check` ended: documents, pass or fail, findings per level."""
    return {"documents": outcome.documents, "failed": outcome.failed,
            "fail_on": outcome.fail_on,
            **{level: outcome.count(level) for level in ("error", "warning", "info")},
            "baselined": sum(f.baselined for f in outcome.findings),
            "suppressed": sum(f.suppressed for f in outcome.findings)}


DOCUMENT_FIELDS = ("path", "fetched", "score", "grade", "checks", "statements")
"""What a document record holds in JSON (schema 1; `fetched` only for a web page);
`to_records` adds the text and where each attribution came from for the formats that show
the text."""


@dataclass(frozen=True)
class Records:
    """A run as plain records, in input order."""

    documents: Sequence[dict]
    """In input order; for a run, worked out from the spooled documents on every read."""
    summary: dict
    problems: tuple[dict, ...]
    sources: tuple[dict, ...]
    """The registry sources the claims use, with how many claims each backs."""
    findings: tuple[dict, ...] = ()
    check: dict | None = None
    """How `claimcheck check` ended; None for a run without the gate."""

    def claims(self) -> Iterator[tuple[dict, dict]]:
        """Every claim with its document, in input order."""
        return ((d, s) for d in self.documents for s in claims(d["statements"]))

    def worst(self, limit: int) -> list[tuple[dict, dict]]:
        """The unsourced marketing of the whole run, worst first (as sorting all of it would
        give, holding only `limit` at a time)."""
        return heapq.nsmallest(limit, ((d, s) for d in self.documents
                                       for s in unsourced_marketing(d["statements"])),
                               key=lambda pair: (risk(pair[1]), pair[0]["path"]))

    def marketing(self) -> int:
        """How many claims of the run count as unsourced marketing."""
        return sum(len(unsourced_marketing(d["statements"])) for d in self.documents)


def full_document(report: DocumentReport) -> dict:
    """A document's record with its text and where each attribution came from, for the
    formats that show the text."""
    return {**document(report), "text": report.result.text,
            "inherited": [a.attribution.inherited for a in report.result.analyses]}


def to_records(result: Result) -> Records:
    """The one projection every format of `audit` and `check` renders from."""
    documents: Spool[dict] = Spool()
    statements = claimed = 0
    for report in result.documents:
        documents.append(full_document(report))
        statements += len(report.result.analyses)
        claimed += sum(a.decision.claim for a in report.result.analyses)
    outcome = result.outcome
    return Records(
        documents=documents,
        summary=summary(len(documents), statements, claimed, result.score, result.grade),
        problems=tuple(problem(p) for p in result.problems),
        sources=tuple(used_source(s, n) for s, n in result.sources),
        findings=tuple(finding(f) for f in outcome.findings) if outcome else (),
        check=check_summary(outcome) if outcome else None)


def summary(documents: int, statements: int, claims: int, value: float, grade: str) -> dict:
    return {"documents": documents, "statements": statements, "claims": claims,
            "score": value, "grade": grade}


def used_source(item: Source, claims: int) -> dict:
    """A registry source as the reports list it, with the claims it backs."""
    return {"id": item.id, "status": item.status, "claims": claims, "authors": list(item.authors),
            "year": item.year, "title": item.title, "container": item.container,
            "notes": item.notes, "checked": checked(item)}
