"""`claimcheck check` as linters print it: one line per finding,
`path:line:col: CODE [level] message`, then the verdict; or, with --statistics, one line per
rule with its count. Lines are fitted to the terminal's width when there is one."""

from __future__ import annotations

from collections import Counter

from rich.text import Text

from claimcheck.gate import rules

from . import records
from .table import printed

_LEVEL_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_UNFITTED = 300
"""The longest message when the width is not known (a file, a pipe): whole but for the
longest statements."""


def render(run: records.Records, *, width: int | None = None, color: bool = False) -> str:
    """One line per active finding, in document and line order, then the verdict."""
    lines = [_line(f, width) for f in records.active(run.findings)]
    return _styled(lines, width, color) + records.verdict(run.check, width)


def statistics(run: records.Records, *, width: int | None = None, color: bool = False) -> str:
    """One line per rule that fired: count, code, level and name, most frequent first."""
    counts = Counter(f["code"] for f in records.active(run.findings))
    levels = {f["code"]: f["level"] for f in records.active(run.findings)}
    lines = []
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        line = Text(f"{count:>6}  ")
        line.append(code, style="bold")
        line.append("  ")
        line.append(f"[{levels[code]}]".ljust(10), style=_LEVEL_STYLE[levels[code]])
        line.append(f" {rules.get(code).name}")
        lines.append(line)
    return _styled(lines, width, color) + records.verdict(run.check, width)


def counts(run: records.Records) -> list[dict]:
    """--statistics as JSON: a record per rule that fired."""
    found = Counter(f["code"] for f in records.active(run.findings))
    levels = {f["code"]: f["level"] for f in records.active(run.findings)}
    return [{"code": code, "name": rules.get(code).name, "level": levels[code], "count": n}
            for code, n in sorted(found.items(), key=lambda item: (-item[1], item[0]))]


def _line(finding: dict, width: int | None) -> Text:
    where = f"{finding['path']}:{finding['line']}:{finding['column']}:"
    level = f"[{finding['level']}]"
    head = len(where) + len(finding["code"]) + len(level) + 3
    limit = max(width - head, 40) if width else _UNFITTED
    line = Text(where, style="bold")
    line.append(" ")
    line.append(finding["code"], style="bold red" if finding["level"] == "error" else "bold")
    line.append(" ")
    line.append(level, style=_LEVEL_STYLE[finding["level"]])
    line.append(" " + records.describe(finding, limit))
    return line


def _styled(lines: list[Text], width: int | None, color: bool) -> str:
    if not lines:
        return ""
    if not color:
        return "".join(f"{line.plain}\n" for line in lines)
    return printed(Text("\n").join(lines), width or 10_000, color)
