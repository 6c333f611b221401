"""`claimcheck check`: the rules applied to analysed documents under a policy, with a
baseline, inline suppressions and an optional restriction to lines changed since a git ref.

A finding on a claim already in the baseline catalogue (claims.yaml unless --baseline names
another), or suppressed by a comment, is kept in the outcome but never fails the check.
Suppressions (Markdown and HTML comments):

    <!-- claimcheck-disable-next-line CC201 CC104 -->   the next line (all rules if none named)
    <!-- claimcheck off --> ... <!-- claimcheck on -->  everything between
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from claimcheck.config import Policy
from claimcheck.gate import rules
from claimcheck.model import Analysis, DocumentResult
from claimcheck.report.build import DocumentReport

_DIRECTIVE = re.compile(r"<!--\s*claimcheck[-\s]+(disable-next-line|off|on)\b(.*?)-->",
                        re.IGNORECASE | re.DOTALL)
_CODE = re.compile(r"\bCC\d{3}\b")
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


class GateError(Exception):
    """--diff could not be worked out (no git, not a repository, an unknown ref)."""


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    name: str
    level: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    claim_id: str | None
    text: str
    attribution: str | None = None
    """The words that credit a source ("Yale University Study (2021)"), wherever they sit."""
    baselined: bool = False
    suppressed: bool = False

    @property
    def active(self) -> bool:
        return not (self.baselined or self.suppressed)


@dataclass(frozen=True)
class Outcome:
    findings: tuple[Finding, ...]
    fail_on: str
    documents: int

    @property
    def active(self) -> list[Finding]:
        return [f for f in self.findings if f.active]

    @property
    def failed(self) -> bool:
        floor = rules.LEVELS.index(self.fail_on)
        return any(rules.LEVELS.index(f.level) >= floor for f in self.active)

    def count(self, level: str) -> int:
        return sum(1 for f in self.active if f.level == level)


def override(policy: Policy, select: Iterable[str] = (), ignore: Iterable[str] = (),
             fail_on: str | None = None) -> Policy:
    """The policy with the command line's choices on top: `select` (codes, prefixes or names)
    turns every other rule off and the selected ones on, whatever the configuration disables;
    `ignore` turns rules off; `fail_on` replaces the level that fails. Raises KeyError for a
    selector that names no rule."""
    select, ignore = list(select), list(ignore)
    disabled = policy.disabled
    if select:
        disabled = frozenset(rules.RULES) - rules.expand(select)
    if ignore:
        disabled |= rules.expand(ignore)
    return dataclasses.replace(policy, disabled=disabled, fail_on=fail_on or policy.fail_on)


def evaluate(documents: Iterable[DocumentReport], policy: Policy, baseline: frozenset[str],
             changed: dict[str, set[int] | None] | None = None) -> Outcome:
    """Every finding of every judged document, in document and line order. `changed` (from
    --diff) maps a path to its changed lines, or to None when the whole file is new; findings
    outside them are dropped. A web page has no history in git: all of it counts as new."""
    findings: list[Finding] = []
    count = 0
    for judged in documents:
        count += 1
        result = judged.result
        if changed is not None and result.origin is None and result.path not in changed:
            continue
        lines = changed.get(result.path) if changed is not None else None
        findings.extend(_document(judged, policy, baseline, lines, changed is not None))
    return Outcome(tuple(findings), policy.fail_on, count)


def _document(judged: DocumentReport, policy: Policy, baseline: frozenset[str],
              lines: set[int] | None, diffing: bool) -> list[Finding]:
    result = judged.result
    starts = _line_starts(result.text)
    suppressed = _Suppressions(result, starts)
    found = []
    for analysis in result.analyses:
        if not analysis.decision.claim:
            continue
        statement = analysis.statement
        first, last = statement.line, _line(starts, statement.end)
        if diffing and lines is not None and not lines & set(range(first, last + 1)):
            continue
        for rule in rules.RULES.values():
            level = policy.level(rule.code, rule.level)
            if rule.test is None or level is None or policy.ignores(result.path, rule.code):
                continue
            if rule.test(analysis):
                found.append(_finding(rule, level, result.path, analysis, starts,
                                      analysis.id in baseline,
                                      suppressed.covers(statement.start, rule.code)))
    document_rule = rules.get("CC301")
    level = policy.level("CC301", document_rule.level)
    value = judged.score
    if level and value is not None and value < policy.min_score \
            and not policy.ignores(result.path, "CC301") \
            and not (diffing and lines is not None and 1 not in lines):
        found.append(Finding("CC301", document_rule.name, level, result.path, 1, 1, 1, 1,
                             f"{document_rule.message}: {value:g} ({judged.grade}) < "
                             f"{policy.min_score:g}",
                             None, f"document score {value:g} ({judged.grade})"))
    return sorted(found, key=lambda f: (f.line, f.column, f.code))


def _finding(rule: rules.Rule, level: str, path: str, analysis: Analysis, starts: list[int],
             baselined: bool, suppressed: bool) -> Finding:
    statement = analysis.statement
    end_line = _line(starts, statement.end)
    return Finding(
        code=rule.code, name=rule.name, level=level, path=path, line=statement.line,
        column=statement.start - starts[statement.line - 1] + 1, end_line=end_line,
        end_column=statement.end - starts[end_line - 1] + 1, message=rule.message,
        claim_id=analysis.id, text=statement.text,
        attribution=" ".join(analysis.attribution.text.split()) or None
        if analysis.attribution.text else None,
        baselined=baselined, suppressed=suppressed)


class _Suppressions:
    """Where comments switch rules off: the next line, or a stretch between off and on."""

    def __init__(self, result: DocumentResult, starts: list[int]) -> None:
        comments = list(result.comments) or [(m.start(), m.group()) for m in
                                             _DIRECTIVE.finditer(result.text)]
        statement_starts = sorted(a.statement.start for a in result.analyses)
        self.lines: list[tuple[int, frozenset[str]]] = []
        self.ranges: list[tuple[int, int, frozenset[str]]] = []
        opened: tuple[int, frozenset[str]] | None = None
        for offset, raw in sorted(comments):
            match = _DIRECTIVE.search(raw)
            if match is None:
                continue
            kind, codes = match.group(1).lower(), frozenset(_CODE.findall(match.group(2)))
            end = offset + (len(raw) if not result.comments else 0)
            if kind == "disable-next-line":
                index = bisect_right(statement_starts, end - 1)
                if index < len(statement_starts):
                    self.lines.append((_line(starts, statement_starts[index]), codes))
            elif kind == "off" and opened is None:
                opened = (end, codes)
            elif kind == "on" and opened is not None:
                self.ranges.append((opened[0], offset, opened[1]))
                opened = None
        if opened is not None:
            self.ranges.append((opened[0], len(result.text) + 1, opened[1]))
        self.starts = starts

    def covers(self, offset: int, code: str) -> bool:
        line = _line(self.starts, offset)
        if any(line == n and (not codes or code in codes) for n, codes in self.lines):
            return True
        return any(a <= offset < b and (not codes or code in codes) for a, b, codes in self.ranges)


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer("\n", text))]


def _line(starts: list[int], offset: int) -> int:
    return bisect_right(starts, offset)


def changed_lines(ref: str, paths: Sequence[str]) -> dict[str, set[int] | None]:
    """Lines added or changed since `ref`, per file (git diff, relative to the working
    directory); untracked files count as wholly new (None)."""
    diff = _git(["diff", "--unified=0", "--no-color", "--no-ext-diff", "--relative", ref,
                 "--", *paths])
    changed: dict[str, set[int] | None] = {}
    current: str | None = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            target = line[4:]
            current = None if target == "/dev/null" else target.removeprefix("b/")
            if current is not None:
                changed.setdefault(current, set())
        elif current is not None and (hunk := _HUNK.match(line)):
            start, count = int(hunk.group(1)), int(hunk.group(2) or 1)
            lines = changed[current]
            if lines is not None:
                lines.update(range(start, start + count))
    for path in _git(["ls-files", "--others", "--exclude-standard", "--", *paths]).splitlines():
        changed[path] = None
    return changed


def _git(arguments: list[str]) -> str:
    try:
        done = subprocess.run(["git", *arguments], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise GateError("--diff needs git, which is not installed") from None
    if done.returncode != 0:
        reason = done.stderr.strip().splitlines()[0] if done.stderr.strip() else "git failed"
        raise GateError(f"--diff: {reason}")
    return done.stdout
