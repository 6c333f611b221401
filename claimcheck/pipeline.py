"""The only place that strings the stages together.

paths -> ingest -> segment -> detect -> link -> DocumentResult, one document at a time, so
memory stays flat however large the corpus.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from claimcheck import ingest
from claimcheck.config import Config
from claimcheck.detect import claims
from claimcheck.model import (
    Analysis,
    BlockKind,
    Document,
    DocumentResult,
    InputProblem,
    Report,
    statement_id,
)
from claimcheck.segment import segment


def analyse(document: Document, config: Config) -> DocumentResult:
    """Every statement of one document, decided."""
    statements = list(segment(document))
    decisions = claims.decide(document, statements, config.off_label)
    has_references = any(b.kind is BlockKind.REFERENCE for b in document.blocks)
    unpointed = "bibliography" if has_references else "unsourced"
    analyses = tuple(
        Analysis(
            id=statement_id(s.text),
            statement=s,
            decision=d,
            status=unpointed if d.claim else None,
        )
        for s, d in zip(statements, decisions, strict=True)
    )
    return DocumentResult(document.path, document.format, analyses)


def stream(paths: Iterable[Path], config: Config) -> Iterator[DocumentResult | InputProblem]:
    """Results and input problems in input order; each document is dropped once analysed."""
    for item in ingest.collect(paths, config.exclude):
        if isinstance(item, InputProblem):
            yield item
            continue
        try:
            document = ingest.read(item)
        except ingest.InputError as exc:
            yield exc.problem
            continue
        yield analyse(document, config)


def run(paths: Iterable[Path], config: Config) -> Report:
    """The whole report, for callers that need every document at once."""
    documents, problems = [], []
    for item in stream(paths, config):
        (problems if isinstance(item, InputProblem) else documents).append(item)
    return Report(tuple(documents), tuple(problems))
