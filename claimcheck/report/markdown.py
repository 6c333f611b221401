"""Markdown: a report an editor can post as a pull-request comment, and the whole of it.

`render` (reports/report.md, `audit --format md`) is bounded: the summary, the worst
unsourced marketing with its `why` and any reviewer's note, the reviewers' verdicts and the
references used, each entry added only while the whole stays under LIMIT characters (a
GitHub comment holds 65,536), with a count of what was left out and a pointer to the full
report. `render_full` (`audit --format md --full`) has every claim of every document, whole.
"""

from __future__ import annotations

import pandas as pd

from claimcheck.model import check_worthiness
from claimcheck.report.pagechecks import CRITERIA
from claimcheck.vocab import SOURCED

from . import records, score
from .summary import STATUS_ORDER

LIMIT = 60_000
"""report.md is shorter than this for any corpus."""
_CLOSING = 2_000
"""Room kept for the lines that close each section ("... and 12 more")."""
_TEXT, _NOTE, _PATH = 300, 400, 120
"""The longest claim, why or note, and path in the bounded report."""
_WORST, _DOCUMENTS, _REFERENCES = 25, 60, 40
_SCORES = ("Scores: each claim by its status (supported 100, cited 80, bibliography 60, vague "
           "25, self-reported 20, unverifiable 10, unsourced and contradicted 0), 10 off for "
           "hype and for absolute wording unless a reviewer judged it; documents and the "
           "corpus average their claims weighted by check-worthiness (high 3, medium 2, low "
           "1); a text with no claim of high or medium check-worthiness has nothing to "
           "assess. Grades: A >= 85, B >= 70, C >= 55, D >= 40, F below.")


class _Budget:
    """What is left of LIMIT; entries are added while they fit."""

    def __init__(self, limit: int = LIMIT - _CLOSING) -> None:
        self.left = limit

    def fits(self, text: str) -> bool:
        if len(text) + 1 > self.left:
            return False
        self.left -= len(text) + 1
        return True


def render(run: records.Records) -> str:
    """The bounded report: what an editor posts."""
    budget = _Budget()
    out = _head(run) + [
        ("The full report, every claim in its context: `index.html` beside this file (one "
        "self-contained page) and `report.json`; every claim in Markdown: `claimcheck audit "
        "--format md --full`."), "", _SCORES, ""]
    budget.fits("\n".join(out))
    out += _bounded_summary(run, budget)
    out += _bounded("## Worst unsourced marketing", _worst_entries(run), budget,
                    "unsourced claims", run.marketing())
    reviewed = [_verdict(d, c) for d, c in run.claims() if c["review"]]
    out += _bounded("## Reviewers' verdicts", reviewed, budget, "reviewed claims",
                    len(reviewed))
    out += _bounded("## References used", [_reference(s) for s in run.sources[:_REFERENCES]],
                    budget, "references", len(run.sources))
    return "\n".join(out).rstrip() + "\n"


def render_full(run: records.Records) -> str:
    """Every claim of every document, whole, with its why, evidence and review."""
    out = _head(run) + [_SCORES, "", "## Summary", "", _summary_table(run.documents), ""]
    for document in run.documents:
        out += _document(document)
    if run.sources:
        out += ["## References used", ""] + [_reference(s) for s in run.sources] + [""]
    return "\n".join(out).rstrip() + "\n"


def _head(run: records.Records) -> list[str]:
    high = sourced = 0
    for _, claim in run.claims():
        if check_worthiness(claim["kinds"]) == "high":
            high += 1
            sourced += claim["status"] in SOURCED
    share = f"{sourced / high:.0%}" if high else "-"
    totals = run.summary
    return ["# claimcheck reliability report", "",
            (f"{totals['documents']} documents, {totals['statements']} statements, "
            f"{totals['claims']} claims. Reliability score "
            f"**{_score(totals['score'], totals['grade'])}**; high check-worthiness claims "
            f"sourced: {share}."), ""]


def _score(value: float | None, grade: str | None) -> str:
    return score.NOTHING if value is None else f"{value:g}/100 ({grade})"


def _bounded_summary(run: records.Records, budget: _Budget) -> list[str]:
    heading = "## Summary"
    if len(run.documents) > _DOCUMENTS:
        keys = [(d["score"] is None, d["score"] or 0) for d in run.documents]
        lowest = sorted(range(len(keys)), key=keys.__getitem__)[:_DOCUMENTS]
        documents = [run.documents[i] for i in lowest]
        heading += f" (the {_DOCUMENTS} lowest-scoring of {len(run.documents)} documents)"
    else:
        documents = list(run.documents)
    rows = _summary_table(documents, short=True).split("\n")
    kept = [row for row in rows if budget.fits(row)]
    out = [heading, "", *kept]
    if len(kept) < len(rows):
        out.append(f"\n... and {len(rows) - len(kept)} more documents: see index.html")
    return out + [""]


def _bounded(heading: str, entries: list[str], budget: _Budget, what: str,
             total: int) -> list[str]:
    if not entries:
        return []
    kept = []
    for entry in entries:
        if not budget.fits(entry):
            break
        kept.append(entry)
    if not kept:
        return [heading, "", f"{total} {what}: see index.html", ""]
    out = [heading, "", *kept]
    if total > len(kept):
        out.append(f"... and {total - len(kept)} more {what}: see index.html")
    return out + [""]


def _worst_entries(run: records.Records) -> list[str]:
    return [_claim_entry(f"{n}.", d["path"], c, _TEXT)
            for n, (d, c) in enumerate(run.worst(_WORST), start=1)]


