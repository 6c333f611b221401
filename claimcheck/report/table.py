"""Terminal tables (rich): the claims of each document, and the corpus summary."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterator

from rich.console import Console
from rich.markup import escape
from rich.segment import Segment, Segments
from rich.table import Table

from claimcheck.model import DocumentResult
from claimcheck.vocab import SOURCED

from . import records, score
from .build import DocumentReport
from .build import document as judge

STATUS_STYLE = {
    "supported": "green", "cited": "green", "bibliography": "cyan", "unverifiable": "bold red",
    "contradicted": "bold red", "vague": "yellow", "self-reported": "magenta",
    "unsourced": "red",
}
_MAX_TEXT = 90


def rendered(result: DocumentResult, *, width: int = 120, color: bool = False) -> str:
    """One document judged and rendered (pipeline.stream's `finish` for `scan`)."""
    return render_document(judge(result), width=width, color=color)


def render_document(judged: DocumentReport, *, width: int = 120, color: bool = False) -> str:
    """The claims of one document (`scan`): unsourced marketing first, worst first, then the
    claims that point to a source."""
    document = records.document(judged)
    path, statements = document["path"], document["statements"]
    claims = records.claims(statements)
    marketing = records.unsourced_marketing(statements)
    sourced = [c for c in claims if c["status"] in SOURCED]
    parts = []
    for title, rows in ((f"{path}: unsourced marketing, worst first", marketing),
                        (f"{path}: claims pointing to a source", sourced)):
        if rows:
            parts.append(_claims_table(title, rows, width, color))
    caption = (f"{path}: {len(claims)} claims in {len(statements)} statements "
               f"({len(marketing)} unsourced marketing, {len(sourced)} pointing to a source)")
    return "".join(parts) + textwrap.fill(caption, width, break_on_hyphens=False) + "\n"


def _claims_table(title: str, rows: list[dict], width: int, color: bool) -> str:
    table = Table(title=escape(title), title_justify="left", expand=False)
    table.add_column(_where(rows), justify="right")
    table.add_column("status")
    table.add_column("kinds")
    table.add_column("flags")
    table.add_column("claim", overflow="fold", ratio=3)
    table.add_column("evidence", overflow="fold", ratio=2)
    for c in rows:
        status = c["status"] or ""
        table.add_row(c.get("location") or str(c["line"]), f"[{STATUS_STYLE.get(status, '')}]{status}[/]",
                      ", ".join(c["kinds"]), ", ".join(c["flags"]), _shorten(c["text"]),
                      _evidence(c))
    return printed(table, width, color)


def _evidence(claim: dict) -> str:
    """The pointer and what it resolved to: "(Smith 2014) -> smith-2014", or candidates."""
    said = claim["attribution"]["text"]
    tied = ", ".join(m["id"] or f"{m['first_author'] or '?'} {m['year'] or ''}".strip()
                     for m in claim["sources"])
    if said and tied:
        return f"{_shorten(said, 40)} -> {tied}"
    return _shorten(said, 60) if said else (f"candidates: {tied}" if tied else "")


def render(run: records.Records, *, width: int = 120, color: bool = False) -> str:
    """The corpus summary, one row per document, then the worst claims."""
    return "".join(chunks(run, width=width, color=color))


def chunks(run: records.Records, *, width: int = 120, color: bool = False) -> Iterator[str]:
    """`render`, LINES lines at a time: the summary of a large corpus is never in memory
    whole as rich's segments (2,400 documents held 130 MB at once)."""
    yield from printed_chunks(_summary(run), width, color)
    yield render_worst(run, width=width, color=color)


def render_summary(run: records.Records, *, width: int = 120, color: bool = False) -> str:
    """One row per document and a total: score and grade, claims by status (those that
    occur), flags, and the share of high check-worthiness claims that are sourced."""
    return printed(_summary(run), width, color)


def _summary(run: records.Records) -> Table:
    from . import summary  # pandas is imported only when a summary is asked for

    frame, high_sourced = summary.per_document(run.documents)
    folder = _common_folder(frame["document"].tolist())
    frame["document"] = [d[len(folder):] for d in frame["document"]]
    table = Table(title=escape(f"claimcheck summary: {folder or './'}"), title_justify="left")
    table.add_column("document", no_wrap=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("stmts", justify="right")
    table.add_column("claims", justify="right")
    table.add_column("claims by evidence status", overflow="fold")
    table.add_column("high sourced", justify="right")
    for values in frame.to_dict("records"):
        table.add_row(escape(values["document"]), score.shown(values["score"], values["grade"]),
                      str(values["statements"]), str(values["claims"]),
                      _by_status(values), _percent(values["high_sourced"]))
    totals = frame[["statements", "claims", *summary.STATUS_ORDER]].sum()
    table.add_row("total", score.shown(run.summary["score"], run.summary["grade"]),
                  str(int(totals["statements"])),
                  str(int(totals["claims"])), _by_status(totals),
                  _percent(high_sourced), style="bold", end_section=True)
    table.caption = "score: 0-100 and grade (README: score formula); high sourced: share of " \
                    "high check-worthiness claims that are supported, cited or in a bibliography"
    return table


def _by_status(counts) -> str:
    from .summary import STATUS_ORDER

    return ", ".join(f"{int(counts[s])} {s}" for s in STATUS_ORDER if counts[s])


def _where(rows: list[dict]) -> str:
    """The place column's name: "line", or "where" when a row is a paragraph or a page."""
    return "where" if any("location" in c for c in rows) else "line"


def render_worst(run: records.Records, *, limit: int = 10, width: int = 120,
                 color: bool = False) -> str:
    worst = run.worst(limit)
    if not worst:
        return ""
    table = Table(title="worst unsourced marketing", title_justify="left")
    table.add_column("document")
    table.add_column(_where([c for _, c in worst]), justify="right")
    table.add_column("status")
    table.add_column("kinds")
    table.add_column("claim", overflow="fold", ratio=3)
    for document, c in worst:
        status = c["status"] or ""
        table.add_row(escape(document["path"].rsplit("/", 1)[-1]), c.get("location") or str(c["line"]),
                      f"[{STATUS_STYLE.get(status, '')}]{status}[/]", ", ".join(c["kinds"]),
                      _shorten(c["text"]))
    return printed(table, width, color)


_HEADERS = {"statements": "stmts", "self-reported": "self", "off_label": "off-label",
            "high_sourced": "high sourced", "bibliography": "biblio",
            "unverifiable": "unverif.", "contradicted": "contra."}


def _common_folder(paths: list[str]) -> str:
    """The folder all paths share, with a trailing slash, or "" when none."""
    folders = [p.rsplit("/", 1)[0] + "/" if "/" in p else "" for p in paths]
    common = folders[0] if folders else ""
    for folder in folders[1:]:
        while not folder.startswith(common):
            common = common.rstrip("/").rpartition("/")[0]
            common = common + "/" if common else ""
    return common


def _percent(value: object) -> str:
    if value is None or value != value:  # None or NaN: no high check-worthiness claims
        return "-"
    return f"{float(value):.0%}"


def _shorten(text: str, limit: int = _MAX_TEXT) -> str:
    """A cell's text: on one line, cut at a word boundary, with rich markup escaped."""
    return escape(records.shorten(text, limit))


def printed(renderable: object, width: int, color: bool) -> str:
    """What rich prints for `renderable` at `width` columns, with colour or without."""
    buffer = io.StringIO()
    _console(buffer, width, color).print(renderable)
    return buffer.getvalue()


LINES = 200
"""Lines of a long table rendered and written at a time."""


def printed_chunks(renderable: object, width: int, color: bool) -> Iterator[str]:
    """`printed`, LINES lines at a time: rich renders a table's rows one after another, so
    the lines are taken as they come and written in batches (the same text)."""
    buffer = io.StringIO()
    console = _console(buffer, width, color)
    batch: list[Segment] = []
    for number, line in enumerate(Segment.split_lines(console.render(renderable)), 1):
        batch += [*line, Segment.line()]
        if number % LINES == 0:
            yield _flushed(console, buffer, batch)
            batch = []
    if batch:
        yield _flushed(console, buffer, batch)


def _flushed(console: Console, buffer: io.StringIO, segments: list[Segment]) -> str:
    console.print(Segments(segments), end="")
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def _console(buffer: io.StringIO, width: int, color: bool) -> Console:
    return Console(file=buffer, width=width, force_terminal=color, no_color=not color,
                   color_system="standard" if color else None, highlight=False, soft_wrap=False)


_LEVEL_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render_findings(run: records.Records, *, width: int = 120, color: bool = False) -> str:
    """`claimcheck check` in the terminal: one row per active finding, then the verdict."""
    parts = []
    active = records.active(run.findings)
    if active:
        table = Table(title="claimcheck check", title_justify="left")
        table.add_column("where", overflow="fold")
        table.add_column("level")
        table.add_column("rule", overflow="fold", ratio=1)
        table.add_column("finding", overflow="fold", ratio=3)
        for f in active:
            table.add_row(escape(f"{f['path']}:{f['line']}:{f['column']}"),
                          f"[{_LEVEL_STYLE[f['level']]}]{f['level']}[/]",
                          f"{f['code']} {f['name']}", escape(records.describe(f, 160)))
        parts.append(printed(table, width, color))
    parts.append(records.verdict(run.check, width))
    return "".join(parts)
