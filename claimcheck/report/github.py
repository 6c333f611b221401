"""GitHub Actions workflow commands: one annotation per finding, on its file and line, naming
the source the claim credits and the claim."""

from __future__ import annotations

from claimcheck.report import records

_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def render(run: records.Records) -> str:
    lines = []
    for f in records.active(run.findings):
        properties = (f"file={_property(f['path'])},line={f['line']},endLine={f['end_line']},"
                      f"col={f['column']},endColumn={f['end_column']},"
                      f"title={_property(f['code'] + ' ' + f['name'])}")
        lines.append(f"::{_COMMAND[f['level']]} {properties}::{_data(records.describe(f))}")
    return "".join(line + "\n" for line in lines)


def _data(value: str) -> str:
    """Escape a message as GitHub's toolkit does (%, CR and LF)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    """Escape a property value (also : and ,)."""
    return _data(value).replace(":", "%3A").replace(",", "%2C")