def _claim_entry(bullet: str, path: str | None, claim: dict, limit: int | None) -> str:
    """A claim as a list entry: where, status, kinds and flags, the claim, then what it
    credits, why it has its status and the reviewer's note."""
    where = claim.get("location") or f"line {claim['line']}"
    place = f"`{records.shorten(path, _PATH)}` {where}" if path else where
    tags = ", ".join(claim["kinds"]) + (f"; {', '.join(claim['flags'])}" if claim["flags"] else "")
    lines = [f"{bullet} **{claim['status']}** ({tags}) · {place}",
             f"   > {_escape(records.shorten(claim['text'], limit))}"]
    said = claim["attribution"]["text"]
    tied = ", ".join(records.label(m) for m in claim["sources"])
    if said or tied:
        lines.append("   Evidence: " + _escape(records.shorten(
            " -> ".join(filter(None, (f"“{said}”" if said else "", tied))), limit)) + ".")
    if claim["why"]:
        lines.append(f"   Why: {_escape(records.shorten(claim['why'], limit and _NOTE))}")
    review = claim["review"]
    if review:
        lines.append(f"   Review: {_review(review, claim, limit and _NOTE)}")
    return "  \n".join(lines)


def _review(review: dict, claim: dict, limit: int | None) -> str:
    by = ", ".join(v for v in (review["reviewer"], review["date"]) if v)
    note = f": {_escape(records.shorten(review['note'], limit))}" if review["note"] else ""
    earlier = f"; replaces {len(review['history'])} earlier" if review["history"] else ""
    return (f"**{review['verdict']}**" + (f" ({by})" if by else "") + note
            + f" (derived {claim['derived_status']}{earlier})")


def _verdict(document: dict, claim: dict) -> str:
    where = claim.get("location") or f"line {claim['line']}"
    return (f"- `{claim['id']}` `{records.shorten(document['path'], _PATH)}` {where}: "
            f"“{_escape(records.shorten(claim['text'], 160))}”  \n"
            f"  {_review(claim['review'], claim, _NOTE)}")


def _reference(source: dict) -> str:
    return (f"- `{source['id']}` ({source['status']}, {source['claims']} claims): "
            f"{_escape(records.shorten(_work(source), 200))}; checked: "
            f"{_escape(records.shorten(source['checked'], 120))}")


def _summary_table(documents: list[dict], short: bool = False) -> str:
    rows = []
    for document in documents:
        claims = records.claims(document["statements"])
        counts = {status: 0 for status in STATUS_ORDER}
        for claim in claims:
            counts[claim["status"]] = counts.get(claim["status"], 0) + 1
        missing = [name for name, c in zip(CRITERIA, document["checks"], strict=True)
                   if not c["found"]]
        row = {"document": records.shorten(document["path"], _PATH) if short
               else document["path"],
               "score": score.shown(document["score"], document["grade"]),
               "claims": len(claims), **counts,
               "page lacks": ", ".join(missing) or "-"}
        rows.append(row)
    frame = pd.DataFrame(rows)
    if frame.empty:
        return "(no documents)"
    empty = [s for s in STATUS_ORDER if not frame[s].any()]
    return _table(frame.drop(columns=empty))


def _document(document: dict) -> list[str]:
    statements = document["statements"]
    claims = records.claims(statements)
    out = [f"## {document['path']}", "",
           (f"Score **{_score(document['score'], document['grade'])}**, {len(claims)} claims in "
           f"{len(statements)} statements."), ""]
    for check in document["checks"]:
        if check["found"]:
            out.append(f"- {check['name']}: found at line {check['line']}: "
                       f"“{_escape(records.shorten(check['snippet'] or '', 160))}”")
        else:
            out.append(f"- {check['name']}: not found")
    out.append("")
    marketing = records.unsourced_marketing(statements)
    if marketing:
        out += ["### Unsourced marketing, worst first", ""]
        out += [_claim_entry("-", None, c, None) for c in marketing] + [""]
    sourced = [c for c in claims if c["status"] in SOURCED]
    if sourced:
        out += ["### Claims pointing to a source", ""]
        out += [_claim_entry("-", None, c, None) for c in sourced] + [""]
    return out


def _work(source: dict) -> str:
    authors = source["authors"]
    parts = [", ".join(authors[:1]) + (" et al." if len(authors) > 1 else ""),
             f"({source['year']})" if source["year"] else "", source["title"] or "",
             source["container"] or ""]
    return " ".join(p for p in parts if p)


def _table(frame: pd.DataFrame) -> str:
    """A pipe table, cells unpadded (a wide column would otherwise pad every row)."""
    frame = frame.map(lambda v: _escape(v).replace("|", "\\|") if isinstance(v, str) else v)
    return frame.to_markdown(index=False, stralign=None, numalign=None)


def _escape(text: str) -> str:
    """Text that Markdown shows as written: no stray emphasis, HTML or links."""
    return text.replace("\\", "\\\\").replace("<", "&lt;").replace("*", "\\*") \
        .replace("_", "\\_").replace("[", "\\[").replace("`", "\\`")


def render_findings(run: records.Records) -> str:
    """`claimcheck check` as Markdown, for a pull-request comment (bounded like report.md)."""
    s = run.check
    active = records.active(run.findings)
    verdict = "fails" if s["failed"] else "passes"
    out = [f"## claimcheck: the policy {verdict}", "",
           (f"{s['error']} errors, {s['warning']} warnings, {s['info']} notes in "
           f"{s['documents']} documents ({s['baselined']} baselined, "
           f"{s['suppressed']} suppressed)."), ""]
    entries = [f"- `{records.shorten(f['path'], _PATH)}:{f['line']}` **{f['code']}** "
               f"{f['name']} ({f['level']}): {_escape(records.describe(f, 240))}"
               for f in active]
    out += _bounded("### Findings", entries, _Budget(), "findings", len(entries))
    return "\n".join(out).rstrip() + "\n"
