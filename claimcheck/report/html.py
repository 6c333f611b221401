"""HTML: one self-contained page (no network, no CDN) that works without JavaScript.

A summary (a bar per document of claims by status, and a table that sorts by any column),
then each document in full: its claims highlighted by status, each a link to its details
(shown by CSS `:target`, so no script is needed), the words that carry an attribution
highlighted too (a heading's "Yale University Study (2021)" as well as "studies show"), and
the worst-first list of unsourced marketing linking to each claim in the text. Scripts only
add filters by status and kind, sorting, and the emphasis of the selected claim's
attribution. Tag colours are the Okabe-Ito palette with black or white text, whichever
meets WCAG AA (4.5:1) on it; a test checks every pair.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from html import escape
from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from claimcheck.model import KINDS
from claimcheck.report.pagechecks import CRITERIA
from claimcheck.vocab import Status

from . import records, score

if TYPE_CHECKING:
    from claimcheck.incremental import Sections

STATUSES = (Status.SUPPORTED, Status.CITED, Status.BIBLIOGRAPHY, Status.VAGUE,
            Status.SELF_REPORTED, Status.UNVERIFIABLE, Status.UNSOURCED, Status.CONTRADICTED)
"""The legend's order: from what a reader can trust most to what misleads most."""
COLOURS = {  # Okabe-Ito colour-blind-safe palette; every use also carries a text label
    "supported": "#009E73", "cited": "#56B4E9", "bibliography": "#0072B2", "vague": "#F0E442",
    "self-reported": "#CC79A7", "unverifiable": "#E69F00", "unsourced": "#D55E00",
    "contradicted": "#000000",
}
AA = 4.5
"""WCAG 2 AA: the least contrast of normal-size text with its background."""
SHORT = {"bibliography": "biblio.", "self-reported": "self-rep.", "unverifiable": "unverif.",
         "contradicted": "contra."}
"""Column headings of the summary table, so it fits a laptop's width."""


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours, 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


TAG_INK = {status: max(("#000000", "#ffffff"), key=lambda ink, c=colour: contrast(ink, c))
           for status, colour in COLOURS.items()}
"""The text colour of each status tag: black or white, whichever contrasts more."""


@cache
def _environment() -> Environment:
    # auto_reload off: the templates are the package's own, and checking each for changes
    # cost a stat() per claim rendered
    return Environment(loader=PackageLoader("claimcheck.report", "templates"),
                       autoescape=select_autoescape(("html", "j2")), trim_blocks=True,
                       lstrip_blocks=True, keep_trailing_newline=True, auto_reload=False)


def render(run: records.Records) -> str:
    return "".join(chunks(run))


def chunks(run: records.Records, sections: Sections | None = None) -> Iterator[str]:
    """The page, a piece at a time: the summary from one small row per document, then each
    document in full, worked out as it is written (so a corpus never is in memory whole).
    `sections`: where each document's section is kept between runs (incremental.Sections),
    so an audit renders only the documents whose record changed."""
    rows = [_row(index, d) for index, d in enumerate(run.documents)]
    shown = [s for s in STATUSES if any(r["counts"][s] for r in rows)] or list(STATUSES)
    widest = max((r["count"] for r in rows), default=0) or 1
    return _environment().get_template("report.html.j2").generate(
        run=run, rows=rows, sections=_sections(run, sections), statuses=STATUSES,
        shown=shown, short=SHORT,
        colours=COLOURS, ink=TAG_INK, kinds=KINDS, widest=widest, criteria=CRITERIA,
        corpus_score=score.shown(run.summary["score"], run.summary["grade"]),
        nothing=score.NOTHING)


def _row(index: int, document: dict) -> dict:
    """What the summary shows of a document."""
    claims = records.claims(document["statements"])
    return {"index": index, "name": _name(document), "count": len(claims),
            "record": {"path": document["path"], "score": document["score"]},
            "score": score.shown(document["score"], document["grade"]),
            "lacks": [c["name"] for c in document["checks"] if not c["found"]],
            "counts": {s: sum(1 for c in claims if c["status"] == s) for s in STATUSES}}


def _name(document: dict) -> str:
    return document["path"].rsplit("/", 1)[-1] or document["path"]


