"""JSON: the versioned machine-readable output (schema in the README).

Written document by document, one per line, so a large corpus streams through in constant
memory; `render` joins the same chunks for callers that want one string.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from claimcheck.gate import Outcome
from claimcheck.model import DocumentResult, InputProblem
from claimcheck.report import score

from . import records
from .build import DocumentReport, ReliabilityReport, document


def chunks(items: Iterable[DocumentReport | DocumentResult | InputProblem]) -> Iterator[str]:
    """The JSON of a stream of documents (each judged by `build.document` unless it comes
    judged), then the corpus summary and the input problems."""
    problems = []
    documents = statements = claims = 0
    corpus = score.Mean()
    yield f'{{"schema": {records.SCHEMA}, "documents": ['
    for item in items:
        if isinstance(item, InputProblem):
            problems.append(records.problem(item))
            continue
        judged = item if isinstance(item, DocumentReport) else document(item)
        item = judged.result
        yield ("\n" if not documents else ",\n") + _dump(records.document(judged))
        documents += 1
        statements += len(item.analyses)
        claims += sum(a.decision.claim for a in item.analyses)
        corpus.add(item.analyses)
    summary = {"documents": documents, "statements": statements, "claims": claims,
               "score": corpus.value, "grade": score.grade(corpus.value)}
    yield f'\n], "summary": {_dump(summary)}, "problems": {_dump(problems)}}}\n'


def render(report: ReliabilityReport) -> str:
    return "".join(chunks(report.documents))


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def render_findings(outcome: Outcome) -> str:
    """The findings of `claimcheck check`, active and not."""
    return json.dumps({"schema": records.SCHEMA,
                       "findings": [records.finding(f) for f in outcome.findings],
                       "summary": records.check_summary(outcome)},
                      ensure_ascii=False, indent=1) + "\n"
