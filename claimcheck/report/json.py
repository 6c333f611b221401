"""JSON: the versioned machine-readable output (schema in the README).

Written document by document, one per line, so a large corpus streams through in constant
memory; `render` joins the same chunks for callers that want one string.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from claimcheck.gate import Outcome
from claimcheck.model import DocumentResult, InputProblem, Report
from claimcheck.report import score

from . import records
from .build import ReliabilityReport


def chunks(items: Iterable[DocumentResult | InputProblem]) -> Iterator[str]:
    problems = []
    documents = statements = claims = 0
    corpus = score.Mean()
    yield f'{{"schema": {records.SCHEMA}, "documents": ['
    for item in items:
        if isinstance(item, InputProblem):
            problems.append(records.problem(item))
            continue
        yield ("\n" if not documents else ",\n") + _dump(records.document(item))
        documents += 1
        statements += len(item.analyses)
        claims += sum(a.decision.claim for a in item.analyses)
        corpus.add(item.analyses)
    summary = {"documents": documents, "statements": statements, "claims": claims,
               "score": corpus.value, "grade": score.grade(corpus.value)}
    yield f'\n], "summary": {_dump(summary)}, "problems": {_dump(problems)}}}\n'


def render(report: ReliabilityReport | Report) -> str:
    if isinstance(report, Report):
        return "".join(chunks([*report.documents, *report.problems]))
    return "".join(chunks(d.result for d in report.documents))


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def render_findings(outcome: Outcome) -> str:
    """The findings of `claimcheck check`, active and not."""
    findings = [{"code": f.code, "name": f.name, "level": f.level, "path": f.path,
                 "line": f.line, "column": f.column, "end_line": f.end_line,
                 "end_column": f.end_column, "message": f.message, "claim_id": f.claim_id,
                 "text": f.text, "baselined": f.baselined, "suppressed": f.suppressed}
                for f in outcome.findings]
    summary = {"documents": outcome.documents, "failed": outcome.failed,
               "fail_on": outcome.fail_on, **{level: outcome.count(level)
                                              for level in ("error", "warning", "info")},
               "baselined": sum(f.baselined for f in outcome.findings),
               "suppressed": sum(f.suppressed for f in outcome.findings)}
    return json.dumps({"schema": records.SCHEMA, "findings": findings, "summary": summary},
                      ensure_ascii=False, indent=1) + "\n"
