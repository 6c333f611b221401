"""JSON: the versioned machine-readable output (schema in the README).

Written document by document, one per line, so a large corpus streams through in constant
memory: `scan` projects each document as it is analysed (`chunks`); `render` writes the
records of a whole run the same way.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from claimcheck.model import InputProblem

from . import records, score
from .build import DocumentReport


def chunks(items: Iterable[DocumentReport | InputProblem]) -> Iterator[str]:
    """The JSON of a stream of judged documents, then the corpus summary and the input
    problems."""
    problems = []
    documents = statements = claims = 0
    corpus = score.Mean()
    yield _head()
    for item in items:
        if isinstance(item, InputProblem):
            problems.append(records.problem(item))
            continue
        analyses = item.result.analyses
        yield _document(records.document(item), documents)
        documents += 1
        statements += len(analyses)
        claims += sum(a.decision.claim for a in analyses)
        corpus.add(analyses)
    value = corpus.value
    yield _tail(records.summary(documents, statements, claims, value, score.grade(value)),
                problems)


def render(run: records.Records) -> str:
    return "".join(render_chunks(run))


def render_chunks(run: records.Records) -> Iterator[str]:
    """The JSON of a whole run, a document at a time."""
    yield _head()
    for index, document in enumerate(run.documents):
        yield _document(document, index)
    yield _tail(run.summary, list(run.problems))


def _head() -> str:
    return f'{{"schema": {records.SCHEMA}, "documents": ['


def _document(record: dict, index: int) -> str:
    fields = {name: record[name] for name in records.DOCUMENT_FIELDS if name in record}
    return ("\n" if not index else ",\n") + _dump(fields)


def _tail(summary: dict, problems: list[dict]) -> str:
    return f'\n], "summary": {_dump(summary)}, "problems": {_dump(problems)}}}\n'


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def render_findings(run: records.Records) -> str:
    """The findings of `claimcheck check`, active and not."""
    return json.dumps({"schema": records.SCHEMA, "findings": list(run.findings),
                       "summary": run.check}, ensure_ascii=False, indent=1) + "\n"
