"""Every output format, named once, and the renderer that writes each kind of output in it.

Three kinds of output exist: a stream of documents as they are analysed (`claimcheck scan`),
the reliability report of a corpus (`audit`), and the gate's findings (`check`); the last two
render the records of the run's one result. Each is a dict from `Format` to the module and
function that render it, so a command's choices, its
help and its dispatch all come from here; a renderer is imported only when it is used.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum, StrEnum
from importlib import import_module


class Format(StrEnum):
    TABLE = "table"
    """A terminal table (rich)."""
    CONCISE = "concise"
    """One line per finding, as linters print them."""
    JSON = "json"
    MD = "md"
    HTML = "html"
    CSV = "csv"
    GITHUB = "github"
    """GitHub Actions workflow commands: one annotation per finding."""
    SARIF = "sarif"


STREAM = {Format.TABLE: ("table", "rendered"), Format.JSON: ("json", "rendered")}
"""`scan`: each document rendered where it is analysed (pipeline.stream's `finish`), a table
per document, or its JSON (framed by json.chunks)."""
REPORT = {Format.TABLE: ("table", "render"), Format.JSON: ("json", "render"),
          Format.MD: ("markdown", "render"), Format.HTML: ("html", "render"),
          Format.CSV: ("csv", "render")}
"""`audit`: the reliability report."""
FINDINGS = {Format.CONCISE: ("concise", "render"), Format.GITHUB: ("github", "render"), Format.SARIF: ("sarif", "render"),
            Format.JSON: ("json", "render_findings"), Format.TABLE: ("table", "render_findings"),
            Format.MD: ("markdown", "render_findings")}
"""`check`: the findings, in the order its --format lists them."""


def renderer(kind: dict[Format, tuple[str, str]], fmt: str) -> Callable[..., object]:
    """The function that renders `kind` of output in format `fmt`; an unknown pairing fails
    clearly."""
    try:
        module, function = kind[Format(fmt)]
    except (KeyError, ValueError):
        raise ValueError(f"no such output format {str(fmt)!r} here "
                         f"(have: {', '.join(f.value for f in kind)})") from None
    return getattr(import_module(f"claimcheck.report.{module}"), function)


def choices(name: str, kind: dict[Format, tuple[str, str]], *extra: str) -> type[Enum]:
    """A command's --format choices, as the Enum typer wants: the formats of `kind`, after
    any `extra` choice ("auto")."""
    values = [*extra, *(f.value for f in kind)]
    return Enum(name, {value: value for value in values}, type=str)
