"""Renderers: pure functions of the report model, one module per format (formats.py says
which renders what). This file only names what the package offers."""

from __future__ import annotations

from collections.abc import Callable

from claimcheck.report.build import ReliabilityReport, build
from claimcheck.report.formats import REPORT, Format
from claimcheck.report.formats import renderer as _renderer

REPORT_FILES = {"index.html": Format.HTML, "report.md": Format.MD, "claims.csv": Format.CSV,
                "report.json": Format.JSON}
"""What `claimcheck audit` writes into the reports folder, and in which format."""


def renderer(name: str) -> Callable[[ReliabilityReport], str]:
    """The function that renders the reliability report in format `name`."""
    return _renderer(REPORT, name)


__all__ = ["REPORT_FILES", "Format", "ReliabilityReport", "build", "renderer"]
