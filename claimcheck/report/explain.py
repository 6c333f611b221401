"""`claimcheck explain`: the whole story of one claim, as plain text."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from claimcheck.evidence.registry import Registry
from claimcheck.model import Analysis, Document, check_worthiness

CONTEXT_LINES = 3
_SCOPE = {
    "heading": "from the heading or label above, which covers the lines under it until the "
               "next heading of the same or higher level",
    "previous": "from the sentence before, which this one refers back to",
    "quotation": "from the signature of the testimonial whose quotation this sentence opens "
                 "or continues",
}


def render(entry: dict, found: Sequence[tuple[Document, Analysis]], registry: Registry,
           width: int | None = 100) -> str:
    """`entry` is the claim's claims.yaml entry; `found` each place it was analysed again."""
    width = width or 100
    out: list[str] = []

    def say(text: str = "", indent: int = 0) -> None:
        if not text:
            out.append("")
            return
        out.extend(textwrap.wrap(text, width, initial_indent=" " * indent,
                                 subsequent_indent=" " * (indent + 2)) or [""])

    say(f"claim {entry['id']}")
    say(f"“{entry.get('text', '')}”", 2)
    if entry.get("orphaned"):
        say("orphaned: no audited document contains this claim any more", 2)
    if not found:
        say("(not found in its documents now; run `claimcheck audit` to refresh)", 2)
        _review(say, entry)
        return "\n".join(out) + "\n"
    document, analysis = found[0]
    decision = analysis.decision
    kinds = ", ".join(decision.kinds) or "-"
    say(f"kinds: {kinds} ({check_worthiness(decision.kinds)} check-worthiness); "
        f"flags: {', '.join(decision.flags) or '-'}", 2)
    say()
    say("where")
    for doc, item in found:
        say(f"{doc.path}:{item.statement.line}", 2)
        out.extend(_context(doc, item))
    say()
    attribution = analysis.attribution
    say("attribution")
    if attribution.type == "none":
        say("none: the claim points to no evidence", 2)
    else:
        where = ""
        if attribution.start is not None:
            where = f" (line {document.text.count(chr(10), 0, attribution.start) + 1})"
        say(f"{attribution.type}: “{attribution.text}”{where}", 2)
        if attribution.inherited:
            say(_SCOPE[attribution.inherited], 4)
        for pointer in attribution.pointers:
            say(f"points at {pointer.kind} {pointer.value}", 4)
    say()
    say("references")
    if not analysis.sources:
        say("none tied to this claim", 2)
    for match in analysis.sources:
        label = match.id or f"{match.first_author or '?'} {match.year or ''}".strip()
        say(f"{label}: matched by {match.match}, score {match.score:.2f}", 2)
        if match.title:
            say(f"{match.first_author or ''} ({match.year or 'n.d.'}). {match.title}. "
                f"{match.container or ''}".strip(), 4)
        source = registry.get(match.id) if match.id else None
        if source is None:
            say("not in the registry" if match.id is None else "unknown registry id", 4)
            continue
        say(f"registry status: {source.status}"
            + (f"; checked {source.verified_on} ({source.verified_how})" if source.verified_on
               else ""), 4)
        if source.notes:
            say(f"notes: {source.notes}", 4)
    say()
    say("status")
    say(f"{analysis.status or 'not a claim'}: "
        + (f"set by the review ({analysis.review.verdict})" if analysis.review
           else (analysis.why or "")), 2)
    if analysis.review and analysis.derived_status != analysis.status:
        say(f"derived from the evidence: {analysis.derived_status} ({analysis.why})", 2)
    say()
    say("library")
    library = analysis.library
    if library is None:
        say("no reviewed claim matches", 2)
    elif library.match == "exact":
        say("reviewed: its verdict applies wherever these words appear", 2)
    else:
        say(f"{library.match}: resembles reviewed claim {library.id} (similarity "
            f"{library.similarity:.2f}); `claimcheck catalog accept-suggestions` applies its "
            "verdict", 2)
    _review(say, entry)
    return "\n".join(out) + "\n"


def _context(document: Document, analysis: Analysis) -> list[str]:
    lines = document.text.splitlines()
    first = analysis.statement.line
    last = first + analysis.statement.text.count("\n")
    lines_shown = []
    for number in range(max(1, first - CONTEXT_LINES), min(len(lines), last + 2) + 1):
        marker = ">" if first <= number <= last else " "
        lines_shown.append(f"  {marker} {number:4d} | {lines[number - 1]}")
    return lines_shown


def _review(say, entry: dict) -> None:
    say()
    say("review")
    review = entry.get("review")
    if not review:
        say("none yet: `claimcheck review " + entry["id"] + " --verdict ...`", 2)
        return
    say(f"verdict: {review.get('verdict')}"
        + (f"; sources: {', '.join(review.get('sources') or [])}" if review.get("sources") else ""),
        2)
    if review.get("note"):
        say(f"note: {str(review['note']).strip()}", 2)
    by = ", ".join(str(v) for v in (review.get("reviewer"), review.get("date")) if v)
    if by:
        say(f"by: {by}", 2)
    history = review.get("history") or []
    if history:
        say(f"replaces {len(history)} earlier review(s), newest first:", 2)
        for past in reversed(history):
            by = ", ".join(str(v) for v in (past.get("reviewer"), past.get("date")) if v)
            sources = ", ".join(past.get("sources") or [])
            say(f"- {past.get('verdict')}" + (f" ({by})" if by else "")
                + (f"; sources: {sources}" if sources else "")
                + (f"; note: {str(past['note']).strip()}" if past.get("note") else ""), 4)
    changed = entry.get("changed_since_review")
    if changed:
        say(f"the wording changed since the review (was: “{changed.get('previous_text')}”)", 2)
