"""The one result of a run (build.py), its one projection into records (records.py), and the
renderers: pure functions of the records, one module per format (formats.py says which
renders what). This file only names what the package offers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from claimcheck.report.build import Result, build
from claimcheck.report.formats import REPORT, Format
from claimcheck.report.formats import renderer as _renderer
from claimcheck.report.records import Records, to_records

if TYPE_CHECKING:
    from claimcheck.incremental import Sections

REPORT_FILES = {"index.html": Format.HTML, "report.md": Format.MD, "claims.csv": Format.CSV,
                "report.json": Format.JSON}
"""What `claimcheck audit` writes into the reports folder, and in which format."""


def renderer(name: str) -> Callable[[Records], str]:
    """The function that renders the records of a run in format `name`."""
    return _renderer(REPORT, name)


def chunks(name: str, run: Records, sections: Sections | None = None) -> Iterator[str]:
    """The report of a run in format `name`, a piece at a time: HTML and JSON are written a
    document at a time, CSV ten thousand claims at a time, so however large the corpus they
    are never in memory whole. `sections`: where the HTML keeps each document's section
    between runs (incremental.Sections)."""
    if name == Format.HTML:
        from claimcheck.report import html

        return html.chunks(run, sections)
    if name == Format.JSON:
        from claimcheck.report import json

        return json.render_chunks(run)
    if name == Format.CSV:
        from claimcheck.report import csv

        return csv.chunks(run)
    return iter((renderer(name)(run),))


__all__ = ["REPORT_FILES", "Format", "Records", "Result", "build", "chunks", "renderer",
           "to_records"]
