"""JSON: the versioned machine-readable output (schema in the README).

Written document by document, one per line, so a large corpus streams through in constant
memory; `render` joins the same chunks for callers that want one string.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from claimcheck.model import DocumentResult, InputProblem, Report

from . import records


def chunks(items: Iterable[DocumentResult | InputProblem]) -> Iterator[str]:
    problems = []
    yield f'{{"schema": {records.SCHEMA}, "documents": ['
    first = True
    for item in items:
        if isinstance(item, InputProblem):
            problems.append(records.problem(item))
            continue
        yield ("\n" if first else ",\n") + _dump(records.document(item))
        first = False
    yield f'\n], "problems": {_dump(problems)}}}\n'


def render(report: Report) -> str:
    return "".join(chunks([*report.documents, *report.problems]))


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
