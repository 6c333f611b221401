"""One projection of results into plain records: JSON, CSV and SARIF all start here."""

from __future__ import annotations

from claimcheck.model import Analysis, DocumentResult, InputProblem

SCHEMA = 1


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
        "attribution": {"type": a.type, "text": a.text},
        "status": analysis.status,
        "sources": list(analysis.sources),
    }


def document(result: DocumentResult) -> dict:
    return {"path": result.path, "statements": [statement(a) for a in result.analyses]}


def problem(item: InputProblem) -> dict:
    return {"path": item.path, "line": item.line, "message": item.message}