def _sections(run: records.Records, kept: Sections | None) -> Iterator[Markup]:
    """Each document's <section>: from `kept` while its record is what it was rendered from,
    else rendered (and kept)."""
    template = _environment().get_template("document.html.j2")
    for index, document in enumerate(run.documents):
        key = kept.key(str(index), json.dumps(document, ensure_ascii=False, default=repr)) \
            if kept is not None else None
        section = kept.get(key) if key is not None else None
        if section is None:
            section = template.render(doc=_document(index, document))
            if key is not None:
                kept.put(key, section)
        yield Markup(section)


def _document(index: int, document: dict) -> dict:
    pairs = [(s, how) for s, how in zip(document["statements"], document["inherited"],
                                         strict=True) if s["claim"]]
    claims = [_claim(index, c, how) for c, how in pairs]
    return {"index": index, "record": document, "text": Markup(_highlight(index, document)),
            "claims": claims, "name": _name(document),
            "score": score.shown(document["score"], document["grade"]),
            "lacks": [c["name"] for c in document["checks"] if not c["found"]],
            "marketing": [(_uid(index, c), c) for c in
                          records.unsourced_marketing(document["statements"])],
            "counts": {s: sum(1 for c, _ in pairs if c["status"] == s) for s in STATUSES}}


def _uid(index: int, claim: dict) -> str:
    return f"d{index}-{claim['id']}-{claim['start']}"


def _attribution_id(index: int, claim: dict) -> str | None:
    start = claim["attribution"]["start"]
    return f"a{index}-{start}" if start is not None else None


def _claim(index: int, claim: dict, inherited: str | None) -> dict:
    """A claim as the page shows it; its details (claim.html.j2) are rendered once here, as
    the page shows them twice (the dialog a highlight opens, and the list of every claim)."""
    shown = {"uid": _uid(index, claim), "record": claim, "inherited": inherited,
             "attribution_id": _attribution_id(index, claim),
             "sources": [m["id"] or f"{m['first_author'] or '?'} {m['year'] or ''}".strip()
                         + f" ({m['match']}, {m['score']:.2f})" for m in claim["sources"]]}
    shown["details"] = Markup(_environment().get_template("claim.html.j2").render(
        a=claim, claim=shown))
    return shown


def _highlight(index: int, document: dict) -> str:
    """The document text, escaped: each claim a link to its details, and the words that
    carry an attribution (in the claim, a heading above or the sentence before) marked."""
    text = document["text"]
    claims = sorted(records.claims(document["statements"]), key=lambda c: c["start"])
    spans: dict[int, int] = {}
    for claim in claims:
        start, end = claim["attribution"]["start"], claim["attribution"]["end"]
        if start is not None and end is not None and end > start:
            spans[start] = max(end, spans.get(start, end))
    out, cursor = [], 0
    for claim in claims:
        start, end = claim["start"], claim["end"]
        if start < cursor:
            continue
        out.append(_marked(index, text, cursor, start, spans))
        status = claim["status"] or "unsourced"
        uid = _uid(index, claim)
        pointing = _attribution_id(index, claim)
        out.append(
            f'<a class="claim s-{status}" id="c-{uid}" href="#detail-{uid}" '
            f'data-status="{status}" data-kinds="{" ".join(claim["kinds"])}"'
            + (f' data-attribution="{pointing}"' if pointing else "")
            + f' title="{escape(status)}: details">{_marked(index, text, start, end, spans)}'
            f'<span class="tag">{escape(status)}</span></a>')
        cursor = end
    out.append(_marked(index, text, cursor, len(text), spans))
    return "".join(out)


def _marked(index: int, text: str, start: int, end: int, spans: dict[int, int]) -> str:
    """text[start:end], escaped, with the attribution spans that lie wholly inside it
    marked."""
    out, cursor = [], start
    for begin in sorted(b for b in spans if start <= b < end):
        finish = spans[begin]
        if begin < cursor or finish > end:
            continue
        out.append(escape(text[cursor:begin]))
        out.append(f'<mark class="attribution" id="a{index}-{begin}" title="the words that '
                   f'credit a source">{escape(text[begin:finish])}</mark>')
        cursor = finish
    out.append(escape(text[cursor:end]))
    return "".join(out)
