"""One projection of results into plain records: JSON, CSV and SARIF all start here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimcheck.evidence.registry import describe_search
from claimcheck.model import (
    Analysis,
    InputProblem,
    Review,
    Source,
    SourceMatch,
    check_worthiness,
)
from claimcheck.report import pagechecks, score
from claimcheck.vocab import MARKETING

if TYPE_CHECKING:
    from claimcheck.gate import Finding, Outcome
    from claimcheck.report.build import DocumentReport

SCHEMA = 1


def risk(analysis: Analysis) -> tuple[int, int, int]:
    """Sort key, worst first: unsourced statistics and safety claims, then the other high
    check-worthiness kinds, then medium and low; within those, the more serious status."""
    kinds = set(analysis.decision.kinds)
    worth = check_worthiness(analysis.decision.kinds)
    band = 0 if kinds & {"statistic", "safety"} else {"high": 1, "medium": 2}.get(worth, 3)
    status = MARKETING.index(analysis.status) if analysis.status in MARKETING else len(MARKETING)
    return band, status, analysis.statement.start


def unsourced_marketing(analyses: tuple[Analysis, ...] | list[Analysis]) -> list[Analysis]:
    """The claims that count as marketing, worst first."""
    return sorted((a for a in analyses if a.decision.claim and a.status in MARKETING), key=risk)


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
    return {"path": result.path, "score": report.score, "grade": report.grade,
            "checks": [page_check(c) for c in report.checks],
            "statements": [statement(a) for a in result.analyses]}


def page_check(item: pagechecks.Check) -> dict:
    return {"name": item.name, "found": item.found, "snippet": item.snippet, "line": item.line}


CSV_COLUMNS = ("document", "line", "id", "text", "status", "derived_status", "verdict",
               "check_worthiness", "kinds", "flags", "attribution", "attribution_text",
               "sources", "score")


def claim_row(path: str, analysis: Analysis) -> dict:
    """One claim as a flat row (CSV)."""
    d, a = analysis.decision, analysis.attribution
    return {
        "document": path, "line": analysis.statement.line, "id": analysis.id,
        "text": analysis.statement.text, "status": analysis.status,
        "derived_status": analysis.derived_status,
        "verdict": analysis.review.verdict if analysis.review else "",
        "check_worthiness": check_worthiness(d.kinds), "kinds": " ".join(d.kinds),
        "flags": " ".join(d.flags), "attribution": a.type, "attribution_text": a.text or "",
        "sources": " ".join(m.id or f"{m.first_author} {m.year}" for m in analysis.sources),
        "score": score.claim(analysis),
    }


def problem(item: InputProblem) -> dict:
    return {"path": item.path, "line": item.line, "message": item.message}


FINDING_FIELDS = ("code", "name", "level", "path", "line", "column", "end_line", "end_column",
                  "message", "claim_id", "text", "baselined", "suppressed")


def finding(item: Finding) -> dict:
    """One finding of `claimcheck check`, active or not."""
    return {name: getattr(item, name) for name in FINDING_FIELDS}


def check_summary(outcome: Outcome) -> dict:
    """How `claimcheck check` ended: documents, pass or fail, findings per level."""
    return {"documents": outcome.documents, "failed": outcome.failed,
            "fail_on": outcome.fail_on,
            **{level: outcome.count(level) for level in ("error", "warning", "info")},
            "baselined": sum(f.baselined for f in outcome.findings),
            "suppressed": sum(f.suppressed for f in outcome.findings)}
