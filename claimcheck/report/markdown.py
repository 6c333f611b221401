"""Markdown: a report fit for a pull-request comment or an editor's email."""

from __future__ import annotations

import pandas as pd

from claimcheck.model import check_worthiness
from claimcheck.report.pagechecks import CRITERIA
from claimcheck.vocab import SOURCED

from . import records
from .summary import STATUS_ORDER

MAX_TEXT = 160


def render(run: records.Records) -> str:
    out = ["# claimcheck reliability report", ""]
    high = [c for _, c in run.claims() if check_worthiness(c["kinds"]) == "high"]
    share = f"{sum(c['status'] in SOURCED for c in high) / len(high):.0%}" if high else "-"
    totals = run.summary
    out += [f"{totals['documents']} documents, {totals['statements']} statements, "
            f"{totals['claims']} claims. "
            f"Reliability score **{totals['score']:g}/100 ({totals['grade']})**; high "
            f"check-worthiness claims sourced: {share}.", "",
            "Scores: each claim by its status (supported 100, cited 80, bibliography 60, vague 25, "
            "self-reported 20, unverifiable 10, unsourced and contradicted 0), 10 off for hype "
            "and for absolute wording unless a reviewer judged it; documents and the corpus "
            "average their claims weighted by check-worthiness (high 3, medium 2, low 1). "
            "Grades: A >= 85, B >= 70, C >= 55, D >= 40, F below.", "",
            "## Summary", "", _summary(run), ""]
    worst = run.worst(15)
    if worst:
        out += ["## Worst unsourced marketing", "",
                _table([{"document": d["path"], "line": c.get("location") or c["line"], "status": c["status"],
                         "kinds": ", ".join(c["kinds"]), "claim": _short(c["text"])}
                        for d, c in worst]), ""]
    for document in run.documents:
        out += _document(document)
    if run.sources:
        out += ["## References used", "",
                _table([{"source": s["id"], "status": s["status"], "claims": s["claims"],
                         "work": _short(_work(s)), "checked": _short(s["checked"])}
                        for s in run.sources]), ""]
    return "\n".join(out).rstrip() + "\n"


def _summary(run: records.Records) -> str:
    rows = []
    for document in run.documents:
        claims = records.claims(document["statements"])
        counts = {status: 0 for status in STATUS_ORDER}
        for claim in claims:
            counts[claim["status"]] = counts.get(claim["status"], 0) + 1
        row = {"document": document["path"], "score": document["score"],
               "grade": document["grade"], "claims": len(claims)}
        row.update({status: counts[status] for status in STATUS_ORDER})
        row.update({name: "yes" if c["found"] else "no"
                    for name, c in zip(CRITERIA, document["checks"], strict=True)})
        rows.append(row)
    frame = pd.DataFrame(rows)
    empty = [s for s in STATUS_ORDER if not frame[s].any()]
    return _table(frame.drop(columns=empty).to_dict("records"))


def _document(document: dict) -> list[str]:
    statements = document["statements"]
    claims = records.claims(statements)
    out = [f"## {document['path']}", "",
           f"Score **{document['score']:g}/100 ({document['grade']})**, {len(claims)} claims "
           f"in {len(statements)} statements.", ""]
    for check in document["checks"]:
        if check["found"]:
            out.append(f"- {check['name']}: found at line {check['line']}: "
                       f"“{_short(check['snippet'] or '')}”")
        else:
            out.append(f"- {check['name']}: not found")
    out.append("")
    marketing = records.unsourced_marketing(statements)
    if marketing:
        out += ["### Unsourced marketing, worst first", "",
                _table([_row(c) for c in marketing]), ""]
    sourced = [c for c in claims if c["status"] in SOURCED]
    if sourced:
        out += ["### Claims pointing to a source", "", _table([_row(c) for c in sourced]), ""]
    return out


def _row(claim: dict) -> dict:
    evidence = claim["attribution"]["text"] or ""
    tied = ", ".join(records.label(m) for m in claim["sources"])
    review = claim["review"]
    earlier = f"; replaces {len(review['history'])} earlier" if review and review["history"] \
        else ""
    status = claim["status"] + (f" (review{earlier}; derived {claim['derived_status']})"
                                if review else "")
    return {"line": claim.get("location") or claim["line"], "status": status, "score": claim["score"],
            "kinds": ", ".join(claim["kinds"]), "flags": ", ".join(claim["flags"]),
            "claim": _short(claim["text"]),
            "evidence": _short(" -> ".join(filter(None, (evidence, tied))), 80)}


def _work(source: dict) -> str:
    authors = source["authors"]
    parts = [", ".join(authors[:1]) + (" et al." if len(authors) > 1 else ""),
             f"({source['year']})" if source["year"] else "", source["title"] or "",
             source["container"] or ""]
    return " ".join(p for p in parts if p)


def _table(rows: list[dict]) -> str:
    frame = pd.DataFrame(rows)
    frame = frame.map(lambda v: v.replace("|", "\\\\|") if isinstance(v, str) else v)
    return frame.to_markdown(index=False)


def _short(text: str, limit: int = MAX_TEXT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_findings(run: records.Records) -> str:
    """`claimcheck check` as Markdown, for a pull-request comment."""
    s = run.check
    active = records.active(run.findings)
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
