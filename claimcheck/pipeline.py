"""The only place that strings the stages together.

paths -> ingest -> detect (segment, claims, attribution, references) -> resolve (link to
evidence, status, ids) -> DocumentResult, one document at a time, so memory stays flat
however large the corpus; `run` judges them all (scores, page checks, the gate's findings)
into the run's one `Result`, and `judged` judges a stream a document at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from claimcheck import catalog, ingest
from claimcheck.config import Config
from claimcheck.detect import attribution, claims, cues, references
from claimcheck.detect.segment import segment
from claimcheck.evidence import link
from claimcheck.evidence.registry import EMPTY, Registry
from claimcheck.model import (
    Analysis,
    Attribution,
    BlockKind,
    Decision,
    Document,
    DocumentResult,
    InputProblem,
    Reference,
    Statement,
    statement_id,
)
from claimcheck.report.build import DocumentReport, Result, build, document


@dataclass(frozen=True)
class Detected:
    """A document after segmentation and detection, before linking to evidence."""

    document: Document
    statements: tuple[Statement, ...]
    decisions: tuple[Decision, ...]
    attributions: tuple[Attribution, ...]
    references: tuple[Reference, ...]


def detect(document: Document, config: Config) -> Detected:
    """Segment, then decide claims, kinds, flags and attributions; parse the reference list."""
    statements = tuple(segment(document))
    hits = cues.scan(statements, config.off_label, config.vocabulary)
    decisions = claims.decide(document, statements, config.off_label, hits, config.vocabulary)
    attributions = attribution.attribute(document, statements, hits, config.vocabulary)
    has_references = any(b.kind is BlockKind.REFERENCE for b in document.blocks)
    entries = references.from_document(document) if has_references else ()
    return Detected(document, statements, tuple(decisions), tuple(attributions), entries)


def resolve(detected: Detected, registry: Registry = EMPTY,
            library: catalog.Library = catalog.EMPTY) -> DocumentResult:
    """Link every claim to its evidence, give it a status and an id, and apply the reviews of
    the claims library: a verdict overrides the derived status, which stays beside it."""
    evidence = link.Evidence.of(detected.references, registry)
    analyses = []
    for statement, decision, pointed in zip(detected.statements, detected.decisions,
                                            detected.attributions, strict=True):
        claim_id = statement_id(statement.text)
        linked = link.link(decision, pointed, evidence, statement.text)
        derived = linked.status if linked else None
        review, match = library.lookup(claim_id, statement.text) if linked else (None, None)
        status = derived
        if review is not None:
            status = catalog.VERDICT_STATUS[review.verdict]
            if status is None:
                decision = _REVIEWED_NOT_A_CLAIM
        analyses.append(Analysis(
            id=claim_id,
            statement=statement,
            decision=decision,
            attribution=linked.attribution if linked else pointed,
            status=status,
            sources=linked.sources if linked else (),
            why=linked.why if linked else None,
            derived_status=derived,
            review=review,
            library=match,
        ))
    document = detected.document
    return DocumentResult(document.path, document.format, tuple(analyses), detected.references,
                          document.text, document.comments, document.origin, document.pages)


_REVIEWED_NOT_A_CLAIM = Decision(False, "reviewed")


def analyse(document: Document, config: Config, registry: Registry = EMPTY,
            library: catalog.Library = catalog.EMPTY) -> DocumentResult:
    """Every statement of one document: claim or not, attribution, evidence status, review."""
    return resolve(detect(document, config), registry, library)


def stream(paths: Iterable[ingest.Input], config: Config, registry: Registry = EMPTY,
           library: catalog.Library = catalog.EMPTY) -> Iterator[DocumentResult | InputProblem]:
    """Results and input problems in input order; each document is dropped once analysed.
    Web addresses are fetched through one cache for the run (config.cache, config.fetch)."""
    fetcher = fetcher_for(config)
    for item in ingest.collect(paths, config.exclude):
        if isinstance(item, InputProblem):
            yield item
            continue
        try:
            document = ingest.read(item, fetcher)
        except ingest.InputError as exc:
            yield exc.problem
            continue
        yield analyse(document, config, registry, library)


def fetcher_for(config: Config) -> ingest.Fetcher:
    """The run's fetcher of web pages (its HTTP session opens on the first address)."""
    return ingest.Fetcher(config.cache, config.fetch, config.contact)


def judged(items: Iterable[DocumentResult | InputProblem],
           ) -> Iterator[DocumentReport | InputProblem]:
    """Each result judged as it comes (score, grade, page checks), for outputs that stream."""
    for item in items:
        yield item if isinstance(item, InputProblem) else document(item)


def run(paths: Iterable[ingest.Input], config: Config, registry: Registry = EMPTY,
        library: catalog.Library = catalog.EMPTY) -> Result:
    """The one result of a run, for callers that need every document at once."""
    return build(stream(paths, config, registry, library), registry)
