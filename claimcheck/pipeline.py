"""The only place that strings the stages together.

paths -> ingest -> detect (segment, claims, attribution, references) -> resolve (link to
evidence, status, ids) -> DocumentResult, one document at a time, so memory stays flat
however large the corpus; `run` judges them all (scores, page checks, the gate's findings)
into the run's one `Result`; `stream`'s `finish` turns each into what a command writes
where it was analysed.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimcheck import catalog, ingest
from claimcheck.config import Config
from claimcheck.detect import attribution, claims, cues, references
from claimcheck.detect.segment import segment
from claimcheck.evidence import link
from claimcheck.evidence.registry import EMPTY, Registry
from claimcheck.incremental import AnalysisCache
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
from claimcheck.report.build import Result, build

if TYPE_CHECKING:
    from claimcheck.cluster import Dask


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


Finish = Callable[[DocumentResult], Any]
"""What becomes of each result where it was analysed (a worker process, a Dask worker, or
here): `scan` renders its output there, so the process that writes it only writes. It must
pickle (a module's function, or a functools.partial of one)."""


def stream(paths: Iterable[ingest.Input], config: Config, registry: Registry = EMPTY,
           library: catalog.Library = catalog.EMPTY, jobs: int = 1,
           cache: AnalysisCache | None = None, engine: Dask | None = None,
           finish: Finish | None = None) -> Iterator[Any]:
    """Results and input problems in input order; each document is dropped once analysed.
    Web addresses are fetched through one cache for the run (config.cache, config.fetch).
    `jobs` > 1 analyses files in that many processes, the results still in input order and
    the same as one process gives (a single input is analysed here). `cache`: what reading
    and detection made of unchanged documents (claimcheck.incremental). `engine`: analyse on
    a Dask cluster instead (claimcheck.cluster), the results the same. `finish`: each result
    passed through it where it was analysed, and what it returns yielded instead."""
    items = ingest.collect(paths, config.exclude)
    if engine is not None:
        from claimcheck import cluster

        yield from cluster.stream(items, engine, config, registry, library, cache, finish)
        return
    if jobs > 1:
        first = list(itertools.islice(items, 2))
        items = itertools.chain(first, items)
        if sum(not isinstance(i, InputProblem) for i in first) > 1:
            yield from _parallel(items, config, registry, library, jobs, cache, finish)
            return
    fetcher = fetcher_for(config)
    for item in items:
        yield item if isinstance(item, InputProblem) else _read_and_analyse(
            item, fetcher, config, registry, library, cache, finish)


def _read_and_analyse(item: ingest.Input | ingest.Raw, fetcher: ingest.Fetcher | None,
                      config: Config, registry: Registry, library: catalog.Library,
                      cache: AnalysisCache | None, finish: Finish | None = None) -> Any:
    try:
        raw = item if isinstance(item, ingest.Raw) else ingest.load(item, fetcher)
        key = cache.key(raw) if cache is not None else None
        detected = cache.get(key) if key is not None else None
        if detected is None:
            detected = detect(ingest.parse(raw), config)
            if key is not None:
                cache.put(key, detected)
    except ingest.InputError as exc:
        return exc.problem
    result = resolve(detected, registry, library)
    return result if finish is None else finish(result)


_WINDOW = 4
"""Documents in flight per process: enough to keep each busy, few enough to keep memory
flat."""
_worker: tuple[Config, Registry, catalog.Library, AnalysisCache | None, Finish | None] | None = None


def _start_worker(config: Config, registry: Registry, library: catalog.Library,
                  cache: AnalysisCache | None, finish: Finish | None) -> None:
    global _worker
    _worker = (config, registry, library, cache, finish)


def _in_worker(item: Path | ingest.Raw) -> Any:
    assert _worker is not None, "the pool starts each worker with _start_worker"
    return _read_and_analyse(item, None, *_worker)


def _parallel(items: Iterable[ingest.Input | InputProblem], config: Config, registry: Registry,
              library: catalog.Library, jobs: int, cache: AnalysisCache | None,
              finish: Finish | None) -> Iterator[Any]:
    """Files are read and analysed in the workers; standard input and web pages are read
    here (one reader of the terminal, one writer of the page cache) and analysed there."""
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    def ready(entry: Any) -> bool:
        return not isinstance(entry, Future) or entry.done()

    def result(entry: Any) -> Any:
        return entry.result() if isinstance(entry, Future) else entry

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    fetcher: ingest.Fetcher | None = None
    pending: deque = deque()
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method),
                             initializer=_start_worker,
                             initargs=(config, registry, library, cache, finish)) as pool:
        for item in items:
            if isinstance(item, InputProblem):
                pending.append(item)
            elif isinstance(item, Path):
                pending.append(pool.submit(_in_worker, item))
            else:
                fetcher = fetcher or fetcher_for(config)
                try:
                    pending.append(pool.submit(_in_worker, ingest.load(item, fetcher)))
                except ingest.InputError as exc:
                    pending.append(exc.problem)
            while len(pending) > jobs * _WINDOW or (pending and ready(pending[0])):
                yield result(pending.popleft())
        while pending:
            yield result(pending.popleft())


def default_jobs() -> int:
    """The cores this process may run on."""
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def fetcher_for(config: Config) -> ingest.Fetcher:
    """The run's fetcher of web pages (its HTTP session opens on the first address)."""
    return ingest.Fetcher(config.cache, config.fetch, config.contact)


def run(paths: Iterable[ingest.Input], config: Config, registry: Registry = EMPTY,
        library: catalog.Library = catalog.EMPTY) -> Result:
    """The one result of a run, for callers that need every document at once."""
    return build(stream(paths, config, registry, library), registry)
