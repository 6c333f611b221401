"""The only place that strings the stages together.

paths -> ingest -> segment -> detect -> link -> DocumentResult, one document at a time, so
memory stays flat however large the corpus.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from claimcheck import ingest, link
from claimcheck.config import Config
from claimcheck.detect import attribution, claims, references
from claimcheck.model import (
    Analysis,
    BlockKind,
    Document,
    DocumentResult,
    InputProblem,
    Report,
    statement_id,
)
from claimcheck.registry import EMPTY, Registry
from claimcheck.segment import segment


def analyse(document: Document, config: Config, registry: Registry = EMPTY) -> DocumentResult:
    """Every statement of one document: claim or not, attribution, evidence status."""
    statements = list(segment(document))
    decisions = claims.decide(document, statements, config.off_label)
    attributions = attribution.attribute(document, statements)
    has_references = any(b.kind is BlockKind.REFERENCE for b in document.blocks)
    entries = references.from_document(document) if has_references else ()
    analyses = []
    for statement, decision, pointed in zip(statements, decisions, attributions, strict=True):
        linked = link.link(decision, pointed, entries, registry, statement.text)
        analyses.append(Analysis(
            id=statement_id(statement.text),
            statement=statement,
            decision=decision,
            attribution=linked.attribution if linked else pointed,
            status=linked.status if linked else None,
            sources=linked.sources if linked else (),
            why=linked.why if linked else None,
        ))
    return DocumentResult(document.path, document.format, tuple(analyses), entries)


def stream(paths: Iterable[Path], config: Config,
           registry: Registry = EMPTY) -> Iterator[DocumentResult | InputProblem]:
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
        yield analyse(document, config, registry)


def run(paths: Iterable[Path], config: Config, registry: Registry = EMPTY) -> Report:
    """The whole report, for callers that need every document at once."""
    documents, problems = [], []
    for item in stream(paths, config, registry):
        (problems if isinstance(item, InputProblem) else documents).append(item)
    return Report(tuple(documents), tuple(problems))
