"""HTML: one self-contained page (no network, no CDN): a summary with a chart of statuses per
document, then each document in full with its claims highlighted by status; a click on a
claim shows its attribution, sources, status, why and review; filters by status and kind."""

from __future__ import annotations

from functools import cache
from html import escape

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from claimcheck.model import KINDS
from claimcheck.report.pagechecks import CRITERIA
from claimcheck.vocab import Status

from . import records

STATUSES = (Status.SUPPORTED, Status.CITED, Status.BIBLIOGRAPHY, Status.VAGUE,
            Status.SELF_REPORTED, Status.UNVERIFIABLE, Status.UNSOURCED, Status.CONTRADICTED)
"""The legend's order: from what a reader can trust most to what misleads most."""
COLOURS = {  # Okabe-Ito colour-blind-safe palette; every use also carries a text label
    "supported": "#009E73", "cited": "#56B4E9", "bibliography": "#0072B2", "vague": "#F0E442",
    "self-reported": "#CC79A7", "unverifiable": "#E69F00", "unsourced": "#D55E00",
    "contradicted": "#000000",
}
BAR_WIDTH = 520
LABEL_WIDTH = 290


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("claimcheck.report", "templates"),
                       autoescape=select_autoescape(("html", "j2")), trim_blocks=True,
                       lstrip_blocks=True, keep_trailing_newline=True)


def render(run: records.Records) -> str:
    documents = [_document(index, d) for index, d in enumerate(run.documents)]
    return _environment().get_template("report.html.j2").render(
        run=run, documents=documents, statuses=STATUSES, colours=COLOURS, kinds=KINDS,
        chart=Markup(_chart(documents)), criteria=CRITERIA)


def _document(index: int, document: dict) -> dict:
    claims = [(s, how) for s, how in zip(document["statements"], document["inherited"],
                                          strict=True) if s["claim"]]
    return {"index": index, "record": document, "text": Markup(_highlight(index, document)),
            "claims": [_claim(index, c, how) for c, how in claims],
            "marketing": records.unsourced_marketing(document["statements"]),
            "counts": {s: sum(1 for c, _ in claims if c["status"] == s) for s in STATUSES}}


def _claim(index: int, claim: dict, inherited: str | None) -> dict:
    return {"uid": f"d{index}-{claim['id']}-{claim['start']}", "record": claim,
            "inherited": inherited,
            "sources": [m["id"] or f"{m['first_author'] or '?'} {m['year'] or ''}".strip()
                        + f" ({m['match']}, {m['score']:.2f})" for m in claim["sources"]]}


def _highlight(index: int, document: dict) -> str:
    """The document text, escaped, with each claim wrapped in a focusable mark."""
    text = document["text"]
    out, cursor = [], 0
    for claim in sorted(records.claims(document["statements"]), key=lambda c: c["start"]):
        start, end = claim["start"], claim["end"]
        if start < cursor:
            continue
        uid = f"d{index}-{claim['id']}-{start}"
        status = claim["status"] or "unsourced"
        out.append(escape(text[cursor:start]))
        out.append(
            f'<mark class="claim s-{status}" tabindex="0" role="button" data-uid="{uid}" '
            f'data-status="{status}" data-kinds="{" ".join(claim["kinds"])}" '
            f'title="{escape(status)}: click for details">{escape(text[start:end])}'
            f'<span class="tag">{escape(status)}</span></mark>')
        cursor = end
    out.append(escape(text[cursor:]))
    return "".join(out)


def _chart(documents: list[dict]) -> str:
    """Stacked bars of claims by status, one per document, as inline SVG."""
    rows = [(d["record"]["path"].rsplit("/", 1)[-1], [(s, d["counts"][s]) for s in STATUSES])
            for d in documents]
    widest = max((sum(n for _, n in counts) for _, counts in rows), default=0) or 1
    height = 28 * len(rows) + 10
    parts = [f'<svg class="chart" viewBox="0 0 {LABEL_WIDTH + BAR_WIDTH + 50} {height}" role="img" '
             f'aria-labelledby="chart-title" xmlns="http://www.w3.org/2000/svg">',
             '<title id="chart-title">Claims by evidence status, per document</title>']
    for row, (name, counts) in enumerate(rows):
        y = 10 + row * 28
        parts.append(f'<text x="0" y="{y + 14}" class="label">{escape(name[:44])}</text>')
        x = float(LABEL_WIDTH)
        for status, count in counts:
            if not count:
                continue
            width = BAR_WIDTH * count / widest
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="18" '
                         f'fill="{COLOURS[status]}" stroke="#fff" class="s-{status}">'
                         f'<title>{escape(name)}: {count} {status}</title></rect>')
            x += width
        total = sum(n for _, n in counts)
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 14}" class="label">{total}</text>')
    parts.append("</svg>")
    return "".join(parts)
