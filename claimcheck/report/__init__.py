"""Renderers: pure functions of the report model, one module per format."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from claimcheck.model import DocumentResult
from claimcheck.registry import Registry

from .build import ReliabilityReport, build

REPORT_FILES = {"index.html": "html", "report.md": "md", "claims.csv": "csv",
                "report.json": "json"}
"""What `claimcheck audit` writes into the reports folder, and in which format."""


def renderer(name: str) -> Callable[[ReliabilityReport], str]:
    """The render function of a format; fails clearly on an unknown one."""
    if name == "json":
        from . import json as module
    elif name == "md":
        from . import markdown as module
    elif name == "html":
        from . import html as module
    elif name == "csv":
        from . import csv as module
    elif name == "table":
        from . import table as module
    else:
        raise ValueError(f"no report format {name!r}")
    return module.render


def render(name: str, results: Sequence[DocumentResult], registry: Registry) -> str:
    return renderer(name)(build(results, registry))


__all__ = ["REPORT_FILES", "ReliabilityReport", "build", "render", "renderer"]
