"""`claimcheck sources list` (a rich table) and `claimcheck sources show` (plain text)."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from rich.table import Table

from claimcheck.evidence.registry import describe_search
from claimcheck.model import Source

from .table import printed

STATUS_STYLE = {"verified": "green", "corrected": "yellow", "unverified": "cyan",
                "mismatch": "yellow", "not-found": "bold red", "retracted": "bold red"}


def table(sources: Sequence[Source], *, width: int = 120, color: bool = False) -> str:
    if not sources:
        return "no sources\n"
    grid = Table(title=f"{len(sources)} source(s)", title_justify="left")
    grid.add_column("id", no_wrap=True)
    grid.add_column("status", no_wrap=True)
    grid.add_column("checked", no_wrap=True)
    grid.add_column("work", overflow="fold", ratio=3)
    for source in sources:
        status = source.status + (f" ({', '.join(source.mismatch)})" if source.mismatch else "")
        checked = str(source.checked_on or source.verified_on or "never")
        grid.add_row(source.id, f"[{STATUS_STYLE.get(source.status, '')}]{status}[/]", checked,
                     _work(source))
    return printed(grid, width, color)


def _work(source: Source) -> str:
    head = " ".join(str(p) for p in (source.first_author, source.year) if p)
    parts = [p for p in (head, source.title, source.container) if p]
    ident = source.doi and f"doi {source.doi}" or source.pmid and f"PMID {source.pmid}"
    return ". ".join(parts) + (f" [{ident}]" if ident else "")


def show(source: Source, width: int | None = 100) -> str:
    width = width or 100
    out: list[str] = []

    def say(label: str, value: object) -> None:
        if value in (None, "", ()):
            return
        out.extend(textwrap.wrap(f"{label}: {value}", width, subsequent_indent="    ")
                   or [f"{label}:"])

    say("source", source.id)
    say("type", source.type)
    say("authors", "; ".join(source.authors))
    say("year", source.year)
    say("title", source.title)
    say("container", source.container)
    say("volume/issue/pages", ", ".join(p for p in (source.volume, source.issue, source.pages)
                                         if p))
    say("doi", source.doi)
    say("pmid", source.pmid)
    say("url", source.url)
    status = source.status
    if source.mismatch:
        status += f": {', '.join(source.mismatch)} disagree with the published record"
    say("status", status)
    if source.notice:
        notice = source.notice
        say("notice", " ".join(str(p) for p in (notice.type, notice.doi and f"doi {notice.doi}",
                                                 notice.date and f"of {notice.date}") if p))
    if source.checked_on:
        say("checked", f"{source.checked_on} against {source.service or 'an unknown service'}")
    if source.verified_how:
        say("verified by hand", " ".join(filter(None, (source.verified_how, source.verified_on
                                                       and f"({source.verified_on})"))))
    if source.search:
        say("search", describe_search(source.search))
    say("notes", source.notes)
    return "\n".join(out) + "\n"
