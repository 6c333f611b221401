"""Markdown: a report fit for a pull-request comment or an editor's email."""

from __future__ import annotations

import pandas as pd

from claimcheck.report import score
from claimcheck.report.pagechecks import CRITERIA
from claimcheck.vocab import SOURCED

from . import records, summary
from .build import DocumentReport, ReliabilityReport

MAX_TEXT = 160


def render(report: ReliabilityReport) -> str:
    out = ["# claimcheck reliability report", ""]
    frame = summary.claims_frame([d.result for d in report.documents])
    high = frame[frame["worth"] == "high"]
    share = f"{high['status'].isin(summary.SOURCED).mean():.0%}" if len(high) else "-"
    statements = sum(len(d.result.analyses) for d in report.documents)
    out += [f"{len(report.documents)} documents, {statements} statements, {len(frame)} claims. "
            f"Reliability score **{report.score:g}/100 ({report.grade})**; high "
            f"check-worthiness claims sourced: {share}.", "",
            "Scores: each claim by its status (supported 100, cited 80, bibliography 60, vague 25, "
            "self-reported 20, unverifiable 10, unsourced and contradicted 0), 10 off for hype "
            "and for absolute wording unless a reviewer judged it; documents and the corpus "
            "average their claims weighted by check-worthiness (high 3, medium 2, low 1). "
            "Grades: A >= 85, B >= 70, C >= 55, D >= 40, F below.", "",
            "## Summary", "", _summary(report), ""]
    worst = report.worst(15)
    if worst:
        out += ["## Worst unsourced marketing", "",
                _table([{"document": d.result.path, "line": a.statement.line,
                         "status": a.status, "kinds": ", ".join(a.decision.kinds),
                         "claim": _short(a.statement.text)} for d, a in worst]), ""]
    for document in report.documents:
        out += _document(document)
    if report.sources:
        out += ["## References used", "",
                _table([{"source": s.id, "status": s.status, "claims": n,
                         "work": _short(_work(s)), "checked": _short(records.checked(s))}
                        for s, n in report.sources]), ""]
    return "\n".join(out).rstrip() + "\n"


def _summary(report: ReliabilityReport) -> str:
    rows = []
    for document in report.documents:
        counts = {status: 0 for status in summary.STATUS_ORDER}
        for analysis in document.claims:
            counts[analysis.status] = counts.get(analysis.status, 0) + 1
        row = {"document": document.result.path, "score": document.score,
               "grade": document.grade, "claims": len(document.claims)}
        row.update({status: counts[status] for status in summary.STATUS_ORDER})
        row.update({name: "yes" if c.found else "no" for name, c in zip(CRITERIA, document.checks)})
        rows.append(row)
    frame = pd.DataFrame(rows)
    empty = [s for s in summary.STATUS_ORDER if not frame[s].any()]
    return _table(frame.drop(columns=empty).to_dict("records"))


def _document(document: DocumentReport) -> list[str]:
    path = document.result.path
    out = [f"## {path}", "",
           f"Score **{document.score:g}/100 ({document.grade})**, {len(document.claims)} claims "
           f"in {len(document.result.analyses)} statements.", ""]
    for check in document.checks:
        if check.found:
            out.append(f"- {check.name}: found at line {check.line}: “{_short(check.snippet or '')}”")
        else:
            out.append(f"- {check.name}: not found")
    out.append("")
    marketing = document.marketing
    if marketing:
        out += ["### Unsourced marketing, worst first", "",
                _table([_row(a) for a in marketing]), ""]
    sourced = [a for a in document.claims if a.status in SOURCED]
    if sourced:
        out += ["### Claims pointing to a source", "", _table([_row(a) for a in sourced]), ""]
    return out


def _row(analysis) -> dict:
    evidence = analysis.attribution.text or ""
    tied = ", ".join(m.id or f"{m.first_author} {m.year}" for m in analysis.sources)
    review = analysis.review
    earlier = f"; replaces {len(review.history)} earlier" if review and review.history else ""
    status = analysis.status + (f" (review{earlier}; derived {analysis.derived_status})"
                                if review else "")
    return {"line": analysis.statement.line, "status": status,
            "score": score.claim(analysis), "kinds": ", ".join(analysis.decision.kinds),
            "flags": ", ".join(analysis.decision.flags), "claim": _short(analysis.statement.text),
            "evidence": _short(" -> ".join(filter(None, (evidence, tied))), 80)}


def _work(source) -> str:
    parts = [", ".join(source.authors[:1]) + (" et al." if len(source.authors) > 1 else ""),
             f"({source.year})" if source.year else "", source.title or "", source.container or ""]
    return " ".join(p for p in parts if p)


def _table(rows: list[dict]) -> str:
    frame = pd.DataFrame(rows)
    frame = frame.map(lambda v: v.replace("|", "\\\\|") if isinstance(v, str) else v)
    return frame.to_markdown(index=False)


def _short(text: str, limit: int = MAX_TEXT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_findings(outcome) -> str:
    """`claimcheck check` as Markdown, for a pull-request comment."""
    s = records.check_summary(outcome)
    active = [records.finding(f) for f in outcome.active]
    verdict = "fails" if s["failed"] else "passes"
    out = [f"## claimcheck: the policy {verdict}", "",
           f"{s['error']} errors, {s['warning']} warnings, {s['info']} notes in "
           f"{s['documents']} documents ({s['baselined']} baselined, "
           f"{s['suppressed']} suppressed).", ""]
    if active:
        out.append(_table([{"file": f"{f['path']}:{f['line']}", "level": f["level"],
                            "rule": f"{f['code']} {f['name']}", "claim": _short(f["text"], 120)}
                           for f in active]))
    return "\n".join(out).rstrip() + "\n"
