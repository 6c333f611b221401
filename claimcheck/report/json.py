"""JSON: the versioned machine-readable output (schema in the README).

Written document by document, one per line, so a large corpus streams through in constant
memory: `scan` renders each document where it is analysed (`rendered`, in a worker process
under --jobs) and frames them (`chunks`); `render` writes the records of a whole run the same
way.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from claimcheck.model import DocumentResult, InputProblem

from . import records, score
from .build import document as judge


@dataclass(frozen=True)
class Rendered:
    """One document's JSON and what the corpus summary takes from it: all a process that
    analysed the document needs to send back."""

    text: str
    statements: int
    claims: int
    mean: score.Mean


def rendered(result: DocumentResult) -> Rendered:
    """One document judged and rendered (pipeline.stream's `finish` for `scan`)."""
    mean = score.Mean()
    mean.add(result.analyses)
    return Rendered(_text(records.document(judge(result, mean))), len(result.analyses),
                    sum(a.decision.claim for a in result.analyses), mean)


def chunks(items: Iterable[Rendered | InputProblem]) -> Iterator[str]:
    """The JSON of a stream of rendered documents, then the corpus summary and the input
    problems."""
    problems = []
    documents = statements = claims = 0
    corpus = score.Mean()
    yield _head()
    for item in items:
        if isinstance(item, InputProblem):
            problems.append(records.problem(item))
            continue
        yield _separator(documents) + item.text
        documents += 1
        statements += item.statements
        claims += item.claims
        corpus.merge(item.mean)
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
    return _separator(index) + _text(record)


def _separator(index: int) -> str:
    return "\n" if not index else ",\n"


def _text(record: dict) -> str:
    return _dump({name: record[name] for name in records.DOCUMENT_FIELDS if name in record})


def _tail(summary: dict, problems: list[dict]) -> str:
    return f'\n], "summary": {_dump(summary)}, "problems": {_dump(problems)}}}\n'


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def render_findings(run: records.Records) -> str:
    """The findings of `claimcheck check`, active and not."""
    return json.dumps({"schema": records.SCHEMA, "findings": list(run.findings),
                       "summary": run.check}, ensure_ascii=False, indent=1) + "\n"
