"""What `audit` does around its analysis: its progress bar, what it prints (a piece at a
time), and its answer kept in the cache (claimcheck.incremental.Audits), looked up before it
does anything and kept after an audit that the next audit of the same inputs would
repeat."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from claimcheck import incremental
from claimcheck.catalog import Library, Updated, columns
from claimcheck.config import Config
from claimcheck.evidence.registry import Registry
from claimcheck.report import Records, formats

from .terminal import Color, Terminal, terminal

KEPT_OUTPUT = 1_000_000
"""Most characters of an audit's printed output kept with its answer in the cache (a whole
HTML or JSON report on standard output is printed again by auditing again)."""


class Answers:
    """The cached answers of audits of `files` with `options`; made only for a run that
    `keeps` allows (a cache, no input problem, files only: never a web page)."""

    def __init__(self, cache: Path, settings: Config, registry: Registry, catalog: Path,
                 files: list, options: tuple) -> None:
        self.audits = incremental.Audits(cache)
        self.settings, self.registry, self.catalog = settings, registry, catalog
        self.files, self.options = files, options

    @staticmethod
    def keeps(files: Iterable, no_cache: bool, problems: list) -> bool:
        files = list(files)
        return not no_cache and not problems and bool(files) and all(
            isinstance(f, Path) for f in files)

    def _key(self) -> str | None:
        return self.audits.key(settings=self.settings, registry=self.registry,
                               catalog=self.catalog, inputs=self.files, options=self.options)

    def given(self) -> incremental.Audit | None:
        """The answer of an earlier audit of exactly this, if what it wrote is in place."""
        key = self._key()
        return self.audits.answer(key, self.catalog.resolve().parent) if key else None

    def keep(self, printed: str | None, updated: Updated, before: Library,
             written: list[Path]) -> None:
        """Keep this audit's answer for the next audit of the same inputs, which reads the
        catalogue as this one left it: only when its reviews apply as the ones this audit
        read, nothing was repaired, and what it printed is small enough."""
        if printed is None or updated.merged or not updated.library.applies_as(before):
            return
        key = self._key()
        files = [self.catalog, *columns.parts(columns.folder(self.catalog)), *written]
        stamps = tuple(incremental.stamp(path) for path in files)
        if key is not None and None not in stamps:
            self.audits.put(key, incremental.Audit(printed, stamps, updated.outside))


def printed(pieces: Iterator[str]) -> str | None:
    """Write the pieces to standard output; what was printed, if at most KEPT_OUTPUT."""
    kept, size = [], 0
    for piece in pieces:
        sys.stdout.write(piece)
        size += len(piece)
        if size <= KEPT_OUTPUT:
            kept.append(piece)
    return "".join(kept) if size <= KEPT_OUTPUT else None


def pieces(run: Records, format: str, full: bool, shown_on: Terminal) -> Iterator[str]:
    """What an audit prints: the summary table (for the terminal `shown_on`), the whole
    per-claim Markdown (`full`), or the report in `format`, a piece at a time."""
    from claimcheck import report

    if full:
        from claimcheck.report import markdown

        return iter((markdown.render_full(run),))
    if format == formats.Format.TABLE:
        from claimcheck.report import table

        return table.chunks(run, width=shown_on.table_width, color=shown_on.color)
    return report.chunks(format, run)


def progress(items: Iterator, total: int, quiet: bool, color: Color) -> Iterator:
    """A progress bar on stderr while documents are audited, when stderr is a terminal."""
    if quiet or total < 2 or not sys.stderr.isatty():
        yield from items
        return
    from rich.console import Console
    from rich.progress import Progress

    console = Console(stderr=True, no_color=not terminal(color, sys.stderr).color)
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("auditing", total=total)
        for item in items:
            progress.advance(task)
            yield item
